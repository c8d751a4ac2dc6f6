// A saved experiment: the settings (as the link spells them), the data the
// twins train on (edited points included) and both twins' snapshots (weights,
// optimiser state, position in the epoch), so that opening it continues
// training exactly where it stopped. Reading a file checks everything a
// damaged or foreign file could get wrong before anything changes; the core
// checks the snapshots field by field when they are restored.

import { inputsOf, parseQuery } from '../settings.js';

export const FORMAT = 'dropout-playground-experiment';
export const VERSION = 1;
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_POINTS = 100000;

/** The JSON text of an experiment. query: toQuery(settings); dataset: the worker's copy; snapshots: [A, B]. */
export function writeExperiment({ query, dataset, snapshots, step, epoch }) {
  const set = (s) => ({ x: Array.from(s?.x ?? []), y: Array.from(s?.y ?? []) });
  return JSON.stringify({
    format: FORMAT,
    version: VERSION,
    saved: new Date().toISOString(),
    query,
    step,
    epoch,
    data: { inputs: dataset.inputs, train: set(dataset.train), validation: set(dataset.validation) },
    twins: snapshots,
  });
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const fail = (why) => ({ ok: false, why });

function readSet(s, inputs, name) {
  if (!isObject(s) || !Array.isArray(s.x) || !Array.isArray(s.y)) return `data.${name} must be { x: [...], y: [...] }`;
  if (s.y.length > MAX_POINTS) return `data.${name} has ${s.y.length} points; at most ${MAX_POINTS}`;
  if (s.x.length !== s.y.length * inputs)
    return `data.${name}.x has ${s.x.length} values for ${s.y.length} points of ${inputs} input${inputs > 1 ? 's' : ''}`;
  const bad = [...s.x, ...s.y].findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) return `data.${name} holds something that is not a finite number`;
  return null;
}

/**
 * Reads an experiment file's text: { ok: true, value: { settings, points, snapshots, step } }
 * or { ok: false, why } saying what is wrong with it.
 */
export function readExperiment(text) {
  if (typeof text !== 'string') return fail('it is not text');
  if (text.length > MAX_FILE_BYTES) return fail(`it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  let o;
  try {
    o = JSON.parse(text);
  } catch (err) {
    return fail(`it is not JSON (${err.message})`);
  }
  if (!isObject(o) || o.format !== FORMAT)
    return fail('it is not an experiment saved by this page (no "format" of ours)');
  if (o.version !== VERSION)
    return fail(`it is of version ${JSON.stringify(o.version)}; this page reads version ${VERSION}`);
  if (typeof o.query !== 'string' || !o.query.startsWith('?')) return fail('its settings ("query") are missing');
  const { settings, problems } = parseQuery(o.query);
  if (problems.length > 0)
    return fail(
      `its settings do not fit this page: ${problems.map((p) => `${p.key}=${p.raw} (must be ${p.why})`).join('; ')}`,
    );
  const d = o.data;
  if (!isObject(d)) return fail('its data ("data") is missing');
  // The width of a row is the dataset's, as the settings name it (datasets.cpp; settings.js DATASETS).
  const inputs = inputsOf(settings.dataset);
  if (d.inputs !== inputs)
    return fail(
      `its data has ${JSON.stringify(d.inputs)} inputs per point; the ${settings.dataset} dataset has ${inputs}`,
    );
  for (const name of ['train', 'validation']) {
    const why = readSet(d[name], d.inputs, name);
    if (why) return fail(why);
  }
  if (d.train.y.length === 0) return fail('its data has no training point');
  if (!Array.isArray(o.twins) || o.twins.length !== 2 || !o.twins.every(isObject))
    return fail('it must hold two networks ("twins": [A, B])');
  return {
    ok: true,
    value: {
      settings,
      points: { train: d.train, validation: d.validation },
      inputs: d.inputs,
      snapshots: o.twins,
      step: Number.isInteger(o.step) ? o.step : null,
    },
  };
}

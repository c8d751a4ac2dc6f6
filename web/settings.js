// Every setting of the playground: its URL key, default, allowed values, and
// whether changing it needs a fresh pair of networks. Pure functions only, so
// node can test them.
//
// "rate" is always the probability of DROPPING a unit (as in Keras/PyTorch),
// here, in the URL and in the UI.
//
// Defaults follow the dataset: each dataset's lesson (dataset-lessons.js)
// sets the data, network and training settings under which its claim was
// measured, and how many steps the lesson trains before pausing (`stop`).

import { lessonSettings } from './dataset-lessons.js';
import { checkEncoding } from './data-edit.js';

export const DATASETS = [
  { id: 'circle', label: 'Circle', task: 'binary', inputs: 2 },
  { id: 'xor', label: 'XOR', task: 'binary', inputs: 2 },
  { id: 'gaussians', label: 'Two Gaussians', task: 'binary', inputs: 2 },
  { id: 'spiral', label: 'Spiral', task: 'binary', inputs: 2 },
  { id: 'moons', label: 'Moons', task: 'binary', inputs: 2 },
  { id: 'blobs3', label: 'Three blobs (3 classes)', task: 'multiclass', inputs: 2 },
  { id: 'sine', label: 'Sine (1-D regression)', task: 'regression', inputs: 1 },
  { id: 'plane', label: 'Plane (2-D regression)', task: 'regression', inputs: 2 },
  { id: 'tabular20', label: "20 features (the lesson's Keras example)", task: 'binary', inputs: 20 },
];

/** How many input features a dataset has (its entry in DATASETS; 2 if unknown). */
export const inputsOf = (id) => DATASETS.find((d) => d.id === id)?.inputs ?? 2;

export const RATE_MAX = 0.9;
// The rate slider of "Where dropout applies" (web/families/) stops here.
export const FAMILY_RATE_MAX = 0.7;
// The 'average' training view: how many thinned networks it averages.
export const THINNED_AVERAGE_COUNT = 16;
export const MAX_LAYERS = 6;
export const UNIT_CHOICES = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * A frozen table without a prototype: keys from a URL ("constructor",
 * "__proto__", ...) find nothing in it but its own entries.
 */
const table = (entries) => Object.freeze(Object.assign(Object.create(null), entries));

/** obj[key] if key is obj's own property (never something inherited from Object.prototype). */
export const own = (obj, key) => (Object.hasOwn(obj, key) ? obj[key] : undefined);

// Speeds: minibatch steps per frame, or one step every `intervalMs` (slow motion).
export const SPEEDS = table({
  slow: { label: 'Slow motion (1 step / 0.7 s)', steps: 1, intervalMs: 700 },
  step1: { label: 'Steady (1 step / frame)', steps: 1, intervalMs: 0 },
  normal: { label: 'Normal (4 steps / frame)', steps: 4, intervalMs: 0 },
  fast: { label: 'Fast (16 steps / frame)', steps: 16, intervalMs: 0 },
  turbo: { label: 'Turbo (64 steps / frame)', steps: 64, intervalMs: 0 },
});

const int = (min, max) => ({ type: 'int', min, max });
const num = (min, max, step) => ({ type: 'number', min, max, step });
const oneOf = (...values) => ({ type: 'choice', values });

/**
 * The schema. `reset`: changing it builds new networks (same seed: same
 * start); otherwise the change is sent to the running networks.
 * `group`: the control group, also a name usable in `hide=`.
 */
export const SCHEMA = table({
  // data
  dataset: { group: 'data', def: 'circle', reset: true, ...oneOf(...DATASETS.map((d) => d.id)) },
  noise: { group: 'data', def: 0.5, reset: true, ...num(0, 1, 0.05) },
  points: { group: 'data', def: 60, reset: true, ...int(10, 400) },
  val: { group: 'data', def: 0.5, reset: true, ...num(0.1, 0.9, 0.05) },
  dataSeed: { group: 'data', def: 29, reset: true, ...int(0, 999999) },
  // Points added or removed by clicking (data-edit.js), when few enough for a link; '' for the seeded ones.
  edits: { group: 'data', def: '', reset: false, type: 'points' },
  // network
  layers: { group: 'network', def: [64, 64], reset: true, type: 'units' },
  act: {
    group: 'network',
    def: 'relu',
    reset: true,
    ...oneOf('relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear', 'selu'),
  },
  seed: { group: 'network', def: 1, reset: true, ...int(0, 999999) },
  // dropout
  rate: { group: 'dropout', def: [0, 0.5, 0.5], reset: false, type: 'rates' },
  rateB: { group: 'dropout', def: 0, reset: false, ...num(0, RATE_MAX, 0.05) },
  kind: { group: 'dropout', def: 'bernoulli', reset: true, ...oneOf('bernoulli', 'gaussian', 'alpha', 'dropconnect') },
  mode: { group: 'dropout', def: 'inverted', reset: true, ...oneOf('inverted', 'original') },
  maskPer: { group: 'dropout', def: 'example', reset: true, ...oneOf('example', 'batch', 'epoch') },
  // training
  opt: { group: 'training', def: 'adam', reset: true, ...oneOf('adam', 'momentum', 'sgd') },
  lr: { group: 'training', def: 0.01, reset: false, ...oneOf(0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1) },
  batch: { group: 'training', def: 16, reset: false, ...oneOf(1, 2, 4, 8, 16, 32, 64, 128) },
  l1: { group: 'training', def: 0, reset: false, ...oneOf(0, 0.00001, 0.0001, 0.001, 0.01, 0.1) },
  l2: { group: 'training', def: 0, reset: false, ...oneOf(0, 0.00001, 0.0001, 0.001, 0.01, 0.1) },
  maxNorm: { group: 'training', def: 0, reset: false, ...oneOf(0, 0.5, 1, 2, 3, 4) },
  momentum: { group: 'training', def: 0.9, reset: false, ...oneOf(0, 0.5, 0.9, 0.95, 0.99) },
  // Training pauses at this step (0: never): the length at which the lesson's claim was measured.
  stop: { group: 'training', def: 500, reset: false, ...oneOf(0, 100, 200, 300, 500, 800, 1200, 2000, 3000, 5000) },
  // The rate sweep ("Which rate?"): steps per network (0: the lesson's length) and network seeds per rate.
  sweepSteps: { group: 'sweep', def: 0, reset: false, ...oneOf(0, 200, 500, 1000, 2000, 5000) },
  sweepSeeds: { group: 'sweep', def: 3, reset: false, ...oneOf(1, 2, 3, 5) },
  // view
  speed: { group: 'view', def: 'normal', reset: false, ...oneOf(...Object.keys(SPEEDS)) },
  // Beside each inference boundary: nothing, one thinned network, or the
  // average of THINNED_AVERAGE_COUNT. Old links said thinned=1 / thinned=0.
  thinned: {
    group: 'view',
    def: 'off',
    reset: false,
    ...oneOf('off', 'one', 'average'),
    aliases: table({ 0: 'off', false: 'off', 1: 'one', true: 'one' }),
  },
  // Monte-Carlo uncertainty over twin A's boundary: the number of passes, 0 for off.
  uncertainty: { group: 'view', def: 0, reset: false, ...oneOf(0, 8, 32, 128) },
  diagram: { group: 'view', def: 'training', reset: false, ...oneOf('training', 'inference') },
  // Which twin the network diagram shows: A (the dropout settings) or B.
  diagramTwin: { group: 'view', def: 'A', reset: false, ...oneOf('A', 'B') },
  // The guided lesson's card (web/lessons/guided-lessons.js): 0 for none.
  lesson: { group: 'view', def: 0, reset: false, ...int(0, 11) },
  hide: { group: 'view', def: [], reset: false, type: 'names' },
  // "Where dropout applies" (web/families/): the tab shown, and each tab's rate
  // (its preset's by default: families-presets.js, where the claims were measured).
  family: { group: 'families', def: 'cnn', reset: false, ...oneOf('cnn', 'rnn', 'sines') },
  cnnRate: { group: 'families', def: 0.5, reset: false, ...num(0, FAMILY_RATE_MAX, 0.05) },
  rnnRate: { group: 'families', def: 0.25, reset: false, ...num(0, FAMILY_RATE_MAX, 0.05) },
  sinesRate: { group: 'families', def: 0.25, reset: false, ...num(0, FAMILY_RATE_MAX, 0.05) },
});

export const KEYS = Object.keys(SCHEMA);

const BASE = Object.freeze(Object.fromEntries(KEYS.map((k) => [k, SCHEMA[k].def])));

/** Every setting's default when this dataset is chosen: the base, with the dataset's lesson over it. */
export const defaultsFor = (dataset) => Object.freeze({ ...BASE, dataset, ...lessonSettings(dataset) });

/** The defaults of the page: the first dataset's lesson. */
export const DEFAULTS = defaultsFor(BASE.dataset);

/**
 * The names hide= knows: every setting, every group, a few longer aliases,
 * and the parts of the page that are no setting (intro: its title, lede and
 * footer; lessons: the What to try panel). In the page, data-hide="..." marks
 * what each name hides; hiddenNames() says what a list stands for.
 */
export const HIDE_ALIASES = table({
  validation: 'val',
  regenerate: 'dataSeed',
  activation: 'act',
  compare: 'rateB',
  optimizer: 'opt',
  learningRate: 'lr',
  batchSize: 'batch',
});
export const GROUPS = Object.freeze([...new Set(KEYS.map((k) => SCHEMA[k].group))]);
export const HIDE_NAMES = Object.freeze([
  ...new Set([
    ...KEYS.filter((k) => k !== 'hide'),
    ...GROUPS,
    ...Object.keys(HIDE_ALIASES),
    'intro',
    'lessons',
    'ensemble',
    'coadapt',
    'share',
    'code',
    'families',
  ]),
]);

/** Every name a hide= list hides: its names, their aliases, and each setting of a hidden group. */
export function hiddenNames(names) {
  const out = new Set();
  for (const name of names) {
    out.add(name);
    const key = own(HIDE_ALIASES, name);
    if (key) out.add(key);
    for (const k of KEYS) if (SCHEMA[k].group === name) out.add(k);
  }
  for (const [alias, key] of Object.entries(HIDE_ALIASES)) if (out.has(key)) out.add(alias);
  return out;
}

export function datasetInfo(id) {
  return DATASETS.find((d) => d.id === id) ?? DATASETS[0];
}

const roundTo = (x, step) => Number((Math.round(x / step) * step).toFixed(6));
const isNumber = (s) => /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(s);

/** Parses one URL value; returns { ok, value } or { ok: false, why }. */
function parseValue(spec, raw) {
  switch (spec.type) {
    case 'int': {
      const v = Number(raw);
      if (!/^\d+$/.test(raw) || v < spec.min || v > spec.max)
        return { ok: false, why: `a whole number ${spec.min}–${spec.max}` };
      return { ok: true, value: v };
    }
    case 'number': {
      const v = Number(raw);
      if (!isNumber(raw) || v < spec.min || v > spec.max) return { ok: false, why: `a number ${spec.min}–${spec.max}` };
      return { ok: true, value: roundTo(v, spec.step) };
    }
    case 'choice': {
      if (spec.aliases && Object.hasOwn(spec.aliases, raw)) return { ok: true, value: spec.aliases[raw] };
      const found = spec.values.find(
        (v) => String(v) === raw || (typeof v === 'number' && isNumber(raw) && Number(raw) === v),
      );
      if (found === undefined) return { ok: false, why: `one of ${spec.values.join(', ')}` };
      return { ok: true, value: found };
    }
    case 'units': {
      const parts = raw === '' ? [] : raw.split(',');
      const values = parts.map(Number);
      if (parts.length > MAX_LAYERS || !parts.every((p, i) => /^\d+$/.test(p) && UNIT_CHOICES.includes(values[i]))) {
        return { ok: false, why: `up to ${MAX_LAYERS} comma-separated unit counts from ${UNIT_CHOICES.join(', ')}` };
      }
      return { ok: true, value: values };
    }
    case 'rates': {
      const parts = raw.split(',');
      if (!parts.every((p) => isNumber(p) && Number(p) >= 0 && Number(p) <= RATE_MAX)) {
        return { ok: false, why: `comma-separated dropout rates 0–${RATE_MAX}` };
      }
      return { ok: true, value: parts.map((p) => roundTo(Number(p), 0.05)) };
    }
    case 'points': {
      const r = checkEncoding(raw);
      return r.ok ? { ok: true, value: raw } : r;
    }
    case 'names': {
      const names = [...new Set(raw.split(',').filter(Boolean))];
      const unknown = names.filter((n) => !HIDE_NAMES.includes(n));
      const value = names.filter((n) => HIDE_NAMES.includes(n));
      if (unknown.length === 0) return { ok: true, value };
      const quoted = unknown.slice(0, 3).map((n) => JSON.stringify(n.length > 24 ? `${n.slice(0, 24)}…` : n));
      const list = `${quoted.join(', ')}${unknown.length > 3 ? ', …' : ''}`;
      const why = `names of parts of this page: ${list} ${unknown.length > 1 ? 'are' : 'is'} not; the names are ${HIDE_NAMES.join(', ')}`;
      return { ok: false, why, value };
    }
    default:
      throw new Error(`settings: unknown type ${spec.type}`);
  }
}

/**
 * Reads settings from a query string. Anything invalid falls back to its
 * default and is listed in `problems` (for a visible notice). A repeated key:
 * its last valid value counts; the others are problems too. Each problem is
 * { key, raw, why, used }, `used` being what the key now holds as a URL value
 * (null for keys that are not settings), and `usedDefault` whether that is
 * the default.
 */
export function parseQuery(search) {
  const q = new URLSearchParams(search);
  // The dataset comes first: its lesson gives the defaults of everything the link leaves out.
  let dataset = DEFAULTS.dataset;
  for (const raw of q.getAll('dataset')) {
    const r = parseValue(SCHEMA.dataset, raw);
    if (r.ok) dataset = r.value;
  }
  const defaults = defaultsFor(dataset);
  const settings = { ...defaults };
  const problems = [];
  const counted = Object.create(null); // key -> { raw }: the value that counts so far
  for (const [key, raw] of q) {
    const spec = own(SCHEMA, key);
    if (!spec) {
      problems.push({ key, raw, why: 'not a setting of this page' });
      continue;
    }
    const r = parseValue(spec, raw);
    if (r.value !== undefined) {
      if (Object.hasOwn(counted, key) && counted[key].raw !== raw) {
        problems.push({ key, raw: counted[key].raw, why: 'repeated: the last valid value counts' });
      }
      settings[key] = r.value;
      counted[key] = { raw };
    }
    if (!r.ok) problems.push({ key, raw, why: `must be ${r.why}` });
  }
  // One dropout rate per site: the inputs, then each hidden layer.
  if (settings.rate.length !== settings.layers.length + 1) {
    if (Object.hasOwn(counted, 'rate'))
      problems.push({
        key: 'rate',
        raw: counted.rate.raw,
        why: `needs ${settings.layers.length + 1} rates: inputs, then each hidden layer`,
      });
    settings.rate = fitRates(settings.rate, settings.layers.length, defaults.rate[1]);
  }
  for (const p of problems) {
    const spec = own(SCHEMA, p.key);
    p.used = spec ? formatValue(spec, settings[p.key]) : null;
    p.usedDefault = spec ? p.used === formatValue(spec, defaults[p.key]) : false;
  }
  return { settings: Object.freeze(settings), problems };
}

/** Reads one setting as a control holds it (the same rules as the URL): { ok, value } or { ok: false, why }. */
export function parseSetting(key, raw) {
  const spec = own(SCHEMA, key);
  if (!spec) return { ok: false, why: 'a setting of this page' };
  return parseValue(spec, String(raw));
}

/** Rates resized to [input, ...one per hidden layer]: new layers get `fill`. */
export function fitRates(rates, layerCount, fill = 0.5) {
  const out = [rates[0] ?? 0];
  for (let i = 0; i < layerCount; i++) out.push(rates[i + 1] ?? fill);
  return out;
}

function formatValue(spec, v) {
  switch (spec.type) {
    case 'units':
    case 'names':
      return v.join(',');
    case 'rates':
      return v.map((r) => String(r)).join(',');
    default:
      return String(v);
  }
}

/** The query string that reproduces these settings (every key, `hide` only if used). */
export function toQuery(settings) {
  const q = new URLSearchParams();
  for (const key of KEYS) {
    if ((key === 'hide' && settings.hide.length === 0) || (key === 'edits' && settings.edits === '')) continue;
    q.set(key, formatValue(SCHEMA[key], settings[key]));
  }
  return `?${q.toString().replace(/%2C/g, ',')}`;
}

/** Did any setting that needs new networks change? */
export const needsReset = (changed) => changed.some((k) => own(SCHEMA, k)?.reset);

/** Dropout rates of twin B: rateB on every hidden layer, none on the inputs. */
export const ratesB = (s) => [0, ...s.layers.map(() => s.rateB)];

/** Both twins' network specs (everything but inputs/task, which come from the data). */
export function twinSpecs(s) {
  const common = {
    layers: s.layers,
    activation: s.act,
    kind: s.kind,
    dropoutMode: s.mode,
    maskPer: s.maskPer,
    optimizer: s.opt,
    learningRate: s.lr,
    momentum: s.momentum,
    batchSize: s.batch,
    l1: s.l1,
    l2: s.l2,
    maxNorm: s.maxNorm,
    seed: s.seed,
  };
  return [
    { ...common, rates: s.rate },
    { ...common, rates: ratesB(s) },
  ];
}

/** The settings net.update() can change live, for one twin. */
export function liveUpdate(s, twin) {
  return {
    learningRate: s.lr,
    momentum: s.momentum,
    batchSize: s.batch,
    l1: s.l1,
    l2: s.l2,
    maxNorm: s.maxNorm,
    rates: twin === 0 ? s.rate : ratesB(s),
  };
}

/** The dataset spec for makeDataset. */
export const datasetSpec = (s) => ({
  name: s.dataset,
  points: s.points,
  noise: s.noise,
  validation: s.val,
  seed: s.dataSeed,
});

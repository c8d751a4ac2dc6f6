// Shared by the code generator's tests (tests/js/code-gen*.test.mjs): the cases (every
// dataset's lesson and variations of it), the data's shape from the core, what every
// generated file must say whatever the library, and the Python found on this machine.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule } from './load-module.mjs';
import { DATASETS, datasetSpec, defaultsFor, fitRates, parseQuery } from '../../web/settings.js';
import { kerasCode, pytorchCode } from '../../web/code/code-gen.js';

export const dp = await loadModule();

/** The data as the page makes it: shape and split counts. */
export function coreShape(s) {
  const d = dp.makeDataset(datasetSpec(s));
  return {
    name: d.name,
    task: d.task,
    inputs: d.inputs,
    outputs: d.outputs,
    classes: d.classes,
    trainCount: d.train.count,
    validationCount: d.validation.count,
  };
}

/** Settings: a dataset's lesson with some keys changed (rates refitted when the layers change). */
export function variant(dataset, over = {}) {
  const s = { ...defaultsFor(dataset), ...over };
  if (s.rate.length !== s.layers.length + 1) s.rate = fitRates(s.rate, s.layers.length, 0.5);
  return s;
}

export const CASES = [
  ...DATASETS.map((d) => ({ name: `lesson ${d.id}`, settings: variant(d.id) })),
  ...['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear', 'selu'].map((act) => ({
    name: `act ${act}`,
    settings: variant('moons', { act }),
  })),
  ...['bernoulli', 'gaussian', 'alpha', 'dropconnect'].flatMap((kind) =>
    ['inverted', 'original'].map((mode) => ({
      name: `${kind} ${mode}, input rate`,
      settings: variant('circle', { kind, mode, rate: [0.2, 0.5, 0.3] }),
    })),
  ),
  ...['batch', 'epoch'].flatMap((maskPer) =>
    ['bernoulli', 'gaussian', 'alpha', 'dropconnect'].map((kind) => ({
      name: `mask per ${maskPer}, ${kind}`,
      settings: variant('xor', { maskPer, kind, rate: [0.1, 0.3, 0.3] }),
    })),
  ),
  { name: 'alpha with selu', settings: variant('spiral', { kind: 'alpha', act: 'selu', rate: [0.1, 0.1, 0.2] }) },
  { name: 'adam', settings: variant('gaussians', { opt: 'adam', lr: 0.0003 }) },
  { name: 'momentum', settings: variant('gaussians', { opt: 'momentum', lr: 0.1, momentum: 0.95 }) },
  { name: 'momentum 0', settings: variant('gaussians', { opt: 'momentum', lr: 0.03, momentum: 0 }) },
  { name: 'sgd', settings: variant('gaussians', { opt: 'sgd', lr: 1 }) },
  { name: 'l1 only', settings: variant('circle', { l1: 0.00001 }) },
  { name: 'l2 only', settings: variant('circle', { l2: 0.01 }) },
  { name: 'l1, l2 and max-norm', settings: variant('blobs3', { l1: 0.001, l2: 0.1, maxNorm: 0.5 }) },
  { name: 'max-norm only', settings: variant('plane', { maxNorm: 3 }) },
  { name: 'no hidden layer', settings: variant('circle', { layers: [], rate: [0.3] }) },
  { name: 'no hidden layer, no dropout', settings: variant('sine', { layers: [], rate: [0] }) },
  { name: 'one layer', settings: variant('sine', { layers: [8], rate: [0, 0.2], kind: 'gaussian' }) },
  {
    name: 'six layers, mixed rates',
    settings: variant('moons', {
      layers: [256, 128, 64, 32, 16, 4],
      rate: [0.1, 0.5, 0, 0.25, 0.9, 0, 0.05],
      act: 'tanh',
    }),
  },
  { name: 'twin B with dropout', settings: variant('circle', { rateB: 0.3 }) },
  { name: 'twin B with dropconnect', settings: variant('blobs3', { rateB: 0.15, kind: 'dropconnect' }) },
  { name: 'no dropout at all', settings: variant('circle', { rate: [0, 0, 0], rateB: 0 }) },
  { name: 'no stop', settings: variant('xor', { stop: 0 }) },
  { name: 'batch 1', settings: variant('gaussians', { batch: 1 }) },
  { name: 'batch 128, many points', settings: variant('moons', { batch: 128, points: 400, val: 0.1 }) },
  { name: 'uneven epochs', settings: variant('xor', { batch: 8, stop: 100, points: 60, val: 0.35 }) },
];

// ------------------------------------------------------------ expectations

export const ratesOf = (s, twin) => (twin === 'A' ? s.rate : [0, ...s.layers.map(() => s.rateB)]);
export const siteKind = (s, site) => (site === 0 && s.kind === 'alpha' ? 'bernoulli' : s.kind);
export const trainingSteps = (s, text) => (s.stop > 0 ? s.stop : Number(/^STEPS = (\d+)$/m.exec(text)?.[1]));

export function expectedLength(s, shape, text) {
  const batch = Math.min(s.batch, shape.trainCount);
  const perEpoch = Math.ceil(shape.trainCount / batch);
  const steps = trainingSteps(s, text);
  return { batch, steps, epochs: Math.ceil(steps / perEpoch) };
}

export const num = (re, text, what) => {
  const m = re.exec(text);
  assert.ok(m, `${what} not found`);
  return Number(m[1]);
};

export function checkCommon(text, s, shape, lib) {
  assert.match(text, /probability of DROPPING a unit/, `${lib}: the comment on rate / p`);
  assert.match(text, /PLACEHOLDER/, `${lib}: the data placeholder is announced`);
  const query = /^# Page settings: (\?\S+)$/m.exec(text)?.[1];
  assert.ok(query, `${lib}: the page settings line`);
  const back = parseQuery(query);
  assert.deepEqual(back.problems, [], `${lib}: the query parses cleanly`);
  for (const key of [
    'dataset',
    'noise',
    'points',
    'val',
    'dataSeed',
    'layers',
    'act',
    'seed',
    'rate',
    'rateB',
    'kind',
    'mode',
    'maskPer',
    'opt',
    'lr',
    'batch',
    'l1',
    'l2',
    'maxNorm',
    'momentum',
    'stop',
  ]) {
    assert.deepEqual(back.settings[key], s[key], `${lib}: the query reproduces ${key}`);
  }
  assert.equal(num(/^INPUTS = (\d+)$/m, text, 'INPUTS'), shape.inputs, `${lib}: inputs`);
  const split = /^N_TRAIN, N_VAL = (\d+), (\d+)$/m.exec(text);
  assert.ok(split, `${lib}: N_TRAIN, N_VAL`);
  assert.deepEqual([Number(split[1]), Number(split[2])], [shape.trainCount, shape.validationCount], `${lib}: split`);
  const length = expectedLength(s, shape, text);
  assert.ok(length.steps > 0, `${lib}: STEPS`);
  assert.equal(num(/^BATCH_SIZE = (\d+)/m, text, 'BATCH_SIZE'), length.batch, `${lib}: batch size`);
  assert.equal(num(/^EPOCHS = (\d+)$/m, text, 'EPOCHS'), length.epochs, `${lib}: epochs from ${length.steps} steps`);
  if (shape.task === 'multiclass') assert.equal(num(/^CLASSES = (\d+)$/m, text, 'CLASSES'), shape.classes);
  const twinRates = (name) => JSON.parse(new RegExp(`^${name} = build_twin\\((\\[[^\\]]*\\])\\)`, 'm').exec(text)[1]);
  assert.deepEqual(twinRates('twin_a'), s.rate, `${lib}: twin A's rates`);
  assert.deepEqual(twinRates('twin_b'), ratesOf(s, 'B'), `${lib}: twin B's rates`);
  return { rates: { A: twinRates('twin_a'), B: twinRates('twin_b') } };
}

/** The body of build_twin: the lines between its def and the next top-level line. */
export function buildBody(text) {
  const m = /^def build_twin\(rates\):\n([\s\S]*?)\n(?=\S)/m.exec(text);
  assert.ok(m, 'def build_twin(rates) not found');
  return m[1];
}

/** The regexes' matches in text order: [{ type, m }]. */
export function scan(body, patterns) {
  const found = [];
  for (const [type, re] of Object.entries(patterns)) {
    for (const m of body.matchAll(re)) found.push({ type, m, at: m.index });
  }
  return found.sort((a, b) => a.at - b.at);
}

// ---------------------------------------------------------------- python

/** The first command that runs `code` successfully, or null. */
export function findPython(code) {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const cmd of candidates) {
    const r = spawnSync(cmd, ['-c', code], { encoding: 'utf8', timeout: 60000 });
    if (!r.error && r.status === 0) return cmd;
  }
  return null;
}

export const PYTHON = findPython('import sys; assert sys.version_info >= (3, 8)');
export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'code-gen-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs py_compile on files; returns { status, stderr }. */
export function pyCompile(files) {
  const r = spawnSync(PYTHON, ['-m', 'py_compile', ...files], { encoding: 'utf8', timeout: 120000 });
  return { status: r.status, stderr: r.stderr };
}

// ------------------------------------------------------- the generated files

/** Every case with its data shape and the Keras and PyTorch files written for it. */
export const generated = CASES.map((c) => {
  const shape = coreShape(c.settings);
  return { ...c, shape, keras: kerasCode(c.settings, shape), torch: pytorchCode(c.settings, shape) };
});

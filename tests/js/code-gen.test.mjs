// The code of the experiment (web/code/code-gen.js): for every dataset's
// lesson and a set of variations (every activation, dropout kind, mode, mask,
// optimiser, L1/L2/max-norm on and off, 0 to 6 layers, an input rate, a rate
// for twin B), both generators write Python that compiles (python3 -m
// py_compile) and that names the layers, rates, optimiser, loss and training
// length the page uses. The expectations are worked out here from the
// settings, not from the generator's own plan; the data's shape and split come
// from the core (makeDataset). Where PyTorch is installed, a few files are
// also run for a few steps, with checks of the custom modules appended.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModule } from './load-module.mjs';
import { DATASETS, datasetSpec, defaultsFor, fitRates, parseQuery, twinSpecs } from '../../web/settings.js';
import { networkConfig } from '../../web/worker-twin.js';
import { datasetInfoFor, kerasCode, pytorchCode, pyFloat } from '../../web/code/code-gen.js';

const dp = await loadModule();

/** The data as the page makes it: shape and split counts. */
function coreShape(s) {
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
function variant(dataset, over = {}) {
  const s = { ...defaultsFor(dataset), ...over };
  if (s.rate.length !== s.layers.length + 1) s.rate = fitRates(s.rate, s.layers.length, 0.5);
  return s;
}

const CASES = [
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

const ratesOf = (s, twin) => (twin === 'A' ? s.rate : [0, ...s.layers.map(() => s.rateB)]);
const siteKind = (s, site) => (site === 0 && s.kind === 'alpha' ? 'bernoulli' : s.kind);
const trainingSteps = (s, text) => (s.stop > 0 ? s.stop : Number(/^STEPS = (\d+)$/m.exec(text)?.[1]));

function expectedLength(s, shape, text) {
  const batch = Math.min(s.batch, shape.trainCount);
  const perEpoch = Math.ceil(shape.trainCount / batch);
  const steps = trainingSteps(s, text);
  return { batch, steps, epochs: Math.ceil(steps / perEpoch) };
}

const num = (re, text, what) => {
  const m = re.exec(text);
  assert.ok(m, `${what} not found`);
  return Number(m[1]);
};

function checkCommon(text, s, shape, lib) {
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
function buildBody(text) {
  const m = /^def build_twin\(rates\):\n([\s\S]*?)\n(?=\S)/m.exec(text);
  assert.ok(m, 'def build_twin(rates) not found');
  return m[1];
}

/** The regexes' matches in text order: [{ type, m }]. */
function scan(body, patterns) {
  const found = [];
  for (const [type, re] of Object.entries(patterns)) {
    for (const m of body.matchAll(re)) found.push({ type, m, at: m.index });
  }
  return found.sort((a, b) => a.at - b.at);
}

// --------------------------------------------------------------------- Keras

const KERAS_DROP = { bernoulli: 'Dropout', gaussian: 'GaussianDropout', alpha: 'AlphaDropout', dropconnect: 'Dropout' };
const KERAS_ACT = {
  relu: "'relu'",
  leaky_relu: 'leaky_relu',
  tanh: "'tanh'",
  sigmoid: "'sigmoid'",
  linear: "'linear'",
  selu: "'selu'",
};
const kerasInit = (act) =>
  act === 'relu' || act === 'leaky_relu' ? 'he_uniform' : act === 'selu' ? 'lecun_uniform' : 'glorot_uniform';

function kerasLayers(text) {
  return scan(buildBody(text), {
    dense:
      /layers\.Dense\(\s*(\d+),\s*activation=([\w']+),\s*kernel_initializer='(\w+)'((?:,\s*kernel_\w+=[A-Z_]+)*),?\s*\)/g,
    dropout: /layers\.(Dropout|GaussianDropout|AlphaDropout)\(rates\[(\d+)\](?:, noise_shape=\((\d+), (\d+)\))?\)/g,
  }).map(({ type, m }) =>
    type === 'dense'
      ? { type, units: Number(m[1]), act: m[2], init: m[3], extra: m[4].replace(/\s+/g, '') }
      : { type, cls: m[1], site: Number(m[2]), noiseShape: m[3] ? [Number(m[3]), Number(m[4])] : null },
  );
}

function expectedKeras(s, shape, twin) {
  const rates = ratesOf(s, twin);
  const extra = `${s.l1 > 0 || s.l2 > 0 ? ',kernel_regularizer=PENALTY' : ''}${s.maxNorm > 0 ? ',kernel_constraint=MAX_NORM' : ''}`;
  const drop = (site, width) => ({
    type: 'dropout',
    cls: KERAS_DROP[siteKind(s, site)],
    site,
    rate: rates[site],
    noiseShape: s.maskPer === 'batch' && siteKind(s, site) !== 'gaussian' ? [1, width] : null,
  });
  const out = [];
  if (rates[0] > 0) out.push(drop(0, shape.inputs));
  s.layers.forEach((units, i) => {
    out.push({ type: 'dense', units, act: KERAS_ACT[s.act], init: kerasInit(s.act), extra });
    if (rates[i + 1] > 0) out.push(drop(i + 1, units));
  });
  const outAct = { binary: "'sigmoid'", multiclass: "'softmax'", regression: "'linear'" }[shape.task];
  out.push({ type: 'dense', units: shape.outputs, act: outAct, init: 'glorot_uniform', extra });
  return out;
}

function checkKeras(text, s, shape) {
  const { rates } = checkCommon(text, s, shape, 'Keras');
  const parsed = kerasLayers(text);
  for (const twin of ['A', 'B']) {
    // A dropout layer with rate 0 in this twin keeps every unit: the twin does not have it.
    const effective = parsed
      .filter((l) => l.type === 'dense' || rates[twin][l.site] > 0)
      .map((l) => (l.type === 'dense' ? l : { ...l, rate: rates[twin][l.site] }));
    assert.deepEqual(effective, expectedKeras(s, shape, twin), `Keras: twin ${twin}'s layers`);
  }
  for (const l of parsed.filter((x) => x.type === 'dropout')) {
    assert.ok(rates.A[l.site] > 0 || rates.B[l.site] > 0, `Keras: dropout site ${l.site} drops nothing in either twin`);
  }
  assert.equal(
    (text.match(/layers\.Dense\(/g) ?? []).length,
    s.layers.length + 1,
    'Keras: every Dense layer was parsed',
  );
  assert.equal(
    (text.match(/layers\.\w*Dropout\(/g) ?? []).length,
    parsed.filter((l) => l.type === 'dropout').length,
    'Keras: every dropout layer was parsed',
  );
  if (s.act === 'leaky_relu') assert.match(text, /tf\.nn\.leaky_relu\(x, alpha=0\.01\)/);
  const opt =
    /optimizer=keras\.optimizers\.(Adam|SGD)\(learning_rate=([\d.e-]+)(?:, beta_1=0\.9, beta_2=0\.999, epsilon=1e-8)?(?:, momentum=([\d.]+))?\)/.exec(
      text,
    );
  assert.ok(opt, 'Keras: the optimizer');
  assert.equal(opt[1], s.opt === 'adam' ? 'Adam' : 'SGD', 'Keras: optimizer class');
  assert.equal(Number(opt[2]), s.lr, 'Keras: learning rate');
  assert.equal(opt[3] === undefined ? null : Number(opt[3]), s.opt === 'momentum' ? s.momentum : null, 'momentum');
  if (s.opt === 'adam') assert.match(text, /epsilon=1e-8/);
  const loss = { binary: 'binary_crossentropy', multiclass: 'sparse_categorical_crossentropy', regression: 'mse' };
  assert.equal(/loss='(\w+)'/.exec(text)?.[1], loss[shape.task], 'Keras: loss');
  assert.equal(/metrics=\['accuracy'\]/.test(text), shape.task !== 'regression', 'Keras: accuracy metric');
  const penalty = /^PENALTY = regularizers\.l1_l2\(l1=([\d.e-]+), l2=([\d.e-]+)\)$/m.exec(text);
  if (s.l1 > 0 || s.l2 > 0) {
    assert.ok(penalty, 'Keras: PENALTY');
    assert.deepEqual([Number(penalty[1]), Number(penalty[2])], [s.l1, s.l2], 'Keras: l1, l2');
  } else assert.equal(penalty, null, 'Keras: no penalty');
  const norm = /^MAX_NORM = constraints\.MaxNorm\(([\d.]+)\)$/m.exec(text);
  assert.equal(norm ? Number(norm[1]) : 0, s.maxNorm, 'Keras: max-norm');
  assert.match(
    text,
    /model\.fit\(\s*x_train,\s*y_train,\s*batch_size=BATCH_SIZE,\s*epochs=EPOCHS,\s*validation_data=\(x_val, y_val\)/,
  );
  assert.match(text, /twin_b\.set_weights\(twin_a\.get_weights\(\)\)/);
}

// ------------------------------------------------------------------- PyTorch

const TORCH_ACT = {
  relu: 'ReLU()',
  leaky_relu: 'LeakyReLU(negative_slope=0.01)',
  tanh: 'Tanh()',
  sigmoid: 'Sigmoid()',
  linear: null,
  selu: 'SELU()',
};
const TORCH_DROP = { bernoulli: 'nn.Dropout', gaussian: 'GaussianDropout', alpha: 'nn.AlphaDropout' };

function torchLayers(text, inputs) {
  const size = (v) => (v === 'INPUTS' ? inputs : Number(v));
  return scan(buildBody(text), {
    linear: /(?<![\w.])nn\.Linear\((\w+), (\d+)\)/g,
    dropconnect: /DropConnectLinear\((\w+), (\d+), p=rates\[(\d+)\]\)/g,
    act: /nn\.(ReLU\(\)|LeakyReLU\(negative_slope=0\.01\)|Tanh\(\)|Sigmoid\(\)|SELU\(\))/g,
    dropout: /(nn\.Dropout|nn\.AlphaDropout|GaussianDropout)\(p=rates\[(\d+)\]\)/g,
  }).map(({ type, m }) => {
    if (type === 'linear') return { type, in: size(m[1]), out: size(m[2]), site: null };
    if (type === 'dropconnect') return { type: 'linear', in: size(m[1]), out: size(m[2]), site: Number(m[3]) };
    if (type === 'act') return { type, act: m[1] };
    return { type, cls: m[1], site: Number(m[2]) };
  });
}

function expectedTorch(s, shape, twin) {
  const rates = ratesOf(s, twin);
  const dc = s.kind === 'dropconnect';
  const out = [];
  if (rates[0] > 0 && !dc) out.push({ type: 'dropout', cls: TORCH_DROP[siteKind(s, 0)], site: 0, rate: rates[0] });
  let inputs = shape.inputs;
  s.layers.forEach((units, i) => {
    out.push({ type: 'linear', in: inputs, out: units, site: dc && rates[i] > 0 ? i : null });
    if (TORCH_ACT[s.act]) out.push({ type: 'act', act: TORCH_ACT[s.act] });
    if (rates[i + 1] > 0 && !dc)
      out.push({ type: 'dropout', cls: TORCH_DROP[s.kind], site: i + 1, rate: rates[i + 1] });
    inputs = units;
  });
  const last = s.layers.length;
  out.push({ type: 'linear', in: inputs, out: shape.outputs, site: dc && rates[last] > 0 ? last : null });
  return out;
}

function checkTorch(text, s, shape) {
  const { rates } = checkCommon(text, s, shape, 'PyTorch');
  const parsed = torchLayers(text, shape.inputs);
  for (const twin of ['A', 'B']) {
    const effective = [];
    for (const l of parsed) {
      if (l.type === 'dropout') {
        if (rates[twin][l.site] > 0) effective.push({ ...l, rate: rates[twin][l.site] });
      } else if (l.type === 'linear' && l.site !== null && !(rates[twin][l.site] > 0)) {
        effective.push({ ...l, site: null }); // DropConnect with rate 0: a plain Linear layer
      } else effective.push(l);
    }
    assert.deepEqual(effective, expectedTorch(s, shape, twin), `PyTorch: twin ${twin}'s layers`);
  }
  assert.equal(
    (text.match(/(nn\.Linear|DropConnectLinear)\((INPUTS|\d+)/g) ?? []).length,
    s.layers.length + 1,
    'PyTorch: every Linear layer was parsed',
  );
  const kinds = new Set(parsed.filter((l) => l.type === 'dropout').map((l) => l.cls));
  assert.equal(/^class GaussianDropout\(nn\.Module\):/m.test(text), kinds.has('GaussianDropout'), 'Gaussian module');
  assert.equal(
    /^class DropConnectLinear\(nn\.Linear\):/m.test(text),
    parsed.some((l) => l.type === 'linear' && l.site !== null),
    'DropConnect module',
  );
  const opt =
    /torch\.optim\.(Adam|SGD)\(model\.parameters\(\), lr=([\d.e-]+)(?:, betas=\(0\.9, 0\.999\), eps=1e-8)?(?:, momentum=([\d.]+))?\)/.exec(
      text,
    );
  assert.ok(opt, 'PyTorch: the optimizer');
  assert.equal(opt[1], s.opt === 'adam' ? 'Adam' : 'SGD', 'PyTorch: optimizer class');
  assert.equal(Number(opt[2]), s.lr, 'PyTorch: learning rate');
  assert.equal(opt[3] === undefined ? null : Number(opt[3]), s.opt === 'momentum' ? s.momentum : null, 'momentum');
  const loss = { binary: 'BCEWithLogitsLoss', multiclass: 'CrossEntropyLoss', regression: 'MSELoss' };
  assert.equal(/^loss_fn = nn\.(\w+)\(\)/m.exec(text)?.[1], loss[shape.task], 'PyTorch: loss');
  const penalty = /^L1, L2 = ([\d.e-]+), ([\d.e-]+)/m.exec(text);
  if (s.l1 > 0 || s.l2 > 0) {
    assert.ok(penalty, 'PyTorch: L1, L2');
    assert.deepEqual([Number(penalty[1]), Number(penalty[2])], [s.l1, s.l2], 'PyTorch: l1, l2');
    assert.match(text, /loss = loss_fn\(model\(xb\), yb\) \+ penalty\(model\)/);
    assert.match(text, /weight_decay/, 'PyTorch: the comment on weight_decay');
  } else {
    assert.equal(penalty, null, 'PyTorch: no penalty');
    assert.match(text, /loss = loss_fn\(model\(xb\), yb\)\n/);
  }
  const norm = /^MAX_NORM = ([\d.]+)/m.exec(text);
  assert.equal(norm ? Number(norm[1]) : 0, s.maxNorm, 'PyTorch: max-norm');
  assert.equal(/^ {12}apply_max_norm\(model\)$/m.test(text), s.maxNorm > 0, 'PyTorch: max-norm after each step');
  assert.match(text, /model\.train\(\)/);
  assert.match(text, /model\.eval\(\)/);
  assert.match(text, /with torch\.no_grad\(\):/);
  assert.match(text, /batch_size=BATCH_SIZE, shuffle=True/);
  assert.match(text, /if step == STEPS:/);
  assert.match(text, /twin_b\.load_state_dict\(twin_a\.state_dict\(\)\)/);
}

// ---------------------------------------------------------------- python

/** The first command that runs `code` successfully, or null. */
function findPython(code) {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const cmd of candidates) {
    const r = spawnSync(cmd, ['-c', code], { encoding: 'utf8', timeout: 60000 });
    if (!r.error && r.status === 0) return cmd;
  }
  return null;
}

const PYTHON = findPython('import sys; assert sys.version_info >= (3, 8)');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'code-gen-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs py_compile on files; returns { status, stderr }. */
function pyCompile(files) {
  const r = spawnSync(PYTHON, ['-m', 'py_compile', ...files], { encoding: 'utf8', timeout: 120000 });
  return { status: r.status, stderr: r.stderr };
}

// --------------------------------------------------------------------- tests

const generated = CASES.map((c) => {
  const shape = coreShape(c.settings);
  return { ...c, shape, keras: kerasCode(c.settings, shape), torch: pytorchCode(c.settings, shape) };
});

describe('datasetInfoFor: the data shape and split the core makes', () => {
  test('for every lesson and other sizes and validation fractions', () => {
    for (const d of DATASETS) {
      for (const [points, val] of [
        [null, null],
        [10, 0.1],
        [37, 0.45],
        [60, 0.35],
        [101, 0.55],
        [400, 0.9],
        [15, 0.15],
      ]) {
        const s = variant(d.id, points === null ? {} : { points, val });
        assert.deepEqual(datasetInfoFor(s), coreShape(s), `${d.id} ${s.points} points, val ${s.val}`);
      }
    }
  });
  test('without datasetInfo the generators use it', () => {
    const s = variant('sine');
    assert.equal(kerasCode(s), kerasCode(s, coreShape(s)));
    assert.equal(pytorchCode(s), pytorchCode(s, coreShape(s)));
    assert.equal(kerasCode(s, null), kerasCode(s, { name: 'sine', trainCount: null }));
  });
  test('counts the page passes (edited points) win over the seeded ones', () => {
    const s = variant('circle');
    const text = pytorchCode({ ...s, edits: 'AAAAAAAAAA' }, { ...coreShape(s), trainCount: 40, validationCount: 9 });
    assert.match(text, /^N_TRAIN, N_VAL = 40, 9$/m);
    assert.match(text, /with the points you edited/);
  });
});

describe('pyFloat', () => {
  test('Python float literals', () => {
    assert.deepEqual([0, 1, 0.5, 0.00001, 0.0003, 3].map(pyFloat), ['0.0', '1.0', '0.5', '0.00001', '0.0003', '3.0']);
  });
});

describe('the generated code names the right layers and rates', () => {
  for (const g of generated) {
    test(`${g.name}: Keras`, () => checkKeras(g.keras, g.settings, g.shape));
    test(`${g.name}: PyTorch`, () => checkTorch(g.torch, g.settings, g.shape));
  }
  test('the checks fail on wrong code', () => {
    const g = generated.find((x) => x.name === 'twin B with dropout');
    const mutate = (text, from, to) => {
      assert.ok(text.includes(from), `the text has ${from}`);
      return text.replace(from, to);
    };
    const wrongKeras = [
      mutate(g.keras, 'build_twin([0.0, 0.6, 0.6])', 'build_twin([0.0, 0.6, 0.5])'),
      mutate(g.keras, 'layers.Dropout(rates[2])', 'layers.GaussianDropout(rates[2])'),
      mutate(g.keras, 'layers.Dropout(rates[2])', 'layers.Dropout(rates[1])'),
      mutate(g.keras, 'layers.Dense(64,', 'layers.Dense(32,'),
      mutate(g.keras, 'learning_rate=0.01', 'learning_rate=0.001'),
      mutate(g.keras, 'EPOCHS = 500', 'EPOCHS = 50'),
      mutate(g.keras, "activation='relu'", "activation='tanh'"),
    ];
    for (const text of wrongKeras) assert.throws(() => checkKeras(text, g.settings, g.shape));
    const wrongTorch = [
      mutate(g.torch, 'nn.Dropout(p=rates[1]),', ''),
      mutate(g.torch, 'nn.Dropout(p=rates[1])', 'nn.AlphaDropout(p=rates[1])'),
      mutate(g.torch, 'nn.Linear(64, 1)', 'nn.Linear(64, 2)'),
      mutate(g.torch, 'lr=0.01', 'lr=0.1'),
      mutate(g.torch, 'build_twin([0.0, 0.3, 0.3])', 'build_twin([0.0, 0.0, 0.0])'),
    ];
    for (const text of wrongTorch) assert.throws(() => checkTorch(text, g.settings, g.shape));
  });
});

describe('the generated code is valid Python (python3 -m py_compile)', () => {
  test('every case, both libraries', (t) => {
    if (!PYTHON) return t.skip('python3 not found (tried $PYTHON, python3, /usr/bin/python3): cannot check the syntax');
    const files = [];
    generated.forEach((g, i) => {
      for (const [lib, text] of [
        ['keras', g.keras],
        ['torch', g.torch],
      ]) {
        const file = path.join(tmp, `case${i}_${lib}.py`);
        fs.writeFileSync(file, text);
        files.push({ file, name: `${g.name} (${lib})` });
      }
    });
    const all = pyCompile(files.map((f) => f.file));
    if (all.status === 0) return;
    const bad = files.filter((f) => pyCompile([f.file]).status !== 0).map((f) => f.name);
    assert.fail(`not valid Python: ${bad.join(', ')}\n${all.stderr}`);
  });
  test('py_compile does reject broken code (the check can fail)', (t) => {
    if (!PYTHON) return t.skip('python3 not found: cannot check the syntax');
    const file = path.join(tmp, 'broken.py');
    fs.writeFileSync(file, generated[0].keras.replace('def build_twin(rates):', 'def build_twin(rates)'));
    assert.notEqual(pyCompile([file]).status, 0);
  });
});

/** The core's initial weight limits (network.cpp): He, LeCun or Glorot uniform; the output layer Glorot. */
function initLimits(s, shape) {
  const sizes = [shape.inputs, ...s.layers, shape.outputs];
  return sizes.slice(1).map((out, i) => {
    const fanIn = sizes[i];
    const hidden = i < s.layers.length;
    if (hidden && (s.act === 'relu' || s.act === 'leaky_relu')) return Math.sqrt(6 / fanIn);
    if (hidden && s.act === 'selu') return Math.sqrt(3 / fanIn);
    return Math.sqrt(6 / (fanIn + out));
  });
}

// Appended to a PyTorch file: the custom modules, the penalty, max-norm and the
// initial weights do what the comments say.
const TORCH_CHECKS = `
torch.manual_seed(0)
if 'GaussianDropout' in globals():
    g = GaussianDropout(0.5).train()
    y = g(torch.ones(400000))
    assert abs(y.mean().item() - 1) < 0.01 and abs(y.std().item() - 1) < 0.01, (y.mean(), y.std())
    assert torch.equal(g.eval()(torch.ones(5)), torch.ones(5))
if 'DropConnectLinear' in globals():
    d = DropConnectLinear(50, 3, p=0.4)
    x = torch.randn(1, 50).repeat(20000, 1)
    mean = d.train()(x).mean(dim=0)
    plain = d.eval()(x[:1])[0]
    assert torch.allclose(mean, plain, atol=0.1 * float(plain.abs().max()) + 0.05), (mean, plain)
    x1 = torch.zeros(20000, 50)
    x1[:, 0] = 1
    with torch.no_grad():
        r = (d.train()(x1) - d.bias) / d.weight[:, 0]  # 0 (dropped) or 1 / (1 - p) (kept, scaled)
    kept = r.ne(0).float().mean().item()
    assert abs(kept - 0.6) < 0.02, kept
    assert torch.allclose(r[r.ne(0)], torch.full_like(r[r.ne(0)], 1 / 0.6), rtol=1e-4)
if 'penalty' in globals():
    w = [m.weight for m in twin_a.modules() if isinstance(m, nn.Linear)]
    by_hand = sum(L1 * float(v.abs().sum()) + L2 * float((v * v).sum()) for v in w)
    assert abs(float(penalty(twin_a)) - by_hand) <= 1e-4 * max(1.0, by_hand)
import copy
_fresh = copy.deepcopy(twin_b)
init_like_the_page(_fresh)
for _layer, _limit in zip([m for m in _fresh.modules() if isinstance(m, nn.Linear)], INIT_LIMITS):
    _top = float(_layer.weight.abs().max())
    assert _top <= _limit * (1 + 1e-6) and (_layer.weight.numel() < 64 or _top > 0.8 * _limit), (_top, _limit)
    assert float(_layer.bias.abs().max()) == 0
if 'MAX_NORM' in globals():
    for m in twin_a.modules():
        if isinstance(m, nn.Linear):
            assert float(m.weight.norm(dim=1).max()) <= MAX_NORM * (1 + 1e-5)
print('checks passed')
`;

describe('the generated PyTorch code runs', () => {
  const TORCH = PYTHON && findPython('import torch');
  const names = [
    'lesson circle',
    'lesson blobs3',
    'lesson sine',
    'gaussian original, input rate',
    'dropconnect inverted, input rate',
    'alpha with selu',
    'l1, l2 and max-norm',
    'six layers, mixed rates',
    'twin B with dropconnect',
    'act leaky_relu',
    'act linear',
    'no hidden layer',
  ];
  for (const name of names) {
    test(`${name}, a few steps`, (t) => {
      if (!TORCH) return t.skip('PyTorch is not installed (import torch failed): the code was only compiled');
      const g = generated.find((x) => x.name === name);
      assert.ok(g, name);
      const limits = `INIT_LIMITS = ${JSON.stringify(initLimits(g.settings, g.shape))}\n`;
      const text = g.torch.replace(/^STEPS = \d+$/m, 'STEPS = 4') + limits + TORCH_CHECKS;
      const file = path.join(tmp, `run_${name.replace(/\W+/g, '_')}.py`);
      fs.writeFileSync(file, text);
      const r = spawnSync(TORCH, [file], { encoding: 'utf8', timeout: 120000 });
      assert.equal(r.status, 0, `${name}: exit ${r.status}\n${r.stderr}`);
      assert.match(r.stdout, /twin A \(dropout\): epoch \d+, step 4, validation loss/);
      assert.match(r.stdout, /twin B .*step 4, validation loss/);
      assert.match(r.stdout, /checks passed/);
    });
  }
});

// Without dropout and with the whole training set in one minibatch a run has no
// randomness: the PyTorch code, started from the core's initial weights on the
// core's points, must end where the core ends. This checks the loss, the
// penalty (its L1, its L2 without 1/2, no biases), max-norm, and the optimisers'
// forms against the page's own numbers.
const SAME_STEPS = 25;

/** Trains `s` (dropout off) in the core and in the generated PyTorch code (text changed by `edit`). */
function trainBoth(torchPython, name, base, edit = (text) => text) {
  const s = { ...base, rate: base.rate.map(() => 0), rateB: 0, stop: SAME_STEPS };
  const data = dp.makeDataset(datasetSpec(s));
  assert.ok(s.batch >= data.train.count, `${name}: one minibatch holds the training set`);
  const net = new dp.Network(networkConfig(data, twinSpecs(s)[0]));
  let core;
  let weights;
  try {
    net.setData(data);
    weights = net.weights().map((w) => ({ ...w, kernel: [...w.kernel], bias: [...w.bias] }));
    net.train(SAME_STEPS);
    core = net.evaluate();
  } finally {
    net.delete();
  }
  const shape = coreShape(s);
  const stem = path.join(tmp, `same_${name.replace(/\W+/g, '_')}`);
  const points = { xt: data.train.x, yt: data.train.y, xv: data.validation.x, yv: data.validation.y };
  fs.writeFileSync(
    `${stem}.json`,
    JSON.stringify({ ...Object.fromEntries(Object.entries(points).map(([k, v]) => [k, [...v]])), weights }),
  );
  const labels = shape.task === 'multiclass' ? '.long()' : '.reshape(-1, 1)';
  const inject = `
import json
_d = json.load(open(${JSON.stringify(`${stem}.json`)}))
x_train = torch.tensor(_d['xt'], dtype=torch.float32).reshape(-1, INPUTS)
y_train = torch.tensor(_d['yt'], dtype=torch.float32)${labels}
x_val = torch.tensor(_d['xv'], dtype=torch.float32).reshape(-1, INPUTS)
y_val = torch.tensor(_d['yv'], dtype=torch.float32)${labels}
with torch.no_grad():
    for _layer, _w in zip([m for m in twin_a.modules() if isinstance(m, nn.Linear)], _d['weights']):
        _layer.weight.copy_(torch.tensor(_w['kernel']).reshape(_w['inputs'], _w['units']).T)
        _layer.bias.copy_(torch.tensor(_w['bias']))
train_twin(twin_a, 'A (dropout)')
twin_a.eval()
with torch.no_grad():
    print('FINAL', json.dumps([loss_fn(twin_a(x_train), y_train).item(), loss_fn(twin_a(x_val), y_val).item()]))
`;
  const text = pytorchCode(s, shape);
  const tail = /^train_twin\(twin_a, .*\)\ntrain_twin\(twin_b, .*\)\n$/m;
  assert.match(text, tail);
  fs.writeFileSync(`${stem}.py`, edit(text).replace(tail, inject));
  const r = spawnSync(torchPython, [`${stem}.py`], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `${name}: exit ${r.status}\n${r.stderr}`);
  const [trainLoss, valLoss] = JSON.parse(/^FINAL (.*)$/m.exec(r.stdout)[1]);
  return { core, trainLoss, valLoss };
}

const sameLoss = (a, b) => Math.abs(a - b) <= 2e-4 * Math.max(1, Math.abs(b));

describe('the generated PyTorch code trains as the core does (no dropout, full batch)', () => {
  const TORCH = PYTHON && findPython('import torch');
  const runs = [
    { name: 'circle, adam, l1 + l2, max-norm', s: variant('circle', { l1: 0.001, l2: 0.01, maxNorm: 1 }) },
    { name: 'blobs3, momentum, l2, selu', s: variant('blobs3', { opt: 'momentum', lr: 0.03, l2: 0.001, act: 'selu' }) },
    { name: 'sine, sgd, tanh, max-norm', s: variant('sine', { opt: 'sgd', lr: 0.03, act: 'tanh', maxNorm: 0.5 }) },
    {
      name: 'moons, sgd, leaky_relu, l1',
      s: variant('moons', { opt: 'sgd', lr: 0.1, act: 'leaky_relu', l1: 0.01, batch: 32 }),
    },
    {
      name: 'plane, adam, sigmoid, three layers',
      s: variant('plane', { layers: [16, 8, 4], act: 'sigmoid', l2: 0.1 }),
    },
  ];
  for (const { name, s } of runs) {
    test(name, (t) => {
      if (!TORCH) return t.skip('PyTorch is not installed (import torch failed): the code was only compiled');
      const { core, trainLoss, valLoss } = trainBoth(TORCH, name, s);
      t.diagnostic(`core ${core.train.loss} / ${core.validation.loss}, PyTorch ${trainLoss} / ${valLoss}`);
      assert.ok(sameLoss(trainLoss, core.train.loss), `training loss: PyTorch ${trainLoss}, core ${core.train.loss}`);
      assert.ok(
        sameLoss(valLoss, core.validation.loss),
        `validation: PyTorch ${valLoss}, core ${core.validation.loss}`,
      );
    });
  }
  test('the comparison notices a different penalty or max-norm (the check can fail)', (t) => {
    if (!TORCH) return t.skip('PyTorch is not installed (import torch failed)');
    const s = runs[0].s;
    for (const [what, edit] of [
      ['L2 with a factor 1/2', (text) => text.replace('L2 * (w**2).sum()', '0.5 * L2 * (w**2).sum()')],
      ['max-norm off', (text) => text.replace(/^ {12}apply_max_norm\(model\)\n/m, '')],
    ]) {
      const { core, trainLoss } = trainBoth(TORCH, `mutated ${what}`, s, (text) => {
        const out = edit(text);
        assert.notEqual(out, text, `${what}: the edit applies`);
        return out;
      });
      t.diagnostic(`${what}: core ${core.train.loss}, PyTorch ${trainLoss}`);
      assert.ok(!sameLoss(trainLoss, core.train.loss), `${what}: not noticed`);
    }
  });
});

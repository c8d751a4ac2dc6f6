// Shared by the code generator's tests: what the Keras and the PyTorch files must say,
// worked out from the settings (layers, rates, optimiser, loss, initialisation).
import assert from 'node:assert/strict';
import { ratesOf, siteKind, checkCommon, buildBody, scan } from './code-gen-cases.mjs';

// --------------------------------------------------------------------- Keras

export const KERAS_DROP = {
  bernoulli: 'Dropout',
  gaussian: 'GaussianDropout',
  alpha: 'AlphaDropout',
  dropconnect: 'Dropout',
};
export const KERAS_ACT = {
  relu: "'relu'",
  leaky_relu: 'leaky_relu',
  tanh: "'tanh'",
  sigmoid: "'sigmoid'",
  linear: "'linear'",
  selu: "'selu'",
};
export const kerasInit = (act) =>
  act === 'relu' || act === 'leaky_relu' ? 'he_uniform' : act === 'selu' ? 'lecun_uniform' : 'glorot_uniform';

export function kerasLayers(text) {
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

export function expectedKeras(s, shape, twin) {
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

export function checkKeras(text, s, shape) {
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

export const TORCH_ACT = {
  relu: 'ReLU()',
  leaky_relu: 'LeakyReLU(negative_slope=0.01)',
  tanh: 'Tanh()',
  sigmoid: 'Sigmoid()',
  linear: null,
  selu: 'SELU()',
};
export const TORCH_DROP = { bernoulli: 'nn.Dropout', gaussian: 'GaussianDropout', alpha: 'nn.AlphaDropout' };

export function torchLayers(text, inputs) {
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

export function expectedTorch(s, shape, twin) {
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

export function checkTorch(text, s, shape) {
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

// The JS API of the built module, checked against docs/API.md.
// Run: node --test tests/js/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';

const dp = await loadModule();

// ---------------------------------------------------------------- helpers

const DATASETS = {
  // from the table in docs/API.md
  circle: { task: 'binary', inputs: 2, outputs: 1, classes: 0, points: 200 },
  xor: { task: 'binary', inputs: 2, outputs: 1, classes: 0, points: 200 },
  gaussians: { task: 'binary', inputs: 2, outputs: 1, classes: 0, points: 200 },
  spiral: { task: 'binary', inputs: 2, outputs: 1, classes: 0, points: 200 },
  moons: { task: 'binary', inputs: 2, outputs: 1, classes: 0, points: 200 },
  blobs3: { task: 'multiclass', inputs: 2, outputs: 3, classes: 3, points: 200 },
  sine: { task: 'regression', inputs: 1, outputs: 1, classes: 0, points: 30 },
  plane: { task: 'regression', inputs: 2, outputs: 1, classes: 0, points: 200 },
};
const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear', 'selu'];
const TASKS = ['binary', 'multiclass', 'regression'];
const KINDS = ['bernoulli', 'gaussian', 'alpha', 'dropconnect'];
const MODES = ['inverted', 'original'];
const MASK_PER = ['example', 'batch', 'epoch'];
const OPTIMIZERS = ['sgd', 'momentum', 'adam'];
const INITS = ['auto', 'glorot', 'he'];

const SELU_LAMBDA = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;
const ACT = {
  relu: (v) => (v > 0 ? v : 0),
  leaky_relu: (v) => (v > 0 ? v : 0.01 * v),
  tanh: (v) => Math.tanh(v),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  linear: (v) => v,
  selu: (v) => (v > 0 ? SELU_LAMBDA * v : SELU_LAMBDA * SELU_ALPHA * (Math.exp(v) - 1)),
};

const moons = dp.makeDataset({ name: 'moons', points: 120, noise: 0.35, validation: 0.5, seed: 3 });

/** Builds a network, runs fn(net), always deletes it. */
function withNet(config, fn) {
  const net = new dp.Network(config);
  try {
    return fn(net);
  } finally {
    net.delete();
  }
}

function netConfig(over = {}) {
  return {
    inputs: 2,
    task: 'binary',
    layers: [
      { units: 16, activation: 'relu', rate: 0.5 },
      { units: 16, activation: 'relu', rate: 0.5 },
    ],
    optimizer: 'adam',
    learningRate: 0.01,
    batchSize: 16,
    seed: 1,
    ...over,
  };
}

const copy = (a) => Float32Array.from(a);
const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const copyWeights = (net) =>
  net.weights().map((w) => ({ inputs: w.inputs, units: w.units, kernel: copy(w.kernel), bias: copy(w.bias) }));
const weightBits = (net) => net.weights().map((w) => ({ kernel: bits(w.kernel), bias: bits(w.bias) }));
const copyMasks = (net) =>
  net.masks().map((m) => ({ site: m.site, kind: m.kind, units: m.units, rows: m.rows, values: copy(m.values) }));

function assertClose(actual, expected, tol, what) {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: expected ${expected} ± ${tol}, got ${actual} (diff ${Math.abs(actual - expected)})`,
  );
}

/** |k - n q| <= 4 sqrt(n q (1-q)): a kept count k out of n at keep probability q. */
function assertBinomial(kept, n, keep, what) {
  const sigma = Math.sqrt(n * keep * (1 - keep));
  const mean = n * keep;
  assert.ok(
    Math.abs(kept - mean) <= 4 * sigma,
    `${what}: kept ${kept} of ${n} (fraction ${(kept / n).toFixed(4)}), expected ${mean.toFixed(1)} ± 4σ = ±${(4 * sigma).toFixed(1)} (keep ${keep})`,
  );
}

/** Forward pass in JS from weights() (Keras layout), in inference mode. scales[s] multiplies site s. */
function forward(weights, task, xrow, activations, scales = []) {
  let a = Array.from(xrow, (v) => v * (scales[0] ?? 1));
  for (let l = 0; l < weights.length; l++) {
    const { inputs, units, kernel, bias } = weights[l];
    assert.equal(a.length, inputs);
    const z = new Array(units);
    for (let j = 0; j < units; j++) {
      let s = bias[j];
      for (let i = 0; i < inputs; i++) s += a[i] * kernel[i * units + j];
      z[j] = s;
    }
    if (l < weights.length - 1) {
      const f = ACT[activations[l]];
      a = z.map((v) => f(v) * (scales[l + 1] ?? 1));
    } else {
      a = z;
    }
  }
  if (task === 'binary') return a.map(ACT.sigmoid);
  if (task === 'multiclass') {
    const m = Math.max(...a);
    const e = a.map((v) => Math.exp(v - m));
    const s = e.reduce((p, q) => p + q, 0);
    return e.map((v) => v / s);
  }
  return a;
}

function row(x, inputs, i) {
  return x.subarray(i * inputs, (i + 1) * inputs);
}

function sumSquares(ws) {
  let s = 0;
  for (const w of ws) for (const v of w.kernel) s += v * v;
  return s;
}

// ---------------------------------------------------------------- datasets

describe('makeDataset', () => {
  for (const [name, spec] of Object.entries(DATASETS)) {
    test(`${name}: shape, task, labels and box (defaults)`, () => {
      const d = dp.makeDataset({ name });
      assert.equal(d.name, name);
      assert.equal(d.task, spec.task);
      assert.equal(d.inputs, spec.inputs);
      assert.equal(d.outputs, spec.outputs);
      assert.equal(d.classes, spec.classes);
      // default points (200, sine 30) split by the default validation fraction 0.5
      assert.equal(d.train.count + d.validation.count, spec.points);
      assert.ok(Math.abs(d.validation.count - spec.points * 0.5) <= 1, `validation count ${d.validation.count}`);
      for (const set of [d.train, d.validation]) {
        assert.ok(set.x instanceof Float32Array, 'x is a Float32Array');
        assert.ok(set.y instanceof Float32Array, 'y is a Float32Array');
        assert.equal(set.x.length, set.count * spec.inputs);
        assert.equal(set.y.length, set.count);
        assert.ok(set.x.every(Number.isFinite), 'x finite');
        assert.ok(set.y.every(Number.isFinite), 'y finite');
        if (spec.task === 'binary')
          assert.ok(
            set.y.every((v) => v === 0 || v === 1),
            'binary labels are 0/1',
          );
        if (spec.task === 'multiclass') {
          assert.ok(
            set.y.every((v) => Number.isInteger(v) && v >= 0 && v < spec.classes),
            'class indices',
          );
        }
      }
      // every class is present in the training set
      if (spec.task !== 'regression') {
        const n = spec.task === 'binary' ? 2 : spec.classes;
        assert.equal(new Set(d.train.y).size, n, 'all classes present');
      }
      const { xMin, xMax, yMin, yMax } = d.box;
      assert.ok(xMin < xMax && yMin < yMax, `box ${JSON.stringify(d.box)}`);
      const eps = 1e-5 * (xMax - xMin);
      for (const set of [d.train, d.validation]) {
        for (let i = 0; i < set.count; i++) {
          if (spec.inputs === 2) {
            const [px, py] = row(set.x, 2, i);
            assert.ok(
              px >= xMin - eps && px <= xMax + eps && py >= yMin - eps && py <= yMax + eps,
              `point (${px}, ${py}) outside box ${JSON.stringify(d.box)}`,
            );
          } else {
            // sine: x in [xMin, xMax], targets in [yMin, yMax]
            const px = set.x[i];
            const ty = set.y[i];
            assert.ok(px >= xMin - eps && px <= xMax + eps, `x ${px} outside [${xMin}, ${xMax}]`);
            assert.ok(ty >= yMin - 1e-5 && ty <= yMax + 1e-5, `target ${ty} outside [${yMin}, ${yMax}]`);
          }
        }
      }
      if (spec.inputs === 2) {
        // "a square that frames the data"
        assertClose(yMax - yMin, xMax - xMin, 1e-4 * (xMax - xMin), `${name} box is square`);
      }
    });

    test(`${name}: deterministic per seed, points/validation honoured`, () => {
      const spec2 = { name, points: 100, noise: 0.3, validation: 0.3, seed: 5 };
      const a = dp.makeDataset(spec2);
      const b = dp.makeDataset(spec2);
      const c = dp.makeDataset({ ...spec2, seed: 6 });
      assert.equal(a.train.count + a.validation.count, 100);
      assert.ok(Math.abs(a.validation.count - 30) <= 1, `validation count ${a.validation.count} for 0.3 of 100`);
      assert.deepEqual(a.train.x, b.train.x);
      assert.deepEqual(a.train.y, b.train.y);
      assert.deepEqual(a.validation.x, b.validation.x);
      assert.deepEqual(a.validation.y, b.validation.y);
      assert.deepEqual(a.box, b.box);
      assert.notDeepEqual(
        [Array.from(a.train.x), Array.from(a.train.y)],
        [Array.from(c.train.x), Array.from(c.train.y)],
        'another seed gives other data',
      );
    });
  }
});

// ---------------------------------------------------------------- construction and config

describe('Network construction and config()', () => {
  test('defaults are filled in', () => {
    withNet({ inputs: 2 }, (net) => {
      const c = net.config();
      assert.equal(c.inputs, 2);
      assert.equal(c.task, 'binary');
      assert.equal(c.classes, 3);
      assert.deepEqual(c.layers, []);
      assert.equal(c.inputDropout.rate, 0);
      assert.equal(c.inputDropout.kind, 'bernoulli');
      assert.equal(c.dropoutMode, 'inverted');
      assert.equal(c.maskPer, 'example');
      assert.equal(c.init, 'auto');
      assert.equal(c.optimizer, 'adam');
      assertClose(c.learningRate, 0.01, 1e-8, 'learningRate');
      assertClose(c.momentum, 0.9, 1e-7, 'momentum');
      assert.equal(c.l1, 0);
      assert.equal(c.l2, 0);
      assert.equal(c.maxNorm, 0);
      assert.equal(c.batchSize, 32);
      assert.equal(c.seed, 1);
      assert.doesNotThrow(() => JSON.stringify(c), 'config() is JSON-serialisable');
      const w = net.weights();
      assert.equal(w.length, 1, 'no hidden layers: only the output layer');
      assert.equal(w[0].inputs, 2);
      assert.equal(w[0].units, 1);
    });
  });

  test('layer defaults: relu, rate 0, bernoulli', () => {
    withNet({ inputs: 2, layers: [{ units: 5 }] }, (net) => {
      const [l] = net.config().layers;
      assert.equal(l.units, 5);
      assert.equal(l.activation, 'relu');
      assert.equal(l.rate, 0);
      assert.equal(l.kind, 'bernoulli');
    });
  });

  test('config() echoes every given setting', () => {
    const given = {
      inputs: 3,
      task: 'multiclass',
      classes: 5,
      layers: [
        { units: 7, activation: 'tanh', rate: 0.25, kind: 'gaussian' },
        { units: 4, activation: 'selu', rate: 0.1, kind: 'alpha' },
      ],
      inputDropout: { rate: 0.2, kind: 'bernoulli' },
      dropoutMode: 'original',
      maskPer: 'batch',
      init: 'glorot',
      optimizer: 'momentum',
      learningRate: 0.05,
      momentum: 0.5,
      l1: 0.001,
      l2: 0.002,
      maxNorm: 3,
      batchSize: 8,
      seed: 42,
    };
    withNet(given, (net) => {
      const c = net.config();
      for (const k of [
        'inputs',
        'task',
        'classes',
        'dropoutMode',
        'maskPer',
        'init',
        'optimizer',
        'batchSize',
        'seed',
      ]) {
        assert.equal(c[k], given[k], k);
      }
      for (const k of ['learningRate', 'momentum', 'l1', 'l2', 'maxNorm']) {
        assertClose(c[k], given[k], 1e-6 * Math.max(1, given[k]), k);
      }
      assertClose(c.inputDropout.rate, 0.2, 1e-7, 'inputDropout.rate');
      assert.equal(c.inputDropout.kind, 'bernoulli');
      assert.equal(c.layers.length, 2);
      given.layers.forEach((l, i) => {
        assert.equal(c.layers[i].units, l.units);
        assert.equal(c.layers[i].activation, l.activation);
        assert.equal(c.layers[i].kind, l.kind);
        assertClose(c.layers[i].rate, l.rate, 1e-7, `layers[${i}].rate`);
      });
      const w = net.weights();
      assert.deepEqual(
        w.map((x) => [x.inputs, x.units]),
        [
          [3, 7],
          [7, 4],
          [4, 5],
        ],
      );
    });
  });

  const variants = [
    ...ACTIVATIONS.map((a) => [`activation ${a}`, { layers: [{ units: 8, activation: a }] }]),
    ...TASKS.map((t) => [`task ${t}`, { task: t, classes: 4 }]),
    ...KINDS.map((k) => [
      `dropout kind ${k}`,
      { layers: [{ units: 8, activation: k === 'alpha' ? 'selu' : 'relu', rate: 0.3, kind: k }, { units: 4 }] },
    ]),
    ['input dropout gaussian', { inputDropout: { rate: 0.3, kind: 'gaussian' }, layers: [{ units: 8 }] }],
    ...MODES.map((m) => [`dropoutMode ${m}`, { dropoutMode: m, layers: [{ units: 8, rate: 0.3 }] }]),
    ...MASK_PER.map((m) => [`maskPer ${m}`, { maskPer: m, layers: [{ units: 8, rate: 0.3 }] }]),
    ...OPTIMIZERS.map((o) => [`optimizer ${o}`, { optimizer: o, layers: [{ units: 8 }] }]),
    ...INITS.map((i) => [`init ${i}`, { init: i, layers: [{ units: 8, activation: 'tanh' }] }]),
  ];
  for (const [label, over] of variants) {
    test(`${label}: builds, echoes, trains to a finite loss`, () => {
      const task = over.task ?? 'binary';
      const name = task === 'binary' ? 'moons' : task === 'multiclass' ? 'blobs3' : 'plane';
      const data = dp.makeDataset({ name, points: 80, seed: 2 });
      const cfg = { inputs: 2, batchSize: 8, seed: 4, ...over };
      if (task !== 'multiclass') delete cfg.classes;
      const outputs = task === 'multiclass' ? 4 : 1;
      // blobs3 has 3 classes: build the 4-class network on it anyway (labels 0..2 are valid)
      withNet(cfg, (net) => {
        const c = net.config();
        assert.equal(c.task, task);
        if (over.layers) {
          over.layers.forEach((l, i) => {
            for (const k of Object.keys(l)) {
              if (k === 'rate') assertClose(c.layers[i].rate, l.rate, 1e-7, 'rate');
              else assert.equal(c.layers[i][k], l[k], `layers[${i}].${k}`);
            }
          });
        }
        for (const k of ['dropoutMode', 'maskPer', 'optimizer', 'init']) if (over[k]) assert.equal(c[k], over[k], k);
        if (over.inputDropout) assert.equal(c.inputDropout.kind, over.inputDropout.kind);
        const w = net.weights();
        assert.equal(w[w.length - 1].units, outputs, 'output layer width');
        net.setData(data);
        const r = net.train(10);
        assert.equal(r.step, 10);
        assert.ok(Number.isFinite(r.loss) && r.loss >= 0, `loss ${r.loss}`);
        assert.equal(r.diverged, false);
        const p = net.predict(data.validation.x);
        assert.equal(p.length, data.validation.count * outputs);
        assert.ok(p.every(Number.isFinite));
      });
    });
  }

  test('predict matches a JS forward pass over weights() for every activation (Keras layout)', () => {
    for (const task of TASKS) {
      const name = task === 'binary' ? 'moons' : task === 'multiclass' ? 'blobs3' : 'plane';
      const data = dp.makeDataset({ name, points: 60, seed: 9 });
      for (const act of ACTIVATIONS) {
        const acts = [act, act];
        withNet(
          { inputs: 2, task, classes: 3, layers: acts.map((a) => ({ units: 5, activation: a })), seed: 3 },
          (net) => {
            net.setData(data);
            net.train(20); // biases away from their initial values
            const w = copyWeights(net);
            const p = copy(net.predict(data.validation.x));
            const outs = w[w.length - 1].units;
            for (let i = 0; i < 10; i++) {
              const expect = forward(w, task, row(data.validation.x, 2, i), acts);
              for (let k = 0; k < outs; k++) {
                assertClose(
                  p[i * outs + k],
                  expect[k],
                  1e-4 + 1e-4 * Math.abs(expect[k]),
                  `${task}/${act} point ${i} output ${k}`,
                );
              }
            }
          },
        );
      }
    }
  });

  test('dropoutMode: inverted is the identity at inference, original scales by 1 - rate', () => {
    const rates = [0.2, 0.5]; // input, hidden layer 1
    const acts = ['tanh'];
    const data = dp.makeDataset({ name: 'plane', points: 60, seed: 9 });
    for (const mode of MODES) {
      withNet(
        {
          inputs: 2,
          task: 'regression',
          dropoutMode: mode,
          seed: 5,
          inputDropout: { rate: rates[0] },
          layers: [{ units: 6, activation: 'tanh', rate: rates[1] }],
        },
        (net) => {
          net.setData(data);
          net.train(5);
          const w = copyWeights(net);
          const p = copy(net.predict(data.validation.x));
          const scales = mode === 'original' ? rates.map((r) => 1 - r) : [1, 1];
          for (let i = 0; i < 10; i++) {
            const [expect] = forward(w, 'regression', row(data.validation.x, 2, i), acts, scales);
            assertClose(p[i], expect, 1e-4 + 1e-4 * Math.abs(expect), `${mode} point ${i}`);
          }
        },
      );
    }
  });

  test('init: He has variance 2/fan_in, Glorot 2/(fan_in+fan_out); auto picks by activation', () => {
    // 64x64 kernel: 4096 draws. The relative sd of a sample variance is at most sqrt(2/n) ~ 2.2%;
    // 20% leaves room for a truncated or uniform draw while still telling He from Glorot (2x apart).
    const variance = (a) => {
      const m = a.reduce((p, q) => p + q, 0) / a.length;
      return a.reduce((p, q) => p + (q - m) ** 2, 0) / (a.length - 1);
    };
    const cases = [
      ['he', 'tanh', 2 / 64],
      ['glorot', 'relu', 2 / 128],
      ['auto', 'relu', 2 / 64],
      ['auto', 'leaky_relu', 2 / 64],
      ['auto', 'tanh', 2 / 128],
      ['auto', 'selu', 1 / 64],
    ];
    for (const [init, act, expected] of cases) {
      withNet(
        {
          inputs: 64,
          init,
          layers: [
            { units: 64, activation: act },
            { units: 64, activation: act },
          ],
        },
        (net) => {
          const k = net.weights()[1].kernel;
          const v = variance(Array.from(k));
          assert.ok(
            Math.abs(v - expected) <= 0.2 * expected,
            `init ${init}/${act}: variance ${v}, expected ${expected}`,
          );
        },
      );
    }
  });
});

// ---------------------------------------------------------------- train / evaluate / predict

describe('train, evaluate, predict', () => {
  test('train returns {step, epoch, loss, diverged}; step advances by N', () => {
    withNet(netConfig(), (net) => {
      net.setData(moons);
      let step = 0;
      let lastEpoch = -1;
      for (const n of [1, 7, 13, 100]) {
        const r = net.train(n);
        for (const k of ['step', 'epoch', 'loss', 'diverged']) assert.ok(k in r, `train() result lacks ${k}`);
        step += n;
        assert.equal(r.step, step);
        assert.equal(typeof r.loss, 'number');
        assert.ok(Number.isFinite(r.loss) && r.loss > 0, `loss ${r.loss}`);
        assert.equal(r.diverged, false);
        assert.ok(Number.isInteger(r.epoch) && r.epoch >= lastEpoch, `epoch ${r.epoch} after ${lastEpoch}`);
        lastEpoch = r.epoch;
      }
      // 121 steps of 16 over 60 training points: an epoch is ceil(60/16) = 4 steps (last batch partial),
      // 60/16 steps (batches wrap around) or floor(60/16) = 3 steps (last batch dropped); allow 1 either way.
      const n = moons.train.count;
      const lo = Math.floor(step / Math.ceil(n / 16)) - 1;
      const hi = Math.ceil(step / Math.max(1, Math.floor(n / 16))) + 1;
      assert.ok(lastEpoch >= lo && lastEpoch <= hi, `epoch ${lastEpoch} not in [${lo}, ${hi}] after ${step} steps`);
      const r0 = net.train(0);
      assert.equal(r0.step, step, 'train(0) does not step');
    });
  });

  test('loss falls over training on moons with adam', () => {
    withNet(netConfig(), (net) => {
      net.setData(moons);
      const before = net.evaluate();
      const first = net.train(20).loss;
      let last;
      for (let i = 0; i < 10; i++) last = net.train(100).loss;
      const after = net.evaluate();
      assert.ok(last < first, `training-batch loss did not fall: first ${first}, last ${last}`);
      assert.ok(
        after.train.loss < 0.7 * before.train.loss,
        `inference train loss ${before.train.loss} -> ${after.train.loss}`,
      );
      assert.ok(
        after.train.accuracy > before.train.accuracy || after.train.accuracy > 0.8,
        `accuracy ${before.train.accuracy} -> ${after.train.accuracy}`,
      );
    });
  });

  test('evaluate: shape, and it agrees with predict (binary cross-entropy, accuracy)', () => {
    withNet(netConfig(), (net) => {
      net.setData(moons);
      net.train(200);
      const e = net.evaluate();
      // the documented keys must be there (extra ones, e.g. step/epoch, are allowed)
      for (const k of ['train', 'validation', 'diverged']) assert.ok(k in e, `evaluate() result lacks ${k}`);
      for (const k of ['loss', 'accuracy']) assert.ok(k in e.train && k in e.validation, `evaluate() sets lack ${k}`);
      assert.equal(e.diverged, false);
      for (const [key, set] of [
        ['train', moons.train],
        ['validation', moons.validation],
      ]) {
        const { loss, accuracy } = e[key];
        assert.ok(Number.isFinite(loss) && loss >= 0, `${key} loss ${loss}`);
        assert.ok(accuracy >= 0 && accuracy <= 1, `${key} accuracy ${accuracy}`);
        const p = copy(net.predict(set.x));
        let ce = 0;
        let right = 0;
        for (let i = 0; i < set.count; i++) {
          const q = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
          ce -= set.y[i] === 1 ? Math.log(q) : Math.log(1 - q);
          if ((p[i] >= 0.5 ? 1 : 0) === set.y[i]) right++;
        }
        ce /= set.count;
        assertClose(accuracy, right / set.count, 1.01 / set.count, `${key} accuracy vs predict`);
        assertClose(loss, ce, 1e-3 + 0.02 * ce, `${key} loss vs predict`);
      }
    });
  });

  test('evaluate: regression has accuracy null and loss = mean squared error', () => {
    const data = dp.makeDataset({ name: 'plane', points: 80, seed: 1 });
    withNet({ inputs: 2, task: 'regression', layers: [{ units: 8, activation: 'tanh' }] }, (net) => {
      net.setData(data);
      net.train(30);
      const e = net.evaluate();
      assert.equal(e.train.accuracy, null);
      assert.equal(e.validation.accuracy, null);
      const p = copy(net.predict(data.train.x));
      let mse = 0;
      for (let i = 0; i < data.train.count; i++) mse += (p[i] - data.train.y[i]) ** 2;
      mse /= data.train.count;
      assertClose(e.train.loss, mse, 1e-5 + 1e-3 * mse, 'regression train loss vs predict');
    });
  });

  test('evaluate: multiclass accuracy is argmax, loss is cross-entropy; a missing validation set gives null', () => {
    const data = dp.makeDataset({ name: 'blobs3', points: 90, seed: 2 });
    withNet({ inputs: 2, task: 'multiclass', classes: 3, layers: [{ units: 8 }] }, (net) => {
      net.setData({ train: data.train }); // validation omitted
      net.train(50);
      const e = net.evaluate();
      // "a missing set gives null": accept validation === null, or null loss and accuracy
      assert.ok(
        e.validation === null || (e.validation.loss === null && e.validation.accuracy === null),
        `validation for a missing set: ${JSON.stringify(e.validation)}`,
      );
      const p = copy(net.predict(data.train.x));
      let ce = 0;
      let right = 0;
      for (let i = 0; i < data.train.count; i++) {
        const r = Array.from(p.subarray(i * 3, i * 3 + 3));
        assertClose(r[0] + r[1] + r[2], 1, 1e-5, `softmax row ${i} sums to 1`);
        ce -= Math.log(Math.max(r[data.train.y[i]], 1e-7));
        if (r.indexOf(Math.max(...r)) === data.train.y[i]) right++;
      }
      ce /= data.train.count;
      assertClose(e.train.accuracy, right / data.train.count, 1.01 / data.train.count, 'multiclass accuracy');
      assertClose(e.train.loss, ce, 1e-3 + 0.02 * ce, 'multiclass loss');
    });
  });

  test('predict: a copy of count x outputs, probabilities in [0, 1]', () => {
    withNet(netConfig(), (net) => {
      net.setData(moons);
      net.train(10);
      const p = net.predict(moons.validation.x);
      assert.ok(p instanceof Float32Array);
      assert.equal(p.length, moons.validation.count);
      assert.ok(
        p.every((v) => v >= 0 && v <= 1),
        'binary outputs are probabilities',
      );
      if (dp.HEAPF32) assert.notEqual(p.buffer, dp.HEAPF32.buffer, 'predict returns a copy, not a heap view');
      const p1 = copy(p);
      net.predict(new Float32Array([10, 10]));
      assert.deepEqual(p, p1, 'an earlier predict result is unaffected by a later call');
    });
  });
});

// ---------------------------------------------------------------- grids and MC dropout

describe('predictGrid and predictMC', () => {
  test('predictGrid: a width x height x outputs heap view, row 0 at yMax, values in [0, 1]', (t) => {
    withNet(netConfig(), (net) => {
      net.setData(moons);
      net.train(100);
      const width = 7;
      const height = 5;
      const box = moons.box;
      const grid = net.predictGrid({ width, height, ...box });
      assert.ok(grid instanceof Float32Array);
      assert.equal(grid.length, width * height * 1);
      if (dp.HEAPF32) {
        assert.equal(grid.buffer, dp.HEAPF32.buffer, 'the grid is a view over the wasm heap');
      } else {
        // HEAPF32 is not exported by this build: the view-over-heap assertion is skipped.
        t.diagnostic('HEAPF32 not exported: grid.buffer === HEAPF32.buffer not checked');
      }
      const g = copy(grid);
      assert.ok(
        g.every((v) => v >= 0 && v <= 1),
        'binary grid values in [0, 1]',
      );
      // Cell (col i, row j) must be the network's output at one of the two usual sampling
      // conventions (cell edges including both ends, or cell centres), with row 0 at yMax.
      const { xMin, xMax, yMin, yMax } = box;
      const edges = new Float32Array(width * height * 2);
      const centres = new Float32Array(width * height * 2);
      for (let j = 0; j < height; j++) {
        for (let i = 0; i < width; i++) {
          const k = (j * width + i) * 2;
          edges[k] = xMin + (i * (xMax - xMin)) / (width - 1);
          edges[k + 1] = yMax - (j * (yMax - yMin)) / (height - 1);
          centres[k] = xMin + ((i + 0.5) * (xMax - xMin)) / width;
          centres[k + 1] = yMax - ((j + 0.5) * (yMax - yMin)) / height;
        }
      }
      const maxDiff = (p) => Math.max(...Array.from(g, (v, k) => Math.abs(v - p[k])));
      const dEdges = maxDiff(copy(net.predict(edges)));
      const dCentres = maxDiff(copy(net.predict(centres)));
      assert.ok(
        Math.min(dEdges, dCentres) <= 1e-5,
        `grid differs from predict at cell edges by ${dEdges} and at cell centres by ${dCentres}`,
      );
      // and the grid is not constant (the trained net separates the moons)
      assert.ok(Math.max(...g) - Math.min(...g) > 0.1, 'grid spans a range of probabilities');
    });
  });

  test('predictGrid: multiclass has outputs interleaved per cell, summing to 1', () => {
    const data = dp.makeDataset({ name: 'blobs3', points: 90, seed: 2 });
    withNet({ inputs: 2, task: 'multiclass', classes: 3, layers: [{ units: 8 }] }, (net) => {
      net.setData(data);
      net.train(20);
      const g = copy(net.predictGrid({ width: 6, height: 4, ...data.box }));
      assert.equal(g.length, 6 * 4 * 3);
      for (let c = 0; c < 24; c++) assertClose(g[3 * c] + g[3 * c + 1] + g[3 * c + 2], 1, 1e-5, `cell ${c}`);
    });
  });

  test('predictGrid thinned: differs from inference with dropout, same thinnedSeed gives the same grid', () => {
    withNet(netConfig(), (net) => {
      net.setData(moons);
      net.train(200);
      const spec = { width: 20, height: 20, ...moons.box };
      const inference = copy(net.predictGrid(spec));
      const t1 = copy(net.predictGrid({ ...spec, thinned: true, thinnedSeed: 7 }));
      const t2 = copy(net.predictGrid({ ...spec, thinned: true, thinnedSeed: 7 }));
      const t3 = copy(net.predictGrid({ ...spec, thinned: true, thinnedSeed: 8 }));
      assert.equal(t1.length, inference.length);
      assert.deepEqual(bits(t1), bits(t2), 'same thinnedSeed, same thinned network');
      assert.notDeepEqual(bits(t1), bits(inference), 'a thinned network differs from the inference network');
      assert.notDeepEqual(bits(t1), bits(t3), 'another thinnedSeed, another thinned network');
      assert.ok(t1.every((v) => v >= 0 && v <= 1));
      // the thinned call must not disturb training-mode state or inference
      assert.deepEqual(bits(copy(net.predictGrid(spec))), bits(inference), 'inference grid unchanged');
    });
  });

  test('predictGrid thinned without dropout equals the inference grid', () => {
    withNet(netConfig({ layers: [{ units: 16 }, { units: 16 }] }), (net) => {
      net.setData(moons);
      net.train(50);
      const spec = { width: 10, height: 10, ...moons.box };
      const inference = copy(net.predictGrid(spec));
      const thinned = copy(net.predictGrid({ ...spec, thinned: true, thinnedSeed: 3 }));
      for (let k = 0; k < inference.length; k++) assertClose(thinned[k], inference[k], 1e-6, `cell ${k}`);
    });
  });

  test('predictMC: mean/variance of count x outputs; variance > 0 with dropout, 0 without', () => {
    const x = moons.validation.x;
    const n = moons.validation.count;
    withNet(netConfig(), (net) => {
      net.setData(moons);
      net.train(100);
      const { mean, variance } = net.predictMC(x, 30);
      assert.ok(mean instanceof Float32Array && variance instanceof Float32Array);
      assert.equal(mean.length, n);
      assert.equal(variance.length, n);
      assert.ok(
        mean.every((v) => v >= 0 && v <= 1),
        'MC mean of probabilities is a probability',
      );
      assert.ok(
        variance.every((v) => v >= 0),
        'variances are not negative',
      );
      const positive = variance.filter((v) => v > 0).length;
      assert.ok(positive >= 0.9 * n, `only ${positive} of ${n} points have a positive MC variance`);
      // a variance of a [0,1] variable is at most 1/4
      assert.ok(
        variance.every((v) => v <= 0.25 + 1e-6),
        'variance of a probability <= 1/4',
      );
    });
    withNet(netConfig({ layers: [{ units: 16 }, { units: 16 }] }), (net) => {
      net.setData(moons);
      net.train(100);
      const { mean, variance } = net.predictMC(x, 10);
      const meanCopy = copy(mean);
      assert.equal(variance.length, n);
      assert.ok(
        variance.every((v) => v === 0),
        `variance without dropout: max ${Math.max(...variance)}`,
      );
      const p = copy(net.predict(x));
      for (let i = 0; i < n; i++) assertClose(meanCopy[i], p[i], 1e-5, `MC mean without dropout = predict, point ${i}`);
    });
  });
});

// ---------------------------------------------------------------- masks

describe('masks()', () => {
  test('one entry per site with 0/1 values; they change between steps', () => {
    const cfg = netConfig({
      inputDropout: { rate: 0.2 },
      layers: [
        { units: 32, rate: 0.5 },
        { units: 24, rate: 0.3 },
      ],
      batchSize: 16,
    });
    withNet(cfg, (net) => {
      net.setData(moons);
      net.train(1);
      const m1 = copyMasks(net);
      assert.equal(m1.length, 3, 'sites: input, hidden 1, hidden 2');
      assert.deepEqual(
        m1.map((m) => m.site),
        [0, 1, 2],
      );
      assert.deepEqual(
        m1.map((m) => m.units),
        [2, 32, 24],
      );
      for (const m of m1) {
        assert.equal(m.kind, 'bernoulli');
        assert.ok(Number.isInteger(m.rows) && m.rows >= 1, `rows ${m.rows}`);
        assert.equal(m.values.length, m.rows * m.units);
        assert.ok(
          m.values.every((v) => v === 0 || v === 1),
          `site ${m.site}: values are 0/1`,
        );
      }
      net.train(1);
      const m2 = copyMasks(net);
      assert.equal(m2.length, 3);
      for (const s of [1, 2]) {
        assert.notDeepEqual(bits(m2[s].values), bits(m1[s].values), `site ${s}: mask changed between steps`);
      }
    });
  });

  test('maskPer example: one row per example, rows differ', () => {
    withNet(netConfig({ maskPer: 'example', layers: [{ units: 64, rate: 0.5 }], batchSize: 16 }), (net) => {
      net.setData(moons);
      net.train(1);
      const m = copyMasks(net)[1];
      assert.ok(m.rows > 1 && m.rows <= 16, `rows ${m.rows} for a batch of 16`);
      const rows = new Set();
      for (let r = 0; r < m.rows; r++) rows.add(Array.from(m.values.subarray(r * m.units, (r + 1) * m.units)).join());
      assert.ok(rows.size > 1, 'masks differ between examples');
    });
  });

  test('maskPer batch: all rows of a step equal; maskPer epoch: one mask held for an epoch', () => {
    withNet(netConfig({ maskPer: 'batch', layers: [{ units: 64, rate: 0.5 }], batchSize: 16 }), (net) => {
      net.setData(moons);
      net.train(1);
      const m = copyMasks(net)[1];
      const first = Array.from(m.values.subarray(0, m.units));
      for (let r = 1; r < m.rows; r++) {
        assert.deepEqual(Array.from(m.values.subarray(r * m.units, (r + 1) * m.units)), first, `row ${r}`);
      }
      net.train(1);
      assert.notDeepEqual(Array.from(copyMasks(net)[1].values.subarray(0, m.units)), first, 'a fresh mask next step');
    });
    // 64 training points, batch 8: 8 steps per epoch. The mask must stay put for runs of exactly
    // 8 steps and change as often as the reported epoch advances (whichever way epochs are counted).
    const data = dp.makeDataset({ name: 'moons', points: 128, validation: 0.5, seed: 1 });
    assert.equal(data.train.count, 64);
    withNet(netConfig({ maskPer: 'epoch', layers: [{ units: 64, rate: 0.5 }], batchSize: 8 }), (net) => {
      net.setData(data);
      const masks = [];
      const epochs = [];
      for (let i = 0; i < 30; i++) {
        epochs.push(net.train(1).epoch);
        masks.push(Array.from(copyMasks(net)[1].values.subarray(0, 64)).join());
      }
      const changes = [];
      for (let i = 1; i < masks.length; i++) if (masks[i] !== masks[i - 1]) changes.push(i);
      assert.equal(
        changes.length,
        epochs[29] - epochs[0],
        `mask changed at steps ${changes.map((c) => c + 1)}; epochs went ${epochs[0]} -> ${epochs[29]}`,
      );
      assert.ok(
        changes.length >= 2,
        `mask changed only at steps ${changes.map((c) => c + 1)} in 30 steps of 8 per epoch`,
      );
      for (let k = 1; k < changes.length; k++) {
        assert.equal(
          changes[k] - changes[k - 1],
          8,
          `mask held for ${changes[k] - changes[k - 1]} steps, an epoch is 8`,
        );
      }
    });
  });

  for (const rate of [0.2, 0.5, 0.8]) {
    test(`bernoulli rate ${rate}: fraction kept within 4 binomial sigma of ${1 - rate}`, () => {
      withNet(
        netConfig({
          inputDropout: { rate },
          layers: [
            { units: 64, rate },
            { units: 64, rate },
          ],
          batchSize: 32,
          maskPer: 'example',
        }),
        (net) => {
          net.setData(moons);
          const kept = [0, 0, 0];
          const n = [0, 0, 0];
          for (let step = 0; step < 5; step++) {
            net.train(1);
            for (const m of net.masks()) {
              for (const v of m.values) kept[m.site] += v;
              n[m.site] += m.values.length;
            }
          }
          for (const s of [0, 1, 2]) {
            assert.ok(n[s] > 0, `site ${s} has mask values`);
            assertBinomial(kept[s], n[s], 1 - rate, `site ${s} at rate ${rate}`);
          }
        },
      );
    });
  }

  test('rate 0 gives all-ones masks', () => {
    withNet(netConfig({ layers: [{ units: 32 }, { units: 32, rate: 0 }] }), (net) => {
      net.setData(moons);
      net.train(3);
      const ms = copyMasks(net);
      assert.equal(ms.length, 3);
      for (const m of ms) assert.ok(m.values.length > 0 && m.values.every((v) => v === 1), `site ${m.site} all ones`);
    });
  });

  test('gaussian: noise factors with mean 1 and variance rate/(1-rate) (4 sigma)', () => {
    const rate = 0.3;
    const sigma2 = rate / (1 - rate);
    withNet(netConfig({ layers: [{ units: 64, rate, kind: 'gaussian' }], batchSize: 32 }), (net) => {
      net.setData(moons);
      const vals = [];
      for (let i = 0; i < 4; i++) {
        net.train(1);
        const m = net.masks()[1];
        assert.equal(m.kind, 'gaussian');
        vals.push(...m.values);
      }
      const n = vals.length;
      const mean = vals.reduce((p, q) => p + q, 0) / n;
      const s2 = vals.reduce((p, q) => p + (q - mean) ** 2, 0) / (n - 1);
      assertClose(mean, 1, 4 * Math.sqrt(sigma2 / n), `gaussian mean over ${n} factors`);
      // sd of a normal sample variance: sigma^2 sqrt(2/(n-1))
      assertClose(s2, sigma2, 4 * sigma2 * Math.sqrt(2 / (n - 1)), `gaussian variance over ${n} factors`);
    });
  });

  test('alpha: 0/1 values kept at 1 - rate; dropconnect: a 0/1 weight mask of the next layer', () => {
    const rate = 0.4;
    withNet(netConfig({ layers: [{ units: 64, activation: 'selu', rate, kind: 'alpha' }], batchSize: 32 }), (net) => {
      net.setData(moons);
      net.train(1);
      const m = net.masks()[1];
      assert.equal(m.kind, 'alpha');
      assert.equal(m.values.length, m.rows * m.units);
      assert.ok(m.values.every((v) => v === 0 || v === 1));
      assertBinomial(
        m.values.reduce((p, q) => p + q, 0),
        m.values.length,
        1 - rate,
        'alpha kept',
      );
    });
    withNet(netConfig({ layers: [{ units: 32, rate, kind: 'dropconnect' }, { units: 24 }], batchSize: 32 }), (net) => {
      net.setData(moons);
      net.train(1);
      const m = copyMasks(net)[1];
      assert.equal(m.kind, 'dropconnect');
      assert.equal(m.values.length, m.rows * m.units);
      assert.equal(m.values.length, 32 * 24, 'the inputs x units mask of the weights after layer 1');
      assert.ok(m.values.every((v) => v === 0 || v === 1));
      assertBinomial(
        m.values.reduce((p, q) => p + q, 0),
        m.values.length,
        1 - rate,
        'dropconnect kept',
      );
      net.train(1);
      assert.notDeepEqual(bits(copyMasks(net)[1].values), bits(m.values), 'dropconnect mask changes between steps');
    });
  });
});

// ---------------------------------------------------------------- weights, stats, update

describe('weights(), activationStats(), update()', () => {
  test('weights(): one entry per dense layer, output last, Keras shapes', () => {
    withNet(netConfig({ inputs: 2, layers: [{ units: 5 }, { units: 3 }, { units: 7 }] }), (net) => {
      const w = net.weights();
      assert.deepEqual(
        w.map((l) => [l.inputs, l.units]),
        [
          [2, 5],
          [5, 3],
          [3, 7],
          [7, 1],
        ],
      );
      for (const l of w) {
        assert.ok(l.kernel instanceof Float32Array && l.bias instanceof Float32Array);
        assert.equal(l.kernel.length, l.inputs * l.units);
        assert.equal(l.bias.length, l.units);
        assert.ok(l.kernel.every(Number.isFinite) && l.bias.every(Number.isFinite));
        assert.ok(
          l.kernel.some((v) => v !== 0),
          'kernel initialised',
        );
      }
    });
  });

  test('activationStats(x): one entry per hidden layer, consistent fields', () => {
    withNet(
      netConfig({
        layers: [
          { units: 12, activation: 'relu' },
          { units: 9, activation: 'tanh' },
        ],
      }),
      (net) => {
        net.setData(moons);
        net.train(20);
        const stats = net.activationStats(moons.validation.x);
        assert.equal(stats.length, 2);
        stats.forEach((s, i) => {
          assert.ok(s.layer === i + 1 || s.layer === i, `layer index ${s.layer} for hidden layer ${i + 1}`);
          assert.ok(s.unitMeans instanceof Float32Array);
          assert.equal(s.unitMeans.length, [12, 9][i]);
          assert.ok(s.nearZeroFraction >= 0 && s.nearZeroFraction <= 1, `nearZeroFraction ${s.nearZeroFraction}`);
          const avg = Array.from(s.unitMeans).reduce((p, q) => p + q, 0) / s.unitMeans.length;
          assertClose(
            s.meanActivation,
            avg,
            1e-4 + 1e-4 * Math.abs(avg),
            `layer ${i + 1} meanActivation = mean of unitMeans`,
          );
        });
        assert.ok(stats[0].meanActivation >= 0, 'relu activations are not negative');
        assert.ok(Array.from(stats[0].unitMeans).every((v) => v >= 0));
        assert.ok(
          Array.from(stats[1].unitMeans).every((v) => v >= -1 && v <= 1),
          'tanh means in [-1, 1]',
        );
      },
    );
  });

  test('activationStats: nearZeroFraction counts |a| < 1e-3 (checked on a 1-unit relu layer)', () => {
    // A 1-unit relu layer: its activation is exactly 0 on the points where its pre-activation is < 0.
    withNet({ inputs: 2, layers: [{ units: 1, activation: 'relu' }], seed: 2 }, (net) => {
      const w = copyWeights(net);
      const x = moons.train.x;
      let zero = 0;
      for (let i = 0; i < moons.train.count; i++) {
        const z = w[0].bias[0] + x[2 * i] * w[0].kernel[0] + x[2 * i + 1] * w[0].kernel[1];
        if (Math.abs(ACT.relu(z)) < 1e-3) zero++;
      }
      const [s] = net.activationStats(x);
      assertClose(s.nearZeroFraction, zero / moons.train.count, 1.01 / moons.train.count, 'nearZeroFraction');
    });
  });

  test('update({learningRate}) takes effect', () => {
    const cfg = netConfig({ layers: [{ units: 16 }], optimizer: 'sgd', learningRate: 0.1 });
    withNet(cfg, (slow) =>
      withNet(cfg, (fast) => {
        const w0 = copyWeights(slow);
        slow.update({ learningRate: 1e-6 }); // the smallest learning rate the API takes
        assertClose(slow.config().learningRate, 1e-6, 1e-12, 'config() shows the new learningRate');
        slow.setData(moons);
        fast.setData(moons);
        slow.train(20);
        fast.train(20);
        const change = (net) =>
          Math.max(...net.weights().flatMap((l, i) => Array.from(l.kernel, (v, k) => Math.abs(v - w0[i].kernel[k]))));
        const dSlow = change(slow);
        const dFast = change(fast);
        // SGD moves a weight by lr * gradient per step: 1e-5 times less at 1e-6 than at 0.1.
        assert.ok(dFast > 1e-3, `weights moved by only ${dFast} at learning rate 0.1`);
        assert.ok(dSlow < 1e-3 * dFast, `weights moved by ${dSlow} at learning rate 1e-6, ${dFast} at 0.1`);
      }),
    );
  });

  test('update({rates}) takes effect on the next step', () => {
    withNet(
      netConfig({
        inputDropout: { rate: 0.3 },
        layers: [
          { units: 32, rate: 0.5 },
          { units: 32, rate: 0.5 },
        ],
      }),
      (net) => {
        net.setData(moons);
        net.train(1);
        assert.ok(
          net.masks().some((m) => m.values.some((v) => v === 0)),
          'some units dropped before the update',
        );
        net.update({ rates: [0, 0, 0] });
        const c = net.config();
        assert.deepEqual([c.inputDropout.rate, ...c.layers.map((l) => l.rate)], [0, 0, 0]);
        net.train(1);
        for (const m of net.masks())
          assert.ok(
            m.values.every((v) => v === 1),
            `site ${m.site} all ones after rates [0,0,0]`,
          );
        net.update({ rates: [0, 0.5, 0] });
        net.train(1);
        const ms = copyMasks(net);
        assert.ok(
          ms[1].values.some((v) => v === 0),
          'site 1 drops again at rate 0.5',
        );
        assert.ok(
          ms[2].values.every((v) => v === 1),
          'site 2 still all ones',
        );
      },
    );
  });

  test('update({momentum, l2, maxNorm, batchSize}) shows in config(); maxNorm caps incoming norms', () => {
    withNet(netConfig({ optimizer: 'momentum', learningRate: 0.5, layers: [{ units: 16 }, { units: 16 }] }), (net) => {
      net.update({ momentum: 0.5, l1: 0.001, l2: 0.01, maxNorm: 0.5, batchSize: 8 });
      const c = net.config();
      assertClose(c.momentum, 0.5, 1e-7, 'momentum');
      assertClose(c.l1, 0.001, 1e-9, 'l1');
      assertClose(c.l2, 0.01, 1e-9, 'l2');
      assertClose(c.maxNorm, 0.5, 1e-7, 'maxNorm');
      assert.equal(c.batchSize, 8);
      net.setData(moons);
      net.train(50);
      for (const [li, l] of net.weights().entries()) {
        for (let j = 0; j < l.units; j++) {
          let s = 0;
          for (let i = 0; i < l.inputs; i++) s += l.kernel[i * l.units + j] ** 2;
          assert.ok(
            Math.sqrt(s) <= 0.5 * (1 + 1e-4),
            `layer ${li} unit ${j}: incoming norm ${Math.sqrt(s)} > maxNorm 0.5`,
          );
        }
      }
    });
  });

  test('l2 shrinks the weights compared with the same run without it', () => {
    const base = netConfig({ layers: [{ units: 16 }, { units: 16 }] });
    withNet(base, (plain) =>
      withNet({ ...base, l2: 0.05 }, (decayed) => {
        plain.setData(moons);
        decayed.setData(moons);
        plain.train(300);
        decayed.train(300);
        const a = sumSquares(copyWeights(plain));
        const b = sumSquares(copyWeights(decayed));
        assert.ok(b < a, `sum of squared weights with l2 ${b} not below without ${a}`);
      }),
    );
  });
});

// ---------------------------------------------------------------- snapshot, determinism

describe('snapshot, restore and determinism', () => {
  test('snapshot() survives JSON; restore continues bit-identically', () => {
    const cfg = netConfig({
      inputDropout: { rate: 0.1 },
      layers: [
        { units: 16, rate: 0.5 },
        { units: 16, activation: 'tanh', rate: 0.3, kind: 'gaussian' },
      ],
      maskPer: 'example',
    });
    withNet(cfg, (net) => {
      net.setData(moons);
      net.train(37);
      const snap = net.snapshot();
      for (const k of ['version', 'config', 'step', 'epoch', 'params', 'optimizer'])
        assert.ok(k in snap, `snapshot has ${k}`);
      assert.equal(snap.step, 37);
      const text = JSON.stringify(snap);
      const parsed = JSON.parse(text);
      assert.deepEqual(parsed, JSON.parse(JSON.stringify(parsed)), 'stable through JSON');
      const restored = dp.Network.restore(parsed);
      try {
        assert.deepEqual(restored.config(), net.config(), 'same config');
        assert.deepEqual(weightBits(restored), weightBits(net), 'same weights right after restore');
        restored.setData(moons);
        net.setData(moons);
        const a = [];
        const b = [];
        for (let i = 0; i < 3; i++) {
          const ra = net.train(50);
          const rb = restored.train(50);
          a.push([ra.step, ra.epoch, ra.loss]);
          b.push([rb.step, rb.epoch, rb.loss]);
        }
        assert.deepEqual(b, a, 'losses after restore are bit-identical');
        assert.deepEqual(weightBits(restored), weightBits(net), 'weights after restore + training are bit-identical');
        assert.deepEqual(bits(copyMasks(restored)[1].values), bits(copyMasks(net)[1].values), 'same masks');
      } finally {
        restored.delete();
      }
    });
  });

  test('snapshot of an untrained network restores and trains identically', () => {
    withNet(netConfig({ optimizer: 'momentum' }), (net) => {
      const restored = dp.Network.restore(JSON.parse(JSON.stringify(net.snapshot())));
      try {
        net.setData(moons);
        restored.setData(moons);
        assert.equal(restored.train(50).loss, net.train(50).loss);
        assert.deepEqual(weightBits(restored), weightBits(net));
      } finally {
        restored.delete();
      }
    });
  });

  test('same seed and config give identical losses; another seed does not', () => {
    const run = (seed) =>
      withNet(netConfig({ seed }), (net) => {
        net.setData(moons);
        const losses = [];
        for (let i = 0; i < 4; i++) losses.push(net.train(25).loss);
        return { losses, w: weightBits(net) };
      });
    const a = run(11);
    const b = run(11);
    const c = run(12);
    assert.deepEqual(b.losses, a.losses);
    assert.deepEqual(b.w, a.w);
    assert.notDeepEqual(c.losses, a.losses, 'another seed gives another run');
    assert.notDeepEqual(c.w, a.w);
  });

  test('same seed and architecture, with and without dropout or l2: identical initial weights', () => {
    const arch = {
      inputs: 2,
      layers: [
        { units: 16, activation: 'relu' },
        { units: 8, activation: 'tanh' },
      ],
      seed: 21,
    };
    const variants = [
      arch,
      {
        ...arch,
        layers: [
          { units: 16, activation: 'relu', rate: 0.5 },
          { units: 8, activation: 'tanh', rate: 0.2, kind: 'gaussian' },
        ],
        inputDropout: { rate: 0.2 },
      },
      { ...arch, l2: 0.01, maxNorm: 0 },
    ];
    const ws = variants.map((cfg) => withNet(cfg, (net) => weightBits(net)));
    assert.deepEqual(ws[1], ws[0], 'dropout does not change the initial weights');
    assert.deepEqual(ws[2], ws[0], 'l2 does not change the initial weights');
    const other = withNet({ ...arch, seed: 22 }, (net) => weightBits(net));
    assert.notDeepEqual(other, ws[0], 'another seed gives other weights');
  });
});

describe('unitGrid()', () => {
  test("is a (hidden units, height, width) view of each unit's inference response", async () => {
    const dp = await loadModule();
    const net = new dp.Network({
      inputs: 2,
      layers: [
        { units: 3, activation: 'tanh' },
        { units: 2, activation: 'relu' },
      ],
      seed: 4,
    });
    const box = { xMin: -2, xMax: 2, yMin: -1, yMax: 1 };
    const w = 4,
      h = 3;
    const grid = net.unitGrid({ width: w, height: h, ...box });
    assert.equal(grid.length, 5 * w * h);
    assert.equal(grid.buffer, dp.HEAPF32.buffer);
    const copy = Float32Array.from(grid);
    const [l1] = net.weights();
    // Cell (row j, column i): x = xMin + (i + .5) * dx, y = yMax - (j + .5) * dy; unit u of layer 1 is tanh(x K + b).
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++) {
        const px = box.xMin + ((i + 0.5) * (box.xMax - box.xMin)) / w;
        const py = box.yMax - ((j + 0.5) * (box.yMax - box.yMin)) / h;
        for (let u = 0; u < 3; u++) {
          const z = l1.bias[u] + px * l1.kernel[u] + py * l1.kernel[3 + u];
          assert.ok(Math.abs(copy[u * w * h + j * w + i] - Math.tanh(z)) < 1e-5);
        }
      }
    }
    // A 1-input network: its units along x (height 1), the same activations as a direct forward pass.
    const one = new dp.Network({ inputs: 1, layers: [{ units: 2, activation: 'tanh' }] });
    assert.throws(() => one.unitGrid({ width: 2, height: 2 }), /runs along x: height must be 1/);
    const line = Float32Array.from(one.unitGrid({ width: 4, height: 1, xMin: -2, xMax: 2 }));
    const [l] = one.weights();
    for (let u = 0; u < 2; u++)
      for (let i = 0; i < 4; i++) {
        const x = -2 + (i + 0.5); // cell centres: -1.5, -0.5, 0.5, 1.5
        assert.ok(Math.abs(line[u * 4 + i] - Math.tanh(l.bias[u] + x * l.kernel[u])) < 1e-5);
      }
    assert.throws(() => one.predictGrid({ width: 2, height: 1 }), /needs a network with 2 inputs/);
    one.delete();
    net.delete();
  });
});

describe('predictThinned()', () => {
  test('is one thinned network: the same as the thinned grid at the same points, and the inference output without dropout', async () => {
    const dp = await loadModule();
    const cfg = {
      inputs: 2,
      layers: [
        { units: 16, rate: 0.5 },
        { units: 16, rate: 0.5 },
      ],
      seed: 2,
    };
    const net = new dp.Network(cfg);
    const box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
    const grid = Float32Array.from(net.predictGrid({ width: 2, height: 2, ...box, thinned: true, thinnedSeed: 7 }));
    // The grid's cell centres, row 0 at the top.
    const x = new Float32Array([-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
    assert.deepEqual(Array.from(net.predictThinned(x, 7)), Array.from(grid));
    assert.notDeepEqual(Array.from(net.predictThinned(x, 8)), Array.from(grid));
    assert.notDeepEqual(Array.from(net.predict(x)), Array.from(grid));
    assert.throws(() => net.predictThinned(x, 'seven'), /seed must be a whole number/);
    const plain = new dp.Network({ ...cfg, layers: [{ units: 16 }, { units: 16 }] });
    assert.deepEqual(Array.from(plain.predictThinned(x, 7)), Array.from(plain.predict(x)));
    net.delete();
    plain.delete();
  });
});

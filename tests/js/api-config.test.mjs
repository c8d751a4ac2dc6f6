// The JS API of the built module, checked against docs/API.md:
// makeDataset and the Network constructor: defaults, config() echoing every setting,
// each combination training, predict() against a JS forward pass over weights(),
// dropout modes and initialisers.
// Run: node --test tests/js/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dp,
  DATASETS,
  ACTIVATIONS,
  TASKS,
  KINDS,
  MODES,
  MASK_PER,
  OPTIMIZERS,
  INITS,
  withNet,
  copy,
  copyWeights,
  assertClose,
  forward,
  row,
} from './api-helpers.mjs';

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

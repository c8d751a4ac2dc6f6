// The "remove one unit" probe through the JS API (docs/API.md): unitAblation(set),
// setSilenced(units) and silenced(). The C++ suite (tests/cpp/test_ablation.cpp)
// shows that silencing a unit is exactly zeroing its outgoing weights; here: the
// bindings return what the core computes, every bad argument is a readable Error,
// and nothing leaks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';

const dp = await loadModule();
const moons = dp.makeDataset({ name: 'moons', points: 80, noise: 0.3, seed: 4 });
const blobs = dp.makeDataset({ name: 'blobs3', points: 90, noise: 0.3, seed: 4 });
const sine = dp.makeDataset({ name: 'sine', points: 40, noise: 0.3, seed: 4 });

const config = (data, extra = {}) => ({
  inputs: data.inputs,
  task: data.task,
  ...(data.task === 'multiclass' ? { classes: data.classes } : {}),
  layers: [
    { units: 6, activation: 'relu', rate: 0.4 },
    { units: 5, activation: 'tanh', rate: 0.3 },
  ],
  inputDropout: { rate: 0.1 },
  batchSize: 8,
  seed: 7,
  ...extra,
});

function withNet(cfg, data, fn) {
  const net = new dp.Network(cfg);
  try {
    if (data) net.setData(data);
    return fn(net);
  } finally {
    net.delete();
  }
}

const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

/** Every inference output the silenced state affects, as arrays of numbers. */
function outputs(net, data) {
  const x = data.validation.x;
  const out = {
    predict: Array.from(net.predict(x)),
    thinned: Array.from(net.predictThinned(x, 3)),
    mc: Array.from(net.predictMC(x, 4).mean),
    pointLosses: Array.from(net.pointLosses('validation')),
    evaluate: net.evaluate().validation.loss,
    unitGrid: Array.from(net.unitGrid({ width: 6, height: data.inputs === 2 ? 6 : 1, ...boxOf(data) })),
  };
  if (data.inputs === 2) out.grid = Array.from(net.predictGrid({ width: 6, height: 6, ...data.box }));
  return out;
}

const boxOf = (data) => (data.inputs === 2 ? data.box : { xMin: data.box.xMin, xMax: data.box.xMax });

describe('unitAblation', () => {
  for (const [name, data, mode] of [
    ['binary, inverted', moons, 'inverted'],
    ['multiclass, original', blobs, 'original'],
    ['regression, original', sine, 'original'],
  ]) {
    test(`${name}: one loss per hidden unit, each the loss with that unit silenced`, () => {
      withNet(config(data, { dropoutMode: mode }), data, (net) => {
        net.train(120);
        const evaluated = net.evaluate();
        for (const set of ['validation', 'train']) {
          const a = net.unitAblation(set);
          const key = set === 'train' ? 'train' : 'validation';
          assert.equal(a.baseline, evaluated[key].loss, `${set}: the baseline is evaluate()'s loss`);
          assert.deepEqual(
            a.layers.map((l) => [l.layer, l.losses.length]),
            [
              [1, 6],
              [2, 5],
            ],
          );
          for (const { layer, losses } of a.layers) {
            assert.ok(losses instanceof Float32Array);
            for (let unit = 0; unit < losses.length; unit++) {
              net.setSilenced([{ layer, unit }]);
              assert.equal(losses[unit], Math.fround(net.evaluate()[key].loss), `${set} layer ${layer} unit ${unit}`);
            }
          }
          net.setSilenced([]);
          assert.ok(
            a.layers.some((l) => l.losses.some((v) => v !== Math.fround(a.baseline))),
            'some unit matters',
          );
        }
      });
    });
  }

  test('on top of silenced units: the baseline is the silenced network, a silenced unit changes nothing', () => {
    withNet(config(moons), moons, (net) => {
      net.train(100);
      net.setSilenced([{ layer: 2, unit: 1 }]);
      const a = net.unitAblation('validation');
      assert.equal(a.baseline, net.evaluate().validation.loss);
      assert.equal(a.layers[1].losses[1], Math.fround(a.baseline));
      assert.deepEqual(net.silenced(), [{ layer: 2, unit: 1 }], 'unitAblation leaves the silenced units as they were');
    });
  });

  test('null for an empty set; an empty list of layers without hidden layers', () => {
    withNet(config(moons), { train: moons.train }, (net) => assert.equal(net.unitAblation('validation'), null));
    withNet(config(moons, { layers: [] }), moons, (net) => {
      const a = net.unitAblation('train');
      assert.deepEqual(a.layers, []);
      assert.equal(a.baseline, net.evaluate().train.loss);
    });
  });

  test('bad arguments are readable Errors', () => {
    withNet(config(moons), moons, (net) => {
      assert.throws(() => net.unitAblation('test'), /unitAblation\(set\) needs 'train' or 'validation', got "test"/);
      assert.throws(() => net.unitAblation(1), /needs 'train' or 'validation', got 1/);
      assert.throws(() => net.unitAblation(), /network.unitAblation takes 1 \(set\), got 0/);
      assert.throws(() => net.unitAblation(new Map()), /unitAblation: set is a Map/);
    });
  });

  test('refused beyond the work limit of one call, before computing', () => {
    const big = dp.makeDataset({ name: 'moons', points: 5000, seed: 1 });
    const layers = Array.from({ length: 8 }, () => ({ units: 256 }));
    withNet({ inputs: 2, layers }, big, (net) => {
      assert.throws(
        () => net.unitAblation('validation'),
        /unitAblation\('validation'\) is too much work for one call \(.* multiply-adds, the limit is 2e\+10\)/,
      );
    });
  });
});

describe('setSilenced', () => {
  for (const data of [moons, sine]) {
    test(`${data.name}: changes every inference output; an empty list gives them back bit for bit`, () => {
      withNet(config(data), data, (net) => {
        net.train(120);
        const before = outputs(net, data);
        assert.deepEqual(net.silenced(), []);
        net.setSilenced([
          { layer: 2, unit: 3 },
          { layer: 1, unit: 0 },
          { layer: 2, unit: 3 },
        ]);
        assert.deepEqual(net.silenced(), [
          { layer: 1, unit: 0 },
          { layer: 2, unit: 3 },
        ]);
        const silenced = outputs(net, data);
        for (const key of Object.keys(before))
          assert.notDeepEqual(bits([silenced[key]].flat()), bits([before[key]].flat()), `${key} did not change`);
        // unitGrid: the silenced units' thumbnails are 0 (cells per unit = 36 or 6).
        const cells = silenced.unitGrid.length / 11;
        for (const unit of [0, 6 + 3])
          assert.ok(silenced.unitGrid.slice(unit * cells, (unit + 1) * cells).every((v) => v === 0));
        net.setSilenced([]);
        assert.deepEqual(net.silenced(), []);
        const after = outputs(net, data);
        for (const key of Object.keys(before))
          assert.deepEqual(bits([after[key]].flat()), bits([before[key]].flat()), `${key} came back`);
      });
    });
  }

  test('training ignores it: twins trained side by side, one silenced, end with the same weights', () => {
    withNet(config(moons), moons, (plain) =>
      withNet(config(moons), moons, (silenced) => {
        silenced.setSilenced([
          { layer: 1, unit: 2 },
          { layer: 2, unit: 4 },
        ]);
        for (let i = 0; i < 5; i++) {
          plain.train(40);
          silenced.train(40);
          silenced.unitAblation('train');
          silenced.evaluate();
        }
        const w = (net) => net.weights().flatMap((l) => [...bits(l.kernel), ...bits(l.bias)]);
        assert.deepEqual(w(silenced), w(plain));
        assert.notEqual(silenced.evaluate().validation.loss, plain.evaluate().validation.loss);
      }),
    );
  });

  test('bad lists are readable Errors, and a refused list changes nothing', () => {
    withNet(config(moons), moons, (net) => {
      net.setSilenced([{ layer: 1, unit: 5 }]);
      const cases = [
        [
          [{ layer: 0, unit: 0 }],
          /setSilenced\(units\)\[0\]\.layer \(a hidden layer\) must be a whole number from 1 to 2, got 0/,
        ],
        [[{ layer: 3, unit: 0 }], /layer \(a hidden layer\) must be a whole number from 1 to 2, got 3/],
        [
          [{ layer: 1, unit: 6 }],
          /setSilenced\(units\)\[0\]\.unit \(of layer 1\) must be a whole number from 0 to 5, got 6/,
        ],
        [
          [
            { layer: 1, unit: 0 },
            { layer: 2, unit: 5 },
          ],
          /\[1\]\.unit \(of layer 2\) must be a whole number from 0 to 4, got 5/,
        ],
        [[{ layer: 1, unit: -1 }], /from 0 to 5, got -1/],
        [[{ layer: 1.5, unit: 0 }], /got 1.5/],
        [[{ layer: '1', unit: 0 }], /got "1"/],
        [[{ layer: 1, unit: NaN }], /got NaN/],
        [[{ layer: 1 }], /setSilenced\(units\)\[0\] needs both a layer \(1 to 2\) and a unit/],
        [[{ layer: 1, unit: 0, bogus: 1 }], /unknown setting 'bogus' in setSilenced\(units\)\[0\]/],
        [[1], /setSilenced\(units\)\[0\] must be an object \{ layer, unit \}, got 1/],
        [[null], /must be an object \{ layer, unit \}, got null/],
        [[[1, 0]], /must be an object \{ layer, unit \}, got an array of 2/],
        ['1:0', /setSilenced\(units\) must be an array of \{ layer, unit \} \(an empty array clears\), got "1:0"/],
        [{ layer: 1, unit: 0 }, /must be an array .* got an object/],
        [null, /must be an array .* got null/],
        [new Float32Array(2), /must be an array .* got a Float32Array of 2/],
        [Array(2049).fill({ layer: 1, unit: 0 }), /setSilenced\(units\) may hold at most 2048 entries, got 2049/],
        [[{ layer: 1, unit: 0n }], /a BigInt/],
      ];
      for (const [arg, message] of cases) {
        assert.throws(
          () => net.setSilenced(arg),
          message,
          JSON.stringify(arg, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
        );
        assert.deepEqual(net.silenced(), [{ layer: 1, unit: 5 }], 'a refused list changes nothing');
      }
      assert.throws(() => net.setSilenced(), /network.setSilenced takes 1 \(units\), got 0/);
      assert.throws(() => net.silenced(1), /network.silenced takes no arguments, got 1/);
    });
    withNet(config(moons, { layers: [] }), moons, (net) => {
      assert.throws(
        () => net.setSilenced([{ layer: 1, unit: 0 }]),
        /this network has no hidden layers, so no unit to silence/,
      );
      net.setSilenced([]);
      assert.deepEqual(net.silenced(), []);
    });
  });

  test('not part of a snapshot: a restored network silences nothing', () => {
    withNet(config(moons), moons, (net) => {
      net.train(20);
      net.setSilenced([{ layer: 1, unit: 1 }]);
      const copy = dp.Network.restore(JSON.parse(JSON.stringify(net.snapshot())));
      try {
        assert.deepEqual(copy.silenced(), []);
      } finally {
        copy.delete();
      }
    });
  });
});

describe('no leak', () => {
  test('1000 rounds of ablations, silencing and refusals leave allocated bytes where they were', (t) => {
    const net = new dp.Network(config(moons));
    const round = (i) => {
      net.unitAblation(i % 2 ? 'train' : 'validation');
      net.setSilenced([{ layer: 1 + (i % 2), unit: i % 5 }]);
      net.silenced();
      net.predict(moons.validation.x);
      for (const bad of [
        () => net.unitAblation('nope'),
        () => net.setSilenced([{ layer: 9, unit: 0 }]),
        () => net.setSilenced('x'),
        () => net.setSilenced([{ layer: 1, unit: 0, extra: new Float32Array(1000) }]),
      ])
        assert.throws(bad);
      net.setSilenced([]);
    };
    try {
      net.setData(moons);
      net.train(30);
      for (let i = 0; i < 20; i++) round(i); // warm-up: buffers reach their size
      const before = dp.memoryStats().allocatedBytes;
      for (let i = 0; i < 1000; i++) round(i);
      const after = dp.memoryStats().allocatedBytes;
      t.diagnostic(`allocatedBytes: ${before} -> ${after}`);
      assert.equal(after, before);
    } finally {
      net.delete();
    }
    // And a network that was silenced and ablated frees everything when deleted.
    const base = dp.memoryStats().allocatedBytes;
    for (let i = 0; i < 50; i++)
      withNet(config(moons), moons, (n) => {
        n.setSilenced([{ layer: 2, unit: 2 }]);
        n.unitAblation('validation');
      });
    assert.equal(dp.memoryStats().allocatedBytes, base);
  });
});

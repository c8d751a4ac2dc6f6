// The defects found by fuzzing the API (issue 10), one test each, so a
// regression names its class. The fuzz test (fuzz.test.mjs) keeps the classes
// closed in general; these pin the examples that were found.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';

const dp = await loadModule();
const moons = dp.makeDataset({ name: 'moons', points: 60, seed: 1 });
const plane = dp.makeDataset({ name: 'plane', points: 80, seed: 1 });

function withNet(config, fn) {
  const net = new dp.Network(config);
  try {
    return fn(net);
  } finally {
    net.delete();
  }
}

const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

describe('memory safety', () => {
  test('unitGrid of 8 x 256 units at 2048 x 2048 is refused before allocating, not written out of bounds', () => {
    withNet({ inputs: 2, layers: Array.from({ length: 8 }, () => ({ units: 256 })) }, (net) => {
      const box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
      assert.throws(
        () => net.unitGrid({ width: 2048, height: 2048, ...box }),
        /unitGrid is too large: .* the limit is/,
      );
      assert.equal(net.unitGrid({ width: 8, height: 8, ...box }).length, 8 * 256 * 64);
    });
  });

  test('masks() after update({ kinds }) reports the masks of the last step as drawn, until the next step', () => {
    const config = {
      inputs: 2,
      layers: [{ units: 8, rate: 0.5 }],
      inputDropout: { rate: 0.5 },
      maskPer: 'batch',
      batchSize: 8,
    };
    withNet(config, (net) => {
      net.setData(moons);
      net.train(1);
      const before = net.masks();
      net.update({ kinds: ['dropconnect', 'dropconnect'] });
      const after = net.masks();
      assert.deepEqual(
        after.map((m) => [m.kind, m.rows, m.units, m.values.length]),
        before.map((m) => [m.kind, m.rows, m.units, m.values.length]),
      );
      assert.deepEqual(
        after.map((m) => m.kind),
        ['bernoulli', 'bernoulli'],
        'the kind the masks were drawn with',
      );
      for (const m of after)
        assert.ok(
          m.values.every((v) => v === 0 || v === 1),
          'kept / dropped, no garbage',
        );
      net.train(1);
      const next = net.masks();
      assert.deepEqual(
        next.map((m) => [m.kind, m.rows, m.units, m.values.length]),
        [
          ['dropconnect', 2, 8, 16],
          ['dropconnect', 8, 1, 8],
        ],
      );
    });
  });
});

describe('divergence', () => {
  test('NaN weights behind ReLU are reported: plane, layers [4, 8], SGD, learning rate 100', () => {
    for (const activation of ['relu', 'selu']) {
      const config = {
        inputs: 2,
        task: 'regression',
        layers: [
          { units: 4, activation },
          { units: 8, activation },
        ],
        optimizer: 'sgd',
        learningRate: 100,
      };
      withNet(config, (net) => {
        net.setData(plane);
        let r;
        for (let i = 0; i < 40; i++) {
          r = net.train(1);
          const finite = net.weights().every((l) => l.kernel.every(Number.isFinite) && l.bias.every(Number.isFinite));
          if (!finite)
            assert.equal(r.diverged, true, `${activation}: non-finite weights at step ${r.step}, not diverged`);
          if (r.diverged) break;
        }
        assert.equal(r.diverged, true, `${activation}: learning rate 100 should diverge within 40 steps`);
        assert.equal(net.evaluate().diverged, true);
        assert.throws(() => net.predictMC(plane.validation.x, 4), /diverged/);
      });
    }
  });
});

describe('snapshots', () => {
  const config = { inputs: 2, layers: [{ units: 8, rate: 0.5 }], seed: 2 };

  test('a diverged network snapshots and restores bit for bit through JSON (NaN included)', () => {
    withNet({ ...config, task: 'regression', optimizer: 'sgd', learningRate: 100 }, (net) => {
      net.setData(plane);
      while (!net.train(1).diverged);
      const snap = JSON.parse(JSON.stringify(net.snapshot()));
      assert.equal(snap.diverged, true);
      const copy = dp.Network.restore(snap);
      try {
        assert.deepEqual(
          copy.weights().map((l) => bits(l.kernel)),
          net.weights().map((l) => bits(l.kernel)),
        );
        assert.ok(
          copy.weights().some((l) => !l.kernel.every(Number.isFinite)),
          'the non-finite weights survive',
        );
      } finally {
        copy.delete();
      }
    });
  });

  test('-0 survives JSON', () => {
    withNet(config, (net) => {
      const snap = net.snapshot();
      // Biases start at +0: write a -0 into the first bias through a tampered snapshot.
      const bytes = Buffer.from(snap.params[0], 'base64');
      bytes.writeFloatLE(-0, 8 * 2 * 4); // the first bias, after the 2 x 8 kernel
      const copy = dp.Network.restore({ ...snap, params: [bytes.toString('base64'), snap.params[1]] });
      try {
        assert.ok(Object.is(copy.weights()[0].bias[0], -0));
        const again = dp.Network.restore(JSON.parse(JSON.stringify(copy.snapshot())));
        assert.ok(Object.is(again.weights()[0].bias[0], -0));
        again.delete();
      } finally {
        copy.delete();
      }
    });
  });

  test('a tampered snapshot is refused with the name of its field, and changes nothing', () => {
    withNet(config, (net) => {
      const good = net.snapshot();
      const cases = [
        [{ version: 999 }, /version must be 2/],
        [{ version: '2' }, /version must be 2/],
        [{ version: undefined }, /has no 'version'/],
        [{ optimizer: null }, /snapshot optimizer must be an array/],
        [{ params: [null, good.params[1]] }, /params\[0\] must be a base64 string/],
        [{ params: ['AAA=', good.params[1]] }, /params\[0\] is not base64 of float32/],
        [{ params: [good.params[0].slice(16), good.params[1]] }, /layer 1 has .* weights, the config needs/],
        [{ params: [good.params[1], good.params[0]] }, /weights, the config needs/],
        [{ step: 1.5 }, /snapshot step must be a whole number/],
        [{ step: -1 }, /snapshot step must be a whole number/],
        [{ diverged: 'yes' }, /snapshot diverged must be true or false/],
        [{ config: { ...good.config, layers: [{ units: 9 }] } }, /weights, the config needs/],
        [{ extra: 1 }, /unknown setting 'extra' in the snapshot/],
      ];
      for (const [change, message] of cases) {
        assert.throws(() => dp.Network.restore({ ...good, ...change }), message, JSON.stringify(change));
      }
      // NaN weights without diverged: damaged.
      const nan = Buffer.from(good.params[0], 'base64');
      nan.writeFloatLE(NaN, 0);
      assert.throws(
        () => dp.Network.restore({ ...good, params: [nan.toString('base64'), good.params[1]] }),
        /not finite numbers/,
      );
      assert.deepEqual(net.snapshot(), good, 'the network itself is untouched');
    });
  });
});

describe('numbers that are legal but useless are refused', () => {
  test('denormals, non-floats and out-of-range settings', () => {
    const base = { inputs: 2, layers: [{ units: 4 }] };
    const cases = [
      [{ momentum: 5e-324 }, /momentum must be a number a 32-bit float holds/],
      [{ beta1: 1e-50 }, /beta1 must be a number a 32-bit float holds/],
      [{ l2: 1e39 }, /L2 penalty must be a number a 32-bit float holds/],
      [{ l1: 1e-12 }, /L1 penalty must be 0 or from 1e-08 to 10/],
      [{ maxNorm: 1e-5 }, /max-norm .* must be 0 or from 0.001 to 1000/],
      [{ epsilon: 1e308 }, /32-bit float/],
      [{ epsilon: 10 }, /epsilon must be from 1e-12 to 1/],
      [{ learningRate: 1e3 }, /learning rate must be from 1e-06 to 100/],
      [{ layers: [{ units: 4, rate: 1e-9 }] }, /dropout rate of layer 1 must be in \[0, 1\)/],
      [{ seed: -3 }, /seed must be a whole number from 0/],
    ];
    for (const [change, message] of cases)
      assert.throws(() => new dp.Network({ ...base, ...change }), message, JSON.stringify(change));
    withNet(base, (net) => {
      const box = { width: 4, height: 4, xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
      assert.throws(() => net.predictGrid({ ...box, thinned: true, thinnedSeed: Infinity }), /thinnedSeed/);
      assert.throws(() => net.predictGrid({ ...box, xMin: -1e308, xMax: 1e308 }), /xMin must be within/);
      assert.throws(() => net.predictGrid({ ...box, xMax: 1e39 }), /xMax must be within/);
      assert.throws(() => net.predict([0, NaN]), /predict\(x\)\[1\] must be a finite number/);
      assert.throws(() => net.predictThinned([Infinity, 0], 1), /predictThinned\(x\)\[0\]/);
      assert.throws(() => net.activationStats(new Float32Array(0)), /at least one row/);
    });
  });

  test('train(10000000) is refused with the most steps a call may do', () => {
    withNet({ inputs: 2, layers: [{ units: 64 }, { units: 64 }], batchSize: 16 }, (net) => {
      net.setData(moons);
      assert.throws(() => net.train(10000000), /steps must be a whole number from 0 to 1000000/);
      const big = new dp.Network({
        inputs: 2,
        layers: Array.from({ length: 8 }, () => ({ units: 256 })),
        batchSize: 128,
      });
      try {
        big.setData(moons);
        assert.throws(() => big.train(100000), /too much work for one call .* at most \d+ steps per call/);
      } finally {
        big.delete();
      }
    });
  });
});

describe('type coercion is refused, naming the argument', () => {
  test('strings, booleans, null, holes and array-likes in data', () => {
    withNet({ inputs: 2, layers: [{ units: 4 }] }, (net) => {
      assert.throws(
        () => net.predict([true, null, '2', undefined]),
        /predict\(x\)\[0\] must be a finite number .* got true/,
      );
      assert.throws(() => net.predict([1, , 3, 4]), /predict\(x\)\[1\] .* got undefined/); // eslint-disable-line no-sparse-arrays
      assert.throws(() => net.predict({ 0: 1, 1: 2, length: 2 }), /must be a Float32Array, a Float64Array or an array/);
      assert.throws(() => net.predict(new BigInt64Array(1000)), /x is a BigInt64Array/);
      assert.throws(() => net.predict(new Int32Array(2)), /x is a Int32Array/);
      assert.throws(
        () => net.setData({ train: { x: { length: -1 }, y: new Float32Array([0]) } }),
        /training x must be a Float32Array/,
      );
      assert.throws(() => net.predictMC({ length: 1000000000 }, 4), /predictMC\(x\) must be a Float32Array/);
    });
  });
});

// The JS API of the built module, checked against docs/API.md:
// weights(), activationStats() and update().
// Run: node --test tests/js/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACT, moons, withNet, netConfig, copyWeights, copyMasks, assertClose, sumSquares } from './api-helpers.mjs';

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

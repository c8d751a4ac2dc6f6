// The JS API of the built module, checked against docs/API.md:
// masks(): what each dropout kind draws, per example, batch or epoch.
// Run: node --test tests/js/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dp, moons, withNet, netConfig, bits, copyMasks, assertClose, assertBinomial, row } from './api-helpers.mjs';

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

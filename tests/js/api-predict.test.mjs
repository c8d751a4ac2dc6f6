// The JS API of the built module, checked against docs/API.md:
// train, evaluate and predict; predictGrid and predictMC.
// Run: node --test tests/js/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dp, moons, withNet, netConfig, copy, bits, assertClose, row } from './api-helpers.mjs';

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

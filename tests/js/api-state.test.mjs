// The JS API of the built module, checked against docs/API.md:
// snapshot and restore, determinism, unitGrid() and predictThinned().
// Run: node --test tests/js/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dp, moons, withNet, netConfig, copy, bits, weightBits, copyMasks } from './api-helpers.mjs';
import { loadModule } from './load-module.mjs';

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

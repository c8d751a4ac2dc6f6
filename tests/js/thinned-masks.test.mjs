// thinnedMasks(seed): the masks of predictThinned's thinned network. Checked
// against the arithmetic: a linear network computed by hand with that mask
// gives predictThinned's output; the same seed, the same mask; a fresh mask
// per seed, kept at 1 − rate (4σ of the binomial over many seeds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';

const dp = await loadModule();

function network(mode, rate = 0.5) {
  const net = new dp.Network({
    inputs: 2,
    task: 'regression',
    layers: [{ units: 8, activation: 'linear', rate }],
    dropoutMode: mode,
    seed: 4,
  });
  net.setData(dp.makeDataset({ name: 'plane', points: 40, noise: 0.2, validation: 0.5, seed: 1 }));
  net.train(20);
  return net;
}

test("a hand computation with thinnedMasks' mask gives predictThinned's output (inverted and original)", () => {
  for (const mode of ['inverted', 'original']) {
    const net = network(mode);
    try {
      const x = Float32Array.from([0.7, -1.3, 2.2, 0.4]);
      const [w1, w2] = net.weights();
      for (const seed of [0, 1, 99, 123456]) {
        const masks = net.thinnedMasks(seed);
        assert.equal(masks.length, 2, 'the input site and the hidden site');
        assert.deepEqual(Array.from(masks[0].values), [1, 1], 'no dropout on the inputs');
        const m = masks[1];
        assert.equal(m.units, 8);
        assert.equal(m.rows, 1);
        const keep = mode === 'inverted' ? 1 / (1 - 0.5) : 1; // inverted scales kept units in training mode
        const out = net.predictThinned(x, seed);
        for (let r = 0; r < 2; r++) {
          let y = w2.bias[0];
          for (let j = 0; j < 8; j++) {
            let h = w1.bias[j];
            for (let i = 0; i < 2; i++) h += x[2 * r + i] * w1.kernel[i * 8 + j];
            y += h * m.values[j] * keep * w2.kernel[j];
          }
          assert.ok(Math.abs(y - out[r]) <= 1e-5 * (1 + Math.abs(y)), `${mode} seed ${seed}: ${y} vs ${out[r]}`);
        }
      }
    } finally {
      net.delete();
    }
  }
});

test('the same seed gives the same mask; over 2,000 seeds each unit is kept at 1 − rate (4σ)', () => {
  const rate = 0.3;
  const net = network('inverted', rate);
  try {
    assert.deepEqual(net.thinnedMasks(5)[1].values, net.thinnedMasks(5)[1].values);
    let kept = 0;
    let differs = 0;
    const n = 2000;
    let last = null;
    for (let s = 0; s < n; s++) {
      const v = net.thinnedMasks(s)[1].values;
      kept += v.reduce((a, b) => a + b, 0);
      if (last && v.some((x, i) => x !== last[i])) differs += 1;
      last = v;
    }
    const trials = n * 8;
    const sd = Math.sqrt(trials * rate * (1 - rate));
    assert.ok(Math.abs(kept - trials * (1 - rate)) <= 4 * sd, `kept ${kept} of ${trials}`);
    // Two masks of 8 units agree with probability ((1-r)^2 + r^2)^8 = 0.0336 at r = 0.3.
    assert.ok(differs > n * 0.9, `${differs} of ${n - 1} consecutive masks differ`);
  } finally {
    net.delete();
  }
});

test('refusals: a missing or bad seed is an Error', () => {
  const net = network('inverted');
  try {
    assert.throws(() => net.thinnedMasks(), /thinnedMasks takes 1 \(seed\), got 0/);
    assert.throws(() => net.thinnedMasks(-1), /thinnedMasks seed/);
    assert.throws(() => net.thinnedMasks('x'), /thinnedMasks seed/);
  } finally {
    net.delete();
  }
});

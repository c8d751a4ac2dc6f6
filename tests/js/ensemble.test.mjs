// The ensemble panel's measurement (web/worker-ensemble.js) and its reading
// (web/ensemble/ensemble-reading.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';
import { measureEnsemble } from '../../web/worker-ensemble.js';
import { spreadOf } from '../../web/worker-uncertainty.js';
import { readEnsemble } from '../../web/ensemble/ensemble-reading.js';

const dp = await loadModule();

function trained(spec, { activation = 'relu', rate = 0.5, steps = 200 } = {}) {
  const data = dp.makeDataset(spec);
  const net = new dp.Network({
    inputs: data.inputs,
    task: data.task,
    layers: [
      { units: 16, activation, rate },
      { units: 16, activation, rate },
    ],
    seed: 3,
  });
  net.setData(data);
  net.train(steps);
  return { data, net };
}
const xsOf = (box, n = 60) =>
  Float32Array.from({ length: n }, (_, i) => box.xMin + ((box.xMax - box.xMin) * i) / (n - 1));

test('k = 1, 2, 4 ... K; the average of all K is its own reference; one network is as far as its std says', () => {
  const { data, net } = trained({ name: 'moons', points: 100, noise: 0.4, validation: 0.5, seed: 2 });
  try {
    const m = measureEnsemble(net, data, 64);
    assert.deepEqual(m.ks, [1, 2, 4, 8, 16, 32, 64]);
    assert.equal(m.toAll[m.toAll.length - 1], 0);
    assert.equal(m.validation.length, 7);
    // The average of all K networks is much closer to itself at k = K/2 than one network is.
    assert.ok(m.toAll[5] < m.toAll[0], `${m.toAll}`);
    assert.ok(m.inference.accuracy >= 0 && m.inference.accuracy <= 1);
  } finally {
    net.delete();
  }
});

test('a linear regression network: inverted dropout makes the thinned networks average to the inference network', () => {
  // With linear units and a linear output, each output is linear in the masks, so
  // E[thinned] = inference exactly. Then E[(average of K − inference)²] = var / K at
  // each point, and by Jensen mean |average − inference| ≤ sqrt(mean var / K); the
  // bound used is 4 times that (Markov: a 1/16 chance to exceed, fixed by the seeds).
  const { data, net } = trained(
    { name: 'sine', points: 50, noise: 0.2, validation: 0.5, seed: 4 },
    { activation: 'linear', rate: 0.5 },
  );
  try {
    const xs = xsOf(data.box);
    const K = 256;
    const m = measureEnsemble(net, data, K, xs);
    const { std } = spreadOf((k) => net.predictThinned(xs, 2 ** 41 + 1 + k), K, 1);
    const meanVar = std.reduce((s, x) => s + x * x, 0) / std.length;
    const bound = 4 * Math.sqrt(meanVar / K);
    const last = m.toInference[m.toInference.length - 1];
    assert.ok(meanVar > 0, 'the thinned networks differ');
    assert.ok(last <= bound, `mean |average of ${K} − inference| ${last} > ${bound}`);
  } finally {
    net.delete();
  }
});

test('without dropout every thinned network is the inference network', () => {
  const { data, net } = trained({ name: 'circle', points: 60, noise: 0.3, validation: 0.5, seed: 1 }, { rate: 0 });
  try {
    const m = measureEnsemble(net, data, 16);
    assert.ok(m.toInference.every((d) => d === 0));
    assert.ok(m.toAll.every((d) => d === 0));
  } finally {
    net.delete();
  }
});

const M = (over) => ({
  K: 256,
  ks: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  toAll: [0.2, 0.14, 0.1, 0.07, 0.05, 0.035, 0.025, 0.012, 0],
  toInference: [0.21, 0.15, 0.11, 0.08, 0.06, 0.05, 0.045, 0.04, 0.04],
  validation: [
    { loss: 0.7, accuracy: 0.6 },
    { loss: 0.5, accuracy: 0.8 },
  ],
  inference: { loss: 0.45, accuracy: 0.78 },
  ...over,
});

test('the reading: close, loose or poor by the distance of one thinned network; loss and accuracy read together', () => {
  const close = readEnsemble(M({}), 'binary');
  assert.equal(close.closeness, 'close');
  assert.match(close.text, /falls from 0\.200 \(one network\) to 0\.025 \(64\)/);
  assert.match(
    close.text,
    /Loss and accuracy disagree: weight scaling has the lower loss, the ensemble average the higher accuracy\./,
  );
  const loose = readEnsemble(M({ toInference: [0.3, 0.2, 0.15, 0.12, 0.11, 0.1, 0.1, 0.1, 0.1] }), 'binary');
  assert.equal(loose.closeness, 'loose');
  assert.match(loose.text, /only loosely here: the inference network is 0\.100 from the average of 256, 50% of one/);
  const poor = readEnsemble(M({ toInference: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3] }), 'binary');
  assert.equal(poor.closeness, 'poor');
  assert.match(poor.text, /a poor stand-in here/);
  const agree = readEnsemble(
    M({
      validation: [
        { loss: 0.7, accuracy: 0.6 },
        { loss: 0.45, accuracy: 0.78 },
      ],
    }),
    'binary',
  );
  assert.match(agree.text, /The two agree\./);
  const better = readEnsemble(
    M({
      validation: [
        { loss: 0.7, accuracy: 0.6 },
        { loss: 0.3, accuracy: 0.9 },
      ],
    }),
    'binary',
  );
  assert.match(better.text, /Here the ensemble average does better\./);
  const regression = readEnsemble(
    M({
      validation: [
        { loss: 0.7, accuracy: null },
        { loss: 0.6, accuracy: null },
      ],
      inference: { loss: 0.4, accuracy: null },
    }),
    'regression',
  );
  assert.doesNotMatch(regression.text, /%/);
  assert.match(regression.text, /Here weight scaling does better\./);
});

test('on the circle lesson at its pause (step 500): the numbers What to try quotes', async (t) => {
  const { defaultsFor, datasetSpec, twinSpecs } = await import('../../web/settings.js');
  const { networkConfig } = await import('../../web/worker-twin.js');
  const s = defaultsFor('circle');
  const data = dp.makeDataset(datasetSpec(s));
  const net = new dp.Network(networkConfig(data, twinSpecs(s)[0]));
  try {
    net.setData(data);
    net.train(s.stop);
    const m = measureEnsemble(net, data, 256);
    const last = m.validation[m.validation.length - 1];
    t.diagnostic(
      `one ${m.toAll[0].toFixed(3)}, scaled ${m.toInference[8].toFixed(3)}; val avg ${last.loss.toFixed(3)} ${last.accuracy.toFixed(3)}, inference ${m.inference.loss.toFixed(3)} ${m.inference.accuracy.toFixed(3)}`,
    );
    assert.equal(readEnsemble(m, 'binary').closeness, 'poor');
    assert.equal(m.toInference[8].toFixed(3), '0.084');
    assert.equal(m.toAll[0].toFixed(3), '0.073');
    assert.equal(Math.round(last.accuracy * 100), 93);
    assert.equal(Math.round(m.inference.accuracy * 100), 87);
  } finally {
    net.delete();
  }
});

test('a network small enough to enumerate every mask: each thinned network is one of them, and the k-average tends to the exact mixture', () => {
  // 2 inputs -> 3 relu units (rate 0.5, inverted) -> 1 sigmoid: 8 masks, each with probability 1/8.
  const data = dp.makeDataset({ name: 'moons', points: 40, noise: 0.3, validation: 0.5, seed: 5 });
  const net = new dp.Network({
    inputs: 2,
    task: 'binary',
    layers: [{ units: 3, activation: 'relu', rate: 0.5 }],
    seed: 9,
  });
  try {
    net.setData(data);
    net.train(50);
    const [w1, w2] = net.weights();
    const x = [0.8, -1.1];
    const sigmoid = (z) => 1 / (1 + Math.exp(-z));
    const outputFor = (mask) => {
      let z = w2.bias[0];
      for (let j = 0; j < 3; j++) {
        const h = Math.max(0, w1.bias[j] + x[0] * w1.kernel[j] + x[1] * w1.kernel[3 + j]);
        z += h * mask[j] * 2 * w2.kernel[j]; // inverted: kept units x 1/(1 - 0.5)
      }
      return sigmoid(z);
    };
    const all = Array.from({ length: 8 }, (_, m) => outputFor([m & 1, (m >> 1) & 1, (m >> 2) & 1]));
    const exact = all.reduce((a, b) => a + b, 0) / 8;
    const sd = Math.sqrt(all.reduce((a, b) => a + (b - exact) ** 2, 0) / 8);
    const K = 4096;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const seed = 1000 + k;
      const p = net.predictThinned(Float32Array.from(x), seed)[0];
      const mask = Array.from(net.thinnedMasks(seed)[1].values);
      // Each thinned network is exactly one of the 8 (float32 arithmetic against double).
      assert.ok(Math.abs(p - outputFor(mask)) < 1e-5, `seed ${seed}: ${p} vs ${outputFor(mask)}`);
      sum += p;
    }
    // The average of K independent draws: within 4 standard errors of the mixture.
    assert.ok(Math.abs(sum / K - exact) <= (4 * sd) / Math.sqrt(K), `${sum / K} vs ${exact} (sd ${sd})`);
    assert.ok(sd > 0.01, 'the masks make different networks');
  } finally {
    net.delete();
  }
});

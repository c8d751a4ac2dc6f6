// Shared by the tests of the JS API (tests/js/api-*.test.mjs): the module, the option
// lists of docs/API.md, and small helpers (a JS forward pass, binomial bounds).
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';

export const dp = await loadModule();

export const DATASETS = {
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
export const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear', 'selu'];
export const TASKS = ['binary', 'multiclass', 'regression'];
export const KINDS = ['bernoulli', 'gaussian', 'alpha', 'dropconnect'];
export const MODES = ['inverted', 'original'];
export const MASK_PER = ['example', 'batch', 'epoch'];
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'];
export const INITS = ['auto', 'glorot', 'he'];

export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;
export const ACT = {
  relu: (v) => (v > 0 ? v : 0),
  leaky_relu: (v) => (v > 0 ? v : 0.01 * v),
  tanh: (v) => Math.tanh(v),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  linear: (v) => v,
  selu: (v) => (v > 0 ? SELU_LAMBDA * v : SELU_LAMBDA * SELU_ALPHA * (Math.exp(v) - 1)),
};

export const moons = dp.makeDataset({ name: 'moons', points: 120, noise: 0.35, validation: 0.5, seed: 3 });

/** Builds a network, runs fn(net), always deletes it. */
export function withNet(config, fn) {
  const net = new dp.Network(config);
  try {
    return fn(net);
  } finally {
    net.delete();
  }
}

export function netConfig(over = {}) {
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

export const copy = (a) => Float32Array.from(a);
export const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
export const copyWeights = (net) =>
  net.weights().map((w) => ({ inputs: w.inputs, units: w.units, kernel: copy(w.kernel), bias: copy(w.bias) }));
export const weightBits = (net) => net.weights().map((w) => ({ kernel: bits(w.kernel), bias: bits(w.bias) }));
export const copyMasks = (net) =>
  net.masks().map((m) => ({ site: m.site, kind: m.kind, units: m.units, rows: m.rows, values: copy(m.values) }));

export function assertClose(actual, expected, tol, what) {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: expected ${expected} ± ${tol}, got ${actual} (diff ${Math.abs(actual - expected)})`,
  );
}

/** |k - n q| <= 4 sqrt(n q (1-q)): a kept count k out of n at keep probability q. */
export function assertBinomial(kept, n, keep, what) {
  const sigma = Math.sqrt(n * keep * (1 - keep));
  const mean = n * keep;
  assert.ok(
    Math.abs(kept - mean) <= 4 * sigma,
    `${what}: kept ${kept} of ${n} (fraction ${(kept / n).toFixed(4)}), expected ${mean.toFixed(1)} ± 4σ = ±${(4 * sigma).toFixed(1)} (keep ${keep})`,
  );
}

/** Forward pass in JS from weights() (Keras layout), in inference mode. scales[s] multiplies site s. */
export function forward(weights, task, xrow, activations, scales = []) {
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

export function row(x, inputs, i) {
  return x.subarray(i * inputs, (i + 1) * inputs);
}

export function sumSquares(ws) {
  let s = 0;
  for (const w of ws) for (const v of w.kernel) s += v * v;
  return s;
}

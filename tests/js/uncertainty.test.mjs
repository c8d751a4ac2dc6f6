// The Monte-Carlo uncertainty overlay's numbers (web/worker-uncertainty.js):
// the mean and standard deviation over thinned networks, exact on known
// arrays; zero for a network without dropout; fixed networks from frame to frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';
import { spreadOf, uncertainty, UNCERTAINTY_GRID } from '../../web/worker-uncertainty.js';

const dp = await loadModule();

test('spreadOf: the mean and the population std of the output the mean ranks first', () => {
  // 2 points, 1 output, 4 passes: point 0 sees 0, 1, 0, 1 (mean 0.5, std 0.5); point 1 always 0.25.
  const passes = [
    [0, 0.25],
    [1, 0.25],
    [0, 0.25],
    [1, 0.25],
  ];
  const r = spreadOf((k) => Float32Array.from(passes[k]), 4, 1);
  assert.deepEqual([...r.mean], [0.5, 0.25]);
  assert.deepEqual([...r.std], [0.5, 0]);
  // 1 point, 3 outputs: class 2 has the largest mean; its std is reported.
  const three = [
    [0.1, 0.2, 0.7],
    [0.3, 0.2, 0.5],
  ];
  const m = spreadOf((k) => Float32Array.from(three[k]), 2, 3);
  assert.ok(Math.abs(m.mean[0] - 0.6) < 1e-6);
  assert.ok(Math.abs(m.std[0] - 0.1) < 1e-6);
});

const circle = { name: 'circle', points: 60, noise: 0.3, validation: 0.5, seed: 3 };
const sine = { name: 'sine', points: 50, noise: 0.3, validation: 0.5, seed: 3 };
function net(data, rate) {
  const n = new dp.Network({
    inputs: data.inputs,
    task: data.task,
    layers: [
      { units: 16, activation: 'relu', rate },
      { units: 16, activation: 'relu', rate },
    ],
    seed: 5,
  });
  n.setData(data);
  n.train(50);
  return n;
}

test('no dropout: every thinned network is the network, the std is 0 everywhere', () => {
  for (const spec of [circle, sine]) {
    const data = dp.makeDataset(spec);
    const n = net(data, 0);
    try {
      const xs = Float32Array.from({ length: 30 }, (_, i) => data.box.xMin + i * 0.1);
      const u = uncertainty(n, data, 8, data.inputs === 1 ? xs : null);
      assert.equal(u.maxStd, 0, spec.name);
      assert.equal(u.meanStd, 0);
    } finally {
      n.delete();
    }
  }
});

test('with dropout: the grid is T thinned networks over the plane, their std at each cell', () => {
  const data = dp.makeDataset(circle);
  const n = net(data, 0.5);
  try {
    const u = uncertainty(n, data, 16, null);
    assert.equal(u.kind, 'grid');
    assert.equal(u.std.length, UNCERTAINTY_GRID * UNCERTAINTY_GRID);
    assert.ok(u.meanStd > 0 && u.maxStd <= 0.5, `${u.meanStd} ${u.maxStd}`);
    // The same T networks give the same picture (fixed seeds): it moves only when training does.
    assert.deepEqual(uncertainty(n, data, 16, null).std, u.std);
    n.train(1);
    assert.notDeepEqual(uncertainty(n, data, 16, null).std, u.std);
  } finally {
    n.delete();
  }
});

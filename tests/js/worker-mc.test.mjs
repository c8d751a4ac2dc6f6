// Monte-Carlo validation numbers (web/worker-mc.js): without dropout the
// average of thinned networks is the network, so they must equal evaluate()'s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';
import { mcValidation } from '../../web/worker-mc.js';

const dp = await loadModule();

test('without dropout, the Monte-Carlo loss and accuracy are the inference ones', () => {
  for (const name of ['moons', 'blobs3', 'plane']) {
    const data = dp.makeDataset({ name, points: 80, noise: 0.3, seed: 5 });
    const net = new dp.Network({
      inputs: 2,
      task: data.task,
      ...(data.task === 'multiclass' ? { classes: data.classes } : {}),
      layers: [{ units: 16 }, { units: 16 }],
      seed: 2,
    });
    net.setData(data);
    net.train(200);
    const e = net.evaluate().validation;
    const mc = mcValidation(net, data, 4);
    // Probabilities are clamped at 1e-7 before the log: a difference only where the network is that sure.
    assert.ok(Math.abs(mc.loss - e.loss) < 1e-4 * Math.max(1, e.loss), `${name}: ${mc.loss} vs ${e.loss}`);
    assert.equal(mc.accuracy, e.accuracy, name);
    net.delete();
  }
});

test('with dropout, the Monte-Carlo numbers are those of the mean of the passes', () => {
  const data = dp.makeDataset({ name: 'moons', points: 60, noise: 0.5, seed: 3 });
  const net = new dp.Network({ inputs: 2, layers: [{ units: 32, rate: 0.5 }], seed: 1 });
  net.setData(data);
  net.train(300);
  const mc = mcValidation(net, data, 16);
  const { mean } = net.predictMC(data.validation.x, 16);
  let correct = 0;
  for (let i = 0; i < mean.length; i++) correct += mean[i] >= 0.5 === (data.validation.y[i] === 1) ? 1 : 0;
  assert.equal(mc.accuracy, correct / mean.length);
  assert.equal(mc.passes, 16);
  assert.ok(mc.loss > 0 && Number.isFinite(mc.loss));
  net.delete();
});

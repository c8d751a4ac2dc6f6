// The rate sweep ("Which rate?", web/sweep/): its plan, its independence from
// the order its networks are trained in (so from the number of workers), its
// reading in words, and what it shows on the circle lesson (the numbers the
// What to try panel quotes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';
import { defaultsFor, twinSpecs } from '../../web/settings.js';
import { networkConfig } from '../../web/worker-twin.js';
import { runJob } from '../../web/sweep/sweep-job.js';
import { SWEEP_RATES, readSweep, scaledRates, summarise, sweepKey, sweepPlan } from '../../web/sweep/sweep-plan.js';

const dp = await loadModule();
const circle = defaultsFor('circle');

function runPlan(plan, order = plan.jobs) {
  const data = dp.makeDataset(plan.dataset);
  const results = new Array(plan.jobs.length).fill(null);
  for (const job of order) results[job.index] = runJob(dp, data, job);
  return results;
}

test('the rates: hidden layers scaled together so the largest is the rate, the input rate kept', () => {
  assert.deepEqual(scaledRates([0.2, 0.5, 0.25], 0.8), [0.2, 0.8, 0.4]);
  assert.deepEqual(scaledRates([0, 0, 0], 0.3), [0, 0.3, 0.3], 'no dropout yet: every hidden layer at the rate');
  assert.deepEqual(scaledRates([0.1, 0.6], 0), [0.1, 0]);
  assert.deepEqual(scaledRates([0, 0.5, 0.5], 0.7), [0, 0.7, 0.7]);
});

test('the plan: every rate for each network seed (the page seed first), the lesson length or the chosen steps', () => {
  const plan = sweepPlan(circle);
  assert.equal(plan.jobs.length, SWEEP_RATES.length * circle.sweepSeeds);
  assert.deepEqual(
    plan.jobs.slice(0, 10).map((j) => j.rate),
    SWEEP_RATES,
  );
  assert.deepEqual([...new Set(plan.jobs.map((j) => j.spec.seed))], [circle.seed, circle.seed + 1, circle.seed + 2]);
  assert.ok(plan.jobs.every((j) => j.steps === circle.stop));
  assert.equal(sweepPlan({ ...circle, stop: 0 }).steps, 1000);
  assert.equal(sweepPlan({ ...circle, sweepSteps: 200 }).steps, 200);
  assert.equal(sweepPlan({ ...circle, sweepSeeds: 1 }).jobs.length, 10);
  // A job at twin A's rate with the page's seed is twin A's network.
  const [specA] = twinSpecs(circle);
  const j = plan.jobs.find((x) => x.seedIndex === 0 && x.rate === Math.max(...circle.rate.slice(1)));
  assert.deepEqual(j.spec, specA);
});

test('what the sweep depends on: data, network, optimiser, steps, seeds and the rates profile, not their size', () => {
  const k = sweepKey(circle);
  assert.equal(sweepKey({ ...circle, rate: [0, 0.3, 0.3] }), k, 'the rate itself is what the sweep varies');
  assert.equal(sweepKey({ ...circle, speed: 'turbo', thinned: 'average' }), k, 'views do not matter');
  for (const change of [
    { lr: 0.003 },
    { dataSeed: 3 },
    { layers: [32, 32] },
    { rate: [0.2, 0.6, 0.6] },
    { rate: [0, 0.6, 0.3] },
    { l2: 0.001 },
    { stop: 800 },
    { sweepSeeds: 1 },
    { seed: 2 },
  ])
    assert.notEqual(sweepKey({ ...circle, ...change }), k, JSON.stringify(change));
});

test('each network is the same whatever the order they are trained in (so whatever the number of workers)', () => {
  const plan = sweepPlan({ ...circle, sweepSeeds: 2, sweepSteps: 200 });
  const forward = runPlan(plan);
  // Reversed and interleaved, as two workers taking turns might.
  const shuffled = [...plan.jobs].reverse().sort((a, b) => (a.index % 2) - (b.index % 2));
  assert.deepEqual(runPlan(plan, shuffled), forward);
  // And the job at twin A's settings is twin A after as many steps.
  const data = dp.makeDataset(plan.dataset);
  const net = new dp.Network(networkConfig(data, twinSpecs({ ...circle })[0]));
  try {
    net.setData(data);
    net.train(200);
    const e = net.evaluate();
    const r = forward.find((x) => x.seedIndex === 0 && x.rate === 0.6);
    assert.equal(r.validation.loss, e.validation.loss);
    assert.equal(r.train.loss, e.train.loss);
  } finally {
    net.delete();
  }
});

const row = (rate, train, val, acc) => ({
  rate,
  count: 1,
  diverged: 0,
  trainLoss: { mean: train, min: train, max: train, values: [train] },
  validationLoss: { mean: val, min: val, max: val, values: [val] },
  validationAccuracy: acc == null ? null : { mean: acc, min: acc, max: acc, values: [acc] },
});

test('the reading: the best rate, overfitting without dropout, underfitting only where both losses rise', () => {
  const u = readSweep([row(0, 0.0, 2.0, 0.7), row(0.5, 0.05, 0.4, 0.85), row(0.9, 0.6, 0.7, 0.55)]);
  assert.equal(u.best, 0.5);
  assert.equal(u.underfit, 0.9);
  assert.match(u.text, /^Rate 0.5 has the lowest mean validation loss, 0.400\./);
  assert.match(u.text, /a gap of 2\.000, overfitting/);
  assert.match(u.text, /underfitting/);
  // Training loss up, validation loss down: not underfitting.
  const n = readSweep([row(0, 0.0, 2.0), row(0.5, 0.05, 0.4), row(0.9, 0.6, 0.3)]);
  assert.equal(n.best, 0.9);
  assert.equal(n.underfit, null);
  assert.doesNotMatch(n.text, /That is underfitting/);
  // No dropout best: said so, nothing claimed for dropout.
  const z = readSweep([row(0, 0.1, 0.3, 0.9), row(0.5, 0.2, 0.5, 0.8)]);
  assert.equal(z.best, 0);
  assert.match(z.text, /dropout does not help/);
  assert.doesNotMatch(z.text, /overfitting/);
  // Accuracy elsewhere: said so with both numbers.
  const a = readSweep([row(0, 0.0, 2.0, 0.7), row(0.5, 0.05, 0.4, 0.8), row(0.6, 0.06, 0.45, 0.9)]);
  assert.match(a.text, /peaks elsewhere, at rate 0\.6 \(90%, 80% at 0\.5\)/);
  // Regression (no accuracy) and too few results.
  assert.doesNotMatch(readSweep([row(0, 0.1, 0.5), row(0.3, 0.2, 0.4)]).text, /accuracy/);
  assert.equal(readSweep([row(0, 0.1, 0.5)]), null);
});

test('a diverged network counts as the worst, and partial results summarise what has finished', () => {
  const plan = { rates: [0, 0.5] };
  const r = (rate, loss, diverged = false) => ({
    rate,
    diverged,
    train: { loss, accuracy: 0.5 },
    validation: { loss, accuracy: 0.5 },
  });
  const rows = summarise(plan, [r(0, 0.2), r(0, NaN, true), r(0.5, 0.4), null]);
  assert.equal(rows[0].count, 2);
  assert.equal(rows[0].diverged, 1);
  assert.equal(rows[0].validationLoss.mean, Infinity);
  assert.equal(rows[1].validationLoss.mean, 0.4);
  assert.equal(readSweep(rows).best, 0.5);
  assert.match(readSweep(rows).text, /Diverged .*: 1 of 2 at rate 0;/);
});

test('on the circle lesson: the numbers the What to try panel quotes', (t) => {
  const plan = sweepPlan(circle);
  const rows = summarise(plan, runPlan(plan));
  const reading = readSweep(rows);
  const at = (rate) => rows.find((x) => x.rate === rate);
  t.diagnostic(
    rows
      .map(
        (x) =>
          `${x.rate}: train ${x.trainLoss.mean.toFixed(3)} val ${x.validationLoss.mean.toFixed(3)} acc ${x.validationAccuracy.mean.toFixed(3)}`,
      )
      .join('; '),
  );
  t.diagnostic(reading.text);
  assert.equal(reading.best, 0.5);
  assert.equal(reading.underfit, 0.7);
  assert.equal(at(0.5).validationLoss.mean.toFixed(2), '0.14');
  assert.equal(at(0).validationLoss.mean.toFixed(1), '5.5');
  assert.equal(at(0.9).validationAccuracy.mean.toFixed(2), '0.49');
  assert.equal(at(0.5).validationAccuracy.mean.toFixed(2), '0.96');
  assert.equal(at(0).validationAccuracy.mean.toFixed(2), '0.56');
});

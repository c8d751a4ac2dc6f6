// The numbers the "What to try" panel quotes (public/index.html), measured on
// the circle lesson over 20 datasets the lesson does not use (data seeds
// 501-520, network seed 1), as the page trains the twins. The panel rounds
// these means; the test checks that each effect the panel names is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';
import { datasetSpec, defaultsFor, twinSpecs } from '../../web/settings.js';
import { networkConfig } from '../../web/worker-twin.js';

const dp = await loadModule();
const SEEDS = Array.from({ length: 20 }, (_, i) => 501 + i);
const STEPS = defaultsFor('circle').stop;

/** Both twins on one dataset after the lesson's length, with B's best validation loss (every 10 steps). */
function run(change, dataSeed) {
  const s = { ...defaultsFor('circle'), ...change, dataSeed, seed: 1 };
  const data = dp.makeDataset(datasetSpec(s));
  const nets = twinSpecs(s).map((spec) => new dp.Network(networkConfig(data, spec)));
  try {
    for (const n of nets) n.setData(data);
    let bestB = Infinity;
    for (let t = 0; t < STEPS; t += 10) {
      for (const n of nets) n.train(10);
      bestB = Math.min(bestB, nets[1].evaluate().validation.loss);
    }
    const [a, b] = nets.map((n) => n.evaluate());
    return { a, b, bestB };
  } finally {
    for (const n of nets) n.delete();
  }
}
const runs = (change) => SEEDS.map((d) => run(change, d));
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const gap = (e) => e.validation.loss - e.train.loss;

test('overfitting: B climbs from its best validation loss and A keeps the smaller gap, in most datasets', (t) => {
  const r = runs({});
  const climbed = r.filter((x) => x.b.validation.loss > 1.5 * x.bestB).length;
  const smaller = r.filter((x) => gap(x.a) < gap(x.b)).length;
  t.diagnostic(`B climbed in ${climbed}, A's gap smaller in ${smaller} of 20 (the panel: 17 of 20)`);
  assert.ok(climbed >= 15 && smaller >= 15, `${climbed}, ${smaller}`);
});

test('the rate: at 0.8-0.9 the training loss stays high and accuracy falls toward chance; 0.9 has the lowest validation loss', (t) => {
  const byRate = Object.fromEntries([0.6, 0.8, 0.9].map((rate) => [rate, runs({ rate: [0, rate, rate] })]));
  const train = (rate) => mean(byRate[rate].map((x) => x.a.train.loss));
  const acc = (rate) => mean(byRate[rate].map((x) => x.a.validation.accuracy));
  const val = (rate) => mean(byRate[rate].map((x) => x.a.validation.loss));
  t.diagnostic(
    [0.6, 0.8, 0.9]
      .map((r) => `rate ${r}: train ${train(r).toFixed(3)}, acc ${acc(r).toFixed(3)}, val ${val(r).toFixed(3)}`)
      .join('; '),
  );
  assert.ok(train(0.8) > 3 * train(0.6) && train(0.9) > train(0.8), 'training loss stays high');
  assert.ok(acc(0.9) < 0.6 && acc(0.8) < acc(0.6), 'accuracy falls toward chance (0.5)');
  assert.ok(val(0.9) < val(0.6), 'yet 0.9 has the lower validation loss: read loss and accuracy together');
});

test("max-norm 1 tames B's validation loss, and with dropout A reaches the best accuracy", (t) => {
  const plain = runs({});
  const capped = runs({ maxNorm: 1 });
  const bLoss = (r) => mean(r.map((x) => x.b.validation.loss));
  const aAcc = (r) => mean(r.map((x) => x.a.validation.accuracy));
  t.diagnostic(
    `B loss ${bLoss(plain).toFixed(2)} -> ${bLoss(capped).toFixed(2)}; A acc ${aAcc(plain).toFixed(3)} -> ${aAcc(capped).toFixed(3)}`,
  );
  assert.ok(bLoss(capped) < 0.5 * bLoss(plain));
  assert.ok(aAcc(capped) > aAcc(plain));
});

// Trains a dataset lesson's twins as the page does (settings.js twinSpecs,
// worker-twin.js networkConfig), for the lesson tests and for checking a
// lesson's default seeds. Returns both twins' evaluations at the lesson's end.
import { datasetSpec, defaultsFor, twinSpecs } from '../../web/settings.js';
import { networkConfig } from '../../web/worker-twin.js';

/** One run: the lesson of `name` with these seeds, trained for `steps` (default: the lesson's length). */
export function runLesson(dp, name, { dataSeed, seed, steps } = {}) {
  const s = { ...defaultsFor(name) };
  if (dataSeed != null) s.dataSeed = dataSeed;
  if (seed != null) s.seed = seed;
  const data = dp.makeDataset(datasetSpec(s));
  const nets = twinSpecs(s).map((spec) => new dp.Network(networkConfig(data, spec)));
  try {
    for (const n of nets) n.setData(data);
    const total = steps ?? s.stop;
    for (let done = 0; done < total; done += 1000) for (const n of nets) n.train(Math.min(1000, total - done));
    return nets.map((n) => n.evaluate());
  } finally {
    for (const n of nets) n.delete();
  }
}

/** Did twin A win as the lesson's claim says? */
export function won(claim, [a, b]) {
  if (a.diverged || b.diverged) return false;
  const lossWin = a.validation.loss < b.validation.loss;
  if (claim === 'loss-and-accuracy') return lossWin && a.validation.accuracy >= b.validation.accuracy;
  return lossWin; // 'loss', 'loss-regression'
}

// What the page's panels ask of a twin on request (not every frame): the
// ensemble at this step, the "remove one unit" probe, and thinned networks to
// look at one by one. Each is a function of the wasm network and its data.

import { ENSEMBLE_GRID, ENSEMBLE_K, measureEnsemble } from './worker-ensemble.js';
import { addInto, copyPrediction, outputsOf } from './worker-outputs.js';

const ENSEMBLE_WORK = 1e10; // multiply-adds: about a second in wasm

/**
 * The ensemble (./worker-ensemble.js) with as many thinned networks as about a
 * second of work allows (at least 16). hidden: the hidden layers' units.
 */
export function ensembleProbe(net, dataset, hidden, curveXs) {
  const sizes = [dataset.inputs, ...hidden, dataset.outputs];
  let macs = 0;
  for (let i = 1; i < sizes.length; i++) macs += sizes[i - 1] * sizes[i];
  // curveXs: the x positions of a curve (1 input), or a table's rows (inputs each).
  const rows =
    (dataset.inputs === 2 ? ENSEMBLE_GRID ** 2 : curveXs.length / dataset.inputs) + (dataset.validation?.count ?? 0);
  let K = ENSEMBLE_K;
  while (K > 16 && K * rows * macs > ENSEMBLE_WORK) K /= 2;
  return measureEnsemble(net, dataset, K, curveXs);
}

/**
 * Each hidden unit's loss when silenced (unitAblation) on the validation
 * points (the training points if there are none), and the sparsity of the
 * hidden activations there.
 */
export function ablationProbe(net, dataset) {
  const set = dataset.validation?.count > 0 ? 'validation' : 'train';
  const a = net.unitAblation(set);
  const stats = net.activationStats(dataset[set].x);
  return {
    set,
    baseline: a.baseline,
    layers: a.layers.map((l) => ({ layer: l.layer, losses: Float32Array.from(l.losses) })),
    sparsity: stats.map((st) => ({
      layer: st.layer,
      meanActivation: st.meanActivation,
      nearZeroFraction: st.nearZeroFraction,
    })),
  };
}

/**
 * For each seed, the units its thinned network keeps (per site: 1 kept, 0
 * dropped) and its output (predictionOf(seed); null: the inference network);
 * their average, and the inference network's output.
 */
export function thinnedSamples(net, seeds, predictionOf) {
  const samples = seeds.map((seed) => ({
    seed,
    masks: net.thinnedMasks(seed).map((m) => ({ site: m.site, kind: m.kind, rate: m.rate, values: m.values })),
    prediction: predictionOf(seed),
  }));
  const average = copyPrediction(samples[0].prediction);
  const sum = outputsOf(average);
  for (const x of samples.slice(1)) addInto(sum, outputsOf(x.prediction));
  for (let i = 0; i < sum.length; i++) sum[i] /= samples.length;
  return { samples, average, inference: predictionOf(null) };
}

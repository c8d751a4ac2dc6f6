// The ensemble dropout trains, measured at one step (Srivastava et al. 2014,
// Fig. 11): the average of k thinned networks (one mask each, fixed seeds),
// for k = 1, 2, 4, ... K, against
//   - the inference network (weight scaling, what the page shows as "inference"):
//     the mean |average of k − inference| over a grid on the plane (or the curve);
//   - the average of all K, the best estimate of the ensemble's mean: the same distance;
//   - the validation set: the loss and accuracy of the k-average, beside the
//     inference network's.
// The first falls and levels off where weight scaling differs from the
// ensemble; the second keeps falling (about halving for every 4x k).

import { metricsOfMeans } from './worker-mc.js';

export const ENSEMBLE_K = 256;
export const ENSEMBLE_GRID = 50;
const SEED0 = 2 ** 41; // apart from the training view's and the uncertainty overlay's seeds

const powersOfTwo = (max) => {
  const ks = [];
  for (let k = 1; k <= max; k *= 2) ks.push(k);
  return ks;
};

function meanAbs(a, b, scale = 1) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] * scale - b[i]);
  return s / a.length;
}

/**
 * net: a wasm Network; dataset: its data; K: networks at most (a power of 2);
 * curveXs: the x positions for 1-D data, or the rows of a table (more than 2
 * inputs: the validation rows). Returns { ks, toInference, toAll,
 * validation: [{ loss, accuracy }] per k, inference: { loss, accuracy }, K }.
 */
export function measureEnsemble(net, dataset, K = ENSEMBLE_K, curveXs = null) {
  const ks = powersOfTwo(K);
  const plane = dataset.inputs === 2;
  const grid = { width: ENSEMBLE_GRID, height: ENSEMBLE_GRID, ...dataset.box };
  const outputsAt = (seed) =>
    plane ? net.predictGrid({ ...grid, thinned: true, thinnedSeed: seed }).slice() : net.predictThinned(curveXs, seed);
  const inference = plane ? net.predictGrid(grid).slice() : net.predict(curveXs);
  const v = dataset.validation;
  const hasValidation = v && v.count > 0;
  const sum = new Float64Array(inference.length);
  const valSum = hasValidation ? new Float64Array(v.count * dataset.outputs) : null;
  const averages = []; // the k-averages over the plane, for the distance to the average of all K
  const validation = [];
  for (let k = 1; k <= K; k++) {
    const o = outputsAt(SEED0 + k);
    for (let i = 0; i < o.length; i++) sum[i] += o[i];
    if (hasValidation) {
      const p = net.predictThinned(v.x, SEED0 + k);
      for (let i = 0; i < p.length; i++) valSum[i] += p[i];
    }
    if (ks.includes(k)) {
      averages.push(Float32Array.from(sum, (x) => x / k));
      if (hasValidation)
        validation.push(
          metricsOfMeans(
            dataset.task,
            Float32Array.from(valSum, (x) => x / k),
            v.y,
            dataset.outputs,
          ),
        );
    }
  }
  const all = averages[averages.length - 1];
  return {
    K,
    ks,
    toInference: averages.map((a) => meanAbs(a, inference)),
    toAll: averages.map((a) => meanAbs(a, all)),
    validation: hasValidation ? validation : null,
    inference: hasValidation ? metricsOfMeans(dataset.task, net.predict(v.x), v.y, dataset.outputs) : null,
    over: plane
      ? `a ${ENSEMBLE_GRID}×${ENSEMBLE_GRID} grid over the plane`
      : dataset.inputs > 2
        ? `the ${curveXs.length / dataset.inputs} validation rows`
        : `${curveXs.length} points along x`,
  };
}

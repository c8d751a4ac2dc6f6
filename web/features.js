// The per-feature view of a network with many inputs (the tabular20 dataset of
// the lesson's Keras example): how much the network relies on each input
// feature. Pure functions, shared by the worker, the bench and the tests.

/** tabular20's informative features: the first four (see cpp/data/datasets.cpp). */
export const INFORMATIVE = 4;

const CLAMP = 1e-7;

/** Mean binary cross-entropy of probabilities p for labels y (clamped like the core). */
export function binaryLoss(p, y) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], CLAMP), 1 - CLAMP);
    sum -= y[i] > 0.5 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / y.length;
}

/**
 * How much the network relies on each input feature, on one set of rows: the
 * rise of the loss when that feature is replaced by 0 (its mean: every feature
 * of tabular20 is N(0,1)) in every row, the others kept. predict(x) gives the
 * probabilities of rows x (count × inputs). Returns { base, rise: [inputs] }
 * (a rise below 0, when blanking a feature happens to help, counts as 0).
 */
export function featureReliance(predict, set, inputs) {
  const base = binaryLoss(predict(set.x), set.y);
  const rise = [];
  for (let k = 0; k < inputs; k++) {
    const x = Float32Array.from(set.x);
    for (let i = k; i < x.length; i += inputs) x[i] = 0;
    rise.push(Math.max(0, binaryLoss(predict(x), set.y) - base));
  }
  return { base, rise };
}

/** The share of the total reliance that falls on the first `informative` features (NaN if none at all). */
export function informativeShare(rise, informative = INFORMATIVE) {
  const total = rise.reduce((a, b) => a + b, 0);
  return rise.slice(0, informative).reduce((a, b) => a + b, 0) / total;
}

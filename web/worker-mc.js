// Monte-Carlo dropout on the validation set, for a twin's numbers: the loss and
// accuracy of the mean of `passes` thinned networks (predictMC), beside the
// inference (weight-scaled) ones. Dropout trains an ensemble; weight scaling
// approximates its average, and can be confidently wrong where the average is
// not (../shared/FINDINGS-claims.md, section 2). Pure functions of the network's
// outputs, so node can test them.

export const MC_PASSES = 32;
const EPS = 1e-7; // probabilities are clamped to [EPS, 1 - EPS] before the log

/**
 * Loss and accuracy of mean outputs. task: 'binary' | 'multiclass' |
 * 'regression'; means: (n, outputs); y: labels or targets. Regression:
 * mean squared error, accuracy null.
 */
export function metricsOfMeans(task, means, y, outputs) {
  const n = y.length;
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    if (task === 'regression') {
      loss += (means[i] - y[i]) ** 2;
    } else if (task === 'binary') {
      const p = Math.min(1 - EPS, Math.max(EPS, means[i]));
      loss -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
      correct += means[i] >= 0.5 === (y[i] === 1) ? 1 : 0;
    } else {
      const row = means.subarray(i * outputs, (i + 1) * outputs);
      loss -= Math.log(Math.min(1 - EPS, Math.max(EPS, row[y[i]])));
      let best = 0;
      for (let k = 1; k < outputs; k++) if (row[k] > row[best]) best = k;
      correct += best === y[i] ? 1 : 0;
    }
  }
  return { loss: loss / n, accuracy: task === 'regression' ? null : correct / n };
}

/** The validation loss and accuracy of the Monte-Carlo average of `passes` thinned networks. */
export function mcValidation(net, dataset, passes = MC_PASSES) {
  const v = dataset.validation;
  if (!v || v.count === 0) return null;
  const { mean } = net.predictMC(v.x, passes);
  return { ...metricsOfMeans(dataset.task, mean, v.y, dataset.outputs), passes };
}

// Monte-Carlo dropout's predictive uncertainty, for the overlay on a twin's
// boundary: T thinned networks (each one mask for every point, as the training
// view's thinned network), and at each point of a coarse grid over the plane,
// or of a 1-D curve, the standard deviation of their outputs:
//   binary:      the std of p(class 1), at most 0.5
//   multiclass:  the std of the probability of the class their mean predicts, at most 0.5
//   regression:  the std of the predicted value (1-D: drawn as mean ± 2 std)
// One mask per network keeps the picture coherent: it shows where whole
// networks disagree, not the noise of a fresh mask per point. The networks are
// the same from frame to frame (seeds SEED0 + k), so only training moves it.
// Without dropout every pass is the same network: null (nothing to show).

export const UNCERTAINTY_GRID = 40; // cells per side: T networks over 1,600 points
const SEED0 = 2 ** 40; // apart from the training view's seeds (step·count + k)

/**
 * The mean and std over `outputsOf(k)` for k < passes, of the output the mean
 * ranks first (one output per point). outputsOf(k): (n × outputs) Float32Array.
 */
export function spreadOf(outputsOf, passes, outputs) {
  let sum = null;
  let sq = null;
  for (let k = 0; k < passes; k++) {
    const o = outputsOf(k);
    if (!sum) {
      sum = new Float64Array(o.length);
      sq = new Float64Array(o.length);
    }
    for (let i = 0; i < o.length; i++) {
      sum[i] += o[i];
      sq[i] += o[i] * o[i];
    }
  }
  const n = sum.length / outputs;
  const mean = new Float32Array(n);
  const std = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let j = 1; j < outputs; j++) if (sum[i * outputs + j] > sum[i * outputs + k]) k = j;
    const m = sum[i * outputs + k] / passes;
    mean[i] = m;
    std[i] = Math.sqrt(Math.max(0, sq[i * outputs + k] / passes - m * m));
  }
  return { mean, std };
}

/**
 * The overlay's data: { kind: 'grid', width, height, std, passes, meanStd, maxStd }
 * for 2-D data, { kind: 'band', xs, mean, std, passes, meanStd, maxStd } for 1-D.
 */
export function uncertainty(net, dataset, passes, curveXs) {
  if (dataset.inputs === 1) {
    const { mean, std } = spreadOf((k) => net.predictThinned(curveXs, SEED0 + k), passes, dataset.outputs);
    return { kind: 'band', xs: curveXs.slice(), mean, std, passes, ...summary(std) };
  }
  const n = UNCERTAINTY_GRID;
  const grid = { width: n, height: n, ...dataset.box, thinned: true };
  const { std } = spreadOf((k) => net.predictGrid({ ...grid, thinnedSeed: SEED0 + k }), passes, dataset.outputs);
  return { kind: 'grid', width: n, height: n, std, passes, ...summary(std) };
}

function summary(std) {
  let sum = 0;
  let max = 0;
  for (const s of std) {
    sum += s;
    if (s > max) max = s;
  }
  return { meanStd: sum / std.length, maxStd: max };
}

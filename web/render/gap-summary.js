// The generalisation gaps of both twins side by side, above the loss chart,
// with one sentence comparing them. Reads frames, changes nothing.

const fmt = (v) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}` : '–');

export function createGapSummary(root) {
  const values = [...root.querySelectorAll('[data-gap]')];
  const verdict = root.querySelector('.gaps__verdict');

  function gapOf(t) {
    const v = t.evaluation.validation?.loss;
    return v == null ? NaN : v - t.evaluation.train.loss;
  }

  function show(frame) {
    const gaps = frame.twins.map(gapOf);
    gaps.forEach((g, i) => (values[i].textContent = fmt(g)));
    verdict.textContent = verdictText(frame.epoch, gaps);
  }

  return { show };
}

function verdictText(epoch, [a, b]) {
  if (epoch < 10 || !Number.isFinite(a) || !Number.isFinite(b)) return 'Train for a while, then compare the gaps.';
  const [small, large, which] = a < b ? [a, b, 'B'] : [b, a, 'A'];
  if (large < 0.05 || large - small < 0.05) return 'The two gaps are about the same.';
  return `Twin ${which} has the larger gap: it fits its training points better than new points.`;
}

// Above the loss chart: both twins' generalisation gaps (validation − training
// loss) and the verdict, the sentence that reads all of both twins' numbers
// together (web/verdict.js). Reads frames and the run's history, changes nothing.

import { verdict } from '../verdict.js';

const fmt = (v) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}` : '–');

export function createGapSummary(root) {
  const values = [...root.querySelectorAll('[data-gap]')];
  const line = root.querySelector('.gaps__verdict');

  function gapOf(t) {
    const v = t.evaluation.validation?.loss;
    return v == null ? NaN : v - t.evaluation.train.loss;
  }

  /** frame: the latest frame; history: run-history.js; rates: each twin's [input, hidden...]; task; circled: points are drawn. */
  function show(frame, { history, rates, task, circled = true }) {
    frame.twins.forEach((t, i) => {
      const g = gapOf(t);
      values[i].textContent = fmt(g);
      values[i].dataset.sign = !Number.isFinite(g) ? '' : g > 0.05 ? 'positive' : g < -0.05 ? 'negative' : 'zero';
    });
    const v = verdict({
      epoch: frame.epoch,
      task,
      circled,
      twins: frame.twins.map((t, i) => ({ ...t, best: history.best(i), rates: rates[i] })),
    });
    line.textContent = v.text;
    line.dataset.tone = v.tone;
  }

  function reset() {
    for (const v of values) {
      v.textContent = '–';
      v.dataset.sign = '';
    }
    line.textContent = '';
    line.dataset.tone = 'neutral';
  }

  return { show, reset };
}

// "The ensemble" panel: on request, measures twin A's ensemble at the current
// step in the training worker (../worker-ensemble.js), draws it and reads it
// in words. The measurement is of one step: when training moves on, the panel
// says so rather than show it as current.
//
// data-state on the panel: idle | measuring | done | stale | none (A has no dropout).

import { createEnsembleChart } from '../render/ensemble-chart.js';
import { ofWhat, readEnsemble } from './ensemble-reading.js';
import { createMeasuredPanel } from '../ui/measured-panel.js';

export function createEnsemblePanel(panel, options) {
  let asked = 0;
  const base = createMeasuredPanel(panel, 'ensemble', {
    ...options,
    busyText: "Measuring twin A's ensemble…",
    whoTrained: 'twin A has',
    onAsk: () => (asked = performance.now()),
  });
  const { status, svg, reading: readingEl } = base;
  const chart = createEnsembleChart(svg);

  /** The worker's answer: { step, result } (result null: A has no dropout). */
  function show({ step, result }, task) {
    if (!result) {
      base.measured(step, 'none');
      svg.setAttribute('hidden', '');
      readingEl.textContent = '';
      status.textContent =
        'Twin A has no dropout: every thinned network is the network itself, so there is no ensemble to measure. Give A a rate first.';
      return;
    }
    const seconds = ((performance.now() - asked) / 1000).toFixed(1);
    svg.removeAttribute('hidden');
    chart.draw(result, { ofWhat: ofWhat(task) });
    const reading = readEnsemble(result, task);
    readingEl.textContent = reading.text;
    panel.dataset.closeness = reading.closeness;
    panel.dataset.step = String(step);
    svg.setAttribute('aria-label', `The ensemble of twin A at step ${step}. ${reading.text}`);
    const where = result.over.includes('validation') ? result.over : `${result.over} and the validation points`;
    status.textContent = `Twin A at step ${step}: ${result.K} thinned networks over ${where}, in ${seconds} s.`;
    base.measured(step);
  }

  return { show, frame: base.frame, reset: base.reset };
}

// "The ensemble" panel: on request, measures twin A's ensemble at the current
// step in the training worker (../worker-ensemble.js), draws it and reads it
// in words. The measurement is of one step: when training moves on, the panel
// says so rather than show it as current.
//
// data-state on the panel: idle | measuring | done | stale | none (A has no dropout).

import { createEnsembleChart } from '../render/ensemble-chart.js';
import { ofWhat, readEnsemble } from './ensemble-reading.js';

export function createEnsemblePanel(panel, { request, pauseTraining, isRunning }) {
  const $ = (s) => panel.querySelector(s);
  const button = $('.ensemble__run');
  const status = $('.ensemble__status');
  const svg = $('.ensemble__chart');
  const readingEl = $('.ensemble__reading');
  const chart = createEnsembleChart(svg);
  let measuredStep = null;
  let asked = 0;

  const setState = (name) => {
    panel.dataset.state = name;
    button.disabled = name === 'measuring';
  };

  button.addEventListener('click', () => {
    if (isRunning()) pauseTraining();
    asked = performance.now();
    setState('measuring');
    status.textContent = "Measuring twin A's ensemble…";
    request();
  });

  /** The worker's answer: { step, result } (result null: A has no dropout). */
  function show({ step, result }, task) {
    measuredStep = step;
    if (!result) {
      setState('none');
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
    status.textContent = `Twin A at step ${step}: ${result.K} thinned networks over ${result.over} and the validation points, in ${seconds} s.`;
    setState('done');
  }

  /** Each frame: a measurement of an earlier step is marked as such. */
  function frame(step) {
    if (measuredStep == null || panel.dataset.state === 'measuring' || panel.dataset.state === 'none') return;
    const stale = step !== measuredStep;
    if (stale && panel.dataset.state !== 'stale') {
      setState('stale');
      status.textContent = `Measured at step ${measuredStep}; twin A has trained on since. Measure again to update.`;
    }
  }

  /** New networks: nothing measured yet. */
  function reset() {
    measuredStep = null;
    setState('idle');
    svg.setAttribute('hidden', '');
    readingEl.textContent = '';
    status.textContent = '';
  }

  reset();
  return { show, frame, reset };
}

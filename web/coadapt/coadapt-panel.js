// The "Co-adaptation: remove one unit" panel: on request, silences each hidden
// unit of both twins in turn (in the worker: unitAblation) and charts how much
// each one's removal raises the validation loss, read in words, with what the
// lesson measured over 20 datasets. The probe is of one step: when training
// moves on, the panel says so.
//
// data-state: idle | measuring | done | stale

import { createCoadaptChart } from '../render/coadapt-chart.js';
import { readProbe, summariseProbe } from './coadapt-reading.js';
import { measuredText } from './coadapt-claims.js';

export function createCoadaptPanel(panel, { request, pauseTraining, isRunning }) {
  const $ = (s) => panel.querySelector(s);
  const button = $('.coadapt__run');
  const status = $('.coadapt__status');
  const svg = $('.coadapt__chart');
  const readingEl = $('.coadapt__reading');
  const chart = createCoadaptChart(svg);
  let measuredStep = null;

  const setState = (name) => {
    panel.dataset.state = name;
    button.disabled = name === 'measuring';
  };

  button.addEventListener('click', () => {
    if (isRunning()) pauseTraining();
    setState('measuring');
    status.textContent = 'Silencing each unit in turn…';
    request();
  });

  /** msg: the worker's { step, twins: [probeA, probeB] }; s: the settings; task: the dataset's. */
  function show(msg, s, task) {
    measuredStep = msg.step;
    const [a, b] = msg.twins.map(summariseProbe);
    const regression = task === 'regression';
    const reading = readProbe(a, b, {
      regression,
      rateA: s.rate.some((r) => r > 0),
      rateB: s.rateB > 0,
    });
    const measured = s.rate.some((r) => r > 0) && s.rateB === 0 ? measuredText(s.dataset) : null;
    readingEl.textContent = measured ? `${reading.text} ${measured}` : reading.text;
    if (a && b) {
      svg.removeAttribute('hidden');
      chart.draw([a, b], { loss: regression ? 'squared error' : 'loss' });
      svg.setAttribute('aria-label', `Removing one unit at step ${msg.step}. ${reading.text}`);
      panel.dataset.largest = `${a.largest},${b.largest}`;
    } else svg.setAttribute('hidden', '');
    panel.dataset.step = String(msg.step);
    status.textContent = `Both twins at step ${msg.step}, on the ${a?.set ?? 'validation'} points.`;
    setState('done');
  }

  function frame(step) {
    if (measuredStep == null || panel.dataset.state !== 'done' || step === measuredStep) return;
    setState('stale');
    status.textContent = `Measured at step ${measuredStep}; the twins have trained on since. Measure again to update.`;
  }

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

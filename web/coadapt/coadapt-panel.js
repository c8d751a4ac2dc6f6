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
import { createMeasuredPanel } from '../ui/measured-panel.js';

export function createCoadaptPanel(panel, options) {
  const base = createMeasuredPanel(panel, 'coadapt', {
    ...options,
    busyText: 'Silencing each unit in turn…',
    whoTrained: 'the twins have',
  });
  const { status, svg, reading: readingEl } = base;
  const chart = createCoadaptChart(svg);

  /** msg: the worker's { step, twins: [probeA, probeB] }; s: the settings; task: the dataset's. */
  function show(msg, s, task) {
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
    base.measured(msg.step);
  }

  return { show, frame: base.frame, reset: base.reset };
}

// The losses of "Where dropout applies" over training steps, drawn with uPlot:
// each network's validation loss (solid) and training loss (dashed), in its
// colour. Reads a lab's history (families-lab.js), changes nothing.

import uPlot from '../../vendor/uplot/uPlot.min.mjs';
import { VARIANT_COLOURS } from '../render/families-draw.js';

const HEIGHT = 200;
const drawable = (v) => (Number.isFinite(v) && v >= 0 ? v : null);

export function createFamiliesChart(container) {
  let plot = null;

  function build(variants) {
    plot?.destroy();
    const series = [{ label: 'step' }];
    variants.forEach((v, i) => {
      const name = v.label.split(':')[0];
      series.push({ label: `${name}, validation`, stroke: VARIANT_COLOURS[i], width: 2 });
      series.push({ label: `${name}, training`, stroke: VARIANT_COLOURS[i], width: 1, dash: [4, 4] });
    });
    plot = new uPlot(
      {
        width: container.clientWidth || 320,
        height: HEIGHT,
        series,
        scales: { x: { time: false }, y: { range: (u, lo, hi) => [0, Math.max(0.1, hi * 1.05)] } },
        axes: [{ label: 'training steps' }, { label: 'loss' }],
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
      },
      [[], ...series.slice(1).map(() => [])],
      container,
    );
    container.dataset.points = '0';
  }

  return {
    reset(variants) {
      build(variants);
    },
    /** history: per network, [{ step, trainLoss, validationLoss }]. */
    set(history) {
      if (!plot) return;
      const steps = history[0].map((h) => h.step);
      const columns = [steps];
      history.forEach((h) => {
        columns.push(h.map((x) => drawable(x.validationLoss)));
        columns.push(h.map((x) => drawable(x.trainLoss)));
      });
      plot.setData(columns);
      container.dataset.points = String(steps.length);
    },
    resize() {
      plot?.setSize({ width: container.clientWidth || 320, height: HEIGHT });
    },
  };
}

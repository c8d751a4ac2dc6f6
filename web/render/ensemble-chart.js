// The ensemble chart (Srivastava et al. 2014, Fig. 11): against k, the number
// of thinned networks averaged (log scale), the distance of their average to
// the inference network and to the average of all K; beside it, the
// validation loss of the k-average with the inference network's as a dashed
// line.
//
//   createEnsembleChart(svg).draw(measurement, { ofWhat })

import { TWIN_COLOURS } from './palette.js';
import { el, niceCeil, pathThrough } from './svg.js';

const W = 640;
const H = 240;
const PAD = { left: 50, right: 12, top: 26, bottom: 38 };
const GAP = 56;
const GREY = '#6b7280';

export function createEnsembleChart(svg) {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');

  /** Axes for one plot: k on log2 from 1 to K, y from 0 to yMax. */
  function frame(g, { x0, x1, K, yMax, yLabel }) {
    const xs = (k) => x0 + ((x1 - x0) * Math.log2(k)) / Math.log2(K);
    const ys = (v) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - Math.min(v, yMax) / yMax);
    const axis = el('g', { class: 'sweep-chart__axis' });
    for (let i = 0; i <= 4; i++) {
      const v = (yMax * i) / 4;
      axis.append(el('line', { x1: x0, x2: x1, y1: ys(v), y2: ys(v), class: 'sweep-chart__grid' }));
      axis.append(el('text', { x: x0 - 6, y: ys(v) + 4, 'text-anchor': 'end' }, +v.toPrecision(3)));
    }
    for (let k = 1; k <= K; k *= 4)
      axis.append(el('text', { x: xs(k), y: H - PAD.bottom + 16, 'text-anchor': 'middle' }, k));
    axis.append(el('text', { x: (x0 + x1) / 2, y: H - 6, 'text-anchor': 'middle' }, 'k, thinned networks averaged'));
    axis.append(el('text', { x: x0, y: 13, class: 'sweep-chart__note' }, yLabel));
    g.append(axis);
    return { xs, ys };
  }

  function line(g, points, { colour, dash = '', series, label }) {
    const s = el('g', { class: 'sweep-chart__series', 'data-series': series });
    s.append(
      el('path', { d: pathThrough(points), stroke: colour, 'stroke-dasharray': dash, class: 'sweep-chart__mean' }),
    );
    for (const [x, y] of points)
      s.append(el('circle', { cx: x, cy: y, r: 2.6, fill: colour, class: 'sweep-chart__dot' }));
    s.append(el('title', {}, label));
    g.append(s);
  }

  function draw(m, { ofWhat }) {
    svg.replaceChildren();
    const split = m.validation ? PAD.left + (W - PAD.left - PAD.right - GAP) * 0.55 : W - PAD.right;
    const left = el('g', { class: 'ensemble-chart__distance' });
    const yMax = niceCeil(Math.max(...m.toInference, ...m.toAll, 1e-3) * 1.1);
    const f = frame(left, { x0: PAD.left, x1: split, K: m.K, yMax, yLabel: `mean |difference| of ${ofWhat}` });
    line(
      left,
      m.ks.map((k, i) => [f.xs(k), f.ys(m.toInference[i])]),
      {
        colour: TWIN_COLOURS[0],
        series: 'toInference',
        label: 'average of k vs the inference network',
      },
    );
    // The distance to the average of all K is 0 at k = K by definition: drawn up to K/2.
    line(
      left,
      m.ks.slice(0, -1).map((k, i) => [f.xs(k), f.ys(m.toAll[i])]),
      {
        colour: GREY,
        dash: '5 4',
        series: 'toAll',
        label: `average of k vs the average of all ${m.K}`,
      },
    );
    const key = el('g', { class: 'ensemble-chart__key' });
    key.append(
      el('text', { x: split - 4, y: PAD.top + 12, 'text-anchor': 'end', fill: TWIN_COLOURS[0] }, 'vs inference'),
    );
    key.append(el('text', { x: split - 4, y: PAD.top + 26, 'text-anchor': 'end', fill: GREY }, `vs average of ${m.K}`));
    left.append(key);
    svg.append(left);
    if (m.validation) {
      const right = el('g', { class: 'ensemble-chart__validation' });
      const losses = m.validation.map((v) => v.loss).filter(Number.isFinite);
      const top = niceCeil(Math.max(...losses, m.inference.loss) * 1.15);
      const g = frame(right, { x0: split + GAP, x1: W - PAD.right, K: m.K, yMax: top, yLabel: 'validation loss' });
      const y = g.ys(m.inference.loss);
      const ref = el('g', { class: 'sweep-chart__series', 'data-series': 'inference' });
      ref.append(
        el('line', { x1: split + GAP, x2: W - PAD.right, y1: y, y2: y, stroke: GREY, 'stroke-dasharray': '5 4' }),
      );
      ref.append(el('text', { x: split + GAP + 4, y: y + 14, class: 'sweep-chart__note' }, 'inference network'));
      right.append(ref);
      line(
        right,
        m.ks.map((k, i) => [g.xs(k), g.ys(m.validation[i].loss)]),
        {
          colour: TWIN_COLOURS[0],
          series: 'validation',
          label: 'validation loss of the average of k',
        },
      );
      svg.append(right);
    }
  }

  return { draw };
}

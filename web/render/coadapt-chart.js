// The "remove one unit" chart: for each twin, one bar per hidden unit, the
// increase of the loss when that unit is silenced, sorted from the largest;
// both twins on the same scale, so their heights compare. Bars below the
// line: silencing the unit lowers the loss.
//
//   createCoadaptChart(svg).draw([summaryA, summaryB], { loss })

import { TWIN_COLOURS } from './palette.js';
import { el, niceCeil } from './svg.js';

const W = 640;
const H = 260;
const PAD = { left: 50, right: 10, top: 22, bottom: 30 };
const GAP = 30;

export function createCoadaptChart(svg) {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');

  function draw(summaries, { loss }) {
    svg.replaceChildren();
    const all = summaries.flatMap((s) => s.increases.map((u) => u.increase));
    const top = niceCeil(Math.max(1e-3, ...all) * 1.1);
    const bottom = Math.min(0, ...all) < 0 ? -niceCeil(-Math.min(...all) * 1.1) : 0;
    const plotH = H - PAD.top - PAD.bottom;
    const ys = (v) => PAD.top + (plotH * (top - Math.max(bottom, Math.min(top, v)))) / (top - bottom);
    const width = (W - PAD.left - PAD.right - GAP) / 2;
    const axis = el('g', { class: 'sweep-chart__axis' });
    for (const v of [bottom, 0, top / 2, top]) {
      if (v === bottom && bottom === 0) continue;
      axis.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: ys(v), y2: ys(v), class: 'sweep-chart__grid' }));
      axis.append(el('text', { x: PAD.left - 6, y: ys(v) + 4, 'text-anchor': 'end' }, +v.toPrecision(3)));
    }
    axis.append(
      el('text', { x: PAD.left, y: 12, class: 'sweep-chart__note' }, `increase of the ${loss} when silenced`),
    );
    svg.append(axis);
    summaries.forEach((s, t) => {
      const x0 = PAD.left + t * (width + GAP);
      const g = el('g', { class: 'coadapt-chart__twin', 'data-twin': 'AB'[t] });
      const n = s.increases.length;
      const bw = width / n;
      for (const [i, u] of s.increases.entries()) {
        const y = ys(Math.max(0, u.increase));
        const h = Math.max(0.5, Math.abs(ys(u.increase) - ys(0)));
        const bar = el('rect', {
          x: (x0 + i * bw).toFixed(2),
          y: u.increase >= 0 ? y : ys(0),
          width: Math.max(0.6, bw - (bw > 3 ? 0.6 : 0)).toFixed(2),
          height: h.toFixed(2),
          fill: TWIN_COLOURS[t],
          class: 'coadapt-chart__bar',
          'data-layer': u.layer,
          'data-unit': u.unit,
        });
        bar.append(el('title', {}, `Twin ${'AB'[t]}, hidden ${u.layer} unit ${u.unit}: ${u.increase.toFixed(4)}`));
        g.append(bar);
      }
      g.append(
        el(
          'text',
          { x: x0 + width / 2, y: H - 10, 'text-anchor': 'middle' },
          `twin ${'AB'[t]}: ${n} units, largest first`,
        ),
      );
      svg.append(g);
    });
  }

  return { draw };
}

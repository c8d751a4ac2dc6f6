// The rate sweep's chart: validation and training loss against the dropout
// rate (one dot per network seed, a bar from the lowest to the highest, a line
// through the means), the best rate by validation loss ringed, the rates that
// underfit shaded; beside it, validation accuracy the same way (not for
// regression). SVG, so every dot is an element a test can count.
//
//   const chart = createSweepChart(svgElement);
//   chart.draw(rows, reading);   // rows: summarise(); reading: readSweep() or null

import { TWIN_COLOURS } from './palette.js';
import { el, niceCeil, pathThrough } from './svg.js';

const W = 640;
const H = 250;
const PAD = { left: 46, right: 12, top: 26, bottom: 38 };
const GAP = 40; // between the loss and the accuracy plots
const LOSS_SHARE = 0.62; // of the width, when accuracy is drawn too
const SERIES = [
  { key: 'validationLoss', label: 'validation loss', colour: TWIN_COLOURS[0], dash: '' },
  { key: 'trainLoss', label: 'training loss', colour: '#6b7280', dash: '5 4' },
];

export function createSweepChart(svg) {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');

  function plot(g, { x0, x1, rates, yMax, yLabel, fmtTick, tickEvery = 1 }) {
    const xs = (r) => x0 + ((x1 - x0) * rates.indexOf(r)) / Math.max(1, rates.length - 1);
    const ys = (v) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - Math.min(v, yMax) / yMax);
    const axis = el('g', { class: 'sweep-chart__axis' });
    for (let k = 0; k <= 4; k++) {
      const v = (yMax * k) / 4;
      axis.append(el('line', { x1: x0, x2: x1, y1: ys(v), y2: ys(v), class: 'sweep-chart__grid' }));
      axis.append(el('text', { x: x0 - 6, y: ys(v) + 4, 'text-anchor': 'end' }, fmtTick(v)));
    }
    rates.forEach((r, i) => {
      if (i % tickEvery === 0)
        axis.append(el('text', { x: xs(r), y: H - PAD.bottom + 16, 'text-anchor': 'middle' }, r));
    });
    axis.append(el('text', { x: (x0 + x1) / 2, y: H - 6, 'text-anchor': 'middle' }, 'dropout rate'));
    axis.append(
      el(
        'text',
        { x: 12, y: PAD.top + 70, transform: `rotate(-90 12 ${PAD.top + 70})`, 'text-anchor': 'middle' },
        yLabel,
      ),
    );
    g.append(axis);
    return { xs, ys };
  }

  function series(g, rows, key, { xs, ys, yMax }, { colour, dash, label }) {
    const s = el('g', { class: 'sweep-chart__series', 'data-series': key });
    const means = [];
    for (const row of rows) {
      const st = row[key];
      if (!st) continue;
      const x = xs(row.rate);
      const finite = st.values.filter(Number.isFinite);
      if (finite.length > 1)
        s.append(
          el('line', {
            x1: x,
            x2: x,
            y1: ys(Math.min(...finite)),
            y2: ys(Math.max(...finite)),
            stroke: colour,
            class: 'sweep-chart__spread',
          }),
        );
      for (const v of st.values) {
        const clipped = !Number.isFinite(v) || v > yMax;
        s.append(
          el('circle', {
            cx: x,
            cy: ys(Number.isFinite(v) ? v : yMax),
            r: 2.6,
            fill: colour,
            class: clipped ? 'sweep-chart__dot sweep-chart__dot--clipped' : 'sweep-chart__dot',
            'data-rate': row.rate,
          }),
        );
      }
      if (Number.isFinite(st.mean)) means.push([x, ys(st.mean)]);
    }
    if (means.length > 1)
      s.prepend(
        el('path', {
          d: pathThrough(means),
          stroke: colour,
          'stroke-dasharray': dash,
          class: 'sweep-chart__mean',
        }),
      );
    s.append(el('title', {}, label));
    g.append(s);
  }

  function draw(rows, reading) {
    svg.replaceChildren();
    const rates = rows.map((r) => r.rate);
    const withAccuracy = rows.some((r) => r.validationAccuracy);
    const lossRight = withAccuracy ? PAD.left + (W - PAD.left - PAD.right - GAP) * LOSS_SHARE : W - PAD.right;
    // The loss axis reaches the highest mean; a seed far above it is drawn on the top edge, hollow.
    const means = rows.flatMap((r) => SERIES.map((s) => r[s.key]?.mean)).filter(Number.isFinite);
    const yMax = niceCeil(Math.max(0.1, ...means) * 1.15);
    const loss = el('g', { class: 'sweep-chart__loss' });
    const frame = plot(loss, {
      x0: PAD.left,
      x1: lossRight,
      rates,
      yMax,
      yLabel: 'loss',
      fmtTick: (v) => +v.toFixed(3),
    });
    if (reading?.underfit != null) {
      const x = frame.xs(reading.underfit) - 8;
      loss.append(
        el('rect', {
          x,
          y: PAD.top,
          width: lossRight - x + 4,
          height: H - PAD.top - PAD.bottom,
          class: 'sweep-chart__underfit',
        }),
      );
      loss.append(el('text', { x: x + 4, y: PAD.top + 14, class: 'sweep-chart__note' }, 'underfitting'));
    }
    for (const s of SERIES) series(loss, rows, s.key, { ...frame, yMax }, s);
    // The key: which line is which, and what a dot is.
    const key = el('g', { class: 'sweep-chart__key' });
    let kx = PAD.left;
    for (const s of SERIES) {
      key.append(el('line', { x1: kx, x2: kx + 22, y1: 9, y2: 9, stroke: s.colour, 'stroke-dasharray': s.dash }));
      key.append(el('text', { x: kx + 27, y: 13 }, s.label));
      kx += 40 + s.label.length * 6;
    }
    key.append(el('text', { x: kx, y: 13 }, '· a dot per network'));
    loss.append(key);
    if (reading) {
      const best = rows.find((r) => r.rate === reading.best);
      const x = frame.xs(reading.best);
      const y = frame.ys(best.validationLoss.mean);
      const mark = el('g', { class: 'sweep-chart__best', 'data-rate': reading.best });
      mark.append(el('circle', { cx: x, cy: y, r: 7 }));
      mark.append(el('text', { x, y: y - 11, 'text-anchor': 'middle' }, `best ${reading.best}`));
      loss.append(mark);
    }
    svg.append(loss);
    if (withAccuracy) {
      const acc = el('g', { class: 'sweep-chart__accuracy' });
      const f = plot(acc, {
        x0: lossRight + GAP,
        x1: W - PAD.right,
        rates,
        tickEvery: 3,
        yMax: 1,
        yLabel: '',
        fmtTick: (v) => `${Math.round(v * 100)}%`,
      });
      acc.append(
        el(
          'text',
          { x: W - PAD.right, y: 13, 'text-anchor': 'end', class: 'sweep-chart__note' },
          'validation accuracy',
        ),
      );
      series(
        acc,
        rows,
        'validationAccuracy',
        { ...f, yMax: 1 },
        {
          colour: TWIN_COLOURS[0],
          dash: '',
          label: 'validation accuracy',
        },
      );
      svg.append(acc);
    }
    svg.setAttribute('aria-label', describe(rows, reading));
  }

  return { draw, clear: () => svg.replaceChildren() };
}

/** The chart in words, for its accessible name. */
function describe(rows, reading) {
  const n = rows.reduce((sum, r) => sum + r.count, 0);
  const head = `Rate sweep: ${n} networks over ${rows.length} rates.`;
  const means = rows
    .filter((r) => r.validationLoss)
    .map((r) => `${r.rate}: ${Number.isFinite(r.validationLoss.mean) ? r.validationLoss.mean.toFixed(3) : 'diverged'}`)
    .join(', ');
  return `${head} Mean validation loss by rate: ${means}.${reading ? ` ${reading.text}` : ''}`;
}

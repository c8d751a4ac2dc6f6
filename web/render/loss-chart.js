// Training and validation loss of both twins over epochs, on one chart, drawn
// with uPlot (vendored into dist/vendor/uplot by scripts/build-web.sh). The
// band between a twin's validation and training loss is its generalisation
// gap. Marked on it: each twin's best validation loss so far (where early
// stopping would stop) and the epochs at which a live setting changed, from
// the run's history (run-history.js). Reads frames, changes nothing.

import uPlot from '../../vendor/uplot/uPlot.min.mjs';
import { TWIN_COLOURS, TWIN_FILLS } from './palette.js';

// Beyond this many epochs, every other old point is dropped: the chart's cost
// stays bounded however long training runs.
const MAX_POINTS = 1200;
const HEIGHT = 240;

// The loss axis is linear from 0, so that the band between validation and
// training loss is the gap itself (a log axis would blow up a training loss
// near 0). Only finite losses can be drawn.
const drawable = (v) => (Number.isFinite(v) && v >= 0 ? v : null);

export function createLossChart(container, { names = ['A', 'B'], history = null, legend = null } = {}) {
  container.dataset.points = '0';
  // Columns: epoch, then per twin: training loss, validation loss (both at inference).
  let columns = [[], [], [], [], []];
  let dirty = false;

  const opts = options(container.clientWidth || 320, names);
  if (history) opts.hooks = { draw: [(u) => drawMarks(u, history)] };
  const plot = new uPlot(opts, columns, container);
  if (legend) renderLegend(legend, names);

  function reset() {
    columns = [[], [], [], [], []];
    container.dataset.points = '0';
    plot.setData(columns);
  }

  /** Adds a frame's losses, once per epoch. */
  function push(frame) {
    const epochs = columns[0];
    const last = epochs.length ? epochs[epochs.length - 1] : -1;
    if (frame.epoch <= last && epochs.length > 0) return;
    epochs.push(frame.epoch);
    frame.twins.forEach((t, i) => {
      columns[1 + 2 * i].push(drawable(t.evaluation.train.loss));
      columns[2 + 2 * i].push(drawable(t.evaluation.validation?.loss));
    });
    if (epochs.length > MAX_POINTS) columns = columns.map(thin);
    container.dataset.points = String(columns[0].length);
    dirty = true;
  }

  /** Pushes the new data to the plot; call once per animation frame. */
  function redraw() {
    if (!dirty) return;
    dirty = false;
    plot.setData(columns);
    const marks = history ? history.changes.length : 0;
    container.dataset.changeMarks = String(marks);
    if (history) container.dataset.bestEpochs = [0, 1].map((i) => history.best(i)?.epoch ?? '').join(',');
  }

  /** A live change was marked: draw it even if no new epoch arrives. */
  function touch() {
    dirty = true;
  }

  new ResizeObserver(() => {
    const width = Math.max(200, Math.floor(container.clientWidth));
    if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
  }).observe(container);

  return { reset, push, redraw, touch };
}

/** The best validation loss of each twin (a ring and "best"), and a dashed line at each live change. */
function drawMarks(u, history) {
  const ctx = u.ctx;
  const dpr = globalThis.devicePixelRatio || 1;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
  for (const change of history.changes) {
    const x = u.valToPos(change.epoch, 'x', true);
    if (!(x >= left && x <= left + width)) continue;
    ctx.strokeStyle = 'rgba(28, 33, 40, 0.45)';
    ctx.setLineDash([3 * dpr, 3 * dpr]);
    ctx.lineWidth = dpr;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.fillStyle = 'rgb(84, 90, 99)';
    ctx.fillText(
      change.label,
      Math.min(x + 3 * dpr, left + width - ctx.measureText(change.label).width),
      top + 12 * dpr,
    );
  }
  ctx.setLineDash([]);
  [0, 1].forEach((i) => {
    const best = history.best(i);
    if (!best) return;
    const x = u.valToPos(best.epoch, 'x', true);
    const y = u.valToPos(best.loss, 'y', true);
    if (!(x >= left && x <= left + width && y >= top && y <= top + height)) return;
    ctx.beginPath();
    ctx.arc(x, y, 5 * dpr, 0, 2 * Math.PI);
    ctx.fillStyle = 'white';
    ctx.fill();
    ctx.lineWidth = 2 * dpr;
    ctx.strokeStyle = TWIN_COLOURS[i];
    ctx.stroke();
    ctx.fillStyle = TWIN_COLOURS[i];
    ctx.fillText(`best ${'AB'[i]}`, x + 7 * dpr, y + (i === 0 ? -6 : 14) * dpr);
  });
  ctx.restore();
}

/**
 * The key: for each twin a solid sample (training loss) and a dashed one
 * (validation loss), and the marks. Colours through the CSSOM (CSP-safe).
 */
function renderLegend(list, names) {
  const item = (label, kind, colour) => {
    const mark = document.createElement('span');
    mark.className = `chart-key__mark chart-key__mark--${kind}`;
    if (colour) mark.style.setProperty('--c', colour);
    const li = document.createElement('li');
    li.append(mark, label);
    return li;
  };
  list.replaceChildren(
    ...names.flatMap((n, i) => [
      item(`${n} training`, 'solid', TWIN_COLOURS[i]),
      item(`${n} validation`, 'dashed', TWIN_COLOURS[i]),
    ]),
    item('best validation loss so far', 'ring', 'rgb(84, 90, 99)'),
    item('a setting changed', 'change', null),
  );
}

/** Keeps every other point but always the newest one. */
function thin(column) {
  const out = column.filter((_, i) => i % 2 === 0);
  if ((column.length - 1) % 2 !== 0) out.push(column[column.length - 1]);
  return out;
}

function options(width, names) {
  const axis = {
    stroke: 'rgb(84, 90, 99)',
    grid: { stroke: 'rgba(28, 33, 40, 0.08)', width: 1 },
    ticks: { stroke: 'rgba(28, 33, 40, 0.15)', width: 1 },
    font: '12px system-ui, sans-serif',
    labelFont: '600 12px system-ui, sans-serif',
  };
  const twinSeries = (i) => [
    { label: `${names[i]} training`, stroke: TWIN_COLOURS[i], width: 2, value: fmt },
    { label: `${names[i]} validation`, stroke: TWIN_COLOURS[i], width: 2.5, dash: [7, 4], value: fmt },
  ];
  return {
    width: Math.max(200, Math.floor(width)),
    height: HEIGHT,
    cursor: { drag: { x: false, y: false } },
    // The key is drawn outside the plot (renderLegend), with line samples: solid and dashed.
    legend: { show: false },
    scales: {
      x: { time: false },
      y: { range: (u) => [0, robustMax(u.data) * 1.08] },
    },
    axes: [
      { ...axis, label: 'Epoch', size: 36 },
      { ...axis, label: 'Loss', size: 52, values: (u, splits) => splits.map(compact) },
    ],
    series: [{ label: 'Epoch', value: (u, v) => (v == null ? '–' : String(v)) }, ...twinSeries(0), ...twinSeries(1)],
    // The generalisation gap: shaded between each twin's validation and training loss.
    bands: [
      { series: [2, 1], fill: TWIN_FILLS[0] },
      { series: [4, 3], fill: TWIN_FILLS[1] },
    ],
  };
}

/**
 * The top of the loss axis: the largest loss after the first tenth of the
 * epochs, so that an early spike (or a run that blows up) does not flatten
 * the rest of the curves. At least 0.1.
 */
function robustMax(data) {
  const n = data[0].length;
  let max = 0.1;
  for (let s = 1; s < data.length; s++) {
    const col = data[s];
    for (let i = n > 20 ? Math.floor(n / 10) : 0; i < n; i++) {
      const v = col[i];
      if (v != null && v > max && Number.isFinite(v)) max = v;
    }
  }
  return Math.min(max, 1e6);
}

const compact = (v) => (v == null ? '' : Math.abs(v) >= 1000 ? v.toExponential(0) : String(Number(v.toPrecision(3))));

function fmt(u, v) {
  return v == null ? '–' : v.toFixed(3);
}

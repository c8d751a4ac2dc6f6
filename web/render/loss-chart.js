// Training and validation loss over epochs, drawn with uPlot (vendored into
// dist/vendor/uplot by scripts/build-web.sh). Reads frames, changes nothing.

import uPlot from '../../vendor/uplot/uPlot.esm.js';

const MAX_POINTS = 1500; // beyond this, every other old point is dropped
const HEIGHT = 220;

// The loss axis is logarithmic (the first epochs would flatten the rest),
// so only positive, finite losses can be drawn.
const drawable = (v) => (Number.isFinite(v) && v > 0 ? v : null);

export function createLossChart(container) {
  // Columns: epoch, training loss (inference), validation loss (inference),
  // minibatch loss (training mode, with dropout active).
  let columns = [[], [], [], []];
  let dirty = false;

  const plot = new uPlot(options(container.clientWidth || 320), columns, container);

  function reset() {
    columns = [[], [], [], []];
    plot.setData(columns);
  }

  function push(frame) {
    const epochs = columns[0];
    const last = epochs.length ? epochs[epochs.length - 1] : -1;
    if (frame.epoch <= last && epochs.length > 0) return;
    epochs.push(frame.epoch);
    columns[1].push(drawable(frame.evaluation.train.loss));
    columns[2].push(drawable(frame.evaluation.validation?.loss));
    columns[3].push(frame.batchLoss == null ? null : drawable(frame.batchLoss));
    if (epochs.length > MAX_POINTS) columns = columns.map(thin);
    dirty = true;
  }

  /** Pushes the new data to the plot; call once per animation frame. */
  function redraw() {
    if (!dirty) return;
    dirty = false;
    plot.setData(columns);
  }

  new ResizeObserver(() => {
    const width = Math.max(200, Math.floor(container.clientWidth));
    if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
  }).observe(container);

  return { reset, push, redraw };
}

/** Keeps every other point but always the newest one. */
function thin(column) {
  const out = column.filter((_, i) => i % 2 === 0);
  if ((column.length - 1) % 2 !== 0) out.push(column[column.length - 1]);
  return out;
}

function options(width) {
  const axis = {
    stroke: 'rgb(84, 90, 99)',
    grid: { stroke: 'rgba(28, 33, 40, 0.08)', width: 1 },
    ticks: { stroke: 'rgba(28, 33, 40, 0.15)', width: 1 },
    font: '12px system-ui, sans-serif',
    labelFont: '600 12px system-ui, sans-serif',
  };
  return {
    width: Math.max(200, Math.floor(width)),
    height: HEIGHT,
    cursor: { drag: { x: false, y: false } },
    legend: { live: false },
    scales: {
      x: { time: false },
      y: { distr: 3, log: 10 },
    },
    axes: [
      { ...axis, label: 'Epoch', size: 36 },
      {
        ...axis,
        label: 'Loss (log scale)',
        size: 56,
        filter: oneTwoFive,
        grid: { ...axis.grid, filter: oneTwoFive },
        ticks: { ...axis.ticks, filter: oneTwoFive },
      },
    ],
    series: [
      { label: 'Epoch', value: (u, v) => (v == null ? '–' : String(v)) },
      { label: 'Training loss', stroke: 'rgb(28, 33, 40)', width: 2, value: fmt },
      { label: 'Validation loss', stroke: 'rgb(176, 73, 143)', width: 2, value: fmt },
      {
        label: 'Minibatch loss (training mode)',
        stroke: 'rgba(84, 90, 99, 0.6)',
        width: 1,
        dash: [4, 4],
        value: fmt,
      },
    ],
  };
}

/** Keeps the 1-2-5 splits of a log axis (1, 2, 5, 10, 20, ...), so it does not crowd. */
function oneTwoFive(u, splits) {
  return splits.map((v) => {
    const lead = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
    return [1, 2, 5].some((d) => Math.abs(lead - d) < 1e-6) ? v : null;
  });
}

function fmt(u, v) {
  return v == null ? '–' : v.toFixed(3);
}

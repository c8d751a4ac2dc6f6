// Thinned networks, one by one (in "The ensemble" panel): for each sampled
// mask, the units twin A keeps (a row of squares per layer with dropout) and
// that thinned network's boundary (or curve); beside them their average and
// the inference network. "Sample 4" starts again; "Sample another" adds one.
// Seeds are fixed (SEED0 + k), so the same step shows the same networks.
//
//   const strip = createThinnedStrip(root, { request, getDataset, isRunning, pauseTraining });
//   strip.show(msg)   // the worker's { type: 'samples', step, result }
//   strip.frame(step) / strip.reset()

import { createBoundaryView } from '../render/boundary.js';
import { TWIN_COLOURS } from '../render/palette.js';

export const STRIP_GRID = 40;
const SEED0 = 2 ** 42;
const KEPT = 'rgb(28, 33, 40)';
const DROPPED = 'rgb(214, 211, 204)';

/** Kept units in words: "31 of 64 · 30 of 64". */
const keptText = (masks) =>
  masks
    .filter((m) => m.rate > 0 && m.kind !== 'dropconnect' && m.kind !== 'gaussian')
    .map((m) => `${m.values.reduce((a, b) => a + b, 0)} of ${m.values.length}`)
    .join(' · ');

function drawMask(canvas, masks) {
  const rows = masks.filter((m) => m.rate > 0 && m.kind !== 'dropconnect');
  const dpr = globalThis.devicePixelRatio || 1;
  const w = canvas.clientWidth || 120;
  const cell = Math.max(2, Math.floor(w / 64));
  const h = Math.max(1, rows.length) * (cell + 2);
  canvas.style.setProperty('height', `${h}px`);
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  rows.forEach((m, r) => {
    const n = Math.min(64, m.values.length);
    for (let u = 0; u < n; u++) {
      ctx.fillStyle =
        m.kind === 'gaussian' ? `rgba(28, 33, 40, ${Math.min(1, m.values[u] / 2)})` : m.values[u] ? KEPT : DROPPED;
      ctx.fillRect(u * cell, r * (cell + 2), cell - 0.5, cell);
    }
  });
}

export function createThinnedStrip(root, { request, getDataset, isRunning, pauseTraining }) {
  const list = root.querySelector('.ensemble__strip');
  const sample4 = root.querySelector('.ensemble__sample');
  const another = root.querySelector('.ensemble__another');
  const note = root.querySelector('.ensemble__strip-note');
  let count = 0;
  let shownStep = null;
  let table = false; // a table of 20 features: no boundary per thinned network
  const TABLE_NOTE =
    'This dataset is a table of 20 features: there is no boundary to draw for each thinned network. The chart above measures them on the validation rows.';

  const ask = (n) => {
    if (isRunning()) pauseTraining();
    count = n;
    const seeds = Array.from({ length: n }, (_, k) => SEED0 + k);
    request({ seeds, grid: { width: STRIP_GRID, height: STRIP_GRID } });
  };
  sample4.addEventListener('click', () => ask(4));
  another.addEventListener('click', () => ask(count + 1));

  function card(title, caption, prediction, masks, kind) {
    const fig = document.createElement('figure');
    fig.className = `thinned-card thinned-card--${kind}`;
    fig.setAttribute('role', 'listitem');
    const head = document.createElement('p');
    head.className = 'thinned-card__title';
    head.textContent = title;
    fig.append(head);
    if (masks) {
      const m = document.createElement('canvas');
      m.className = 'thinned-card__mask';
      m.setAttribute('role', 'img');
      m.setAttribute('aria-label', `Units kept: ${keptText(masks)}`);
      fig.append(m);
      queueMicrotask(() => drawMask(m, masks));
    }
    const plot = document.createElement('canvas');
    plot.className = 'thinned-card__plot boundary';
    plot.setAttribute('aria-label', `${title}: ${caption}`);
    fig.append(plot);
    const cap = document.createElement('figcaption');
    cap.className = 'caption';
    cap.textContent = caption;
    fig.append(cap);
    list.append(fig);
    const view = createBoundaryView({ canvas: plot, curveColour: TWIN_COLOURS[0] });
    view.setDataset(getDataset());
    requestAnimationFrame(() => view.draw({ prediction, diverged: false }));
  }

  function show({ step, result }) {
    list.replaceChildren();
    shownStep = step;
    root.dataset.stripStep = String(step);
    if (!result) {
      note.textContent = 'Twin A diverged: no thinned network to show.';
      return;
    }
    result.samples.forEach((s, k) =>
      card(
        `Thinned network ${k + 1}`,
        `keeps ${keptText(s.masks) || 'every unit (no dropout)'}`,
        s.prediction,
        s.masks,
        'one',
      ),
    );
    card(`Their average (${result.samples.length})`, 'the mean of the outputs above', result.average, null, 'average');
    card(
      'Inference network',
      'every unit kept, weights scaled: what stands in for the ensemble',
      result.inference,
      null,
      'inference',
    );
    another.hidden = false;
    note.textContent = `Twin A at step ${step}: each mask gives a different network; their average is smoother, and more of them come closer to the ensemble.`;
  }

  function frame(step) {
    if (shownStep == null || step === shownStep || root.dataset.stripStale === 'true') return;
    root.dataset.stripStale = 'true';
    note.textContent = `These are twin A's thinned networks at step ${shownStep}; it has trained on since. Sample again to update.`;
  }

  /** A table (20 features) has no boundary to draw per thinned network: the strip is off and says why. */
  function setDataset(ds) {
    const was = table;
    table = ds.inputs > 2;
    sample4.disabled = table;
    if (table || was) reset();
  }

  function reset() {
    list.replaceChildren();
    shownStep = null;
    count = 0;
    another.hidden = true;
    note.textContent = table ? TABLE_NOTE : '';
    delete root.dataset.stripStale;
    delete root.dataset.stripStep;
  }

  reset();
  return {
    show(msg) {
      delete root.dataset.stripStale;
      show(msg);
    },
    frame,
    reset,
    setDataset,
  };
}

// Draws what the network predicts over the input plane (a heatmap of at
// least 100x100 cells), the training points (filled) and the validation
// points (hollow rings). For a 1-D regression (sine) it draws the points and
// the fitted curve instead. It reads datasets and frames, never changes them.

import { TWIN_COLOURS } from './palette.js';

// Colour-blind-safe classes: orange vs blue (as in TF playground), and the
// Okabe-Ito bluish green for a third class.
export const CLASS_COLOURS = [
  [232, 119, 34], // class 0, orange
  [31, 111, 180], // class 1, blue
  [0, 158, 115], // class 2, bluish green
];
const NEUTRAL = [243, 241, 236]; // undecided: p = 0.5, or the mean target
const TINT = 0.5; // how strong the heatmap gets at full confidence
const VALUE_TINT = 0.75; // the same for the value of a 2-D regression
const INK = 'rgb(28, 33, 40)';
const CURVE = 'rgb(213, 94, 0)'; // Okabe-Ito vermillion

const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const css = (c) => `rgb(${Math.round(c[0])}, ${Math.round(c[1])}, ${Math.round(c[2])})`;

/** Diverging map for a regression value t in [-1, 1] (low = orange, high = blue). */
function divergingColour(t, strength) {
  const c = Math.max(-1, Math.min(1, t));
  return mix(NEUTRAL, CLASS_COLOURS[c >= 0 ? 1 : 0], Math.abs(c) * strength);
}

/**
 * The rectangle of data coordinates the canvas shows. For 2-D inputs it must
 * be the box the grid was predicted over. For 1-D the box's y range is the
 * targets' exact range, so pad it to keep the extreme points whole.
 */
function viewBox(ds) {
  const b = ds.box;
  if (ds.inputs !== 1) return { ...b };
  // The inputs fill [xMin, xMax] to its ends: pad x too, so the end points are whole discs.
  const padY = 0.08 * (b.yMax - b.yMin || 1);
  const padX = 0.03 * (b.xMax - b.xMin || 1);
  return { xMin: b.xMin - padX, xMax: b.xMax + padX, yMin: b.yMin - padY, yMax: b.yMax + padY };
}

const UPSAMPLE = 3; // heatmap image pixels per grid cell, per side
const LUT_SIZE = 256;

const pack = (c) => (Math.round(c[0]) << 16) | (Math.round(c[1]) << 8) | Math.round(c[2]);
const lutIndex = (t) => Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1)) | 0));
const makeLut = (colourAt) => Int32Array.from({ length: LUT_SIZE }, (_, i) => pack(colourAt(i / (LUT_SIZE - 1))));

// Binary: index = probability of class 1; orange, through neutral at 0.5, to blue.
const BINARY_LUT = makeLut((p) => mix(NEUTRAL, CLASS_COLOURS[p > 0.5 ? 1 : 0], Math.abs(2 * p - 1) * TINT));
// Regression: index = value mapped from [low, high] to [0, 1].
const VALUE_LUT = makeLut((u) => divergingColour(2 * u - 1, VALUE_TINT));
// Multiclass: one table per class, index = how sure the network is.
const CLASS_LUTS = CLASS_COLOURS.map((c) => makeLut((sure) => mix(NEUTRAL, c, sure * TINT)));

/**
 * For each of n image pixels along one axis, the two grid samples around it
 * and the weight of the second. Grid values are taken at cell centres.
 */
function interpolationSteps(n, cells) {
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const frac = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.min(cells - 1, Math.max(0, ((i + 0.5) * cells) / n - 0.5));
    lo[i] = Math.floor(g);
    hi[i] = Math.min(cells - 1, lo[i] + 1);
    frac[i] = g - lo[i];
  }
  return { lo, hi, frac };
}

function targetRange(dataset) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of [dataset.train, dataset.validation]) {
    for (const y of s.y) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  }
  if (!(hi > lo)) return { mid: lo || 0, half: 1 };
  return { mid: (lo + hi) / 2, half: (hi - lo) / 2 };
}

/**
 * canvas: where to draw; legend: optional <ul> for the key; curveColour: the
 * fitted curve's colour (1-D regression). draw({ prediction, diverged, ghost })
 * where ghost is another network's curve, drawn faint for comparison.
 */
export function createBoundaryView({ canvas, legend = null, curveColour = CURVE }) {
  const ctx = canvas.getContext('2d');
  const cells = document.createElement('canvas'); // one pixel per grid cell
  const cellsCtx = cells.getContext('2d');
  let dataset = null;
  let range = { mid: 0, half: 1 };
  let lastFrame = null;
  let cellsReady = false;
  let painted = null; // the prediction the heatmap image currently shows
  let view = null; // the data rectangle shown: the dataset's box, padded for 1-D

  function setDataset(ds) {
    dataset = ds;
    view = viewBox(ds);
    range = ds.task === 'regression' ? targetRange(ds) : { mid: 0, half: 1 };
    lastFrame = null;
    cellsReady = false;
    painted = null;
    renderLegend(legend, ds);
    draw(null);
  }

  /** Sizes the backing store to the CSS size times the device pixel ratio. */
  function fitCanvas() {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    return dpr;
  }

  function draw(frame) {
    if (frame) lastFrame = frame;
    const dpr = fitCanvas();
    const { width: W, height: H } = canvas;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = css(NEUTRAL);
    ctx.fillRect(0, 0, W, H);
    if (!dataset) return;

    const prediction = lastFrame?.prediction ?? null;
    if (prediction?.kind === 'grid' && prediction !== painted) {
      paintCells(prediction);
      painted = prediction;
    }
    if (cellsReady && dataset.inputs === 2) {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(cells, 0, 0, W, H);
    }
    drawAxes(W, H, dpr);
    const ghost = lastFrame?.ghost;
    if (dataset.inputs === 1 && ghost?.kind === 'curve') drawCurve(ghost, W, H, dpr, 'rgba(84, 90, 99, 0.55)', true);
    if (dataset.inputs === 1 && prediction?.kind === 'curve') drawCurve(prediction, W, H, dpr, curveColour, false);
    drawPoints(W, H, dpr);
    drawHighlights(lastFrame?.highlight ?? [], W, H, dpr);
    if (lastFrame?.diverged) drawDiverged(W, H, dpr);
  }

  /** A dashed ring around each validation point that carries much of the loss. */
  function drawHighlights(points, W, H, dpr) {
    canvas.dataset.circled = String(points.length);
    // Where they are, in CSS pixels of the canvas (for tests and tools): "x,y;x,y".
    canvas.dataset.circledAt = points
      .map((p) =>
        pointPx(dataset.validation, p.index, W / dpr, H / dpr)
          .map((v) => v.toFixed(1))
          .join(','),
      )
      .join(';');
    if (points.length === 0) return;
    const r = Math.max(3.5, Math.min(W, H) / (95 * dpr)) * dpr * 2.4;
    ctx.save();
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    for (const p of points) {
      const [px, py] = pointPx(dataset.validation, p.index, W, H);
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.lineWidth = 3.5 * dpr;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.stroke();
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = INK;
      ctx.stroke();
    }
    ctx.restore();
  }

  /** The circled point under the pointer (CSS pixels), within a ring's radius, or null. */
  function highlightAt(cssX, cssY) {
    const points = lastFrame?.highlight ?? [];
    if (!dataset || points.length === 0) return null;
    const W = canvas.clientWidth;
    const H = canvas.clientHeight;
    const reach = Math.max(12, Math.min(W, H) / 30);
    let best = null;
    for (const p of points) {
      const [px, py] = pointPx(dataset.validation, p.index, W, H);
      const d = Math.hypot(px - cssX, py - cssY);
      if (d <= reach && (!best || d < best.d)) best = { ...p, d };
    }
    return best;
  }

  // Hovering a circled point tells its loss (the caption under the plot lists them all, for every reader).
  const tip = document.createElement('div');
  tip.className = 'point-tip';
  tip.hidden = true;
  canvas.after(tip);
  canvas.addEventListener('pointermove', (e) => {
    const rect = canvas.getBoundingClientRect();
    const p = highlightAt(e.clientX - rect.left, e.clientY - rect.top);
    tip.hidden = !p;
    if (!p) return;
    const label = dataset.validation.y[p.index];
    const trueP = Math.exp(-p.loss);
    tip.textContent = `Validation point of class ${label}: loss ${p.loss.toFixed(2)} (p = ${trueP < 0.001 ? trueP.toExponential(1) : trueP.toFixed(3)} for its class)`;
    tip.style.setProperty('--x', `${e.clientX - rect.left}px`);
    tip.style.setProperty('--y', `${e.clientY - rect.top}px`);
  });
  canvas.addEventListener('pointerleave', () => (tip.hidden = true));

  /**
   * Paints the heatmap image. values: (height, width, outputs), row 0 at yMax.
   * The outputs (not the colours) are interpolated bilinearly onto an image
   * UPSAMPLE times finer than the grid, so that p = 0.5 lies on a smooth line
   * instead of a staircase of cells; drawImage then scales that image.
   */
  function paintCells({ width, height, outputs, values }) {
    const w = width * UPSAMPLE;
    const h = height * UPSAMPLE;
    if (cells.width !== w || cells.height !== h) {
      cells.width = w;
      cells.height = h;
    }
    const image = cellsCtx.createImageData(w, h);
    const px = image.data;
    const xs = interpolationSteps(w, width);
    const ys = interpolationSteps(h, height);
    const colourOf = colourFunction(outputs);
    const sample = new Float32Array(outputs);
    for (let r = 0; r < h; r++) {
      const row0 = ys.lo[r] * width;
      const row1 = ys.hi[r] * width;
      const fy = ys.frac[r];
      for (let c = 0; c < w; c++) {
        const fx = xs.frac[c];
        const a = (row0 + xs.lo[c]) * outputs;
        const b = (row0 + xs.hi[c]) * outputs;
        const d = (row1 + xs.lo[c]) * outputs;
        const e = (row1 + xs.hi[c]) * outputs;
        for (let k = 0; k < outputs; k++) {
          const top = values[a + k] + (values[b + k] - values[a + k]) * fx;
          const bottom = values[d + k] + (values[e + k] - values[d + k]) * fx;
          sample[k] = top + (bottom - top) * fy;
        }
        const rgb = colourOf(sample);
        const o = 4 * (r * w + c);
        px[o] = rgb >> 16;
        px[o + 1] = (rgb >> 8) & 255;
        px[o + 2] = rgb & 255;
        px[o + 3] = 255;
      }
    }
    cellsCtx.putImageData(image, 0, 0);
    cellsReady = true;
  }

  /** sample (the outputs at one pixel) -> packed 0xRRGGBB, through lookup tables. */
  function colourFunction(outputs) {
    if (dataset.task === 'regression') {
      return (v) => VALUE_LUT[lutIndex(((v[0] - range.mid) / range.half + 1) / 2)];
    }
    if (outputs === 1) return (v) => BINARY_LUT[lutIndex(v[0])];
    // Multiclass: the colour of the most probable class, stronger when surer.
    return (v) => {
      let best = 0;
      for (let k = 1; k < outputs; k++) if (v[k] > v[best]) best = k;
      const sure = (v[best] - 1 / outputs) / (1 - 1 / outputs);
      return CLASS_LUTS[best % CLASS_LUTS.length][lutIndex(sure)];
    };
  }

  const toPx = (x, y, W, H) => {
    const b = view;
    return [((x - b.xMin) / (b.xMax - b.xMin)) * W, ((b.yMax - y) / (b.yMax - b.yMin)) * H];
  };

  function drawAxes(W, H, dpr) {
    const b = view;
    ctx.save();
    ctx.strokeStyle = 'rgba(28, 33, 40, 0.18)';
    ctx.lineWidth = dpr;
    ctx.beginPath();
    if (b.xMin < 0 && b.xMax > 0) {
      const [x0] = toPx(0, 0, W, H);
      ctx.moveTo(x0, 0);
      ctx.lineTo(x0, H);
    }
    if (b.yMin < 0 && b.yMax > 0) {
      const [, y0] = toPx(0, 0, W, H);
      ctx.moveTo(0, y0);
      ctx.lineTo(W, y0);
    }
    ctx.stroke();
    ctx.restore();
  }

  function pointStyle(y) {
    if (dataset.task === 'regression' && dataset.inputs === 1) return CLASS_COLOURS[1];
    if (dataset.task === 'regression') return divergingColour((y - range.mid) / range.half, 1);
    return CLASS_COLOURS[Math.round(y) % CLASS_COLOURS.length];
  }

  function drawPoints(W, H, dpr) {
    const r = Math.max(3.5, Math.min(W, H) / (95 * dpr)) * dpr;
    const outline = dataset.task === 'regression' && dataset.inputs === 2 ? 'rgba(28, 33, 40, 0.7)' : 'white';
    ctx.save();
    // Validation points: hollow rings (a white halo keeps them visible on
    // a background of their own colour).
    // A value map's middle is nearly white: edge those rings in ink instead.
    const halo =
      dataset.task === 'regression' && dataset.inputs === 2 ? 'rgba(28, 33, 40, 0.7)' : 'rgba(255, 255, 255, 0.9)';
    eachPoint(dataset.validation, W, H, (px, py, y) => {
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.lineWidth = 3.4 * dpr;
      ctx.strokeStyle = halo;
      ctx.stroke();
      ctx.lineWidth = 1.8 * dpr;
      ctx.strokeStyle = css(mix(pointStyle(y), [28, 33, 40], 0.18));
      ctx.stroke();
    });
    // Training points: filled discs.
    eachPoint(dataset.train, W, H, (px, py, y) => {
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fillStyle = css(pointStyle(y));
      ctx.fill();
      ctx.lineWidth = 1.2 * dpr;
      ctx.strokeStyle = outline;
      ctx.stroke();
    });
    ctx.restore();
  }

  /** Canvas position of point i of a set (1-D: input on x, target on y). */
  function pointPx(set, i, W, H) {
    return dataset.inputs === 1 ? toPx(set.x[i], set.y[i], W, H) : toPx(set.x[2 * i], set.x[2 * i + 1], W, H);
  }

  function eachPoint(set, W, H, fn) {
    const { x, y, count } = set;
    const n = dataset.inputs;
    for (let i = 0; i < count; i++) {
      // 1-D regression: the input is the x axis and the target the y axis.
      const [px, py] = n === 1 ? toPx(x[i], y[i], W, H) : toPx(x[2 * i], x[2 * i + 1], W, H);
      fn(px, py, y[i]);
    }
  }

  function drawCurve({ xs, ys }, W, H, dpr, colour, faint) {
    ctx.save();
    ctx.beginPath();
    for (let i = 0; i < xs.length; i++) {
      const [px, py] = toPx(xs[i], ys[i], W, H);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.lineJoin = 'round';
    if (faint) {
      ctx.setLineDash([6 * dpr, 5 * dpr]);
      ctx.lineWidth = 1.5 * dpr;
      ctx.strokeStyle = colour;
      ctx.stroke();
      ctx.restore();
      return;
    }
    ctx.lineWidth = 5 * dpr;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.stroke();
    ctx.lineWidth = 2.5 * dpr;
    ctx.strokeStyle = colour;
    ctx.stroke();
    ctx.restore();
  }

  function drawDiverged(W, H, dpr) {
    ctx.save();
    ctx.fillStyle = 'rgba(243, 241, 236, 0.82)';
    ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = `600 ${Math.round(16 * dpr)}px system-ui, sans-serif`;
    ctx.fillText('The network diverged', W / 2, H / 2 - 12 * dpr);
    ctx.font = `${Math.round(13 * dpr)}px system-ui, sans-serif`;
    ctx.fillText('Its outputs are not numbers. Press Reset.', W / 2, H / 2 + 12 * dpr);
    ctx.restore();
  }

  return {
    setDataset,
    draw,
    redraw: () => draw(null),
  };
}

/**
 * The key under the plot: what the colours and marks mean for this task.
 * Colours are set through the CSSOM (el.style.setProperty), which the page's
 * Content-Security-Policy allows; a style="" attribute would be blocked.
 */
function renderLegend(container, ds) {
  if (!container) return;
  const item = (label, shape, colours = {}) => {
    const mark = document.createElement('span');
    mark.className = `swatch swatch--${shape}`;
    for (const [name, value] of Object.entries(colours)) mark.style.setProperty(name, value);
    const li = document.createElement('li');
    li.append(mark, label);
    return li;
  };
  const swatch = (colour, label, shape = 'disc') => item(label, shape, { '--c': css(colour) });
  const items = [];
  if (ds.task === 'regression' && ds.inputs === 1) {
    items.push(swatch(CLASS_COLOURS[1], 'Training point'));
    items.push(swatch(CLASS_COLOURS[1], 'Validation point', 'ring'));
    TWIN_COLOURS.forEach((c, i) =>
      items.push(item(`Twin ${'AB'[i]}'s fitted curve (inference)`, 'line', { '--c': c })),
    );
    items.push(item("The other twin's curve, for comparison", 'dash'));
  } else if (ds.task === 'regression') {
    items.push(item('Low → high value', 'ramp', { '--lo': css(CLASS_COLOURS[0]), '--hi': css(CLASS_COLOURS[1]) }));
    items.push(swatch([120, 120, 120], 'Training point'));
    items.push(swatch([120, 120, 120], 'Validation point', 'ring'));
  } else {
    const k = ds.task === 'multiclass' ? ds.classes : 2;
    for (let c = 0; c < k; c++) items.push(swatch(CLASS_COLOURS[c], `Class ${c}`));
    items.push(swatch([120, 120, 120], 'Training', 'disc'));
    items.push(swatch([120, 120, 120], 'Validation', 'ring'));
  }
  container.replaceChildren(...items);
}

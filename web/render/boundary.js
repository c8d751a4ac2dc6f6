// Draws what the network predicts over the input plane (a heatmap of at
// least 100x100 cells), the training points (filled) and the validation
// points (hollow rings). For a 1-D regression (sine) it draws the points and
// the fitted curve instead. It reads datasets and frames, never changes them.
// Colours, lookup tables and the key: ./boundary-paint.js.

import {
  BINARY_LUT,
  CLASS_COLOURS,
  CLASS_LUTS,
  CURVE,
  INK,
  NEUTRAL,
  UPSAMPLE,
  VALUE_LUT,
  css,
  divergingColour,
  interpolationSteps,
  lutIndex,
  mix,
  renderLegend,
  targetRange,
  viewBox,
} from './boundary-paint.js';
import { createUncertaintyLayer } from './boundary-uncertainty.js';
import { drawFeatureBars } from './feature-bars.js';

export { CLASS_COLOURS };

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
  const uncertaintyLayer = createUncertaintyLayer();

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
    if (dataset.inputs > 2) {
      // A table has no plane: the per-feature view instead (its informative share in data-features).
      const share = drawFeatureBars(ctx, lastFrame?.features ?? null, { W, H, dpr });
      canvas.dataset.features = Number.isFinite(share) ? share.toFixed(4) : 'none';
      if (lastFrame?.diverged) drawDiverged(W, H, dpr);
      return;
    }

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
    drawUncertainty(lastFrame?.uncertainty ?? null, W, H);
    drawAxes(W, H, dpr);
    const ghost = lastFrame?.ghost;
    if (dataset.inputs === 1 && ghost?.kind === 'curve') drawCurve(ghost, W, H, dpr, 'rgba(84, 90, 99, 0.55)', true);
    if (dataset.inputs === 1 && prediction?.kind === 'curve') drawCurve(prediction, W, H, dpr, curveColour, false);
    drawPoints(W, H, dpr);
    drawHighlights(lastFrame?.highlight ?? [], W, H, dpr);
    if (lastFrame?.diverged) drawDiverged(W, H, dpr);
  }

  /** The Monte-Carlo overlay, if the frame has one; its mean std in data-uncertainty (tests, tools). */
  function drawUncertainty(u, W, H) {
    canvas.dataset.uncertainty = u ? String(u.meanStd) : 'none';
    if (!u) return;
    const scale = dataset.task === 'regression' ? range.half : 0.5;
    uncertaintyLayer.draw(ctx, u, { W, H, toPx: (x, y) => toPx(x, y, W, H), scale, colour: curveColour });
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
    if (!dataset || dataset.inputs > 2 || points.length === 0) return null;
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

  /** Data coordinates under a point of the canvas, in CSS pixels from its top left: [x, y]. */
  function toData(cssX, cssY) {
    const b = view;
    const W = canvas.clientWidth;
    const H = canvas.clientHeight;
    return [b.xMin + (cssX / W) * (b.xMax - b.xMin), b.yMax - (cssY / H) * (b.yMax - b.yMin)];
  }

  return {
    setDataset,
    toData,
    /** How many data units a CSS pixel is, along x. */
    dataPerPixel: () => (view.xMax - view.xMin) / Math.max(1, canvas.clientWidth),
    canvas,
    draw,
    redraw: () => draw(null),
  };
}

// Drawing for "Where dropout applies" (families/families-panel.js), on canvases:
// a grey image, feature maps with this step's mask laid over them (a dropped
// activation or map is dark and crossed out), a units x time mask strip, a
// hidden-state heatmap and a sequence with each network's output. Pure drawing:
// every function takes plain data and changes nothing else.

export const VARIANT_COLOURS = ['rgb(96, 96, 96)', 'rgb(176, 73, 143)', 'rgb(0, 122, 90)'];

/** Sizes the canvas for its CSS box at the device's pixel ratio; returns the 2-D context. */
function context(canvas, width, height) {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

const grey = (v) => {
  const g = Math.round(255 * (1 - Math.min(1, Math.max(0, v))));
  return `rgb(${g},${g},${g})`;
};

/** One grey image (ink 1 = black) of side x side at `scale` px per pixel, at (x0, y0). */
function paintImage(ctx, img, side, scale, x0, y0, offset = 0) {
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      ctx.fillStyle = grey(img[offset + y * side + x]);
      ctx.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
    }
}

/**
 * A grid of validation images, each with one mark per network: a filled square
 * when it answered right, a cross when wrong. Returns how many each got wrong.
 */
export function drawImageGrid(canvas, { images, labels, side, networks }, columns = 8) {
  const scale = 3;
  const cell = side * scale;
  const gap = 6;
  const markRow = 10;
  const rows = Math.ceil(labels.length / columns);
  const ctx = context(canvas, columns * (cell + gap), rows * (cell + markRow + gap));
  const wrong = networks.map(() => 0);
  labels.forEach((label, i) => {
    const x0 = (i % columns) * (cell + gap);
    const y0 = Math.floor(i / columns) * (cell + markRow + gap);
    paintImage(ctx, images, side, scale, x0, y0, i * side * side);
    networks.forEach((n, k) => {
      const ok = n.answers[i] === label;
      if (!ok) wrong[k] += 1;
      const mx = x0 + 2 + k * 11;
      const my = y0 + cell + 2;
      ctx.fillStyle = VARIANT_COLOURS[k];
      ctx.strokeStyle = VARIANT_COLOURS[k];
      if (ok) ctx.fillRect(mx, my, 7, 7);
      else {
        ctx.lineWidth = 1.6;
        ctx.beginPath();
        ctx.moveTo(mx, my);
        ctx.lineTo(mx + 7, my + 7);
        ctx.moveTo(mx + 7, my);
        ctx.lineTo(mx, my + 7);
        ctx.stroke();
      }
    });
  });
  return wrong;
}

/** The shown image, large. */
export function drawImage(canvas, image, side, scale = 6) {
  const ctx = context(canvas, side * scale, side * scale);
  paintImage(ctx, image, side, scale, 0, 0);
}

/**
 * A network's feature maps (filters x h x w, after relu) in a row of small
 * images, scaled to the largest value; with `mask` (the same layout, 0 =
 * dropped) a dropped activation is dark red and a fully dropped map crossed out.
 * Returns the number of dropped maps and dropped activations.
 */
export function drawFeatureMaps(canvas, { maps, mask, filters, h, w }, scale = 3) {
  const gap = 4;
  const perRow = Math.min(filters, 4);
  const rows = Math.ceil(filters / perRow);
  const ctx = context(canvas, perRow * (w * scale + gap), rows * (h * scale + gap));
  let top = 0;
  for (const v of maps) top = Math.max(top, v);
  let droppedMaps = 0;
  let droppedCells = 0;
  for (let f = 0; f < filters; f++) {
    const x0 = (f % perRow) * (w * scale + gap);
    const y0 = Math.floor(f / perRow) * (h * scale + gap);
    let dropped = 0;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = f * h * w + y * w + x;
        const off = mask && mask[i] === 0;
        if (off) dropped += 1;
        ctx.fillStyle = off ? 'rgb(120, 20, 30)' : grey(top > 0 ? maps[i] / top : 0);
        ctx.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
      }
    droppedCells += dropped;
    if (dropped === h * w) {
      droppedMaps += 1;
      ctx.strokeStyle = 'rgb(255, 255, 255)';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x0 + 2, y0 + 2);
      ctx.lineTo(x0 + w * scale - 2, y0 + h * scale - 2);
      ctx.moveTo(x0 + w * scale - 2, y0 + 2);
      ctx.lineTo(x0 + 2, y0 + h * scale - 2);
      ctx.stroke();
    }
  }
  return { droppedMaps, droppedCells };
}

/** The learned filters (filters x k x k, one channel) side by side: orange > 0 > blue, scaled to the largest. */
export function drawFilters(canvas, { kernel, filters, k }, scale = 8) {
  const gap = 4;
  const ctx = context(canvas, filters * (k * scale + gap), k * scale);
  let top = 0;
  for (const v of kernel) top = Math.max(top, Math.abs(v));
  for (let f = 0; f < filters; f++)
    for (let i = 0; i < k * k; i++) {
      const v = top > 0 ? kernel[f * k * k + i] / top : 0;
      ctx.fillStyle = v >= 0 ? `rgba(213, 94, 0, ${v})` : `rgba(0, 114, 178, ${-v})`;
      ctx.fillRect(f * (k * scale + gap) + (i % k) * scale, Math.floor(i / k) * scale, scale, scale);
    }
}

/**
 * A mask strip: units down, time steps across; a dropped unit-step is dark.
 * Returns how many units keep one value over every time step.
 */
export function drawMaskStrip(canvas, { mask, units, steps }, cell = 5) {
  const ctx = context(canvas, steps * cell, units * cell);
  let constant = 0;
  for (let u = 0; u < units; u++) {
    let same = true;
    for (let t = 0; t < steps; t++) {
      const v = mask ? mask[u * steps + t] : 1;
      if (mask && v !== mask[u * steps]) same = false;
      ctx.fillStyle = v === 0 ? 'rgb(40, 40, 48)' : 'rgb(226, 232, 240)';
      ctx.fillRect(t * cell, u * cell, cell - 1, cell - 1);
    }
    if (same) constant += 1;
  }
  return constant;
}

/** Hidden states (steps x units) as a heatmap: units down, time across; blue < 0 < orange. */
export function drawHiddenStates(canvas, { hidden, units, steps }, cell = 5) {
  const ctx = context(canvas, steps * cell, units * cell);
  for (let t = 0; t < steps; t++)
    for (let u = 0; u < units; u++) {
      const v = Math.max(-1, Math.min(1, hidden[t * units + u]));
      const a = Math.abs(v);
      ctx.fillStyle = v >= 0 ? `rgba(213, 94, 0, ${a})` : `rgba(0, 114, 178, ${a})`;
      ctx.fillRect(t * cell, u * cell, cell, cell);
    }
}

/**
 * A sequence and each network's output over time: for regression (many-to-many)
 * the target and each network's prediction; for a label per sequence, the input
 * alone (the panel writes the probabilities).
 */
export function drawSequence(canvas, { x, target, manyToMany, outputs }, width = 320, height = 120) {
  const ctx = context(canvas, width, height);
  const T = x.length;
  const series = [x, ...(manyToMany ? [target, ...outputs] : [])];
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (const v of s) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!(hi > lo)) hi = lo + 1;
  const px = (t) => 4 + (t / Math.max(1, T - 1)) * (width - 8);
  const py = (v) => height - 4 - ((v - lo) / (hi - lo)) * (height - 8);
  const line = (s, colour, widthPx, dash = []) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = widthPx;
    ctx.setLineDash(dash);
    ctx.beginPath();
    s.forEach((v, t) => (t === 0 ? ctx.moveTo(px(t), py(v)) : ctx.lineTo(px(t), py(v))));
    ctx.stroke();
  };
  line(x, 'rgb(170, 170, 170)', 1.5);
  if (manyToMany) {
    // The target at step t is x[t + 1]: drawn one step to the left, over the input.
    line(target, 'rgb(30, 30, 30)', 1.5, [4, 3]);
    outputs.forEach((o, k) => line(o, VARIANT_COLOURS[k], 2));
  }
  ctx.setLineDash([]);
}

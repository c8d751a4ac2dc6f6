// The units of the network diagram: each hidden unit's thumbnail (what it
// responds to over the input plane), painted into one reused atlas and
// clipped into its square; dropped units greyed and crossed; Gaussian noise
// factors as gauges; the input and output labels; "+N more" markers.

import {
  BORDER,
  DIVERGING_LUT,
  DROPPED_FILL,
  DROPPED_MARK,
  GAUGE_TRACK,
  GREY_LUT,
  INK,
  INK_FAINT,
  INK_SOFT,
  LUT_SIZE,
  ORANGE_CSS,
  PLATE,
  SEQUENTIAL_LUT,
  cross,
  font,
  roundedRect,
} from './style.js';

const SEQUENTIAL_SLACK = 0.05; // min ≥ −5% of max counts as "≥ 0" (leaky relu)

/** An atlas of thumbnails: row = column of the diagram, one cell per grid sample. */
export function createAtlas() {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  let image = null; // reused while the atlas size stays the same

  function paint(layout, grids, maxShown) {
    const gw = grids.width;
    const gh = grids.height;
    const cols = layout.cols;
    const w = gw * maxShown;
    const h = gh * cols.length;
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      image = null;
    }
    if (!image) image = ctx.createImageData(w, h);
    const px = image.data;
    const cells = gw * gh;
    let offset = 0; // the first unit of this hidden layer in grids.data
    for (let c = 1; c < cols.length - 1; c++) {
      const col = cols[c];
      for (let u = 0; u < col.count; u++) {
        const start = (offset + u) * cells;
        if (start + cells <= grids.data.length) {
          paintUnit(px, w, u * gw, c * gh, gw, gh, grids.data, start, col.dropped[u]);
        }
      }
      offset += col.n;
    }
    if (cols[0].square) paintInputRamps(px, w, gw, gh, cols[0]);
    ctx.putImageData(image, 0, 0);
  }

  return { canvas, paint };
}

/** One unit: sequential palette if its responses are ≥ 0, else diverging around 0. */
function paintUnit(px, stride, x0, y0, gw, gh, data, start, dropped) {
  const cells = gw * gh;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < start + cells; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const sequential = lo >= -SEQUENTIAL_SLACK * Math.abs(hi);
  const top = sequential ? hi : Math.max(-lo, hi);
  const lut = dropped ? GREY_LUT : sequential ? SEQUENTIAL_LUT : DIVERGING_LUT;
  const k = top > 1e-9 && Number.isFinite(top) ? (LUT_SIZE - 1) / top : 0;
  for (let r = 0; r < gh; r++) {
    let p = ((y0 + r) * stride + x0) * 4;
    let i = start + r * gw;
    for (let c = 0; c < gw; c++, i++, p += 4) {
      const v = data[i];
      let t = sequential ? v * k : (v * k + (LUT_SIZE - 1)) / 2;
      if (dropped && !sequential) t = Math.abs(v) * k;
      const j = (t < 0 ? 0 : t > LUT_SIZE - 1 ? LUT_SIZE - 1 : t | 0) * 3;
      px[p] = lut[j];
      px[p + 1] = lut[j + 1];
      px[p + 2] = lut[j + 2];
      px[p + 3] = 255;
    }
  }
}

/** The inputs' thumbnails: x₁ grows left → right, x₂ bottom → top. */
function paintInputRamps(px, stride, gw, gh, col) {
  for (let u = 0; u < Math.min(col.count, 2); u++) {
    const lut = col.dropped[u] ? GREY_LUT : DIVERGING_LUT;
    for (let r = 0; r < gh; r++) {
      for (let c = 0; c < gw; c++) {
        const s = u === 0 ? (c + 0.5) / gw : 1 - (r + 0.5) / gh; // 0…1 across the plane
        const t = col.dropped[u] ? Math.abs(2 * s - 1) : s;
        const j = Math.min(LUT_SIZE - 1, Math.floor(t * LUT_SIZE)) * 3;
        const p = (r * stride + u * gw + c) * 4;
        px[p] = lut[j];
        px[p + 1] = lut[j + 1];
        px[p + 2] = lut[j + 2];
        px[p + 3] = 255;
      }
    }
  }
}

/**
 * Every drawn unit, with its labels and "+N more" marker. atlas: the painted
 * thumbnails and their grid size, or null; texts: where each label went.
 */
export function drawUnits(ctx, layout, atlas, texts) {
  const gw = atlas ? atlas.width : 0;
  const gh = atlas ? atlas.height : 0;
  const radius = Math.min(6, layout.unit * 0.2);
  for (let c = 0; c < layout.cols.length; c++) {
    const col = layout.cols[c];
    const h = col.half;
    const thumbs = atlas && col.square;
    for (let u = 0; u < col.count; u++) {
      const x = col.x;
      const y = col.ys[u];
      const dropped = col.dropped[u] === 1;
      ctx.beginPath();
      if (col.square) roundedRect(ctx, x - h, y - h, 2 * h, 2 * h, radius);
      else ctx.arc(x, y, h, 0, 2 * Math.PI);
      if (thumbs) {
        ctx.save();
        ctx.clip();
        ctx.drawImage(atlas.canvas, u * gw, c * gh, gw, gh, x - h, y - h, 2 * h, 2 * h);
        ctx.restore();
      } else {
        ctx.fillStyle = dropped ? DROPPED_FILL : '#fff';
        ctx.fill();
      }
      const endpoint = c === 0 || c === layout.cols.length - 1; // inputs and outputs: firmer outline
      ctx.lineWidth = dropped || col.square ? 1 : endpoint ? 1.5 : 1.25;
      ctx.strokeStyle = dropped ? DROPPED_MARK : col.square ? BORDER : endpoint ? INK : INK_SOFT;
      ctx.stroke();
      if (dropped) {
        ctx.beginPath();
        cross(ctx, x, y, h * (col.square ? 0.62 : 0.55));
        ctx.lineWidth = Math.max(1.25, Math.min(2, h * 0.16));
        ctx.lineCap = 'round';
        ctx.strokeStyle = DROPPED_MARK;
        ctx.stroke();
      }
      if (col.factor[u] !== 1 && !dropped) drawFactorGauge(ctx, x + h + 3, y, h, col.factor[u]);
    }
    if (col.labels) drawUnitLabels(ctx, layout, c, col, texts);
    if (col.more > 0) drawMore(ctx, layout, col, texts);
  }
}

/** Gaussian dropout's noise factor: a bar beside the unit, full at |factor| = 2, a tick at ×1. */
function drawFactorGauge(ctx, x, y, h, factor) {
  const size = Math.min(1, Math.abs(factor) / 2) * 2 * h;
  ctx.fillStyle = '#fff';
  ctx.fillRect(x - 0.5, y - h - 0.5, 5, 2 * h + 1);
  ctx.fillStyle = GAUGE_TRACK;
  ctx.fillRect(x, y - h, 4, 2 * h);
  ctx.fillStyle = factor < 0 ? ORANGE_CSS : INK_SOFT;
  ctx.fillRect(x, y + h - size, 4, size);
  ctx.fillStyle = INK;
  ctx.fillRect(x - 1.5, y - 0.5, 7, 1);
}

function drawUnitLabels(ctx, layout, c, col, texts) {
  const isInput = c === 0;
  const place = isInput ? 'left' : layout.outputLabel;
  // Labels one per unit row: never taller than the rows are apart.
  const size = place === 'left' || place === 'right' ? Math.max(9, Math.min(13, Math.floor(layout.pitch - 1))) : 13;
  ctx.font = font(size, isInput ? 500 : 600);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (let u = 0; u < col.count; u++) {
    const label = col.labels[u];
    const width = ctx.measureText(label).width;
    let x = place === 'left' ? col.x - col.half - 7 - width : col.x + col.half + 7;
    let y = col.ys[u];
    if (place === 'upright') {
      // One output, compact diagram: the label runs upwards beside its unit.
      x = col.x + col.half + 11;
      ctx.save();
      ctx.translate(x, y);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.fillStyle = INK;
      ctx.fillText(label, 0, 0);
      ctx.restore();
      texts.add('label', label, x - size / 2, y - width / 2, size, width);
      continue;
    }
    if (place === 'above') {
      // One output, close columns: the label over its unit, on a plate (the weights meet there).
      x = Math.min(layout.cssWidth - 4 - width, col.x - width / 2);
      y = col.ys[u] - col.half - 12;
      ctx.fillStyle = PLATE;
      ctx.fillRect(x - 3, y - 9, width + 6, 18);
    }
    ctx.fillStyle = col.dropped[u] ? INK_FAINT : INK;
    ctx.fillText(label, x, y);
    texts.add('label', label, x, y - size / 2, width, size);
  }
}

/**
 * The last slot of an overflowing column: "+N more" on a small plate, or
 * "+N" in a smaller type if the columns are close; if even that would reach
 * the next column, a "⋮" (the caption gives the layer's size).
 */
function drawMore(ctx, layout, col, texts) {
  const y = col.ys[col.ys.length - 1];
  const room = layout.cols.length > 1 ? layout.gap - 4 : layout.cssWidth;
  const h = Math.min(18, Math.max(14, layout.pitch * 0.85));
  for (const [text, size] of [
    [`+${col.more} more`, 11],
    [`+${col.more}`, 11],
    [`+${col.more}`, 10],
    [`+${col.more}`, 9],
  ]) {
    ctx.font = font(size, 600);
    const w = ctx.measureText(text).width + (size > 10 ? 12 : 6);
    if (w > room) continue;
    ctx.beginPath();
    roundedRect(ctx, col.x - w / 2, y - h / 2, w, h, h / 2);
    ctx.fillStyle = PLATE;
    ctx.fill();
    ctx.setLineDash([3, 2]);
    ctx.lineWidth = 1;
    ctx.strokeStyle = INK_FAINT;
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = INK_SOFT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, col.x, y + 0.5);
    texts.add('more', text, col.x - w / 2, y - h / 2, w, h);
    return;
  }
  ctx.font = font(13, 700);
  ctx.fillStyle = INK_SOFT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('⋮', col.x, y);
}

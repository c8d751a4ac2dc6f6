// The network diagram: a column of units per layer (inputs, each hidden
// layer, the output), the weights as curves between them, and what dropout
// does at one training step: dropped units greyed and crossed, DropConnect's
// dropped weights left out, Gaussian noise factors as small gauges. Hidden
// units show a thumbnail of what they respond to over the input plane.
// It reads a view and draws it; it never changes the network or the state.
//
//   const diagram = createNetworkDiagram(canvas, { maxUnitsShown: 16 });
//   diagram.draw({ layerSizes, weights, masks, example, unitGrids, mode, inputLabels, outputLabel, activations });
//   diagram.hitTest(x, y)        → { layer, unit } | null   (CSS px inside the canvas; layer 0 = inputs)
//   diagram.unitCenter(layer, u) → { x, y } | null          (the inverse, for tooltips and tests)
//
// It is called ~30 times a second while training, so the layout is cached per
// (layer sizes, captions, canvas size), the thumbnails are painted into one
// reused ImageData, and the weights are stroked in a few batched paths.
// There is no animation, so prefers-reduced-motion needs nothing here.

import { CLASS_COLOURS } from './boundary.js';

const [ORANGE, BLUE] = CLASS_COLOURS; // negative, positive: the page's palette
const NEUTRAL = [243, 241, 236]; // a response of 0, as in the boundary heatmap
const INK = 'rgb(28, 33, 40)';
const INK_SOFT = 'rgb(84, 90, 99)';
const INK_FAINT = 'rgb(138, 144, 153)';
const BORDER = 'rgba(28, 33, 40, 0.38)';
const DROPPED_FILL = 'rgb(228, 228, 226)'; // pure greys: dropped must not look coloured
const DROPPED_MARK = 'rgb(120, 122, 126)';
const FADED_LINE = 'rgba(120, 122, 126, 0.09)';
const GAUGE_TRACK = 'rgba(28, 33, 40, 0.12)';
const ORANGE_CSS = `rgb(${ORANGE.join(', ')})`;
const PLATE = 'rgba(255, 255, 255, 0.92)'; // behind labels that sit on curves
const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const INFERENCE_NOTE = 'every unit kept, outputs scaled to match';

const NOTE_BAND = 26; // CSS px above the units for the mode note
const CAPTION_TITLE = 15; // line heights of the captions under the columns
const CAPTION_LINE = 14;
const MAX_PITCH = 60; // vertical distance between unit centres, at most
const MAX_UNIT = 44; // thumbnail side, at most
const SEQUENTIAL_SLACK = 0.05; // min ≥ −5% of max counts as "≥ 0" (leaky relu)

// ---------- colour tables ----------

const LUT_SIZE = 256;
const lerp = (a, b, t) => a + (b - a) * t;

/** rgb bytes (LUT_SIZE × 3) of colourAt(t) for t in [0, 1]. */
function makeLut(colourAt) {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = colourAt(i / (LUT_SIZE - 1));
    lut[i * 3] = c[0];
    lut[i * 3 + 1] = c[1];
    lut[i * 3 + 2] = c[2];
  }
  return lut;
}
const mix = (a, b, t) => [lerp(a[0], b[0], t), lerp(a[1], b[1], t), lerp(a[2], b[2], t)];
// Diverging, for responses of both signs (tanh, linear, selu): index 0 = −max, 255 = +max.
const DIVERGING_LUT = makeLut((u) => mix(NEUTRAL, u < 0.5 ? ORANGE : BLUE, Math.abs(2 * u - 1) * 0.92));
// Sequential, for responses ≥ 0 (relu, sigmoid): index 0 = 0, 255 = max. The square
// root lifts the weak end, so a unit that fires a little still shows where.
const SEQUENTIAL_LUT = makeLut((u) => mix(NEUTRAL, BLUE, Math.sqrt(u) * 0.92));
// A dropped unit's thumbnail: the same shape, in light greys only.
const GREY_LUT = makeLut((u) => {
  const g = lerp(238, 196, u);
  return [g, g, g];
});

// ---------- weight strokes ----------

// Weights are sorted into LEVELS buckets by |w| / (the layer's max |w|), and
// each bucket is stroked as one path: a handful of state changes per frame.
const LEVELS = 8;
const FADED = 1; // code of a line touching a dropped unit; 0 = not drawn
const levelWidth = (k) => 0.45 + 2.6 * ((k + 1) / LEVELS);
const levelAlpha = (k) => 0.07 + 0.7 * ((k + 1) / LEVELS) ** 1.3;
const rgba = (c, a) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a.toFixed(3)})`;
const POSITIVE_STYLES = Array.from({ length: LEVELS }, (_, k) => rgba(BLUE, levelAlpha(k)));
const NEGATIVE_STYLES = Array.from({ length: LEVELS }, (_, k) => rgba(ORANGE, levelAlpha(k)));

// ---------- text ----------

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[d]);
const font = (size, weight = 400) => `${weight} ${size}px ${FONT_FAMILY}`;
/** 0.5 → "0.5", 0.2000000029 → "0.2". */
const formatRate = (rate) => String(Number(rate.toFixed(2)));

function dropoutLabel(mask) {
  if (!mask || !(mask.rate > 0)) return null;
  const rate = formatRate(mask.rate);
  return mask.kind === 'bernoulli' || !mask.kind ? `rate ${rate}` : `${mask.kind} ${rate}`;
}

/** Greedy wrap of parts joined by " · " into lines no wider than maxWidth. */
function wrapParts(ctx, parts, maxWidth) {
  const lines = [];
  let line = '';
  for (const part of parts) {
    const candidate = line ? `${line} · ${part}` : part;
    if (line && ctx.measureText(candidate).width > maxWidth) {
      lines.push(line);
      line = part;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

// ---------- drawing helpers ----------

function roundedRect(ctx, x, y, w, h, r) {
  const q = Math.min(r, w / 2, h / 2);
  ctx.moveTo(x + q, y);
  ctx.arcTo(x + w, y, x + w, y + h, q);
  ctx.arcTo(x + w, y + h, x, y + h, q);
  ctx.arcTo(x, y + h, x, y, q);
  ctx.arcTo(x, y, x + w, y, q);
  ctx.closePath();
}

/** A diagonal cross inside a box of half-size h around (x, y). */
function cross(ctx, x, y, h) {
  ctx.moveTo(x - h, y - h);
  ctx.lineTo(x + h, y + h);
  ctx.moveTo(x + h, y - h);
  ctx.lineTo(x - h, y + h);
}

// ---------- the renderer ----------

export function createNetworkDiagram(canvas, { maxUnitsShown = 16 } = {}) {
  const maxShown = Math.max(2, Math.floor(maxUnitsShown));
  const ctx = canvas.getContext('2d');
  const atlas = document.createElement('canvas'); // every thumbnail, one grid cell per pixel
  const atlasCtx = atlas.getContext('2d');
  let atlasImage = null; // reused while the atlas size stays the same

  let layout = null;
  const captions = []; // per column: { key, title, details: [lines] }
  // The last values written to canvas.dataset (written only when they change).
  const written = { dropped: -1, droppedWeights: -1, more: '', mode: '', note: '' };

  /** Sizes the backing store to the CSS size times the device pixel ratio. */
  function fitCanvas() {
    const dpr = globalThis.devicePixelRatio || 1;
    const cssWidth = canvas.clientWidth;
    const cssHeight = canvas.clientHeight;
    const w = Math.max(1, Math.round(cssWidth * dpr));
    const h = Math.max(1, Math.round(cssHeight * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    return { dpr, cssWidth, cssHeight };
  }

  // ----- captions: recomputed only when their words change -----

  function captionParts(view, column, columns, unitMasks, dropConnect) {
    const n = view.layerSizes[column];
    if (column === 0) {
      const rate = dropoutLabel(unitMasks[0] ?? dropConnect[0]);
      return { title: 'input', parts: rate ? [rate] : [] };
    }
    if (column === columns - 1) return { title: 'output', parts: n > 1 ? [`${n} units`] : [] };
    const activation = view.activations?.[column - 1];
    const parts = [activation ? `${n} ${activation}` : `${n} units`];
    const rate = dropoutLabel(unitMasks[column] ?? dropConnect[column]);
    if (rate) parts.push(rate);
    return { title: `hidden ${column}`, parts };
  }

  /** Returns true when a caption's words or wrapping changed (the layout depends on them). */
  function updateCaptions(view, columns, unitMasks, dropConnect, maxWidth) {
    let changed = captions.length !== columns;
    captions.length = columns;
    ctx.font = font(11);
    for (let c = 0; c < columns; c++) {
      const { title, parts } = captionParts(view, c, columns, unitMasks, dropConnect);
      const key = `${title}|${parts.join('|')}|${Math.round(maxWidth)}`;
      if (captions[c]?.key === key) continue;
      captions[c] = { key, title, details: wrapParts(ctx, parts, maxWidth) };
      changed = true;
    }
    return changed;
  }

  // ----- layout: positions of every unit, cached -----

  function sameSizes(sizes) {
    if (!layout || layout.sizes.length !== sizes.length) return false;
    for (let i = 0; i < sizes.length; i++) if (layout.sizes[i] !== sizes[i]) return false;
    return true;
  }

  function labelFor(view, column, unit) {
    if (column === 0) return view.inputLabels?.[unit] ?? `x${subscript(unit + 1)}`;
    const out = view.outputLabel ?? 'output';
    if (Array.isArray(out)) return out[unit] ?? `output ${unit + 1}`;
    return view.layerSizes[column] > 1 ? `${out} ${unit + 1}` : out;
  }

  function buildLayout(view, cssWidth, cssHeight, dpr, thumbnails) {
    const sizes = view.layerSizes;
    const columns = sizes.length;
    ctx.font = font(13);
    const inputLabels = [];
    const outputLabels = [];
    let inputLabelWidth = 0;
    let outputLabelWidth = 0;
    for (let u = 0; u < Math.min(sizes[0], maxShown); u++) {
      inputLabels.push(labelFor(view, 0, u));
      inputLabelWidth = Math.max(inputLabelWidth, ctx.measureText(inputLabels[u]).width);
    }
    for (let u = 0; u < Math.min(sizes[columns - 1], maxShown); u++) {
      outputLabels.push(labelFor(view, columns - 1, u));
      outputLabelWidth = Math.max(outputLabelWidth, ctx.measureText(outputLabels[u]).width);
    }

    let maxSlots = 1;
    for (const n of sizes) maxSlots = Math.max(maxSlots, Math.min(n, maxShown));
    let captionLines = 1;
    for (const cap of captions) captionLines = Math.max(captionLines, 1 + cap.details.length);
    const bottom = 10 + CAPTION_TITLE + (captionLines - 1) * CAPTION_LINE + 6;
    const top = NOTE_BAND + 6;
    const areaHeight = Math.max(20, cssHeight - top - bottom);
    const pitch = Math.min(MAX_PITCH, areaHeight / maxSlots);

    // Horizontal: labels outside the first and last columns, the rest evenly spread.
    const roughUnit = Math.min(MAX_UNIT, pitch * 0.8);
    const left = 8 + inputLabelWidth + 8 + roughUnit / 2;
    const right = 8 + outputLabelWidth + 8 + Math.min(roughUnit / 2, 13);
    const gap = columns > 1 ? Math.max(24, (cssWidth - left - right) / (columns - 1)) : 0;
    const unit = Math.max(5, Math.min(MAX_UNIT, pitch * 0.8, gap * 0.4));
    const centreY = top + areaHeight / 2;

    const cols = [];
    for (let c = 0; c < columns; c++) {
      const n = sizes[c];
      const slots = Math.min(n, maxShown);
      const count = n > maxShown ? maxShown - 1 : n; // units drawn; the last slot says "+N more"
      const ys = new Float32Array(slots);
      for (let k = 0; k < slots; k++) ys[k] = centreY + (k - (slots - 1) / 2) * pitch;
      const isOutput = c === columns - 1 && c > 0;
      // Thumbnails are squares; without them (or for the output) units are discs. Inputs
      // get thumbnails (their own value over the plane) only on a 2-D plane.
      const square = thumbnails && !isOutput && (c > 0 || n === 2);
      const half = square ? unit / 2 : Math.max(5, Math.min(unit / 2, 13));
      cols.push({
        x: left + c * gap,
        n,
        count,
        more: n - count,
        ys,
        half,
        square,
        labels: c === 0 ? inputLabels : isOutput ? outputLabels : null,
        dropped: new Uint8Array(count), // this frame's state, reused
        factor: new Float32Array(count).fill(1),
      });
    }
    const links = [];
    for (let c = 0; c + 1 < columns; c++) links.push(new Uint8Array(cols[c].count * cols[c + 1].count));

    return {
      sizes: sizes.slice(),
      cssWidth,
      cssHeight,
      dpr,
      thumbnails,
      pitch,
      unit,
      cols,
      links,
      captionY: cssHeight - bottom + 10,
      captionWidth: Math.max(40, gap - 10),
    };
  }

  // ----- per-frame state: which units and weights the mask removes -----

  const unitMasks = [];
  const dropConnect = [];

  function collectMasks(view, columns) {
    unitMasks.length = columns;
    dropConnect.length = columns;
    unitMasks.fill(null);
    dropConnect.fill(null);
    for (const m of view.masks ?? []) {
      if (!(m.site >= 0 && m.site < columns - 1)) continue;
      if (m.kind === 'dropconnect') dropConnect[m.site] = m;
      else unitMasks[m.site] = m;
    }
  }

  // What this frame's masks did, for the note and canvas.dataset; reused.
  const summary = {
    anyDropout: false,
    stepped: false, // a training step has run, so the masks hold values
    shared: false,
    gaussian: false,
    row: 0, // the example whose mask is shown, of rows
    rows: 0,
    dropped: 0, // units drawn as dropped
    droppedAll: 0, // units dropped, drawn or not
    masked: 0, // units under a 0/1 mask, drawn or not
    removed: 0, // drawn weights DropConnect removed
    removedAll: 0, // weights DropConnect removed, drawn or not
  };

  /** Fills each column's dropped/factor arrays, and the summary. */
  function applyUnitMasks(view, training) {
    const s = summary;
    s.anyDropout = s.stepped = s.shared = s.gaussian = false;
    s.row = s.rows = s.dropped = s.droppedAll = s.masked = s.removed = s.removedAll = 0;
    for (let c = 0; c < layout.cols.length; c++) {
      const col = layout.cols[c];
      col.dropped.fill(0);
      col.factor.fill(1);
      const dc = dropConnect[c];
      if (dc && dc.rate > 0) {
        s.anyDropout = true;
        s.stepped ||= dc.rows > 0;
      }
      const m = unitMasks[c];
      if (!m || !(m.rate > 0)) continue;
      s.anyDropout = true;
      if (!training || !(m.rows > 0) || m.units !== col.n) continue;
      const row = m.shared ? 0 : (((view.example | 0) % m.rows) + m.rows) % m.rows;
      s.stepped = true;
      s.shared ||= m.shared;
      s.row = row;
      s.rows = m.rows;
      const base = row * m.units;
      if (m.kind === 'gaussian') {
        s.gaussian = true;
        for (let u = 0; u < col.count; u++) col.factor[u] = m.values[base + u];
        continue;
      }
      s.masked += col.n; // the note counts every unit, drawn or not; canvas.dataset.dropped the drawn ones
      for (let u = 0; u < col.n; u++) {
        if (m.values[base + u] !== 0) continue;
        s.droppedAll++;
        if (u < col.count) {
          col.dropped[u] = 1;
          s.dropped++;
        }
      }
    }
  }

  /**
   * Sorts each drawn weight into a stroke bucket: 0 not drawn (DropConnect
   * dropped it), FADED (touches a dropped unit), else by sign and size.
   * Returns how many of the drawn weights DropConnect removed (summary.removedAll: of all).
   */
  function classifyLinks(view, training) {
    let removed = 0;
    for (let l = 0; l < layout.links.length; l++) {
      const codes = layout.links[l];
      const from = layout.cols[l];
      const to = layout.cols[l + 1];
      const w = view.weights?.[l];
      if (!w || w.inputs !== from.n || w.units !== to.n) {
        codes.fill(0);
        continue;
      }
      const kernel = w.kernel;
      let max = 0;
      for (let i = 0; i < kernel.length; i++) max = Math.max(max, Math.abs(kernel[i]));
      const scale = max > 0 ? LEVELS / max : 0;
      const dc = training ? dropConnect[l] : null;
      const dcValues = dc && dc.rate > 0 && dc.values?.length >= kernel.length ? dc.values : null;
      if (dcValues) for (let k = 0; k < kernel.length; k++) if (dcValues[k] === 0) summary.removedAll++;
      for (let i = 0; i < from.count; i++) {
        for (let o = 0; o < to.count; o++) {
          const k = i * to.n + o;
          const at = i * to.count + o;
          if (dcValues && dcValues[k] === 0) {
            codes[at] = 0;
            removed++;
          } else if (from.dropped[i] || to.dropped[o]) {
            codes[at] = FADED;
          } else {
            const v = kernel[k];
            const level = Math.min(LEVELS - 1, Math.floor(Math.abs(v) * scale));
            codes[at] = 2 + level + (v < 0 ? LEVELS : 0);
          }
        }
      }
    }
    return removed;
  }

  // ----- drawing -----

  function strokeBucket(code, style, width) {
    ctx.beginPath();
    let any = false;
    for (let l = 0; l < layout.links.length; l++) {
      const codes = layout.links[l];
      const from = layout.cols[l];
      const to = layout.cols[l + 1];
      const x0 = from.x + from.half + 1;
      const x1 = to.x - to.half - 1;
      const bend = (x1 - x0) * 0.45;
      for (let i = 0; i < from.count; i++) {
        const y0 = from.ys[i];
        for (let o = 0; o < to.count; o++) {
          if (codes[i * to.count + o] !== code) continue;
          const y1 = to.ys[o];
          ctx.moveTo(x0, y0);
          ctx.bezierCurveTo(x0 + bend, y0, x1 - bend, y1, x1, y1);
          any = true;
        }
      }
    }
    if (!any) return;
    ctx.strokeStyle = style;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  function drawLinks() {
    ctx.lineCap = 'round';
    strokeBucket(FADED, FADED_LINE, 0.75);
    for (let k = 0; k < LEVELS; k++) {
      strokeBucket(2 + k, POSITIVE_STYLES[k], levelWidth(k));
      strokeBucket(2 + LEVELS + k, NEGATIVE_STYLES[k], levelWidth(k));
    }
  }

  /** Paints every shown unit's thumbnail into the atlas: row = column, one cell per grid sample. */
  function paintAtlas(view) {
    const g = view.unitGrids;
    const gw = g.width;
    const gh = g.height;
    const cols = layout.cols;
    const w = gw * maxShown;
    const h = gh * cols.length;
    if (atlas.width !== w || atlas.height !== h) {
      atlas.width = w;
      atlas.height = h;
      atlasImage = null;
    }
    if (!atlasImage) atlasImage = atlasCtx.createImageData(w, h);
    const px = atlasImage.data;
    const cells = gw * gh;
    let offset = 0; // the first unit of this hidden layer in unitGrids.data
    for (let c = 1; c < cols.length - 1; c++) {
      const col = cols[c];
      for (let u = 0; u < col.count; u++) {
        const start = (offset + u) * cells;
        if (start + cells <= g.data.length) paintUnit(px, w, u * gw, c * gh, gw, gh, g.data, start, col.dropped[u]);
      }
      offset += col.n;
    }
    if (cols[0].square) paintInputRamps(px, w, gw, gh, cols[0]);
    atlasCtx.putImageData(atlasImage, 0, 0);
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

  function drawUnits(view, hasAtlas) {
    const gw = hasAtlas ? view.unitGrids.width : 0;
    const gh = hasAtlas ? view.unitGrids.height : 0;
    const radius = Math.min(6, layout.unit * 0.2);
    for (let c = 0; c < layout.cols.length; c++) {
      const col = layout.cols[c];
      const h = col.half;
      const thumbs = hasAtlas && col.square;
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
          ctx.drawImage(atlas, u * gw, c * gh, gw, gh, x - h, y - h, 2 * h, 2 * h);
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
        if (col.factor[u] !== 1 && !dropped) drawFactorGauge(x + h + 3, y, h, col.factor[u]);
      }
      if (col.labels) drawUnitLabels(c, col);
      if (col.more > 0) drawMore(col);
    }
  }

  /** Gaussian dropout's noise factor: a bar beside the unit, full at |factor| = 2, a tick at ×1. */
  function drawFactorGauge(x, y, h, factor) {
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

  function drawUnitLabels(c, col) {
    const isInput = c === 0;
    ctx.font = font(13, isInput ? 500 : 600);
    ctx.textBaseline = 'middle';
    ctx.textAlign = isInput ? 'right' : 'left';
    for (let u = 0; u < col.count; u++) {
      ctx.fillStyle = col.dropped[u] ? INK_FAINT : INK;
      const x = isInput ? col.x - col.half - 7 : col.x + col.half + 7;
      ctx.fillText(col.labels[u], x, col.ys[u]);
    }
  }

  /** The last slot of an overflowing column: "+N more" on a small plate. */
  function drawMore(col) {
    const y = col.ys[col.ys.length - 1];
    const text = `+${col.more} more`;
    ctx.font = font(11, 600);
    const w = ctx.measureText(text).width + 12;
    const h = Math.min(18, Math.max(14, layout.pitch * 0.85));
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
  }

  function drawCaptions() {
    const { cssWidth } = layout;
    ctx.textBaseline = 'alphabetic';
    for (let c = 0; c < layout.cols.length; c++) {
      const cap = captions[c];
      const col = layout.cols[c];
      ctx.font = font(11);
      let wide = 0;
      for (const line of cap.details) wide = Math.max(wide, ctx.measureText(line).width);
      ctx.font = font(12, 600);
      wide = Math.max(wide, ctx.measureText(cap.title).width);
      // Centred under the column, but never cut off by the canvas edge.
      const x = Math.max(4 + wide / 2, Math.min(cssWidth - 4 - wide / 2, col.x));
      ctx.textAlign = 'center';
      let y = layout.captionY + 11;
      ctx.fillStyle = INK;
      ctx.fillText(cap.title, x, y);
      ctx.font = font(11);
      ctx.fillStyle = INK_SOFT;
      for (const line of cap.details) {
        y += CAPTION_LINE;
        ctx.fillText(line, x, y);
      }
    }
  }

  /** The line above the units: which mode, and what the mask did. */
  function drawNote(training) {
    const { cssWidth } = layout;
    const y = 13;
    const head = training ? 'training:' : 'inference:';
    let long = INFERENCE_NOTE;
    let short = INFERENCE_NOTE;
    let count = '';
    if (training) {
      const s = summary;
      if (!s.anyDropout) long = short = 'no dropout';
      else if (!s.stepped) long = short = 'masks appear after the first step';
      else if (s.rows === 0) long = short = "this step's weight mask";
      else if (s.shared) [long, short] = ["this step's mask, shared by the batch", 'one mask per batch'];
      else {
        short = `example ${s.row + 1} of ${s.rows}`;
        long = `this step's mask for ${short}`;
      }
      if (s.masked > 0) count = `${s.droppedAll} of ${s.masked} units dropped`;
      if (s.removedAll > 0) count += `${count ? ' · ' : ''}${s.removedAll} weights dropped`;
      if (s.gaussian) count += `${count ? ' · ' : ''}bar: noise factor`;
    }
    ctx.textBaseline = 'middle';
    ctx.font = font(12, 700);
    const headWidth = ctx.measureText(head).width + 5;
    ctx.font = font(12);
    const room = cssWidth - 8 - headWidth;
    const countWidth = count ? ctx.measureText(count).width + 16 : 0;
    let body = long;
    let bodyWidth = ctx.measureText(long).width;
    if (bodyWidth + countWidth > room && long !== short) {
      body = short;
      bodyWidth = ctx.measureText(short).width;
    }
    if (bodyWidth > room) ctx.font = font(11); // the inference note on the narrowest canvases
    ctx.fillStyle = INK_SOFT;
    ctx.textAlign = 'left';
    ctx.fillText(body, 4 + headWidth, y);
    if (count && bodyWidth + countWidth <= room) {
      ctx.textAlign = 'right';
      ctx.fillText(count, cssWidth - 4, y);
    }
    ctx.font = font(12, 700);
    ctx.textAlign = 'left';
    ctx.fillStyle = INK;
    ctx.fillText(head, 4, y);
    ctx.fillStyle = 'rgba(28, 33, 40, 0.1)';
    ctx.fillRect(4, NOTE_BAND, cssWidth - 8, 1);
    setData('note', `${head} ${long}`); // the same words for tests (and a page that wants them)
  }

  function setData(key, value) {
    if (written[key] === value) return;
    written[key] = value;
    canvas.dataset[key] = String(value);
  }

  function draw(view) {
    const { dpr, cssWidth, cssHeight } = fitCanvas();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const sizes = view?.layerSizes;
    if (!sizes || sizes.length < 2 || cssWidth < 40 || cssHeight < 40) {
      layout = null;
      return;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const columns = sizes.length;
    const training = (view.mode ?? 'training') !== 'inference';
    const grids = view.unitGrids;
    const thumbnails = !!(grids && grids.width > 0 && grids.height > 0 && grids.data);

    collectMasks(view, columns);
    const captionWidth = layout && sameSizes(sizes) ? layout.captionWidth : 0;
    const captionsChanged = updateCaptions(view, columns, unitMasks, dropConnect, captionWidth || 1e9);
    if (
      captionsChanged ||
      !sameSizes(sizes) ||
      layout.cssWidth !== cssWidth ||
      layout.cssHeight !== cssHeight ||
      layout.dpr !== dpr ||
      layout.thumbnails !== thumbnails
    ) {
      // Captions wrap to the column gap, and the gap depends on the caption height: two passes settle it.
      layout = buildLayout(view, cssWidth, cssHeight, dpr, thumbnails);
      if (updateCaptions(view, columns, unitMasks, dropConnect, layout.captionWidth)) {
        layout = buildLayout(view, cssWidth, cssHeight, dpr, thumbnails);
      }
    }

    applyUnitMasks(view, training);
    summary.removed = classifyLinks(view, training);
    drawNote(training);
    drawLinks();
    if (thumbnails) paintAtlas(view);
    drawUnits(view, thumbnails);
    drawCaptions();

    setData('mode', training ? 'training' : 'inference');
    setData('dropped', summary.dropped);
    setData('droppedWeights', summary.removed);
    let more = '';
    for (let c = 0; c < columns; c++) more += (c ? ',' : '') + layout.cols[c].more;
    setData('more', more);
  }

  /** The unit under (x, y) in CSS px from the canvas's top-left corner, or null. */
  function hitTest(x, y) {
    if (!layout) return null;
    for (let c = 0; c < layout.cols.length; c++) {
      const col = layout.cols[c];
      if (Math.abs(x - col.x) > col.half + 2) continue;
      const reach = Math.min(col.half + 2, layout.pitch / 2); // a little slack, but never into the next unit
      for (let u = 0; u < col.count; u++) {
        if (Math.abs(y - col.ys[u]) <= reach) return { layer: c, unit: u };
      }
    }
    return null;
  }

  /** Where unit `unit` of column `layer` is drawn (CSS px), or null if it is not drawn. */
  function unitCenter(layer, unit) {
    const col = layout?.cols[layer];
    if (!col || !(unit >= 0 && unit < col.count)) return null;
    return { x: col.x, y: col.ys[unit], half: col.half };
  }

  return { draw, hitTest, unitCenter };
}

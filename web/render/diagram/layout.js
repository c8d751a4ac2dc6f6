// Where everything of the network diagram goes: the captions under the
// columns (their words and wrapping) and the position of every unit. Cached
// by the renderer per (layer sizes, captions, canvas size).
//
// Two caption styles: "wide" (hidden 1 / 64 relu · rate 0.5) while the
// columns are far enough apart, else "compact" (h1 / 256 / 0.5, with a key
// line at the bottom), so that 8 hidden layers of 256 units still fit.

import { font } from './style.js';

export const NOTE_BAND = 26; // CSS px above the units for the mode note
export const CAPTION_TITLE = 15; // line heights of the captions under the columns
export const CAPTION_LINE = 14;
export const KEY_LINE = 14; // the compact style's key line
const MAX_PITCH = 60; // vertical distance between unit centres, at most
const MAX_UNIT = 44; // thumbnail side, at most
const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[d]);
const KIND_SHORT = { gaussian: 'g', alpha: 'α', dropconnect: 'dc' };

/** 0.5 → "0.5", 0.2000000029 → "0.2". */
export const formatRate = (rate) => String(Number(rate.toFixed(2)));

function dropoutLabel(mask, compact) {
  if (!mask || !(mask.rate > 0)) return null;
  const rate = formatRate(mask.rate);
  const plain = mask.kind === 'bernoulli' || !mask.kind;
  if (compact) return plain ? rate : `${KIND_SHORT[mask.kind] ?? mask.kind} ${rate}`;
  return plain ? `rate ${rate}` : `${mask.kind} ${rate}`;
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

function captionParts(view, column, columns, masks, compact) {
  const n = view.layerSizes[column];
  const rate = dropoutLabel(masks.unit[column] ?? masks.dropConnect[column], compact);
  if (column === 0) return { title: compact ? 'in' : 'input', parts: rate ? [rate] : [] };
  if (column === columns - 1) {
    if (compact) return { title: 'out', parts: n > 1 ? [String(n)] : [] };
    return { title: 'output', parts: n > 1 ? [`${n} units`] : [] };
  }
  if (compact) return { title: `h${column}`, parts: rate ? [String(n), rate] : [String(n)] };
  const activation = view.activations?.[column - 1];
  const parts = [activation ? `${n} ${activation}` : `${n} units`];
  if (rate) parts.push(rate);
  return { title: `hidden ${column}`, parts };
}

/** The compact style's key: what h1… and the numbers under them mean. */
export function compactKey(view) {
  const acts = new Set(view.activations ?? []);
  const act = acts.size === 1 ? ` (${[...acts][0]})` : '';
  return [`h1…: hidden layers${act}; under each: units, dropout rate`, `h: hidden layer · units · rate`];
}

/**
 * The captions' words, wrapped to maxWidth (wide) or one part per line
 * (compact). Returns true when anything changed (the layout depends on them).
 */
export function updateCaptions(ctx, captions, view, masks, maxWidth, compact) {
  const columns = view.layerSizes.length;
  let changed = captions.length !== columns || captions.compact !== compact;
  captions.length = columns;
  captions.compact = compact;
  ctx.font = font(11);
  for (let c = 0; c < columns; c++) {
    const { title, parts } = captionParts(view, c, columns, masks, compact);
    const key = `${compact}|${title}|${parts.join('|')}|${Math.round(maxWidth)}`;
    if (captions[c]?.key === key) continue;
    const details = compact ? parts : wrapParts(ctx, parts, maxWidth);
    ctx.font = font(12, 600);
    let width = ctx.measureText(title).width;
    ctx.font = font(11);
    for (const line of details) width = Math.max(width, ctx.measureText(line).width);
    captions[c] = { key, title, details, width };
    changed = true;
  }
  return changed;
}

/** The widest caption, in CSS px. */
export const widestCaption = (captions) => captions.reduce((w, c) => Math.max(w, c.width), 0);

export function sameSizes(layout, sizes) {
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

/**
 * Positions of every unit. size: { cssWidth, cssHeight, dpr }; compact: the
 * caption style. A single output's label goes where it leaves the columns
 * most room (outputLabel: 'right' of the unit, 'above' it, or 'upright'
 * beside it in the compact style).
 */
export function buildLayout(ctx, view, size, captions, { maxShown, thumbnails, compact }) {
  const { cssWidth, cssHeight, dpr } = size;
  const sizes = view.layerSizes;
  const columns = sizes.length;
  const outputs = sizes[columns - 1];
  ctx.font = font(13);
  const inputLabels = [];
  const outputLabels = [];
  let inputLabelWidth = 0;
  let outputLabelWidth = 0;
  for (let u = 0; u < Math.min(sizes[0], maxShown); u++) {
    inputLabels.push(labelFor(view, 0, u));
    inputLabelWidth = Math.max(inputLabelWidth, ctx.measureText(inputLabels[u]).width);
  }
  ctx.font = font(13, 600);
  for (let u = 0; u < Math.min(outputs, maxShown); u++) {
    outputLabels.push(labelFor(view, columns - 1, u));
    outputLabelWidth = Math.max(outputLabelWidth, ctx.measureText(outputLabels[u]).width);
  }

  let maxSlots = 1;
  for (const n of sizes) maxSlots = Math.max(maxSlots, Math.min(n, maxShown));
  let captionLines = 1;
  for (const cap of captions) captionLines = Math.max(captionLines, 1 + cap.details.length);
  const keyHeight = compact ? KEY_LINE + 2 : 0;
  const bottom = 10 + CAPTION_TITLE + (captionLines - 1) * CAPTION_LINE + 6 + keyHeight;
  const top = NOTE_BAND + 6;
  const areaHeight = Math.max(20, cssHeight - top - bottom);
  const pitch = Math.min(MAX_PITCH, areaHeight / maxSlots);

  // Horizontal: labels outside the first and last columns, the rest evenly spread.
  const roughUnit = Math.min(MAX_UNIT, pitch * 0.8);
  const left = Math.max(8 + inputLabelWidth + 8 + roughUnit / 2, 4 + (captions[0]?.width ?? 0) / 2);
  const lastCaption = (captions[columns - 1]?.width ?? 0) / 2 + 4;
  const outputHalf = Math.min(roughUnit / 2, 13);
  const rightOf = {
    right: 8 + outputLabelWidth + 8 + outputHalf,
    above: Math.max(4 + outputLabelWidth / 2, 8 + outputHalf, lastCaption),
    upright: Math.max(4 + outputHalf + 20, lastCaption),
  };
  const gapFor = (place) => (columns > 1 ? (cssWidth - left - rightOf[place]) / (columns - 1) : 0);
  let outputLabel = 'right';
  if (outputs === 1 && columns > 1) {
    if (compact) outputLabel = 'upright';
    // Close columns: the label over its unit, if it stays clear of the column before.
    else if (gapFor('right') < 130 && gapFor('above') > outputLabelWidth / 2 + outputHalf + 16) outputLabel = 'above';
  }
  const gap = columns > 1 ? Math.max(16, gapFor(outputLabel)) : 0;
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
    compact,
    outputLabel,
    pitch,
    unit,
    gap,
    cols,
    links,
    captionY: cssHeight - bottom + 10,
    keyY: cssHeight - 6,
    captionWidth: Math.max(40, gap - 10),
  };
}

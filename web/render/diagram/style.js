// The network diagram's look: colours, colour tables for the unit
// thumbnails, weight-stroke buckets, fonts and two path helpers. Shared by
// the diagram's modules; nothing here draws by itself.

import { CLASS_COLOURS } from '../boundary.js';

export const [ORANGE, BLUE] = CLASS_COLOURS; // negative, positive: the page's palette
const NEUTRAL = [243, 241, 236]; // a response of 0, as in the boundary heatmap
export const INK = 'rgb(28, 33, 40)';
export const INK_SOFT = 'rgb(84, 90, 99)';
export const INK_FAINT = 'rgb(138, 144, 153)';
export const BORDER = 'rgba(28, 33, 40, 0.38)';
export const DROPPED_FILL = 'rgb(228, 228, 226)'; // pure greys: dropped must not look coloured
export const DROPPED_MARK = 'rgb(120, 122, 126)';
export const FADED_LINE = 'rgba(120, 122, 126, 0.09)';
export const GAUGE_TRACK = 'rgba(28, 33, 40, 0.12)';
export const ORANGE_CSS = `rgb(${ORANGE.join(', ')})`;
export const PLATE = 'rgba(255, 255, 255, 0.92)'; // behind labels that sit on curves
export const RULE = 'rgba(28, 33, 40, 0.1)';
const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export const font = (size, weight = 400) => `${weight} ${size}px ${FONT_FAMILY}`;

// ---------- colour tables for the thumbnails ----------

export const LUT_SIZE = 256;
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
export const DIVERGING_LUT = makeLut((u) => mix(NEUTRAL, u < 0.5 ? ORANGE : BLUE, Math.abs(2 * u - 1) * 0.92));
// Sequential, for responses ≥ 0 (relu, sigmoid): index 0 = 0, 255 = max. The square
// root lifts the weak end, so a unit that fires a little still shows where.
export const SEQUENTIAL_LUT = makeLut((u) => mix(NEUTRAL, BLUE, Math.sqrt(u) * 0.92));
// A dropped unit's thumbnail: the same shape, in light greys only.
export const GREY_LUT = makeLut((u) => {
  const g = lerp(238, 196, u);
  return [g, g, g];
});

// ---------- weight strokes ----------

// Weights are sorted into LEVELS buckets by |w| / (the layer's max |w|), and
// each bucket is stroked as one path: a handful of state changes per frame.
export const LEVELS = 8;
export const FADED = 1; // code of a line touching a dropped unit; 0 = not drawn
export const levelWidth = (k) => 0.45 + 2.6 * ((k + 1) / LEVELS);
const levelAlpha = (k) => 0.07 + 0.7 * ((k + 1) / LEVELS) ** 1.3;
const rgba = (c, a) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a.toFixed(3)})`;
export const POSITIVE_STYLES = Array.from({ length: LEVELS }, (_, k) => rgba(BLUE, levelAlpha(k)));
export const NEGATIVE_STYLES = Array.from({ length: LEVELS }, (_, k) => rgba(ORANGE, levelAlpha(k)));

// ---------- paths ----------

export function roundedRect(ctx, x, y, w, h, r) {
  const q = Math.min(r, w / 2, h / 2);
  ctx.moveTo(x + q, y);
  ctx.arcTo(x + w, y, x + w, y + h, q);
  ctx.arcTo(x + w, y + h, x, y + h, q);
  ctx.arcTo(x, y + h, x, y, q);
  ctx.arcTo(x, y, x + w, y, q);
  ctx.closePath();
}

/** A diagonal cross inside a box of half-size h around (x, y). */
export function cross(ctx, x, y, h) {
  ctx.moveTo(x - h, y - h);
  ctx.lineTo(x + h, y + h);
  ctx.moveTo(x + h, y - h);
  ctx.lineTo(x - h, y + h);
}

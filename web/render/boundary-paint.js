// The boundary's colours and geometry, shared by its views: the class colours,
// the lookup tables the heatmap is painted through, the interpolation of grid
// cells into image pixels, the rectangle a dataset is shown in, and the key
// under the plot.

import { TWIN_COLOURS } from './palette.js';

// Colour-blind-safe classes: orange vs blue (as in TF playground), and the
// Okabe-Ito bluish green for a third class.
export const CLASS_COLOURS = [
  [232, 119, 34], // class 0, orange
  [31, 111, 180], // class 1, blue
  [0, 158, 115], // class 2, bluish green
];
export const NEUTRAL = [243, 241, 236]; // undecided: p = 0.5, or the mean target
export const TINT = 0.5; // how strong the heatmap gets at full confidence
const VALUE_TINT = 0.75; // the same for the value of a 2-D regression
export const INK = 'rgb(28, 33, 40)';
// The per-feature bars of a table (render/feature-bars.js): Okabe-Ito blue, and grey.
export const FEATURE_FILLS = { informative: 'rgb(0, 114, 178)', noise: 'rgb(160, 164, 170)' };
export const CURVE = 'rgb(213, 94, 0)'; // Okabe-Ito vermillion

export const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
export const css = (c) => `rgb(${Math.round(c[0])}, ${Math.round(c[1])}, ${Math.round(c[2])})`;

/** Diverging map for a regression value t in [-1, 1] (low = orange, high = blue). */
export function divergingColour(t, strength) {
  const c = Math.max(-1, Math.min(1, t));
  return mix(NEUTRAL, CLASS_COLOURS[c >= 0 ? 1 : 0], Math.abs(c) * strength);
}

/**
 * The rectangle of data coordinates the canvas shows. For 2-D inputs it must
 * be the box the grid was predicted over. For 1-D the box's y range is the
 * targets' exact range, so pad it to keep the extreme points whole.
 */
export function viewBox(ds) {
  const b = ds.box;
  if (ds.inputs !== 1) return { ...b };
  // The inputs fill [xMin, xMax] to its ends: pad x too, so the end points are whole discs.
  const padY = 0.08 * (b.yMax - b.yMin || 1);
  const padX = 0.03 * (b.xMax - b.xMin || 1);
  return { xMin: b.xMin - padX, xMax: b.xMax + padX, yMin: b.yMin - padY, yMax: b.yMax + padY };
}

export const UPSAMPLE = 3; // heatmap image pixels per grid cell, per side
const LUT_SIZE = 256;

const pack = (c) => (Math.round(c[0]) << 16) | (Math.round(c[1]) << 8) | Math.round(c[2]);
export const lutIndex = (t) => Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1)) | 0));
const makeLut = (colourAt) => Int32Array.from({ length: LUT_SIZE }, (_, i) => pack(colourAt(i / (LUT_SIZE - 1))));

// Binary: index = probability of class 1; orange, through neutral at 0.5, to blue.
export const BINARY_LUT = makeLut((p) => mix(NEUTRAL, CLASS_COLOURS[p > 0.5 ? 1 : 0], Math.abs(2 * p - 1) * TINT));
// Regression: index = value mapped from [low, high] to [0, 1].
export const VALUE_LUT = makeLut((u) => divergingColour(2 * u - 1, VALUE_TINT));
// Multiclass: one table per class, index = how sure the network is.
export const CLASS_LUTS = CLASS_COLOURS.map((c) => makeLut((sure) => mix(NEUTRAL, c, sure * TINT)));

/**
 * For each of n image pixels along one axis, the two grid samples around it
 * and the weight of the second. Grid values are taken at cell centres.
 */
export function interpolationSteps(n, cells) {
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

export function targetRange(dataset) {
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
 * The key under the plot: what the colours and marks mean for this task.
 * Colours are set through the CSSOM (el.style.setProperty), which the page's
 * Content-Security-Policy allows; a style="" attribute would be blocked.
 */
export function renderLegend(container, ds) {
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
  if (ds.inputs > 2) {
    // A table: no points drawn, the per-feature bars instead (render/feature-bars.js).
    items.push(item('Features that decide the class', 'disc', { '--c': FEATURE_FILLS.informative }));
    items.push(item('Noise features', 'disc', { '--c': FEATURE_FILLS.noise }));
  } else if (ds.task === 'regression' && ds.inputs === 1) {
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

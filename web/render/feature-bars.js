// The per-feature view that stands in for the boundary when the data is a
// table (tabular20: 20 input features, no plane to colour): one bar per
// feature, how much the validation loss rises when that feature is blanked
// (web/features.js). The informative features are drawn in colour, the noise
// features in grey, and the share of the total rise on the informative ones is
// written under the bars.

import { INFORMATIVE, informativeShare } from '../features.js';
import { FEATURE_FILLS, INK } from './boundary-paint.js';

const INFORMATIVE_FILL = FEATURE_FILLS.informative;
const NOISE_FILL = FEATURE_FILLS.noise;

/**
 * Draws reliance ({ base, rise: [inputs] }, or null before the first frame) on
 * ctx over the whole W × H backing store (device pixels, dpr per CSS pixel).
 * Returns the informative share (NaN when there is nothing to draw).
 */
export function drawFeatureBars(ctx, reliance, { W, H, dpr }) {
  const px = (v) => Math.round(v * dpr);
  const font = (size, weight = 400) => `${weight} ${px(size)}px system-ui, sans-serif`;
  ctx.save();
  ctx.fillStyle = INK;
  ctx.textBaseline = 'middle';
  // A line of text, shrunk to fit a narrow card.
  const fitted = (text, x, y, size, weight = 400) => {
    ctx.font = font(size, weight);
    while (size > 7 && ctx.measureText(text).width > W - x - px(6)) ctx.font = font(--size, weight);
    ctx.fillText(text, x, y);
  };
  fitted('Validation loss rise when a feature is blanked', px(8), px(12), 12, 600);
  if (!reliance) {
    ctx.font = font(12);
    ctx.fillText('Waiting for the first step…', px(8), H / 2);
    ctx.restore();
    return NaN;
  }
  const { rise } = reliance;
  const n = rise.length;
  const top = px(26);
  const bottom = H - px(40);
  const left = px(30);
  const right = W - px(44);
  const row = (bottom - top) / n;
  const max = Math.max(...rise, 1e-9);
  ctx.font = font(Math.min(11, (row / dpr) * 0.8));
  for (let k = 0; k < n; k++) {
    const y = top + k * row;
    const informative = k < INFORMATIVE;
    ctx.fillStyle = informative ? INFORMATIVE_FILL : NOISE_FILL;
    const w = ((right - left) * rise[k]) / max;
    ctx.fillRect(left, y + row * 0.15, Math.max(w, rise[k] > 0 ? px(1) : 0), row * 0.7);
    ctx.fillStyle = INK;
    ctx.textAlign = 'right';
    ctx.fillText(String(k + 1), left - px(5), y + row / 2);
    ctx.textAlign = 'left';
    ctx.fillText(rise[k] >= 0.01 ? rise[k].toFixed(2) : rise[k] > 0 ? '<0.01' : '0', left + w + px(4), y + row / 2);
  }
  const share = informativeShare(rise);
  ctx.textAlign = 'left';
  ctx.fillStyle = INFORMATIVE_FILL;
  ctx.fillRect(px(8), bottom + px(10), px(10), px(10));
  ctx.fillStyle = INK;
  const known = Number.isFinite(share);
  const pct = (v) => (known ? `: ${Math.round(v * 100)} % of the rise` : '');
  fitted(`1–${INFORMATIVE} decide the class${pct(share)}`, px(22), bottom + px(15), 11);
  ctx.fillStyle = NOISE_FILL;
  ctx.fillRect(px(8), bottom + px(24), px(10), px(10));
  ctx.fillStyle = INK;
  fitted(`${INFORMATIVE + 1}–${n} are noise${pct(1 - share)}`, px(22), bottom + px(29), 11);
  ctx.restore();
  return share;
}

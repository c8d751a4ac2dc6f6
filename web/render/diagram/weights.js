// The weights of the network diagram: one bezier curve per drawn weight,
// stroked bucket by bucket (masks.js sorted them by sign and size), so a
// frame costs a handful of strokes however many weights there are.

import { FADED, FADED_LINE, LEVELS, NEGATIVE_STYLES, POSITIVE_STYLES, levelWidth } from './style.js';

function strokeBucket(ctx, layout, code, style, width) {
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

/** Faded lines first (under everything), then each size bucket, positive and negative. */
export function drawWeights(ctx, layout) {
  ctx.lineCap = 'round';
  strokeBucket(ctx, layout, FADED, FADED_LINE, 0.75);
  for (let k = 0; k < LEVELS; k++) {
    strokeBucket(ctx, layout, 2 + k, POSITIVE_STYLES[k], levelWidth(k));
    strokeBucket(ctx, layout, 2 + LEVELS + k, NEGATIVE_STYLES[k], levelWidth(k));
  }
}

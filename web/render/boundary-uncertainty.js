// The Monte-Carlo uncertainty overlay on a boundary (see ../worker-uncertainty.js):
// over the plane, a shade that darkens where the thinned networks disagree
// (the standard deviation of the output over T passes; none where they agree);
// for a 1-D curve, the band mean ± 2 standard deviations.

const SHADE = [52, 38, 92]; // a dark violet, apart from the classes' orange, blue and green
const MAX_ALPHA = 0.62;

export function createUncertaintyLayer() {
  const cells = document.createElement('canvas');
  const cellsCtx = cells.getContext('2d');
  let painted = null;

  /** One pixel per cell; alpha grows with std / scale (scale: the largest std that can be). */
  function paint(u, scale) {
    cells.width = u.width;
    cells.height = u.height;
    const image = cellsCtx.createImageData(u.width, u.height);
    for (let i = 0; i < u.std.length; i++) {
      const t = Math.min(1, u.std[i] / scale);
      image.data[4 * i] = SHADE[0];
      image.data[4 * i + 1] = SHADE[1];
      image.data[4 * i + 2] = SHADE[2];
      image.data[4 * i + 3] = Math.round(255 * MAX_ALPHA * t);
    }
    cellsCtx.putImageData(image, 0, 0);
    painted = u;
  }

  /**
   * ctx: the boundary's context; u: a frame's uncertainty; toPx(x, y) -> [px, py];
   * scale: the std drawn darkest (0.5 for probabilities); colour: the band's (1-D).
   */
  function draw(ctx, u, { W, H, toPx, scale, colour }) {
    if (u.kind === 'grid') {
      if (u !== painted) paint(u, scale);
      ctx.save();
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(cells, 0, 0, W, H);
      ctx.restore();
      return;
    }
    // 1-D: the band between mean - 2 std and mean + 2 std.
    ctx.save();
    ctx.beginPath();
    for (let i = 0; i < u.xs.length; i++) {
      const [px, py] = toPx(u.xs[i], u.mean[i] + 2 * u.std[i]);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    for (let i = u.xs.length - 1; i >= 0; i--) {
      const [px, py] = toPx(u.xs[i], u.mean[i] - 2 * u.std[i]);
      ctx.lineTo(px, py);
    }
    ctx.closePath();
    ctx.globalAlpha = 0.22;
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.restore();
  }

  return { draw };
}

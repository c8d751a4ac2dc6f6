// Small helpers for the SVG charts (the rate sweep, the ensemble).

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and optional text. */
export function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

/** A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeil(x) {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((v) => v >= x * 0.999);
}

/** An SVG path through points [[x, y], ...]. */
export const pathThrough = (points) =>
  points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');

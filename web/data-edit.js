// Edited data: points a learner added or removed by clicking on the plane,
// kept in the URL (data=) when there are few enough, in a compact encoding.
// Pure, so node tests it.
//
// Encoding (base64url, 7 bytes a point, little-endian): a flags byte (bit 0:
// validation), then three int16: the label (a class, or for regression the
// target x 1000), x1 x 1000, x2 x 1000 (0 for 1-D data). Coordinates are thus
// kept to 0.001 within ±32.767 (the datasets' boxes are ±6).

export const MAX_URL_POINTS = 200;
const BYTES = 7;
const SCALE = 1000;
const LIMIT = 32767 / SCALE;

const toBase64Url = (bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A copy of a dataset's two sets as plain arrays: { train: { x, y }, validation: { x, y } }. */
export function pointsOf(ds) {
  const set = (s) => ({ x: Array.from(s?.x ?? []), y: Array.from(s?.y ?? []) });
  return { train: set(ds.train), validation: set(ds.validation) };
}

/**
 * The URL value for these points (info: { inputs, task }), or null when there
 * are more than MAX_URL_POINTS or a value is beyond ±32.767.
 */
export function encodePoints(points, { inputs, task }) {
  const rows = [];
  for (const [flag, s] of [
    [0, points.train],
    [1, points.validation],
  ])
    s.y.forEach((y, i) => rows.push([flag, y, s.x[i * inputs], inputs === 2 ? s.x[i * inputs + 1] : 0]));
  if (rows.length > MAX_URL_POINTS) return null;
  const bytes = new Uint8Array(rows.length * BYTES);
  const view = new DataView(bytes.buffer);
  const labelScale = task === 'regression' ? SCALE : 1;
  for (const [k, [flag, y, x1, x2]] of rows.entries()) {
    if (![y * labelScale, x1 * SCALE, x2 * SCALE].every((v) => Math.abs(v) <= 32767)) return null;
    view.setUint8(k * BYTES, flag);
    view.setInt16(k * BYTES + 1, Math.round(y * labelScale), true);
    view.setInt16(k * BYTES + 3, Math.round(x1 * SCALE), true);
    view.setInt16(k * BYTES + 5, Math.round(x2 * SCALE), true);
  }
  return toBase64Url(bytes);
}

/** Is this a well-formed data= value (characters, length, count)? { ok, why }: no dataset needed. */
export function checkEncoding(raw) {
  if (!/^[A-Za-z0-9_-]*$/.test(raw))
    return { ok: false, why: 'points as the page writes them (letters, digits, - and _)' };
  const bytes = Math.floor((raw.length * 3) / 4);
  if (raw.length % 4 === 1 || bytes % BYTES !== 0)
    return { ok: false, why: 'points as the page writes them: this one is cut short or padded' };
  if (bytes / BYTES > MAX_URL_POINTS) return { ok: false, why: `at most ${MAX_URL_POINTS} points` };
  return { ok: true };
}

/**
 * The points of a data= value for a dataset (info: { inputs, task, classes,
 * outputs }): { ok: true, points } or { ok: false, why } when they do not fit
 * it (a class it does not have, no training point).
 */
export function decodePoints(raw, { inputs, task, classes }) {
  const check = checkEncoding(raw);
  if (!check.ok) return check;
  // A link holds points of 1 or 2 inputs; a table of 20 features cannot be edited by clicking.
  if (inputs !== 1 && inputs !== 2) return { ok: false, why: 'absent: its rows have 20 features and cannot be edited' };
  const b64 = raw.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const points = { train: { x: [], y: [] }, validation: { x: [], y: [] } };
  const k = task === 'multiclass' ? classes : 2;
  for (let o = 0; o < bytes.length; o += BYTES) {
    const flag = view.getUint8(o);
    if (flag > 1) return { ok: false, why: `points as the page writes them (a point's set is ${flag})` };
    const label = view.getInt16(o + 1, true);
    if (task !== 'regression' && (label < 0 || label >= k))
      return { ok: false, why: `points of this dataset's classes 0–${k - 1} (one is of class ${label})` };
    const set = flag ? points.validation : points.train;
    set.y.push(task === 'regression' ? label / SCALE : label);
    set.x.push(view.getInt16(o + 3, true) / SCALE);
    if (inputs === 2) set.x.push(view.getInt16(o + 5, true) / SCALE);
  }
  if (points.train.y.length === 0) return { ok: false, why: 'at least one training point' };
  return { ok: true, points };
}

/** The points with one more at x (an array of inputs) in set 'train' | 'validation'. */
export function withPoint(points, set, x, y) {
  const copy = pointsOf(points);
  copy[set].x.push(...x);
  copy[set].y.push(y);
  return copy;
}

/**
 * The point nearest to q (within `radius`) in either set, measured where the
 * plot draws it: (x1, x2) for 2-D data, (x, target) for 1-D. { set, index } or null.
 */
export function nearestPoint(points, q, inputs, radius) {
  let best = null;
  let bestD = radius * radius;
  for (const set of ['train', 'validation']) {
    const s = points[set];
    for (let i = 0; i < s.y.length; i++) {
      const [a, b] = inputs === 2 ? [s.x[2 * i], s.x[2 * i + 1]] : [s.x[i], s.y[i]];
      const d = (a - q[0]) ** 2 + (b - q[1]) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = { set, index: i };
      }
    }
  }
  return best;
}

/** The points without one (from nearestPoint). */
export function withoutPoint(points, { set, index }, inputs) {
  const copy = pointsOf(points);
  copy[set].x.splice(index * inputs, inputs);
  copy[set].y.splice(index, 1);
  return copy;
}

// The data the twins train on, when a learner edited it: the seeded dataset's
// description (task, box, classes) with the edited points. In the worker.

import { decodePoints } from './data-edit.js';

/** The dataset with these points ({ train: { x, y }, validation: { x, y } }, plain arrays). */
export function withPoints(dataset, points) {
  const set = (s) => ({ x: Float32Array.from(s.x), y: Float32Array.from(s.y), count: s.y.length });
  return { ...dataset, train: set(points.train), validation: set(points.validation) };
}

/**
 * The dataset to train on: explicit points (an edit too large for a link), or
 * the link's data= value, or the seeded points. A data= value that does not
 * fit this dataset gives the seeded points and a notice saying why.
 */
export function editedDataset(seeded, { points = null, data = '' }) {
  if (points) return { dataset: withPoints(seeded, points), notice: null };
  if (!data) return { dataset: seeded, notice: null };
  const r = decodePoints(data, seeded);
  if (r.ok) return { dataset: withPoints(seeded, r.points), notice: null };
  return {
    dataset: seeded,
    notice: `The link's edited points (data=) do not fit the ${seeded.name} dataset: they must be ${r.why}. The seeded points are used instead.`,
  };
}

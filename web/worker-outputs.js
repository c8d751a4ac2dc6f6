// A network's output over a grid ({ kind: 'grid', values, ... }) or along a
// curve ({ kind: 'curve', xs, ys }): small helpers shared by the worker's parts.

/** The output values of a prediction. */
export const outputsOf = (p) => (p.kind === 'curve' ? p.ys : p.values);

/** sum += x, element by element. */
export function addInto(sum, x) {
  for (let i = 0; i < sum.length; i++) sum[i] += x[i];
}

/** A prediction with its own copies of the arrays. */
export function copyPrediction(p) {
  if (p.kind === 'curve') return { ...p, xs: p.xs.slice(), ys: p.ys.slice() };
  return { ...p, values: p.values.slice() };
}

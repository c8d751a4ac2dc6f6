// Statistical bounds the JS tests share.
import assert from 'node:assert/strict';

/** |count - n p| <= 4 sqrt(n p (1 - p)): 4 standard deviations of the binomial count. */
export function assertBinomial(count, n, p, what) {
  const mean = n * p;
  const bound = 4 * Math.sqrt(n * p * (1 - p));
  assert.ok(
    Math.abs(count - mean) <= bound,
    `${what}: ${count} of ${n}, expected ${mean.toFixed(1)} ± ${bound.toFixed(1)}`,
  );
}

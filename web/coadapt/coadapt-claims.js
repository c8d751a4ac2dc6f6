// What "remove one unit" measured on each dataset's lesson over 20 data seeds
// (docs/CLAIMS.md, "Co-adaptation: removing one unit"; bench/coadaptation.mjs):
// in how many runs twin A's most important unit cost less than twin B's, and
// the medians of that cost. The panel quotes it beside the learner's own run;
// tests/js/coadapt.test.mjs checks it on seeds the table did not use.

export const COADAPT_MEASURED = Object.freeze({
  circle: { wins: 20, a: 0.095, b: 1.123 },
  xor: { wins: 20, a: 0.046, b: 0.303 },
  gaussians: { wins: 20, a: 0.006, b: 0.04 },
  spiral: { wins: 20, a: 0.199, b: 1.542 },
  moons: { wins: 20, a: 0.014, b: 0.27 },
  blobs3: { wins: 19, a: 0.035, b: 0.258 },
  sine: { wins: 20, a: 0.076, b: 3.418 },
  plane: { wins: 20, a: 0.028, b: 1.931 },
  tabular20: { wins: 20, a: 0.021, b: 0.056 },
});

/** The measured claim for a dataset's lesson, in words (null if none). */
export function measuredText(dataset) {
  const m = COADAPT_MEASURED[dataset];
  if (!m) return null;
  return (
    `Measured on this lesson over 20 datasets: A's most important unit cost less than B's in ${m.wins} of 20 ` +
    `(medians ${m.a} and ${m.b}).`
  );
}

// The "remove one unit" probe read in words (issue 8 §4; measured over 20
// datasets per lesson in docs/CLAIMS.md, "Co-adaptation: removing one unit").
// Pure, so node tests it.

/** Per twin: every hidden unit's increase of the loss when silenced, largest first, and summaries. */
export function summariseProbe(probe) {
  if (!probe) return null;
  const increases = [];
  for (const l of probe.layers)
    l.losses.forEach((loss, unit) => increases.push({ layer: l.layer, unit, increase: loss - probe.baseline }));
  increases.sort((a, b) => b.increase - a.increase);
  const moving = increases.filter((u) => Math.abs(u.increase) > 0.01).length;
  const helping = increases.filter((u) => u.increase < -0.01).length;
  const nearZero = probe.sparsity.reduce((s, l) => s + l.nearZeroFraction, 0) / Math.max(1, probe.sparsity.length);
  return {
    baseline: probe.baseline,
    increases,
    largest: increases[0]?.increase ?? 0,
    units: increases.length,
    moving,
    helping,
    nearZero,
    set: probe.set,
  };
}

const f = (x) => (Math.abs(x) >= 10 ? x.toFixed(1) : Math.abs(x) >= 0.1 ? x.toFixed(2) : x.toFixed(3));
const pct = (x) => `${Math.round(x * 100)}%`;

/** a, b: summariseProbe() of twins A and B; regression: the loss is a squared error. */
export function readProbe(a, b, { regression = false, rateA = true, rateB = false } = {}) {
  if (!a || !b) return { text: 'A twin diverged: its outputs are not numbers, so there is nothing to remove.' };
  const loss = regression ? 'squared error' : 'loss';
  const sentences = [];
  const where = a.set === 'validation' ? 'validation' : 'training';
  if (!rateA || rateB)
    sentences.push(
      rateA ? 'Both twins have dropout here.' : 'Twin A has no dropout here: this compares two networks without it.',
    );
  if (b.largest > a.largest) {
    const ratio = a.largest > 0 ? ` (${f(b.largest / a.largest)}× as much)` : '';
    sentences.push(
      `Silencing its most important unit raises twin B's ${where} ${loss} by ${f(b.largest)}${ratio}, ` +
        `twin A's by ${f(a.largest)}: A depends less on any one unit.`,
    );
  } else {
    sentences.push(
      `Here twin A depends on single units at least as much as twin B: its most important unit costs ` +
        `${f(a.largest)}, B's ${f(b.largest)}.`,
    );
  }
  sentences.push(
    `Units that move the ${loss} by more than 0.01 when silenced: ${a.moving} of A's ${a.units}, ` +
      `${b.moving} of B's ${b.units}.`,
  );
  if (b.helping > 0 || a.helping > 0)
    sentences.push(
      `Silencing ${b.helping} of B's units lowers its ${loss} (${a.helping} of A's): bars below zero, units that fit noise.`,
    );
  sentences.push(
    `Activations near zero on these points: ${pct(a.nearZero)} of A's, ${pct(b.nearZero)} of B's (the sparsity of Srivastava et al., Fig. 8).`,
  );
  return { text: sentences.join(' ') };
}

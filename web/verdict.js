// The sentence under the loss chart: what the numbers of both twins say,
// read together (validation loss, validation accuracy, training loss, the
// best validation loss so far, and where each twin's loss comes from). It
// never claims what the numbers don't show. Pure functions, so node tests
// can check every case (tests/js/verdict.test.mjs).
//
// Why it reads more than one number: dropout's weight-scaled inference network
// can become confidently wrong on a few validation points after long training
// (../shared/FINDINGS-claims.md); cross-entropy punishes such a point without
// limit, so the loss can favour the plain twin while the accuracy and the
// boundary favour the dropout twin. The verdict says which, and why.

// The ensemble view: mean |average of thinned networks − inference| per grid point (probability or
// output units) below CLOSE is "close", below NEAR "near". Measured on the default circle: 0.076 at
// step 200, 0.034 at 1,000, 0.016 at 3,000; the average of 256 networks gives 0.065, 0.031, 0.017,
// so most of the distance is weight scaling's error, not the sampling of 16 networks.
export const CLOSE = 0.03;
export const NEAR = 0.08;

/** A point is "confidently wrong" when the probability of its true class is below 1 %: loss > ln 100. */
export const CONFIDENT_LOSS = Math.log(100);
// Differences smaller than these are "about the same".
const LOSS_TOLERANCE = 0.1; // relative
const MIN_EPOCHS = 5;

const pct = (v) => `${Math.round(v * 100)}%`;
const num = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v < 0.01 ? v.toFixed(3) : v.toFixed(2));

/**
 * Where a twin's validation loss comes from: the points that cost the most,
 * how many are confidently wrong, and the share of the total they carry.
 * losses: each validation point's loss. Returns { top: [{ index, loss }],
 * confident, share } with `top` the points to circle (the confidently wrong
 * ones, or the few that carry over half of the loss), most costly first.
 */
export function lossSources(losses, { maxPoints = 5 } = {}) {
  if (!losses || losses.length === 0) return { top: [], confident: 0, share: 0, total: 0 };
  const order = Array.from(losses.keys()).sort((a, b) => losses[b] - losses[a]);
  let total = 0;
  for (const v of losses) total += v;
  const confident = order.filter((i) => losses[i] > CONFIDENT_LOSS).length;
  // Enough of the costliest points to carry half of the loss, if few do; else only the confident ones.
  let carried = 0;
  let few = 0;
  while (few < maxPoints && few < order.length && carried < total / 2) carried += losses[order[few++]];
  const count = Math.min(maxPoints, Math.max(confident, carried >= total / 2 && total > 0 ? few : 0));
  const top = order.slice(0, count).map((index) => ({ index, loss: losses[index] }));
  const share = total > 0 ? top.reduce((s, p) => s + p.loss, 0) / total : 0;
  return { top, confident, share, total };
}

const twinName = (i) => 'AB'[i];

/**
 * twins: per twin { evaluation: { train, validation }, diverged, collapsed,
 * pointLosses, best: { loss, epoch } | null, rates: [input, hidden...] };
 * task: 'binary' | 'multiclass' | 'regression'; circled: false when the page
 * draws no points to circle (a table of 20 features). Returns { text, tone, facts }:
 * tone 'neutral' | 'dropout-helps' | 'mixed' | 'plain-better' | 'problem'.
 */
export function verdict({ epoch, task, twins, circled = true }) {
  const wrongNote = (sources, who) => wrongWords(sources, who, circled);
  if (twins.length !== 2) return { text: '', tone: 'neutral', facts: {} };
  const [a, b] = twins;
  const facts = { epoch };
  if (a.diverged || b.diverged) {
    const which = a.diverged && b.diverged ? 'Both twins have' : `Twin ${a.diverged ? 'A' : 'B'} has`;
    return {
      text: `${which} diverged: the loss is no longer a number. Lower the learning rate and press Reset.`,
      tone: 'problem',
      facts,
    };
  }
  const collapsed = twins.map((t, i) => (t.collapsed && epoch >= MIN_EPOCHS ? twinName(i) : null)).filter(Boolean);
  if (collapsed.length > 0) {
    const who = collapsed.length === 2 ? 'Both twins output' : `Twin ${collapsed[0]} outputs`;
    const cause =
      collapsed.length === 1 && collapsed[0] === 'A' && a.rates.some((r) => r >= 0.7)
        ? 'its dropout rate is very high, or its learning rate too high'
        : 'the learning rate is too high';
    return {
      text: `${who} about the same for every point: collapsed to a constant, ignoring the input. Most likely ${cause}; lower it and press Reset.`,
      tone: 'problem',
      facts,
    };
  }
  if (epoch < MIN_EPOCHS || !a.evaluation.validation || !b.evaluation.validation) {
    return { text: 'Train for a while, then compare the twins on the validation points.', tone: 'neutral', facts };
  }
  const va = a.evaluation.validation;
  const vb = b.evaluation.validation;
  const lossA = va.loss;
  const lossB = vb.loss;
  facts.lossA = lossA;
  facts.lossB = lossB;
  const sourcesA = lossSources(a.pointLosses);
  const sourcesB = lossSources(b.pointLosses);
  facts.confidentA = sourcesA.confident;
  facts.confidentB = sourcesB.confident;
  const lossCmp = compare(lossA, lossB); // -1: A lower
  const lossText = `validation loss ${num(lossA)} vs ${num(lossB)}`;

  if (task === 'regression') {
    const word = 'validation error (mean squared)';
    if (lossCmp === 0)
      return { text: `The twins' ${word} is about the same (${num(lossA)} vs ${num(lossB)}).`, tone: 'neutral', facts };
    if (lossCmp < 0)
      return {
        text: `Dropout helps here: A's ${word} is lower (${num(lossA)} vs ${num(lossB)}). ${overfitNote(b, 'B')}`.trim(),
        tone: 'dropout-helps',
        facts,
      };
    return {
      text: `Here B fits new points better: its ${word} is lower (${num(lossB)} vs ${num(lossA)}). ${underfitNote(a, task)}`.trim(),
      tone: 'plain-better',
      facts,
    };
  }

  const count = va.count;
  const accA = va.accuracy;
  const accB = vb.accuracy;
  facts.accuracyA = accA;
  facts.accuracyB = accB;
  // One validation point is 1/count of accuracy: a difference smaller than that is a tie.
  const accCmp = Math.abs(accA - accB) < 0.5 / count ? 0 : accA > accB ? 1 : -1; // 1: A higher
  const accText = `accuracy ${pct(accA)} vs ${pct(accB)}`;
  if (accA >= 0.97 && accB >= 0.97 && lossA < 0.15 && lossB < 0.15) {
    return {
      text: `Both twins fit the data (${accText}): the classes barely overlap, so there is no overfitting for dropout to prevent here. Try more noise or fewer points.`,
      tone: 'neutral',
      facts,
    };
  }
  const early = `${mcNote(a, lossA, lossB)} ${earlyStopping(a, lossA)}`.trim();
  if (lossCmp < 0 && accCmp >= 0) {
    return {
      text: `Dropout helps here: A's ${lossText} is lower, and its ${accText} is ${accCmp > 0 ? 'higher' : 'as high'}. ${overfitNote(b, 'B')} ${earlyStopping(a, lossA)}`.trim(),
      tone: 'dropout-helps',
      facts,
    };
  }
  if (lossCmp >= 0 && accCmp > 0) {
    return {
      text: `Loss and accuracy disagree. A classifies more validation points correctly (${accText}), but its ${lossText} is ${lossCmp === 0 ? 'no lower' : 'higher'}: ${wrongNote(sourcesA, 'A')} ${early}`.trim(),
      tone: 'mixed',
      facts,
    };
  }
  if (lossCmp >= 0 && accCmp === 0) {
    if (lossCmp === 0)
      return { text: `The twins do about the same on new points (${lossText}, ${accText}).`, tone: 'neutral', facts };
    return {
      text: `Same accuracy (${pct(accA)} vs ${pct(accB)}), but A's ${lossText} is higher: ${wrongNote(sourcesA, 'A')} ${early}`.trim(),
      tone: 'mixed',
      facts,
    };
  }
  if (lossCmp < 0 && accCmp < 0) {
    return {
      text: `Loss and accuracy disagree. A's ${lossText} is lower, but B classifies more validation points correctly (${accText}): ${wrongNote(sourcesB, 'B')}`.trim(),
      tone: 'mixed',
      facts,
    };
  }
  // A is worse on both.
  return {
    text: `Here the plain twin B does better on new points (${lossText}, ${accText}). ${underfitNote(a, task)} ${early}`.trim(),
    tone: 'plain-better',
    facts,
  };
}

function compare(x, y) {
  if (Math.abs(x - y) <= LOSS_TOLERANCE * Math.max(x, y)) return 0;
  return x < y ? -1 : 1;
}

function wrongWords(sources, who, circled) {
  const mark = circled ? ' (circled)' : '';
  if (sources.confident > sources.top.length) {
    return `${sources.confident} points are confidently wrong; the ${sources.top.length} costliest${mark} carry ${pct(sources.share)} of ${who}'s loss. Cross-entropy punishes a sure mistake without limit, while accuracy counts it once.`;
  }
  if (sources.confident > 0) {
    const points = sources.confident === 1 ? '1 point is' : `${sources.confident} points are`;
    const whose = sources.confident === 1 ? 'its' : 'theirs';
    return `${points} confidently wrong${mark}, and ${pct(sources.share)} of ${who}'s loss is ${whose}. Cross-entropy punishes a sure mistake without limit, while accuracy counts it once.`;
  }
  if (sources.top.length > 0 && sources.share >= 0.5)
    return `${sources.top.length} points${mark} carry ${pct(sources.share)} of ${who}'s loss.`;
  return `${who} is less sure of the points it gets right.`;
}

function overfitNote(t, who) {
  const gap = t.evaluation.validation.loss - t.evaluation.train.loss;
  if (t.evaluation.train.loss < 0.05 && gap > 0.2)
    return `${who} fits its training points almost perfectly (training loss ${num(t.evaluation.train.loss)}) but not new ones: it overfits.`;
  return '';
}

function underfitNote(a, task) {
  const high = task === 'regression' ? false : a.evaluation.train.loss > 0.35;
  if (high && a.rates.some((r) => r >= 0.5))
    return `A's training loss is high too (${num(a.evaluation.train.loss)}): at these rates it underfits. Try a lower rate.`;
  return '';
}

/**
 * When A's weight-scaled loss is the higher, is the ensemble it approximates
 * (the Monte-Carlo average of thinned networks) better than B? Then weight
 * scaling, not dropout, is what made A confidently wrong.
 */
function mcNote(a, lossA, lossB) {
  if (!a.mc || !(lossA > lossB) || !(a.mc.loss < lossB)) return '';
  return `The average of ${a.mc.passes} of A's thinned networks (Monte-Carlo dropout) does better: validation loss ${num(a.mc.loss)}, below B's; it is weight scaling, the shortcut inference takes, that makes A so sure.`;
}

/** If A's loss was once clearly lower, say when: early stopping would have kept that network. */
function earlyStopping(a, lossA) {
  if (!a.best || !(a.best.loss < lossA / 1.3)) return '';
  return `A's best validation loss was ${num(a.best.loss)}, at epoch ${a.best.epoch}: early stopping would have kept that network.`;
}

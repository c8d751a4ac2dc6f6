// The rate sweep's plan and its reading, with no DOM and no workers, so node
// tests it: which networks to train (one per rate per network seed, from the
// page's settings), and what their results say (the best rate by validation
// loss, where a high rate underfits, where no dropout overfits).
//
// Every job is independent (its own network seed, the same data), so the
// results do not depend on how many workers train them or in which order.

import { datasetSpec, twinSpecs } from '../settings.js';

export const SWEEP_RATES = Object.freeze([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
export const DEFAULT_SWEEP_STEPS = 1000; // when the lesson has no length (stop=0)

const round = (x) => Math.round(x * 1e4) / 1e4;

/**
 * Twin A's rates with the hidden layers scaled together so that the largest is
 * `rate` (all equal to `rate` if A has none); the input rate is kept.
 */
export function scaledRates(rates, rate) {
  const hidden = rates.slice(1);
  const top = Math.max(0, ...hidden);
  const profile = top > 0 ? hidden.map((h) => h / top) : hidden.map(() => 1);
  return [rates[0], ...profile.map((p) => round(p * rate))];
}

/** How many steps each network trains: the sweep's own setting, else the lesson's length, else 1,000. */
export const sweepSteps = (s) => s.sweepSteps || s.stop || DEFAULT_SWEEP_STEPS;

/**
 * The networks to train: for each network seed (the page's seed, then seed+1, ...)
 * every rate of the grid. Seed-major, so the first results already span the rates.
 */
export function sweepPlan(s, rates = SWEEP_RATES) {
  const [specA] = twinSpecs(s);
  const steps = sweepSteps(s);
  const jobs = [];
  for (let k = 0; k < s.sweepSeeds; k++) {
    for (const rate of rates) {
      jobs.push({
        index: jobs.length,
        rate,
        seedIndex: k,
        steps,
        spec: { ...specA, rates: scaledRates(s.rate, rate), seed: s.seed + k },
      });
    }
  }
  return { key: sweepKey(s), dataset: datasetSpec(s), steps, seeds: s.sweepSeeds, rates: [...rates], jobs };
}

/**
 * What a sweep depends on: everything of twin A but its rates' size (their
 * profile across layers counts), the data, the steps and the seeds.
 */
export function sweepKey(s) {
  const [specA] = twinSpecs(s);
  return JSON.stringify({
    data: datasetSpec(s),
    net: { ...specA, rates: scaledRates(s.rate, 1) },
    steps: sweepSteps(s),
    seeds: s.sweepSeeds,
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One row per rate: mean, lowest and highest over the seeds that have finished. */
export function summarise(plan, results) {
  return plan.rates.map((rate) => {
    const rs = results.filter((r) => r && r.rate === rate);
    const stat = (pick) => {
      const xs = rs.map(pick).filter((x) => x != null);
      if (xs.length === 0) return null;
      // A diverged network's loss is not a number: it counts as the worst.
      const finite = xs.every(Number.isFinite);
      return { mean: finite ? mean(xs) : Infinity, min: Math.min(...xs), max: Math.max(...xs), values: xs };
    };
    return {
      rate,
      count: rs.length,
      diverged: rs.filter((r) => r.diverged).length,
      trainLoss: stat((r) => (r.diverged ? Infinity : r.train.loss)),
      validationLoss: stat((r) => (r.diverged ? Infinity : r.validation?.loss)),
      validationAccuracy: stat((r) => (r.diverged ? null : r.validation?.accuracy)),
    };
  });
}

const fmt = (x) => (Number.isFinite(x) ? (x >= 10 ? x.toFixed(1) : x.toFixed(3)) : '∞');
const pct = (x) => `${(x * 100).toFixed(0)}%`;

/**
 * What the sweep shows, once every rate has all its seeds: the best rate by
 * mean validation loss, whether the highest rates underfit (training loss up,
 * validation loss with it), whether no dropout overfits, and where accuracy
 * disagrees. Only what the numbers show.
 */
export function readSweep(rows) {
  const done = rows.filter((r) => r.validationLoss && Number.isFinite(r.validationLoss.mean));
  if (done.length === 0 || rows.filter((r) => r.count > 0).length < 2) return null;
  const best = done.reduce((a, b) => (b.validationLoss.mean < a.validationLoss.mean ? b : a));
  const sentences = [];
  const b = best.validationLoss.mean;
  if (best.rate === 0) {
    sentences.push(
      `No dropout has the lowest validation loss here (${fmt(b)}): on these settings dropout does not help.`,
    );
  } else {
    sentences.push(`Rate ${best.rate} has the lowest mean validation loss, ${fmt(b)}.`);
  }
  // Overfitting: without dropout the training loss is lower and the validation loss higher.
  const zero = rows.find((r) => r.rate === 0 && r.trainLoss && r.validationLoss);
  if (zero && best.rate !== 0) {
    const gap = zero.validationLoss.mean - zero.trainLoss.mean;
    if (zero.validationLoss.mean > b && gap > 0.05 && zero.trainLoss.mean <= best.trainLoss.mean)
      sentences.push(
        `Without dropout the training loss is ${fmt(zero.trainLoss.mean)} and the validation loss ` +
          `${fmt(zero.validationLoss.mean)}: a gap of ${fmt(gap)}, overfitting.`,
      );
  }
  // Underfitting: above the best rate, training loss climbs well above the best
  // rate's and validation loss rises with it.
  const t0 = best.trainLoss.mean;
  const under = rows.find(
    (r) =>
      r.rate > best.rate &&
      r.trainLoss &&
      r.validationLoss &&
      r.trainLoss.mean >= t0 + Math.max(0.05, t0) &&
      r.validationLoss.mean > b + Math.max(0.02, 0.1 * b),
  );
  let underfit = null;
  if (under) {
    const last = rows[rows.length - 1];
    underfit = under.rate;
    sentences.push(
      `From rate ${under.rate} the training loss rises too (${fmt(t0)} at ${best.rate}, ` +
        `${fmt(last.trainLoss.mean)} at ${last.rate}) and the validation loss with it: too much is dropped ` +
        'for the network to fit even its training data. That is underfitting.',
    );
  } else if (best.rate === rows[rows.length - 1].rate) {
    sentences.push('The highest rate of the grid is the best here, so the grid shows no rate that is too high.');
  } else {
    const last = rows[rows.length - 1];
    sentences.push(
      `At rate ${last.rate} the training loss is ${fmt(last.trainLoss.mean)} (${fmt(t0)} at ${best.rate}) and the ` +
        `validation loss ${fmt(last.validationLoss.mean)}: not the clear rise of both that marks underfitting, ` +
        'at this length of training.',
    );
  }
  const withAcc = rows.filter((r) => r.validationAccuracy);
  let bestAccuracy = null;
  if (withAcc.length > 0) {
    const top = withAcc.reduce((a, r) => (r.validationAccuracy.mean > a.validationAccuracy.mean ? r : a));
    bestAccuracy = top.rate;
    const atBest = best.validationAccuracy;
    // Three points of accuracy or more: fewer is a point or two of a small validation set.
    if (top.rate !== best.rate && atBest && top.validationAccuracy.mean >= atBest.mean + 0.03) {
      sentences.push(
        `Validation accuracy peaks elsewhere, at rate ${top.rate} (${pct(top.validationAccuracy.mean)}, ` +
          `${pct(atBest.mean)} at ${best.rate}): loss punishes a confident mistake without limit, ` +
          'accuracy counts it once. Read both.',
      );
    } else if (atBest) {
      sentences.push(`Its validation accuracy is ${pct(atBest.mean)}.`);
    }
  }
  const diverged = rows.filter((r) => r.diverged > 0);
  if (diverged.length > 0)
    sentences.push(
      `Diverged (loss no longer a number, counted as the worst): ${diverged
        .map((r) => `${r.diverged} of ${r.count} at rate ${r.rate}`)
        .join(', ')}; a lower learning rate may rescue them.`,
    );
  return { best: best.rate, bestLoss: b, underfit, bestAccuracy, text: sentences.join(' ') };
}

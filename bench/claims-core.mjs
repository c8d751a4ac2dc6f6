// The measurement behind docs/CLAIMS.md: train the two twins of the page on
// one dataset and record, at checkpoints, what the lesson claims about them.
// Used by bench/claims.mjs; nothing here writes files.
//
// A setting is what the page's controls choose (web/settings.js): dataset,
// points, noise, rate (twin A's [input, hidden 1, hidden 2, ...] rates; twin B
// has none), lr, opt, layers, act, val (the validation fraction); batch 16 as
// on the page.

export const EVAL_EVERY = 25; // steps between the evaluations behind "best so far"
export const MC_PASSES = 64; // Monte-Carlo passes of twin A at each checkpoint
export const CONFIDENT = 1e-3; // "confidently wrong": predicted probability of the true class below this
// A "clear" loss win: A's validation loss at least 10% and 0.01 below B's (not two losses of ~0 a hair apart).
export const clearlyBelow = (a, b) => a < 0.9 * b && a <= b - 0.01;
const CLAMP = 1e-7; // probabilities are clamped to [CLAMP, 1 - CLAMP] in the losses computed here

export const BASE = {
  points: 60,
  noise: 0.5,
  rate: [0, 0.5, 0.5],
  lr: 0.01,
  opt: 'adam',
  layers: [64, 64],
  act: 'relu',
  batch: 16,
  val: 0.5,
};

/** A setting with the page's defaults filled in; rate is resized to the layers like settings.js fitRates. */
export function setting(partial) {
  const s = { ...BASE, ...partial };
  const hidden = s.rate.length > 1 ? s.rate[1] : 0.5;
  s.rate = [s.rate[0] ?? 0, ...s.layers.map((_, i) => s.rate[i + 1] ?? hidden)];
  return s;
}

/** A short, stable name of a setting (also the cache key). */
export function settingKey(s) {
  const parts = [s.dataset, `n${s.points}`, `noise${s.noise}`, `rate${s.rate.join('/')}`, `lr${s.lr}`, s.opt];
  if (s.layers.join('x') !== '64x64' || s.act !== 'relu') parts.push(`${s.layers.join('x')}${s.act}`);
  if (s.batch !== 16) parts.push(`b${s.batch}`);
  if (s.val !== 0.5) parts.push(`val${s.val}`); // (absent at 0.5: the keys of the first runs stay valid)
  return parts.join(' ');
}

/** Training and validation counts of a setting, as makeDataset splits them. */
export function counts(s) {
  const val = Math.round(s.points * s.val);
  return { train: s.points - val, val };
}

/** The Network config of one twin, as web/worker-twin.js networkConfig builds it (bernoulli, inverted, per example). */
function networkConfig(data, s, rates, seed) {
  return {
    inputs: data.inputs,
    task: data.task,
    ...(data.task === 'multiclass' ? { classes: data.classes } : {}),
    layers: s.layers.map((units, i) => ({ units, activation: s.act, rate: rates[i + 1], kind: 'bernoulli' })),
    inputDropout: { rate: rates[0], kind: 'bernoulli' },
    dropoutMode: 'inverted',
    maskPer: 'example',
    optimizer: s.opt,
    learningRate: s.lr,
    momentum: 0.9,
    batchSize: s.batch,
    seed,
  };
}

/**
 * Loss (binary / categorical cross-entropy with clamped probabilities, or MSE),
 * and the number of "confidently wrong" points, from outputs p (count × outputs).
 */
export function lossOf(task, p, y, outputs) {
  let sum = 0;
  let confident = 0;
  for (let i = 0; i < y.length; i++) {
    if (task === 'regression') {
      const d = p[i] - y[i];
      sum += d * d;
      continue;
    }
    const pt = task === 'binary' ? (y[i] >= 0.5 ? p[i] : 1 - p[i]) : p[i * outputs + y[i]];
    if (pt < CONFIDENT) confident++;
    sum -= Math.log(Math.min(1 - CLAMP, Math.max(CLAMP, pt)));
  }
  return { loss: sum / y.length, confident: task === 'regression' ? null : confident };
}

/**
 * One run: both twins from network seed `netSeed` on dataset seed `dataSeed`,
 * trained in lockstep to the last checkpoint. Returns one record per checkpoint:
 * { step, A: {...}, B: {...} } with, per twin, val (loss as evaluate() gives it),
 * acc, train (training loss), cl (loss from predict(), clamped), cw (confidently
 * wrong validation points), best / bestStep (lowest validation loss so far,
 * evaluated every EVAL_EVERY steps), diverged; A also has mc (loss of the mean
 * of MC_PASSES thinned passes), mcAcc and mcCw.
 */
export function runPair(dp, s, dataSeed, netSeed, checkpoints) {
  const data = dp.makeDataset({ name: s.dataset, points: s.points, noise: s.noise, validation: s.val, seed: dataSeed });
  const ratesB = [0, ...s.layers.map(() => 0)];
  const nets = [s.rate, ratesB].map((rates) => {
    const net = new dp.Network(networkConfig(data, s, rates, netSeed));
    net.setData(data);
    return net;
  });
  const vx = data.validation.x;
  const vy = Int32OrFloat(data);
  const best = [
    { loss: Infinity, step: 0 },
    { loss: Infinity, step: 0 },
  ];
  const out = [];
  const last = checkpoints[checkpoints.length - 1];
  try {
    for (let step = EVAL_EVERY; step <= last; step += EVAL_EVERY) {
      const evals = nets.map((net, t) => {
        net.train(EVAL_EVERY);
        const e = net.evaluate();
        const v = e.validation.loss;
        if (v < best[t].loss) best[t] = { loss: v, step };
        return e;
      });
      if (!checkpoints.includes(step)) continue;
      const twin = (t) => {
        const e = evals[t];
        const p = nets[t].predict(vx);
        const c = lossOf(data.task, p, vy, data.outputs);
        return {
          val: e.validation.loss,
          acc: e.validation.accuracy,
          train: e.train.loss,
          cl: c.loss,
          cw: c.confident,
          best: best[t].loss,
          bestStep: best[t].step,
          diverged: e.diverged,
        };
      };
      const A = twin(0);
      const B = twin(1);
      if (!A.diverged) {
        const mean = nets[0].predictMC(vx, MC_PASSES).mean;
        const m = lossOf(data.task, mean, vy, data.outputs);
        A.mc = m.loss;
        A.mcCw = m.confident;
        A.mcAcc = accuracyOf(data.task, mean, vy, data.outputs);
      }
      out.push({ step, A, B });
    }
  } finally {
    for (const net of nets) net.delete();
  }
  return out;
}

function Int32OrFloat(data) {
  return data.task === 'regression' ? data.validation.y : Int32Array.from(data.validation.y);
}

function accuracyOf(task, p, y, outputs) {
  if (task === 'regression') return null;
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    if (task === 'binary') correct += p[i] >= 0.5 === y[i] >= 0.5 ? 1 : 0;
    else {
      let bestJ = 0;
      for (let j = 1; j < outputs; j++) if (p[i * outputs + j] > p[i * outputs + bestJ]) bestJ = j;
      correct += bestJ === y[i] ? 1 : 0;
    }
  }
  return correct / y.length;
}

/**
 * Runs through a cache (key -> { rec: records per length, ms }): runs(s, pairs,
 * lengths) trains only what no cached run holds. A cached run recorded at more
 * lengths serves any subset of them: a checkpoint's record does not depend on
 * the later ones (training goes in EVAL_EVERY-step chunks either way, and
 * predictMC's masks come from its own counter, not the training stream).
 */
export function makeRunner(dp, cache) {
  const used = new Set(); // the cache keys behind a report
  const trained = { runs: 0, steps: 0 }; // trained by this process (not from the cache)
  const byRun = new Map(); // "setting|data seed|net seed" -> cache keys
  const index = (key) => {
    const run = key.slice(0, key.lastIndexOf('|'));
    if (!byRun.has(run)) byRun.set(run, []);
    byRun.get(run).push(key);
  };
  Object.keys(cache).forEach(index);
  const lengthsOfKey = (key) =>
    key
      .slice(key.lastIndexOf('|') + 1)
      .split(',')
      .map(Number);
  function one(s, d, n, lengths) {
    const run = `${settingKey(s)}|${d}|${n}`;
    let key = (byRun.get(run) ?? []).find((k) => lengths.every((L) => lengthsOfKey(k).includes(L)));
    if (!key) {
      key = `${run}|${lengths.join(',')}`;
      const t = performance.now();
      const rec = runPair(dp, s, d, n, lengths);
      cache[key] = { rec, ms: performance.now() - t };
      index(key);
      trained.runs += 1;
      trained.steps += 2 * lengths[lengths.length - 1];
    }
    used.add(key);
    const rec = cache[key].rec;
    return lengths.map((L) => rec.find((r) => r.step === L));
  }
  /** An array (per run) of arrays (per length). */
  const runs = (s, pairs, lengths) => pairs.map(([d, n]) => one(s, d, n, lengths));
  return { runs, used, trained };
}

/** Seeds: every (data seed, network seed) pair. */
export const seedPairs = (dataSeeds, netSeeds) => dataSeeds.flatMap((d) => netSeeds.map((n) => [d, n]));
export const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/**
 * Win rates and means over runs at one checkpoint. runs: records of runPair at
 * that step. A comparison with a NaN (a diverged twin) is not a win.
 */
export function summarize(recs, task) {
  const n = recs.length;
  const frac = (f) => recs.filter(f).length / n;
  const mean = (f) => recs.reduce((a, r) => a + f(r), 0) / n;
  const cls = task !== 'regression';
  return {
    n,
    lossWin: frac((r) => r.A.val < r.B.val),
    accWin: cls ? frac((r) => r.A.acc > r.B.acc) : null,
    accGE: cls ? frac((r) => r.A.acc >= r.B.acc) : null,
    both: cls ? frac((r) => r.A.val < r.B.val && r.A.acc >= r.B.acc) : frac((r) => r.A.val < r.B.val),
    clearWin: frac((r) => clearlyBelow(r.A.val, r.B.val)),
    bothClear: frac((r) => clearlyBelow(r.A.val, r.B.val) && (!cls || r.A.acc >= r.B.acc)),
    mcWinB: frac((r) => r.A.mc < r.B.cl),
    mcWinA: frac((r) => r.A.mc < r.A.cl),
    bestWin: frac((r) => r.A.best < r.B.best),
    valA: mean((r) => r.A.val),
    valB: mean((r) => r.B.val),
    medA: median(recs.map((r) => r.A.val)),
    medB: median(recs.map((r) => r.B.val)),
    accA: cls ? mean((r) => r.A.acc) : null,
    accB: cls ? mean((r) => r.B.acc) : null,
    trainA: mean((r) => r.A.train),
    trainB: mean((r) => r.B.train),
    mcA: mean((r) => r.A.mc),
    mcAccA: cls ? mean((r) => r.A.mcAcc) : null,
    clB: mean((r) => r.B.cl),
    bestA: mean((r) => r.A.best),
    bestB: mean((r) => r.B.best),
    bestStepA: mean((r) => r.A.bestStep),
    bestStepB: mean((r) => r.B.bestStep),
    cwA: cls ? mean((r) => r.A.cw) : null,
    cwB: cls ? mean((r) => r.B.cw) : null,
    cwMC: cls ? mean((r) => r.A.mcCw) : null,
    diverged: frac((r) => r.A.diverged || r.B.diverged),
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

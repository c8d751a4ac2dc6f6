// The follow-up of the search in bench/claims.mjs: does a larger validation set
// (more held-out points, the same small training set) make the claim hold?
// The training set's size drives overfitting; the validation set's size only
// how precisely a run measures it (with 10–30 validation points one point is
// 3–10% of accuracy, so accuracies tie or flip on one point).
//
// Per dataset, from the search's default (setting s, length L):
// 1. s at validation fractions VALS with about the same number of training
//    points (points on the page's grid of 10, at most 400), on the main seeds;
// 2. a small neighbourhood at the larger fractions (hidden rate ± 0.1 × noise
//    ± 0.1, lengths STUDY_LENGTHS), on the main seeds: a larger validation set
//    may move where the claim holds best;
// 3. the best of 1–2 (by the search's ranking, lesson lengths 300–1200 steps)
//    and every setting of 1 at L, on FRESH seeds no search has seen (and on
//    the search's fresh seeds, which chose nothing here either);
// 4. the recommendation: the best of 3 if its rate pooled over all three seed
//    sets is above the default's on the same runs, else the default.
import { setting, settingKey, counts } from './claims-core.mjs';

export const VALS = [0.5, 0.7, 0.8];
export const STUDY_LENGTHS = [300, 500, 800, 1200];
export const STUDY_WINDOW = [300, 1200];
// The spiral is learnt only after 2,000–5,000 steps (see its notes).
const lengthsOf = (ds, L) => {
  const ls = ds === 'spiral' ? [...STUDY_LENGTHS, 2000, 3000, 5000] : STUDY_LENGTHS;
  return [...new Set([...ls, L])].sort((a, b) => a - b);
};

/** Points on the page's grid (10…400, step 10) that keep about `train` training points at validation fraction val. */
export function pointsFor(train, val) {
  return Math.min(400, Math.max(10, Math.round(train / (1 - val) / 10) * 10));
}

/** s with validation fraction val and about the same training count as s. */
export const withVal = (s, val) => setting({ ...s, val, points: pointsFor(counts(s).train, val) });

/** Two summaries (main, fresh) pooled by their run counts. */
export function pool(a, b) {
  if (!b) return a;
  const n = a.n + b.n;
  const out = { n, length: a.length };
  for (const k of Object.keys(a)) {
    if (k === 'n' || k === 'length' || typeof a[k] !== 'number') continue;
    out[k] = (a[k] * a.n + b[k] * b.n) / n;
  }
  return out;
}

const round2 = (x) => Math.round(x * 100) / 100;

/** The neighbourhood of s at the larger fractions: hidden rate ± 0.1 × noise ± 0.1 (s itself excluded). */
function neighbourhood(s) {
  const out = [];
  const r0 = s.rate[1];
  const rates = [r0 - 0.1, r0, r0 + 0.1].map(round2).filter((r) => r > 0 && r <= 0.9);
  const noises = [s.noise - 0.1, s.noise, s.noise + 0.1].map(round2).filter((x) => x >= 0 && x <= 1);
  for (const val of VALS.slice(1))
    for (const r of rates)
      for (const noise of noises) {
        if (r === r0 && noise === s.noise) continue;
        out.push(withVal({ ...s, noise, rate: [0, ...s.layers.map(() => r)] }, val));
      }
  return out;
}

/**
 * The study of one dataset. res: the search's result (chosen.s, L, keepMain,
 * keepFresh); h: { measure(s, pairs, lengths), bestRow(rows, s, window),
 * rank(measured, window), seeds: { main, fresh, fresh1 }, target, log }.
 */
export function valStudy(res, h) {
  const ds = res.ds;
  const base = res.chosen.s;
  const L = res.L;
  const lengths = lengthsOf(ds, L);
  const at = (rows, length) => rows.find((r) => r.length === length);
  const onMain = (s) => {
    const rows = h.measure(s, h.seeds.main, lengths);
    return { s, rows, best: h.bestRow(rows, s, STUDY_WINDOW) };
  };
  // A row of the report: s at `length` on the main seeds, and on both fresh seed sets if `validate`.
  const row = (m, length, label, validate) => {
    const main = at(m.rows, length);
    const fresh = validate ? h.measure(m.s, h.seeds.fresh, [length])[0] : null;
    const fresh1 = validate ? h.measure(m.s, h.seeds.fresh1, [length])[0] : null;
    const pooled = pool(main, fresh);
    const r = { label, s: m.s, key: settingKey(m.s), counts: counts(m.s), length, main, fresh, fresh1, pooled };
    return { ...r, pooledAll: validate ? pool(pooled, fresh1) : null };
  };

  // 1. The default at each fraction, about the same training set.
  const stageA = VALS.map((val) => onMain(val === base.val ? base : withVal(base, val)));
  // 2. Its neighbourhood at the larger fractions.
  const fails = !(res.keepMain[0].both >= h.target && res.keepFresh[0].both >= h.target);
  const explored = neighbourhood(base).map(onMain);
  const all = [...stageA, ...explored];
  const best = h.rank(all, STUDY_WINDOW)[0];
  h.log(
    `${ds}: val study, ${all.length} settings; best ${settingKey(best.s)} at ${best.best.length} (main ${best.best.both.toFixed(2)})`,
  );

  // 3. Fresh seeds: the default at each fraction at L, and the best at its length.
  const rows = stageA.map((m, i) => row(m, L, i === 0 ? 'the default' : `the default, val ${VALS[i]}`, true));
  const same = rows.find((r) => r.key === settingKey(best.s) && r.length === best.best.length);
  const bestRow = same ?? row(best, best.best.length, 'best of the study', true);
  if (!same) rows.push(bestRow);
  // The other explored settings, main seeds only, each at its best length (top 5 by the ranking).
  const others = h
    .rank(explored, STUDY_WINDOW)
    .filter((m) => settingKey(m.s) !== bestRow.key)
    .slice(0, 5)
    .map((m) => row(m, m.best.length, 'neighbour', false));
  // Settings shown beside the search's default (`recheck` in claims.mjs), checked on the new fresh seeds too. Not
  // recommended from here: their other seed sets were seen when they were added.
  const extras = (res.references ?? [])
    .filter((r) => r.recheck && r.seeds === 'main')
    .map((r) => row({ s: r.s, rows: r.rows }, r.best.length, r.label, true));
  rows.push(...extras);
  // 4. The recommendation.
  const recommended = bestRow.pooledAll.both > rows[0].pooledAll.both ? bestRow : rows[0];
  const p = (r) => `${r.pooled.both.toFixed(2)} / ${r.pooledAll.both.toFixed(2)}`;
  h.log(`${ds}: best: fresh ${bestRow.fresh.both.toFixed(2)}, pooled ${p(bestRow)}; default ${p(rows[0])}`);
  return { ds, task: res.task, base, L, fails, count: all.length, rows, best: bestRow, others, recommended };
}

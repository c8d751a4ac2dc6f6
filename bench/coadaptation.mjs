// Co-adaptation, measured (issue 8 §4; docs/CLAIMS.md "Co-adaptation: removing
// one unit"): on every dataset's lesson as the page loads it (web/settings.js
// defaultsFor, datasetSpec, twinSpecs; web/worker-twin.js networkConfig), train
// twin A (dropout) and twin B (none) to the lesson's length on data seeds the
// page does not use, then silence each hidden unit in turn (unitAblation) and
// summarise how much the loss depends on single units, and how sparse the
// hidden activations are (activationStats, Srivastava et al. 2014 Fig. 8).
//
// Usage: bash scripts/build.sh wasm && node bench/coadaptation.mjs
//          [--seeds 601-620 | --seeds page] [--datasets circle,moons] [--json out.json]
//          [--write docs/CLAIMS.md]
// Prints the section of docs/CLAIMS.md; --write puts it into that file (between
// its markers, replacing the last version); --json writes every run's numbers.
import fs from 'node:fs';
import { loadModule } from '../tests/js/load-module.mjs';
import { DATASETS, defaultsFor, datasetSpec, twinSpecs } from '../web/settings.js';
import { networkConfig } from '../web/worker-twin.js';
import { NOTES } from './coadaptation-notes.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
// --seeds page: each lesson's own data seed only (what a learner sees first).
const SEED_ARG = arg('--seeds', '601-620');
const [seedFrom, seedTo] = SEED_ARG.split('-').map(Number);
const SEEDS =
  SEED_ARG === 'page' ? ['page'] : Array.from({ length: (seedTo ?? seedFrom) - seedFrom + 1 }, (_, i) => seedFrom + i);
const NAMES = arg('--datasets', DATASETS.map((d) => d.id).join(',')).split(',');
const JSON_OUT = arg('--json', null);
const WRITE = arg('--write', null); // a markdown file (docs/CLAIMS.md) to put the section into

export const CHANGE = 0.01; // a unit "matters" when silencing it moves the loss by more than this
export const TOP = 5; // the top units whose share of the total increase is reported

const sum = (a) => a.reduce((s, v) => s + v, 0);
const mean = (a) => sum(a) / a.length;

/** How the loss of one set depends on single units: from unitAblation's losses. */
export function dependence(ablation) {
  const base = ablation.baseline;
  const inc = ablation.layers.flatMap((l) => Array.from(l.losses, (v) => v - base)).sort((a, b) => b - a);
  const positive = sum(inc.filter((v) => v > 0));
  const topShare = (k) => (positive > 0 ? sum(inc.slice(0, k).filter((v) => v > 0)) / positive : NaN);
  return {
    baseline: base,
    units: inc.length,
    max: inc[0], // the largest increase
    relMax: inc[0] / base, // ... relative to the loss itself
    top5Share: topShare(TOP), // share of the total positive increase carried by the top 5 units
    top10pctShare: topShare(Math.ceil(inc.length / 10)),
    changed: inc.filter((v) => Math.abs(v) > CHANGE).length / inc.length, // |change| > 0.01
    hurts: inc.filter((v) => v > CHANGE).length / inc.length, // loss up by > 0.01
    helps: inc.filter((v) => v < -CHANGE).length / inc.length, // loss down by > 0.01
    meanAbs: mean(inc.map(Math.abs)),
    totalPositive: positive,
  };
}

/** Mean activation and near-zero fraction (|a| < 1e-3) over the hidden layers, on x. */
function sparsity(net, x) {
  const stats = net.activationStats(x);
  const units = stats.map((s) => s.unitMeans.length);
  const weighted = (key) => sum(stats.map((s, i) => s[key] * units[i])) / sum(units);
  // Units silent on every input (a ReLU that never fires): part of the near-zero fraction, but not sparsity.
  // (A mean of exactly 0 means every activation is 0 for ReLU, whose outputs are never negative.)
  const deadCounts = stats.map((s) => s.unitMeans.filter((m) => m === 0).length);
  const dead = sum(deadCounts) / sum(units);
  // The near-zero fraction of the units that do fire on some input.
  const liveNearZero =
    sum(stats.map((s, i) => s.nearZeroFraction * units[i] - deadCounts[i])) / (sum(units) - sum(deadCounts));
  return { meanActivation: weighted('meanActivation'), nearZero: weighted('nearZeroFraction'), dead, liveNearZero };
}

/**
 * The largest drop of validation accuracy from silencing one unit (setSilenced, one unit at a
 * time): a measure that does not grow with how confident a twin is, unlike the loss.
 */
function largestAccuracyDrop(net, accuracy) {
  let largest = -Infinity;
  net.config().layers.forEach(({ units }, l) => {
    for (let unit = 0; unit < units; unit++) {
      net.setSilenced([{ layer: l + 1, unit }]);
      largest = Math.max(largest, accuracy - net.evaluate().validation.accuracy);
    }
  });
  net.setSilenced([]);
  return largest;
}

/** One data seed of one lesson: both twins trained as the page trains them, then probed. */
function run(dp, dataset, dataSeed) {
  const s = { ...defaultsFor(dataset), ...(dataSeed === 'page' ? {} : { dataSeed }) };
  const data = dp.makeDataset(datasetSpec(s));
  return twinSpecs(s).map((spec) => {
    const net = new dp.Network(networkConfig(data, spec));
    try {
      net.setData(data);
      const t = net.train(s.stop);
      const e = net.evaluate();
      return {
        rates: spec.rates,
        steps: t.step,
        diverged: t.diverged,
        accuracy: e.validation.accuracy,
        validation: dependence(net.unitAblation('validation')),
        accuracyDrop: data.task === 'regression' ? null : largestAccuracyDrop(net, e.validation.accuracy),
        train: dependence(net.unitAblation('train')),
        sparsity: sparsity(net, data.validation.x),
      };
    } finally {
      net.delete();
    }
  });
}

// What "A depends less on single units than B" means for each measure.
export const MEASURES = {
  max: { label: 'largest increase', less: (a, b) => a.max < b.max },
  relMax: { label: 'largest increase / loss', less: (a, b) => a.relMax < b.relMax },
  top5Share: { label: `top-${TOP} share`, less: (a, b) => a.top5Share < b.top5Share },
  top10pctShare: { label: 'top-10 % share', less: (a, b) => a.top10pctShare < b.top10pctShare },
  changed: { label: `units changing it by > ${CHANGE}`, less: (a, b) => a.changed < b.changed },
  meanAbs: { label: 'mean absolute change', less: (a, b) => a.meanAbs < b.meanAbs },
};

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (v, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const pct = (v) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : String(v));
const rateOf = (runs) => runs[0][0].rates.slice(1).join(', ');

/** The headline: medians over the seeds, and in how many seeds A depends less on single units than B. */
function headline(results, n) {
  const lines = [
    `| dataset | rate A | steps | validation loss | largest increase (A < B) | B / A | largest increase / loss (A < B) | units changing it by > ${CHANGE} (A < B) | top-${TOP} share (A < B) | largest accuracy drop (A < B, ties) |`,
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { dataset, runs } of results) {
    const A = runs.map((r) => r[0].validation);
    const B = runs.map((r) => r[1].validation);
    const cell = (key, show) => {
      const wins = A.filter((a, i) => MEASURES[key].less(a, B[i])).length;
      return `${show(median(A.map((a) => a[key])))} / ${show(median(B.map((b) => b[key])))} (${wins} of ${n})`;
    };
    const ratio = median(A.map((a, i) => B[i].max / a.max));
    const dropA = runs.map((r) => r[0].accuracyDrop);
    const dropB = runs.map((r) => r[1].accuracyDrop);
    const drop =
      dropA[0] === null
        ? 'n/a (regression)'
        : `${f(median(dropA))} / ${f(median(dropB))} (${dropA.filter((a, i) => a < dropB[i]).length}, ` +
          `${dropA.filter((a, i) => a === dropB[i]).length})`;
    const loss = `${f(median(A.map((a) => a.baseline)))} / ${f(median(B.map((b) => b.baseline)))}`;
    lines.push(
      `| ${dataset} | ${rateOf(runs)} | ${runs[0][0].steps} | ${loss} | ${cell('max', f)} | ${f(ratio, 1)}× | ` +
        `${cell('relMax', f)} | ${cell('changed', pct)} | ${cell('top5Share', pct)} | ${drop} |`,
    );
  }
  return lines;
}

/** Means of every measure on one set, and in how many seeds A < B. */
function meansTable(results, set) {
  // Relative to the loss means nothing on the training set, where B's loss is about 0.
  const measures = Object.entries(MEASURES).filter(([key]) => set === 'validation' || key !== 'relMax');
  const lines = [
    `| dataset | loss | ${measures.map(([, m]) => m.label).join(' | ')} |`,
    `|---|---|${measures.map(() => '---').join('|')}|`,
  ];
  for (const { dataset, runs } of results) {
    const A = runs.map((r) => r[0][set]);
    const B = runs.map((r) => r[1][set]);
    const cells = measures.map(([key, m]) => {
      const wins = A.filter((a, i) => m.less(a, B[i])).length;
      const show = key.includes('Share') || key === 'changed' ? pct : f;
      return `${show(mean(A.map((a) => a[key])))} / ${show(mean(B.map((b) => b[key])))} (${wins})`;
    });
    const loss = `${f(mean(A.map((a) => a.baseline)))} / ${f(mean(B.map((b) => b.baseline)))}`;
    lines.push(`| ${dataset} | ${loss} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function directionTable(results) {
  const lines = [`| dataset | loss up by > ${CHANGE}: A / B | loss down by > ${CHANGE}: A / B |`, '|---|---|---|'];
  for (const { dataset, runs } of results) {
    const m = (t, k) => pct(mean(runs.map((r) => r[t].validation[k])));
    lines.push(`| ${dataset} | ${m(0, 'hurts')} / ${m(1, 'hurts')} | ${m(0, 'helps')} / ${m(1, 'helps')} |`);
  }
  return lines;
}

function sparsityTable(results) {
  const lines = [
    '| dataset | mean activation | A lower | near-zero fraction (\\|a\\| < 1e-3) | A sparser | dead units (never active) | near-zero, live units only | A sparser |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { dataset, runs } of results) {
    const m = (t, k) => mean(runs.map((r) => r[t].sparsity[k]));
    const count = (pred) => `${runs.filter(pred).length} of ${runs.length}`;
    const both = (k, show) => `${show(m(0, k))} / ${show(m(1, k))}`;
    lines.push(
      `| ${dataset} | ${both('meanActivation', f)} | ${count((r) => r[0].sparsity.meanActivation < r[1].sparsity.meanActivation)} | ` +
        `${both('nearZero', pct)} | ${count((r) => r[0].sparsity.nearZero > r[1].sparsity.nearZero)} | ${both('dead', pct)} | ` +
        `${both('liveNearZero', pct)} | ${count((r) => r[0].sparsity.liveNearZero > r[1].sparsity.liveNearZero)} |`,
    );
  }
  return lines;
}

function accuracyTable(results) {
  const lines = ['| dataset | validation accuracy A / B | diverged runs A / B |', '|---|---|---|'];
  for (const { dataset, runs } of results) {
    const acc = (t) => mean(runs.map((r) => r[t].accuracy ?? NaN));
    const div = (t) => runs.filter((r) => r[t].diverged).length;
    const accuracy = Number.isFinite(acc(0)) ? `${f(acc(0))} / ${f(acc(1))}` : 'n/a (regression)';
    lines.push(`| ${dataset} | ${accuracy} | ${div(0)} / ${div(1)} |`);
  }
  return lines;
}

export const BEGIN = '<!-- begin: bench/coadaptation.mjs -->';
export const END = '<!-- end: bench/coadaptation.mjs -->';

/** The section of docs/CLAIMS.md: the notes (bench/coadaptation-notes.mjs) around the tables. */
function section(results, seeds) {
  const n = seeds.length;
  const seedText = seeds[0] === 'page' ? "each lesson's own data seed" : `data seeds ${seeds[0]}–${seeds.at(-1)}`;
  const L = [BEGIN, '## Co-adaptation: removing one unit', ''];
  L.push(
    `Written by \`node bench/coadaptation.mjs --write docs/CLAIMS.md\` (${seedText}, ${n} runs per dataset; the ` +
      'words in `bench/coadaptation-notes.mjs`, written after reading these numbers). `bench/claims.mjs` keeps this ' +
      'section when it rewrites the file.',
  );
  L.push('', NOTES.question, '', NOTES.method, '', '**What this shows, in short.**', '', NOTES.shows, '');
  L.push(
    `### Validation loss with one unit silenced: medians over the ${n} data seeds (A / B), and in how many A depends less on single units`,
    '',
  );
  L.push(NOTES.headline, '', ...headline(results, n), '');
  L.push(`### Every measure, validation set: means (A / B) and in how many of ${n} A < B`, '');
  L.push(...meansTable(results, 'validation'), '');
  L.push(`### Every measure, training set: means (A / B) and in how many of ${n} A < B`, '');
  L.push(NOTES.train, '', ...meansTable(results, 'train'), '');
  L.push(`### Which way the validation loss moves: share of units (means over ${n})`, '');
  L.push(NOTES.direction, '', ...directionTable(results), '');
  L.push('### Activation sparsity (Srivastava et al. 2014, Fig. 8)', '');
  L.push(NOTES.sparsity, '', ...sparsityTable(results), '');
  L.push('### Context: accuracy at the lesson length', '', ...accuracyTable(results), '', END);
  return L.join('\n');
}

/** Puts the section into a file: in place of its last version, or at the end. */
function writeSection(file, text) {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = old.indexOf(BEGIN);
  const stop = old.indexOf(END);
  const next =
    start >= 0 && stop > start
      ? old.slice(0, start) + text + old.slice(stop + END.length)
      : `${old.replace(/\n*$/, '')}\n\n${text}\n`;
  fs.writeFileSync(file, next);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dp = await loadModule();
  const results = [];
  for (const dataset of NAMES) {
    const started = performance.now();
    const runs = SEEDS.map((seed) => run(dp, dataset, seed));
    results.push({ dataset, seeds: SEEDS, runs });
    console.error(`${dataset}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const text = section(results, SEEDS);
  console.log(text);
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 1));
  if (WRITE) writeSection(WRITE, text);
}

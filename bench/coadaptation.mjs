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
// Prints markdown tables; --json also writes every run's numbers.
import fs from 'node:fs';
import { loadModule } from '../tests/js/load-module.mjs';
import { DATASETS, defaultsFor, datasetSpec, twinSpecs } from '../web/settings.js';
import { networkConfig } from '../web/worker-twin.js';

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
  const dead = sum(stats.map((s) => s.unitMeans.filter((m) => m === 0).length)) / sum(units);
  return { meanActivation: weighted('meanActivation'), nearZero: weighted('nearZeroFraction'), dead };
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
  changed: { label: `units changing it > ${CHANGE}`, less: (a, b) => a.changed < b.changed },
  meanAbs: { label: 'mean |change|', less: (a, b) => a.meanAbs < b.meanAbs },
};

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (v, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const pct = (v) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : String(v));

/** The headline: medians over the seeds, and in how many seeds A depends less on single units than B. */
function headline(results) {
  const lines = [`\n### Validation set: medians over ${SEEDS.length} data seeds (A / B), in how many seeds A < B\n`];
  lines.push(
    '| dataset | rate A | steps | validation loss | largest increase | B / A | largest increase / loss | units changing it > 0.01 | top-5 share |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const { dataset, runs } of results) {
    const A = runs.map((r) => r[0].validation);
    const B = runs.map((r) => r[1].validation);
    const cell = (key, show) => {
      const wins = A.filter((a, i) => MEASURES[key].less(a, B[i])).length;
      return `${show(median(A.map((a) => a[key])))} / ${show(median(B.map((b) => b[key])))} (${wins})`;
    };
    const ratio = median(A.map((a, i) => B[i].max / a.max));
    const loss = `${f(median(A.map((a) => a.baseline)))} / ${f(median(B.map((b) => b.baseline)))}`;
    const rate = runs[0][0].rates.slice(1).join('/');
    lines.push(
      `| ${dataset} | ${rate} | ${runs[0][0].steps} | ${loss} | ${cell('max', f)} | ${f(ratio, 1)}× | ${cell(
        'relMax',
        f,
      )} | ${cell('changed', pct)} | ${cell('top5Share', pct)} |`,
    );
  }
  return lines.join('\n');
}

function report(results) {
  const lines = [headline(results)];
  for (const set of ['validation', 'train']) {
    lines.push(`\n### ${set} set: means over ${SEEDS.length} data seeds (A / B), and in how many seeds A < B\n`);
    lines.push(
      `| dataset | rate A | steps | loss | ${Object.values(MEASURES)
        .map((m) => m.label)
        .join(' | ')} |`,
    );
    lines.push(
      `|---|---|---|---|${Object.keys(MEASURES)
        .map(() => '---')
        .join('|')}|`,
    );
    for (const { dataset, runs } of results) {
      const A = runs.map((r) => r[0][set]);
      const B = runs.map((r) => r[1][set]);
      const cells = Object.entries(MEASURES).map(([key, m]) => {
        const wins = A.filter((a, i) => m.less(a, B[i])).length;
        const show = key.includes('Share') || key === 'changed' ? pct : f;
        return `${show(mean(A.map((a) => a[key])))} / ${show(mean(B.map((b) => b[key])))} (${wins})`;
      });
      const loss = `${f(mean(A.map((a) => a.baseline)))} / ${f(mean(B.map((b) => b.baseline)))}`;
      const rate = runs[0][0].rates.slice(1).join('/');
      lines.push(`| ${dataset} | ${rate} | ${runs[0][0].steps} | ${loss} | ${cells.join(' | ')} |`);
    }
  }
  lines.push(`\n### Removing a unit lowers the validation loss by > ${CHANGE} (share of units, A / B)\n`);
  lines.push('| dataset | helps A / B | hurts A / B |');
  lines.push('|---|---|---|');
  for (const { dataset, runs } of results) {
    const m = (t, k) => pct(mean(runs.map((r) => r[t].validation[k])));
    lines.push(`| ${dataset} | ${m(0, 'helps')} / ${m(1, 'helps')} | ${m(0, 'hurts')} / ${m(1, 'hurts')} |`);
  }
  lines.push(`\n### Activation sparsity on the validation inputs (means; A / B, and seeds where A is sparser)\n`);
  lines.push(
    '| dataset | mean activation | A lower | near-zero fraction (\\|a\\| < 1e-3) | A sparser | dead units (never active) |',
  );
  lines.push('|---|---|---|---|---|---|');
  for (const { dataset, runs } of results) {
    const m = (t, k) => mean(runs.map((r) => r[t].sparsity[k]));
    const sparser = runs.filter((r) => r[0].sparsity.nearZero > r[1].sparsity.nearZero).length;
    const lower = runs.filter((r) => r[0].sparsity.meanActivation < r[1].sparsity.meanActivation).length;
    const both = (k, show) => `${show(m(0, k))} / ${show(m(1, k))}`;
    lines.push(
      `| ${dataset} | ${both('meanActivation', f)} | ${lower} of ${runs.length} | ${both('nearZero', pct)} | ` +
        `${sparser} of ${runs.length} | ${both('dead', pct)} |`,
    );
  }
  lines.push(`\n### Validation accuracy (means, A / B) and diverged runs\n`);
  lines.push('| dataset | accuracy | diverged A / B |');
  lines.push('|---|---|---|');
  for (const { dataset, runs } of results) {
    const acc = (t) => mean(runs.map((r) => r[t].accuracy ?? NaN));
    const div = (t) => runs.filter((r) => r[t].diverged).length;
    lines.push(`| ${dataset} | ${f(acc(0))} / ${f(acc(1))} | ${div(0)} / ${div(1)} |`);
  }
  return lines.join('\n');
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
  const seeds = SEEDS[0] === 'page' ? "each lesson's own data seed" : `data seeds ${SEEDS[0]}-${SEEDS.at(-1)}`;
  console.log(`Co-adaptation: ${seeds}, each dataset's lesson (web/dataset-lessons.js)`);
  console.log(report(results));
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 1));
}

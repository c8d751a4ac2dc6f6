// Each dataset's lesson (web/dataset-lessons.js) makes a claim measured in
// docs/CLAIMS.md: "the dropout twin wins in share p of runs" at the lesson's
// length. Here the claim is checked on seeds neither the measurement nor the
// page uses: data seeds 401-420 x network seeds 1 and 2 (40 runs), trained as
// the page trains them (settings.js twinSpecs, worker-twin.js networkConfig).
//
// The bound: if A wins a run with probability p (the measured rate), the wins
// in n = 40 runs are Binomial(n, p); fewer than n p - 3 sd happens by chance
// in about 1 of 1,000 seed sets, so it means the claim no longer holds.
// Lessons that claim nothing ('none') are checked for what the page says.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';
import { runLesson, won } from './lesson-runs.mjs';
import { DATASET_LESSONS } from '../../web/dataset-lessons.js';

const dp = await loadModule();
const DATA_SEEDS = Array.from({ length: 20 }, (_, i) => 401 + i);
const NET_SEEDS = [1, 2];

function runs(name) {
  const out = [];
  for (const dataSeed of DATA_SEEDS) for (const seed of NET_SEEDS) out.push(runLesson(dp, name, { dataSeed, seed }));
  return out;
}

describe('each dataset lesson shows what the page claims, on unseen seeds', () => {
  for (const [name, lesson] of Object.entries(DATASET_LESSONS)) {
    test(`${name}: ${lesson.claim}, measured ${Math.round(lesson.winRate * 100)}%`, (t) => {
      const results = runs(name);
      const n = results.length;
      if (lesson.claim === 'none') {
        // "A plain network hardly overfits them": the twins' validation accuracies stay close.
        const close = results.filter(([a, b]) => Math.abs(a.validation.accuracy - b.validation.accuracy) <= 0.05);
        t.diagnostic(`${close.length} of ${n} runs within 5 points of accuracy`);
        assert.ok(close.length >= 0.8 * n, `${name}: the twins differ in accuracy in ${n - close.length} of ${n} runs`);
        return;
      }
      const wins = results.filter((r) => won(lesson.claim, r)).length;
      const bound = Math.ceil(n * lesson.winRate - 3 * Math.sqrt(n * lesson.winRate * (1 - lesson.winRate)));
      t.diagnostic(`${name}: A won ${wins} of ${n} runs (bound ${bound}, measured rate ${lesson.winRate})`);
      assert.ok(
        wins >= bound,
        `${name}: A won ${wins} of ${n} runs; the lesson claims ${lesson.winRate} (bound ${bound})`,
      );
    });
  }
});

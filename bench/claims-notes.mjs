// What the numbers in docs/CLAIMS.md show, in words: written after reading the
// full run of bench/claims.mjs of 2026-12-03 (module in /tmp/claims-core).
// If the core or the search changes, reread the tables and rewrite these.
// summary: one line under the table of defaults; text: under the dataset's heading.
export const NOTES = {
  findings: [
    '**What this shows, in short.**',
    '',
    "- **The page's current default settings (60 points, noise 0.5, rate 0.5, Adam 0.01) do not carry the claim on any " +
      'dataset**: "loss win & acc ≥" at their best length is 63% (circle), 45% (xor), 88% (gaussians, by near-ties), ' +
      '53% (spiral, both twins at chance), 57% (moons), 65% (blobs3); on the regressions dropout 0.5 loses ' +
      '(sine 8%, plane 38%: A underfits).',
    '- **The claim needs small, noisy data** (20–40 points, noise 0.75–0.95) or, for the regressions, a low rate (0.2). ' +
      'With more points the plain twin no longer overfits enough to lose.',
    '- **A seed set of 20 datasets pins a win rate to about ±10 points**, and the search picks the luckiest of many ' +
      'settings: every default lost 5–25 points from the main seeds to the fresh ones (moons 90% → 65%, spiral 92% → 70%), ' +
      'except blobs3\'s earlier choice, which gained (80% → 98%). Read the "both seed sets" column (100 runs, 40 datasets) as ' +
      'the estimate. Only circle (87%) and plane (90%) clear 80% there at a lesson length; moons reaches 80%, spiral 83% ' +
      'but only at 5,000 steps.',
    '- **The accuracy claim outlasts the loss claim.** On circle, moons and spiral, A keeps the higher (or equal) ' +
      'accuracy at 3× and 10× the lesson while its loss win decays (circle: 95% → 77% → 68% on the main seeds, ' +
      '90% → 68% → 45% on fresh ones), because A becomes confidently wrong on a few validation points (1.0 → 2.5 per ' +
      'run) — the effect in FINDINGS-claims.md. The average of 64 thinned networks (MC-A) beats B in 90–100% of runs ' +
      'on circle, xor, spiral and moons at every length measured, with far fewer confidently wrong points.',
    '- **Losses of ~0 make the target meaningless** on nearly separable data (gaussians or blobs3 at low noise): both twins ' +
      'classify every validation point, A "wins" with 2e-6 against 6e-6. The "clear loss win" column (10% and 0.01 ' +
      'lower) separates these.',
  ].join('\n'),
  circle: {
    summary:
      'meets the target: 30 points, noise 0.25, rate 0.6, 500 steps (87% over 100 runs). A is also more accurate ' +
      '(0.77 vs 0.68) and B overfits within ~70 steps.',
    text:
      'B reaches its best validation loss at step ~70 and then becomes confidently wrong (its mean loss rises to 5.7); ' +
      'A is still fitting (training loss 0.05 at 500 steps) and overtakes B on accuracy between 300 and 500 steps: ' +
      'before 500 steps A is *less* accurate on about 30% of seeds, which is why the lesson should run 500 steps, not 200. ' +
      'Noise 0.25 is still visible (a ring with a few points across it); with 15 training points the plain network ' +
      'draws islands around single points. At 60 points (the page default) A wins on loss at 300–500 steps in 80% but ' +
      'is less accurate until ~800 steps, so "both" stays at 63%.',
  },
  xor: {
    summary:
      'does not meet it (76% of 100): A wins the loss in 93–100% of runs, but the twins are about equally accurate ' +
      '(0.90 vs 0.89), so "acc ≥" fails in a fifth of the runs.',
    text:
      "XOR needs many points (120) and heavy noise (0.75) before B overfits at all; then A's loss win is nearly " +
      'certain (100% main, 93% fresh, by a factor 2) but accuracy is a coin toss between two boundaries that both follow ' +
      'the quadrants (strict accuracy win 60% main, 30% fresh). Honest text for the page: "dropout keeps the ' +
      'confidence in check (lower validation loss); on this data both networks find the quadrants, so accuracy is ' +
      'about the same."',
  },
  gaussians: {
    summary:
      'does not meet it in any meaningful way: where the classes overlap (noise 0.6) 67% of 100; where they do not, ' +
      'both twins are perfect and A "wins" by losses of ~0 (98% main, 85% fresh).',
    text:
      'Two Gaussians are separated by a line; a 64×64 network with or without dropout finds it (accuracy 0.96–1.00), so ' +
      'there is little overfitting to prevent. The target is met only on nearly separable data, where both validation ' +
      'losses are ~0 and the "win" is invisible (the nearly separable rows below: 98% / 85%, but a clear loss win in ' +
      'only 25% / 13%). Honest text for ' +
      'the page: "both networks fit this data; dropout has nothing to prevent here."',
  },
  spiral: {
    summary:
      'only with 120 points, low noise (0.15), rate 0.1 and 5,000 steps (20–40 s at normal speed): 92% main, 70% fresh ' +
      '(83% of 100). Within 1,000 steps neither twin learns the spiral.',
    text:
      "With few points (the page default, or anything ≤ 80) both twins stay near chance (accuracy ≈ 0.5) and A's " +
      '"win" is B being confidently wrong about noise: no lesson. With 120–160 points both need 2,000–5,000 steps to ' +
      'learn the arms (best accuracy of A in 200–1,000 steps: 0.73). At 5,000 steps A is clearly more accurate ' +
      '(0.83 vs 0.75; strict accuracy win 95% main, 88% fresh); the loss win is the weaker half (93% main, 73% fresh). ' +
      'Only low rates work: the spiral needs capacity. The same setting meets the target at 2,000 steps too (85% on ' +
      'the main seeds; not checked on fresh seeds), a shorter lesson if 5,000 is too long. The search is sensitive ' +
      'here: ranking the shortest length that meets the target first led it to 160 points and 83% main instead.',
  },
  moons: {
    summary:
      'borderline: 40 points, noise 0.75, rate 0.7, Adam 0.003, 800 steps: 90% main, 65% fresh (80% of 100); the loss ' +
      'win holds (90–100%), the accuracy half is what varies.',
    text:
      'Like circle, B overfits early (best validation loss at ~80 steps) and A wins the loss in 90–100% of runs; the ' +
      'accuracies are close (0.77 vs 0.73 main, 0.79 vs 0.77 fresh), so "acc ≥" is 90% on the main seeds and 73% on ' +
      'fresh ones. A lower learning rate (0.003) stretches the window in which A has fitted but not yet become ' +
      "overconfident. Past 3× the length, A's loss win collapses (10×: 40% / 35%).",
  },
  blobs3: {
    summary:
      "does not meet it reliably: 30 points, noise 0.85, rate 0.8, 500 steps: 78% main, 73% fresh; an earlier search's " +
      'choice (80 points, noise 0.75, rate 0.7, Adam 0.003, 500 steps) had 80% main and 98% fresh.',
    text:
      "Three blobs are close to separable except where they touch; A's accuracy is ≥ B's in ~90% of runs, the loss win " +
      "is the fragile half (80–83%, and not always on the same runs). The search's ranking moved between versions from the 80-point setting to the " +
      "30-point one on a few seeds' difference; the 80-point setting (table below) is the better default by the pooled " +
      'numbers (87% of 100 runs), but its fresh-seed result was known when it was added here, so it is not a blind ' +
      'check.',
  },
  sine: {
    summary:
      'borderline: only with 20 points, heavy noise (0.95) and rate 0.2: 82% main, 75% fresh (79% of 100). At rate 0.5 ' +
      'dropout loses (8%).',
    text:
      'In regression, dropout at 0.5 makes the fitted curve too flat (training loss 0.44 vs 0.22, validation 0.50 vs ' +
      '0.33 on the page default at 300 steps). The claim appears only when the plain network can chase noise: few points, noise ' +
      "near 1, a low rate. Even then the clear win is 55–68%: much of it is B's occasional wild curve (mean " +
      'validation loss 4.2, median 1.9). The Monte-Carlo average is no better than weight scaling here (MC-A < A in ' +
      '30–47%): the confident-wrongness effect is a classification effect.',
  },
  plane: {
    summary: 'meets the target: 20 points, noise 0.15, rate 0.2, 300 steps (90% of 100; 97% main, 80% fresh).',
    text:
      'A plane is one linear function; 10 training points let the plain 64×64 network bend it (validation loss 0.59 vs ' +
      '0.10 for A). The win holds at 3× and 10× (80–97%): here dropout keeps the fit nearly linear for good. At rate 0.5 ' +
      '(the page default) A underfits and loses (38%).',
  },
  runtime:
    'Developing the search (two earlier versions of the ranking, and a look at the spiral with more points) took ' +
    'about another 50 min of compute; the runs they share with this report are the same runs (deterministic, cached).',
  keep: [
    'Circle, moons, blobs3 and xor lose the claim when trained on ("loss win & acc ≥" at 10×: 28–67% main, 33–45% ' +
      'fresh), mostly while ' +
      "A's accuracy stays ahead or equal: A's weight-scaled network collects confidently wrong points (circle: 1.0 at " +
      '500 steps, 2.5 at 5,000). MC-A keeps beating B (78–100%). Plane keeps its win (80–97%); spiral keeps its accuracy ' +
      'win (83–98%) while its loss win drops to 50% on fresh seeds at 50,000 steps.',
  ].join('\n'),
};

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
      'settings: every default of the search lost 5–25 points from the main seeds to its fresh ones (moons 90% → 65%, ' +
      'spiral 92% → 70%), and a second fresh set (data seeds 201–220) moved them again (circle 83% → 68%, spiral ' +
      '70% → 93%). Read the "all seed sets" column (140 runs, 60 datasets) as the estimate and the fresh columns as ' +
      'the blind check.',
    '- **A larger validation set (0.8: 4 held-out points per training point) is a modest, honest lever**: with the ' +
      'same training set it lifts the rate on the 80 fresh runs by 8–13 points on six datasets (all eight together: ' +
      '74% → 79%), and with a small retune it brings xor, gaussians, moons, sine and plane to 81–99% of 140 runs at ' +
      '800–1,200 steps (spiral 92%, at 5,000). It does not rescue circle or blobs3, whose rates at 0.5 rested on ' +
      'accuracy ties (section "Larger validation sets").',
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
      "the search's default stays, borderline: 30 points (val 0.5: 15 training / 15 validation), noise 0.25, rate 0.6, " +
      '500 steps: 81% of 140 runs (90% main; 83% and 68% on the two fresh sets). A larger validation set makes it ' +
      'worse (64–69%): the accuracy ties that counted as "acc ≥" go.',
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
      'new, just: 300 points at val 0.8 (60 training / 240 validation), noise 0.85, rate 0.3, 800 steps: 81% of ' +
      '140 (78% on each fresh set). The loss win is nearly certain (93–98%); A is more accurate in 68–80% of runs, ' +
      "by 2 points (0.89 vs 0.87). The search's default (120 points at val 0.5): 72%.",
    text:
      "XOR needs many points (120) and heavy noise (0.75) before B overfits at all; then A's loss win is nearly " +
      'certain (100% main, 93% fresh, by a factor 2) but accuracy is a coin toss between two boundaries that both follow ' +
      'the quadrants (strict accuracy win 60% main, 30% fresh). Honest text for the page: "dropout keeps the ' +
      'confidence in check (lower validation loss); on this data both networks find the quadrants, so accuracy is ' +
      'about the same."',
  },
  gaussians: {
    summary:
      'new: 200 points at val 0.8 (40 / 160), noise 0.7, rate 0.8, Adam 0.003, 1,200 steps: 86% of 140 (80% on ' +
      "each fresh set). A's loss is lower in 88–98% of runs; its accuracy is as high in 85–95%, but higher in only " +
      "about half, by 1.6 points (0.962 vs 0.946). The search's default (val 0.5): 66%.",
    text:
      'Two Gaussians are separated by a line; a 64×64 network with or without dropout finds it (accuracy 0.96–1.00), so ' +
      'there is little overfitting to prevent. The target is met only on nearly separable data, where both validation ' +
      'losses are ~0 and the "win" is invisible (the nearly separable rows below: 98% / 85%, but a clear loss win in ' +
      'only 25% / 13%). Honest text for ' +
      'the page: "both networks fit this data; dropout has nothing to prevent here."',
  },
  spiral: {
    summary:
      'new: 300 points at val 0.8 (60 / 240), noise 0.05, rate 0.1, still 5,000 steps (20–40 s at normal speed): ' +
      "92% of 140, 90–93% on every seed set, A more accurate in 98–100% of runs (0.84 vs 0.75). The search's " +
      'default (120 points at val 0.5): 86%, with 70% on one fresh set.',
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
      'new: 100 points at val 0.8 (20 / 80), noise 0.65, rate 0.8, Adam 0.003, 1,200 steps: 86% of 140 (78% and ' +
      '85% on the fresh sets); the loss win is 100% on every set, A more accurate in 63–80% (0.81 vs 0.75). The ' +
      "search's default (40 points at val 0.5): 81%.",
    text:
      'Like circle, B overfits early (best validation loss at ~80 steps) and A wins the loss in 90–100% of runs; the ' +
      'accuracies are close (0.77 vs 0.73 main, 0.79 vs 0.77 fresh), so "acc ≥" is 90% on the main seeds and 73% on ' +
      'fresh ones. A lower learning rate (0.003) stretches the window in which A has fitted but not yet become ' +
      "overconfident. Past 3× the length, A's loss win collapses (10×: 40% / 35%).",
  },
  blobs3: {
    summary:
      "does not meet it: the search's default (30 points at val 0.5, noise 0.85, rate 0.8, 500 steps) 76% of " +
      "140; at val 0.7–0.8 74–76%. The earlier search's choice (80 points, noise 0.75, rate 0.7, Adam 0.003), 98% on " +
      'the seeds seen when it was added, reaches 70% on seeds nobody had seen.',
    text:
      "Three blobs are close to separable except where they touch; A's accuracy is ≥ B's in ~90% of runs, the loss win " +
      "is the fragile half (80–83%, and not always on the same runs). The search's ranking moved between versions from the 80-point setting to the " +
      "30-point one on a few seeds' difference; the 80-point setting (table below) is the better default by the pooled " +
      'numbers (87% of 100 runs), but its fresh-seed result was known when it was added here, so it is not a blind ' +
      'check.',
  },
  sine: {
    summary:
      'new: 50 points at val 0.8 (10 / 40), noise 0.95, rate 0.3, Adam 0.003, 1,200 steps: 88% of 140 (90% and ' +
      "83% on the fresh sets; a clear win in 68–77%). The search's default (20 points at val 0.5): 79%.",
    text:
      'In regression, dropout at 0.5 makes the fitted curve too flat (training loss 0.44 vs 0.22, validation 0.50 vs ' +
      '0.33 on the page default at 300 steps). The claim appears only when the plain network can chase noise: few points, noise ' +
      "near 1, a low rate. Even then the clear win is 55–68%: much of it is B's occasional wild curve (mean " +
      'validation loss 4.2, median 1.9). The Monte-Carlo average is no better than weight scaling here (MC-A < A in ' +
      '30–47%): the confident-wrongness effect is a classification effect.',
  },
  plane: {
    summary:
      "new: 50 points at val 0.8 (10 / 40), noise 0.05, rate 0.1, 1,200 steps: 99% of 140. The search's " +
      'default (20 points at val 0.5, noise 0.15, rate 0.2, 300 steps) meets it too (89%).',
    text:
      'A plane is one linear function; 10 training points let the plain 64×64 network bend it (validation loss 0.59 vs ' +
      '0.10 for A). The win holds at 3× and 10× (80–97%): here dropout keeps the fit nearly linear for good. At rate 0.5 ' +
      '(the page default) A underfits and loses (38%).',
  },
  // The section "Larger validation sets" (bench/claims-val.mjs): intro, then a note per dataset.
  val: {
    intro: [
      '**Question.** Every setting above holds half the points out, so with 20–60 points a run judges the twins on ' +
        '10–30 validation points: one point is 3–10% of accuracy, and accuracies tie or flip on a point. The training ' +
        "set's size is what drives overfitting; the validation set's size only how precisely a run measures it. So: " +
        "with the same small training set and more held-out points (val 0.7 or 0.8, on the page's slider), does the " +
        'claim hold more robustly?',
      '',
      '**What this shows, in short.**',
      '',
      '- **The fraction alone** (same settings, same length, about the same training count; the 80 fresh runs, on ' +
        'which nothing was chosen), val 0.5 → 0.8: spiral 81% → 90%, plane 83% → 93%, sine 76% → 86%, moons 74% → 84%, ' +
        'gaussians 60% → 73%, xor 68% → 76%; but circle 75% → 65% and blobs3 74% → 66%. All eight together: 74% → 79%. ' +
        "One dataset's difference has a standard error of about 7 points; the direction is the same on six of eight.",
      "- **Why both ways.** A larger validation set brings each run's comparison closer to the twins' expected " +
        'validation error. The loss win firms up (pooled 100 runs, 0.5 → 0.8: gaussians 69% → 90%, blobs3 81% → 90%, ' +
        "sine 80% → 84%). Accuracy ties go: A and B tie on 33% of circle's runs with 15 validation points and on 9% " +
        'with 64 (gaussians 59% → 37%, moons 29% → 11%, blobs3 36% → 14%), and a tie counted as "acc ≥". Where A is ' +
        'really more accurate the strict win takes over (moons 58% → 78%, xor 53% → 64%, spiral 94% → 98%); where its ' +
        'edge is small or uneven (circle: strict win 53–58% at 500 steps) the target falls.',
      '- **Retuned at 0.8**, the best of 19 settings per dataset (chosen on the main seeds, so its main rate is ' +
        'flattered) reaches, on the 80 fresh runs: plane 99%, spiral 91%, sine 86%, moons 81%, gaussians 80%, xor 78%; ' +
        "over all 140 runs 81–99%. These replace the search's defaults in the table at the top. Gaussians and moons need " +
        '1,200 steps (A\'s accuracy edge grows with length: moons "both" 72% at 300 steps, 92% at 1,200), spiral still 5,000.',
      '- **Wins on accuracy, or ties?** Strict accuracy win, pooled 100 runs, of the recommended settings: spiral 99%, ' +
        'moons 79%, xor 75%, gaussians 59%; circle 53% and blobs3 54% (their defaults). Mean accuracy A / B: spiral ' +
        '0.84 / 0.75, moons 0.81 / 0.75, circle 0.75 / 0.69, blobs3 0.90 / 0.82, xor 0.89 / 0.87, gaussians 0.96 / 0.95. ' +
        'So "higher accuracy" is earned on spiral and moons; on circle and blobs3 A is more accurate on average but ties ' +
        'or loses in about half the runs; on xor and gaussians the accuracies are within 2 points and the claim is the ' +
        'loss (lower in 88–100% of runs).',
    ].join('\n'),
    circle:
      'A larger validation set does not help circle: at 0.7 and 0.8 "acc ≥" falls from 86% to 66–67% (ties 33% → ' +
      '9–12%) while the loss win stays 89–97%. Its neighbours at 0.7–0.8 do better at 800–1,200 steps (68–80% on the main ' +
      'seeds, strict accuracy win 67–72%) but none reaches the target, so none was checked on fresh seeds. The ' +
      'default stays, borderline (81% of 140; 68% on the newest seeds).',
    xor:
      "The default's own 0.8 variant (same noise and rate, 500 steps) gains a little (77% of 140); a bit more noise " +
      'and a lower rate (0.85, 0.3, 800 steps) reach 81% of 140, 78% on both fresh sets: the target is met only ' +
      'just. The loss win is 87–100% on every row: the loss claim is robust, the accuracy claim is a 2-point edge.',
    gaussians:
      'The larger set mainly firms up the loss win (69% → 90–94%); at noise 0.7 the classes overlap more, which gives ' +
      "the plain twin something to overfit. A's accuracy is ≥ B's in 93% of runs but higher in 59%, by 1.6 points.",
    spiral:
      "The search's default already did well on the newest seeds (93%); its weak spot was the search's fresh seeds " +
      '(70%). At 0.8 it reaches 88–93% on every set, and with noise 0.05 92% of 140. The accuracy win is the firm ' +
      'half here (98–100%). Still 5,000 steps: within 1,200 steps neither twin learns the arms.',
    moons:
      "The default's own 0.8 variant (800 steps) is as good as the retuned one (85% vs 86% of 140, fresh sets " +
      '75% / 93% vs 78% / 85%); either is a fair default. The loss win is 100% at 0.8; the accuracy edge is real ' +
      '(strict win 78–79%, +5–6 points).',
    blobs3:
      'No lever here: 74–77% at every fraction. The loss win improves at 0.8 (90%) but "acc ≥" drops as ties go ' +
      "(90% → 83%). The earlier search's choice (40 training points) was checked on the newest seeds: 70%, against 98% " +
      'on the seeds it was picked with. The neighbours at 300 steps look better on the main seeds (82–87%) by the ' +
      'same margins that did not survive elsewhere.',
    sine:
      'Regression has no ties; a larger set simply averages the squared error over more points, and the loss win ' +
      "rises (0.5: 80%, 0.8: 84%; rate 0.3 and 1,200 steps: 87% of 100, 88% of 140). The clear win is 68–77%: B's " +
      'occasional wild curve still carries much of it.',
    plane:
      'Already met at 0.5; at 0.8 every row is 90–100%. The recommended setting is nearly noise-free (0.05): 10 ' +
      'training points still let the plain network bend the plane (validation loss 0.58 vs 0.05). It also reaches 93% ' +
      'at 300 steps on the main seeds.',
  },
  runtime:
    'Developing the search (two earlier versions of the ranking, and a look at the spiral with more points) took ' +
    'about another 50 min of compute; the runs they share with this report are the same runs (deterministic, cached). ' +
    'The validation-set study added about 10,000 runs (about 30 min wall on a shared, loaded machine, 2026-12-03).',
  keep: [
    'Circle, moons, blobs3 and xor lose the claim when trained on ("loss win & acc ≥" at 10×: 28–67% main, 33–45% ' +
      'fresh), mostly while ' +
      "A's accuracy stays ahead or equal: A's weight-scaled network collects confidently wrong points (circle: 1.0 at " +
      '500 steps, 2.5 at 5,000). MC-A keeps beating B (78–100%). Plane keeps its win (80–97%); spiral keeps its accuracy ' +
      'win (83–98%) while its loss win drops to 50% on fresh seeds at 50,000 steps.',
  ].join('\n'),
};

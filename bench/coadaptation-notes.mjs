// What the numbers of bench/coadaptation.mjs show, in words: written after
// reading its run on data seeds 601-620 (and checked on 621-640), so that the
// page's text follows the measurement. Rerun the bench before changing a number.

export const NOTES = {
  question:
    '**Question** (issue 8 §4). The lesson says dropout "prevents co-adaptation": without it, units come to rely on ' +
    'each other, so the network depends on particular units; with it, no unit can count on another being there. ' +
    'Measured directly: silence one hidden unit of a trained twin at inference (its activation set to 0, exactly ' +
    "the network without that unit's outgoing weights: `unitAblation`), note how much the loss rises, and do this for " +
    'every unit. Does twin A (dropout) depend less on single units than twin B (no dropout)?',
  method:
    "**Method.** Every dataset's lesson exactly as the page loads it (`defaultsFor`, `datasetSpec`, `twinSpecs` of " +
    "`web/settings.js`, `networkConfig` of `web/worker-twin.js`: 64×64 ReLU, the lesson's rate on twin A, none on B, " +
    "the same network seed 1, so the same initial weights and batches), trained to the lesson's length (`stop`), on 20 " +
    'data seeds the page does not use (601–620). Per twin: for each of the 128 hidden units, the validation loss with ' +
    'that unit silenced minus the loss of the whole network (the "increase"; negative when silencing it helps). ' +
    "Summaries per twin and run: the largest increase; the same divided by the twin's loss; the share of units that " +
    'move the loss by more than 0.01 either way; the share of the total positive increase carried by the top 5 units ' +
    '(and the top 10 %); the mean absolute change; for classification, the largest drop in validation accuracy from ' +
    'silencing one unit (`setSilenced` + `evaluate`). "A < B" counts the runs in which A\'s value is the lower. The ' +
    'same on the training set, and the sparsity of the hidden activations on the validation inputs (`activationStats`).',
  shows: [
    "- **Yes, on every dataset: A's loss depends far less on any single unit.** The largest increase from silencing " +
      'one unit is lower for A in 20 of 20 runs on seven datasets and 19 of 20 on blobs3; medians A / B from 0.006 / ' +
      "0.040 (gaussians) to 0.076 / 3.42 (sine), B's 3.9–74 times A's. On a second block of seeds (621–640) the same " +
      'holds in 20 of 20 runs on seven datasets and 16 of 20 on blobs3. It holds at low rates too (spiral and plane ' +
      'at 0.1: 7.7× and 74×).',
    '- **The measure used: the largest increase of the validation loss** ("how much can one unit cost?"), because it ' +
      "is the lesson's question and it survives the two ways it could mislead. B is more confident, so any change " +
      "moves its loss more: divided by each twin's own loss, A is still lower in 16–20 of 20 runs (15–20 on seeds " +
      '621–640). And the loss is not the only yardstick: the largest drop in validation *accuracy*, which does not ' +
      'grow with confidence, is smaller for A in 14–20 of 20 runs on five classification datasets (the rest mostly ' +
      "ties; A's median drop is 0 on circle and gaussians: in at least half of the runs no single unit's removal " +
      'costs A a validation point). On blobs3 (15 validation points) silencing one unit rarely changes a prediction of either twin: ' +
      '9 runs lower for A, 10 ties, 1 higher. The share of units that move the loss by more than 0.01 separates the ' +
      "twins as well (16–20 of 20; median 2–57 % of A's units, 37–79 % of B's), but its threshold means different " +
      'things for cross-entropy and squared error.',
    '- **Not "a few units matter a lot and the rest little".** The top 5 units carry about the same share of the ' +
      "total increase in both twins (medians 35–51 % for A, 38–51 % for B; A's share lower in only 5–15 of 20 runs, " +
      "and A's median share higher on circle, gaussians, blobs3 and sine). B depends on *many* units strongly, not on a few: what dropout removes is " +
      'the dependence on each one.',
    "- **Silencing one of B's units often lowers its validation loss**: by more than 0.01 for 11–51 % of its units " +
      "(mean per dataset), against 3–34 % of A's: a sign that some of the plain twin's units fit the noise of its few " +
      "training points. The page's bar chart will show bars below zero for both twins, more for B.",
    '- **What this does and does not show.** Dropout trains A on thinned networks, with a share of its units removed ' +
      'at every step (10–80 % of them, by lesson), so a network that does not mind losing one unit is, in part, what ' +
      'dropout asks for by construction; that *is* the practical meaning of "units cannot rely on particular others". ' +
      "It does not show that each of A's units learned a feature useful on its own (Hinton et al. 2012); the probe " +
      'measures the consequence, not the mechanism.',
    "- **On the page's own data seeds** (`--seeds page`, one run per lesson) every dataset shows it: largest increase " +
      'A / B circle 0.084 / 1.53, xor 0.062 / 1.29, gaussians 0.007 / 0.105, spiral 0.33 / 0.70, moons 0.008 / 0.83, ' +
      'blobs3 0.017 / 1.81, sine 0.040 / 5.28, plane 0.042 / 3.27.',
  ].join('\n'),
  headline:
    'Each cell: median of A / median of B (in how many runs A < B). "B / A": the median over runs of the ratio of the ' +
    'largest increases. "Largest accuracy drop": (runs with A < B, ties).',
  train:
    "On the training set B's loss is about 0 (it has memorised its points), so the ratio to the loss is left out. " +
    'Here the picture is the lesson\'s "a few units matter": B\'s training loss depends on a few units (top 5 carry ' +
    '43–81 %, A < B in 13–20 of 20) and, on the classification datasets, only 1–16 % of its units change it by more ' +
    'than 0.01; its largest increase is the ' +
    'higher in 16–20 of 20 runs on six datasets, but not on gaussians and blobs3 (A lower in 9 of 20), where both ' +
    'twins fit their training points with room to spare.',
  direction:
    'Silencing a unit moves the validation loss both ways: "up" is a unit the twin needs, "down" a unit whose removal ' +
    'helps on held-out data.',
  sparsity: [
    "A's hidden activations are sparser, as in the paper's Fig. 8: more near-zero activations in 20 of 20 runs on " +
      'seven datasets (14 of 20 on gaussians, 52 % vs 51 %). Part of it on spiral, sine and plane is dead units ' +
      "(ReLUs that never fire on the validation inputs: 19–29 % of A's units against 11 % of B's); counting only " +
      'units that fire, A is still sparser in 20 of 20 runs on seven datasets and in 16 of 20 on plane, where the ' +
      'difference is small (55 % vs 53 %). The mean activation is lower for A on six datasets (17–20 of 20 runs; 14 of ' +
      '20 on blobs3) but **higher on gaussians** (2.49 vs 2.18, lower in only 5 of 20): there the claim of a lower ' +
      'mean activation fails, while the near-zero fraction among live units still rises (52 % vs 47 %, 20 of 20).',
  ].join('\n'),
};

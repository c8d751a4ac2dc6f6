// The settings of "Where dropout applies" and what the page may say about them.
// Every claim here was measured over seeds before it was written (docs/CLAIMS.md,
// "Convolutional networks" and "Recurrent networks"); tests/js/families-claims.test.mjs
// checks each again on other seeds. "rate" is the probability of dropping.

export const FAMILY_PRESETS = Object.freeze({
  cnn: Object.freeze({
    title: 'Convolutional network on tiny images',
    about:
      'A small convolutional network (8 filters of 3×3, 2×2 max-pooling, 32 dense units) learns to tell four ' +
      'glyphs (plus, cross, square, circle) from 40 training images of 12×12 pixels, and is scored on 400 others. ' +
      'Dropout acts on its feature maps: element-wise drops single activations, spatial (Keras SpatialDropout2D, ' +
      'PyTorch Dropout2d) drops whole maps.',
    // Seed 3 follows the majority of the measured runs (seeds 1 and 2 are exceptions).
    data: { side: 12, classes: 4, train: 40, validation: 400, noise: 0.1, seed: 3 },
    network: { classes: 4, filters: 8, hidden: 32, learningRate: 0.005, batchSize: 16, seed: 3 },
    rate: 0.5,
    rateLabel: 'Dropout rate on the feature maps',
    steps: 1000,
    mcPasses: 32,
    claim:
      'Measured over 40 runs (two sets of 20 seeds) at rate 0.5 and 1,000 steps: spatial dropout makes the network ' +
      'that runs at inference worse on the validation images, not better. Its validation loss is higher than without ' +
      'dropout in 18 and 20 of 20 runs (0.995 vs 0.674; 0.780 vs 0.496) and higher than element-wise dropout’s in 19 ' +
      'and 19 of 20, although neighbouring activations are correlated, the lesson’s reason for dropping whole maps. ' +
      'Yet spatial dropout does regularise: the average of 32 thinned networks has a lower loss than no dropout in ' +
      '19 and 18 of 20 (0.463; 0.374; and in 7 of 10 further runs of our tests). With 8 maps, a rate of 0.5 hides about 4 of the 8 maps the dense layer reads, ' +
      'so the one network with every map, scaled, is over-confident where its thinned networks disagree. ' +
      'Element-wise dropout lowers the loss a little, usually (14 and 14 of 20); neither changes the accuracy much ' +
      '(within 0.025).',
    // What tests/js/families-claims.test.mjs checks on fresh seeds, with the measured rates.
    checks: [
      { what: 'spatial’s loss is higher than no dropout’s', measured: [38, 40] },
      { what: 'spatial’s loss is higher than element-wise’s', measured: [38, 40] },
      { what: 'the average of spatial’s thinned networks beats no dropout', measured: [37, 40] },
    ],
  }),
  rnn: Object.freeze({
    title: 'Recurrent network on sequences',
    about:
      'An LSTM with 16 units reads sequences of 32 noisy steps and says whether a short pattern is hidden in them; ' +
      'it learns from 32 training sequences and is scored on 32 others. Dropout acts on its recurrent state, the ' +
      'memory it carries from step to step: naive dropout draws a new mask at every time step, variational dropout ' +
      '(Gal and Ghahramani; Keras recurrent_dropout) one mask per sequence.',
    data: { name: 'pattern', sequences: 64, steps: 32, noise: 0.6, validation: 0.5, seed: 3 },
    network: { cell: 'lstm', units: 16, head: 'many-to-one', learningRate: 0.01, seed: 3 },
    rate: 0.25,
    rateLabel: 'Dropout rate on the recurrent state',
    steps: 1000,
    claim:
      'Measured over 40 runs (two sets of 20 seeds) at rate 0.25 and 1,000 steps: without dropout the LSTM memorises ' +
      'its training sequences (validation loss 1.66 and 1.58). Dropout on the recurrent state lowers the validation ' +
      'loss with one mask per sequence in 19 and 19 of 20 runs (0.36), and with a new mask each step in 19 and 20 of ' +
      '20 (0.40; 0.29); accuracy rises from 0.76 to 0.93. The lesson says a new mask at every step disrupts the ' +
      'network’s memory and one mask per sequence does not: on this task the two end up alike (one mask per sequence ' +
      'has the lower loss in only 13 and 9 of 20 runs). Input dropout is off: with one input per step, a mask per ' +
      'sequence would blank whole sequences.',
    checks: [
      { what: 'variational dropout’s loss is lower than no dropout’s', measured: [38, 40] },
      { what: 'naive dropout’s loss is lower than no dropout’s', measured: [39, 40] },
    ],
  }),
  sines: Object.freeze({
    title: 'Recurrent network continuing a curve',
    about:
      'The same LSTM of 16 units reads a noisy sum of two sines, 32 steps long, and at every step predicts the ' +
      'next value (regression, many-to-many); it learns from 32 training sequences and is scored on 32 others by ' +
      'its mean squared error. Dropout acts on its recurrent state, as in the pattern tab.',
    data: { name: 'sines', sequences: 64, steps: 32, noise: 0.2, validation: 0.5, seed: 3 },
    network: { cell: 'lstm', units: 16, head: 'many-to-many', learningRate: 0.01, seed: 3 },
    rate: 0.25,
    rateLabel: 'Dropout rate on the recurrent state',
    steps: 1000,
    claim:
      'Measured over 40 runs (two sets of 20 seeds) at rate 0.25 and 1,000 steps: without dropout the LSTM learns ' +
      'the noise of its training sequences: its training error falls to 0.033 while its validation error climbs to ' +
      '0.20 and 0.18 (0.39 and 0.32 at 2,000 steps; the noise alone costs 0.04). Dropout on the recurrent state, ' +
      'naive or variational, keeps the validation error at 0.07, lower than without dropout in 40 of 40 runs each, ' +
      'with a training error close to it (0.05): a smaller gap. One mask per sequence ends lower than a new mask ' +
      'each step in 29 of 40 runs, by 0.001: here too the two end up alike.',
    checks: [
      { what: 'variational dropout’s loss is lower than no dropout’s', measured: [40, 40] },
      { what: 'naive dropout’s loss is lower than no dropout’s', measured: [40, 40] },
    ],
  }),
});

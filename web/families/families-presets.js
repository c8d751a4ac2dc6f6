// The settings of "Where dropout applies" and what the page may say about them.
// Every claim here was measured over seeds before it was written (docs/CLAIMS.md,
// "Convolutional networks" and "Recurrent networks"; tests/js/families-lab.test.mjs
// checks the claims again on the presets). "rate" is the probability of dropping.

export const FAMILY_PRESETS = Object.freeze({
  cnn: Object.freeze({
    title: 'Convolutional network on tiny images',
    about:
      'A small convolutional network (8 filters of 3×3, 2×2 max-pooling, 32 dense units) learns to tell four glyphs ' +
      '(plus, cross, square, circle) from 40 training images of 12×12 pixels. Dropout acts on its feature maps: ' +
      'element-wise drops single activations, spatial (Keras SpatialDropout2D) drops whole maps.',
    claim: 'Not measured yet.',
    data: { side: 12, classes: 4, train: 40, validation: 200, noise: 0.1, seed: 1 },
    network: { classes: 4, filters: 8, hidden: 32, learningRate: 0.005, batchSize: 16, seed: 1 },
    rate: 0.2,
    steps: 600,
  }),
  rnn: Object.freeze({
    title: 'Recurrent network on sequences',
    about:
      'An LSTM with 16 units reads sequences of 32 noisy steps and says whether a short pattern is hidden in them, ' +
      'from 32 training sequences. Dropout acts on its inputs and on its recurrent state: naive dropout draws a new ' +
      'mask at every time step, variational dropout (Gal and Ghahramani; Keras recurrent_dropout) one per sequence.',
    claim: 'Not measured yet.',
    data: { name: 'pattern', sequences: 64, steps: 32, noise: 0.2, seed: 1 },
    network: { cell: 'lstm', units: 16, head: 'many-to-one', learningRate: 0.01, seed: 1 },
    rate: 0.25,
    steps: 400,
  }),
});

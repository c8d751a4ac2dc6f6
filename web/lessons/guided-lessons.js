// The guided lessons: the dropout lesson in its own order, one card each.
// This file holds only the words and what each card loads and checks, so a
// teacher can read and correct it; web/lessons/checks.js reads the live state
// for each `check`, and tests/js/guided-lessons.test.mjs checks that every
// preset produces what its card says.
//
//   title    the card's heading
//   text     a sentence or two of the lesson
//   preset   settings the card loads (over the circle lesson's), as a link's query
//   todo     the one thing to do
//   check    which check of checks.js confirms it (and its parameters)

export const GUIDED_LESSONS = Object.freeze([
  {
    title: 'What dropout is',
    text: 'Dropout removes hidden units at random while a network trains: each unit is dropped with probability rate. Twin A has dropout (rate 0.6), twin B none; both start from the same weights and see the same minibatches.',
    preset: 'dataset=circle&stop=500',
    todo: 'Press Step once and look at the network diagram: the crossed units were dropped for this step.',
    check: { kind: 'dropped' },
  },
  {
    title: 'Training: a new mask every step',
    text: 'Every training step draws a fresh random mask, so each step trains a slightly different thinned network.',
    preset: 'dataset=circle&stop=500',
    todo: 'Press Step three times and watch hidden layer 1 in the diagram.',
    check: { kind: 'masks-change', steps: 3 },
  },
  {
    title: 'Inference: every unit kept',
    text: 'At inference no unit is dropped. The scaling keeps each unit’s expected output as in training: with inverted dropout the kept units were scaled by 1/(1 − rate) while training, so nothing changes at inference; with the original form, outputs are scaled by (1 − rate) at inference.',
    preset: 'dataset=circle&stop=500',
    todo: 'Switch the diagram from “Training step” to “Inference”.',
    check: { kind: 'inference-view' },
  },
  {
    title: 'Less overfitting',
    text: 'On few, noisy points a network without dropout learns the noise: its training loss falls to 0 while its validation loss climbs. Dropout keeps the gap smaller.',
    preset: 'dataset=circle&stop=500',
    todo: 'Press Train and let it run to the pause at step 500.',
    check: { kind: 'overfit', step: 500 },
  },
  {
    title: 'Too high underfits',
    text: 'Rates of 0.2–0.5 are common on hidden layers. A rate too high drops so much that the network cannot fit even its training points.',
    preset: 'dataset=circle&stop=500&rate=0,0.9,0.9',
    todo: 'Press Train and let it run to step 500, with twin A at rate 0.9.',
    check: { kind: 'underfit', step: 500, trainLoss: 0.3 },
  },
  {
    title: 'Tune the rate on validation data',
    text: 'Choose the rate by watching performance on points the network never trains on, not on its training points.',
    preset: 'dataset=circle&stop=500&sweepSeeds=3',
    todo: 'Under “Which rate?” below, press “Run the sweep”.',
    check: { kind: 'sweep' },
  },
  {
    title: 'The ensemble effect',
    text: 'Dropout trains many thinned networks that share their weights; at inference one network stands in for their average.',
    preset: 'dataset=circle&stop=500',
    todo: 'Train to the pause, then under “The ensemble” press “Measure at this step”.',
    check: { kind: 'ensemble' },
  },
  {
    title: 'Less dependence on single units',
    text: 'Without dropout, units can come to rely on particular other units (co-adaptation). With dropout any unit may be missing, so none can count on another.',
    preset: 'dataset=circle&stop=500',
    todo: 'Train to the pause, then under “Co-adaptation” press “Remove each unit in turn”.',
    check: { kind: 'coadapt' },
  },
  {
    title: 'Dropout with L1, L2 and max-norm',
    text: 'Dropout is often combined with weight penalties or a max-norm limit on each unit’s weights; both twins get the same penalty here.',
    preset: 'dataset=circle&stop=500&maxNorm=1',
    todo: 'Press Train and let it run to step 500 with max-norm 1 on both twins.',
    check: { kind: 'max-norm', step: 500, validationLoss: 1.5 },
  },
  {
    title: 'Where dropout is used',
    text: 'Dropout is used in fully connected layers (as here), in convolutional networks (often spatial dropout: whole feature maps) and in recurrent networks (variational dropout: one mask per sequence, reused at every time step). Use it only in training; start at 0.2–0.5.',
    preset: 'dataset=circle&stop=500',
    todo: 'Scroll down to “Where dropout applies”, pick a tab and press its Train: three networks of that kind train side by side to step 1,000, and the panel says what was measured over 40 runs. Then come back to any card.',
    check: { kind: 'read' },
  },
  {
    title: 'The lesson’s Keras example',
    text: 'The lesson’s model, Dense(128, relu) → Dropout(0.5) → Dense(64, relu) → Dropout(0.3) → Dense(1), on 100 training rows of 20 features: four decide the class, sixteen are noise. Twin A is that model, twin B the same without its two Dropout layers. With 20 inputs there is no plane to colour: each twin shows how much its validation loss rises when one feature is blanked.',
    preset: 'dataset=tabular20&stop=500',
    todo: 'Press Train and let it run to step 500 (160 epochs); then compare the twins’ losses, accuracies and feature bars, and open “Code” for this model in Keras.',
    check: { kind: 'keras', step: 500 },
  },
]);

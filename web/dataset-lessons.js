// Each dataset's default lesson: the settings under which the twins show what
// dropout does on that data, at a stated training length, and what the page
// may claim there. Every number comes from docs/CLAIMS.md (bench/claims.mjs:
// the twins trained over 20 data seeds x 3 network seeds, then checked on
// fresh seeds); choosing a dataset loads its lesson, and a learner can still
// change everything. tests/js/dataset-lessons.test.mjs checks each claim on
// seeds the page does not use.
//
// `claim`: 'loss-and-accuracy' (A's validation loss lower and its accuracy at
// least as high in >= 80% of runs), 'loss' (the loss only: the accuracies
// tie), 'loss-regression', or 'none' (nothing to show on this data).
// `winRate`: the measured share of runs with that win over 140 runs (main and
// fresh seeds, CLAIMS.md); `note`: what the page says about the lesson.
// `settings.dataSeed`: a dataset on which the lesson shows its typical outcome
// (the claim holds for most seeds; "New data" draws others).

export const DATASET_LESSONS = Object.freeze({
  circle: {
    settings: {
      dataSeed: 1,
      points: 30,
      val: 0.5,
      noise: 0.25,
      rate: [0, 0.6, 0.6],
      lr: 0.01,
      opt: 'adam',
      layers: [64, 64],
    },
    stop: 500,
    claim: 'loss-and-accuracy',
    winRate: 0.81,
    note: 'The plain twin overfits within about 70 steps; the dropout twin keeps fitting, and by step 500 its validation loss is lower and its accuracy usually as high or higher.',
  },
  xor: {
    settings: {
      dataSeed: 1,
      points: 300,
      val: 0.8,
      noise: 0.85,
      rate: [0, 0.3, 0.3],
      lr: 0.01,
      opt: 'adam',
      layers: [64, 64],
    },
    stop: 800,
    claim: 'loss-and-accuracy',
    winRate: 0.81,
    note: '60 training points, 240 held out to measure: the dropout twin ends with the lower validation loss; both find the four quadrants, so the accuracies stay within a few points.',
  },
  gaussians: {
    settings: {
      dataSeed: 1,
      points: 200,
      val: 0.8,
      noise: 0.7,
      rate: [0, 0.8, 0.8],
      lr: 0.003,
      opt: 'adam',
      layers: [64, 64],
    },
    stop: 1200,
    claim: 'loss-and-accuracy',
    winRate: 0.86,
    note: 'Two overlapping clouds split by a line: both twins find the line (accuracies within a point or two), but the plain one grows overconfident near it and its validation loss ends higher.',
  },
  spiral: {
    settings: {
      dataSeed: 2,
      points: 300,
      val: 0.8,
      noise: 0.05,
      rate: [0, 0.1, 0.1],
      lr: 0.01,
      opt: 'adam',
      layers: [64, 64],
    },
    stop: 5000,
    claim: 'loss-and-accuracy',
    winRate: 0.92,
    note: 'The spiral takes long to learn (5,000 steps, use Fast or Turbo). A low rate, 0.1, is enough: the dropout twin follows the arms on points it never saw, and is more accurate in nearly every run.',
  },
  moons: {
    settings: {
      dataSeed: 1,
      points: 100,
      val: 0.8,
      noise: 0.65,
      rate: [0, 0.8, 0.8],
      lr: 0.003,
      opt: 'adam',
      layers: [64, 64],
    },
    stop: 1200,
    claim: 'loss-and-accuracy',
    winRate: 0.86,
    note: '20 training points, 80 held out: the plain twin bends its boundary around single points; the dropout twin keeps it smooth, with the lower validation loss and, in most runs, the higher accuracy.',
  },
  blobs3: {
    settings: {
      dataSeed: 1,
      points: 30,
      val: 0.5,
      noise: 0.85,
      rate: [0, 0.8, 0.8],
      lr: 0.01,
      opt: 'adam',
      layers: [64, 64],
    },
    stop: 500,
    claim: 'loss',
    winRate: 0.8,
    note: 'Three overlapping classes: the dropout twin usually ends with the lower validation loss; the accuracies are often close, and on this data no setting measured made dropout win both in 4 runs of 5.',
  },
  sine: {
    settings: {
      dataSeed: 1,
      points: 50,
      val: 0.8,
      noise: 0.95,
      rate: [0, 0.3, 0.3],
      lr: 0.003,
      opt: 'adam',
      layers: [64, 64],
    },
    stop: 1200,
    claim: 'loss-regression',
    winRate: 0.88,
    note: '10 noisy training points: the plain twin threads its curve through them; at rate 0.3 the dropout twin stays closer to the sine. (At 0.5 it underfits and loses.)',
  },
  plane: {
    settings: {
      dataSeed: 1,
      points: 50,
      val: 0.8,
      noise: 0.05,
      rate: [0, 0.1, 0.1],
      lr: 0.01,
      opt: 'adam',
      layers: [64, 64],
    },
    stop: 1200,
    claim: 'loss-regression',
    winRate: 0.99,
    note: '10 training points of a tilted plane: with 64 units per layer the plain twin bends it; a little dropout (0.1) keeps the fit flat.',
  },
  // The lesson's Keras example, exactly: Dense(128, relu) → Dropout(0.5) →
  // Dense(64, relu) → Dropout(0.3) → Dense(1), Adam 0.001, batch 32 (Keras's
  // defaults). bench/keras-example.mjs (docs/CLAIMS.md, "The lesson's Keras
  // example"): A's validation loss was lower in 20 of 20 runs (data seeds 1-20)
  // and 40 of 40 fresh ones; winRate is 0.95, about the lower end of a 95%
  // interval for 60 of 60. The accuracies tie (A higher in half the runs).
  // Data seed 11 shows the typical run: A's loss 0.62 vs 0.86, accuracy 74 % vs 73 %
  // (on seed 1, B's accuracy is 3 points higher; seeds 1-12 range from A 6 points
  // higher to B 3 points higher).
  tabular20: {
    settings: {
      dataSeed: 11,
      points: 200,
      val: 0.5,
      noise: 0.3,
      rate: [0, 0.5, 0.3],
      lr: 0.001,
      opt: 'adam',
      batch: 32,
      act: 'relu',
      layers: [128, 64],
    },
    stop: 500,
    claim: 'loss',
    winRate: 0.95,
    note: "The lesson's Keras model on 100 training rows of 20 features (4 decide the class, 16 are noise). By step 500 (160 epochs) the plain twin has memorised its rows (training loss near 0) and its validation loss is about 1.0; the dropout twin's is about 0.67, lower in every one of 60 runs measured. The accuracies tie (about 71 %): here dropout's gain is in the loss, the plain twin is more often confidently wrong.",
  },
});

/** The lesson of a dataset id, or undefined. */
export const lessonOf = (id) => (Object.hasOwn(DATASET_LESSONS, id) ? DATASET_LESSONS[id] : undefined);

/** The settings a dataset's lesson loads: its data, network and training settings and its length. */
export function lessonSettings(id) {
  const lesson = lessonOf(id);
  if (!lesson) return {};
  return { ...lesson.settings, stop: lesson.stop };
}

// The code of the experiment: the page's twins written as runnable Python,
// Keras or PyTorch, built and trained as the page trains them (layers,
// activations, every dropout site with its rate and kind, output and loss,
// optimiser, batch size, L1/L2, max-norm, the lesson's length), with a comment
// wherever a library has no built-in equivalent of what the page does.
// Pure: no DOM, so node tests it (tests/js/code-gen.test.mjs). This file: what both
// libraries share (the plan of the experiment, the header and the notes); the
// writers are code-keras.js and code-pytorch.js; code-gen.js gathers them.
//
// What the page computes comes from the core (docs/API.md, cpp/nn/): Gaussian
// dropout multiplies by N(1, rate / (1 - rate)) (dropout.cpp); the penalty is
// l1·Σ|w| + l2·Σw² over the weights of every dense layer, output layer
// included, biases excluded, added to the gradient before the optimiser step
// (optimizer.cpp, network.cpp apply_update); max-norm caps each unit's
// incoming weight vector after every step, output layer included; the initial
// weights are He uniform (relu, leaky_relu), LeCun uniform (selu) or Glorot
// uniform (others, and the output layer), biases 0 (network.cpp); an epoch is
// ceil(training points / batch) steps, the last one partial (network.cpp train).

import { DATASETS, SCHEMA, defaultsFor, ratesB, toQuery } from '../settings.js';

/** The setting groups that decide the networks and their training (not the view). */
export const CODE_GROUPS = new Set(['data', 'network', 'dropout', 'training']);

/** Steps written when the page trains without a stop (stop = 0). */
export const STEPS_WITHOUT_STOP = 1000;

export const TASK_WORDS = {
  binary: 'binary classification',
  multiclass: 'classification',
  regression: 'regression',
};

/**
 * The shape of a dataset as the core makes it (inputs, task, classes, outputs)
 * and its training/validation split of the seeded points, from the settings
 * alone: what `datasetInfo` holds when the page has not passed it.
 */
export function datasetInfoFor(settings) {
  const name = settings.dataset;
  const meta = DATASETS.find((d) => d.id === name) ?? DATASETS[0];
  const inputs = meta.inputs;
  const classes = meta.task === 'multiclass' ? 3 : 0;
  const outputs = meta.task === 'multiclass' ? classes : 1;
  // As datasets.cpp: lround(points · validation), validation a float32, kept within [1, points - 1].
  const points = settings.points;
  const held = Math.round(points * Math.fround(settings.val));
  const validationCount = Math.min(Math.max(held, 1), points - 1);
  return {
    name: meta.id,
    task: meta.task,
    inputs,
    classes,
    outputs,
    trainCount: points - validationCount,
    validationCount,
  };
}

/** A Python float literal (0 -> 0.0, 0.5 -> 0.5, 1e-5 -> 0.00001). */
export function pyFloat(x) {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

export const pyList = (xs) => `[${xs.map(pyFloat).join(', ')}]`;

/** The page's link for these settings, short: the dataset and what differs from its lesson (no view settings, no edits). */
export function shortQuery(settings) {
  const full = new URLSearchParams(toQuery(settings).slice(1));
  const base = new URLSearchParams(toQuery(defaultsFor(settings.dataset)).slice(1));
  const q = new URLSearchParams();
  q.set('dataset', settings.dataset);
  for (const [key, value] of full) {
    if (key === 'dataset' || key === 'edits' || !CODE_GROUPS.has(SCHEMA[key]?.group)) continue;
    if (base.get(key) !== value) q.set(key, value);
  }
  return `?${q.toString().replace(/%2C/g, ',')}`;
}

/**
 * Everything both generators write, worked out once: the data's shape, the
 * dropout sites (site 0 = the inputs, site i = after hidden layer i) with each
 * twin's rate and kind, and the training length in steps and epochs.
 */
export function experimentPlan(settings, datasetInfo) {
  const given = stripNullish(datasetInfo);
  const info = { ...datasetInfoFor(settings), ...given };
  const layers = [...settings.layers];
  const ratesA = layers.map((_, i) => settings.rate[i + 1] ?? 0);
  ratesA.unshift(settings.rate[0] ?? 0);
  const rB = ratesB(settings);
  const sites = ratesA.map((rateA, i) => ({
    index: i,
    width: i === 0 ? info.inputs : layers[i - 1],
    rateA,
    rateB: rB[i],
    // The core: alpha dropout is for SELU layers, so the inputs get the standard kind (worker-twin.js networkConfig).
    kind: i === 0 && settings.kind === 'alpha' ? 'bernoulli' : settings.kind,
  }));
  const trainCount = info.trainCount;
  const batch = Math.min(settings.batch, trainCount);
  const stepsPerEpoch = Math.ceil(trainCount / batch);
  const steps = settings.stop > 0 ? settings.stop : STEPS_WITHOUT_STOP;
  return {
    info,
    edited: settings.edits !== '' && settings.edits != null,
    countsFromPage: given.trainCount != null,
    query: shortQuery(settings),
    label: (DATASETS.find((d) => d.id === info.name) ?? DATASETS[0]).label,
    layers,
    act: settings.act,
    kind: settings.kind,
    mode: settings.mode,
    maskPer: settings.maskPer,
    sites,
    // Sites written into the model: where either twin drops something.
    used: sites.filter((s) => s.rateA > 0 || s.rateB > 0),
    ratesA,
    ratesB: rB,
    rateB: settings.rateB,
    opt: settings.opt,
    lr: settings.lr,
    momentum: settings.momentum,
    l1: settings.l1,
    l2: settings.l2,
    maxNorm: settings.maxNorm,
    seed: settings.seed,
    pageBatch: settings.batch,
    batch,
    stepsPerEpoch,
    steps,
    stopped: settings.stop > 0,
    epochs: Math.ceil(steps / stepsPerEpoch),
  };
}

export function stripNullish(o) {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v != null));
}

// ------------------------------------------------------------ shared text

export const twinBName = (plan) => `B (${plan.rateB > 0 ? `rate ${plan.rateB}` : 'no dropout'})`;

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Wraps prose into comment lines of at most `width` characters, each starting with `prefix`. */
export function comment(text, prefix = '# ', width = 96) {
  const out = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && (prefix + line + ' ' + word).length > width) {
        out.push(prefix + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push((prefix + line).trimEnd());
  }
  // A no-break space (\u00a0) keeps a formula on one line.
  return out.map((l) => l.replace(/\u00a0/g, ' '));
}

export function header(plan, library) {
  const { info } = plan;
  const counts = `${plural(info.trainCount, 'training point')} and ${plural(info.validationCount, 'validation point')}`;
  const editNote = plan.edited
    ? plan.countsFromPage
      ? ' (with the points you edited on the page; the link below leaves them out)'
      : ' (the seeded points: your edits on the page are not counted here)'
    : '';
  // The labels of the multiclass and regression sets say what they are already.
  const what = plan.label.includes('(') ? '' : `, ${TASK_WORDS[info.task]}`;
  const lines = [
    `# Dropout Playground: the two twins as ${library} code, built and trained as the page trains them.`,
    `#   Twin A: the page's dropout settings. Twin B: the same network with ${plan.rateB > 0 ? `rate ${plan.rateB} on each hidden layer` : 'no dropout'}.`,
    '#',
    `# Page settings: ${plan.query}`,
    `#   (add this to the playground's address to open the same experiment)`,
    `# Data: ${plan.label}${what}, ${plural(info.inputs, 'input')}; ${counts}${editNote}.`,
    '#',
    ...comment(
      library === 'Keras'
        ? "`rate` in Keras's dropout layers means the probability of DROPPING a unit, as on the page: for example, Dropout(0.6) keeps 40% of the units. (PyTorch's `p` means the same.)"
        : "`p` in PyTorch's dropout layers means the probability of DROPPING a unit, as on the page: for example, nn.Dropout(p=0.6) keeps 40% of the units. (Keras's `rate` means the same.)",
    ),
    '#',
    '# Where the numbers will differ from the page:',
    ...bullet(
      'The data: below is a random placeholder of the right shapes, so that the file runs from start to end. Load your own data in its place (or the points of the page).',
    ),
    ...bullet(
      `The random numbers: the initial weights are drawn the same way (${initWords(plan.act)}; biases 0), but by another generator, and so are the dropout masks and the minibatch order: the curves look alike, they are not the same numbers.`,
    ),
  ];
  return lines;
}

export function initWords(act) {
  if (act === 'relu' || act === 'leaky_relu')
    return 'He uniform for the hidden layers, Glorot uniform for the output layer';
  if (act === 'selu') return 'LeCun uniform for the hidden layers, Glorot uniform for the output layer';
  return 'Glorot uniform';
}

export const bullet = (text) => comment(`- ${text}`, '#   ').map((l, i) => (i === 0 ? l.replace('#   -', '# -') : l));

export function kerasBatchMaskNote(kinds) {
  const shared = [
    kinds.has('bernoulli') || kinds.has('dropconnect') ? 'Dropout' : '',
    kinds.has('alpha') ? 'AlphaDropout' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const parts = ['One mask per minibatch: the page draws one dropout mask for the whole minibatch.'];
  if (shared) parts.push(`Keras's noise_shape=(1, units) does the same for ${shared} (written below).`);
  if (kinds.has('dropconnect'))
    parts.push('At the DropConnect sites it shares the stand-in unit mask, not a weight mask.');
  if (kinds.has('gaussian')) parts.push('GaussianDropout has no noise_shape: it draws its noise per example here.');
  return parts.join(' ');
}

/** Notes on what has no built-in equivalent, for the dropout settings of these twins. */
export function dropoutNotes(plan, library) {
  const notes = [];
  const keras = library === 'Keras';
  const active = plan.used;
  if (active.length === 0) {
    notes.push(...bullet('Neither twin has dropout in these settings: the two twins are the same network.'));
    return notes;
  }
  const kinds = new Set(active.map((s) => s.kind));
  if (kinds.has('gaussian')) {
    notes.push(
      ...bullet(
        keras
          ? "Gaussian dropout: GaussianDropout(rate) multiplies each unit by noise from a normal distribution with mean 1 and standard deviation sqrt(rate / (1\u00a0-\u00a0rate)) during training (0.5\u00a0->\u00a01.0, 0.2\u00a0->\u00a00.5), and does nothing at inference: exactly the page's Gaussian dropout."
          : "Gaussian dropout: PyTorch has no Gaussian dropout layer, so GaussianDropout below is a small module: it multiplies each unit by noise with mean 1 and standard deviation sqrt(p\u00a0/\u00a0(1\u00a0-\u00a0p)) during training (0.5\u00a0->\u00a01.0, 0.2\u00a0->\u00a00.5), and does nothing at inference: exactly the page's Gaussian dropout (and Keras's GaussianDropout).",
      ),
    );
  }
  if (kinds.has('alpha')) {
    notes.push(
      ...bullet(
        `Alpha dropout (${keras ? 'AlphaDropout' : 'nn.AlphaDropout'}) sets dropped units to SELU's negative saturation value and rescales, so that the mean and variance stay those of SELU's outputs, as the page does. ${
          plan.act === 'selu'
            ? ''
            : `It is made for SELU layers; with ${plan.act} it still runs, but keeps no such promise. `
        }As on the page, the inputs get standard dropout, not alpha dropout.`,
      ),
    );
  }
  if (kinds.has('dropconnect')) {
    notes.push(
      ...bullet(
        keras
          ? "DropConnect: Keras has no DropConnect layer. The page drops single weights of the next layer (a fresh weight mask for each example); the nearest built-in is the Dropout written where the page's DropConnect site is, which drops whole units instead (all of a unit's outgoing weights at once). That is a different method: the twins here train with unit dropout at those sites."
          : "DropConnect: PyTorch has no DropConnect layer. DropConnectLinear below is a small module: a Linear layer that, in training, drops each weight with probability p, a fresh mask for each example (as the page does), and scales the kept weights by 1\u00a0/\u00a0(1\u00a0-\u00a0p); at inference it is the plain Linear layer. It replaces the Linear layer that follows the page's DropConnect site.",
      ),
    );
  }
  const scaled = active.some((s) => s.kind === 'bernoulli' || s.kind === 'dropconnect');
  if (plan.mode === 'original' && scaled) {
    notes.push(
      ...bullet(
        `Original (non-inverted) dropout: the page trains with x\u00a0*\u00a0mask and multiplies each unit by (1\u00a0-\u00a0rate) at inference${kinds.has('gaussian') || kinds.has('alpha') ? ' (at its standard and DropConnect sites; Gaussian and alpha dropout are the same in both modes)' : ''}. ${keras ? "Keras's" : "PyTorch's"} dropout is inverted: it trains with x\u00a0*\u00a0mask\u00a0/\u00a0(1\u00a0-\u00a0rate) and leaves inference alone, and no built-in layer does the original kind. Both give the same expected activations at inference, but not the same training run: in original mode the layer after a dropout site sees inputs (1\u00a0-\u00a0rate) times smaller, so its gradients, its L1/L2 penalty and its max-norm cap act on another scale. The code below is inverted.`,
      ),
    );
  }
  if (plan.maskPer === 'batch') {
    notes.push(
      ...bullet(
        keras
          ? kerasBatchMaskNote(kinds)
          : `One mask per minibatch: the page draws one dropout mask for the whole minibatch. PyTorch's dropout layers draw one per example and have no option to share it; a custom module would draw a mask of shape\u00a0(1,\u00a0units) and broadcast it over the batch. The code below uses a mask per example.`,
      ),
    );
  }
  if (plan.maskPer === 'epoch') {
    notes.push(
      ...bullet(
        `One mask per epoch: the page keeps one dropout mask for a whole epoch (the same thinned network for every step of the epoch). No built-in ${library} layer does that; it would need a custom layer that draws its mask at the start of each epoch (${keras ? 'from a callback' : 'from the training loop'}). The code below draws a mask per example.`,
      ),
    );
  }
  return notes;
}

export function lossNotes(plan, library) {
  const notes = [];
  if (library === 'Keras' && plan.info.task !== 'regression') {
    notes.push(
      ...bullet(
        `The loss: Keras computes the cross-entropy from the ${plan.info.task === 'binary' ? 'sigmoid' : 'softmax'}'s probabilities, clipped to [1e-7, 1 - 1e-7], so a confidently wrong point costs at most about 16; the page computes it from the logits and counts its full loss.`,
      ),
    );
  }
  if (library === 'Keras' && (plan.l1 > 0 || plan.l2 > 0)) {
    notes.push(
      ...bullet("Keras's loss and val_loss include the L1/L2 penalty; the page's chart shows the data loss alone."),
    );
  }
  if (library === 'Keras' && plan.opt === 'adam') {
    notes.push(
      ...bullet(
        "Keras's Adam adds epsilon before its bias correction, the page (and PyTorch) after; with epsilon 1e-8 that changes nothing visible.",
      ),
    );
  }
  return notes;
}

export function trainingLengthLines(plan) {
  const { info } = plan;
  const batchNote =
    plan.batch < plan.pageBatch
      ? `  # the page's batch size is ${plan.pageBatch}, never more than the ${info.trainCount} training points`
      : '';
  const stepWords = plan.stopped
    ? `The lesson pauses at step ${plan.steps}`
    : `The page trains until you pause it; here: ${plan.steps} steps`;
  const exact = plan.steps % plan.stepsPerEpoch === 0;
  return {
    batchNote,
    stepsComment: `# ${stepWords} (one step = one minibatch).`,
    epochsComment: comment(
      `One epoch is ceil(${info.trainCount} training points / batch ${plan.batch}) = ${plural(plan.stepsPerEpoch, 'step')}, so ${plan.steps} steps ${
        exact
          ? `are ${plural(plan.epochs, 'epoch')}`
          : `are ${plan.steps / plan.stepsPerEpoch > 1 ? `${Math.floor(plan.steps / plan.stepsPerEpoch)} epochs and ${plan.steps % plan.stepsPerEpoch} steps` : `less than one epoch`}: rounded up to ${plural(plan.epochs, 'epoch')}`
      }.`,
    ),
  };
}

export function placeholderComment(plan) {
  const { info } = plan;
  const inputs =
    info.inputs === 1
      ? 'x in [-3, 3]'
      : info.inputs === 2
        ? 'x1, x2 in [-6, 6]'
        : `${info.inputs} features x1 ... x${info.inputs} (about N(0, 1); x1-x4 decide the class, the rest are noise)`;
  const labels =
    info.task === 'binary'
      ? 'a label 0 or 1'
      : info.task === 'multiclass'
        ? `a class 0 to ${info.classes - 1}`
        : 'a number (the target)';
  return [
    `# The page's ${plan.label} data: each point has ${inputs} and ${labels}.`,
    '# PLACEHOLDER: random points of the right shapes, so that this file runs from start to end.',
    `# Replace them with your data (x: one row per point; y: one ${info.task === 'regression' ? 'target' : 'label'} per point).`,
  ];
}

// ------------------------------------------------------------------ Keras

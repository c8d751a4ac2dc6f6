// The code of the experiment: the page's twins written as runnable Python,
// Keras or PyTorch, built and trained as the page trains them (layers,
// activations, every dropout site with its rate and kind, output and loss,
// optimiser, batch size, L1/L2, max-norm, the lesson's length), with a comment
// wherever a library has no built-in equivalent of what the page does.
// Pure: no DOM, so node tests it (tests/js/code-gen.test.mjs).
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
const CODE_GROUPS = new Set(['data', 'network', 'dropout', 'training']);

/** Steps written when the page trains without a stop (stop = 0). */
export const STEPS_WITHOUT_STOP = 1000;

const TASK_WORDS = {
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
  const inputs = name === 'sine' ? 1 : 2;
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

const pyList = (xs) => `[${xs.map(pyFloat).join(', ')}]`;

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

function stripNullish(o) {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v != null));
}

// ------------------------------------------------------------ shared text

const twinBName = (plan) => `B (${plan.rateB > 0 ? `rate ${plan.rateB}` : 'no dropout'})`;

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Wraps prose into comment lines of at most `width` characters, each starting with `prefix`. */
function comment(text, prefix = '# ', width = 96) {
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

function header(plan, library) {
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
        ? "`rate` in Keras's dropout layers means the probability of DROPPING a unit, as on the page: Dropout(0.6) keeps 40% of the units. (PyTorch's `p` means the same.)"
        : "`p` in PyTorch's dropout layers means the probability of DROPPING a unit, as on the page: nn.Dropout(p=0.6) keeps 40% of the units. (Keras's `rate` means the same.)",
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

function initWords(act) {
  if (act === 'relu' || act === 'leaky_relu')
    return 'He uniform for the hidden layers, Glorot uniform for the output layer';
  if (act === 'selu') return 'LeCun uniform for the hidden layers, Glorot uniform for the output layer';
  return 'Glorot uniform';
}

const bullet = (text) => comment(`- ${text}`, '#   ').map((l, i) => (i === 0 ? l.replace('#   -', '# -') : l));

function kerasBatchMaskNote(kinds) {
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
function dropoutNotes(plan, library) {
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

function lossNotes(plan, library) {
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

function trainingLengthLines(plan) {
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

function placeholderComment(plan) {
  const { info } = plan;
  const inputs = info.inputs === 1 ? 'x in [-3, 3]' : 'x1, x2 in [-6, 6]';
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

const KERAS_ACT = {
  relu: "'relu'",
  leaky_relu: 'leaky_relu',
  tanh: "'tanh'",
  sigmoid: "'sigmoid'",
  linear: "'linear'",
  selu: "'selu'",
};

function kerasInit(act) {
  if (act === 'relu' || act === 'leaky_relu') return 'he_uniform';
  if (act === 'selu') return 'lecun_uniform';
  return 'glorot_uniform';
}

function kerasDropout(plan, site) {
  const cls = { bernoulli: 'Dropout', dropconnect: 'Dropout', alpha: 'AlphaDropout', gaussian: 'GaussianDropout' }[
    site.kind
  ];
  const shared = plan.maskPer === 'batch' && cls !== 'GaussianDropout' ? `, noise_shape=(1, ${site.width})` : '';
  const tag =
    site.kind === 'dropconnect'
      ? `  # DropConnect site: stand-in unit dropout (see the notes)`
      : site.index === 0
        ? '  # on the inputs'
        : '';
  return `layers.${cls}(rates[${site.index}]${shared}),${tag}`;
}

function kerasDense(units, args) {
  const one = `layers.Dense(${units}, ${args.join(', ')}),`;
  if (one.length <= 88) return [one];
  return [`layers.Dense(`, `    ${units},`, ...args.map((a) => `    ${a},`), `),`];
}

/** Runnable Keras (tf.keras) code for twin A and twin B. */
export function kerasCode(settings, datasetInfo) {
  const plan = experimentPlan(settings, datasetInfo);
  const { info } = plan;
  const regs = [];
  if (plan.l1 > 0 || plan.l2 > 0) regs.push('kernel_regularizer=PENALTY');
  if (plan.maxNorm > 0) regs.push('kernel_constraint=MAX_NORM');
  const lengths = trainingLengthLines(plan);
  const L = [];
  L.push(...header(plan, 'Keras'));
  L.push(...lossNotes(plan, 'Keras'));
  L.push('');
  L.push('import numpy as np');
  if (plan.act === 'leaky_relu') L.push('import tensorflow as tf');
  L.push('from tensorflow import keras');
  const modules = ['layers'];
  if (plan.maxNorm > 0) modules.unshift('constraints');
  if (plan.l1 > 0 || plan.l2 > 0) modules.push('regularizers');
  L.push(`from tensorflow.keras import ${modules.join(', ')}`);
  L.push('');
  L.push(`SEED = ${plan.seed}`);
  L.push("keras.utils.set_random_seed(SEED)  # repeatable runs (not the page's random numbers)");
  L.push('');
  L.push('# ---------------------------------------------------------------- the data');
  L.push(...placeholderComment(plan));
  L.push(`INPUTS = ${info.inputs}`);
  L.push(`N_TRAIN, N_VAL = ${info.trainCount}, ${info.validationCount}`);
  L.push('rng = np.random.default_rng(SEED)');
  const span = info.inputs === 1 ? 3 : 6;
  L.push(`x_train = rng.uniform(-${span}, ${span}, size=(N_TRAIN, INPUTS)).astype('float32')`);
  L.push(`x_val = rng.uniform(-${span}, ${span}, size=(N_VAL, INPUTS)).astype('float32')`);
  if (info.task === 'binary') {
    L.push("y_train = rng.integers(0, 2, size=(N_TRAIN, 1)).astype('float32')");
    L.push("y_val = rng.integers(0, 2, size=(N_VAL, 1)).astype('float32')");
  } else if (info.task === 'multiclass') {
    L.push(`CLASSES = ${info.classes}`);
    L.push('y_train = rng.integers(0, CLASSES, size=N_TRAIN)  # class indices 0, 1, 2 (not one-hot)');
    L.push('y_val = rng.integers(0, CLASSES, size=N_VAL)');
  } else {
    L.push("y_train = rng.normal(size=(N_TRAIN, 1)).astype('float32')");
    L.push("y_val = rng.normal(size=(N_VAL, 1)).astype('float32')");
  }
  L.push('');
  L.push('# ---------------------------------------------------------------- the twins');
  const notesK = dropoutNotes(plan, 'Keras');
  if (notesK.length) L.push('# Notes on the dropout:', ...notesK);
  if (plan.act === 'leaky_relu') {
    L.push('');
    L.push('');
    L.push('def leaky_relu(x):');
    L.push("    return tf.nn.leaky_relu(x, alpha=0.01)  # the page's slope, 0.01 (Keras's LeakyReLU defaults to 0.3)");
    L.push('');
  }
  if (plan.l1 > 0 || plan.l2 > 0) {
    L.push('');
    L.push(
      ...comment(
        `The page's penalty: l1 * sum(|w|) + l2 * sum(w^2) over the weights (kernels) of every dense layer, the output layer included, not the biases: Keras's kernel_regularizer is exactly that (L2 without a factor 1/2).`,
      ),
    );
    L.push(`PENALTY = regularizers.l1_l2(l1=${pyFloat(plan.l1)}, l2=${pyFloat(plan.l2)})`);
  }
  if (plan.maxNorm > 0) {
    L.push('');
    L.push(
      ...comment(
        `Max-norm: after every step the page rescales each unit's incoming weights (a column of the kernel) to a length of at most ${plan.maxNorm}, the output layer included: Keras's MaxNorm kernel constraint does the same.`,
      ),
    );
    L.push(`MAX_NORM = constraints.MaxNorm(${pyFloat(plan.maxNorm)})`);
  }
  L.push('');
  L.push('');
  L.push('def build_twin(rates):');
  L.push(
    `    """The page's network; rates[i] is the dropout rate at site i (0: the inputs, i: after hidden layer i)."""`,
  );
  L.push('    return keras.Sequential(');
  L.push('        [');
  const body = [];
  body.push('keras.Input(shape=(INPUTS,)),');
  const siteOf = (i) => plan.used.find((s) => s.index === i);
  if (siteOf(0)) body.push(kerasDropout(plan, siteOf(0)));
  plan.layers.forEach((units, i) => {
    body.push(
      ...kerasDense(units, [
        `activation=${KERAS_ACT[plan.act]}`,
        `kernel_initializer='${kerasInit(plan.act)}'`,
        ...regs,
      ]),
    );
    if (siteOf(i + 1)) body.push(kerasDropout(plan, siteOf(i + 1)));
  });
  const outAct = { binary: 'sigmoid', multiclass: 'softmax', regression: 'linear' }[info.task];
  const outWhat = {
    binary: 'the probability of class 1',
    multiclass: "each class's probability",
    regression: 'the prediction',
  }[info.task];
  body.push(`# output: ${outWhat}`);
  body.push(...kerasDense(info.outputs, [`activation='${outAct}'`, "kernel_initializer='glorot_uniform'", ...regs]));
  L.push(...body.map((l) => `            ${l}`));
  L.push('        ]');
  L.push('    )');
  L.push('');
  L.push('');
  L.push(`twin_a = build_twin(${pyList(plan.ratesA)})  # twin A: the page's dropout rates`);
  L.push(
    `twin_b = build_twin(${pyList(plan.ratesB)})  # twin B: ${plan.rateB > 0 ? `rate ${plan.rateB} on each hidden layer` : 'no dropout'}`,
  );
  L.push('twin_b.set_weights(twin_a.get_weights())  # both twins start from the same weights, as on the page');
  L.push('');
  L.push('# ---------------------------------------------------------------- training');
  L.push(`BATCH_SIZE = ${plan.batch}${lengths.batchNote}`);
  L.push(lengths.stepsComment);
  L.push(`STEPS = ${plan.steps}`);
  L.push(...lengths.epochsComment);
  L.push(`EPOCHS = ${plan.epochs}`);
  L.push('');
  L.push('');
  L.push('def compile_twin(model):');
  if (plan.opt === 'momentum') {
    L.push(
      ...comment(
        'Momentum: Keras writes it as v\u00a0=\u00a0momentum\u00a0*\u00a0v\u00a0-\u00a0lr\u00a0*\u00a0g, w\u00a0=\u00a0w\u00a0+\u00a0v; the page (and PyTorch) as v\u00a0=\u00a0momentum\u00a0*\u00a0v\u00a0+\u00a0g, w\u00a0=\u00a0w\u00a0-\u00a0lr\u00a0*\u00a0v. With a constant learning rate the two are the same.',
        '    # ',
      ),
    );
  }
  L.push('    model.compile(');
  L.push(`        optimizer=${kerasOptimizer(plan)},`);
  const loss = { binary: 'binary_crossentropy', multiclass: 'sparse_categorical_crossentropy', regression: 'mse' }[
    info.task
  ];
  const lossNote = {
    binary: '',
    multiclass: '  # cross-entropy on class indices (categorical_crossentropy takes one-hot labels)',
    regression: '  # mean squared error',
  }[info.task];
  L.push(`        loss='${loss}',${lossNote}`);
  if (info.task !== 'regression') L.push("        metrics=['accuracy'],");
  L.push('    )');
  L.push('');
  L.push('');
  L.push(`for name, model in [('A (dropout)', twin_a), ('${twinBName(plan)}', twin_b)]:`);
  L.push('    compile_twin(model)');
  L.push('    # fit() trains with dropout on; validation_data is evaluated after each epoch with dropout off.');
  L.push('    history = model.fit(');
  L.push('        x_train,');
  L.push('        y_train,');
  L.push('        batch_size=BATCH_SIZE,');
  L.push('        epochs=EPOCHS,');
  L.push('        validation_data=(x_val, y_val),');
  L.push('        shuffle=True,  # a new minibatch order every epoch, as on the page');
  L.push('        verbose=0,  # verbose=2 prints every epoch');
  L.push('    )');
  L.push('    h = history.history');
  if (info.task === 'regression') {
    L.push(`    print(f"twin {name}: training loss {h['loss'][-1]:.4f}, validation loss {h['val_loss'][-1]:.4f}")`);
  } else {
    L.push('    print(');
    L.push("        f\"twin {name}: training loss {h['loss'][-1]:.4f}, validation loss {h['val_loss'][-1]:.4f}, \"");
    L.push('        f"validation accuracy {h[\'val_accuracy\'][-1]:.3f}"');
    L.push('    )');
  }
  return `${L.join('\n')}\n`;
}

function kerasOptimizer(plan) {
  const lr = pyFloat(plan.lr);
  if (plan.opt === 'adam') return `keras.optimizers.Adam(learning_rate=${lr}, beta_1=0.9, beta_2=0.999, epsilon=1e-8)`;
  if (plan.opt === 'momentum') return `keras.optimizers.SGD(learning_rate=${lr}, momentum=${pyFloat(plan.momentum)})`;
  return `keras.optimizers.SGD(learning_rate=${lr})`;
}

// ---------------------------------------------------------------- PyTorch

const TORCH_ACT = {
  relu: 'nn.ReLU()',
  leaky_relu: 'nn.LeakyReLU(negative_slope=0.01)',
  tanh: 'nn.Tanh()',
  sigmoid: 'nn.Sigmoid()',
  linear: null,
  selu: 'nn.SELU()',
};

function torchInitLine(act) {
  if (act === 'relu' || act === 'leaky_relu')
    return "nn.init.kaiming_uniform_(layer.weight, nonlinearity='relu')  # He uniform: limit sqrt(6 / inputs)";
  if (act === 'selu')
    return "nn.init.kaiming_uniform_(layer.weight, nonlinearity='linear')  # LeCun uniform: limit sqrt(3 / inputs)";
  return 'nn.init.xavier_uniform_(layer.weight)  # Glorot uniform: limit sqrt(6 / (inputs + outputs))';
}

const GAUSSIAN_MODULE = [
  'class GaussianDropout(nn.Module):',
  '    """Multiplies each unit by noise with mean 1 and standard deviation sqrt(p / (1 - p)) in',
  '    training; does nothing at inference. PyTorch has no built-in Gaussian dropout layer."""',
  '',
  '    def __init__(self, p):',
  '        super().__init__()',
  '        self.p = p',
  '',
  '    def forward(self, x):',
  '        if not self.training or self.p == 0:',
  '            return x',
  '        std = (self.p / (1 - self.p)) ** 0.5',
  '        return x * (1 + std * torch.randn_like(x))',
];

const DROPCONNECT_MODULE = [
  'class DropConnectLinear(nn.Linear):',
  '    """A Linear layer with DropConnect (Wan et al., 2013): in training each weight is dropped with',
  '    probability p, a fresh mask for each example, and the kept weights are scaled by 1 / (1 - p);',
  '    at inference the plain Linear layer. PyTorch has no built-in DropConnect layer."""',
  '',
  '    def __init__(self, in_features, out_features, p):',
  '        super().__init__(in_features, out_features)',
  '        self.p = p',
  '',
  '    def forward(self, x):',
  '        if not self.training or self.p == 0:',
  '            return super().forward(x)',
  '        keep = 1 - self.p',
  '        mask = torch.bernoulli(torch.full((x.shape[0], *self.weight.shape), keep))',
  '        weight = self.weight * mask / keep  # one (outputs x inputs) weight matrix per example',
  "        return torch.einsum('bi,boi->bo', x, weight) + self.bias",
];

/** Runnable PyTorch code for twin A and twin B. */
export function pytorchCode(settings, datasetInfo) {
  const plan = experimentPlan(settings, datasetInfo);
  const { info } = plan;
  const lengths = trainingLengthLines(plan);
  const kinds = new Set(plan.used.map((s) => s.kind));
  const L = [];
  L.push(...header(plan, 'PyTorch'));
  L.push('');
  L.push('import torch');
  L.push('from torch import nn');
  L.push('from torch.utils.data import DataLoader, TensorDataset');
  L.push('');
  L.push(`SEED = ${plan.seed}`);
  L.push("torch.manual_seed(SEED)  # repeatable runs (not the page's random numbers)");
  L.push('');
  L.push('# ---------------------------------------------------------------- the data');
  L.push(...placeholderComment(plan));
  L.push(`INPUTS = ${info.inputs}`);
  L.push(`N_TRAIN, N_VAL = ${info.trainCount}, ${info.validationCount}`);
  const span = info.inputs === 1 ? 3 : 6;
  L.push(`x_train = torch.empty(N_TRAIN, INPUTS).uniform_(-${span}, ${span})`);
  L.push(`x_val = torch.empty(N_VAL, INPUTS).uniform_(-${span}, ${span})`);
  if (info.task === 'binary') {
    L.push('y_train = torch.randint(0, 2, (N_TRAIN, 1)).float()');
    L.push('y_val = torch.randint(0, 2, (N_VAL, 1)).float()');
  } else if (info.task === 'multiclass') {
    L.push(`CLASSES = ${info.classes}`);
    L.push('y_train = torch.randint(0, CLASSES, (N_TRAIN,))  # class indices 0, 1, 2 (not one-hot)');
    L.push('y_val = torch.randint(0, CLASSES, (N_VAL,))');
  } else {
    L.push('y_train = torch.randn(N_TRAIN, 1)');
    L.push('y_val = torch.randn(N_VAL, 1)');
  }
  L.push('');
  L.push('# ---------------------------------------------------------------- the twins');
  const notesT = dropoutNotes(plan, 'PyTorch');
  if (notesT.length) L.push('# Notes on the dropout:', ...notesT);
  for (const module of [kinds.has('gaussian') && GAUSSIAN_MODULE, kinds.has('dropconnect') && DROPCONNECT_MODULE]) {
    if (!module) continue;
    L.push('', '', ...module);
  }
  L.push('');
  L.push('');
  L.push('def build_twin(rates):');
  L.push(
    `    """The page's network; rates[i] is the dropout rate at site i (0: the inputs, i: after hidden layer i)."""`,
  );
  L.push('    return nn.Sequential(');
  const siteOf = (i) => plan.used.find((s) => s.index === i);
  const body = [];
  const linear = (site, inputs, units) =>
    site?.kind === 'dropconnect'
      ? `DropConnectLinear(${inputs}, ${units}, p=rates[${site.index}]),  # DropConnect on this layer's weights`
      : `nn.Linear(${inputs}, ${units}),`;
  const dropout = (site) => {
    if (!site || site.kind === 'dropconnect') return [];
    const cls = { bernoulli: 'nn.Dropout', alpha: 'nn.AlphaDropout', gaussian: 'GaussianDropout' }[site.kind];
    return [`${cls}(p=rates[${site.index}]),${site.index === 0 ? '  # on the inputs' : ''}`];
  };
  body.push(...dropout(siteOf(0)));
  let previous = 'INPUTS';
  plan.layers.forEach((units, i) => {
    body.push(linear(siteOf(i), previous, units));
    if (TORCH_ACT[plan.act]) body.push(`${TORCH_ACT[plan.act]},`);
    else if (i === 0) body[body.length - 1] += '  # linear: no activation';
    body.push(...dropout(siteOf(i + 1)));
    previous = String(units);
  });
  const outWhat = {
    binary: 'one logit (BCEWithLogitsLoss applies the sigmoid)',
    multiclass: 'one logit per class (CrossEntropyLoss applies the softmax)',
    regression: 'the prediction',
  }[info.task];
  const outLine = linear(siteOf(plan.layers.length), previous, info.outputs);
  body.push(outLine.includes('#') ? outLine : `${outLine}  # output: ${outWhat}`);
  L.push(...body.map((l) => `        ${l}`));
  L.push('    )');
  L.push('');
  L.push('');
  L.push('def init_like_the_page(model):');
  L.push(`    """The page's initial weights: ${initWords(plan.act)}; biases 0."""`);
  L.push('    dense = [m for m in model.modules() if isinstance(m, nn.Linear)]');
  L.push('    for layer in dense[:-1]:');
  L.push(`        ${torchInitLine(plan.act)}`);
  L.push('    nn.init.xavier_uniform_(dense[-1].weight)  # the output layer: Glorot uniform');
  L.push('    for layer in dense:');
  L.push('        nn.init.zeros_(layer.bias)');
  L.push('');
  L.push('');
  L.push(`twin_a = build_twin(${pyList(plan.ratesA)})  # twin A: the page's dropout rates`);
  L.push(
    `twin_b = build_twin(${pyList(plan.ratesB)})  # twin B: ${plan.rateB > 0 ? `rate ${plan.rateB} on each hidden layer` : 'no dropout'}`,
  );
  L.push('init_like_the_page(twin_a)');
  L.push('twin_b.load_state_dict(twin_a.state_dict())  # both twins start from the same weights, as on the page');
  L.push('');
  L.push('# ---------------------------------------------------------------- training');
  const lossFn = {
    binary: 'nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy, from the logits (as the page)',
    multiclass: 'nn.CrossEntropyLoss()  # softmax + cross-entropy on class indices, from the logits (as the page)',
    regression: 'nn.MSELoss()  # mean squared error',
  }[info.task];
  L.push(`loss_fn = ${lossFn}`);
  L.push(`BATCH_SIZE = ${plan.batch}${lengths.batchNote}`);
  L.push(lengths.stepsComment);
  L.push(`STEPS = ${plan.steps}`);
  L.push(...lengths.epochsComment);
  L.push('# The loop below stops at exactly STEPS steps.');
  L.push(`EPOCHS = ${plan.epochs}`);
  const penalty = plan.l1 > 0 || plan.l2 > 0;
  if (penalty) L.push(`L1, L2 = ${pyFloat(plan.l1)}, ${pyFloat(plan.l2)}  # the page's L1 and L2`);
  if (plan.maxNorm > 0) L.push(`MAX_NORM = ${pyFloat(plan.maxNorm)}  # the page's max-norm`);
  if (penalty) {
    L.push('');
    L.push('');
    L.push('def penalty(model):');
    L.push(
      ...comment(
        "The page's penalty, added to the loss: l1 * sum(|w|) + l2 * sum(w^2) over the weights of every layer, the output layer included, not the biases (L2 without a factor 1/2, as Keras's l1_l2). The optimizers' weight_decay=wd instead adds wd * w to the gradient of every parameter, biases included: weight_decay = 2 * L2 would match the L2 part only with the biases in a parameter group without decay; it has no L1; and AdamW's weight decay is decoupled (applied outside Adam's scaling), which differs again.",
        '    # ',
      ),
    );
    L.push('    weights = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]');
    L.push('    return sum(L1 * w.abs().sum() + L2 * (w**2).sum() for w in weights)');
  }
  if (plan.maxNorm > 0) {
    L.push('');
    L.push('');
    L.push('@torch.no_grad()');
    L.push('def apply_max_norm(model):');
    L.push(
      ...comment(
        "Max-norm, after every optimizer step (PyTorch has no kernel constraint): each unit's incoming weights (a row of weight) are rescaled to a length of at most MAX_NORM, the output layer included, as on the page and with Keras's MaxNorm.",
        '    # ',
      ),
    );
    L.push('    for m in model.modules():');
    L.push('        if isinstance(m, nn.Linear):');
    L.push('            norms = m.weight.norm(dim=1, keepdim=True)');
    L.push('            m.weight.mul_(torch.clamp(MAX_NORM / norms, max=1.0))');
  }
  L.push('');
  L.push('');
  L.push('def accuracy(output, y):');
  if (info.task === 'binary')
    L.push('    return ((output > 0).float() == y).float().mean().item()  # logit > 0: class 1');
  else if (info.task === 'multiclass') L.push('    return (output.argmax(dim=1) == y).float().mean().item()');
  else L.push('    return None  # regression: no accuracy');
  L.push('');
  L.push('');
  L.push('def train_twin(model, name):');
  L.push(`    optimizer = ${torchOptimizer(plan)}`);
  L.push('    order = torch.Generator().manual_seed(SEED)  # the same minibatch order for both twins, as on the page');
  L.push(
    '    loader = DataLoader(TensorDataset(x_train, y_train), batch_size=BATCH_SIZE, shuffle=True, generator=order)',
  );
  L.push('    step = 0');
  L.push('    for epoch in range(1, EPOCHS + 1):');
  L.push('        model.train()  # training mode: dropout drops units');
  L.push('        for xb, yb in loader:');
  L.push('            optimizer.zero_grad()');
  L.push(`            loss = loss_fn(model(xb), yb)${penalty ? ' + penalty(model)' : ''}`);
  L.push('            loss.backward()');
  L.push('            optimizer.step()');
  if (plan.maxNorm > 0) L.push('            apply_max_norm(model)');
  L.push('            step += 1');
  L.push('            if step == STEPS:');
  L.push('                break');
  L.push('        model.eval()  # inference mode: every unit, no dropout');
  L.push('        with torch.no_grad():');
  L.push('            output = model(x_val)');
  L.push('            val_loss = loss_fn(output, y_val).item()  # the data loss, as on the page');
  L.push('            val_accuracy = accuracy(output, y_val)');
  L.push('        if epoch % max(1, EPOCHS // 10) == 0 or step == STEPS:');
  if (info.task === 'regression') {
    L.push('            print(f"twin {name}: epoch {epoch}, step {step}, validation loss {val_loss:.4f}")');
  } else {
    L.push('            print(');
    L.push('                f"twin {name}: epoch {epoch}, step {step}, validation loss {val_loss:.4f}, "');
    L.push('                f"validation accuracy {val_accuracy:.3f}"');
    L.push('            )');
  }
  L.push('        if step == STEPS:');
  L.push('            break');
  L.push('');
  L.push('');
  L.push("train_twin(twin_a, 'A (dropout)')");
  L.push(`train_twin(twin_b, '${twinBName(plan)}')`);
  return `${L.join('\n')}\n`;
}

function torchOptimizer(plan) {
  const lr = pyFloat(plan.lr);
  if (plan.opt === 'adam') return `torch.optim.Adam(model.parameters(), lr=${lr}, betas=(0.9, 0.999), eps=1e-8)`;
  if (plan.opt === 'momentum')
    return `torch.optim.SGD(model.parameters(), lr=${lr}, momentum=${pyFloat(plan.momentum)})  # the page's momentum is PyTorch's form`;
  return `torch.optim.SGD(model.parameters(), lr=${lr})`;
}

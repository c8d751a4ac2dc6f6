// The Keras writer of the experiment's code (see code-common.js).

import { ratesB } from '../settings.js';
import {
  pyFloat,
  pyList,
  experimentPlan,
  twinBName,
  comment,
  header,
  dropoutNotes,
  lossNotes,
  trainingLengthLines,
  placeholderComment,
} from './code-common.js';

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
  if (info.inputs > 2) {
    // The table's features are about N(0, 1).
    L.push("x_train = rng.standard_normal(size=(N_TRAIN, INPUTS)).astype('float32')");
    L.push("x_val = rng.standard_normal(size=(N_VAL, INPUTS)).astype('float32')");
  } else {
    const span = info.inputs === 1 ? 3 : 6;
    L.push(`x_train = rng.uniform(-${span}, ${span}, size=(N_TRAIN, INPUTS)).astype('float32')`);
    L.push(`x_val = rng.uniform(-${span}, ${span}, size=(N_VAL, INPUTS)).astype('float32')`);
  }
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

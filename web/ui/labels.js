// Words shown for the values of each choice setting, in the lesson's vocabulary.

import { DATASETS, SPEEDS, THINNED_AVERAGE_COUNT } from '../settings.js';

const off = (v) => (v === 0 ? 'off' : String(v));

export const CHOICE_LABELS = {
  dataset: (v) => DATASETS.find((d) => d.id === v)?.label ?? v,
  speed: (v) => SPEEDS[v]?.label ?? v,
  thinned: (v) =>
    ({
      off: 'Off: inference only',
      one: 'One thinned network',
      average: `Average of ${THINNED_AVERAGE_COUNT} thinned networks`,
    })[v] ?? v,
  act: (v) =>
    ({ relu: 'ReLU', leaky_relu: 'Leaky ReLU', tanh: 'tanh', sigmoid: 'Sigmoid', linear: 'Linear', selu: 'SELU' })[v] ??
    v,
  kind: (v) =>
    ({
      bernoulli: 'Bernoulli: drop units',
      gaussian: 'Gaussian: noisy units',
      alpha: 'Alpha (for SELU)',
      dropconnect: 'DropConnect: drop weights',
    })[v] ?? v,
  mode: (v) =>
    ({
      inverted: 'Inverted: scale in training',
      original: 'Original: scale at inference',
    })[v] ?? v,
  maskPer: (v) =>
    ({ example: 'A new mask per example', batch: 'One mask per minibatch', epoch: 'One mask per epoch' })[v] ?? v,
  opt: (v) => ({ adam: 'Adam', momentum: 'SGD with momentum', sgd: 'Plain SGD' })[v] ?? v,
  lr: String,
  momentum: String,
  batch: String,
  l1: off,
  l2: off,
  maxNorm: off,
  stop: (v) => (v === 0 ? 'Never: train until paused' : `Step ${v}`),
  uncertainty: (v) => (v === 0 ? 'Off' : `On: ${v} passes`),
  sweepSteps: (v) => (v === 0 ? "The lesson's length (or 1000)" : `${v} steps`),
  sweepSeeds: (v) => (v === 1 ? "1: twin A's seed" : `${v}: twin A's seed and the next ${v - 1}`),
};

/** "0.50 · keeps 50%": a rate and what it means. */
export const rateText = (r) => `${r.toFixed(2)} · keeps ${Math.round((1 - r) * 100)}%`;

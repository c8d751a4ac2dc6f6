// The one object of settings for the page. Controls write to it, main.js
// reads it and tells the worker. The settings a learner chooses are mirrored
// to the URL so a link reproduces the experiment.
//
// "rate" is always the probability of DROPPING a unit (as in Keras/PyTorch),
// here, in the URL and in the UI.

export const DATASETS = [
  { id: 'moons', label: 'Moons', task: 'binary', points: 120 },
  { id: 'circle', label: 'Circle', task: 'binary', points: 120 },
  { id: 'xor', label: 'XOR', task: 'binary', points: 120 },
  { id: 'gaussians', label: 'Two Gaussians', task: 'binary', points: 120 },
  { id: 'spiral', label: 'Spiral', task: 'binary', points: 120 },
  { id: 'blobs3', label: 'Three blobs (3 classes)', task: 'multiclass', points: 120 },
  { id: 'sine', label: 'Sine (1-D regression)', task: 'regression', points: 30 },
  { id: 'plane', label: 'Plane (2-D regression)', task: 'regression', points: 120 },
];

export const RATE_MAX = 0.9;

// The fixed part of the experiment: not controls yet, but named in one place.
export const NETWORK = {
  hidden: [16, 16],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 16,
  validation: 0.5,
  seed: 1,
  stepsPerFrame: 20, // minibatch steps the worker runs between two frames
};

const DEFAULTS = Object.freeze({
  dataset: 'moons',
  noise: 0.35,
  dropout: true, // is dropout applied during training?
  rate: 0.5, // dropout rate of each hidden layer when dropout is on
  running: false,
  resets: 0, // bumped by the Reset button: a fresh network on the same data
});

export function datasetInfo(id) {
  return DATASETS.find((d) => d.id === id) ?? DATASETS[0];
}

/** Rates for net.update({ rates }): [input, hidden 1, hidden 2, ...]. */
export function dropoutRates(settings) {
  const r = settings.dropout ? settings.rate : 0;
  return [0, ...NETWORK.hidden.map(() => r)];
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const roundTo = (x, step) => Math.round(x / step) * step;

function fromQuery(search) {
  const q = new URLSearchParams(search);
  const out = {};
  if (DATASETS.some((d) => d.id === q.get('dataset'))) out.dataset = q.get('dataset');
  const noise = Number.parseFloat(q.get('noise'));
  if (Number.isFinite(noise)) out.noise = clamp(roundTo(noise, 0.05), 0, 1);
  if (q.get('dropout') === '0' || q.get('dropout') === '1') out.dropout = q.get('dropout') === '1';
  const rate = Number.parseFloat(q.get('rate'));
  if (Number.isFinite(rate)) out.rate = clamp(roundTo(rate, 0.05), 0, RATE_MAX);
  return out;
}

function toQuery(s) {
  const q = new URLSearchParams({
    dataset: s.dataset,
    noise: s.noise.toFixed(2),
    dropout: s.dropout ? '1' : '0',
    rate: s.rate.toFixed(2),
  });
  return `?${q}`;
}

/**
 * A tiny observable store. set() merges a patch and calls every subscriber
 * with (settings, changedKeys). Settings objects are frozen: never mutate.
 */
export function createState(search = globalThis.location?.search ?? '') {
  let settings = Object.freeze({ ...DEFAULTS, ...fromQuery(search) });
  const listeners = new Set();

  return {
    get: () => settings,
    set(patch) {
      const changed = Object.keys(patch).filter((k) => patch[k] !== settings[k]);
      if (changed.length === 0) return;
      settings = Object.freeze({ ...settings, ...patch });
      for (const fn of listeners) fn(settings, changed);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** Keeps the URL in step with the settings (debounced: sliders fire often). */
export function mirrorToUrl(state, { delayMs = 250 } = {}) {
  let timer = 0;
  state.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const query = toQuery(state.get());
      if (query !== location.search) history.replaceState(null, '', query);
    }, delayMs);
  });
}

// Module Web Worker: owns the wasm module, the dataset, the network and the
// training loop. The main thread only renders the frames posted from here.
//
// In:  { type: 'configure', generation, dataset, network, stepsPerFrame, grid }
//      { type: 'run' } | { type: 'pause' } | { type: 'rates', rates }
// Out: { type: 'ready' }
//      { type: 'dataset', generation, dataset }    copies of the points
//      { type: 'frame', generation, ... }          see postFrame()
//      { type: 'error', generation, message }
//      { type: 'stopped', generation }             asked to run with no network

import createDropoutModule from '../wasm/dropout_core.mjs';

const FRAME_MS = 1000 / 30; // about 30 frames per second
const CURVE_SAMPLES = 200; // points on the fitted curve of a 1-D regression

const modulePromise = createDropoutModule({
  // The .wasm sits next to the .mjs; say so explicitly rather than rely on
  // how this Emscripten version guesses its script directory in a worker.
  locateFile: (file) => new URL(`../wasm/${file}`, import.meta.url).href,
});

let dp = null;
let net = null;
let data = null;
let generation = 0;
let stepsPerFrame = 20;
let grid = { width: 100, height: 100 };
let running = false;
let timer = 0;
let diverged = false;
let lastResult = null; // what the latest train() call returned

function postError(err) {
  const message = err instanceof Error ? err.message : String(err);
  self.postMessage({ type: 'error', generation, message });
}

function freeNetwork() {
  if (net) net.delete();
  net = null;
}

function configure(msg) {
  generation = msg.generation;
  stepsPerFrame = msg.stepsPerFrame;
  grid = msg.grid;
  diverged = false;
  freeNetwork();
  data = null;

  // Any of these may throw a readable Error; then there is no network until
  // the next configure, and nothing leaks.
  const dataset = dp.makeDataset(msg.dataset);
  const network = new dp.Network(networkConfig(dataset, msg.network));
  try {
    network.setData(dataset);
  } catch (err) {
    network.delete();
    throw err;
  }
  data = dataset;
  net = network;

  self.postMessage({ type: 'dataset', generation, dataset: copyDataset(data) });
  postFrame(null);
}

/** The Network config for a dataset; spec.rates = [input, hidden 1, hidden 2, ...]. */
function networkConfig(dataset, spec) {
  return {
    inputs: dataset.inputs,
    task: dataset.task,
    ...(dataset.task === 'multiclass' ? { classes: dataset.classes } : {}),
    layers: spec.hidden.map((units, i) => ({ units, activation: spec.activation, rate: spec.rates[i + 1] })),
    inputDropout: { rate: spec.rates[0] },
    optimizer: spec.optimizer,
    learningRate: spec.learningRate,
    batchSize: spec.batchSize,
    seed: spec.seed,
  };
}

function copyDataset(d) {
  const copySet = (s) => ({ x: Float32Array.from(s.x), y: Float32Array.from(s.y), count: s.count });
  return {
    name: d.name,
    task: d.task,
    inputs: d.inputs,
    outputs: d.outputs,
    classes: d.classes,
    box: { ...d.box },
    train: copySet(d.train),
    validation: copySet(d.validation),
  };
}

/** The network's output over the plane (2-D) or along the x axis (1-D). */
function predictOutputs() {
  const { box } = data;
  if (data.inputs === 1) {
    const xs = new Float32Array(CURVE_SAMPLES);
    for (let i = 0; i < CURVE_SAMPLES; i++) {
      xs[i] = box.xMin + ((box.xMax - box.xMin) * i) / (CURVE_SAMPLES - 1);
    }
    const ys = net.predict(xs); // already a copy
    return { kind: 'curve', xs, ys };
  }
  // predictGrid returns a view into wasm memory: copy it before it goes stale
  // and so that its buffer can be transferred.
  const view = net.predictGrid({ width: grid.width, height: grid.height, ...box });
  return { kind: 'grid', width: grid.width, height: grid.height, outputs: data.outputs, values: view.slice() };
}

function copyMasks() {
  return net.masks().map((m) => ({
    site: m.site,
    kind: m.kind,
    units: m.units,
    rows: m.rows,
    values: Float32Array.from(m.values),
  }));
}

/** trainResult: what train() returned since the last frame, or null. */
function postFrame(trainResult) {
  const evaluation = net.evaluate();
  diverged = diverged || evaluation.diverged || Boolean(trainResult?.diverged);
  const frame = {
    type: 'frame',
    generation,
    running,
    step: trainResult?.step ?? 0,
    epoch: trainResult?.epoch ?? 0,
    batchLoss: trainResult ? trainResult.loss : null,
    evaluation: {
      train: { ...evaluation.train },
      validation: evaluation.validation ? { ...evaluation.validation } : null,
    },
    diverged,
    // Once diverged the outputs are NaN: send none rather than paint them.
    prediction: diverged ? null : predictOutputs(),
    masks: trainResult ? copyMasks() : [],
  };
  self.postMessage(frame, transferables(frame));
}

function transferables(frame) {
  const list = frame.masks.map((m) => m.values.buffer);
  const p = frame.prediction;
  if (p?.kind === 'grid') list.push(p.values.buffer);
  if (p?.kind === 'curve') list.push(p.xs.buffer, p.ys.buffer);
  return list;
}

function tick() {
  timer = 0;
  if (!running || !net) return;
  const started = performance.now();
  try {
    lastResult = net.train(stepsPerFrame);
    if (lastResult.diverged) running = false;
    postFrame(lastResult);
    if (diverged) running = false;
  } catch (err) {
    running = false;
    postError(err);
  }
  if (running) timer = setTimeout(tick, Math.max(0, FRAME_MS - (performance.now() - started)));
}

function setRunning(on) {
  running = on && !diverged;
  clearTimeout(timer);
  timer = 0;
  if (running) timer = setTimeout(tick, 0);
}

function handle(msg) {
  switch (msg.type) {
    case 'configure':
      lastResult = null;
      configure(msg);
      setRunning(running);
      break;
    case 'run':
      if (diverged) {
        // Say so (main.js shows it and flips the button back) rather than
        // silently refuse to train.
        if (net) postFrame(lastResult);
        break;
      }
      if (!net) {
        // The last settings were refused (an error was posted): nothing to train.
        self.postMessage({ type: 'stopped', generation });
        break;
      }
      setRunning(true);
      break;
    case 'pause':
      setRunning(false);
      break;
    case 'rates':
      // Dropout rates change live: the weights are kept, only the masks of
      // the next training steps change. Inference is unaffected by rates.
      if (net) {
        net.update({ rates: msg.rates });
        if (!running) postFrame(lastResult);
      }
      break;
    default:
      throw new Error(`worker: unknown message type ${msg.type}`);
  }
}

// Messages are handled one at a time, in order, once the module has loaded.
let queue = modulePromise.then(
  (module) => {
    dp = module;
    self.postMessage({ type: 'ready' });
  },
  (err) => postError(new Error(`Could not load the network engine: ${err?.message ?? err}`)),
);

self.onmessage = (event) => {
  queue = queue
    .then(() => {
      if (dp) handle(event.data);
    })
    .catch((err) => postError(err));
};

// Module Web Worker: owns the wasm module, the dataset, the two twin networks
// and the training loop. The main thread only renders the frames posted here.
//
// The twins share the dataset, the seed and the architecture, so they start
// from the same weights and see the same minibatches; only their dropout
// rates differ (twin 0: the rates chosen, twin 1: the comparison rate).
//
// In:  { type: 'configure', generation, dataset, data, points, restore, twins: [specA, specB], view }
//        data: a link's edits= value, points: edited points, restore: saved snapshots [A, B] (each may be absent)
//      { type: 'snapshot' }   both twins' snapshots and data, to save
//      { type: 'check', id, dataset, points, restore, twins }   would these make networks? (nothing changes)
//      { type: 'run' } | { type: 'pause' } | { type: 'step' }
//      { type: 'update', updates: [partialA, partialB] }   live net.update()
//      { type: 'data', points }   edited points for both twins (see ./data-edit.js)
//      { type: 'silence', twin, units }   hidden units silenced at inference: [{ layer, unit }]
//      { type: 'samples', seeds, grid }   twin A's thinned networks with these seeds (masks, outputs)
//      { type: 'ablation' }   each hidden unit's validation loss when silenced, both twins
//      { type: 'ensemble' }   measure twin A's ensemble now (./worker-ensemble.js)
//      { type: 'view', view }    view: { grid, steps, intervalMs, thinned, average, diagramTwin }
//        thinned: 'off' | 'one' | 'average'; average: { grid, count }, the
//        coarser grid and the number of thinned networks averaged;
//        diagramTwin: 'A' | 'B', whose network diagram the frames carry
// Out: { type: 'ready' } | { type: 'fatal', message }   the engine loaded, or cannot
//      { type: 'dataset', generation, dataset }    copies of the points
//      { type: 'previews', generation, previews }  every dataset's points, for the picker
//      { type: 'frame', generation, running, step, epoch, twins: [...], load }
//      { type: 'samples', generation, step, result }   see worker-twin.js samples()
//      { type: 'ablation', generation, step, twins: [probeA, probeB] }   see worker-twin.js ablation()
//      { type: 'ensemble', generation, step, result }   result null: twin A has no dropout
//      { type: 'error', generation, message }
//      { type: 'notice', generation, message }
//      { type: 'snapshot', generation, step, snapshots, dataset }
//      { type: 'checked', id, ok, why }    the link's data= did not fit: seeded points used
//      { type: 'stopped', generation }             asked to run with no networks
//      { type: 'stopped', generation, reason: 'lesson', step }   paused at view.stop, the lesson's length
//
// A frame arrives at least every 250 ms whatever the settings: the steps per
// chunk are capped by the measured step time, and the views (grids, the
// average of thinned networks) get coarser when a frame would cost too much.
// frame.load says what was done: see ./worker-load.js.

import createDropoutModule from '../wasm/dropout_core.mjs';
import { createTwin, transferables } from './worker-twin.js';
import { createLoad } from './worker-load.js';
import { editedDataset } from './worker-data.js';
import { DATASETS } from './settings.js';

const FRAME_MS = 1000 / 30; // about 30 frames per second
const TRAIN_PIECES = 6; // a chunk's steps are trained in this many calls, timed between them

const modulePromise = createDropoutModule({
  // The .wasm sits next to the .mjs; say so explicitly rather than rely on
  // how this Emscripten version guesses its script directory in a worker.
  locateFile: (file) => new URL(`../wasm/${file}`, import.meta.url).href,
});

let dp = null;
let twins = [];
let data = null;
let generation = 0;
let view = {
  grid: { width: 100, height: 100 },
  steps: 4,
  intervalMs: 0,
  thinned: 'off',
  average: { grid: { width: 50, height: 50 }, count: 16 },
  diagramTwin: 'A',
};
let running = false;
let timer = 0;
let previewsKey = '';
const load = createLoad();

function postError(err) {
  const message = err instanceof Error ? err.message : String(err);
  self.postMessage({ type: 'error', generation, message });
}

function freeTwins() {
  for (const t of twins) t.delete();
  twins = [];
}

const allDiverged = () => twins.length > 0 && twins.every((t) => t.diverged);

function configure(msg) {
  generation = msg.generation;
  view = msg.view;
  freeTwins();
  data = null;
  // Any of these may throw a readable Error; then there are no networks until
  // the next configure, and nothing leaks.
  const edited = editedDataset(dp.makeDataset(msg.dataset), msg);
  const dataset = edited.dataset;
  if (edited.notice) self.postMessage({ type: 'notice', generation, message: edited.notice });
  const built = [];
  try {
    msg.twins.forEach((spec, i) => built.push(createTwin(dp, dataset, spec, msg.restore?.[i] ?? null, 'AB'[i])));
  } catch (err) {
    for (const t of built) t.delete();
    throw err;
  }
  data = dataset;
  twins = built;
  load.configure(dataset, msg.twins);
  self.postMessage({ type: 'dataset', generation, dataset: copyDataset(data) });
  postPreviews(msg.dataset);
  postFrame(0);
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

/**
 * Every dataset made with the current points, noise, split and seed, for the
 * picker's thumbnails: training and validation points together. Only when
 * one of those changed.
 */
function postPreviews(spec) {
  const key = `${spec.points}|${spec.noise}|${spec.validation}|${spec.seed}`;
  if (key === previewsKey) return;
  previewsKey = key;
  const previews = [];
  for (const { id } of DATASETS) {
    try {
      const d = dp.makeDataset({ ...spec, name: id });
      const x = new Float32Array(d.train.x.length + d.validation.x.length);
      x.set(d.train.x);
      x.set(d.validation.x, d.train.x.length);
      const y = new Float32Array(d.train.count + d.validation.count);
      y.set(d.train.y);
      y.set(d.validation.y, d.train.count);
      previews.push({ name: id, task: d.task, inputs: d.inputs, classes: d.classes, box: { ...d.box }, x, y });
    } catch {
      // A dataset these settings cannot make gets no thumbnail; its button still works.
    }
  }
  const buffers = previews.flatMap((p) => [p.x.buffer, p.y.buffer]);
  self.postMessage({ type: 'previews', generation, previews }, buffers);
}

/**
 * One frame of both twins at the views' current level of detail; steps:
 * trained since the last one. withDiagram: it carries the chosen twin's
 * network diagram (a costly one only now and then while training).
 */
function postFrame(steps, trainMs = 0, withDiagram = load.diagramDue(running)) {
  const started = performance.now();
  const diagramOf = view.diagramTwin === 'B' ? 1 : 0;
  const frameView = load.viewFor(view);
  // While running, the average of thinned networks may lag (it is costly).
  const frames = twins.map((t, i) =>
    t.frame({ view: frameView, withDiagram: withDiagram && i === diagramOf, allowStale: running }),
  );
  const frameMs = performance.now() - started;
  load.measuredFrame(frameView, frames, frameMs, withDiagram);
  self.postMessage(
    {
      type: 'frame',
      generation,
      running,
      step: Math.max(...frames.map((f) => f.step)),
      epoch: Math.max(...frames.map((f) => f.epoch)),
      twins: frames,
      diagramTwin: 'AB'[diagramOf],
      load: load.report(view, steps, trainMs, frameMs),
    },
    transferables(frames),
  );
}

/**
 * Trains both twins up to `steps` steps, in a few pieces so that a step
 * slower than measured (a busy machine) cannot hold the frame back: it stops
 * after the piece that uses up the time left for training. Then posts a frame.
 */
function trainAndPost(steps, withDiagram) {
  const started = performance.now();
  const budget = load.trainBudgetMs(view, withDiagram);
  const piece = Math.max(1, Math.ceil(steps / TRAIN_PIECES));
  let done = 0;
  while (done < steps) {
    const k = Math.min(piece, steps - done);
    for (const t of twins) t.train(k);
    done += k;
    if (performance.now() - started >= budget) break;
  }
  const trainMs = performance.now() - started;
  load.measuredSteps(done, trainMs);
  postFrame(done, trainMs, withDiagram);
}

function tick() {
  timer = 0;
  if (!running || twins.length === 0) return;
  const started = performance.now();
  try {
    const withDiagram = load.diagramDue(true);
    // A lesson pauses at its length (view.stop), exactly; pressing Train again goes on past it.
    const before = twins[0].step;
    const stop = view.stop ?? 0;
    let steps = load.stepsFor(view, withDiagram);
    if (stop > before) steps = Math.min(steps, stop - before);
    trainAndPost(steps, withDiagram);
    if (allDiverged()) running = false;
    if (running && stop > before && twins[0].step >= stop) {
      running = false;
      self.postMessage({ type: 'stopped', generation, reason: 'lesson', step: twins[0].step });
    }
  } catch (err) {
    running = false;
    postError(err);
  }
  if (running) timer = setTimeout(tick, Math.max(view.intervalMs, FRAME_MS) - (performance.now() - started));
}

function setRunning(on) {
  running = on && !allDiverged();
  clearTimeout(timer);
  timer = 0;
  if (running) timer = setTimeout(tick, 0);
}

function handle(msg) {
  switch (msg.type) {
    case 'configure':
      configure(msg);
      setRunning(running);
      break;
    case 'run':
      if (twins.length === 0) {
        // The last settings were refused (an error was posted): nothing to train.
        self.postMessage({ type: 'stopped', generation });
      } else if (allDiverged()) {
        postFrame(0); // main.js shows it and flips the button back
      } else {
        setRunning(true);
      }
      break;
    case 'pause':
      setRunning(false);
      // The average shown while training may lag: catch up with the last step.
      if (view.thinned === 'average' && twins.length > 0) postFrame(0);
      break;
    case 'step':
      setRunning(false);
      if (twins.length > 0) trainAndPost(1, true);
      else self.postMessage({ type: 'stopped', generation });
      break;
    case 'update':
      // Learning rate, regularisation, batch size and dropout rates change
      // live: the weights are kept, only the next training steps differ.
      twins.forEach((t, i) => t.update(msg.updates[i]));
      load.updated(msg.updates);
      if (!running && twins.length > 0) postFrame(0);
      break;
    case 'data':
      // Edited points: both twins train on them from the next step, weights kept.
      if (twins.length > 0) {
        const next = editedDataset(data, { points: msg.points }).dataset;
        for (const t of twins) t.setData(next);
        data = next;
        self.postMessage({ type: 'dataset', generation, edited: true, dataset: copyDataset(data) });
        if (!running) postFrame(0);
      }
      break;
    case 'silence':
      // Units silenced at inference in one twin: the views show the network without them.
      if (twins[msg.twin]) {
        twins[msg.twin].setSilenced(msg.units);
        if (!running) postFrame(0);
      }
      break;
    case 'samples':
      // Twin A's thinned networks with these seeds, to look at one by one.
      if (twins.length > 0)
        self.postMessage({
          type: 'samples',
          generation,
          step: twins[0].step,
          result: twins[0].samples(msg.seeds, msg.grid),
        });
      break;
    case 'snapshot':
      // Both twins as they are, to save (web/share/).
      if (twins.length > 0)
        self.postMessage({
          type: 'snapshot',
          generation,
          step: twins[0].step,
          snapshots: twins.map((t) => t.snapshot()),
          dataset: copyDataset(data),
        });
      break;
    case 'check':
      // Would these settings, points and snapshots make networks? Built and thrown away:
      // an experiment file is opened only if they would (nothing changes otherwise).
      try {
        const ds = editedDataset(dp.makeDataset(msg.dataset), msg).dataset;
        msg.twins.forEach((spec, i) => createTwin(dp, ds, spec, msg.restore?.[i] ?? null, 'AB'[i]).delete());
        self.postMessage({ type: 'checked', id: msg.id, ok: true });
      } catch (err) {
        self.postMessage({
          type: 'checked',
          id: msg.id,
          ok: false,
          why: err instanceof Error ? err.message : String(err),
        });
      }
      break;
    case 'ablation':
      if (twins.length > 0)
        self.postMessage({ type: 'ablation', generation, step: twins[0].step, twins: twins.map((t) => t.ablation()) });
      break;
    case 'ensemble':
      // Twin A's ensemble at this step; the page pauses training first.
      if (twins.length > 0)
        self.postMessage({ type: 'ensemble', generation, result: twins[0].ensemble(), step: twins[0].step });
      break;
    case 'view':
      view = msg.view;
      if (!running && twins.length > 0) postFrame(0);
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
  // Not tied to any settings (no generation): the page shows it whatever it has sent.
  (err) =>
    self.postMessage({
      type: 'fatal',
      message: `Could not load the network engine, so nothing can be trained: ${err?.message ?? err}. Reload the page to try again.`,
    }),
);

self.onmessage = (event) => {
  queue = queue
    .then(() => {
      if (dp) handle(event.data);
    })
    .catch((err) => postError(err));
};

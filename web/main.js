// Wires the page: controls → state → worker (wasm, training) → frames →
// renderers. Nothing here trains or draws by itself.

import { createState, mirrorToUrl, datasetInfo, dropoutRates, NETWORK } from './state.js';
import { bindControls } from './ui/controls.js';
import { createBoundaryView } from './render/boundary.js';
import { createLossChart } from './render/loss-chart.js';

const GRID_CELLS = 150; // heatmap resolution, cells per side (at least 100)

const $ = (selector) => document.querySelector(selector);

const notice = createNotice($('#notice'));
window.addEventListener('error', (e) => notice.show(`Something went wrong on this page: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => notice.show(`Something went wrong on this page: ${e.reason?.message ?? e.reason}`));

const state = createState();
mirrorToUrl(state);
bindControls(document, state);

const boundary = createBoundaryView({ canvas: $('#boundary'), legend: $('#legend') });
const chart = createLossChart($('#loss-chart'));
const status = createStatus();

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let generation = 0; // bumped on every new network; older frames are ignored
let latestFrame = null;
let renderPending = false;

function configure() {
  const s = state.get();
  generation += 1;
  latestFrame = null;
  chart.reset();
  status.reset();
  notice.clear();
  worker.postMessage({
    type: 'configure',
    generation,
    dataset: {
      name: s.dataset,
      points: datasetInfo(s.dataset).points,
      noise: s.noise,
      validation: NETWORK.validation,
      seed: NETWORK.seed,
    },
    network: { ...NETWORK, rates: dropoutRates(s) },
    stepsPerFrame: NETWORK.stepsPerFrame,
    grid: { width: GRID_CELLS, height: GRID_CELLS },
  });
}

state.subscribe((s, changed) => {
  const has = (k) => changed.includes(k);
  if (has('dataset') || has('noise') || has('resets')) configure();
  if (has('dropout') || has('rate')) worker.postMessage({ type: 'rates', rates: dropoutRates(s) });
  if (has('running')) worker.postMessage({ type: s.running ? 'run' : 'pause' });
});

worker.addEventListener('message', ({ data: msg }) => {
  if (msg.type === 'ready') return;
  if (msg.generation !== generation) return; // from a network already replaced
  if (msg.type === 'dataset') {
    boundary.setDataset(msg.dataset);
    $('#status').dataset.dataset = msg.dataset.name;
    describeNetwork(msg.dataset);
  } else if (msg.type === 'frame') {
    onFrame(msg);
  } else if (msg.type === 'error') {
    notice.show(`The network engine refused: ${msg.message}`);
    if (state.get().running) state.set({ running: false });
  } else if (msg.type === 'stopped') {
    if (state.get().running) state.set({ running: false });
  }
});

worker.addEventListener('error', (e) => {
  e.preventDefault();
  notice.show('The training worker could not start, so nothing can be trained. Reload the page to try again.');
});

function onFrame(frame) {
  chart.push(frame);
  latestFrame = frame;
  if (frame.diverged) {
    notice.show(
      'The network diverged: its loss is no longer a finite number, so there is nothing to draw. Press Reset to start again.',
    );
    if (state.get().running) state.set({ running: false });
  }
  if (!renderPending) {
    renderPending = true;
    requestAnimationFrame(render);
  }
}

function render() {
  renderPending = false;
  if (!latestFrame) return;
  boundary.draw(latestFrame);
  chart.redraw();
  status.show(latestFrame, state.get());
}

new ResizeObserver(() => boundary.redraw()).observe($('#boundary'));

function describeNetwork(ds) {
  const out = { binary: '1 sigmoid output', multiclass: `${ds.classes} softmax outputs`, regression: '1 linear output' }[ds.task];
  const hidden = NETWORK.hidden.map((n) => `${n} ${NETWORK.activation}`).join(' → ');
  $('#network-summary').textContent =
    `${ds.inputs} input${ds.inputs > 1 ? 's' : ''} → ${hidden} → ${out} · Adam, learning rate ${NETWORK.learningRate}, batch ${NETWORK.batchSize}`;
  const info = datasetInfo(ds.name);
  $('#plot-title').textContent = ds.task === 'regression' ? 'The function the network fits' : 'Decision boundary';
  $('#plot-caption').textContent =
    ds.inputs === 1 ? 'Curve: the network at inference, every unit kept.' : 'Shading: the network at inference, every unit kept.';
  $('#boundary').setAttribute(
    'aria-label',
    ds.inputs === 1
      ? `${info.label}: training and validation points with the curve the network fits`
      : `${info.label}: the network's prediction over the plane, with training and validation points`,
  );
}

/** The status line: epoch, losses, accuracies and what dropout did last step. */
function createStatus() {
  const root = $('#status');
  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  const fmtLoss = (v) => (v == null ? '–' : Number.isFinite(v) ? v.toFixed(3) : 'diverged');
  const fmtAcc = (v) => (v == null ? 'n/a' : `${(v * 100).toFixed(1)}%`);

  function reset() {
    for (const el of root.querySelectorAll('[data-field]')) el.textContent = '–';
    root.dataset.epoch = '0';
    delete root.dataset.trainLoss;
    delete root.dataset.validationLoss;
    delete root.dataset.dropped;
    root.dataset.diverged = 'false';
  }

  function show(frame, settings) {
    const { train, validation } = frame.evaluation;
    field('epoch').textContent = String(frame.epoch);
    field('train-loss').textContent = fmtLoss(train.loss);
    field('validation-loss').textContent = fmtLoss(validation?.loss);
    field('train-accuracy').textContent = fmtAcc(train.accuracy);
    field('validation-accuracy').textContent = fmtAcc(validation?.accuracy);
    field('dropped').textContent = droppedText(frame, settings);
    root.dataset.epoch = String(frame.epoch);
    root.dataset.trainLoss = String(train.loss);
    root.dataset.validationLoss = String(validation?.loss);
    root.dataset.diverged = String(frame.diverged);
    const dropped = droppedFraction(frame.masks);
    if (dropped == null) delete root.dataset.dropped;
    else root.dataset.dropped = String(dropped);
  }

  return { reset, show };
}

/** Fraction of hidden units dropped in the last training step, or null. */
function droppedFraction(masks) {
  let zeros = 0;
  let total = 0;
  const hidden = masks.filter((m) => m.site > 0); // site 0 is the input layer
  for (const m of hidden) {
    if (m.kind !== 'bernoulli' && m.kind !== 'alpha') continue;
    for (const v of m.values) if (v === 0) zeros += 1;
    total += m.values.length;
  }
  return total > 0 ? zeros / total : hidden.length === 0 ? null : 0;
}

function droppedText(frame, settings) {
  if (frame.step === 0) return 'not trained yet';
  const f = droppedFraction(frame.masks);
  if (!settings.dropout) return f ? `${Math.round(f * 100)}% of hidden units` : 'none (dropout is off)';
  return f == null ? 'none' : `${Math.round(f * 100)}% of hidden units`;
}

/** A visible, announced message for errors; never a broken page. */
function createNotice(el) {
  const text = el.querySelector('.notice__text');
  el.querySelector('.notice__close').addEventListener('click', () => (el.hidden = true));
  return {
    show(message) {
      text.textContent = message;
      el.hidden = false;
    },
    clear() {
      el.hidden = true;
      text.textContent = '';
    },
  };
}

configure();

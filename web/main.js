// Wires the page: controls → state → worker (wasm, training) → frames →
// renderers. Nothing here trains or draws by itself.

import { worker, listen } from './boot.js';
import { createState, mirrorToUrl } from './state.js';
import {
  SPEEDS,
  THINNED_AVERAGE_COUNT,
  datasetInfo,
  datasetSpec,
  liveUpdate,
  needsReset,
  ratesB,
  twinSpecs,
} from './settings.js';
import { bindControls } from './ui/controls.js';
import { createDatasetPicker } from './ui/dataset-picker.js';
import { createBusyIndicator } from './ui/busy.js';
import { createNotice, describeProblems } from './ui/notice.js';
import { createTwinView, mountTwinCard } from './render/twin-view.js';
import { createLossChart } from './render/loss-chart.js';
import { createGapSummary } from './render/gap-summary.js';
import { createRunHistory } from './run-history.js';
import { createLessonNote } from './render/lesson-note.js';
import { createNetworkDiagram } from './render/network-diagram.js';
import { createDiagramPanel } from './render/diagram/panel.js';
import { createDataEditor } from './ui/data-editor.js';
import { createPanels } from './panels.js';
import { createEmbedBridge } from './embed-bridge.js';
import { createLossLog } from './share/loss-log.js';
import { encodePoints, MAX_URL_POINTS } from './data-edit.js';

const GRID_CELLS = 100; // heatmap resolution, cells per side (at least 100)
// The average of thinned networks costs one pass per network: on a 50x50 grid,
// 16 of them cost as much as 4 passes at 100x100. Its boundary is smooth, and
// the renderer interpolates any grid onto the canvas.
const AVERAGE_GRID_CELLS = 50;
const LIVE_KEYS = ['lr', 'momentum', 'batch', 'l1', 'l2', 'maxNorm', 'rate', 'rateB'];

const $ = (selector) => document.querySelector(selector);

// For the benchmark team: read, never written, by anything outside this file.
const stats = { steps: 0, framesRendered: 0, firstBoundaryMs: null };
window.__dropoutPlayground = { stats };

const notice = createNotice($('#notice'));
window.addEventListener('error', (e) => notice.show(`Something went wrong on this page: ${e.message}`));
window.addEventListener('unhandledrejection', (e) =>
  notice.show(`Something went wrong on this page: ${e.reason?.message ?? e.reason}`),
);

const state = createState();
if (state.problems.length > 0) notice.show(describeProblems(state.problems), 'url');
mirrorToUrl(state);
const picker = createDatasetPicker($('#dataset-picker')); // its radio buttons, before bindControls binds them
const controls = bindControls(document, state, { onRefused: (message) => notice.show(message, 'input') });
const busy = createBusyIndicator({ indicator: $('#busy'), note: $('#view-note') });

const cards = [0, 1].map((i) => mountTwinCard($('#twin-card'), $('.twins'), i));
const twins = [createTwinView(cards[0], 0, { legend: $('#legend') }), createTwinView(cards[1], 1)];
// Edited points: sent to the worker at once; in the link while they fit (edits=).
let editedPoints = null; // null: the seeded points
const editor = createDataEditor(
  $('.edit'),
  twins.map((t) => t.boundary),
  {
    onEdit(points, what) {
      editedPoints = points;
      worker.postMessage({ type: 'data', points });
      const encoded = encodePoints(points, dataset);
      state.set({ edits: encoded ?? '' });
      editor.say(
        encoded == null
          ? `${what} More than ${MAX_URL_POINTS} points: the link keeps the seeded points, not these.`
          : what,
      );
      if (latestFrame) history.markChange(latestFrame.epoch, 'data edited');
    },
  },
);
const history = createRunHistory();
const chartKey = document.createElement('ul');
chartKey.className = 'chart-key';
chartKey.setAttribute('aria-label', 'Chart key');
$('#loss-chart').after(chartKey);
const lessonNoteEl = document.createElement('p');
lessonNoteEl.className = 'lesson-note';
$('.gaps__verdict').before(lessonNoteEl);
const lessonNote = createLessonNote(lessonNoteEl);
const chart = createLossChart($('#loss-chart'), { names: ['A', 'B'], history, legend: chartKey });
const gaps = createGapSummary($('#gaps'));
const diagramCanvas = $('#network-diagram');
const diagram = createNetworkDiagram(diagramCanvas, { maxUnitsShown: 16 });
// For tests and tools: where a unit of the diagram is drawn (CSS px in its canvas).
window.__dropoutPlayground.diagram = { unitCenter: (layer, unit) => diagram.unitCenter(layer, unit) };
// Framed by <dropout-playground> (web/embed.js): progress, errors and commands, with its origin only.
const bridge = createEmbedBridge(state);
const showNotice = notice.show;
notice.show = (message, kind) => {
  showNotice(message, kind);
  bridge.error(message);
};
const lossLog = createLossLog();
let pendingOpen = null; // an experiment file being opened: its points and snapshots go to the next configure
const panels = createPanels({
  $,
  worker,
  state,
  diagram,
  diagramCanvas,
  getDataset: () => dataset,
  csv: () => lossLog.toCSV(),
  onLessonComplete: (lesson, text) => bridge.lessonComplete(lesson, text),
  open(experiment) {
    pendingOpen = experiment;
    state.set({ ...experiment.settings, running: false, resets: state.get().resets + 1 });
  },
});
const describeDiagram = createDiagramPanel({
  panel: $('.diagram'),
  title: $('#diagram-title'),
  canvas: diagramCanvas,
  dropoutNote: $('.diagram__dropout-note'),
  plainNote: $('.diagram__plain-note'),
});
const epochEl = $('#epoch');
const stepCountEl = $('#step-count');

let generation = 0; // bumped on every new pair of networks; older frames are ignored
let dataset = null;
let latestFrame = null;
let renderPending = false;

function viewSpec(s) {
  const speed = SPEEDS[s.speed];
  return {
    grid: { width: GRID_CELLS, height: GRID_CELLS },
    steps: speed.steps,
    intervalMs: speed.intervalMs,
    thinned: s.thinned,
    uncertainty: s.uncertainty,
    average: { grid: { width: AVERAGE_GRID_CELLS, height: AVERAGE_GRID_CELLS }, count: THINNED_AVERAGE_COUNT },
    diagramTwin: s.diagramTwin,
    stop: s.stop,
  };
}

function configure() {
  const s = state.get();
  generation += 1;
  latestFrame = null;
  panels.reset(s);
  bridge.reset();
  lossLog.reset();
  const opening = pendingOpen;
  pendingOpen = null;
  if (opening) editedPoints = opening.points;
  chart.reset();
  history.reset();
  gaps.reset();
  lessonNote.configure(s);
  if (notice.kind !== 'url') notice.clear();
  busy.waiting();
  worker.postMessage({
    type: 'configure',
    generation,
    dataset: datasetSpec(s),
    data: s.edits,
    points: editedPoints,
    restore: opening?.snapshots ?? null,
    twins: twinSpecs(s),
    view: viewSpec(s),
  });
}

/** Twin titles, chart legend and thinned views follow the rates and the training view. */
function describeTwins(s) {
  [s.rate, ratesB(s)].forEach((rates, i) =>
    twins[i].configure({
      rates,
      trainingView: s.thinned,
      mode: s.mode,
      maskPer: s.maskPer,
      uncertainty: s.uncertainty,
    }),
  );
  if (latestFrame) scheduleRender();
}

state.subscribe((s, changed) => {
  const has = (k) => changed.includes(k);
  // A pause goes first: Reset pauses and rebuilds in one change, and the new twins must not take a step.
  const pausing = has('running') && !s.running;
  if (pausing) worker.postMessage({ type: 'pause' });
  if (['dataset', 'points', 'noise', 'val', 'dataSeed'].some(has)) editedPoints = null; // new seeded points
  if (needsReset(changed) || has('resets')) {
    configure();
  } else if (LIVE_KEYS.some(has)) {
    worker.postMessage({ type: 'update', updates: [liveUpdate(s, 0), liveUpdate(s, 1)] });
    if (latestFrame) {
      history.markChange(latestFrame.epoch, changeLabel(s, changed));
      chart.touch();
      scheduleRender();
    }
  }
  if (['speed', 'thinned', 'uncertainty', 'diagramTwin', 'stop'].some(has))
    worker.postMessage({ type: 'view', view: viewSpec(s) });
  if (LIVE_KEYS.some(has) || has('stop')) lessonNote.configure(s);
  if (['rate', 'rateB', 'thinned', 'uncertainty', 'layers', 'mode', 'maskPer'].some(has)) describeTwins(s);
  if (has('diagram') && latestFrame) scheduleRender();
  if (has('running')) {
    if (!pausing) worker.postMessage({ type: 'run' });
    busy.setRunning(s.running);
  }
  if (has('stepRequests')) worker.postMessage({ type: 'step' });
});

function onWorkerMessage({ data: msg }) {
  if (msg.type === 'ready') return;
  if (msg.type === 'checked') return void panels.message(msg); // not tied to a generation
  if (msg.type === 'fatal') {
    notice.show(msg.message);
    if (state.get().running) state.set({ running: false });
    return;
  }
  if (msg.generation !== generation) return; // from networks already replaced
  if (msg.type === 'previews') {
    picker.show(msg.previews);
  } else if (msg.type === 'notice') {
    notice.show(msg.message, 'url');
    state.set({ edits: '' });
  } else if (msg.type === 'dataset') {
    dataset = msg.dataset;
    if (!msg.edited) editor.setDataset(dataset); // after an edit the editor has the points already
    panels.dataset();
    for (const t of twins) t.setDataset(dataset);
    tableViews(dataset.inputs > 2);
    describeTwins(state.get());
    describeNetwork(dataset, state.get());
  } else if (msg.type === 'frame') {
    onFrame(msg);
  } else if (panels.message(msg)) {
    // a panel's answer
  } else if (msg.type === 'error') {
    notice.show(`The network engine refused these settings: ${msg.message}`);
    if (state.get().running) state.set({ running: false });
  } else if (msg.type === 'stopped') {
    if (state.get().running) state.set({ running: false });
    if (msg.reason === 'lesson') lessonNote.paused(msg.step);
  }
}

listen(onWorkerMessage, (e) => {
  e.preventDefault();
  notice.show('The training worker could not start, so nothing can be trained. Reload the page to try again.');
});

function onFrame(frame) {
  bridge.frame(frame);
  busy.frame(frame);
  history.push(frame);
  chart.push(frame);
  latestFrame = frame;
  panels.frame(frame);
  lossLog.push(frame);
  stats.steps = frame.twins.reduce((sum, t) => sum + t.step, 0);
  if (frame.twins.every((t) => t.diverged)) {
    notice.show(
      'Both networks diverged: their loss is no longer a finite number. Lower the learning rate, then press Reset.',
    );
    if (state.get().running) state.set({ running: false });
  }
  scheduleRender();
}

function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(render);
}

function render() {
  renderPending = false;
  const frame = latestFrame;
  if (!frame || !dataset) return;
  frame.twins.forEach((t, i) => twins[i].draw(t, frame.twins[1 - i]));
  stats.framesRendered += 1;
  if (stats.firstBoundaryMs == null && frame.twins[0].prediction) stats.firstBoundaryMs = performance.now();
  chart.redraw();
  const s = state.get();
  gaps.show(frame, { history, rates: [s.rate, ratesB(s)], task: dataset.task, circled: dataset.inputs <= 2 });
  drawDiagram(frame);
  epochEl.textContent = String(frame.epoch);
  epochEl.dataset.epoch = String(frame.epoch);
  epochEl.dataset.step = String(frame.step);
  stepCountEl.textContent = `step ${frame.step}`;
}

/** A short name for a live change, drawn on the chart at the epoch it happened. */
function changeLabel(s, changed) {
  const live = changed.filter((k) => LIVE_KEYS.includes(k));
  if (live.length !== 1) return 'settings';
  const k = live[0];
  if (k === 'rate') return `A rate ${s.rate.slice(1).join('/')}`;
  if (k === 'rateB') return `B rate ${s.rateB}`;
  return `${k} ${s[k]}`;
}

/** The network diagram of the twin the frame carries it for (diagramTwin), and the words around it. */
function drawDiagram(frame) {
  const twin = frame.diagramTwin === 'B' ? 'B' : 'A';
  const d = frame.twins['AB'.indexOf(twin)].diagram;
  if (!d) return;
  const s = state.get();
  diagram.draw({
    ...d,
    example: 0,
    mode: s.diagram,
    dropoutMode: s.mode,
    maskPer: s.maskPer,
    epoch: frame.epoch,
    activations: s.layers.map(() => s.act),
    inputLabels: dataset.inputs === 1 ? ['x'] : ['x₁', 'x₂'],
    outputLabel: outputLabel(dataset),
    twin,
    silenced: panels.silencer.list(twin),
  });
  panels.silencer.setTwin(twin);
  describeDiagram({ twin, withDropout: d.masks.some((m) => m.rate > 0) });
  controls.layers.align(diagram.columns()); // the layer cards over their columns
}

function outputLabel(ds) {
  if (ds.task === 'multiclass') return Array.from({ length: ds.classes }, (_, k) => `p(class ${k})`);
  return ds.task === 'regression' ? 'ŷ' : 'p(class 1)';
}

new ResizeObserver(() => {
  for (const t of twins) t.redraw();
  if (latestFrame) scheduleRender();
}).observe($('.twins'));
// The diagram's panel is as tall as its row: redraw when that changes, even when paused.
new ResizeObserver(() => latestFrame && scheduleRender()).observe(diagramCanvas);

function describeNetwork(ds, s) {
  const out = {
    binary: '1 sigmoid output',
    multiclass: `${ds.classes} softmax outputs`,
    regression: '1 linear output',
  }[ds.task];
  const hidden = s.layers.map((n) => `${n} ${s.act}`).join(' → ');
  const over = $('.diagram__over');
  if (over) over.textContent = ds.inputs === 1 ? 'along x (the stripes run left to right)' : 'over the plane';
  $('#network-summary').textContent =
    `${ds.inputs} input${ds.inputs > 1 ? 's' : ''} → ${hidden ? `${hidden} → ` : ''}${out}. ` +
    `Both twins: the same initial weights (seed ${s.seed}) and minibatch order; ${datasetInfo(ds.name).label}, ` +
    `${ds.train.count} training and ${ds.validation.count} validation points.`;
  for (const canvas of document.querySelectorAll('.boundary')) {
    const twin = canvas.closest('.twin').dataset.twin === '0' ? 'A' : 'B';
    canvas.setAttribute(
      'aria-label',
      ds.inputs === 1
        ? `Twin ${twin}: training and validation points with the curve the network fits`
        : `Twin ${twin} at inference: the prediction over the plane, with training and validation points`,
    );
  }
}

configure();

/** A table (20 features) has no plane: the training view and the uncertainty overlay are off, and say why. */
function tableViews(table) {
  for (const id of ['thinned', 'uncertainty']) {
    const select = document.getElementById(id);
    const view = select.closest('.stage__view');
    view.dataset.title ??= view.title;
    select.disabled = table;
    view.title = table
      ? 'This dataset is a table of 20 features: there is no plane to draw a boundary on. The per-feature view takes its place.'
      : view.dataset.title;
  }
}

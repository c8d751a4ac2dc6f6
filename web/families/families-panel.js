// The "Where dropout applies" panel: a convolutional network on tiny images and
// a recurrent network on sequences (a pattern to find, a curve to continue), each
// as three networks trained side by side
// (families-lab.js, in its own worker with its own wasm module, loaded only when
// the learner first trains here). Shows each network's numbers, this step's
// masks (dropped feature maps or activations; the units x time strip), the
// validation images each gets wrong or the sequence with each one's output, the
// losses over steps, and what was measured over seeds (families-presets.js).
//
// data-state on the panel: idle | loading | running | paused | error;
// data-family: cnn | rnn | sines; data-step: steps trained, set once that step's frame
// is drawn (cards, strips and views show it). What each family draws per frame:
// families-views.js.
//
// The tab and each tab's rate are settings of the page (settings.js: family,
// cnnRate, rnnRate, sinesRate), so a link opens the panel as it was shared and
// hide=family keeps a lesson on one kind of network.

import { FAMILIES_WORKER_URL } from '../engine-urls.js';
import { FAMILY_PRESETS } from './families-presets.js';
import { FAMILY_RATE_MAX } from '../settings.js';
import { VARIANTS } from './families-lab.js';
import { createFamiliesChart } from './families-chart.js';
import { readFrame } from './families-reading.js';
import { drawCnnViews, drawRnnViews } from './families-views.js';
import { VARIANT_COLOURS } from '../render/families-draw.js';

const CHUNK = { cnn: 8, rnn: 8, sines: 8 }; // steps per frame: about 35-40 frames per second here
// Slow motion: one step at a time, slow enough to watch each new mask.
const SLOW_DELAY_MS = 400;

/** The setting that holds a family's rate. */
const rateKey = (family) => `${family}Rate`;

export function createFamiliesPanel(panel, state) {
  const $ = (s) => panel.querySelector(s);
  const tabs = [...panel.querySelectorAll('[role="tab"]')];
  const run = $('.families__run');
  const stepButton = $('.families__step');
  const reset = $('.families__reset');
  const rate = $('.families__rate');
  const slow = $('.families__slow');
  const rateValue = $('.families__rate-value');
  const rateName = $('.families__rate-name');
  const steps = $('.families__steps');
  const progress = $('.families__progress');
  const status = $('.families__status');
  const about = $('.families__about');
  const nets = $('.families__nets');
  const extra = $('.families__extra');
  const reading = $('.families__reading');
  const claim = $('.families__claim');
  const chart = createFamiliesChart($('.families__chart'));

  let family = state.get().family;
  let worker = null;
  let running = false;
  let busy = false; // a request is out
  let pendingSteps = 0; // Step presses waiting
  let frame = null;
  let mc = null; // { step, results } of the last Monte-Carlo request
  let drawQueued = false;

  const setState = (name) => {
    panel.dataset.state = name;
    run.textContent = name === 'running' ? 'Pause' : 'Train';
    run.setAttribute('aria-label', `${run.textContent} the three networks`);
    run.setAttribute('aria-pressed', String(name === 'running'));
  };

  function ensureWorker() {
    if (worker) return;
    setState('loading');
    status.textContent = 'Loading the convolutional and recurrent engine…';
    worker = new Worker(FAMILIES_WORKER_URL, { type: 'module' });
    worker.onmessage = ({ data }) => onMessage(data);
    worker.onerror = (e) => fail(`The engine stopped: ${e.message || 'an error in its worker'}`);
    start();
  }

  function fail(message) {
    running = false;
    busy = false;
    setState('error');
    status.textContent = message;
  }

  function start() {
    busy = true;
    chart.reset(VARIANTS[family]);
    worker.postMessage({ type: 'start', family, rate: Number(rate.value) });
  }

  function request() {
    if (busy || !worker) return;
    const preset = FAMILY_PRESETS[family];
    let n = 0;
    const pressed = pendingSteps > 0;
    if (pressed) {
      n = 1;
      pendingSteps -= 1;
    } else if (!running && family === 'cnn' && frame && frame.step > 0 && mc?.step !== frame.step) {
      // Paused: the averages of thinned networks at this step (a fraction of a second).
      busy = true;
      mc = { step: frame.step, results: null };
      worker.postMessage({ type: 'mc' });
      return;
    } else if (running) {
      n = slow.checked ? 1 : Math.min(CHUNK[family], Math.max(1, preset.steps - (frame?.step ?? 0)));
    }
    if (n === 0) return;
    busy = true;
    if (!pressed && slow.checked && frame) {
      // The next step after a pause, so that each mask stays on screen.
      setTimeout(() => worker.postMessage({ type: 'train', steps: 1 }), SLOW_DELAY_MS);
      return;
    }
    worker.postMessage({ type: 'train', steps: n });
  }

  function onMessage(data) {
    if (data.type === 'fatal') return fail(data.message);
    if (data.type === 'rate') return undefined; // a live change: the train request is still out
    busy = false;
    if (data.type === 'mc') {
      if (mc && mc.step === data.step) mc.results = data.results;
      queueDraw();
      return request();
    }
    if (data.type === 'error') {
      status.textContent = data.message;
      return request();
    }
    if (data.type !== 'frame' || data.frame.family !== family) return request();
    frame = data.frame;
    chart.set(data.history);
    const preset = FAMILY_PRESETS[family];
    if (running && frame.step >= preset.steps && !panel.dataset.pastLength) {
      running = false;
      panel.dataset.pastLength = '1';
      status.textContent = `Paused at step ${frame.step}, the length the claim below was measured at. Train goes on.`;
    } else if (panel.dataset.state === 'loading') status.textContent = '';
    setState(running ? 'running' : 'paused');
    queueDraw();
    request();
  }

  function queueDraw() {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  }

  function card(i, v) {
    const el = document.createElement('article');
    el.className = 'families__net';
    el.dataset.variant = v.key;
    el.style.setProperty('--variant', VARIANT_COLOURS[i]);
    el.innerHTML =
      '<h3 class="families__net-title"></h3><p class="families__numbers"></p>' +
      '<div class="families__pictures"></div><p class="families__mask-note caption"></p>' +
      '<p class="families__mc caption"></p>';
    el.querySelector('h3').textContent = v.label;
    return el;
  }

  function layout() {
    const preset = FAMILY_PRESETS[family];
    panel.dataset.family = family;
    tabs.forEach((t) => {
      t.setAttribute('aria-selected', String(t.dataset.family === family));
      t.tabIndex = t.dataset.family === family ? 0 : -1; // one stop for the tab list; arrows move in it
    });
    $('[role="tabpanel"]').setAttribute('aria-labelledby', `families-tab-${family}`);
    about.textContent = preset.about;
    claim.textContent = preset.claim;
    showRate(state.get()[rateKey(family)]);
    rateName.textContent = preset.rateLabel;
    mc = null;
    nets.replaceChildren(...VARIANTS[family].map((v, i) => card(i, v)));
    extra.replaceChildren();
    reading.textContent = '';
    steps.textContent = 'step 0';
    progress.value = 0;
    delete panel.dataset.pastLength;
    delete panel.dataset.step;
    frame = null;
  }

  let drawn = 0;
  function draw() {
    if (!frame) return;
    panel.dataset.frames = String((drawn += 1)); // frames drawn, for the benchmark
    const preset = FAMILY_PRESETS[family];
    steps.textContent = `step ${frame.step}`;
    progress.value = Math.min(1, frame.step / preset.steps);
    const averages = mc && mc.step === frame.step && mc.results ? mc.results : null;
    reading.textContent = readFrame(frame, VARIANTS[family], averages);
    const cards = [...nets.children];
    frame.metrics.forEach((m, i) => {
      const acc = (a) => (a === null || a === undefined ? '–' : `${Math.round(a * 100)} %`);
      const numbers =
        m.validationAccuracy === null
          ? `mean squared error: validation ${m.validationLoss.toFixed(3)} · training ${m.trainLoss.toFixed(3)} · ` +
            `gap ${(m.validationLoss - m.trainLoss).toFixed(3)}`
          : `validation loss ${m.validationLoss.toFixed(3)}, accuracy ${acc(m.validationAccuracy)} · training accuracy ${acc(m.trainAccuracy)}`;
      cards[i].querySelector('.families__numbers').textContent = numbers;
      cards[i].dataset.validationLoss = String(m.validationLoss);
      cards[i].dataset.validationAccuracy = String(m.validationAccuracy);
    });
    if (frame.family === 'cnn') drawCnnViews(frame, { cards, extra, panel, mc });
    else drawRnnViews(frame, { cards, extra });
    panel.dataset.step = String(frame.step); // last: what a reader of data-step sees is drawn
  }

  function showRate(value) {
    rate.value = String(value);
    rateValue.textContent = value.toFixed(2);
    rate.setAttribute('aria-valuetext', `${value.toFixed(2)}: ${Math.round(value * 100)} % of them dropped`);
  }

  function switchTo(name) {
    family = name;
    running = false;
    pendingSteps = 0;
    layout();
    if (worker) start();
    else setState('idle');
  }

  // Tabs and the slider write the settings; what the settings say is shown here
  // (a link, an opened experiment file or an embedding page may set them too).
  state.subscribe((s, changed) => {
    if (changed.includes('family') && s.family !== family) switchTo(s.family);
    else if (changed.includes(rateKey(family))) {
      showRate(s[rateKey(family)]);
      if (worker) worker.postMessage({ type: 'rate', rate: s[rateKey(family)] });
      mc = null; // the averages were of the old rate
      if (!running) request();
    }
  });
  tabs.forEach((t) => t.addEventListener('click', () => state.set({ family: t.dataset.family })));
  // The keys of a tab list (WAI-ARIA): arrows, Home and End choose a tab.
  tabs[0].parentElement.addEventListener('keydown', (e) => {
    const at = tabs.findIndex((t) => t.dataset.family === family);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const tab = tabs[(to + tabs.length) % tabs.length];
    state.set({ family: tab.dataset.family });
    tab.focus();
  });
  run.addEventListener('click', () => {
    running = !running;
    ensureWorker();
    if (panel.dataset.state !== 'loading') setState(running ? 'running' : 'paused');
    request();
  });
  stepButton.addEventListener('click', () => {
    pendingSteps += 1;
    ensureWorker();
    request();
  });
  reset.addEventListener('click', () => {
    running = false;
    pendingSteps = 0;
    layout();
    if (worker) start();
  });
  rate.addEventListener('input', () => state.set({ [rateKey(family)]: Number(rate.value) }));

  rate.max = String(FAMILY_RATE_MAX); // the settings' bound (a link can ask for no more)
  layout();
  setState('idle');
  status.textContent = 'Press Train: the networks train here, in your browser.';
  return {
    /** Shows a family ('cnn' or 'rnn'), as the tabs do. */
    show(name) {
      state.set({ family: name });
    },
  };
}

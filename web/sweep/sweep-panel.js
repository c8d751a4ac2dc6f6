// The "Which rate?" panel: runs the rate sweep on request (never by
// surprise), shows its progress and partial results, reads the finished
// sweep in words, and applies the best rate to twin A in one click. When a
// setting the sweep depends on changes, the shown sweep is marked out of date.
//
// data-state on the panel: idle | running | done | cancelled | error | stale.
// window.__dropoutPlayground.sweep: { workers } forces the number of
// workers (tests, the benchmark); { last } is the last finished sweep.

import { sweepPlan, sweepKey, summarise, readSweep, scaledRates } from './sweep-plan.js';
import { runSweep } from './sweep-runner.js';
import { createSweepChart } from '../render/sweep-chart.js';

export function createSweepPanel(panel, state, { pauseTraining }) {
  const $ = (s) => panel.querySelector(s);
  const runButton = $('.sweep__run');
  const cancelButton = $('.sweep__cancel');
  const progressBox = $('.sweep__progress');
  const bar = $('.sweep__bar');
  const count = $('.sweep__count');
  const status = $('.sweep__status');
  const svg = $('.sweep__chart');
  const readingEl = $('.sweep__reading');
  const apply = $('.sweep__apply');
  const chart = createSweepChart(svg);
  const hook = (window.__dropoutPlayground ??= {}).sweep ?? (window.__dropoutPlayground.sweep = {});

  let run = null;
  let pending = 0; // a partial redraw waiting for the next animation frame
  let shownKey = null; // the settings the shown results are of
  let reading = null;

  const setState = (name) => {
    panel.dataset.state = name;
    runButton.textContent = name === 'done' ? 'Run again' : 'Run the sweep';
    runButton.hidden = name === 'running';
    cancelButton.hidden = name !== 'running';
    progressBox.hidden = name !== 'running';
  };

  function drawResults(plan, results, final) {
    const rows = summarise(plan, results);
    reading = final ? readSweep(rows) : null;
    svg.removeAttribute('hidden'); // an SVG element has no .hidden property
    chart.draw(rows, reading);
    readingEl.textContent = reading ? reading.text : '';
    panel.dataset.best = reading ? String(reading.best) : '';
    showApply();
  }

  function showApply() {
    const s = state.get();
    if (!reading || panel.dataset.state !== 'done') {
      apply.hidden = true;
      return;
    }
    const target = scaledRates(s.rate, reading.best);
    const same = target.every((r, i) => Math.abs(r - s.rate[i]) < 1e-9);
    apply.hidden = false;
    apply.disabled = same;
    apply.textContent = same
      ? `Twin A already uses rate ${reading.best}`
      : `Use rate ${reading.best} for twin A${target.length > 2 && new Set(target.slice(1)).size > 1 ? ' (scaled per layer)' : ''}`;
  }

  function start() {
    const s = state.get();
    const plan = sweepPlan(s);
    if (s.running) pauseTraining();
    run?.cancel();
    const thisRun = runSweep(plan, {
      workers: hook.workers ?? undefined,
      // Partial results are drawn at most once per animation frame.
      onResult: (_, results) => {
        if (pending) return;
        pending = requestAnimationFrame(() => {
          pending = 0;
          if (run === thisRun) drawResults(plan, results, false);
        });
      },
      onProgress: ({ jobs, totalJobs, fraction }) => {
        bar.value = fraction;
        count.textContent = `${jobs} of ${totalJobs} networks`;
      },
    });
    run = thisRun;
    shownKey = plan.key;
    reading = null;
    readingEl.textContent = '';
    apply.hidden = true;
    setState('running');
    status.textContent =
      `Training ${plan.jobs.length} networks (${plan.rates.length} rates × ${plan.seeds} ` +
      `seed${plan.seeds > 1 ? 's' : ''} × ${plan.steps} steps) in ${thisRun.workers} ` +
      `worker${thisRun.workers > 1 ? 's' : ''}; the twins are paused.`;
    const started = performance.now();
    thisRun.done.then(
      (results) => {
        if (run !== thisRun) return;
        run = null;
        const ms = performance.now() - started;
        const seconds = (ms / 1000).toFixed(1);
        hook.last = { key: plan.key, results, ms, workers: thisRun.workers };
        setState('done');
        drawResults(plan, results, true);
        status.textContent = `${plan.jobs.length} networks, ${plan.steps} steps each, in ${seconds} s.`;
        markIfStale();
      },
      (err) => {
        if (run !== thisRun) return;
        run = null;
        if (err.cancelled) {
          setState('cancelled');
          status.textContent = `Cancelled: the chart shows the networks that had finished.`;
        } else {
          setState('error');
          status.textContent = `The sweep stopped: ${err.message}`;
        }
      },
    );
  }

  function markIfStale() {
    if (shownKey == null || panel.dataset.state === 'running') return;
    const stale = sweepKey(state.get()) !== shownKey;
    if (stale && panel.dataset.state !== 'stale') {
      panel.dataset.previous = panel.dataset.state;
      setState('stale');
      status.textContent = 'The settings changed since this sweep: it is out of date. Run it again to update it.';
      apply.hidden = true;
    } else if (!stale && panel.dataset.state === 'stale') {
      setState(panel.dataset.previous || 'done');
      status.textContent = 'Back to the settings of this sweep.';
    }
    if (!stale) showApply();
  }

  runButton.addEventListener('click', start);
  cancelButton.addEventListener('click', () => run?.cancel());
  apply.addEventListener('click', () => {
    if (!reading) return;
    state.set({ rate: scaledRates(state.get().rate, reading.best) });
  });
  state.subscribe(() => markIfStale());
  setState('idle');
}

// What the panels that measure one step on request share (the ensemble,
// removing one unit): the button that pauses training and asks the worker,
// the panel's state in data-state (idle | measuring | done | stale, or a
// panel's own), and "out of date" once training moves past the step measured.
// The parts are found by class: .<prefix>__run, __status, __chart, __reading.

export function createMeasuredPanel(panel, prefix, { request, pauseTraining, isRunning, busyText, whoTrained, onAsk }) {
  const $ = (s) => panel.querySelector(`.${prefix}__${s}`);
  const button = $('run');
  const status = $('status');
  const svg = $('chart');
  const reading = $('reading');
  let measuredStep = null;

  const setState = (name) => {
    panel.dataset.state = name;
    button.disabled = name === 'measuring';
  };

  button.addEventListener('click', () => {
    if (isRunning()) pauseTraining();
    onAsk?.();
    setState('measuring');
    status.textContent = busyText;
    request();
  });

  function reset() {
    measuredStep = null;
    setState('idle');
    svg.setAttribute('hidden', '');
    reading.textContent = '';
    status.textContent = '';
  }
  reset();

  return {
    status,
    svg,
    reading,
    setState,
    /** The worker answered for this step; the panel shows it (state 'done', or one of its own). */
    measured(step, state = 'done') {
      measuredStep = step;
      setState(state);
    },
    /** Each frame: a measurement of an earlier step is marked as such. */
    frame(step) {
      if (panel.dataset.state !== 'done' || step === measuredStep) return;
      setState('stale');
      status.textContent = `Measured at step ${measuredStep}; ${whoTrained} trained on since. Measure again to update.`;
    },
    reset,
  };
}

// The page's side of <dropout-playground> (web/embed.js), when it is framed.
// The element says hello first; its origin is then the only one whose
// commands are obeyed and the only one posted to (never '*'):
//   in  { source: 'dropout-playground-host', type: 'hello' | 'play' | 'pause' | 'reset',
//         'step' (n), 'settings' (query), 'lesson' (n) }
//   out { source: 'dropout-playground', type: 'ready' | 'progress' | 'diverged' | 'error'
//         | 'lesson-complete', detail }
// A command from any other window or origin is ignored.

import { parseQuery } from './settings.js';

export const PAGE_SOURCE = 'dropout-playground';
export const HOST_SOURCE = 'dropout-playground-host';
const MAX_STEPS = 10000;

export function createEmbedBridge(state) {
  const framed = window.parent !== window;
  let host = null; // the embedding page's origin, from its hello
  let lastProgress = -Infinity;
  let latest = null; // the newest frame not yet posted as progress
  let timer = 0;
  let diverged = false;

  function postProgress() {
    timer = 0;
    if (!latest) return;
    const frame = latest;
    latest = null;
    lastProgress = performance.now();
    const twins = frame.twins.map((t, i) => ({
      name: 'AB'[i],
      trainLoss: t.evaluation?.train?.loss ?? null,
      validationLoss: t.evaluation?.validation?.loss ?? null,
      trainAccuracy: t.evaluation?.train?.accuracy ?? null,
      validationAccuracy: t.evaluation?.validation?.accuracy ?? null,
    }));
    post('progress', { epoch: frame.epoch, step: frame.step, twins });
  }

  const post = (type, detail = null) => {
    if (framed && host) window.parent.postMessage({ source: PAGE_SOURCE, type, detail }, host);
  };

  function command({ type, n, query }) {
    const s = state.get();
    if (type === 'play') state.set({ running: true });
    else if (type === 'pause') state.set({ running: false });
    else if (type === 'reset') state.set({ running: false, resets: s.resets + 1 });
    else if (type === 'step') {
      const k = Number.isInteger(n) && n >= 1 && n <= MAX_STEPS ? n : null;
      if (k == null)
        return post('error', { message: `step(n) needs a whole number 1–${MAX_STEPS}, got ${JSON.stringify(n)}` });
      for (let i = 0; i < k; i++) state.set({ running: false, stepRequests: state.get().stepRequests + 1 });
    } else if (type === 'settings') {
      const { settings, problems } = parseQuery(typeof query === 'string' ? query : '');
      if (problems.length > 0)
        return post('error', {
          message: `settings refused: ${problems.map((p) => `${p.key}=${p.raw} (must be ${p.why})`).join('; ')}`,
        });
      state.set({ ...settings, running: false, resets: s.resets + 1 });
    } else if (type === 'lesson') {
      if (!(Number.isInteger(n) && n >= 0 && n <= 10))
        return post('error', { message: `lesson must be a whole number 0–10, got ${JSON.stringify(n)}` });
      state.set({ lesson: n });
    } else post('error', { message: `unknown command ${JSON.stringify(type)}` });
  }

  if (framed)
    window.addEventListener('message', (e) => {
      if (e.source !== window.parent || e.data?.source !== HOST_SOURCE) return;
      if (e.data.type === 'hello') {
        if (host !== null && e.origin !== host) return;
        host = e.origin;
        post('ready', { settings: location.search });
        return;
      }
      if (e.origin !== host) return; // only the page that said hello is obeyed
      command(e.data);
    });

  return {
    framed,
    /**
     * A frame: progress at most every 250 ms, the last one always (a frame
     * that comes too soon is posted when the 250 ms are up); and once when a
     * twin diverges.
     */
    frame(frame) {
      if (!framed) return;
      if (frame.twins.some((t) => t.diverged) && !diverged) {
        diverged = true;
        post('diverged', {
          step: frame.step,
          twins: frame.twins.map((t, i) => ({ name: 'AB'[i], diverged: t.diverged })),
        });
      }
      latest = frame;
      if (timer) return;
      const wait = lastProgress + 250 - performance.now();
      if (wait <= 0) postProgress();
      else timer = setTimeout(postProgress, wait);
    },
    reset() {
      diverged = false;
    },
    error: (message) => post('error', { message }),
    lessonComplete: (lesson, text) => post('lesson-complete', { lesson, text }),
  };
}

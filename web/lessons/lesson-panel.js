// The guided lesson: one card of ./guided-lessons.js at a time, with Back and
// Next; the card's number is the `lesson` setting (in the link: lesson=4).
// Opening a card (Back, Next, Start) loads its preset; a link with lesson=
// keeps the settings it carries. Each frame, the card's check reads the live
// state and says what the learner now sees, or what to try.

import { parseQuery } from '../settings.js';
import { GUIDED_LESSONS } from './guided-lessons.js';
import { runCheck } from './checks.js';

export function createLessonPanel(panel, { state, start, onComplete = () => {} }) {
  const $ = (s) => panel.querySelector(s);
  const n = GUIDED_LESSONS.length;
  let base = 0; // the step at which the card was opened
  let masks = new Set(); // twin A's masks seen since then
  let lastFrame = null;

  function open(index) {
    const card = GUIDED_LESSONS[index - 1];
    const { settings } = parseQuery(`?${card.preset}`);
    // Its preset over the defaults; what the learner hid stays hidden.
    state.set({ ...settings, hide: state.get().hide, lesson: index, running: false, resets: state.get().resets + 1 });
  }

  $('.guide__back').addEventListener('click', () => open(Math.max(1, state.get().lesson - 1)));
  $('.guide__next').addEventListener('click', () => open(Math.min(n, state.get().lesson + 1)));
  $('.guide__close').addEventListener('click', () => state.set({ lesson: 0 }));
  start.addEventListener('click', () => open(1));

  /** What the checks read: from the last frame and the panels' states. */
  function live() {
    const s = state.get();
    const twin = (t, i) => {
      // The share of hidden units dropped for example 1 (as the twin's strip counts them).
      let dropped = null;
      const hidden = t.masks.filter((m) => m.site > 0 && m.rows > 0 && m.kind !== 'dropconnect');
      if (hidden.length > 0) {
        let zeros = 0;
        let all = 0;
        for (const m of hidden) {
          for (let u = 0; u < m.units; u++) zeros += m.values[u] === 0 ? 1 : 0;
          all += m.units;
        }
        dropped = zeros / all;
      }
      return {
        trainLoss: t.evaluation.train.loss,
        validationLoss: t.evaluation.validation?.loss ?? NaN,
        validationAccuracy: t.evaluation.validation?.accuracy ?? NaN,
        dropped,
        masksSeen: i === 0 ? masks.size : 0,
      };
    };
    const data = (sel) => document.querySelector(sel)?.dataset ?? {};
    const step = lastFrame.step;
    return {
      step,
      lessonStep: step - base,
      running: s.running,
      dataset: s.dataset,
      rate: s.rate.slice(1),
      diagram: s.diagram,
      twins: lastFrame.twins.map(twin),
      sweep: { state: data('.sweep').state, best: data('.sweep').best },
      ensemble: { state: data('.ensemble').state, closeness: data('.ensemble').closeness },
      coadapt: { state: data('.coadapt').state, largest: (data('.coadapt').largest ?? '0,0').split(',').map(Number) },
    };
  }

  function render() {
    const index = state.get().lesson;
    panel.hidden = index === 0;
    start.hidden = index !== 0;
    if (index === 0) return;
    const card = GUIDED_LESSONS[index - 1];
    panel.dataset.lesson = String(index);
    $('.guide__count').textContent = `Lesson ${index} of ${n}`;
    $('.guide__title').textContent = card.title;
    $('.guide__text').textContent = card.text;
    $('.guide__todo').textContent = card.todo;
    $('.guide__back').disabled = index === 1;
    $('.guide__next').disabled = index === n;
    panel.dataset.ok = 'false'; // a new card: its check has not held yet
    check();
  }

  function check() {
    const index = state.get().lesson;
    if (index === 0 || !lastFrame) return;
    const r = runCheck(GUIDED_LESSONS[index - 1], live());
    if (r.ok && panel.dataset.ok !== 'true') onComplete(index, r.text); // once, when it first holds
    const el = $('.guide__check');
    el.textContent = r.text;
    el.dataset.ok = String(r.ok);
    panel.dataset.ok = String(r.ok);
  }

  state.subscribe((s, changed) => {
    if (changed.includes('lesson')) render();
    else if (s.lesson > 0) check();
  });
  // The panels below (sweep, ensemble, remove one unit) finish later than a frame.
  for (const sel of ['.sweep', '.ensemble', '.coadapt'])
    new MutationObserver(() => check()).observe(document.querySelector(sel), { attributes: true });
  render();

  return {
    /** New networks: the card's steps count from here. */
    reset() {
      base = 0;
      masks = new Set();
      lastFrame = null;
    },
    frame(frame) {
      if (!lastFrame) base = frame.step;
      lastFrame = frame;
      // Twin A's hidden masks at this step (example 1), to count the different ones.
      const sig = frame.twins[0].masks
        .filter((m) => m.site > 0 && m.rows > 0 && m.kind !== 'dropconnect')
        .map((m) => Array.from(m.values.subarray(0, m.units)).join(''))
        .join('|');
      if (sig && frame.step > base) masks.add(sig);
      check();
    },
  };
}

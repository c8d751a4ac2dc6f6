// The controls: each one only writes to the state, and shows what the state
// says. They know nothing about the worker or the renderers. A control is
// bound by its data-key attribute (a settings key, see settings.js).

import { SCHEMA, hiddenNames, parseSetting } from '../settings.js';
import { CHOICE_LABELS, rateText } from './labels.js';
import { bindLayersEditor } from './layers-editor.js';
import { describeRefused } from './notice.js';

const VALUE_TEXT = {
  dataset: (v) => CHOICE_LABELS.dataset(v),
  noise: (v) => v.toFixed(2),
  points: String,
  val: (v) => `${v.toFixed(2)} · ${Math.round(v * 100)}% held out`,
  rateB: (v) => (v === 0 ? 'no dropout' : rateText(v)),
  dataSeed: String,
};

/**
 * Binds every [data-key] control to the state. onRefused(message) hears of
 * an entry a control could not use (a seed out of range, say); the control
 * then shows the value still used. Returns { layers }: the layers editor,
 * whose cards can be aligned on the network diagram (layers.align).
 */
export function bindControls(root, state, { onRefused = () => {} } = {}) {
  const keyed = [...root.querySelectorAll('[data-key]')];

  for (const el of keyed) {
    const key = el.dataset.key;
    const spec = SCHEMA[key];
    if (el.tagName === 'SELECT') {
      el.replaceChildren(...spec.values.map((v) => new Option(CHOICE_LABELS[key](v), String(v))));
    }
    el.addEventListener(el.type === 'range' ? 'input' : 'change', () => {
      const value = readControl(el, key, spec);
      if (value !== undefined) state.set({ [key]: value });
      else if (isTyped(el)) {
        const used = state.get()[key];
        onRefused(
          describeRefused(el.labels?.[0]?.textContent.trim() ?? key, el.value, parseSetting(key, '').why, used),
        );
      }
      if (isTyped(el)) el.value = String(state.get()[key]); // what is used, in its own words (1e3 -> 1000)
    });
  }

  const train = root.querySelector('#train');
  train.addEventListener('click', () => state.set({ running: !state.get().running }));
  root
    .querySelector('#step')
    .addEventListener('click', () => state.set({ running: false, stepRequests: state.get().stepRequests + 1 }));
  root
    .querySelector('#reset')
    .addEventListener('click', () => state.set({ running: false, resets: state.get().resets + 1 }));
  root
    .querySelector('#regenerate')
    .addEventListener('click', () =>
      state.set({ dataSeed: (state.get().dataSeed + 1 + Math.floor(Math.random() * 9999)) % 1000000 }),
    );
  // Space toggles training when no control has the focus.
  root.addEventListener('keydown', (e) => {
    if (e.key !== ' ' || e.target !== root.body || e.repeat) return;
    e.preventDefault();
    state.set({ running: !state.get().running });
  });

  const layers = bindLayersEditor(root, state);

  function show(s) {
    for (const el of keyed) showControl(el, s[el.dataset.key]);
    for (const out of root.querySelectorAll('[data-value]')) {
      const key = out.dataset.value;
      out.textContent = (VALUE_TEXT[key] ?? String)(s[key]);
    }
    root.querySelector('#rateB').setAttribute('aria-valuetext', VALUE_TEXT.rateB(s.rateB));
    // The momentum coefficient only means something to SGD with momentum.
    root.querySelector('#momentum').disabled = s.opt !== 'momentum';
    train.textContent = s.running ? 'Pause training' : 'Train';
    train.classList.toggle('is-running', s.running);
    train.setAttribute('aria-pressed', String(s.running));
    layers.show(s);
    applyHide(root, s.hide);
  }

  show(state.get());
  state.subscribe(show);
  return { layers };
}

/** A box the user types into (the seed), rather than a slider, a menu or a switch. */
const isTyped = (el) => el.tagName === 'INPUT' && (el.type === 'number' || el.type === 'text');

/** The setting a control now holds, or undefined if it holds nothing valid. */
function readControl(el, key, spec) {
  if (el.type === 'checkbox') return el.checked;
  if (el.type === 'radio') return el.checked ? el.value : undefined;
  if (spec.type === 'choice') return spec.values.find((v) => String(v) === el.value);
  // Typed: the URL's rules (a whole number in range, no "-0" or "1e3" surprises).
  if (isTyped(el)) {
    const r = parseSetting(key, el.value.trim());
    return r.ok ? r.value : undefined;
  }
  const v = Number(el.value);
  if (el.value === '' || !Number.isFinite(v)) return undefined;
  return Math.min(spec.max, Math.max(spec.min, v));
}

function showControl(el, value) {
  if (el.type === 'checkbox') el.checked = value;
  else if (el.type === 'radio') el.checked = el.value === String(value);
  else if (el !== document.activeElement || el.type === 'range' || el.tagName === 'SELECT') el.value = String(value);
}

/**
 * Classroom mode: `hide=optimizer,l1,l2` hides those controls, and the hints
 * and lessons that speak of them: every [data-hide] element naming one of
 * them (settings.js hiddenNames: keys, aliases, groups, intro, lessons). A
 * group left with no control shown goes too, title and all.
 */
function applyHide(root, names) {
  const hidden = hiddenNames(names);
  for (const el of root.querySelectorAll('[data-hide]')) {
    el.hidden = el.dataset.hide.split(' ').some((n) => hidden.has(n));
  }
  for (const group of root.querySelectorAll('.group')) {
    const parts = [...group.querySelectorAll(':scope > [data-hide]')];
    if (parts.length > 0 && parts.every((p) => p.hidden)) group.hidden = true;
  }
}

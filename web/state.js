// The one object of settings for the page. Controls write to it; main.js
// reads it and tells the worker. Every setting is mirrored to the URL, so a
// link reproduces the experiment (and, training being seeded, the same run).
// What the settings are lives in settings.js.

import { parseQuery, toQuery } from './settings.js';
import { lessonSettings } from './dataset-lessons.js';

/** The settings that make the seeded points: a change drops edited ones. */
const SEEDED_DATA = ['dataset', 'points', 'noise', 'val', 'dataSeed'];

/**
 * A tiny observable store. set() merges a patch and calls every subscriber
 * with (settings, changedKeys). Settings objects are frozen: never mutate.
 * `running`, `resets` and `stepRequests` are session-only (not in the URL):
 * the Reset and Step buttons bump their counters. Choosing another dataset
 * loads its lesson (dataset-lessons.js) under the rest of the patch.
 */
export function createState(search = globalThis.location?.search ?? '') {
  const { settings: fromUrl, problems } = readQuery(search);
  let settings = Object.freeze({ ...fromUrl, running: false, resets: 0, stepRequests: 0 });
  const listeners = new Set();

  const same = (a, b) =>
    a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]));

  return {
    problems, // what the URL had that could not be used
    get: () => settings,
    set(patch) {
      if (Object.hasOwn(patch, 'dataset') && patch.dataset !== settings.dataset)
        patch = { ...lessonSettings(patch.dataset), ...patch };
      // Other data: edited points were of the old data.
      if (
        SEEDED_DATA.some((k) => Object.hasOwn(patch, k) && patch[k] !== settings[k]) &&
        !Object.hasOwn(patch, 'edits')
      )
        patch = { ...patch, edits: '' };
      const changed = Object.keys(patch).filter((k) => !same(patch[k], settings[k]));
      if (changed.length === 0) return;
      settings = Object.freeze({ ...settings, ...patch });
      for (const fn of listeners) fn(settings, changed);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/**
 * parseQuery never throws on any query (tests/js/settings-fuzz.test.mjs); if
 * it ever did, the page would still open, on defaults, and say so.
 */
function readQuery(search) {
  try {
    return parseQuery(search);
  } catch (err) {
    const { settings } = parseQuery('');
    return { settings, problems: [{ key: 'link', raw: search, why: `could not be read: ${err.message}`, used: null }] };
  }
}

/** Keeps the URL in step with the settings (debounced: sliders fire often). */
export function mirrorToUrl(state, { delayMs = 200 } = {}) {
  let timer = 0;
  const write = () => {
    const query = toQuery(state.get());
    if (query !== location.search) history.replaceState(null, '', query);
  };
  write(); // a tampered or partial URL is replaced by what is really used
  state.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  });
}

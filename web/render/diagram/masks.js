// What one training step's masks do to the drawn network: which units are
// dropped (or scaled by Gaussian noise), which weights DropConnect removes,
// and a summary for the note above the units and for canvas.dataset.
// Writes into the layout's per-frame arrays; never changes the view.

import { FADED, LEVELS } from './style.js';

/** masks.unit[site] / masks.dropConnect[site]: this frame's mask per dropout site, or null. */
export function collectMasks(view, columns, masks) {
  masks.unit.length = columns;
  masks.dropConnect.length = columns;
  masks.unit.fill(null);
  masks.dropConnect.fill(null);
  for (const m of view.masks ?? []) {
    if (!(m.site >= 0 && m.site < columns - 1)) continue;
    if (m.kind === 'dropconnect') masks.dropConnect[m.site] = m;
    else masks.unit[m.site] = m;
  }
}

export function createSummary() {
  return {
    anyDropout: false,
    stepped: false, // a training step has run, so the masks hold values
    shared: false,
    gaussian: false,
    row: 0, // the example whose mask is shown, of rows
    rows: 0,
    dropped: 0, // units drawn as dropped
    droppedAll: 0, // units dropped, drawn or not
    masked: 0, // units under a 0/1 mask, drawn or not
    removed: 0, // drawn weights DropConnect removed
    removedAll: 0, // weights DropConnect removed, drawn or not
  };
}

/** Fills each column's dropped/factor arrays, and the summary. */
export function applyUnitMasks(layout, masks, view, training, s) {
  s.anyDropout = s.stepped = s.shared = s.gaussian = false;
  s.row = s.rows = s.dropped = s.droppedAll = s.masked = s.removed = s.removedAll = 0;
  for (let c = 0; c < layout.cols.length; c++) {
    const col = layout.cols[c];
    col.dropped.fill(0);
    col.factor.fill(1);
    const dc = masks.dropConnect[c];
    if (dc && dc.rate > 0) {
      s.anyDropout = true;
      s.stepped ||= dc.rows > 0;
    }
    const m = masks.unit[c];
    if (!m || !(m.rate > 0)) continue;
    s.anyDropout = true;
    if (!training || !(m.rows > 0) || m.units !== col.n) continue;
    const row = m.shared ? 0 : (((view.example | 0) % m.rows) + m.rows) % m.rows;
    s.stepped = true;
    s.shared ||= m.shared;
    s.row = row;
    s.rows = m.rows;
    const base = row * m.units;
    if (m.kind === 'gaussian') {
      s.gaussian = true;
      for (let u = 0; u < col.count; u++) col.factor[u] = m.values[base + u];
      continue;
    }
    s.masked += col.n; // the note counts every unit, drawn or not; canvas.dataset.dropped the drawn ones
    for (let u = 0; u < col.n; u++) {
      if (m.values[base + u] !== 0) continue;
      s.droppedAll++;
      if (u < col.count) {
        col.dropped[u] = 1;
        s.dropped++;
      }
    }
  }
}

/**
 * Sorts each drawn weight into a stroke bucket: 0 not drawn (DropConnect
 * dropped it), FADED (touches a dropped unit), else by sign and size.
 * Sets s.removed (drawn weights DropConnect removed) and s.removedAll (of all).
 */
export function classifyLinks(layout, masks, view, training, s) {
  for (let l = 0; l < layout.links.length; l++) {
    const codes = layout.links[l];
    const from = layout.cols[l];
    const to = layout.cols[l + 1];
    const w = view.weights?.[l];
    if (!w || w.inputs !== from.n || w.units !== to.n) {
      codes.fill(0);
      continue;
    }
    const kernel = w.kernel;
    let max = 0;
    for (let i = 0; i < kernel.length; i++) max = Math.max(max, Math.abs(kernel[i]));
    const scale = max > 0 ? LEVELS / max : 0;
    const dc = training ? masks.dropConnect[l] : null;
    const dcValues = dc && dc.rate > 0 && dc.values?.length >= kernel.length ? dc.values : null;
    if (dcValues) for (let k = 0; k < kernel.length; k++) if (dcValues[k] === 0) s.removedAll++;
    for (let i = 0; i < from.count; i++) {
      for (let o = 0; o < to.count; o++) {
        const k = i * to.n + o;
        const at = i * to.count + o;
        if (dcValues && dcValues[k] === 0) {
          codes[at] = 0;
          s.removed++;
        } else if (from.dropped[i] || to.dropped[o]) {
          codes[at] = FADED;
        } else {
          const v = kernel[k];
          const level = Math.min(LEVELS - 1, Math.floor(Math.abs(v) * scale));
          codes[at] = 2 + level + (v < 0 ? LEVELS : 0);
        }
      }
    }
  }
}

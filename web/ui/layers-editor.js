// The layers editor: one row for the inputs (their dropout rate) and one per
// hidden layer (units and dropout rate), plus add/remove buttons. It only
// writes `layers` and `rate` to the state. Rows are rebuilt only when the
// number of layers changes, so a slider keeps its focus while it is dragged.

import { MAX_LAYERS, RATE_MAX, UNIT_CHOICES, fitRates } from '../settings.js';
import { rateText } from './labels.js';

export function bindLayersEditor(root, state) {
  const list = root.querySelector('#layers');
  const add = root.querySelector('#add-layer');
  const remove = root.querySelector('#remove-layer');
  let rowsFor = -1;

  add.addEventListener('click', () => {
    const s = state.get();
    if (s.layers.length >= MAX_LAYERS) return;
    const layers = [...s.layers, s.layers[s.layers.length - 1] ?? 16];
    state.set({ layers, rate: fitRates(s.rate, layers.length, s.rate[s.rate.length - 1] || 0.5) });
  });
  remove.addEventListener('click', () => {
    const s = state.get();
    if (s.layers.length === 0) return;
    const layers = s.layers.slice(0, -1);
    state.set({ layers, rate: fitRates(s.rate, layers.length) });
  });

  function rateRow(site, label, name) {
    const id = `rate-${site}`;
    const row = document.createElement('div');
    row.className = 'layer';
    row.innerHTML = `
      <div class="layer__head">
        <span class="layer__name">${label}</span>
        ${site > 0 ? `<select class="select select--compact layer__units" aria-label="Units in ${name}"></select>` : '<span class="layer__units-fixed"></span>'}
      </div>
      <div class="field__row"><label class="field__label field__label--small" for="${id}">Dropout rate</label><output class="field__value"></output></div>
      <input id="${id}" class="range" type="range" min="0" max="${RATE_MAX}" step="0.05" aria-label="Dropout rate of ${name}">`;
    const slider = row.querySelector('input');
    slider.addEventListener('input', () => {
      const rate = [...state.get().rate];
      rate[site] = Number(slider.value);
      state.set({ rate });
    });
    const units = row.querySelector('select');
    if (units) {
      units.replaceChildren(...UNIT_CHOICES.map((u) => new Option(`${u} units`, String(u))));
      units.addEventListener('change', () => {
        const layers = [...state.get().layers];
        layers[site - 1] = Number(units.value);
        state.set({ layers });
      });
    }
    return row;
  }

  function build(count) {
    const rows = [rateRow(0, 'Inputs', 'the inputs')];
    for (let i = 1; i <= count; i++) rows.push(rateRow(i, `Hidden layer ${i}`, `hidden layer ${i}`));
    list.replaceChildren(...rows);
    rowsFor = count;
  }

  function show(s) {
    if (rowsFor !== s.layers.length) build(s.layers.length);
    const rows = list.children;
    for (let site = 0; site < rows.length; site++) {
      const row = rows[site];
      const slider = row.querySelector('input');
      slider.value = String(s.rate[site]);
      slider.setAttribute('aria-valuetext', rateText(s.rate[site]));
      row.querySelector('output').textContent = rateText(s.rate[site]);
      row.classList.toggle('is-off', s.rate[site] === 0);
      const units = row.querySelector('select');
      if (units) units.value = String(s.layers[site - 1]);
      else row.querySelector('.layer__units-fixed').textContent = s.dataset === 'sine' ? '1 input' : '2 inputs';
    }
    add.disabled = s.layers.length >= MAX_LAYERS;
    remove.disabled = s.layers.length === 0;
  }

  return { show };
}

// The layers editor: a small card for the inputs (their dropout rate) and one
// per hidden layer (units and dropout rate), then the add/remove buttons. It only
// writes `layers` and `rate` to the state. Cards are rebuilt only when the
// number of layers changes, so a slider keeps its focus while it is dragged.
//
// Like TensorFlow Playground's, the cards sit on the network diagram: align()
// puts each one above its column when the columns are far enough apart, and
// otherwise they wrap in a compact grid (a phone, many layers).

import { MAX_LAYERS, RATE_MAX, UNIT_CHOICES, fitRates, inputsOf } from '../settings.js';
import { rateText } from './labels.js';

const CARD_MAX = 150; // px: an aligned card's width, at most
const CARD_MIN = 76; // px: narrower than this, the cards wrap instead

export function bindLayersEditor(root, state) {
  const list = root.querySelector('#layers');
  const add = root.querySelector('#add-layer');
  const remove = root.querySelector('#remove-layer');
  const buttons = add.parentElement; // they stay after the last card
  let rowsFor = -1;
  let alignedKey = '';

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

  function card(site, label, short, name) {
    const id = `rate-${site}`;
    const row = document.createElement('div');
    row.className = 'layer';
    row.dataset.site = String(site);
    row.innerHTML = `
      <div class="layer__head">
        <span class="layer__name" data-short="${short}">${label}</span>
        ${site > 0 ? `<select class="select select--tiny layer__units" aria-label="Units in ${name}"></select>` : '<span class="layer__units-fixed"></span>'}
      </div>
      <div class="layer__rate"><label class="layer__rate-label" for="${id}">rate</label><output class="layer__rate-value"></output></div>
      <input id="${id}" class="range range--small" type="range" min="0" max="${RATE_MAX}" step="0.05" aria-label="Dropout rate of ${name}">`;
    const slider = row.querySelector('input');
    slider.addEventListener('input', () => {
      const rate = [...state.get().rate];
      rate[site] = Number(slider.value);
      state.set({ rate });
    });
    const units = row.querySelector('select');
    if (units) {
      units.replaceChildren(...UNIT_CHOICES.map((u) => new Option(String(u), String(u))));
      units.addEventListener('change', () => {
        const layers = [...state.get().layers];
        layers[site - 1] = Number(units.value);
        state.set({ layers });
      });
    }
    return row;
  }

  function build(count) {
    const rows = [card(0, 'Inputs', 'Inputs', 'the inputs')];
    for (let i = 1; i <= count; i++) rows.push(card(i, `Hidden ${i}`, `H${i}`, `hidden layer ${i}`));
    list.replaceChildren(...rows, buttons);
    rowsFor = count;
    alignedKey = '';
    list.classList.remove('layers--aligned');
  }

  function show(s) {
    if (rowsFor !== s.layers.length) build(s.layers.length);
    const rows = list.querySelectorAll('.layer');
    for (let site = 0; site < rows.length; site++) {
      const row = rows[site];
      const slider = row.querySelector('input');
      slider.value = String(s.rate[site]);
      slider.setAttribute('aria-valuetext', rateText(s.rate[site]));
      const value = row.querySelector('output');
      value.textContent = s.rate[site].toFixed(2);
      value.title = rateText(s.rate[site]);
      row.classList.toggle('is-off', s.rate[site] === 0);
      const units = row.querySelector('select');
      if (units) units.value = String(s.layers[site - 1]);
      else row.querySelector('.layer__units-fixed').textContent = String(inputsOf(s.dataset));
    }
    add.disabled = s.layers.length >= MAX_LAYERS;
    remove.disabled = s.layers.length === 0;
  }

  /**
   * Puts each card above its diagram column. columns: the diagram's columns
   * (inputs, hidden layers, output) as { x } in px from the canvas's left
   * edge, which is the list's left edge too.
   */
  function align(columns) {
    const cards = [...list.querySelectorAll('.layer')];
    const width = list.clientWidth;
    const xs = columns.slice(0, cards.length).map((c) => c.x);
    const key = `${width}|${xs.map(Math.round).join(',')}|${cards.length}`;
    if (key === alignedKey) return;
    alignedKey = key;
    const lefts = columns.length === cards.length + 1 ? placeCards(xs, width) : null;
    list.classList.toggle('layers--aligned', lefts !== null);
    cards.forEach((c, i) => {
      if (lefts) {
        c.style.setProperty('--card-width', `${lefts.width}px`);
        c.style.setProperty('--card-shift', `${lefts.shifts[i]}px`);
      } else {
        c.style.removeProperty('--card-width');
        c.style.removeProperty('--card-shift');
      }
    });
  }

  return { show, align };
}

/**
 * Card width and each card's gap to the one before (a flex row), centring
 * each card on its column as far as the edges and its neighbours allow; null
 * if the columns are too close for cards of CARD_MIN.
 */
function placeCards(xs, width) {
  if (xs.length === 0 || width <= 0) return null;
  let spacing = Infinity;
  for (let i = 1; i < xs.length; i++) spacing = Math.min(spacing, xs[i] - xs[i - 1]);
  const cardWidth = Math.floor(Math.min(CARD_MAX, spacing - 8, width));
  if (!(cardWidth >= CARD_MIN)) return null;
  const shifts = [];
  let right = 0; // the right edge of the previous card
  for (let i = 0; i < xs.length; i++) {
    const min = i === 0 ? 0 : right + 6;
    const left = Math.max(min, Math.min(width - cardWidth, xs[i] - cardWidth / 2));
    if (left < min - 0.5) return null;
    shifts.push(Math.round(left - right));
    right = left + cardWidth;
  }
  return right <= width + 0.5 ? { width: cardWidth, shifts } : null;
}

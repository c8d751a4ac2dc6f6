// The controls: each one only writes to the state, and shows what the state
// says. They know nothing about the worker or the renderers.

import { DATASETS } from '../state.js';

export function bindControls(root, state) {
  const el = {
    dataset: root.querySelector('#dataset'),
    noise: root.querySelector('#noise'),
    noiseValue: root.querySelector('#noise-value'),
    dropout: root.querySelector('#dropout'),
    rate: root.querySelector('#rate'),
    rateValue: root.querySelector('#rate-value'),
    rateField: root.querySelector('#rate-field'),
    train: root.querySelector('#train'),
    reset: root.querySelector('#reset'),
  };

  el.dataset.replaceChildren(...DATASETS.map((d) => new Option(d.label, d.id)));

  el.dataset.addEventListener('change', () => state.set({ dataset: el.dataset.value }));
  el.noise.addEventListener('input', () => state.set({ noise: Number(el.noise.value) }));
  el.dropout.addEventListener('change', () => state.set({ dropout: el.dropout.checked }));
  el.rate.addEventListener('input', () => state.set({ rate: Number(el.rate.value) }));
  el.train.addEventListener('click', () => state.set({ running: !state.get().running }));
  el.reset.addEventListener('click', () => state.set({ running: false, resets: state.get().resets + 1 }));

  function show(s) {
    el.dataset.value = s.dataset;
    el.noise.value = String(s.noise);
    el.noiseValue.textContent = s.noise.toFixed(2);
    el.dropout.checked = s.dropout;
    el.rate.value = String(s.rate);
    el.rate.disabled = !s.dropout;
    el.rateField.classList.toggle('is-off', !s.dropout);
    el.rateValue.textContent = `${s.rate.toFixed(2)} · keeps ${Math.round((1 - s.rate) * 100)}%`;
    el.rate.setAttribute('aria-valuetext', `${s.rate.toFixed(2)}, each unit kept with probability ${(1 - s.rate).toFixed(2)}`);
    el.train.textContent = s.running ? 'Pause' : 'Train';
    el.train.classList.toggle('is-running', s.running);
  }

  show(state.get());
  state.subscribe(show);
}

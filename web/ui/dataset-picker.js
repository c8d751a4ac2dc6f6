// The dataset picker: one radio button per dataset, each a small picture of
// its points (as TensorFlow Playground has), bound to the `dataset` setting
// by controls.js like any [data-key] control. A radio group: Tab reaches the
// chosen dataset, the arrow keys move between them.
//
//   const picker = createDatasetPicker(fieldset);   // before bindControls()
//   picker.show(previews);   // the worker's { type: 'previews' }: every dataset's points
//
// The pictures use the current points, noise, split and seed, so they change
// with those settings. Each is a picture with words: its label names it.

import { DATASETS } from '../settings.js';
import { CLASS_COLOURS } from '../render/boundary.js';

const SIZE = 40; // CSS px per side
const PAPER = '#f3f1ec';

export function createDatasetPicker(fieldset) {
  const options = fieldset.querySelector('.picker__options');
  const canvases = new Map();
  options.replaceChildren(
    ...DATASETS.map(({ id, label }) => {
      const option = document.createElement('label');
      option.className = 'picker__option';
      option.title = label;
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'dataset';
      input.value = id;
      input.dataset.key = 'dataset';
      input.className = 'picker__input';
      const canvas = document.createElement('canvas');
      canvas.className = 'picker__thumb';
      canvas.setAttribute('aria-hidden', 'true');
      const name = document.createElement('span');
      name.className = 'visually-hidden';
      name.textContent = label;
      option.append(input, canvas, name);
      canvases.set(id, canvas);
      return option;
    }),
  );

  function show(previews) {
    for (const p of previews) {
      const canvas = canvases.get(p.name);
      if (canvas) paint(canvas, p);
    }
    fieldset.dataset.previews = String(previews.length);
  }

  return { show };
}

/** The points of one dataset, coloured by class (or by value, for the regressions). */
function paint(canvas, p) {
  const dpr = globalThis.devicePixelRatio || 1;
  const side = Math.round(SIZE * dpr);
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, SIZE, SIZE);
  const { xMin, xMax, yMin, yMax } = p.box;
  const pad = 3;
  const sx = (SIZE - 2 * pad) / (xMax - xMin || 1);
  const sy = (SIZE - 2 * pad) / (yMax - yMin || 1);
  const colour = colourOf(p);
  const n = p.y.length;
  const r = n > 200 ? 1.1 : 1.5;
  for (let i = 0; i < n; i++) {
    const x = p.inputs === 1 ? p.x[i] : p.x[2 * i];
    const y = p.inputs === 1 ? p.y[i] : p.x[2 * i + 1];
    ctx.beginPath();
    ctx.arc(pad + (x - xMin) * sx, SIZE - pad - (y - yMin) * sy, r, 0, 2 * Math.PI);
    ctx.fillStyle = colour(p.y[i]);
    ctx.fill();
  }
}

const css = (c) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

function colourOf(p) {
  if (p.task === 'regression' && p.inputs === 1) return () => css(CLASS_COLOURS[1]);
  if (p.task === 'regression') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of p.y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const [a, b] = CLASS_COLOURS;
    return (v) => {
      const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
      return css(a.map((c, k) => c + (b[k] - c) * t));
    };
  }
  return (v) => css(CLASS_COLOURS[Math.round(v) % CLASS_COLOURS.length]);
}

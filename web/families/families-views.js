// What "Where dropout applies" draws for each family, from a lab frame
// (families-lab.js): for the CNN each network's feature maps with this step's
// mask, its filters, the shown image and the validation images it gets wrong;
// for the RNN each network's units x time mask strip and hidden states, and
// the shown sequence with each network's output. families-panel.js owns the
// cards and calls these once per drawn frame.

import { VARIANTS } from './families-lab.js';
import { describeAverage, describeCnn, describeRnn, describeSequence } from './families-reading.js';
import {
  drawFeatureMaps,
  drawFilters,
  drawHiddenStates,
  drawImage,
  drawImageGrid,
  drawMaskStrip,
  drawSequence,
} from '../render/families-draw.js';

function canvasIn(parent, cls, label) {
  let c = parent.querySelector(`canvas.${cls}`);
  if (!c) {
    c = document.createElement('canvas');
    c.className = cls;
    c.setAttribute('role', 'img');
    parent.append(c);
  }
  c.setAttribute('aria-label', label);
  return c;
}

export function drawCnnViews(f, { cards, extra, panel, mc }) {
  f.networks.forEach((n, i) => {
    const box = cards[i].querySelector('.families__pictures');
    if (!box.firstChild)
      box.innerHTML =
        '<p class="caption">Feature maps of the image below, with this step’s mask</p>' +
        '<canvas class="families__maps" role="img"></canvas>' +
        `<p class="caption">Its ${f.kernelSize}×${f.kernelSize} filters (orange +, blue −)</p>` +
        '<canvas class="families__filters" role="img"></canvas>';
    const c = canvasIn(box, 'families__maps', `${VARIANTS.cnn[i].label}: the ${f.filters} feature maps of the image`);
    const dropped = drawFeatureMaps(
      c,
      {
        maps: n.maps,
        mask: n.mask,
        filters: f.filters,
        h: f.mapHeight,
        w: f.mapWidth,
      },
      4,
    );
    const filters = canvasIn(box, 'families__filters', `${VARIANTS.cnn[i].label}: its ${f.filters} learned filters`);
    drawFilters(filters, { kernel: n.filters, filters: f.filters, k: f.kernelSize });
    cards[i].querySelector('.families__mask-note').textContent = describeCnn(n, dropped, f);
    const here = mc && mc.step === f.step ? mc : null;
    cards[i].querySelector('.families__mc').textContent = describeAverage(n, here, i, f.metrics[i]);
    cards[i].dataset.droppedMaps = String(dropped.droppedMaps);
    cards[i].dataset.droppedCells = String(dropped.droppedCells);
  });
  if (!extra.firstChild) {
    extra.innerHTML =
      '<figure class="families__figure"><canvas class="families__image" role="img"></canvas>' +
      '<figcaption class="caption">The image whose feature maps are drawn above (a validation image).</figcaption></figure>' +
      '<figure class="families__figure"><canvas class="families__grid" role="img"></canvas>' +
      '<figcaption class="caption families__grid-note"></figcaption></figure>';
  }
  drawImage(extra.querySelector('.families__image'), f.image, f.side);
  const grid = extra.querySelector('.families__grid');
  const wrong = drawImageGrid(grid, f);
  grid.setAttribute(
    'aria-label',
    `${f.labels.length} validation images; wrong answers: ${VARIANTS.cnn.map((v, i) => `${v.label} ${wrong[i]}`).join(', ')}`,
  );
  extra.querySelector('.families__grid-note').textContent =
    `The first ${f.labels.length} validation images (${f.names.join(', ')}); under each, one mark per network in its colour: ` +
    `a square when it is right, a cross when wrong. Wrong here: ${VARIANTS.cnn.map((v, i) => `${v.label.toLowerCase()} ${wrong[i]}`).join(', ')}.`;
  panel.dataset.wrong = wrong.join(',');
}

export function drawRnnViews(f, { cards, extra }) {
  f.networks.forEach((n, i) => {
    const box = cards[i].querySelector('.families__pictures');
    if (!box.firstChild)
      box.innerHTML =
        '<p class="caption">Recurrent mask, units × time steps</p><canvas class="families__strip" role="img"></canvas>' +
        '<p class="caption">Hidden state over time</p><canvas class="families__hidden" role="img"></canvas>';
    const strip = box.querySelector('.families__strip');
    const constant = drawMaskStrip(strip, { mask: n.mask, units: f.units, steps: f.steps });
    strip.setAttribute('aria-label', `${VARIANTS[f.family][i].label}: this step's recurrent mask of one sequence`);
    const hidden = box.querySelector('.families__hidden');
    drawHiddenStates(hidden, { hidden: n.hidden, units: f.units, steps: f.steps });
    hidden.setAttribute('aria-label', `${VARIANTS[f.family][i].label}: hidden state of the shown sequence over time`);
    cards[i].querySelector('.families__mask-note').textContent = describeRnn(n, constant, f);
    cards[i].dataset.constantUnits = n.mask ? String(constant) : '';
  });
  if (!extra.firstChild)
    extra.innerHTML =
      '<figure class="families__figure"><canvas class="families__sequence" role="img"></canvas>' +
      '<figcaption class="caption families__sequence-note"></figcaption></figure>';
  const seq = extra.querySelector('.families__sequence');
  const outputs = f.networks.map((n) => n.output);
  // A curve to follow needs room; a yes/no answer does not.
  const [w, h] = f.manyToMany ? [560, 180] : [320, 120];
  drawSequence(seq, { x: f.x, target: f.target, manyToMany: f.manyToMany, outputs }, w, h);
  const note = describeSequence(f, VARIANTS[f.family]);
  extra.querySelector('.families__sequence-note').textContent = note;
  seq.setAttribute('aria-label', note);
}

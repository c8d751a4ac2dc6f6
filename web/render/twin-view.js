// One twin's card: its inference boundary (or fitted curve), optionally a
// training view beside it (one thinned network, or the average of many), its
// numbers and its mask strip. Reads datasets, frames and settings; changes
// nothing.

import { createBoundaryView } from './boundary.js';
import { createTwinReadout } from './twin-readout.js';
import { TWIN_COLOURS } from './palette.js';
import { THINNED_AVERAGE_COUNT } from '../settings.js';

const AVERAGE = `Average of ${THINNED_AVERAGE_COUNT} thinned networks`;

/** What the training view's caption and canvas label say, per view and twin. */
function trainingViewText(view, withDropout, twinName) {
  if (view === 'average') {
    return {
      caption: withDropout
        ? `${AVERAGE} — close to the inference boundary: dropout trains an ensemble that the full, scaled network approximates`
        : `${AVERAGE} — without dropout each of them is the full network`,
      label: `Twin ${twinName} in training mode: the average prediction of ${THINNED_AVERAGE_COUNT} thinned networks`,
    };
  }
  return {
    caption: 'Training: one thinned network',
    label: `Twin ${twinName} in training mode: one thinned network, this step's mask`,
  };
}

const ratesText = (rates) => {
  const hidden = rates.slice(1);
  const parts = [];
  if (rates[0] > 0) parts.push(`inputs ${rates[0]}`);
  if (hidden.length && hidden.every((r) => r === hidden[0])) {
    if (hidden[0] > 0) parts.push(`${hidden.length > 1 ? 'every hidden layer' : 'the hidden layer'} ${hidden[0]}`);
  } else {
    hidden.forEach((r, i) => r > 0 && parts.push(`layer ${i + 1}: ${r}`));
  }
  return parts.length ? `Dropout rate: ${parts.join(', ')}` : 'Dropout rate 0: every unit is kept in training too';
};

/**
 * Makes twin `index`'s card (0: A, 1: B) from the page's <template id="twin-card">
 * and appends it to `parent`: ids, badge, name and canvas labels.
 */
export function mountTwinCard(template, parent, index) {
  const letter = 'AB'[index];
  const id = `twin-${letter.toLowerCase()}`;
  const card = template.content.firstElementChild.cloneNode(true);
  card.id = id;
  card.dataset.twin = String(index);
  card.setAttribute('aria-labelledby', `${id}-title`);
  card.querySelector('.twin__title').id = `${id}-title`;
  const badge = card.querySelector('.badge');
  badge.textContent = letter;
  badge.classList.add(`badge--${letter.toLowerCase()}`);
  card.querySelector('.twin__name').textContent = index === 0 ? 'With dropout' : 'Without dropout';
  for (const canvas of card.querySelectorAll('canvas[aria-label]')) {
    const label = canvas.getAttribute('aria-label');
    canvas.setAttribute('aria-label', `Twin ${letter} ${label[0].toLowerCase()}${label.slice(1)}`);
  }
  parent.append(card);
  return card;
}

export function createTwinView(card, index, { legend = null } = {}) {
  const boundary = createBoundaryView({
    canvas: card.querySelector('.boundary'),
    legend,
    curveColour: TWIN_COLOURS[index],
  });
  const thinnedFigure = card.querySelector('.twin__plot--thinned');
  const thinnedCanvas = card.querySelector('.boundary-thinned');
  const thinnedCaption = thinnedFigure.querySelector('.caption');
  const thinned = createBoundaryView({ canvas: thinnedCanvas, curveColour: TWIN_COLOURS[index] });
  const readout = createTwinReadout(card);
  const name = card.querySelector('.twin__name');
  const rates = card.querySelector('.twin__rates');
  function setDataset(ds) {
    boundary.setDataset(ds);
    thinned.setDataset(ds);
    readout.reset();
  }

  /** rates: this twin's [input, hidden...] rates; trainingView: 'off' | 'one' | 'average'. */
  function configure({ rates: r, trainingView }) {
    const any = r.some((x) => x > 0);
    name.textContent = any ? 'With dropout' : 'Without dropout';
    rates.textContent = ratesText(r);
    thinnedFigure.hidden = trainingView === 'off';
    card.classList.toggle('twin--thinned', !thinnedFigure.hidden);
    const text = trainingViewText(trainingView, any, 'AB'[index]);
    thinnedCaption.textContent = text.caption;
    thinnedCanvas.setAttribute('aria-label', text.label);
    return any ? 'with dropout' : 'without dropout';
  }

  /** twin: this twin's part of a frame; other: the other twin's (for the faint comparison curve). */
  function draw(twin, other) {
    boundary.draw({ prediction: twin.prediction, diverged: twin.diverged, ghost: other?.prediction ?? null });
    if (!thinnedFigure.hidden) {
      thinned.draw({ prediction: twin.thinned ?? twin.prediction, diverged: twin.diverged });
      // Which picture is up, and of which step (the average may lag while training).
      thinnedCanvas.dataset.view = twin.thinned ? twin.thinnedView : 'none';
      thinnedCanvas.dataset.step = String(twin.thinnedStep ?? twin.step);
    }
    readout.show(twin);
  }

  function redraw() {
    boundary.redraw();
    if (!thinnedFigure.hidden) thinned.redraw();
  }

  return { setDataset, configure, draw, redraw, reset: readout.reset };
}

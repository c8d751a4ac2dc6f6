// One twin's card: its inference boundary (or fitted curve), optionally the
// boundary of one thinned network beside it, its numbers and its mask strip.
// Reads datasets, frames and settings; changes nothing.

import { createBoundaryView } from './boundary.js';
import { createTwinReadout } from './twin-readout.js';
import { TWIN_COLOURS } from './palette.js';

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

export function createTwinView(card, index, { legend = null } = {}) {
  const boundary = createBoundaryView({ canvas: card.querySelector('.boundary'), legend, curveColour: TWIN_COLOURS[index] });
  const thinnedFigure = card.querySelector('.twin__plot--thinned');
  const thinned = createBoundaryView({ canvas: card.querySelector('.boundary-thinned'), curveColour: TWIN_COLOURS[index] });
  const readout = createTwinReadout(card);
  const name = card.querySelector('.twin__name');
  const rates = card.querySelector('.twin__rates');
  function setDataset(ds) {
    boundary.setDataset(ds);
    thinned.setDataset(ds);
    readout.reset();
  }

  /** rates: this twin's [input, hidden...] rates; showThinned: the training-mode view is on. */
  function configure({ rates: r, showThinned }) {
    const any = r.some((x) => x > 0);
    name.textContent = any ? 'With dropout' : 'Without dropout';
    rates.textContent = ratesText(r);
    thinnedFigure.hidden = !showThinned;
    card.classList.toggle('twin--thinned', !thinnedFigure.hidden);
    return any ? 'with dropout' : 'without dropout';
  }

  /** twin: this twin's part of a frame; other: the other twin's (for the faint comparison curve). */
  function draw(twin, other) {
    boundary.draw({ prediction: twin.prediction, diverged: twin.diverged, ghost: other?.prediction ?? null });
    if (!thinnedFigure.hidden) thinned.draw({ prediction: twin.thinned ?? twin.prediction, diverged: twin.diverged });
    readout.show(twin);
  }

  function redraw() {
    boundary.redraw();
    if (!thinnedFigure.hidden) thinned.redraw();
  }

  return { setDataset, configure, draw, redraw, reset: readout.reset };
}

// One twin's card: its inference boundary (or fitted curve), optionally a
// training view beside it (one thinned network, or the average of many), its
// numbers and its mask strip. Reads datasets, frames and settings; changes
// nothing.

import { createBoundaryView } from './boundary.js';
import { createTwinReadout } from './twin-readout.js';
import { TWIN_COLOURS } from './palette.js';
import { THINNED_AVERAGE_COUNT } from '../settings.js';
import { CLOSE, NEAR, lossSources } from '../verdict.js';

const averageOf = (count) => `Average of ${count ?? THINNED_AVERAGE_COUNT} thinned networks`;

/** What inference does with the units, in this twin's mode (the caption under its boundary). */
function inferenceText(withDropout, mode) {
  if (!withDropout) return 'Inference: every unit kept (no dropout in training either)';
  if (mode === 'original') return 'Inference: every unit kept, each output scaled by 1−rate (original dropout)';
  return 'Inference: every unit kept, no scaling (inverted dropout scaled kept units by 1/(1−rate) in training)';
}

/** How close the average of thinned networks is to the inference network, in words, from the measured distance. */
function closeness(distance) {
  if (distance < CLOSE) return 'close to the inference output: weight scaling approximates this ensemble well here';
  if (distance < NEAR) return 'near the inference output: weight scaling approximates this ensemble roughly here';
  return 'visibly off the inference output: weight scaling is only a loose approximation of this ensemble here';
}

/** What the training view's caption and canvas label say, per view and twin. */
function trainingViewText(view, withDropout, twinName, distance, count = null) {
  const AVERAGE = averageOf(count);
  if (view === 'average') {
    let caption = `${AVERAGE}: without dropout each of them is the full network`;
    if (withDropout) {
      caption =
        distance == null
          ? `${AVERAGE}: the ensemble dropout trains`
          : `${AVERAGE}: on average ${distance.toFixed(3)} from the inference output per point, ${closeness(distance)}`;
    }
    return {
      caption,
      label: `Twin ${twinName} in training mode: the average prediction of ${count ?? THINNED_AVERAGE_COUNT} thinned networks`,
    };
  }
  if (!withDropout) {
    return {
      caption: 'Training mode without dropout: the same network as at inference',
      label: `Twin ${twinName} in training mode, which without dropout is the inference network`,
    };
  }
  return {
    caption: "Training: one thinned network, this step's mask",
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
  const inferenceCaption = card.querySelector('.twin__plot:not(.twin__plot--thinned) .caption');
  const readout = createTwinReadout(card);
  const name = card.querySelector('.twin__name');
  const rates = card.querySelector('.twin__rates');
  // Where this twin's validation loss comes from: the circled points, in words.
  const pointsNote = document.createElement('p');
  pointsNote.className = 'twin__points caption';
  pointsNote.setAttribute('aria-live', 'off');
  // The notes under the plots share one row of the card's grid (the twins' rows line up).
  const notes = document.createElement('div');
  notes.className = 'twin__notes';
  card.querySelector('.twin__plots').after(notes);
  notes.append(pointsNote);
  // What the Monte-Carlo uncertainty overlay shows, in words (hidden when it is off).
  const uncertaintyNote = document.createElement('p');
  uncertaintyNote.className = 'twin__uncertainty caption';
  uncertaintyNote.hidden = true;
  notes.prepend(uncertaintyNote);
  let current = { any: false, trainingView: 'off', passes: 0 };
  let dataset = null;

  function setDataset(ds) {
    dataset = ds;
    boundary.setDataset(ds);
    thinned.setDataset(ds);
    readout.reset();
    readout.configure({ task: ds.task });
    pointsNote.textContent = '';
    uncertaintyNote.textContent = uncertaintyText(ds, current.any, current.passes, null);
  }

  /** rates: this twin's [input, hidden...] rates; trainingView: 'off' | 'one' | 'average'; mode: the scaling; maskPer. */
  function configure({ rates: r, trainingView, mode, maskPer, uncertainty = 0 }) {
    const any = r.some((x) => x > 0);
    readout.configure({ maskPer });
    current = { any, trainingView, passes: uncertainty };
    uncertaintyNote.hidden = uncertainty === 0;
    uncertaintyNote.textContent = uncertaintyText(dataset, any, uncertainty, null);
    name.textContent = any ? 'With dropout' : 'Without dropout';
    rates.textContent = ratesText(r);
    inferenceCaption.textContent = inferenceText(any, mode);
    thinnedFigure.hidden = trainingView === 'off' || dataset?.inputs > 2; // a table: no boundary to thin
    card.classList.toggle('twin--thinned', !thinnedFigure.hidden);
    const text = trainingViewText(trainingView, any, 'AB'[index], null);
    thinnedCaption.textContent = text.caption;
    thinnedCanvas.setAttribute('aria-label', text.label);
    return any ? 'with dropout' : 'without dropout';
  }

  /** twin: this twin's part of a frame; other: the other twin's (for the faint comparison curve). */
  function draw(twin, other) {
    const sources = dataset?.task === 'regression' ? null : lossSources(twin.pointLosses);
    boundary.draw({
      features: twin.features ?? null,
      prediction: twin.prediction,
      diverged: twin.diverged,
      ghost: other?.prediction ?? null,
      highlight: sources?.top ?? [],
      uncertainty: twin.uncertainty ?? null,
    });
    if (current.passes > 0)
      uncertaintyNote.textContent = uncertaintyText(dataset, current.any, current.passes, twin.uncertainty);
    pointsNote.textContent = describeSources(sources, 'AB'[index], dataset?.inputs > 2);
    if (!thinnedFigure.hidden) {
      thinned.draw({ prediction: twin.thinned ?? twin.prediction, diverged: twin.diverged });
      // Which picture is up, and of which step (the average may lag while training).
      thinnedCanvas.dataset.view = twin.thinned ? twin.thinnedView : 'none';
      thinnedCanvas.dataset.step = String(twin.thinnedStep ?? twin.step);
      if (twin.averageDistance != null) {
        thinnedCanvas.dataset.distance = String(twin.averageDistance);
        thinnedCaption.textContent = trainingViewText(
          'average',
          current.any,
          'AB'[index],
          twin.averageDistance,
        ).caption;
      }
    }
    readout.show(twin);
  }

  function redraw() {
    boundary.redraw();
    if (!thinnedFigure.hidden) thinned.redraw();
  }

  return { setDataset, configure, draw, redraw, reset: readout.reset, boundary };
}

/** The circled points in words: how many, their losses and their share of the validation loss. */
function describeSources(sources, who, table = false) {
  if (!sources || sources.top.length === 0) return '';
  if (table) {
    // No points drawn: the costliest validation rows in words only.
    const n = sources.top.length;
    const wrong = sources.confident > 0 ? `; ${sources.confident} confidently wrong (p < 1% for their class)` : '';
    return `Costliest validation rows: ${n === 1 ? '1 carries' : `${n} carry`} ${Math.round(sources.share * 100)}% of ${who}'s validation loss (loss ${sources.top.map((p) => p.loss.toFixed(1)).join(', ')})${wrong}.`;
  }
  const n = sources.top.length;
  const losses = sources.top.map((p) => p.loss.toFixed(1)).join(', ');
  const share = `${Math.round(sources.share * 100)}% of ${who}'s validation loss`;
  if (sources.confident > n)
    return `Circled: the ${n} costliest of ${sources.confident} confidently wrong validation points (p < 1% for their class), with loss ${losses}: ${share}.`;
  const wrong =
    sources.confident === 0
      ? ''
      : n === 1
        ? ', confidently wrong (p < 1% for its class)'
        : sources.confident === n
          ? ', all confidently wrong (p < 1% for their class)'
          : `, ${sources.confident} of them confidently wrong (p < 1% for their class)`;
  const points = n === 1 ? '1 validation point' : `${n} validation points`;
  return `Circled: ${points} with loss ${losses}${wrong}: ${share}.`;
}

/** The uncertainty overlay in words: what is shaded, of what, and how much there is. */
function uncertaintyText(ds, withDropout, passes, u) {
  if (!withDropout)
    return 'Uncertainty: none to show. Without dropout every pass is this same network, so Monte-Carlo dropout gives one answer.';
  if (!ds) return '';
  const n = `${passes} thinned networks`;
  const amount = u
    ? ` Mean over the ${ds.inputs === 1 ? 'curve' : 'plane'} ${u.meanStd.toFixed(3)}, largest ${u.maxStd.toFixed(3)}.`
    : '';
  if (ds.inputs === 1) return `Band: the mean of ${n} ± 2 standard deviations (Monte-Carlo dropout).${amount}`;
  const of =
    ds.task === 'regression'
      ? 'the predicted value'
      : ds.task === 'multiclass'
        ? 'the probability of the most likely class'
        : 'p(class 1)';
  return `Shaded: where ${n} disagree, darker for a larger standard deviation of ${of}${ds.task === 'regression' ? '' : ' (darkest at 0.5)'}.${amount}`;
}

// Each guided lesson's check: reads the live state and says whether the
// learner now sees what the card describes, with the numbers, or what to try.
// Pure: `live` is gathered by lesson-panel.js (node tests build it too).
//
// live: {
//   step, lessonStep (steps since the card was opened), running, dataset, rate (A's hidden rates),
//   diagram: 'training' | 'inference',
//   twins: [{ trainLoss, validationLoss, validationAccuracy, dropped (fraction, example 1), masksSeen }],
//   sweep: { state, best }, ensemble: { state, closeness }, coadapt: { state, largest: [a, b] }
// }
// Returns { ok: boolean, text }.

const f = (x) => (Number.isFinite(x) ? (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3)) : '–');
const pct = (x) => `${Math.round(x * 100)}%`;
const atStep = (live, step) => live.step >= step && !live.running;

export const CHECKS = {
  dropped(live) {
    const d = live.twins[0].dropped;
    if (live.step < 1 || d == null) return { ok: false, text: 'Press Step: no training step yet, so no mask.' };
    return {
      ok: true,
      text: `${pct(d)} of twin A's hidden units were dropped for example 1 at step ${live.step} (rate ${live.rate[0]}: about ${pct(live.rate[0])} expected). Twin B drops none.`,
    };
  },
  'masks-change'(live, { steps }) {
    const seen = live.twins[0].masksSeen;
    if (live.lessonStep < steps)
      return { ok: false, text: `Step ${steps - live.lessonStep} more time${steps - live.lessonStep > 1 ? 's' : ''}.` };
    return seen >= 2
      ? {
          ok: true,
          text: `${seen} different masks in ${live.lessonStep} steps: a different thinned network each time.`,
        }
      : { ok: false, text: 'The mask did not change: is the mask drawn once per epoch (More settings)?' };
  },
  'inference-view'(live) {
    return live.diagram === 'inference'
      ? {
          ok: true,
          text: `No unit is crossed now: at inference every unit is kept. Twin A's kept units were scaled by 1/(1 − ${live.rate[0]}) = ${(1 / (1 - live.rate[0])).toFixed(2)} in training (inverted dropout), so nothing is scaled here.`,
        }
      : { ok: false, text: 'The diagram still shows a training step: switch it to “Inference”.' };
  },
  overfit(live, { step }) {
    if (!atStep(live, step)) return { ok: false, text: `Train to step ${step} (now at ${live.step}).` };
    const [a, b] = live.twins;
    if (b.validationLoss > a.validationLoss && b.trainLoss < a.trainLoss)
      return {
        ok: true,
        text: `Twin B's validation loss (${f(b.validationLoss)}) is above A's (${f(a.validationLoss)}) while its training loss is lower (${f(b.trainLoss)} against ${f(a.trainLoss)}): that is overfitting, and dropout held it back.`,
      };
    return {
      ok: false,
      text: `Not this time: A ${f(a.validationLoss)}, B ${f(b.validationLoss)} validation loss. It holds on most data (about 4 datasets in 5 that we measured): press “New data” and train again.`,
    };
  },
  keras(live, { step }) {
    if (live.dataset !== 'tabular20')
      return {
        ok: false,
        text: 'This card is about the 20-feature data: choose “20 features (the lesson’s Keras example)” as the dataset, or press Back and Next to load the card’s settings.',
      };
    if (!atStep(live, step)) return { ok: false, text: `Train to step ${step} (now at ${live.step}).` };
    const [a, b] = live.twins;
    const acc = (t) => (Number.isFinite(t.validationAccuracy) ? pct(t.validationAccuracy) : '–');
    if (a.validationLoss < b.validationLoss)
      return {
        ok: true,
        text: `Twin B's training loss is ${f(b.trainLoss)}: it has memorised its 100 rows, and its validation loss is ${f(b.validationLoss)} against A's ${f(a.validationLoss)}. The accuracies are ${acc(a)} (A) and ${acc(b)} (B): measured over 60 runs they tie, so on this data the Dropout layers' gain is in the loss: B is sure of more wrong answers.`,
      };
    return {
      ok: false,
      text: `Not this time: A ${f(a.validationLoss)}, B ${f(b.validationLoss)} validation loss (in 60 runs we measured, A's was lower every time). Press “New data” and train again.`,
    };
  },
  underfit(live, { step, trainLoss }) {
    if (!atStep(live, step)) return { ok: false, text: `Train to step ${step} (now at ${live.step}).` };
    const [a, b] = live.twins;
    return a.trainLoss > trainLoss
      ? {
          ok: true,
          text: `At rate ${live.rate[0]} twin A's training loss is still ${f(a.trainLoss)} (twin B's ${f(b.trainLoss)}): it cannot fit even the points it trains on. That is underfitting.`,
        }
      : { ok: false, text: `Twin A's training loss is ${f(a.trainLoss)}: set its rates to 0.9 and train again.` };
  },
  sweep(live) {
    if (live.sweep.state !== 'done') return { ok: false, text: 'Run the sweep under “Which rate?”.' };
    return {
      ok: true,
      text: `The sweep's best rate by validation loss is ${live.sweep.best}; its chart shows the rates that underfit. One click there gives twin A that rate.`,
    };
  },
  ensemble(live) {
    if (live.ensemble.state !== 'done')
      return { ok: false, text: 'Press “Measure at this step” under “The ensemble”.' };
    return {
      ok: true,
      text: `Measured: the average of more thinned networks settles, and weight scaling stands in for it ${
        { close: 'closely', loose: 'only loosely', poor: 'poorly' }[live.ensemble.closeness] ?? ''
      } here. Read the panel's numbers.`,
    };
  },
  coadapt(live) {
    if (live.coadapt.state !== 'done')
      return { ok: false, text: 'Press “Remove each unit in turn” under “Co-adaptation”.' };
    const [a, b] = live.coadapt.largest;
    return a < b
      ? {
          ok: true,
          text: `Twin B's most important unit costs ${f(b)} of validation loss, twin A's ${f(a)}: A depends less on any one unit.`,
        }
      : {
          ok: false,
          text: `Here A's most important unit costs ${f(a)}, B's ${f(b)}: not the usual picture; train to the pause first.`,
        };
  },
  'max-norm'(live, { step, validationLoss }) {
    if (!atStep(live, step)) return { ok: false, text: `Train to step ${step} (now at ${live.step}).` };
    const [a, b] = live.twins;
    return b.validationLoss < validationLoss
      ? {
          ok: true,
          text: `With max-norm 1 twin B's validation loss is ${f(b.validationLoss)} (on this lesson without it, about 4.5 over 20 datasets) and twin A's ${f(a.validationLoss)}: the limit tames overfitting too, and the two combine.`,
        }
      : {
          ok: false,
          text: `Twin B's validation loss is ${f(b.validationLoss)}: max-norm did not tame it on this data (it did on about 4 datasets in 5 that we measured). Is max-norm at 1 in More settings? Or press “New data”.`,
        };
  },
  read() {
    return { ok: true, text: 'Nothing to check here.' };
  },
};

/** The check of a lesson card on the live state. */
export const runCheck = (card, live) => CHECKS[card.check.kind](live, card.check);

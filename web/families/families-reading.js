// The words of "Where dropout applies": what this step's masks show, and which
// network is ahead now on the validation data, by loss and by accuracy (they
// can disagree: accuracy counts right answers, the loss also weighs how sure
// each answer is). Pure functions of a lab frame (families-lab.js).

const fmt = (v) => v.toFixed(3);
const pct = (v) => `${Math.round(v * 100)} %`;
const short = (label) => label.split(':')[0].toLowerCase();

/**
 * One sentence per measure: who is ahead on the validation data at this step;
 * with `averages` (the CNNs' Monte-Carlo results), how the averages of thinned
 * networks compare with the networks that run at inference.
 */
export function readFrame(frame, variants, averages = null) {
  const m = frame.metrics;
  if (frame.step === 0) return 'Step 0: the three networks start from the same weights, so their numbers are equal.';
  const order = (key, sign) => m.map((x, i) => i).sort((a, b) => sign * (m[a][key] - m[b][key]));
  const byLoss = order('validationLoss', 1);
  const losses = byLoss.map((i) => `${short(variants[i].label)} ${fmt(m[i].validationLoss)}`).join(', ');
  let text = `Step ${frame.step}. Validation loss, lowest first: ${losses}.`;
  if (m[0].validationAccuracy !== null) {
    const byAcc = order('validationAccuracy', -1);
    const accs = byAcc.map((i) => `${short(variants[i].label)} ${pct(m[i].validationAccuracy)}`).join(', ');
    text += ` Validation accuracy, highest first: ${accs}.`;
    const best = m[byAcc[0]].validationAccuracy;
    const tiedTop = byAcc.filter((i) => m[i].validationAccuracy === best);
    if (!tiedTop.includes(byLoss[0]))
      text +=
        ' Loss and accuracy disagree: accuracy counts right answers, the loss also weighs how sure each answer is.';
  }
  if (averages) {
    const parts = averages
      .map((a, i) =>
        a ? `${short(variants[i].label)} ${fmt(a.loss)} (at inference ${fmt(m[i].validationLoss)})` : null,
      )
      .filter(Boolean);
    if (parts.length)
      text += ` Averaging ${averages.find(Boolean).passes} thinned networks instead: ${parts.join(', ')}; no dropout ${fmt(m[0].validationLoss)}.`;
  }
  return text;
}

/**
 * The Monte-Carlo average of one CNN at this step, beside the network at inference.
 * mc: { step, results } of this step (results null while it is computed), or null.
 */
export function describeAverage(network, mc, i, metrics) {
  if (network.key === 'none') return 'No dropout: no thinned networks to average.';
  if (!mc) return 'Pause to average its thinned networks.';
  if (!mc.results) return 'Averaging its thinned networks…';
  const average = mc.results[i];
  if (!average) return 'The rate is 0: every thinned network is this network.';
  return (
    `The average of ${average.passes} thinned networks: validation loss ${fmt(average.loss)}, accuracy ` +
    `${pct(average.accuracy)} (the network at inference: ${fmt(metrics.validationLoss)}, ${pct(metrics.validationAccuracy)}).`
  );
}

/** What one CNN's mask of this step shows. */
export function describeCnn(network, dropped, frame) {
  if (network.key === 'none') return 'No dropout: every activation of every map is kept.';
  if (!network.mask) return 'No mask yet: a fresh one is drawn at every training step.';
  const cells = frame.filters * frame.mapHeight * frame.mapWidth;
  if (network.key === 'spatial')
    return (
      `This step’s mask for one training image: ${dropped.droppedMaps} of ${frame.filters} maps dropped whole ` +
      '(crossed out). A map is a feature detector swept over the image: dropping it hides the feature everywhere.'
    );
  return (
    `This step’s mask for one training image: ${dropped.droppedCells} of ${cells} activations dropped (dark red), ` +
    'scattered over every map. Their neighbours, which see almost the same pixels, are still there.'
  );
}

/** What one RNN's recurrent mask of this step shows. */
export function describeRnn(network, constantUnits, frame) {
  if (network.key === 'none') return 'No dropout: no mask.';
  if (!network.mask && frame.step > 0) return 'The rate is 0: nothing is dropped.';
  if (!network.mask) return 'No mask yet: a fresh one is drawn at every training step.';
  return (
    `${constantUnits} of ${frame.units} units keep one mask value over all ${frame.steps} time steps` +
    (network.key === 'variational'
      ? ': one mask per sequence, the same at every step (rows are solid).'
      : ': a new mask at every step (rows flicker).')
  );
}

/**
 * The caption of the shown validation sequence: for the pattern, whether it
 * holds the pattern and each network's probability that it does; for the
 * curve, each network's mean squared error on this one sequence.
 */
export function describeSequence(frame, variants) {
  const name = (i) => short(variants[i].label);
  if (!frame.manyToMany) {
    const answers = frame.networks.map((n, i) => `${name(i)} ${pct(n.output[0])}`);
    return (
      `A validation sequence (grey). The pattern is ${frame.target[0] === 1 ? '' : 'not '}hidden in it; ` +
      `each network’s probability that it is: ${answers.join(', ')}.`
    );
  }
  const errors = frame.networks.map((n, i) => {
    let sum = 0;
    for (let t = 0; t < frame.target.length; t++) sum += (n.output[t] - frame.target[t]) ** 2;
    return `${name(i)} ${fmt(sum / frame.target.length)}`;
  });
  return (
    'A validation sequence (grey), the next value to predict (dashed) and each network’s prediction in its ' +
    `colour. Mean squared error on this sequence: ${errors.join(', ')}.`
  );
}

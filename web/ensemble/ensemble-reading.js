// What a measured ensemble (../worker-ensemble.js) shows, in words and only
// what its numbers show: the average of k thinned networks converges; weight
// scaling stands in for it closely, loosely or poorly; and which of them does
// better on the validation points. Pure, so node tests it.

const f3 = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(3));
const pct = (x) => `${Math.round(x * 100)}%`;

/** of: what the distances are of ('p(class 1)', 'the class probabilities', 'the predicted value'). */
export function ofWhat(task) {
  return { binary: 'p(class 1)', multiclass: 'the class probabilities', regression: 'the predicted value' }[task];
}

export function readEnsemble(m, task) {
  const { ks, toAll, toInference, K } = m;
  const at = (k) => ks.indexOf(k);
  const one = toAll[0]; // one thinned network from the average of all K
  const mid = Math.min(64, K / 4);
  const scaled = toInference[toInference.length - 1]; // weight scaling from the average of all K
  const sentences = [];
  sentences.push(
    `The average of k thinned networks settles as k grows: its distance to the average of all ${K} falls from ` +
      `${f3(one)} (one network) to ${f3(toAll[at(mid)])} (${mid}).`,
  );
  let closeness;
  if (scaled <= 0.25 * one) {
    closeness = 'close';
    sentences.push(
      `Weight scaling stands in for it closely here: the inference network is ${f3(scaled)} from the average of ${K}, ` +
        `against ${f3(one)} for one thinned network.`,
    );
  } else if (scaled < one) {
    closeness = 'loose';
    sentences.push(
      `Weight scaling stands in for it only loosely here: the inference network is ${f3(scaled)} from the average ` +
        `of ${K}, ${pct(scaled / one)} of one thinned network's ${f3(one)}; averaging more networks does not close that gap.`,
    );
  } else {
    closeness = 'poor';
    sentences.push(
      `Weight scaling is a poor stand-in here: the inference network is further from the average of ${K} ` +
        `(${f3(scaled)}) than one thinned network is (${f3(one)}).`,
    );
  }
  if (m.validation && m.inference) {
    const first = m.validation[0];
    const last = m.validation[m.validation.length - 1];
    const acc = (x) => (task === 'regression' || x.accuracy == null ? '' : `, ${pct(x.accuracy)}`);
    let text =
      `Validation loss: one thinned network ${f3(first.loss)}${acc(first)}, the average of ${K} ` +
      `${f3(last.loss)}${acc(last)}, the inference network ${f3(m.inference.loss)}${acc(m.inference)}.`;
    const d = last.loss - m.inference.loss;
    const lossSays = Math.abs(d) <= 0.02 * Math.max(last.loss, m.inference.loss) + 0.005 ? 0 : d < 0 ? 1 : -1; // 1: the average
    const da = task === 'regression' || last.accuracy == null ? 0 : last.accuracy - m.inference.accuracy;
    const accSays = Math.abs(da) < 1e-9 ? 0 : da > 0 ? 1 : -1;
    const who = (x) => (x > 0 ? 'the ensemble average' : 'weight scaling');
    if (lossSays === 0 && accSays === 0) text += ' The two agree.';
    else if (accSays === 0 || lossSays === accSays) text += ` Here ${who(lossSays || accSays)} does better.`;
    else if (lossSays === 0) text += ` Their losses agree; ${who(accSays)} has the higher accuracy.`;
    else
      text += ` Loss and accuracy disagree: ${who(lossSays)} has the lower loss, ${who(accSays)} the higher accuracy.`;
    sentences.push(text);
  }
  return { closeness, text: sentences.join(' ') };
}

// One twin's numbers (losses, accuracies, the generalisation gap) and a strip
// of the last training step's dropout mask for example 1, one row of squares
// per dropout site, with a key and the same count the network diagram gives
// (units dropped in example 1). It also mirrors the numbers into data- attributes of the
// card, for tests and the benchmark team. Reads frames, changes nothing.

const fmtLoss = (v) => (v == null ? '–' : Number.isFinite(v) ? v.toFixed(3) : 'diverged');
const fmtAcc = (v) => (v == null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const fmtGap = (v) => (v == null || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`);

const KEPT = 'rgb(28, 33, 40)';
const DROPPED = 'rgb(200, 200, 198)';
const MAX_SQUARES = 64; // per row; wider layers show their first 64 units

/**
 * Hidden units dropped in example 1 in the last step, as the network diagram
 * counts them: { dropped, total }, or null if no mask drops units outright.
 */
function droppedInExample1(masks) {
  let dropped = 0;
  let total = 0;
  for (const m of masks) {
    if (m.site === 0 || m.rows === 0 || (m.kind !== 'bernoulli' && m.kind !== 'alpha')) continue;
    for (let u = 0; u < m.units; u++) if (m.values[u] === 0) dropped += 1;
    total += m.units;
  }
  return total > 0 ? { dropped, total } : null;
}

/** Example 1's hidden-unit mask as text ("1" kept, "0" dropped, "~" scaled), one group per layer. */
function maskSignature(masks) {
  return masks
    .filter((m) => m.site > 0 && m.kind !== 'dropconnect' && m.rows > 0)
    .map((m) => Array.from(m.values.subarray(0, m.units), (v) => (v === 0 ? '0' : v === 1 ? '1' : '~')).join(''))
    .join('|');
}

export function createTwinReadout(card) {
  const field = (name) => card.querySelector(`[data-field="${name}"]`);
  const strip = card.querySelector('.mask-strip');
  const stripNote = card.querySelector('.mask-note');
  const ctx = strip.getContext('2d');
  // The strip is a picture with words: its summary is its accessible name.
  strip.removeAttribute('aria-hidden');
  strip.setAttribute('role', 'img');
  const key = document.createElement('p');
  key.className = 'mask-key caption';
  for (const cls of ['kept', 'dropped']) {
    const mark = document.createElement('span');
    mark.className = `mask-key__mark mask-key__mark--${cls}`;
    key.append(mark, ` ${cls}`);
  }
  key.append(' · one row per masked layer, top down, up to 64 units');
  key.setAttribute('aria-hidden', 'true');
  stripNote.after(key);
  let maskPer = 'example';
  // Monte-Carlo dropout's numbers beside the inference ones: the average of many thinned networks.
  const numbers = card.querySelector('.numbers');
  const mcRow = (name, label, title) => {
    const div = document.createElement('div');
    div.className = 'numbers__mc';
    div.title = title;
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.dataset.field = name;
    dd.textContent = '–';
    div.append(dt, dd);
    numbers.append(div);
    return div;
  };
  const mcTitle =
    'Monte-Carlo dropout: the mean prediction of 32 thinned networks (dropout on, as in training), the ensemble that weight scaling approximates';
  const mcRows = [
    mcRow('mc-loss', 'Validation loss, MC', mcTitle),
    mcRow('mc-accuracy', 'Validation accuracy, MC', mcTitle),
  ];
  const accuracyRows = ['train-accuracy', 'validation-accuracy'].map((f) => field(f).closest('div'));

  /** maskPer: how often a new mask is drawn ('example' | 'batch' | 'epoch'); task: hides accuracy for regression. */
  function configure({ maskPer: per, task }) {
    if (per) maskPer = per;
    if (task) for (const row of [...accuracyRows, mcRows[1]]) row.hidden = task === 'regression';
  }

  let bestValidation = Infinity; // the lowest validation loss since the last reset

  function reset() {
    bestValidation = Infinity;
    for (const el of card.querySelectorAll('[data-field]')) el.textContent = '–';
    for (const k of ['trainLoss', 'validationLoss', 'bestValidationLoss', 'dropped', 'mask', 'mcLoss'])
      delete card.dataset[k];
    card.dataset.epoch = '0';
    drawStrip([]);
    stripNote.textContent = 'Press Train or Step to see a mask.';
  }

  function show(t) {
    const { train, validation } = t.evaluation;
    field('train-loss').textContent = fmtLoss(train.loss);
    field('validation-loss').textContent = fmtLoss(validation?.loss);
    const gap = validation ? validation.loss - train.loss : null;
    field('gap').textContent = fmtGap(gap);
    field('gap').dataset.sign =
      gap == null || !Number.isFinite(gap) ? '' : gap > 0.05 ? 'positive' : gap < -0.05 ? 'negative' : 'zero';
    field('train-accuracy').textContent = fmtAcc(train.accuracy);
    field('validation-accuracy').textContent = fmtAcc(validation?.accuracy);
    // Without dropout every thinned network is the network: MC is the inference number.
    const noDropout = !t.masks.some((m) => m.rate > 0);
    // One row says so, instead of two rows repeating the inference numbers.
    mcRows[0].classList.toggle('numbers__mc--same', noDropout);
    mcRows[0].querySelector('dt').textContent = noDropout ? 'Monte-Carlo (MC)' : 'Validation loss, MC';
    field('mc-loss').textContent = noDropout ? '= inference: no dropout' : fmtLoss(t.mc?.loss);
    field('mc-accuracy').textContent = fmtAcc(t.mc?.accuracy);
    mcRows[1].classList.toggle('numbers__mc--folded', noDropout);
    if (t.mc) card.dataset.mcLoss = String(t.mc.loss);
    else delete card.dataset.mcLoss;
    card.dataset.epoch = String(t.epoch);
    card.dataset.trainLoss = String(train.loss);
    card.dataset.validationLoss = String(validation?.loss);
    if (validation && validation.loss < bestValidation) bestValidation = validation.loss;
    card.dataset.bestValidationLoss = String(bestValidation);
    card.dataset.diverged = String(t.diverged);
    const dropped = droppedInExample1(t.masks);
    if (dropped == null) delete card.dataset.dropped;
    else card.dataset.dropped = String(dropped.dropped / dropped.total);
    card.dataset.mask = maskSignature(t.masks);
    drawStrip(t.masks);
    stripNote.textContent = stripText(t, dropped);
    strip.setAttribute('aria-label', `Dropout mask of example 1: ${stripNote.textContent}`);
  }

  function stripText(t, dropped) {
    if (t.step === 0) return 'Not trained yet: no mask.';
    const anyRate = t.masks.some((m) => m.rate > 0);
    if (!anyRate) return 'No dropout: every unit is kept in every step.';
    const held =
      maskPer === 'epoch'
        ? ` This mask is held for the whole of epoch ${t.epoch}: every step of it drops the same units.`
        : maskPer === 'batch'
          ? ' One mask for the whole minibatch: every example of this step drops the same units.'
          : '';
    if (dropped == null)
      return `Step ${t.step}: ${t.masks.find((m) => m.rate > 0)?.kind ?? ''} noise, no unit removed outright.${held}`;
    return `Step ${t.step}, example 1: ${dropped.dropped} of ${dropped.total} hidden units dropped.${held}`;
  }

  /** One row per dropout site: dark = kept, light and crossed = dropped, shaded = Gaussian factor. */
  function drawStrip(masks) {
    const rows = masks.filter((m) => m.kind !== 'dropconnect' && m.rows > 0 && (m.site > 0 || m.rate > 0));
    const dpr = globalThis.devicePixelRatio || 1;
    const cssW = strip.clientWidth || 200;
    const cell = Math.max(3, Math.min(9, Math.floor(cssW / MAX_SQUARES)));
    const cssH = Math.max(1, rows.length) * (cell + 3);
    strip.style.height = `${cssH}px`;
    strip.width = Math.round(cssW * dpr);
    strip.height = Math.round(cssH * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    rows.forEach((m, r) => {
      const n = Math.min(m.units, MAX_SQUARES);
      for (let u = 0; u < n; u++) {
        const v = m.values[u];
        const x = u * cell;
        const y = r * (cell + 3);
        if (m.kind === 'gaussian') {
          const shade = Math.max(0, Math.min(1, v / 2));
          ctx.fillStyle = `rgba(28, 33, 40, ${0.15 + 0.85 * shade})`;
        } else {
          ctx.fillStyle = v === 0 ? DROPPED : KEPT;
        }
        ctx.fillRect(x, y, cell - 1, cell);
      }
    });
  }

  reset();
  return { reset, show, configure };
}

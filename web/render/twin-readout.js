// One twin's numbers (losses, accuracies, the generalisation gap) and a strip
// of the last training step's dropout mask for example 1, one row of squares
// per dropout site. It also mirrors the numbers into data- attributes of the
// card, for tests and the benchmark team. Reads frames, changes nothing.

const fmtLoss = (v) => (v == null ? '–' : Number.isFinite(v) ? v.toFixed(3) : 'diverged');
const fmtAcc = (v) => (v == null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const fmtGap = (v) => (v == null || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`);

const KEPT = 'rgb(28, 33, 40)';
const DROPPED = 'rgb(200, 200, 198)';
const MAX_SQUARES = 64; // per row; wider layers show their first 64 units

/** Fraction of hidden units dropped in the last step (all rows), or null if no mask says. */
function droppedFraction(masks) {
  let zeros = 0;
  let total = 0;
  for (const m of masks) {
    if (m.site === 0 || (m.kind !== 'bernoulli' && m.kind !== 'alpha')) continue;
    for (const v of m.values) if (v === 0) zeros += 1;
    total += m.values.length;
  }
  return total > 0 ? zeros / total : null;
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

  let bestValidation = Infinity; // the lowest validation loss since the last reset

  function reset() {
    bestValidation = Infinity;
    for (const el of card.querySelectorAll('[data-field]')) el.textContent = '–';
    for (const k of ['trainLoss', 'validationLoss', 'bestValidationLoss', 'dropped', 'mask']) delete card.dataset[k];
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
    field('train-accuracy').textContent = fmtAcc(train.accuracy);
    field('validation-accuracy').textContent = fmtAcc(validation?.accuracy);
    card.dataset.epoch = String(t.epoch);
    card.dataset.trainLoss = String(train.loss);
    card.dataset.validationLoss = String(validation?.loss);
    if (validation && validation.loss < bestValidation) bestValidation = validation.loss;
    card.dataset.bestValidationLoss = String(bestValidation);
    card.dataset.diverged = String(t.diverged);
    const dropped = droppedFraction(t.masks);
    if (dropped == null) delete card.dataset.dropped;
    else card.dataset.dropped = String(dropped);
    card.dataset.mask = maskSignature(t.masks);
    drawStrip(t.masks);
    stripNote.textContent = stripText(t, dropped);
  }

  function stripText(t, dropped) {
    if (t.step === 0) return 'Not trained yet: no mask.';
    const anyRate = t.masks.some((m) => m.rate > 0);
    if (!anyRate) return 'No dropout: every unit is kept in every step.';
    if (dropped == null)
      return `Step ${t.step}: ${t.masks.find((m) => m.rate > 0)?.kind ?? ''} noise, no unit removed outright.`;
    return `Step ${t.step}: ${Math.round(dropped * 100)}% of hidden units dropped (example 1 shown).`;
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
  return { reset, show };
}

// What happened during this run that one frame does not say: each twin's best
// validation loss so far and its epoch (early stopping made visible), and the
// epochs at which a live setting changed. Fed by frames and by main.js; read
// by the loss chart and the verdict. Reset with the networks.

export function createRunHistory() {
  let best = [null, null]; // per twin: { loss, epoch }
  let changes = []; // { epoch, label }

  return {
    reset() {
      best = [null, null];
      changes = [];
    },
    /** Takes a frame's validation losses. */
    push(frame) {
      frame.twins.forEach((t, i) => {
        const loss = t.evaluation.validation?.loss;
        if (t.diverged || !Number.isFinite(loss) || frame.step === 0) return;
        if (!best[i] || loss < best[i].loss) best[i] = { loss, epoch: frame.epoch, step: frame.step };
      });
    },
    /** A live setting changed at this epoch (only marked once training has started). */
    markChange(epoch, label) {
      if (epoch <= 0) return;
      const last = changes[changes.length - 1];
      if (last && last.epoch === epoch) last.label = label;
      else changes.push({ epoch, label });
    },
    best: (i) => best[i],
    get changes() {
      return changes;
    },
  };
}

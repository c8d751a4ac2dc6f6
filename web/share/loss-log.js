// Every epoch's losses and accuracies of both twins, for the CSV export (the
// chart thins old points; this keeps them all, up to MAX_ROWS).

export const MAX_ROWS = 100000;
const COLUMNS = [
  'epoch',
  'step',
  'A_train_loss',
  'A_validation_loss',
  'A_train_accuracy',
  'A_validation_accuracy',
  'B_train_loss',
  'B_validation_loss',
  'B_train_accuracy',
  'B_validation_accuracy',
];

export function createLossLog() {
  let rows = [];
  return {
    reset() {
      rows = [];
    },
    /** Takes a frame, once per epoch. */
    push(frame) {
      const last = rows[rows.length - 1];
      if ((last && frame.epoch <= last[0]) || rows.length >= MAX_ROWS) return;
      const row = [frame.epoch, frame.step];
      for (const t of frame.twins) {
        const e = t.evaluation;
        row.push(e.train.loss, e.validation?.loss ?? null, e.train.accuracy, e.validation?.accuracy ?? null);
      }
      rows.push(row);
    },
    get length() {
      return rows.length;
    },
    /** CSV with a header row; an empty cell where a value does not exist (no validation set, regression). */
    toCSV() {
      const cell = (v) =>
        v == null || !Number.isFinite(v) ? (Number.isNaN(v) ? 'NaN' : v == null ? '' : String(v)) : String(v);
      return [COLUMNS.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
    },
  };
}

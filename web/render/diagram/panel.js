// The words around the network diagram, for the twin it shows: the panel's
// title, the canvas's accessible name and the caption's sentence on dropped
// units, which twin B without dropout must not have; the panel's data-twin
// (the layer cards above it set twin A's rates, which it then says). Reads,
// changes no setting.

export function createDiagramPanel({ panel, title, canvas, dropoutNote, plainNote }) {
  let shown = '';

  /** twin: 'A' | 'B'; withDropout: any of its rates above 0. */
  return function describe({ twin, withDropout }) {
    const key = `${twin}|${withDropout}`;
    if (key === shown) return;
    shown = key;
    panel.dataset.twin = twin;
    title.textContent = `Inside twin ${twin}`;
    canvas.setAttribute(
      'aria-label',
      `Network diagram of twin ${twin}: layers, units and weights; ` +
        (withDropout ? 'in a training step, dropped units greyed and crossed' : 'no dropout, so every unit is kept'),
    );
    dropoutNote.hidden = !withDropout;
    plainNote.hidden = withDropout;
    plainNote.textContent = ` Twin ${twin} trains without dropout: every unit is kept in every step, so its training step and inference look alike.`;
  };
}

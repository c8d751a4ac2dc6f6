// Silencing units by hand: a click on a hidden unit of the network diagram
// silences it at inference in the twin the diagram shows (its boundary,
// numbers and thumbnails are then those of the network without it; training
// is unchanged); a second click brings it back. The lists live here and go to
// the worker; new networks start with none.
//
//   const silencer = createSilencer({ canvas, diagram, note, send });
//   silencer.list(twin)   // [{ layer, unit }] for 'A' or 'B', to draw

export function createSilencer({ canvas, diagram, note, send }) {
  const lists = { A: [], B: [] };
  let twin = 'A';
  let hidden = 0; // hidden layers of the current networks

  function describe() {
    const words = (l) => l.map((u) => `hidden ${u.layer} unit ${u.unit + 1}`).join(', ');
    const parts = ['A', 'B'].filter((t) => lists[t].length > 0).map((t) => `twin ${t}: ${words(lists[t])}`);
    note.hidden = parts.length === 0;
    note.textContent = parts.length
      ? `Silenced at inference (click a unit again to bring it back): ${parts.join('; ')}. The boundaries and numbers are without them; training is not.`
      : '';
  }

  canvas.addEventListener('click', (e) => {
    const rect = canvas.getBoundingClientRect();
    const hit = diagram.hitTest(e.clientX - rect.left, e.clientY - rect.top);
    if (!hit || hit.layer < 1 || hit.layer > hidden) return; // inputs and outputs are not units to silence
    const list = lists[twin];
    const at = list.findIndex((u) => u.layer === hit.layer && u.unit === hit.unit);
    if (at >= 0) list.splice(at, 1);
    else list.push({ layer: hit.layer, unit: hit.unit });
    send(
      twin === 'A' ? 0 : 1,
      list.map((u) => ({ ...u })),
    );
    describe();
  });

  return {
    /** The twin the diagram shows. */
    setTwin(t) {
      twin = t === 'B' ? 'B' : 'A';
    },
    /** New networks (hiddenLayers of them): nothing silenced. */
    reset(hiddenLayers) {
      hidden = hiddenLayers;
      lists.A = [];
      lists.B = [];
      describe();
    },
    list: (t) => lists[t === 'B' ? 'B' : 'A'],
  };
}

// The network diagram: a column of units per layer (inputs, each hidden
// layer, the output), the weights as curves between them, and what dropout
// does at one training step: dropped units greyed and crossed, DropConnect's
// dropped weights left out, Gaussian noise factors as small gauges. Hidden
// units show a thumbnail of what they respond to over the input plane.
// It reads a view and draws it; it never changes the network or the state.
//
//   const diagram = createNetworkDiagram(canvas, { maxUnitsShown: 16 });
//   diagram.draw({ layerSizes, weights, masks, example, unitGrids, mode, inputLabels, outputLabel, activations, twin, silenced });
//   diagram.hitTest(x, y)        → { layer, unit } | null   (CSS px inside the canvas; layer 0 = inputs)
//   diagram.unitCenter(layer, u) → { x, y, half } | null    (the inverse, for tooltips and tests)
//   diagram.columns()            → [{ x, half }] per layer   (where the columns are, for controls placed on them)
//   diagram.textBoxes()          → [{ kind, text, x, y, w, h }]  every text drawn, for tests
//
// canvas.dataset says what is drawn: mode, twin, dropped, droppedWeights, more
// (units not drawn, per column), columns (their x, CSS px), note, captions
// ('wide' | 'compact') and textProblems (texts cut off by the edge or running
// into another: 0).
//
// The parts: diagram/layout.js (captions and positions), diagram/masks.js
// (what the masks remove), diagram/weights.js, diagram/units.js and
// diagram/text.js (drawing), diagram/style.js (colours and fonts).
//
// It is called ~30 times a second while training, so the layout is cached per
// (layer sizes, captions, canvas size), the thumbnails are painted into one
// reused ImageData, and the weights are stroked in a few batched paths.
// There is no animation, so prefers-reduced-motion needs nothing here.

import { buildLayout, sameSizes, updateCaptions, widestCaption } from './diagram/layout.js';
import { applyUnitMasks, classifyLinks, collectMasks, createSummary } from './diagram/masks.js';
import { drawWeights } from './diagram/weights.js';
import { createAtlas, drawUnits } from './diagram/units.js';
import { createTextBoxes, drawCaptions, drawNote } from './diagram/text.js';

export function createNetworkDiagram(canvas, { maxUnitsShown = 16 } = {}) {
  const maxShown = Math.max(2, Math.floor(maxUnitsShown));
  const ctx = canvas.getContext('2d');
  const atlas = createAtlas();
  const captions = []; // per column: { key, title, details: [lines], width }
  const masks = { unit: [], dropConnect: [] }; // this frame's mask per dropout site
  const summary = createSummary();
  const texts = createTextBoxes();
  let layout = null;
  // The last values written to canvas.dataset (written only when they change).
  const written = {};

  /** Sizes the backing store to the CSS size times the device pixel ratio. */
  function fitCanvas() {
    const dpr = globalThis.devicePixelRatio || 1;
    const cssWidth = canvas.clientWidth;
    const cssHeight = canvas.clientHeight;
    const w = Math.max(1, Math.round(cssWidth * dpr));
    const h = Math.max(1, Math.round(cssHeight * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    return { dpr, cssWidth, cssHeight };
  }

  function setData(key, value) {
    if (written[key] === value) return;
    written[key] = value;
    canvas.dataset[key] = String(value);
  }

  /**
   * Lays the columns out again. Captions wrap to the column gap and the gap
   * depends on the captions, so this settles it in a few passes: wide captions
   * first; compact ones if a wide caption would not fit between two columns.
   */
  function relayout(view, size, thumbnails) {
    const options = { maxShown, thumbnails, compact: false };
    updateCaptions(ctx, captions, view, masks, 1e9, false);
    layout = buildLayout(ctx, view, size, captions, options);
    if (updateCaptions(ctx, captions, view, masks, layout.captionWidth, false)) {
      layout = buildLayout(ctx, view, size, captions, options);
    }
    if (widestCaption(captions) > layout.gap - 6 && view.layerSizes.length > 2) {
      options.compact = true;
      updateCaptions(ctx, captions, view, masks, 1e9, true);
      layout = buildLayout(ctx, view, size, captions, options);
    }
  }

  function needsLayout(view, size, thumbnails) {
    if (!layout || !sameSizes(layout, view.layerSizes)) return true;
    if (layout.cssWidth !== size.cssWidth || layout.cssHeight !== size.cssHeight || layout.dpr !== size.dpr) {
      return true;
    }
    if (layout.thumbnails !== thumbnails) return true;
    // The words of the captions (a rate changed, say): same style and width as now.
    const width = layout.compact ? 1e9 : layout.captionWidth;
    return updateCaptions(ctx, captions, view, masks, width, layout.compact);
  }

  function draw(view) {
    const size = fitCanvas();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    texts.clear();
    const sizes = view?.layerSizes;
    if (!sizes || sizes.length < 2 || size.cssWidth < 40 || size.cssHeight < 40) {
      layout = null;
      return;
    }
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    const training = (view.mode ?? 'training') !== 'inference';
    const grids = view.unitGrids;
    const thumbnails = !!(grids && grids.width > 0 && grids.height > 0 && grids.data);

    collectMasks(view, sizes.length, masks);
    if (needsLayout(view, size, thumbnails)) relayout(view, size, thumbnails);

    applyUnitMasks(layout, masks, view, training, summary);
    classifyLinks(layout, masks, view, training, summary);
    const note = drawNote(ctx, layout, training, summary, texts, view);
    drawWeights(ctx, layout);
    if (thumbnails) atlas.paint(layout, grids, maxShown);
    drawUnits(
      ctx,
      layout,
      thumbnails ? { canvas: atlas.canvas, width: grids.width, height: grids.height } : null,
      texts,
    );
    drawCaptions(ctx, layout, captions, view, texts);
    drawSilenced(view.silenced ?? []);

    setData('note', note); // the same words for tests (and a page that wants them)
    setData('mode', training ? 'training' : 'inference');
    setData('twin', view.twin ?? '');
    setData('dropped', summary.dropped);
    setData('droppedWeights', summary.removed);
    let more = '';
    for (let c = 0; c < sizes.length; c++) more += (c ? ',' : '') + layout.cols[c].more;
    setData('more', more);
    setData('columns', layout.cols.map((c) => Math.round(c.x)).join(','));
    setData('captions', layout.compact ? 'compact' : 'wide');
    setData('textProblems', texts.problems(size.cssWidth, size.cssHeight));
  }

  /** Units silenced at inference (a click on them): a red frame and slash over each one drawn. */
  function drawSilenced(list) {
    let shown = 0;
    ctx.save();
    ctx.strokeStyle = 'rgb(190, 40, 40)';
    ctx.lineWidth = 2;
    for (const { layer, unit } of list) {
      const c = unitCenter(layer, unit);
      if (!c) continue;
      shown += 1;
      const r = c.half + 3;
      ctx.strokeRect(c.x - r, c.y - r, 2 * r, 2 * r);
      ctx.beginPath();
      ctx.moveTo(c.x - r, c.y + r);
      ctx.lineTo(c.x + r, c.y - r);
      ctx.stroke();
    }
    ctx.restore();
    setData('silenced', shown);
  }

  /** The unit under (x, y) in CSS px from the canvas's top-left corner, or null. */
  function hitTest(x, y) {
    if (!layout) return null;
    for (let c = 0; c < layout.cols.length; c++) {
      const col = layout.cols[c];
      if (Math.abs(x - col.x) > col.half + 2) continue;
      const reach = Math.min(col.half + 2, layout.pitch / 2); // a little slack, but never into the next unit
      for (let u = 0; u < col.count; u++) {
        if (Math.abs(y - col.ys[u]) <= reach) return { layer: c, unit: u };
      }
    }
    return null;
  }

  /** Where unit `unit` of column `layer` is drawn (CSS px), or null if it is not drawn. */
  function unitCenter(layer, unit) {
    const col = layout?.cols[layer];
    if (!col || !(unit >= 0 && unit < col.count)) return null;
    return { x: col.x, y: col.ys[unit], half: col.half };
  }

  /** Each column's centre and unit half-size (CSS px), or [] before the first draw. */
  const columns = () => (layout ? layout.cols.map((c) => ({ x: c.x, half: c.half })) : []);

  const textBoxes = () => texts.boxes.map((b) => ({ ...b }));

  return { draw, hitTest, unitCenter, columns, textBoxes };
}

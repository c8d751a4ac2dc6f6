// How much work the worker puts into one frame, so that a frame arrives at
// least every 250 ms whatever the settings (6 layers of 256 units in Turbo,
// with the average of 16 thinned networks, is seconds of work per frame at
// full detail):
//
// - the training steps per chunk are capped by the measured time of a step;
// - the views get coarser (the boundaries' grid, then the average's grid and
//   the number of networks it averages) while a frame would cost more than
//   FRAME_BUDGET_MS, and finer again when the finer level is cheap;
// - a costly network diagram (its thumbnails are a forward pass per unit
//   over a grid) is sent with one frame in DIAGRAM_EVERY_MS while training.
//
// A frame's cost is predicted as forward passes (one point through the
// network each) × multiply-adds per pass × a measured time per multiply-add,
// learned from the frames themselves. frame.load (report()) says what was
// done, for the page's busy indicator and captions. Used by worker.js only.

const CHUNK_MS = 140; // training plus its frame, with room for the message, the paint and a busy machine
const FRAME_BUDGET_MS = 90; // what a frame's views may cost before they get coarser
const DIAGRAM_SHARE = 0.15; // a costly diagram: sent so that it takes at most this share of the time while training
const DIAGRAM_EVERY_MS = 400; // and at least this far apart
const FINER_BELOW = 0.5; // back to a finer level when it would cost less than this share of the budget
const CURVE_PASSES = 200; // a 1-D curve's samples (worker-twin.js)
// The diagram's per-unit thumbnails (worker-twin.js: 20×20 cells, every unit's
// activation copied out): measured at about three forward passes per cell.
const THUMB_PASSES = 3 * 20 * 20;

/**
 * Levels of detail, finest first: boundaries' grid side, the average's grid
 * side and count. The grids get coarser first: the number of networks
 * averaged (what the ensemble lesson is about) only when they are small.
 */
export const LEVELS = [
  { grid: 100, averageGrid: 50, averageCount: 16 },
  { grid: 64, averageGrid: 40, averageCount: 16 },
  { grid: 48, averageGrid: 32, averageCount: 16 },
  { grid: 32, averageGrid: 24, averageCount: 16 },
  { grid: 24, averageGrid: 16, averageCount: 8 },
  { grid: 16, averageGrid: 12, averageCount: 4 },
  { grid: 12, averageGrid: 10, averageCount: 2 },
];

export function createLoad() {
  let macs = 1; // multiply-adds of one forward pass of one point
  let points = 0; // training and validation points
  let inputs = 2;
  let hidden = 0;
  let dropout = [true, false]; // which twin has any rate above 0
  let msPerMac = 2e-7; // learned from the frames; kept across new networks (it is the machine)
  let stepMs = null; // learned per pair of networks: one training step of both twins
  let level = 0;
  let diagramAt = -Infinity; // when the last diagram was sent
  let diagramMs = null; // measured: what the diagram adds to a frame (ms), this pair of networks
  let plainFrameMs = null; // measured: a frame without it (ms)
  const lastAverage = ['', '']; // the average each twin showed last, to tell a recomputed one

  function configure(dataset, specs) {
    const sizes = [dataset.inputs, ...specs[0].layers, dataset.outputs];
    macs = 0;
    for (let i = 0; i + 1 < sizes.length; i++) macs += sizes[i] * sizes[i + 1];
    points = dataset.train.count + (dataset.validation?.count ?? 0);
    inputs = dataset.inputs;
    hidden = specs[0].layers.length;
    dropout = specs.map((s) => s.rates.some((r) => r > 0));
    stepMs = null;
    diagramMs = plainFrameMs = null;
    lastAverage.fill('');
  }

  function updated(updates) {
    updates.forEach((u, i) => {
      if (u.rates) dropout[i] = u.rates.some((r) => r > 0);
    });
  }

  /** The view at level l: the page's own grids and count at level 0, never finer than asked. */
  function viewAt(view, l) {
    if (l === 0) return view;
    const L = LEVELS[l];
    const side = (asked, most) => Math.min(asked, most);
    const grid = side(view.grid.width, L.grid);
    const averageGrid = side(view.average.grid.width, L.averageGrid);
    return {
      ...view,
      grid: { width: grid, height: grid },
      average: {
        grid: { width: averageGrid, height: averageGrid },
        count: Math.min(view.average.count, L.averageCount),
      },
    };
  }

  const diagramPasses = () => (inputs === 2 && hidden > 0 ? THUMB_PASSES : 0);

  /** Forward passes of the costliest frame of this view (the one that recomputes the average), without the diagram. */
  function passes(v, averageFresh = [true, true]) {
    const cells = inputs === 2 ? v.grid.width * v.grid.height : CURVE_PASSES;
    const averageCells = inputs === 2 ? v.average.grid.width * v.average.grid.height : CURVE_PASSES;
    let p = 2 * cells + 2 * points;
    if (v.thinned === 'one') p += 2 * cells;
    if (v.thinned === 'average') {
      for (let i = 0; i < 2; i++) {
        // Without dropout the average is one pass; either way one more to measure its distance.
        if (averageFresh[i]) p += ((dropout[i] ? v.average.count : 1) + 1) * averageCells;
      }
    }
    return p;
  }

  const modelledDiagramMs = () => diagramPasses() * macs * msPerMac;
  const diagramCostMs = () => Math.max(diagramMs ?? 0, modelledDiagramMs());
  const predictMs = (v, withDiagram = false) => passes(v) * macs * msPerMac + 1 + (withDiagram ? diagramCostMs() : 0);

  /** Does the next frame carry the diagram? Always when paused or cheap; while training a costly one now and then. */
  function diagramDue(running) {
    const now = performance.now();
    const cost = diagramCostMs();
    const cheap = cost < 0.2 * FRAME_BUDGET_MS;
    if (!running || cheap || now - diagramAt >= Math.max(DIAGRAM_EVERY_MS, cost / DIAGRAM_SHARE)) {
      diagramAt = now;
      return true;
    }
    return false;
  }

  /** The view for the next frame, at the finest level whose frame fits the budget. */
  function viewFor(view) {
    while (level < LEVELS.length - 1 && predictMs(viewAt(view, level)) > FRAME_BUDGET_MS) level++;
    while (level > 0 && predictMs(viewAt(view, level - 1)) < FINER_BELOW * FRAME_BUDGET_MS) level--;
    return viewAt(view, level);
  }

  /** Learns the time per multiply-add from a frame's measured time. */
  function measuredFrame(v, frames, ms, withDiagram) {
    // What the diagram adds: frames with it against frames without (averages of each).
    const average = (old, x) => (old == null ? x : old + 0.3 * (x - old));
    if (!withDiagram) plainFrameMs = average(plainFrameMs, ms);
    else if (plainFrameMs != null) diagramMs = average(diagramMs, Math.max(0, ms - plainFrameMs));
    const fresh = frames.map((t, i) => {
      if (t.thinnedView !== 'average') return false;
      const key = `${t.thinnedStep}|${v.average.grid.width}|${v.average.count}`;
      const changed = key !== lastAverage[i];
      lastAverage[i] = key;
      return changed;
    });
    // A costly diagram's time is measured apart (above); a cheap one counts as modelled.
    if (withDiagram && diagramCostMs() >= 0.2 * FRAME_BUDGET_MS) return;
    const work = (passes(v, fresh) + (withDiagram ? diagramPasses() : 0)) * macs;
    if (work < 2e6 || ms < 2) return; // too little to time
    const measured = (ms - 1) / work;
    const rate = measured > msPerMac ? 0.5 : 0.2; // slower than thought: believe it sooner
    msPerMac = Math.min(1e-4, Math.max(1e-10, msPerMac + rate * (measured - msPerMac)));
  }

  function measuredSteps(steps, ms) {
    if (steps <= 0) return;
    const perStep = ms / steps;
    stepMs = stepMs == null ? perStep : stepMs + 0.3 * (perStep - stepMs);
  }

  /** Steps for the next chunk: what the speed asks, as far as a frame every CHUNK_MS allows. */
  function stepsFor(view, withDiagram) {
    const asked = view.steps;
    if (stepMs == null) return Math.min(asked, 2); // a first, short chunk times a step
    const room = CHUNK_MS - predictMs(viewAt(view, level), withDiagram);
    return Math.max(1, Math.min(asked, Math.floor(room / stepMs)));
  }

  /** Time left for training in a chunk whose frame is predicted as such. */
  const trainBudgetMs = (view, withDiagram) => Math.max(0, CHUNK_MS - predictMs(viewAt(view, level), withDiagram));

  /** What the last frame did, for the page: frame.load. */
  function report(view, steps, trainMs, frameMs) {
    const v = viewAt(view, level);
    return {
      stepsAsked: view.steps,
      steps,
      trainMs,
      frameMs,
      level,
      grid: v.grid.width,
      averageGrid: v.average.grid.width,
      averageCount: v.average.count,
    };
  }

  return { configure, updated, viewFor, diagramDue, measuredFrame, measuredSteps, stepsFor, trainBudgetMs, report };
}

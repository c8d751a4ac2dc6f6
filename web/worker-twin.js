// One of the two twin networks, inside the worker: builds the wasm Network
// from a spec, trains it, and copies out what a frame needs. Copies, because
// views into wasm memory go stale at the next call (and can't be transferred).

import { mcValidation } from './worker-mc.js';
import { uncertainty } from './worker-uncertainty.js';
import { ablationProbe, ensembleProbe, thinnedSamples } from './worker-probes.js';
import { addInto, copyPrediction, outputsOf } from './worker-outputs.js';
import { featureReliance } from './features.js';
import { networkConfig, restoreChecked } from './worker-config.js';

// (networkConfig lives in ./worker-config.js; re-exported for the modules and tests that import it from here.)
export { networkConfig };

const CURVE_SAMPLES = 200; // points on the fitted curve of a 1-D regression
const THUMB = 20; // per-unit thumbnail cells per side (network diagram)
// While training, at most this share of the worker's time goes to the average
// of thinned networks (it costs one pass per network); between recomputations
// the last average is shown again. Paused or stepping, it is always current.
const AVERAGE_DUTY = 0.25;
const MC_MIN_MS = 250; // Monte-Carlo validation numbers at most 4 times a second while training

/** spec: the twin's settings; snapshot: a saved network to continue (see ./share/experiment-file.js). */
export function createTwin(dp, dataset, spec, snapshot = null, name = 'A') {
  const config = networkConfig(dataset, spec);
  const net = snapshot ? restoreChecked(dp, config, snapshot, name) : new dp.Network(config);
  try {
    net.setData(dataset);
  } catch (err) {
    net.delete();
    throw err;
  }
  // What the latest train() returned; a restored network starts at its saved step.
  let last = snapshot ? { step: snapshot.step, epoch: snapshot.epoch, loss: null } : null;
  let batchLoss = null;
  let diverged = false;
  let rates = spec.rates; // [input, hidden...], as update() last set them
  let version = 0; // bumped by update(): the same step may now be another network
  let average = null; // the last average of thinned networks, see trainingView()

  function train(steps) {
    if (diverged) return;
    last = net.train(steps);
    batchLoss = last.loss;
    if (last.diverged) diverged = true;
  }

  /** The x positions of a 1-D curve. */
  function curveXs() {
    const { box } = dataset;
    const xs = new Float32Array(CURVE_SAMPLES);
    for (let i = 0; i < CURVE_SAMPLES; i++) xs[i] = box.xMin + ((box.xMax - box.xMin) * i) / (CURVE_SAMPLES - 1);
    return xs;
  }

  /** The network's output over the plane (2-D) or along the x axis (1-D); none for a table (tabular20). */
  function prediction(grid, thinnedSeed) {
    const { box } = dataset;
    if (dataset.inputs > 2) return null;
    if (dataset.inputs === 1) {
      const xs = curveXs();
      const ys = thinnedSeed != null ? net.predictThinned(xs, thinnedSeed) : net.predict(xs);
      return { kind: 'curve', xs, ys };
    }
    const opts = { width: grid.width, height: grid.height, ...box };
    if (thinnedSeed != null) Object.assign(opts, { thinned: true, thinnedSeed });
    const values = net.predictGrid(opts).slice();
    return { kind: 'grid', width: grid.width, height: grid.height, outputs: dataset.outputs, values };
  }

  /**
   * The mean output of `count` thinned networks (seeds step·count + k): the
   * ensemble dropout trains, which the full network at inference approximates.
   * Without dropout every thinned network is the full network: one pass.
   */
  function thinnedAverage(grid, step, count) {
    if (rates.every((r) => r === 0)) return prediction(grid, null);
    let mean = null;
    for (let k = 0; k < count; k++) {
      const p = prediction(grid, step * count + k);
      if (mean === null) mean = p;
      else addInto(outputsOf(mean), outputsOf(p));
    }
    const out = outputsOf(mean);
    for (let i = 0; i < out.length; i++) out[i] /= count;
    return mean;
  }

  /**
   * The average of thinned networks for this step, or (while training, if
   * recomputing now would exceed AVERAGE_DUTY of the worker's time) the last
   * one computed. Returns { prediction (a fresh copy), step: its step }.
   */
  function averageView({ grid, count }, step, allowStale) {
    const key = `${grid.width}x${grid.height}x${count}`;
    const current = average?.key === key && average.version === version && average.step === step;
    const rested = average && performance.now() - average.at >= (average.costMs * (1 - AVERAGE_DUTY)) / AVERAGE_DUTY;
    if (!current && (!allowStale || !average || average.key !== key || rested)) {
      const started = performance.now();
      const p = thinnedAverage(grid, step, count);
      const distance = meanAbsDifference(outputsOf(p), outputsOf(prediction(grid, null)));
      const at = performance.now();
      average = { key, count, version, step, prediction: p, distance, at, costMs: at - started };
    }
    return {
      prediction: copyPrediction(average.prediction),
      step: average.step,
      distance: average.distance,
      count: average.count, // the networks averaged (fewer when the worker is busy)
    };
  }

  /**
   * The Monte-Carlo validation numbers of this step (recomputed at most every
   * MC_MIN_MS while training; paused or stepping, always current).
   */
  let mc = null;
  function monteCarlo(step, allowStale) {
    const fresh = mc && mc.step === step && mc.version === version;
    if (!fresh && (!allowStale || !mc || performance.now() - mc.at >= MC_MIN_MS)) {
      mc = { step, version, at: performance.now(), value: mcValidation(net, dataset) };
    }
    return mc.value ? { ...mc.value, step: mc.step } : null;
  }

  /**
   * Monte-Carlo uncertainty over the plane (or the curve) with `passes` passes:
   * at most every MC_MIN_MS while training, always current when paused.
   */
  let spread = null;
  function uncertaintyView(passes, step, allowStale) {
    const fresh = spread && spread.step === step && spread.version === version && spread.passes === passes;
    if (!fresh && (!allowStale || !spread || spread.passes !== passes || performance.now() - spread.at >= MC_MIN_MS)) {
      const value = uncertainty(net, dataset, passes, dataset.inputs === 1 ? curveXs() : null);
      spread = { step, version, passes, at: performance.now(), value };
    }
    const v = spread.value;
    const copy =
      v.kind === 'band'
        ? { ...v, xs: v.xs.slice(), mean: v.mean.slice(), std: v.std.slice() }
        : { ...v, std: v.std.slice() };
    return { ...copy, step: spread.step };
  }

  /**
   * What the verdict reads besides evaluate(): each validation point's loss
   * (from the logits, so a confidently wrong point costs its true loss), and
   * whether the network outputs about the same for every point (collapsed).
   */
  function validationDetail() {
    const v = dataset.validation;
    if (!v || v.count === 0) return null;
    const losses = net.pointLosses('validation');
    const p = net.predict(v.x);
    let mean = 0;
    for (const x of p) mean += x;
    mean /= p.length;
    let variance = 0;
    for (const x of p) variance += (x - mean) ** 2;
    const spread = Math.sqrt(variance / p.length);
    // Probabilities spread well over 0.01 unless the network ignores its input; a regression's
    // outputs are compared with the targets' spread.
    const scale = dataset.task === 'regression' ? targetSpread(v.y) : 1;
    return { losses: Float32Array.from(losses), collapsed: spread < 0.01 * scale };
  }

  /** The panel beside the inference boundary: one thinned network, or the average of many. */
  function trainingView(view, step, allowStale) {
    if (view.thinned === 'average') return averageView(view.average, step, allowStale);
    return { prediction: prediction(view.grid, step), step };
  }

  function masks() {
    // Before the first step every site is listed with rows = 0 (no mask yet).
    return net.masks().map((m) => ({
      site: m.site,
      kind: m.kind,
      rate: m.rate,
      shared: m.shared,
      units: m.units,
      rows: m.rows,
      values: Float32Array.from(m.values),
    }));
  }

  /** What the network diagram draws: weights, masks, per-unit thumbnails. */
  function diagram(layerSizes, frameMasks) {
    const weights = net.weights().map((w) => ({
      inputs: w.inputs,
      units: w.units,
      kernel: Float32Array.from(w.kernel),
      bias: Float32Array.from(w.bias),
    }));
    let unitGrids = null;
    if (dataset.inputs === 2 && layerSizes.length > 2) {
      const data = net.unitGrid({ width: THUMB, height: THUMB, ...dataset.box }).slice();
      unitGrids = { width: THUMB, height: THUMB, data };
    } else if (dataset.inputs === 1 && layerSizes.length > 2) {
      // 1-D: each unit's response along x, drawn as vertical stripes (x left to right).
      const { xMin, xMax } = dataset.box;
      const data = net.unitGrid({ width: THUMB, height: 1, xMin, xMax }).slice();
      unitGrids = { width: THUMB, height: 1, data };
    }
    return { layerSizes, weights, masks: frameMasks, unitGrids };
  }

  /**
   * Everything one frame needs from this twin. view: { grid, thinned: 'off' |
   * 'one' | 'average', average: { grid, count } }; allowStale: training is
   * running, so the average may lag a few steps behind.
   */
  function frame({ view, withDiagram, allowStale }) {
    const evaluation = net.evaluate();
    diverged = diverged || evaluation.diverged;
    const step = last?.step ?? 0;
    const m = masks();
    const layerSizes = [dataset.inputs, ...spec.layers, dataset.outputs];
    // Once diverged the outputs are NaN: send none rather than paint them.
    const table = dataset.inputs > 2; // no plane or curve to draw: the per-feature view instead
    const training = diverged || table || view.thinned === 'off' ? null : trainingView(view, step, allowStale);
    const detail = diverged ? null : validationDetail();
    const noDropout = rates.every((r) => r === 0);
    return {
      mc: diverged || noDropout ? null : monteCarlo(step, allowStale),
      // Without dropout every pass is this network: no uncertainty to show (the page says so).
      uncertainty:
        diverged || noDropout || table || !(view.uncertainty > 0)
          ? null
          : uncertaintyView(view.uncertainty, step, allowStale),
      step,
      epoch: last?.epoch ?? 0,
      batchLoss,
      diverged,
      evaluation: {
        train: { ...evaluation.train },
        validation: evaluation.validation ? { ...evaluation.validation } : null,
      },
      prediction: diverged ? null : prediction(view.grid, null),
      // A table: how much the network relies on each feature (./features.js), on the validation rows.
      features: table && !diverged && dataset.validation?.count > 0 ? reliance() : null,
      thinned: training?.prediction ?? null,
      thinnedView: training ? view.thinned : null,
      thinnedStep: training?.step ?? null, // the step the thinned view shows
      // Mean |average of thinned networks - inference network| over the average's grid.
      averageDistance: training?.distance ?? null,
      averageCount: training?.count ?? null,
      pointLosses: detail?.losses ?? null, // each validation point's loss, in the dataset's order
      collapsed: detail?.collapsed ?? false,
      masks: m,
      diagram: withDiagram && !diverged ? diagram(layerSizes, m) : null,
    };
  }

  /** Each feature's loss rise when blanked, on the validation rows: { base, rise }. */
  const reliance = () => featureReliance((x) => net.predict(x), dataset.validation, dataset.inputs);

  /** The ensemble at this step: see ./worker-probes.js (over the curve, the plane or a table's validation rows). */
  const ensemble = () =>
    diverged || rates.every((r) => r === 0)
      ? null
      : { ...ensembleProbe(net, dataset, spec.layers, pointsOf()), step: last?.step ?? 0 };
  const pointsOf = () => (dataset.inputs === 1 ? curveXs() : dataset.inputs > 2 ? dataset.validation.x : null);

  /** Edited points: trained on from the next step; the weights and the optimiser's state are kept. */
  function setData(next) {
    net.setData(next);
    dataset = next;
    version += 1; // cached views (average, Monte-Carlo, uncertainty) are of the old data
    average = null;
    mc = null;
    spread = null;
  }

  /** Thinned networks to look at one by one: see ./worker-probes.js. */
  const samples = (seeds, grid) => (diverged ? null : thinnedSamples(net, seeds, (seed) => prediction(grid, seed)));

  /** Hidden units silenced at inference (the probe, or a click on the diagram): [{ layer, unit }]. */
  function setSilenced(units) {
    net.setSilenced(units);
    version += 1; // every view changes; training does not
    average = null;
    mc = null;
    spread = null;
  }

  /** The "remove one unit" probe: see ./worker-probes.js. */
  const ablation = () => (diverged ? null : ablationProbe(net, dataset));

  return {
    train,
    frame,
    snapshot: () => net.snapshot(),
    ensemble,
    setData,
    setSilenced,
    ablation,
    samples,
    update(partial) {
      net.update(partial);
      if (partial.rates) rates = partial.rates;
      version += 1;
    },
    get diverged() {
      return diverged;
    },
    get step() {
      return last?.step ?? 0;
    },
    delete: () => net.delete(),
  };
}

function meanAbsDifference(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

function targetSpread(y) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of y) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi > lo ? hi - lo : 1;
}

/** The buffers of a frame that can be transferred rather than copied. */
export function transferables(twinFrames) {
  const list = [];
  for (const t of twinFrames) {
    for (const m of t.masks) list.push(m.values.buffer);
    if (t.pointLosses) list.push(t.pointLosses.buffer);
    if (t.uncertainty) {
      list.push(t.uncertainty.std.buffer);
      if (t.uncertainty.kind === 'band') list.push(t.uncertainty.xs.buffer, t.uncertainty.mean.buffer);
    }
    for (const p of [t.prediction, t.thinned]) {
      if (p?.kind === 'grid') list.push(p.values.buffer);
      if (p?.kind === 'curve') list.push(p.xs.buffer, p.ys.buffer);
    }
    if (t.diagram) {
      for (const w of t.diagram.weights) list.push(w.kernel.buffer, w.bias.buffer);
      if (t.diagram.unitGrids) list.push(t.diagram.unitGrids.data.buffer);
    }
  }
  return list;
}

// One of the two twin networks, inside the worker: builds the wasm Network
// from a spec, trains it, and copies out what a frame needs. Copies, because
// views into wasm memory go stale at the next call (and can't be transferred).

const CURVE_SAMPLES = 200; // points on the fitted curve of a 1-D regression
const THUMB = 20; // per-unit thumbnail cells per side (network diagram)

/** The Network config for a dataset; spec.rates = [input, hidden 1, hidden 2, ...]. */
export function networkConfig(dataset, spec) {
  return {
    inputs: dataset.inputs,
    task: dataset.task,
    ...(dataset.task === 'multiclass' ? { classes: dataset.classes } : {}),
    layers: spec.layers.map((units, i) => ({ units, activation: spec.activation, rate: spec.rates[i + 1], kind: spec.kind })),
    // Alpha dropout is made for SELU layers; on the raw inputs use the standard kind.
    inputDropout: { rate: spec.rates[0], kind: spec.kind === 'alpha' ? 'bernoulli' : spec.kind },
    dropoutMode: spec.dropoutMode,
    maskPer: spec.maskPer,
    optimizer: spec.optimizer,
    learningRate: spec.learningRate,
    batchSize: spec.batchSize,
    l1: spec.l1,
    l2: spec.l2,
    maxNorm: spec.maxNorm,
    seed: spec.seed,
  };
}

export function createTwin(dp, dataset, spec) {
  const net = new dp.Network(networkConfig(dataset, spec));
  try {
    net.setData(dataset);
  } catch (err) {
    net.delete();
    throw err;
  }
  let last = null; // what the latest train() returned
  let batchLoss = null;
  let diverged = false;

  function train(steps) {
    if (diverged) return;
    last = net.train(steps);
    batchLoss = last.loss;
    if (last.diverged) diverged = true;
  }

  /** The network's output over the plane (2-D) or along the x axis (1-D). */
  function prediction(grid, thinnedSeed) {
    const { box } = dataset;
    if (dataset.inputs === 1) {
      const xs = new Float32Array(CURVE_SAMPLES);
      for (let i = 0; i < CURVE_SAMPLES; i++) xs[i] = box.xMin + ((box.xMax - box.xMin) * i) / (CURVE_SAMPLES - 1);
      const ys = thinnedSeed != null ? net.predictThinned(xs, thinnedSeed) : net.predict(xs);
      return { kind: 'curve', xs, ys };
    }
    const opts = { width: grid.width, height: grid.height, ...box };
    if (thinnedSeed != null) Object.assign(opts, { thinned: true, thinnedSeed });
    const values = net.predictGrid(opts).slice();
    return { kind: 'grid', width: grid.width, height: grid.height, outputs: dataset.outputs, values };
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
    }
    return { layerSizes, weights, masks: frameMasks, unitGrids };
  }

  /** Everything one frame needs from this twin. */
  function frame({ grid, thinned, withDiagram }) {
    const evaluation = net.evaluate();
    diverged = diverged || evaluation.diverged;
    const step = last?.step ?? 0;
    const m = masks();
    const layerSizes = [dataset.inputs, ...spec.layers, dataset.outputs];
    return {
      step,
      epoch: last?.epoch ?? 0,
      batchLoss,
      diverged,
      evaluation: {
        train: { ...evaluation.train },
        validation: evaluation.validation ? { ...evaluation.validation } : null,
      },
      // Once diverged the outputs are NaN: send none rather than paint them.
      prediction: diverged ? null : prediction(grid, null),
      thinned: diverged || !thinned ? null : prediction(grid, step),
      masks: m,
      diagram: withDiagram && !diverged ? diagram(layerSizes, m) : null,
    };
  }

  return {
    train,
    frame,
    update: (partial) => net.update(partial),
    get diverged() {
      return diverged;
    },
    get step() {
      return last?.step ?? 0;
    },
    delete: () => net.delete(),
  };
}

/** The buffers of a frame that can be transferred rather than copied. */
export function transferables(twinFrames) {
  const list = [];
  for (const t of twinFrames) {
    for (const m of t.masks) list.push(m.values.buffer);
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

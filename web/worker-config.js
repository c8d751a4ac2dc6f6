// How a twin's wasm Network is made, inside the worker: the config from the
// page's settings (also what the tests and benchmarks build their networks
// with), and a saved network checked against the settings it came with.

/** The Network config for a dataset; spec.rates = [input, hidden 1, hidden 2, ...]. */
export function networkConfig(dataset, spec) {
  return {
    inputs: dataset.inputs,
    task: dataset.task,
    ...(dataset.task === 'multiclass' ? { classes: dataset.classes } : {}),
    layers: spec.layers.map((units, i) => ({
      units,
      activation: spec.activation,
      rate: spec.rates[i + 1],
      kind: spec.kind,
    })),
    // Alpha dropout is made for SELU layers; on the raw inputs use the standard kind.
    inputDropout: { rate: spec.rates[0], kind: spec.kind === 'alpha' ? 'bernoulli' : spec.kind },
    dropoutMode: spec.dropoutMode,
    maskPer: spec.maskPer,
    optimizer: spec.optimizer,
    learningRate: spec.learningRate,
    momentum: spec.momentum,
    batchSize: spec.batchSize,
    l1: spec.l1,
    l2: spec.l2,
    maxNorm: spec.maxNorm,
    seed: spec.seed,
  };
}

/**
 * The network of a saved snapshot, checked against the settings it was saved
 * with: a snapshot of another network is refused, naming the first difference.
 */
export function restoreChecked(dp, config, snapshot, name) {
  const net = dp.Network.restore(snapshot);
  const fresh = new dp.Network(config);
  try {
    const want = fresh.config();
    const got = net.config();
    const differs = Object.keys(want).find((k) => JSON.stringify(want[k]) !== JSON.stringify(got[k]));
    if (differs)
      throw new Error(
        `network ${name} does not fit the settings saved with it: its ${differs} is ${JSON.stringify(got[differs])}, the settings say ${JSON.stringify(want[differs])}`,
      );
    return net;
  } catch (err) {
    net.delete();
    throw err;
  } finally {
    fresh.delete();
  }
}

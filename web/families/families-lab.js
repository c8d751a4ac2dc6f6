// "Where dropout applies": three networks of one family trained side by side on
// the same data from the same initial weights and minibatches, differing only in
// where and how dropout drops. Pure logic over the families module
// (dropout_families: ConvNetwork, RecurrentNetwork), so node tests run it as the
// page's worker does (families-worker.js).
//
//   const lab = createLab(dp, 'cnn', { rate: 0.3 });
//   lab.train(20);            // 20 steps of each network
//   lab.frame();              // what the page draws, as plain data
//   lab.setRate(0.4);         // live, for every network with dropout
//   lab.destroy();

import { FAMILY_PRESETS } from './families-presets.js';

/** The networks of each family, in the order the page shows them. */
export const VARIANTS = Object.freeze({
  cnn: Object.freeze([
    { key: 'none', label: 'No dropout' },
    { key: 'elementwise', label: 'Element-wise dropout' },
    { key: 'spatial', label: 'Spatial dropout' },
  ]),
  rnn: Object.freeze([
    { key: 'none', label: 'No dropout' },
    { key: 'naive', label: 'Naive: a new mask each time step' },
    { key: 'variational', label: 'Variational: one mask per sequence' },
  ]),
  get sines() {
    return this.rnn;
  },
});

/** The most points of history kept per network (the chart's cost stays bounded). */
const MAX_POINTS = 400;

/** How many validation images the page shows with each network's answer. */
export const SHOWN_IMAGES = 24;

function checkRate(rate) {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 0.9)
    throw new Error(`the dropout rate must be a number from 0 to 0.9, got ${String(rate)}`);
}

function cnnConfig(network, key, rate) {
  const r = key === 'none' ? 0 : rate;
  return { ...network, convDropout: { rate: r, kind: key === 'none' ? 'spatial' : key } };
}

// Dropout on the recurrent state only: with one input per step, a per-sequence input
// mask would blank whole sequences (docs/CLAIMS.md, "Recurrent networks").
function rnnConfig(network, key, rate) {
  if (key === 'none') return { ...network, dropout: { kind: 'variational' } };
  return { ...network, dropout: { kind: key, inputRate: 0, recurrentRate: rate } };
}

/** Index of the largest of `k` values from `p` at `offset`. */
function argmax(p, offset, k) {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[offset + c] > p[offset + best]) best = c;
  return best;
}

export function createLab(dp, family, { rate, seed } = {}) {
  const preset = FAMILY_PRESETS[family];
  if (!preset) throw new Error(`unknown family ${JSON.stringify(family)}: 'cnn' or 'rnn'`);
  let current = rate ?? preset.rate;
  checkRate(current);
  // Another seed: other data, and other initial weights and minibatches (as measured).
  const dataSpec = { ...preset.data, ...(seed !== undefined && { seed }) };
  const network = { ...preset.network, ...(seed !== undefined && { seed }) };
  const data = family === 'cnn' ? dp.makeGlyphs(dataSpec) : dp.makeSequences(dataSpec);
  const variants = VARIANTS[family];
  const nets = [];
  try {
    for (const v of variants) {
      const config = family === 'cnn' ? cnnConfig(network, v.key, current) : rnnConfig(network, v.key, current);
      const net = family === 'cnn' ? new dp.ConvNetwork(config) : new dp.RecurrentNetwork(config);
      nets.push(net);
      net.setData(data);
    }
  } catch (err) {
    for (const n of nets) n.delete();
    throw err;
  }
  let step = 0;
  const history = variants.map(() => []); // [{ step, trainLoss, validationLoss, ... }]

  function measure() {
    return nets.map((net, i) => {
      const e = net.evaluate();
      const m = {
        step,
        trainLoss: e.train.loss,
        validationLoss: e.validation.loss,
        trainAccuracy: e.train.accuracy,
        validationAccuracy: e.validation.accuracy,
        diverged: e.diverged,
      };
      history[i].push(m);
      // Bounded: beyond MAX_POINTS, every other old point goes (the first and the last stay).
      if (history[i].length > MAX_POINTS)
        history[i] = history[i].filter((_, j, a) => j % 2 === 0 || j === a.length - 1);
      return m;
    });
  }
  measure();

  function cnnFrame(metrics) {
    const side = data.side;
    const px = side * side;
    const shownIndex = 0;
    const image = data.validation.x.slice(shownIndex * px, (shownIndex + 1) * px);
    const shown = Math.min(SHOWN_IMAGES, data.validation.count);
    const images = data.validation.x.slice(0, shown * px);
    const labels = Array.from(data.validation.y.slice(0, shown));
    const config = nets[0].config();
    return {
      family,
      step,
      metrics,
      side,
      names: data.names,
      filters: config.filters,
      kernelSize: config.kernelSize,
      mapHeight: config.mapHeight,
      mapWidth: config.mapWidth,
      image,
      images,
      labels,
      networks: nets.map((net, i) => {
        const p = net.predict(images);
        const answers = labels.map((_, j) => argmax(p, j * data.classes, data.classes));
        return {
          key: variants[i].key,
          maps: net.featureMaps(image),
          filters: net.filters().kernel,
          mask: step > 0 && variants[i].key !== 'none' ? net.masks(0).featureMaps : null,
          answers,
        };
      }),
    };
  }

  function rnnFrame(metrics) {
    const T = data.steps;
    const shownIndex = 0;
    const x = data.validation.x.slice(shownIndex * T, (shownIndex + 1) * T);
    const perY = data.manyToMany ? T : 1;
    const target = data.validation.y.slice(shownIndex * perY, (shownIndex + 1) * perY);
    return {
      family,
      step,
      metrics,
      steps: T,
      units: preset.network.units,
      manyToMany: data.manyToMany,
      x,
      target,
      networks: nets.map((net, i) => ({
        key: variants[i].key,
        output: net.predict(x, T),
        hidden: net.hiddenStates(x),
        mask: step > 0 ? net.masks(0).recurrent : null,
      })),
    };
  }

  return {
    family,
    variants,
    preset,
    get step() {
      return step;
    },
    get rate() {
      return current;
    },
    history: () => history.map((h) => h.slice()),
    /** Trains every network `steps` steps; returns the new metrics. */
    train(steps) {
      if (!Number.isInteger(steps) || steps < 1 || steps > 10000)
        throw new Error(`train(steps) takes a whole number of steps from 1 to 10000, got ${String(steps)}`);
      for (const net of nets) net.train(steps);
      step += steps;
      return measure();
    },
    /** Changes the dropout rate of every network with dropout, live. */
    setRate(r) {
      checkRate(r);
      current = r;
      nets.forEach((net, i) => {
        const key = variants[i].key;
        if (key === 'none') return;
        if (family === 'cnn') net.update({ convDropout: { rate: r } });
        else net.update({ dropout: { recurrentRate: r } });
      });
    },
    /**
     * The CNNs' Monte-Carlo averages on the validation images: per network with
     * dropout, { loss, accuracy } of the mean of `passes` thinned networks (null
     * for the one without dropout, and for the RNNs).
     */
    mc(passes) {
      if (family !== 'cnn') return nets.map(() => null);
      const x = data.validation.x;
      const y = data.validation.y;
      const k = data.classes;
      return nets.map((net, i) => {
        if (variants[i].key === 'none' || current === 0) return null;
        const p = net.predictMC(x, passes);
        let loss = 0;
        let right = 0;
        for (let j = 0; j < y.length; j++) {
          loss -= Math.log(Math.max(p[j * k + y[j]], 1e-12));
          if (argmax(p, j * k, k) === y[j]) right += 1;
        }
        return { loss: loss / y.length, accuracy: right / y.length, passes, step };
      });
    },
    frame() {
      const metrics = history.map((h) => h[h.length - 1]);
      return family === 'cnn' ? cnnFrame(metrics) : rnnFrame(metrics);
    },
    destroy() {
      for (const net of nets.splice(0)) net.delete();
    },
  };
}

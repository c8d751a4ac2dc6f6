// The project through its public JS API (build-wasm/dropout_core.mjs) in node: one
// contestant of bench/run.mjs. Usage: node bench/contestant-api.mjs WORKLOAD...
// (the workloads of bench_core.cpp: training relu|tanh, grid SIDE relu|tanh, mc SIDE PASSES,
// mcratio SIDE PASSES).
import { loadModule } from '../tests/js/load-module.mjs';
import {
  measure,
  pairedRatio,
  settle,
  report,
  names,
  gridFlopsPerRow,
  gridPoints,
  parseWorkloads,
} from './measure.mjs';

const BUILD = 'JS API (wasm)';
// Read before the module loads: its glue turns a later uncaught error into a dump of itself.
const workloads = parseWorkloads(process.argv.slice(2));
const dp = await loadModule();
const data = dp.makeDataset({ name: 'moons', points: 400, noise: 0.2, validation: 0.5, seed: 1 });

function network(units, activation, extra = {}) {
  return new dp.Network({
    inputs: 2,
    layers: [
      { units, activation, rate: 0.5 },
      { units, activation, rate: 0.5 },
    ],
    seed: 1,
    ...extra,
  });
}

settle();
for (const { kind, args } of workloads) {
  if (kind === 'training') {
    const [act] = args;
    const net = network(16, act, { optimizer: 'sgd', learningRate: 0.05, batchSize: 32 });
    net.setData(data);
    report(
      names.training(act),
      'train(100)',
      BUILD,
      measure(() => net.train(100), 100),
      1e-3,
      'k steps/s',
    );
    net.delete();
  } else if (kind === 'grid') {
    const side = Number(args[0]);
    const net = network(64, args[1]);
    const box = { width: side, height: side, xMin: -6, xMax: 6, yMin: -6, yMax: 6 };
    const r = measure(() => net.predictGrid(box), 1);
    report(names.grid(side, args[1]), 'predictGrid', BUILD, r, 1, 'passes/s');
    report(names.grid(side, args[1]), 'predictGrid', BUILD, r, (side * side * gridFlopsPerRow) / 1e9, 'GFLOP/s');
    net.delete();
  } else if (kind === 'mc') {
    const [side, passes] = args.map(Number);
    const net = network(64, 'tanh');
    const x = gridPoints(side);
    report(
      names.mc(side, passes),
      'predictMC',
      BUILD,
      measure(() => net.predictMC(x, passes), 1),
      1,
      'calls/s',
    );
    net.delete();
  } else if (kind === 'mcratio') {
    // predictMC against predict on the same rows, in alternating runs (bench_core.cpp's mcratio).
    const [side, passes] = args.map(Number);
    const net = network(64, 'tanh');
    const x = gridPoints(side);
    const r = pairedRatio(
      () => net.predict(x),
      () => net.predictMC(x, passes),
      passes,
    );
    report(names.mcRatio(side, passes), 'predictMC / predict', BUILD, r, 1, 'x');
    net.delete();
  } else {
    throw new Error(`unknown workload ${kind}`);
  }
}

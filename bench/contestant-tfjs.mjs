// TF.js 4.x (@tensorflow/tfjs) with its wasm backend (SIMD, one thread) in node: the comparison contestant
// of bench/run.mjs, the same networks and workloads as bench_core.cpp written with
// tfjs-core ops. Installed for the benchmark only, into build-bench-tfjs/ from
// bench/tfjs/package.json by scripts/bench.sh; the tests and the page never load it.
// Usage: node bench/contestant-tfjs.mjs WORKLOAD...  (TFJS_DIR: where it is installed)
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadModule } from '../tests/js/load-module.mjs';
import { measure, settle, report, names, gridFlopsPerRow, gridPoints, parseWorkloads } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Read before any module loads (the wasm glue turns a later uncaught error into a dump of itself).
const workloads = parseWorkloads(process.argv.slice(2));
const tfjsDir = path.resolve(process.env.TFJS_DIR ?? path.join(root, 'build-bench-tfjs'));
const require = createRequire(path.join(tfjsDir, 'package.json'));
// The @tensorflow/tfjs bundle: tfjs-core alone registers no gradients.
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
await tf.setBackend('wasm');
await tf.ready();
const BUILD = `TF.js ${tf.version_core} wasm${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ' SIMD' : ''}`;

// The same moons data as the other contestants (only the points are taken from our module).
const dp = await loadModule();
const data = dp.makeDataset({ name: 'moons', points: 400, noise: 0.2, validation: 0.5, seed: 1 });
const activations = { relu: tf.relu, tanh: tf.tanh };

// A 2-W-W-1 network: Glorot-uniform weights, zero biases.
function network(width) {
  const dense = (i, o) => {
    const limit = Math.sqrt(6 / (i + o));
    return { k: tf.variable(tf.randomUniform([i, o], -limit, limit, 'float32', 1)), b: tf.variable(tf.zeros([o])) };
  };
  return [dense(2, width), dense(width, width), dense(width, 1)];
}

// Logits of x; with `rate`, dropout (inverted, as tf.dropout is) after each hidden layer.
function logits(layers, act, x, rate) {
  let h = x;
  for (let l = 0; l < layers.length; l++) {
    h = tf.add(tf.matMul(h, layers[l].k), layers[l].b);
    if (l < layers.length - 1) {
      h = act(h);
      if (rate > 0) h = tf.dropout(h, rate);
    }
  }
  return h;
}

settle();
for (const { kind, args } of workloads) {
  if (kind === 'training') {
    // 2-16-16-1, batch 32, dropout 0.5, SGD 0.05, binary cross-entropy on the logits. The
    // minibatches are made into tensors once, so a step is only the network's work.
    const [act] = args;
    const layers = network(16);
    const opt = tf.train.sgd(0.05);
    const n = data.train.count;
    const batches = [];
    for (let s = 0; s + 32 <= n; s += 32)
      batches.push({
        x: tf.tensor2d(data.train.x.slice(2 * s, 2 * (s + 32)), [32, 2]),
        y: tf.tensor2d(data.train.y.slice(s, s + 32), [32, 1]),
      });
    let b = 0;
    const step100 = () => {
      for (let i = 0; i < 100; i++) {
        const { x, y } = batches[b];
        b = (b + 1) % batches.length;
        opt.minimize(() => tf.losses.sigmoidCrossEntropy(y, logits(layers, activations[act], x, 0.5)));
      }
      layers[0].b.dataSync(); // the work is done, not just queued
    };
    report(names.training(act), 'optimizer.minimize', BUILD, measure(step100, 100), 1e-3, 'k steps/s');
    batches.forEach(({ x, y }) => (x.dispose(), y.dispose()));
    layers.forEach((l) => (l.k.dispose(), l.b.dispose()));
  } else if (kind === 'grid') {
    const side = Number(args[0]);
    const layers = network(64);
    const x = tf.tensor2d(gridPoints(side), [side * side, 2]);
    const pass = () => tf.tidy(() => tf.sigmoid(logits(layers, activations[args[1]], x, 0)).dataSync());
    const r = measure(pass, 1);
    report(names.grid(side, args[1]), 'predict', BUILD, r, 1, 'passes/s');
    report(names.grid(side, args[1]), 'predict', BUILD, r, (side * side * gridFlopsPerRow) / 1e9, 'GFLOP/s');
    x.dispose();
    layers.forEach((l) => (l.k.dispose(), l.b.dispose()));
  } else if (kind === 'mc') {
    // Mean and variance of the probability over `passes` dropout passes.
    const [side, passes] = args.map(Number);
    const layers = network(64);
    const x = tf.tensor2d(gridPoints(side), [side * side, 2]);
    const mc = () =>
      tf.tidy(() => {
        let sum = tf.zeros([side * side, 1]);
        let sumSq = tf.zeros([side * side, 1]);
        for (let p = 0; p < passes; p++) {
          const prob = tf.sigmoid(logits(layers, tf.tanh, x, 0.5));
          sum = tf.add(sum, prob);
          sumSq = tf.add(sumSq, tf.square(prob));
        }
        const mean = tf.div(sum, passes);
        const variance = tf.sub(tf.div(sumSq, passes), tf.square(mean));
        return [mean.dataSync(), variance.dataSync()];
      });
    report(names.mc(side, passes), 'dropout passes', BUILD, measure(mc, 1), 1, 'calls/s');
    x.dispose();
    layers.forEach((l) => (l.k.dispose(), l.b.dispose()));
  } else {
    throw new Error(`unknown workload ${kind}`);
  }
}

// TF.js 4.x with its wasm backend: the CNN and LSTM training steps as
// bench/bench_families.cpp runs them, written with tf.layers (the same layers,
// sizes, dropout and Adam), for bench/families.mjs. A step is optimizer.minimize
// over model.apply(x, { training: true }), so dropout draws its masks; the data
// is made into tensors once. Installed for the benchmark only (scripts/bench.sh).
// TF.js's wasm backend cannot train the CNN (no Conv2DBackpropFilter kernel): that step
// runs on TF.js's cpu backend. Usage: node bench/families-tfjs.mjs [cnn] [lstm]
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { measure, settle, report } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tfjsDir = path.resolve(process.env.TFJS_DIR ?? path.join(root, 'build-bench-tfjs'));
const require = createRequire(path.join(tfjsDir, 'package.json'));
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
// TF.js's wasm backend has no Conv2DBackpropFilter kernel (4.22): it cannot train a
// CNN, so the CNN step runs on its pure-JS cpu backend, and says so in its label.
async function backend(name) {
  await tf.setBackend(name);
  await tf.ready();
  return name === 'wasm'
    ? `TF.js ${tf.version_core} wasm${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ' SIMD' : ''}`
    : `TF.js ${tf.version_core} ${name}`;
}

function steps(model, x, y, loss, n) {
  const opt = tf.train.adam(0.01);
  return () => {
    for (let i = 0; i < n; i++) opt.minimize(() => loss(y, model.apply(x, { training: true })));
    model.getWeights()[0].dataSync(); // the work is done, not just queued
  };
}

settle();
for (const kind of process.argv.slice(2).length ? process.argv.slice(2) : ['cnn', 'lstm']) {
  if (kind === 'cnn') {
    const BUILD = await backend('cpu');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
        // Spatial dropout: one draw per example and channel (Keras SpatialDropout2D).
        tf.layers.dropout({ rate: 0.2, noiseShape: [32, 1, 1, 8] }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 32, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 4 }),
      ],
    });
    const x = tf.randomUniform([32, 12, 12, 1], 0, 1, 'float32', 1);
    const y = tf.oneHot(
      tf.tensor1d(
        [...Array(32)].map((_, i) => i % 4),
        'int32',
      ),
      4,
    );
    const run = steps(model, x, y, (t, p) => tf.losses.softmaxCrossEntropy(t, p), 10);
    report('CNN step 12x12x1 8x3x3 pool 32, batch 32', 'tf.layers', BUILD, measure(run, 10), 1, 'steps/s');
  } else if (kind === 'lstm') {
    const BUILD = await backend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.lstm({ units: 32, inputShape: [32, 1], dropout: 0.25, recurrentDropout: 0.25 }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    const x = tf.randomNormal([16, 32, 1], 0, 1, 'float32', 1);
    const y = tf.tensor2d(
      [...Array(16)].map((_, i) => i % 2),
      [16, 1],
    );
    const run = steps(model, x, y, (t, p) => tf.losses.sigmoidCrossEntropy(t, p), 2);
    report('LSTM step 32 units, 32 steps, batch 16', 'tf.layers', BUILD, measure(run, 2), 1, 'steps/s');
  } else {
    throw new Error(`unknown workload ${kind}: cnn or lstm`);
  }
}

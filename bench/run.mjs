// Runs the benchmark binaries of three builds and the JS-API training loop in
// one invocation and prints a markdown table with ratios. Ratios measured in
// the same run are what hold on a shared, noisy machine.
// Usage: node bench/run.mjs   (scripts/bench.sh builds everything first)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadModule } from '../tests/js/load-module.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);

function runBinary(label, cmd, args) {
  process.stderr.write(`running ${label}...\n`);
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  return out
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

const native = runBinary('native (SSE4.2)', at('build-native/dp_bench'), []);
const wasm = runBinary('wasm SIMD128', 'node', [at('build-wasm/dp_bench.js')]);
const wasmScalar = runBinary('wasm scalar', 'node', [at('build-wasm-scalar/dp_bench.js')]);
const pick = (rows, name, variant) => rows.find((r) => r.name === name && r.variant === variant)?.value;

// Training through the public JS API, in this node process: same network, batch and data as the C++ loop.
process.stderr.write('running the JS API training loop...\n');
const dp = await loadModule();
const data = dp.makeDataset({ name: 'moons', points: 400, noise: 0.2, validation: 0.5, seed: 1 });
const net = new dp.Network({
  inputs: 2,
  layers: [
    { units: 16, activation: 'relu', rate: 0.5 },
    { units: 16, activation: 'relu', rate: 0.5 },
  ],
  optimizer: 'sgd',
  learningRate: 0.05,
  batchSize: 32,
  seed: 1,
});
net.setData(data);
function jsStepsPerSecond(stepsPerCall) {
  const until = performance.now() + 300;
  while (performance.now() < until) net.train(stepsPerCall); // warm-up: V8 tiers the wasm up
  const rates = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    let steps = 0;
    while (performance.now() - t0 < 60) {
      net.train(stepsPerCall);
      steps += stepsPerCall;
    }
    rates.push(steps / ((performance.now() - t0) / 1000));
  }
  return rates.sort((a, b) => a - b)[3] / 1000;
}
// The training loops are short and the machine is shared, so they run in 3 rounds,
// native, wasm and JS interleaved, and each reports its median over the rounds.
const loops = { native: [], wasm: [], js100: [], js1: [] };
const loopName = 'training 2-16-16-1 b32 dropout 0.5';
for (let round = 0; round < 3; round++) {
  loops.native.push(
    pick(runBinary('native training loop', at('build-native/dp_bench'), ['training']), loopName, 'loop'),
  );
  loops.wasm.push(
    pick(runBinary('wasm training loop', 'node', [at('build-wasm/dp_bench.js'), 'training']), loopName, 'loop'),
  );
  loops.js100.push(jsStepsPerSecond(100));
  loops.js1.push(jsStepsPerSecond(1));
}
const med3 = (xs) => [...xs].sort((a, b) => a - b)[1];
const js100 = med3(loops.js100);
const js1 = med3(loops.js1);
net.delete();

const rows = [];
const fmt = (v, d = 1) => (v === undefined ? '–' : v.toFixed(d));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
for (const r of wasm.filter((r) => r.variant === 'xsimd')) {
  const nat = pick(native, r.name, 'xsimd');
  const sc = pick(wasmScalar, r.name, 'scalar');
  rows.push(
    `| ${r.name} | ${r.unit} | ${fmt(nat)} | ${fmt(r.value)} | ${fmt(sc)} | ${ratio(r.value, nat)} | ${ratio(r.value, sc)} |`,
  );
}
const nativeLoop = med3(loops.native);
const wasmLoop = med3(loops.wasm);

const size = (f) => {
  const b = fs.readFileSync(at(f));
  return { raw: b.length, gz: zlib.gzipSync(b, { level: 9 }).length };
};
const files = ['build-wasm/dropout_core.wasm', 'build-wasm/dropout_core.mjs'];
const uplot = 'node_modules/uplot/dist/uPlot.iife.min.js'; // what the page serves, as dist/vendor/uplot/uPlot.min.mjs
if (fs.existsSync(at(uplot))) files.push(uplot);
const sizes = files.map((f) => ({ f, ...size(f) }));
const kb = (n) => (n / 1024).toFixed(1);

console.log(
  `Machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}; ${new Date().toISOString()}\n`,
);
console.log(
  '| kernel | unit | native SSE4.2 | wasm SIMD128 | wasm scalar | wasm SIMD / native | wasm SIMD / wasm scalar |',
);
console.log('|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log('\n| training 2-16-16-1, batch 32, dropout 0.5, SGD | k steps/s | ratio to the native C++ loop |');
console.log('|---|---|---|');
console.log(`| native C++ loop | ${fmt(nativeLoop)} | 1.00× |`);
console.log(`| wasm C++ loop (node) | ${fmt(wasmLoop)} | ${ratio(wasmLoop, nativeLoop)} |`);
console.log(`| JS API, train(100) per call | ${fmt(js100)} | ${ratio(js100, nativeLoop)} |`);
console.log(`| JS API, train(1) per call | ${fmt(js1)} | ${ratio(js1, nativeLoop)} |`);
console.log('\n| file | raw KB | gzip KB |');
console.log('|---|---|---|');
for (const s of sizes) console.log(`| ${s.f} | ${kb(s.raw)} | ${kb(s.gz)} |`);
console.log(`| total | ${kb(sizes.reduce((a, s) => a + s.raw, 0))} | ${kb(sizes.reduce((a, s) => a + s.gz, 0))} |`);

// The CNN and LSTM training steps of "Where dropout applies" (issue 11), in interleaved
// rounds: the C++ core natively (SSE4.2), in wasm with SIMD128 and in wasm without SIMD
// (bench/bench_families.cpp, three builds), and TF.js (bench/families-tfjs.mjs, if
// installed), A B C D A B C D ... Each contestant is a process started afresh each
// round; a figure is the median over rounds of the process's median run, in steps per
// second of the process's CPU time. Prints a markdown table with the ratios of this run.
//
// Usage: node bench/families.mjs   (BENCH_ROUNDS, BENCH_NO_TFJS=1; scripts/bench.sh builds first)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NODE = [process.execPath, '--no-liftoff'];
const tfjs = !process.env.BENCH_NO_TFJS && fs.existsSync(at('build-bench-tfjs/node_modules/@tensorflow/tfjs'));

const contestants = [
  ['native C++', [at('build-native/dp_bench_families')]],
  ['wasm SIMD128', [...NODE, at('build-wasm/dp_bench_families.js')]],
  ['wasm scalar', [...NODE, at('build-wasm-scalar/dp_bench_families.js')]],
];
if (tfjs) contestants.push(['TF.js', [...NODE, at('bench/families-tfjs.mjs')]]);

const figures = new Map(); // "contestant|workload" -> cpu rates
const builds = new Map(); // contestant -> its build label
const loads = [];
for (let r = 0; r < ROUNDS; r++)
  for (const [label, argv] of contestants) {
    process.stderr.write(`  round ${r + 1}: ${label}\n`);
    loads.push(os.loadavg()[0]);
    const out = execFileSync(argv[0], argv.slice(1), {
      encoding: 'utf8',
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
      const f = JSON.parse(line);
      const key = `${label}|${f.name}`;
      if (!figures.has(key)) figures.set(key, []);
      figures.get(key).push(f.cpu);
      builds.set(`${label}|${f.name}`, f.build);
    }
  }
loads.push(os.loadavg()[0]);

const median = (xs) => (xs ? [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] : undefined);
const get = (c, w) => median(figures.get(`${c}|${w}`));
const fmt = (v) => (v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
const workloads = ['CNN step 12x12x1 8x3x3 pool 32, batch 32', 'LSTM step 32 units, 32 steps, batch 16'];
const cols = contestants.map((c) => c[0]);

console.log(
  `Machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}; ${new Date().toISOString()}; ` +
    `${ROUNDS} interleaved rounds; load average (1 min) ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}. ` +
    'Steps per second of CPU time, medians over rounds.',
);
console.log();
console.log(
  `| workload | ${cols.join(' | ')} | wasm SIMD / scalar (goal ≥ 4×) | wasm / native (goal ≥ 0.8×) | wasm / TF.js |`,
);
console.log(`|---|${cols.map(() => '---|').join('')}---|---|---|`);
for (const w of workloads) {
  const v = Object.fromEntries(cols.map((c) => [c, get(c, w)]));
  console.log(
    `| ${w} | ${cols.map((c) => fmt(v[c])).join(' | ')} | ${ratio(v['wasm SIMD128'], v['wasm scalar'])} | ` +
      `${ratio(v['wasm SIMD128'], v['native C++'])} | ${ratio(v['wasm SIMD128'], v['TF.js'])} |`,
  );
}
if (tfjs) {
  console.log();
  for (const w of workloads) console.log(`TF.js for "${w}": ${builds.get(`TF.js|${w}`)}.`);
}

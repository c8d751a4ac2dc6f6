// Runs every benchmark contestant in interleaved rounds and prints markdown tables
// whose ratios come from this one run (scripts/bench.sh builds everything first).
//
//   kernels: build-native/dp_bench, build-wasm/dp_bench.js, build-wasm-scalar/dp_bench.js
//     (`kernels`), in KERNEL_ROUNDS rounds: native, wasm, scalar, native, wasm, ...
//   workloads: training 2-16-16-1 (relu, tanh), grids (150x150, 300x300), Monte-Carlo
//     (16 and 64 passes), by the native C++ loop, the wasm C++ loop, the JS API
//     (bench/contestant-api.mjs) and TF.js's wasm backend (bench/contestant-tfjs.mjs,
//     if installed), in ROUNDS rounds: A B C D A B C D ...
//
// Every contestant is a process of its own, started afresh each round; each figure is
// the median over rounds of the process's median run, in work per second of the
// process's CPU time (what the tables show) and of wall time (in the JSON). Node runs
// with --no-liftoff: wasm is compiled by V8's optimising tier up front, so no figure
// depends on when tier-up happened (a page reaches that tier after a few seconds).
// The 1-minute load average is sampled before and after every process.
//
// Usage: node bench/run.mjs [--json FILE]   (BENCH_ROUNDS, BENCH_KERNEL_ROUNDS, BENCH_NO_TFJS=1)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KERNEL_ROUNDS = Number(process.env.BENCH_KERNEL_ROUNDS ?? 3);
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : null;
const NODE = [process.execPath, '--no-liftoff'];
const tfjsInstalled = !process.env.BENCH_NO_TFJS && fs.existsSync(at('build-bench-tfjs/node_modules/@tensorflow/tfjs'));

const loads = [];
const sampleLoad = () => loads.push(os.loadavg()[0]);

function run(label, argv) {
  process.stderr.write(`  ${label}: ${argv.slice(-12).join(' ')}\n`);
  sampleLoad();
  const out = execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26, cwd: root });
  sampleLoad();
  return out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

const median = (xs) => {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : undefined;
};
const results = new Map(); // "name|kernel|build|unit" -> the row, with cpus, walls, warmups, rounds per run
function collect(rows, round) {
  for (const r of rows) {
    const key = `${r.name}|${r.kernel}|${r.build}|${r.unit}`;
    if (!results.has(key)) results.set(key, { ...r, cpus: [], walls: [], warmups: [], rounds: [] });
    const e = results.get(key);
    e.cpus.push(r.cpu);
    e.walls.push(r.value);
    e.warmups.push(r.warmupMs);
    e.rounds.push(round);
  }
}
function get(name, kernel, build, unit, clock = 'cpu') {
  const e = results.get(`${name}|${kernel}|${build}|${unit}`);
  return e ? median(clock === 'cpu' ? e.cpus : e.walls) : undefined;
}

// ---------------------------------------------------------------- kernels
const builds = [
  ['native SSE4.2', [at('build-native/dp_bench')]],
  ['wasm SIMD128', [...NODE, at('build-wasm/dp_bench.js')]],
  ['wasm scalar', [...NODE, at('build-wasm-scalar/dp_bench.js')]],
];
const t0 = Date.now();
process.stderr.write(`kernels, ${KERNEL_ROUNDS} rounds\n`);
for (let r = 0; r < KERNEL_ROUNDS; r++)
  for (const [label, argv] of builds) collect(run(label, [...argv, 'kernels']), r);
const kernelLoads = [...loads];

// ---------------------------------------------------------------- workloads
const W = {
  training: ['training', 'relu', 'training', 'tanh'],
  grids: ['grid', '150', 'tanh', 'grid', '150', 'relu', 'grid', '300', 'tanh'],
  mc: ['mc', '150', '16', 'mc', '150', '64'],
};
const all = [...W.training, ...W.grids, ...W.mc];
// The MC pass against a grid pass, timed in alternating runs within one process (the
// target's ratio; TF.js has no such workload).
const paired = ['mcratio', '150', '16'];
const contestants = [
  ['native C++', [at('build-native/dp_bench'), ...all, ...paired]],
  ['wasm C++', [...NODE, at('build-wasm/dp_bench.js'), ...all, ...paired]],
  ['JS API', [...NODE, at('bench/contestant-api.mjs'), ...all, ...paired]],
];
if (tfjsInstalled) contestants.push(['TF.js', [...NODE, at('bench/contestant-tfjs.mjs'), ...all]]);
loads.length = 0;
process.stderr.write(`workloads, ${ROUNDS} rounds\n`);
for (let r = 0; r < ROUNDS; r++) for (const [label, argv] of contestants) collect(run(label, argv), r);
const workloadLoads = [...loads];
const minutes = ((Date.now() - t0) / 60000).toFixed(1);

// ---------------------------------------------------------------- tables
const fmt = (v, d = 1) => (v === undefined ? '–' : v.toFixed(d));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
const loadRange = (ls) => `${Math.min(...ls).toFixed(2)}–${Math.max(...ls).toFixed(2)}`;
const lines = [];
const print = (s = '') => lines.push(s);

print(
  `Machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}; ${new Date().toISOString()}; ` +
    `${minutes} min. Figures: median over rounds, per second of the process's CPU time.`,
);
print();
print(`Kernels: ${KERNEL_ROUNDS} interleaved rounds; load average (1 min) ${loadRange(kernelLoads)}.`);
print();
print(
  '| kernel | unit | native SSE4.2 | wasm SIMD128 | wasm scalar | wasm SIMD / native | (same, wall time) | wasm SIMD / wasm scalar |',
);
print('|---|---|---|---|---|---|---|---|');
const names = [...new Set([...results.values()].map((e) => e.name))];
for (const name of names.filter((n) => n.startsWith('dense') || n.startsWith('bernoulli'))) {
  const unit = [...results.values()].find((e) => e.name === name).unit;
  const nat = get(name, 'xsimd', 'native SSE4.2', unit);
  const w = get(name, 'xsimd', 'wasm SIMD128', unit);
  const sc = get(name, 'scalar', 'wasm scalar', unit);
  const wallRatio = ratio(
    get(name, 'xsimd', 'wasm SIMD128', unit, 'wall'),
    get(name, 'xsimd', 'native SSE4.2', unit, 'wall'),
  );
  print(
    `| ${name} | ${unit} | ${fmt(nat)} | ${fmt(w)} | ${fmt(sc)} | ${ratio(w, nat)} | ${wallRatio} | ${ratio(w, sc)} |`,
  );
}
print();
print(
  '| activation, M elements/s | native: new | xsimd 8.1 | libm | wasm SIMD128: new | xsimd 8.1 | libm | wasm scalar: new (scalar ref.) | libm | wasm new / xsimd 8.1 | wasm / native (new) |',
);
print('|---|---|---|---|---|---|---|---|---|---|---|');
for (const f of ['tanh', 'sigmoid', 'exp', 'relu']) {
  const u = 'M elements/s';
  const g = (k, b) => get(f, k, b, u);
  const nn = g('new', 'native SSE4.2');
  const wn = g('new', 'wasm SIMD128');
  print(
    `| ${f} | ${fmt(nn, 0)} | ${fmt(g('xsimd 8.1', 'native SSE4.2'), 0)} | ${fmt(g('libm', 'native SSE4.2'), 0)} | ` +
      `${fmt(wn, 0)} | ${fmt(g('xsimd 8.1', 'wasm SIMD128'), 0)} | ${fmt(g('libm', 'wasm SIMD128'), 0)} | ` +
      `${fmt(g('scalar', 'wasm scalar'), 0)} | ${fmt(g('libm', 'wasm scalar'), 0)} | ` +
      `${ratio(wn, g('xsimd 8.1', 'wasm SIMD128'))} | ${ratio(wn, nn)} |`,
  );
}
print();
print(
  `Workloads: ${ROUNDS} interleaved rounds of ${contestants.map((c) => c[0]).join(', ')}; ` +
    `load average (1 min) ${loadRange(workloadLoads)}.`,
);
print();
const cols = contestants.map((c) => c[0]);
const buildOf = { 'native C++': 'native SSE4.2', 'wasm C++': 'wasm SIMD128' };
// One contestant's figures for a workload, indexed by round (a round without the row has
// none): its rows share the name, whatever the kernel or build label.
function series(contestant, name, unit, clock = 'cpu') {
  for (const e of results.values()) {
    if (e.name !== name || e.unit !== unit) continue;
    const isCpp = e.kernel === 'C++ loop' || e.kernel === 'C++';
    if (buildOf[contestant] ? isCpp && e.build === buildOf[contestant] : !isCpp && labelOf(e) === contestant)
      return e.rounds.reduce((byRound, k, j) => ((byRound[k] = (clock === 'cpu' ? e.cpus : e.walls)[j]), byRound), []);
  }
  return undefined;
}
const figure = (contestant, name, unit, clock = 'cpu') => {
  const xs = series(contestant, name, unit, clock);
  return xs && median(xs);
};
// A ratio of two series taken round by round (the contestants of one round ran closer in
// time than those of different rounds): the median and, in brackets, the range over the
// rounds; a round missing either side is left out.
// f maps a figure before the division (e.g. passes/s to GFLOP/s); b = 1 divides by 1.
function roundRatio(a, b, f = (v) => v, unit = '×') {
  if (!a || !b) return '–';
  const rs = a.map((v, k) => f(v) / (b === 1 ? 1 : b[k])).filter((r) => Number.isFinite(r));
  if (!rs.length) return '–';
  const d = unit === '×' ? 2 : 1;
  const sorted = [...rs].sort((x, y) => x - y);
  return `${median(rs).toFixed(d)}${unit} (${sorted[0].toFixed(d)}–${sorted.at(-1).toFixed(d)})`;
}
const labelOf = (e) => (e.build.startsWith('TF.js') ? 'TF.js' : e.build.startsWith('JS API') ? 'JS API' : e.build);
const tfBuild = [...results.values()].find((e) => e.build.startsWith('TF.js'))?.build;
const workloadRows = [
  ['training 2-16-16-1 relu', 'k steps/s', 'k steps/s'],
  ['training 2-16-16-1 tanh', 'k steps/s', 'k steps/s'],
  ['grid 150x150 2-64-64-1 tanh', 'passes/s', 'ms'],
  ['grid 150x150 2-64-64-1 relu', 'passes/s', 'ms'],
  ['grid 300x300 2-64-64-1 tanh', 'passes/s', 'ms'],
  ['MC 150x150 2-64-64-1 tanh, 16 passes', 'calls/s', 'ms'],
  ['MC 150x150 2-64-64-1 tanh, 64 passes', 'calls/s', 'ms'],
];
const shown = (v, unit) => (v === undefined ? undefined : unit === 'ms' ? 1000 / v : v);
print(`| workload | unit | ${cols.join(' | ')} | JS API / TF.js | wasm C++ / native C++ |`);
print(`|---|---|${cols.map(() => '---|').join('')}---|---|`);
for (const [name, unit, show] of workloadRows) {
  const v = Object.fromEntries(cols.map((c) => [c, figure(c, name, unit)]));
  const cells = cols.map((c) => fmt(shown(v[c], show), show === 'ms' ? 1 : 1));
  print(
    `| ${name} | ${show} | ${cells.join(' | ')} | ${ratio(v['JS API'], v['TF.js'])} | ${ratio(v['wasm C++'], v['native C++'])} |`,
  );
}
print();
// The issue-12 targets. Each cell: the median over rounds of the round's own ratio, and its
// range, so a burst of load in one round shows as a wide range instead of moving the figure.
// The MC row is paired within each process (mcratio: both sides timed on the same machine
// state); the separately measured rows above can disagree with it by tens of percent.
const trs = (c, a) => series(c, `training 2-16-16-1 ${a}`, 'k steps/s');
const gridFlops = (side) => (pps) => (pps * side * side * 2 * (2 * 64 + 64 * 64 + 64)) / 1e9;
const gridSeries = (c) => series(c, 'grid 150x150 2-64-64-1 tanh', 'passes/s');
const mcSeries = (c) => series(c, 'MC pass / grid pass 150x150 2-64-64-1 tanh, 16 passes', 'x');
const mcApart = (c) => {
  const mc = series(c, 'MC 150x150 2-64-64-1 tanh, 16 passes', 'calls/s');
  const grid = gridSeries(c);
  return mc && grid ? grid.map((g, k) => g / (16 * mc[k])) : undefined;
};
const C = ['native C++', 'wasm C++', 'JS API'];
print("| target (median over rounds of each round's ratio, and its range) | native C++ | wasm C++ | JS API | goal |");
print('|---|---|---|---|---|');
const targetRow = (name, cell, goal) => print(`| ${name} | ${C.map(cell).join(' | ')} | ${goal} |`);
targetRow('tanh training / relu training', (c) => roundRatio(trs(c, 'tanh'), trs(c, 'relu')), '≥ 0.85×');
targetRow(
  'tanh training / native C++ tanh training',
  (c) => (c === 'native C++' ? '1.00×' : roundRatio(trs(c, 'tanh'), trs('native C++', 'tanh'))),
  'wasm ≥ 0.85×',
);
targetRow('tanh training / TF.js wasm', (c) => roundRatio(trs(c, 'tanh'), trs('TF.js', 'tanh')), '≥ 200×');
targetRow('grid 150×150 tanh, GFLOP/s', (c) => roundRatio(gridSeries(c), 1, gridFlops(150), ''), 'wasm ≥ 25');
targetRow('MC pass / grid pass (16 passes, 150×150 tanh), paired runs', (c) => roundRatio(mcSeries(c), 1), '≤ 1.2×');
targetRow('(the same from the table above, measured apart)', (c) => roundRatio(mcApart(c), 1), '');
if (tfBuild) print(`\nTF.js: ${tfBuild} (@tensorflow/tfjs, one thread), from build-bench-tfjs/.`);

// ---------------------------------------------------------------- sizes
const size = (f) => {
  const b = fs.readFileSync(at(f));
  return { raw: b.length, gz: zlib.gzipSync(b, { level: 9 }).length };
};
const files = ['build-wasm/dropout_core.wasm', 'build-wasm/dropout_core.mjs'];
const uplot = 'node_modules/uplot/dist/uPlot.iife.min.js'; // what the page serves, as dist/vendor/uplot/uPlot.min.mjs
if (fs.existsSync(at(uplot))) files.push(uplot);
const sizes = files.map((f) => ({ f, ...size(f) }));
const kb = (n) => (n / 1024).toFixed(1);
print();
print('| file | raw KB | gzip KB |');
print('|---|---|---|');
for (const s of sizes) print(`| ${s.f} | ${kb(s.raw)} | ${kb(s.gz)} |`);
print(`| total | ${kb(sizes.reduce((a, s) => a + s.raw, 0))} | ${kb(sizes.reduce((a, s) => a + s.gz, 0))} |`);

console.log(lines.join('\n'));
if (jsonOut)
  fs.writeFileSync(
    jsonOut,
    JSON.stringify(
      { date: new Date().toISOString(), kernelLoads, workloadLoads, results: [...results.values()] },
      null,
      1,
    ),
  );

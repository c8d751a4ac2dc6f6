// The measurement the JS contestants share (bench/contestant-*.mjs); the C++ side does
// the same in bench/bench_core.cpp. Per workload: warm up until the rate stops rising
// (V8's optimising tier takes over), then timed runs; the median run is reported as
// work per second of wall time and per second of this process's CPU time
// (process.cpuUsage: user + system), so that time spent descheduled does not count.
// Prints one JSON line per figure, as dp_bench does.

const RUN_MS = 60;
const RUNS = 5;
const MAX_WARMUP_MS = 3000;
const SLOW_CALL_MS = 1000; // slower calls: the calibration call is the warm-up, one timed run

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function timed(f, work, calls) {
  const c0 = cpuSeconds();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) f();
  const wall = (performance.now() - t0) / 1000;
  const cpu = Math.max(cpuSeconds() - c0, 1e-9);
  return { wall: (calls * work) / wall, cpu: (calls * work) / cpu };
}

/**
 * Waits (busy, in 50 ms slices, at most 5 s) until this process uses no more CPU time
 * than wall time: V8 compiles wasm on background threads after instantiation, and a
 * measurement taken meanwhile shares the machine with that compiler.
 */
export function settle() {
  for (let k = 0; k < 100; k++) {
    const c0 = cpuSeconds();
    const t0 = performance.now();
    while (performance.now() - t0 < 50);
    if (cpuSeconds() - c0 < (1.1 * (performance.now() - t0)) / 1000) return;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Rates (work units per second) of calling f, which does `work` units per call. */
export function measure(f, work) {
  // Calibrate the calls per run, after a first call (V8 compiles lazily, on first calls).
  const w0 = performance.now();
  f();
  const c0 = performance.now();
  let calls = 0;
  do {
    f();
    calls++;
  } while (performance.now() - c0 < 20);
  const perCall = (performance.now() - c0) / calls;
  const perRun = Math.max(1, Math.round(RUN_MS / perCall));
  if (perCall < SLOW_CALL_MS) {
    let best = 0;
    for (let k = 0; ; k++) {
      // The lower of the two rates: V8 compiling on another thread counts in CPU time.
      const t = timed(f, work, Math.max(1, perRun >> 1));
      const r = Math.min(t.wall, t.cpu);
      const rising = r > best * 1.02;
      best = Math.max(best, r);
      if ((k >= 2 && !rising) || performance.now() - w0 > MAX_WARMUP_MS) break;
    }
  }
  const runs = [];
  const nRuns = perCall < SLOW_CALL_MS ? RUNS : 1;
  for (let r = 0; r < nRuns; r++) runs.push(timed(f, work, perRun));
  return {
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    warmupMs: Math.round(performance.now() - w0),
  };
}

/**
 * (time per call of b) / (passes × time per call of a), the median over 9 pairs of
 * alternating runs of about RUN_MS each after both are warm: both sides of every
 * ratio see the same machine.
 */
export function pairedRatio(a, b, passes) {
  const w0 = performance.now();
  const ra = measure(a, 1);
  const rb = measure(b, 1);
  const callsA = Math.max(1, Math.round((ra.wall * RUN_MS) / 1000));
  const callsB = Math.max(1, Math.round((rb.wall * RUN_MS) / 1000));
  const wall = [];
  const cpu = [];
  for (let k = 0; k < 9; k++) {
    const ta = timed(a, 1, callsA);
    const tb = timed(b, 1, callsB);
    wall.push(ta.wall / (tb.wall * passes));
    cpu.push(ta.cpu / (tb.cpu * passes));
  }
  return { wall: median(wall), cpu: median(cpu), warmupMs: Math.round(performance.now() - w0) };
}

export function report(name, kernel, build, rate, scale, unit) {
  const line = {
    name,
    kernel,
    build,
    value: rate.wall * scale,
    cpu: rate.cpu * scale,
    unit,
    warmupMs: rate.warmupMs,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

// The workloads, named as bench_core.cpp names them.
export const names = {
  training: (act) => `training 2-16-16-1 ${act}`,
  grid: (side, act) => `grid ${side}x${side} 2-64-64-1 ${act}`,
  mc: (side, passes) => `MC ${side}x${side} 2-64-64-1 tanh, ${passes} passes`,
  mcRatio: (side, passes) => `MC pass / grid pass ${side}x${side} 2-64-64-1 tanh, ${passes} passes`,
};

// Multiply-adds per row of 2-64-64-1, times 2: the flops of one grid row.
export const gridFlopsPerRow = 2 * (2 * 64 + 64 * 64 + 64);

// Cell centres of a side x side grid on [-6, 6]^2, row 0 at the top (as predictGrid builds it).
export function gridPoints(side) {
  const x = new Float32Array(2 * side * side);
  for (let j = 0; j < side; j++)
    for (let i = 0; i < side; i++) {
      x[2 * (j * side + i)] = -6 + (12 * (i + 0.5)) / side;
      x[2 * (j * side + i) + 1] = 6 - (12 * (j + 0.5)) / side;
    }
  return x;
}

/** Parses "training relu grid 150 tanh mc 150 16 ..." into [{ kind, args }]. */
export function parseWorkloads(argv) {
  const out = [];
  for (let i = 0; i < argv.length;) {
    const kind = argv[i];
    const n = kind === 'training' ? 1 : 2;
    const args = argv.slice(i + 1, i + 1 + n);
    // mc and mcratio take SIDE PASSES, grid SIDE: whole numbers above 0.
    const counts = kind === 'mc' || kind === 'mcratio' ? args : kind === 'grid' ? args.slice(0, 1) : [];
    if (args.length < n || counts.some((a) => !/^[1-9][0-9]*$/.test(a)))
      throw new Error(
        `workload ${kind} needs ${n} arguments (sizes and passes whole numbers > 0): got ${args.join(' ')}`,
      );
    out.push({ kind, args });
    i += 1 + n;
  }
  return out;
}

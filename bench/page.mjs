// The page benchmark: the built site (dist/) in headless Chromium, training at
// full speed. Prints a markdown table:
//   - time from navigation to the load event and to the first drawn boundary;
//   - frame times (requestAnimationFrame deltas): fps, median, p95, worst;
//   - training steps/s and boundary redraws/s, from window.__dropoutPlayground.stats
//     ({ steps, framesRendered, firstBoundaryMs }) when the page exposes it, else '–';
//   - every file the page fetched, raw and gzipped (what a gzip-serving host sends).
// Scenarios: the default page, and the page at ?speed=turbo (most steps per frame),
// both with stop=0 (the lesson's pause at step 500 would otherwise end training
// within seconds and leave a paused page to measure);
// BENCH_PAGE_QUERIES="?a=1,?b=2" overrides them.
// The 1-minute load average before and after each scenario is printed with it.
// Method: after load, Train is pressed and 1 s of warm-up passes (V8 tiers the
// worker's wasm up); then 3 windows of 3 s are measured and the median window
// is reported for each number.
// Usage: bash scripts/build-web.sh && node bench/page.mjs [--json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';
import { startServer } from '../scripts/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(root, 'dist'));
const WARMUP_MS = 1000;
const WINDOW_MS = 3000;
const WINDOWS = 3;

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html is missing: run scripts/build-web.sh first`);
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : undefined;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : undefined;
};

// Installed before any page script runs: a rAF loop that records every frame's timestamp.
function recordFrames() {
  window.__bench = { frames: [] };
  const tick = (t) => {
    window.__bench.frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const server = await startServer(DIST, 0);
// No service worker: each scenario loads the site from the server as a first visit
// does, not from the previous scenario's offline cache (web/offline.js).
const browser = await launchChromium({ serviceWorkers: 'block' });
const { context } = browser;

// One scenario: load the page at `query`, press Train, measure.
async function measurePage(query) {
  // The machine is shared: the 1-minute load average is reported next to every figure.
  const result = { query, loadBefore: os.loadavg()[0] };
  const page = await context.newPage();
  try {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const fetched = new Map();
    page.on('response', async (res) => {
      try {
        const body = await res.body();
        fetched.set(new URL(res.url()).pathname, { raw: body.length, gz: zlib.gzipSync(body, { level: 9 }).length });
      } catch {
        /* redirects and aborted requests have no body */
      }
    });
    await page.addInitScript(recordFrames);
    await page.goto(server.url + query, { waitUntil: 'load' });

    const readStats = () =>
      page.evaluate(() => {
        const s = window.__dropoutPlayground?.stats;
        return {
          now: performance.now(),
          frames: window.__bench.frames.length,
          steps: s?.steps,
          framesRendered: s?.framesRendered,
          firstBoundaryMs: s?.firstBoundaryMs,
        };
      });

    // Navigation to the load event, and to the first boundary (up to 10 s).
    result.loadMs = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.loadEventEnd);
    const hasStats = await page
      .waitForFunction(() => window.__dropoutPlayground?.stats?.firstBoundaryMs > 0, null, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    result.firstBoundaryMs = hasStats ? (await readStats()).firstBoundaryMs : undefined;
    result.canvases = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')]
        .map((c) => [c.width, c.height])
        .sort((x, y) => y[0] * y[1] - x[0] * x[1]),
    );

    // Full speed: press Train (if the page has it), warm up, then measure windows.
    const train = page.getByRole('button', { name: /train/i }).first();
    result.trainPressed = (await train.count()) > 0;
    if (result.trainPressed) await train.click();
    await page.waitForTimeout(WARMUP_MS);

    const windows = [];
    for (let w = 0; w < WINDOWS; w++) {
      const a = await readStats();
      await page.waitForTimeout(WINDOW_MS);
      const b = await readStats();
      const times = await page.evaluate(([i, j]) => window.__bench.frames.slice(i, j), [a.frames, b.frames]);
      const deltas = times.slice(1).map((t, i) => t - times[i]);
      const seconds = (b.now - a.now) / 1000;
      windows.push({
        fps: deltas.length / ((times.at(-1) - times[0]) / 1000),
        medianFrame: median(deltas),
        p95Frame: quantile(deltas, 0.95),
        worstFrame: Math.max(...deltas),
        // A frame that missed its vsync (60 Hz: 16.7 ms) shows up as a delta of about 33 ms.
        missedFrames: (100 * deltas.filter((d) => d > 20).length) / deltas.length,
        stepsPerSecond: b.steps === undefined ? undefined : (b.steps - a.steps) / seconds,
        redrawsPerSecond: b.framesRendered === undefined ? undefined : (b.framesRendered - a.framesRendered) / seconds,
      });
    }
    for (const key of Object.keys(windows[0]))
      result[key] = windows.some((w) => w[key] === undefined) ? undefined : median(windows.map((w) => w[key]));
    result.files = [...fetched.entries()].map(([file, s]) => ({ file, ...s })).sort((a, b) => b.gz - a.gz);
    result.errors = errors;
    result.loadAfter = os.loadavg()[0];
  } finally {
    await page.close();
  }
  return result;
}

// The default page, and the same page at its fastest speed setting (state is mirrored to the URL).
const QUERIES = process.env.BENCH_PAGE_QUERIES?.split(',') ?? ['?stop=0', '?speed=turbo&stop=0'];
const results = [];
try {
  for (const q of QUERIES) results.push(await measurePage(q));
} finally {
  await browser.close();
  await server.close();
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results));
  process.exit(0);
}
const fmt = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? '–' : v.toFixed(d));
const kb = (n) => (n / 1024).toFixed(1);
const label = (r) => `${r.query || 'default page'}${r.trainPressed ? ', training' : ' (no Train button: idle)'}`;
const row = (name, f, target = '') => console.log(`| ${name} | ${results.map(f).join(' | ')} | ${target} |`);
console.log(`\n| the page in headless Chromium | ${results.map(label).join(' | ')} | target |`);
console.log(`|---|${results.map(() => '---|').join('')}---|`);
row('load average (1 min), before → after', (r) => `${fmt(r.loadBefore, 2)} → ${fmt(r.loadAfter, 2)}`);
row('navigation → load event (ms)', (r) => fmt(r.loadMs, 0));
row('navigation → first boundary drawn (ms)', (r) => fmt(r.firstBoundaryMs, 0));
row('first boundary after load (ms)', (r) => fmt(r.firstBoundaryMs - r.loadMs, 0), '≤ 300 (idle machine)');
row('canvases; the largest', (r) => `${r.canvases.length}; ${r.canvases[0]?.join('×') ?? '–'}`, 'boundary ≥ 100×100');
row('frames per second', (r) => fmt(r.fps));
row('frame time, median (ms)', (r) => fmt(r.medianFrame));
row('frame time, p95 (ms)', (r) => fmt(r.p95Frame), '≤ 16.7 (idle machine)');
row('frame time, worst (ms)', (r) => fmt(r.worstFrame));
row('frames that missed vsync (> 20 ms), %', (r) => fmt(r.missedFrames));
row('training steps/s (all networks)', (r) => fmt(r.stepsPerSecond, 0));
row('boundary redraws/s', (r) => fmt(r.redrawsPerSecond));
const files = results[0].files;
console.log('\n| file the default page fetched | raw KB | gzip KB |');
console.log('|---|---|---|');
for (const f of files) console.log(`| ${f.file} | ${kb(f.raw)} | ${kb(f.gz)} |`);
const total = (k) => kb(files.reduce((a, f) => a + f[k], 0));
console.log(`| total (target ≤ 150 KB gzipped) | ${total('raw')} | ${total('gz')} |`);
for (const r of results) if (r.errors.length) console.log(`\nPage errors (${label(r)}): ${r.errors.join('; ')}`);

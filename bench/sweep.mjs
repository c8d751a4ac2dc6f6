// The rate sweep's benchmark: the built page in headless Chromium, "Which
// rate?" on the default lesson with 2,000 steps per network, 10 rates x 1 seed
// and 10 rates x 3 seeds, with 1 worker and with 2 (or BENCH_SWEEP_WORKERS,
// e.g. "1,2,4"), in interleaved rounds (1, 2, 1, 2, ...) so that a busy machine
// weighs on both alike. Wall time from the click to the last result, as the
// page measures it (window.__dropoutPlayground.sweep.last.ms): worker
// start-up and the wasm compile included. Prints a markdown table: medians
// and the median of each round's speed-up over 1 worker.
// Usage: bash scripts/build-web.sh && node bench/sweep.mjs [--rounds N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';
import { startServer } from '../scripts/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(root, 'dist'));
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
const WORKERS = (process.env.BENCH_SWEEP_WORKERS ?? '1,2').split(',').map(Number);
const CASES = [
  { name: '10 rates × 1 seed × 2,000 steps', query: '?sweepSteps=2000&sweepSeeds=1' },
  { name: '10 rates × 3 seeds × 2,000 steps', query: '?sweepSteps=2000&sweepSeeds=3' },
];

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html is missing: run scripts/build-web.sh first`);
  process.exit(1);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const load = () => os.loadavg()[0].toFixed(2);

const server = await startServer(DIST, 0);
const browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
const { page } = browser;
const times = CASES.map(() => WORKERS.map(() => []));
const cold = CASES.map(() => []);

/** One sweep with this many workers; its wall time in ms as the page measured it. */
async function sweep(workers) {
  await page.evaluate((n) => (window.__dropoutPlayground.sweep.workers = n), workers);
  await page.click('.sweep__run');
  await page.waitForFunction(() => document.querySelector('.sweep').dataset.state === 'done', null, {
    timeout: 300_000,
  });
  const last = await page.evaluate(() => window.__dropoutPlayground.sweep.last);
  if (last.workers !== workers) throw new Error(`asked for ${workers} workers, the page used ${last.workers}`);
  return last.ms;
}
const loadBefore = load();
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [c, { query }] of CASES.entries()) {
      await page.goto(server.url + query);
      await page.waitForFunction(() => window.__dropoutPlayground?.stats?.firstBoundaryMs != null);
      // The first sweep after load starts the workers (and compiles the wasm): timed apart.
      cold[c].push((await sweep(Math.max(...WORKERS))) / 1000);
      for (const [w, workers] of WORKERS.entries()) times[c][w].push((await sweep(workers)) / 1000);
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`\n### Rate sweep in headless Chromium (${os.cpus().length} cores; load ${loadBefore} → ${load()})\n`);
const header = [
  'sweep',
  `first after load, ${Math.max(...WORKERS)} workers (s)`,
  ...WORKERS.map((w) => `${w} worker${w > 1 ? 's' : ''} (s)`),
  ...WORKERS.slice(1).map((w) => `speed-up, ${w}`),
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---|').join('')}`);
for (const [c, { name }] of CASES.entries()) {
  const med = times[c].map((xs) => median(xs).toFixed(2));
  // Speed-up per round (paired: the same round, one after the other), then the median.
  const ups = WORKERS.slice(1).map(
    (_, k) => median(times[c][0].map((t, r) => t / times[c][k + 1][r])).toFixed(2) + '×',
  );
  console.log(`| ${name} | ${median(cold[c]).toFixed(2)} | ${med.join(' | ')} | ${ups.join(' | ')} |`);
}
console.log(
  `\n${ROUNDS} interleaved rounds; medians. Wall time from the click to the last result. The first sweep after load starts the workers and compiles the wasm; later sweeps reuse them.`,
);

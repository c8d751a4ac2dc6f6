// Shared by the page's end-to-end tests: a server for dist/, a headless
// Chromium (Debian's, through playwright-core), and ways to read the page.
//
// E2E_DIST=<dir> serves another build instead of dist/.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/chromium.mjs';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };
/** Starts the server and a browser; returns { server, context, page, problems, close }. */
export async function openBrowser() {
  for (const file of ['index.html', 'web/main.js', 'web/worker.js', 'wasm/dropout_core.mjs']) {
    if (!fs.existsSync(path.join(DIST, file))) {
      throw new Error(`${path.join(DIST, file)} is missing: build the wasm module, then run scripts/build-web.sh`);
    }
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer(DIST, 0);
  const browser = await launchChromium({ viewport: DESKTOP });
  const { context, page } = browser;
  const problems = watch(page, new URL(server.url).origin);
  return {
    server,
    context,
    page,
    problems,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * For a test file: the browser and page (opened at import, closed after the
 * file's tests). const { page, problems, server } = await usePage();
 */
export async function usePage() {
  const browser = await openBrowser();
  after(() => browser.close());
  return browser;
}

/** Records everything that goes wrong in the browser. */
export function watch(p, origin) {
  const problems = { console: [], page: [], failed: [], foreign: [], requested: [] };
  p.on('console', (msg) => {
    if (msg.type() === 'error') problems.console.push(msg.text());
  });
  p.on('pageerror', (err) => problems.page.push(err.message));
  p.on('request', (req) => {
    const url = req.url();
    problems.requested.push(url);
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.foreign.push(url);
  });
  p.on('requestfailed', (req) => problems.failed.push(`${req.url()} (${req.failure()?.errorText})`));
  p.on('response', (res) => {
    if (res.status() >= 400) problems.failed.push(`${res.url()} (HTTP ${res.status()})`);
  });
  return problems;
}

export function assertNoProblems(problems, when) {
  assert.deepEqual(problems.console, [], `console errors ${when}`);
  assert.deepEqual(problems.page, [], `page errors ${when}`);
  assert.deepEqual(problems.failed, [], `failed requests ${when}`);
  assert.deepEqual(problems.foreign, [], `requests to other origins ${when}`);
}

// ---------- reading the page ----------

/** One twin's numbers (0 = A, with dropout; 1 = B), from its card's data- attributes. */
export const twin = (page, i) =>
  page.$eval(`.twin[data-twin="${i}"]`, (el) => ({
    epoch: Number(el.dataset.epoch),
    trainLoss: el.dataset.trainLoss === undefined ? null : Number(el.dataset.trainLoss),
    validationLoss: el.dataset.validationLoss === undefined ? null : Number(el.dataset.validationLoss),
    bestValidationLoss: el.dataset.bestValidationLoss === undefined ? null : Number(el.dataset.bestValidationLoss),
    dropped: el.dataset.dropped === undefined ? null : Number(el.dataset.dropped),
    mask: el.dataset.mask ?? null,
    diverged: el.dataset.diverged === 'true',
    name: el.querySelector('.twin__name').textContent,
  }));

export const counter = (page) =>
  page.$eval('#epoch', (el) => ({ epoch: Number(el.dataset.epoch), step: Number(el.dataset.step) }));

export const waitForEpoch = (page, min, timeout = 30_000) =>
  page.waitForFunction((n) => Number(document.querySelector('#epoch').dataset.epoch) >= n, min, { timeout });

export const waitForStep = (page, n, timeout = 10_000) =>
  page.waitForFunction((k) => Number(document.querySelector('#epoch').dataset.step) === k, n, { timeout });

/** Waits until a fresh pair of networks has posted its first frame. */
export const waitForFirstFrame = (page, timeout = 20_000) =>
  page.waitForFunction(
    () => {
      const a = document.querySelector('#twin-a').dataset;
      return a.trainLoss !== undefined && a.epoch === '0' && window.__dropoutPlayground.stats.framesRendered > 0;
    },
    null,
    { timeout },
  );

/** Reads a canvas back: its size, distinct colours and a 48x48 sample of pixels. */
export const readCanvas = (page, selector) =>
  page.$eval(selector, (canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    const sample = [];
    for (let r = 0; r < 48; r++) {
      for (let c = 0; c < 48; c++) {
        const i = 4 * (Math.floor(((r + 0.5) * height) / 48) * width + Math.floor(((c + 0.5) * width) / 48));
        sample.push((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      }
    }
    return { width, height, distinct: colours.size, sample };
  });

export const differingFraction = (a, b) => a.sample.filter((v, i) => v !== b.sample[i]).length / a.sample.length;

/** Mean colour distance between two canvases' samples: |Δr| + |Δg| + |Δb| per pixel, averaged. */
export const meanColourDifference = (a, b) => {
  let sum = 0;
  a.sample.forEach((v, i) => {
    const w = b.sample[i];
    sum +=
      Math.abs((v >> 16) - (w >> 16)) + Math.abs(((v >> 8) & 255) - ((w >> 8) & 255)) + Math.abs((v & 255) - (w & 255));
  });
  return sum / a.sample.length;
};

/** Waits until a twin's training view shows `view` ('one' | 'average') of `step`, then reads it. */
export async function readTrainingView(page, twinId, view, step) {
  const selector = `${twinId} .boundary-thinned`;
  await page.waitForFunction(
    ([sel, v, s]) => {
      const d = document.querySelector(sel).dataset;
      return d.view === v && d.step === String(s);
    },
    [selector, view, step],
    { timeout: 10_000 },
  );
  return readCanvas(page, selector);
}

/** Does the canvas hold a pixel near this colour (sum of absolute differences)? */
export const hasColourNear = (page, selector, rgb, tolerance = 40) =>
  page.$eval(
    selector,
    (canvas, [target, tol]) => {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) {
        const d = Math.abs(data[i] - target[0]) + Math.abs(data[i + 1] - target[1]) + Math.abs(data[i + 2] - target[2]);
        if (d <= tol) return true;
      }
      return false;
    },
    [rgb, tolerance],
  );

export const noticeText = async (page) =>
  (await page.locator('#notice').isVisible()) ? page.locator('#notice').innerText() : null;

export const trainButton = (page) => page.locator('#train');

export async function setRunning(page, on) {
  const button = trainButton(page);
  if ((await button.getAttribute('aria-pressed')) === String(on)) return;
  await button.click();
  await page.waitForFunction((v) => document.querySelector('#train').getAttribute('aria-pressed') === String(v), on);
}

/** Clicks Step and waits for the frame of that step. */
export async function step(page) {
  const before = (await counter(page)).step;
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitForStep(page, before + 1);
  await page.waitForTimeout(50); // let the renderer paint that frame
}

/**
 * A picture of one element, taken from the top of the page so that the
 * sticky training bar does not cover it.
 */
export async function shootElement(page, selector, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const rect = await page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });
  const pad = 8;
  const clip = {
    x: Math.max(0, rect.x - pad),
    y: Math.max(0, rect.y - pad),
    width: rect.width + 2 * pad,
    height: rect.height + 2 * pad,
  };
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true, clip });
}

// End-to-end: the built page (dist/) in headless Chromium.
//
//   bash scripts/build-web.sh && node --test tests/e2e/
//
// Drives Debian's /usr/bin/chromium through playwright-core (no browser
// download). E2E_DIST=<dir> serves another build instead of dist/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

let server;
let context;
let page;
let tempDirs = [];
// Everything that went wrong in the browser, checked by the tests below.
const problems = { console: [], page: [], failed: [], foreign: [], requested: [] };

function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function watch(p, origin) {
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
}

function assertNoProblems(when) {
  assert.deepEqual(problems.console, [], `console errors ${when}`);
  assert.deepEqual(problems.page, [], `page errors ${when}`);
  assert.deepEqual(problems.failed, [], `failed requests ${when}`);
  assert.deepEqual(problems.foreign, [], `requests to other origins ${when}`);
}

// ---------- reading the page ----------

const status = async () =>
  page.$eval('#status', (el) => ({
    epoch: Number(el.dataset.epoch),
    trainLoss: el.dataset.trainLoss === undefined ? null : Number(el.dataset.trainLoss),
    validationLoss: el.dataset.validationLoss === undefined ? null : Number(el.dataset.validationLoss),
    dropped: el.dataset.dropped === undefined ? null : Number(el.dataset.dropped),
    diverged: el.dataset.diverged === 'true',
  }));

const waitForEpoch = (min, timeout = 30_000) =>
  page.waitForFunction((n) => Number(document.querySelector('#status').dataset.epoch) >= n, min, { timeout });

/** Reads the boundary canvas back: distinct colours and a 64x64 sample of pixels. */
const readCanvas = () =>
  page.$eval('#boundary', (canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    const sample = [];
    for (let r = 0; r < 64; r++) {
      for (let c = 0; c < 64; c++) {
        const i = 4 * (Math.floor(((r + 0.5) * height) / 64) * width + Math.floor(((c + 0.5) * width) / 64));
        sample.push((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      }
    }
    return { width, height, distinct: colours.size, sample };
  });

const differingFraction = (a, b) => a.sample.filter((v, i) => v !== b.sample[i]).length / a.sample.length;

/** Does the canvas hold a pixel near this colour (sum of absolute differences)? */
const hasColourNear = (rgb, tolerance = 40) =>
  page.$eval(
    '#boundary',
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

const noticeText = async () => ((await page.locator('#notice').isVisible()) ? page.locator('#notice').innerText() : null);

async function setRunning(on) {
  const name = on ? 'Train' : 'Pause';
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByRole('button', { name: on ? 'Pause' : 'Train', exact: true }).waitFor();
}

async function chooseDataset(id) {
  await page.getByLabel('Dataset').selectOption(id);
  // A new dataset means a new network; wait for its first frame.
  await page.waitForFunction(
    (name) => {
      const el = document.querySelector('#status');
      return el.dataset.dataset === name && el.dataset.epoch === '0' && el.dataset.trainLoss !== undefined;
    },
    id,
    { timeout: 15_000 },
  );
  await page.waitForTimeout(100); // let the renderer paint that frame
}

// ---------- setup ----------

before(async () => {
  for (const file of ['index.html', 'web/main.js', 'web/worker.js', 'wasm/dropout_core.mjs']) {
    if (!fs.existsSync(path.join(DIST, file))) {
      throw new Error(`${path.join(DIST, file)} is missing: build the wasm module, then run scripts/build-web.sh`);
    }
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(DIST, 0);
  const home = tempDir('dropout-e2e-home-');
  context = await chromium.launchPersistentContext(tempDir('dropout-e2e-profile-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
    viewport: DESKTOP,
    deviceScaleFactor: 1,
  });
  page = context.pages()[0] ?? (await context.newPage());
  watch(page, new URL(server.url).origin);
});

after(async () => {
  await context?.close();
  await server?.close();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

// ---------- the tests, in order: they share one page ----------

test('the page loads, fetches everything from its own server and shows the untrained network', async () => {
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('#status').dataset.trainLoss !== undefined, null, {
    timeout: 20_000,
  });
  await page.waitForTimeout(200);
  const s = await status();
  assert.equal(s.epoch, 0, 'a fresh network starts at epoch 0');
  assert.ok(Number.isFinite(s.trainLoss) && s.trainLoss > 0, `training loss is a positive number, got ${s.trainLoss}`);
  assert.equal(await noticeText(), null, 'no error notice');
  assert.equal(await page.getByLabel('Dataset').inputValue(), 'moons', 'the default dataset is moons');
  assert.ok(await page.getByRole('switch', { name: 'Apply dropout during training' }).isChecked(), 'dropout is on by default');
  assert.equal(await page.getByLabel('Dropout rate (probability of dropping a unit)').inputValue(), '0.5');
  assert.ok(
    problems.requested.some((u) => u.endsWith('/wasm/dropout_core.mjs')),
    'the worker loaded the module from the server',
  );
  assert.ok(problems.requested.some((u) => u.endsWith('.wasm')), 'the .wasm was fetched from the server');
  assertNoProblems('while loading');
});

test('every control has an accessible name', async () => {
  for (const [role, name] of [
    ['combobox', 'Dataset'],
    ['slider', 'Noise'],
    ['switch', 'Apply dropout during training'],
    ['slider', 'Dropout rate (probability of dropping a unit)'],
    ['button', 'Train'],
    ['button', 'Reset'],
  ]) {
    assert.equal(await page.getByRole(role, { name, exact: true }).count(), 1, `${role} "${name}"`);
  }
  const cdp = await context.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const interactive = new Set(['button', 'combobox', 'slider', 'switch', 'checkbox', 'textbox', 'link', 'radio', 'spinbutton']);
  const unnamed = nodes.filter((n) => !n.ignored && interactive.has(n.role?.value) && !n.name?.value?.trim());
  assert.deepEqual(unnamed.map((n) => n.role.value), [], 'controls without an accessible name');
  await cdp.detach();
});

test('Train advances the epoch counter and lowers the training loss; the boundary is painted and moves', async () => {
  const start = await status();
  const untrained = await readCanvas();
  assert.ok(untrained.width >= 100 && untrained.height >= 100, 'the canvas is at least 100x100 pixels');
  assert.ok(untrained.distinct > 50, `the untrained boundary is painted (${untrained.distinct} colours)`);

  await setRunning(true);
  await waitForEpoch(15);
  const early = await readCanvas();
  await page.waitForTimeout(600);
  const later = await readCanvas();
  assert.ok(early.distinct > 50, `many distinct colours while training (${early.distinct})`);
  const moved = differingFraction(early, later);
  assert.ok(moved > 0.01, `the boundary changes while training (${(moved * 100).toFixed(1)}% of sampled pixels)`);

  await waitForEpoch(150, 60_000);
  const trained = await status();
  assert.ok(trained.epoch > start.epoch, 'the epoch counter advanced');
  assert.ok(
    trained.trainLoss < 0.85 * start.trainLoss,
    `training loss fell: ${start.trainLoss.toFixed(3)} → ${trained.trainLoss.toFixed(3)}`,
  );
  assert.ok(!trained.diverged, 'the network did not diverge');
  assert.ok(Number(await page.locator('[data-field="epoch"]').innerText()) > 0, 'the visible epoch counter advanced');
  assertNoProblems('while training');
});

test('dropout drops units at the chosen rate, and can be switched off and on', async () => {
  const rateSlider = page.getByLabel('Dropout rate (probability of dropping a unit)');
  const toggle = page.getByRole('switch', { name: 'Apply dropout during training' });
  // Waits for two more frames, so the masks come from steps run at the new settings.
  const droppedAfter = async (epochs) => {
    await waitForEpoch((await status()).epoch + epochs);
    await waitForEpoch((await status()).epoch + 1);
    return (await status()).dropped;
  };

  const atHalf = await droppedAfter(5);
  assert.ok(atHalf > 0.35 && atHalf < 0.65, `rate 0.5 drops about half the units, got ${atHalf}`);

  await rateSlider.fill('0.8');
  assert.match(await page.locator('#rate-value').innerText(), /0\.80/);
  const atHigh = await droppedAfter(5);
  assert.ok(atHigh > 0.68 && atHigh < 0.92, `rate 0.8 drops about 80% of the units, got ${atHigh}`);

  await toggle.click();
  assert.equal(await toggle.isChecked(), false);
  assert.ok(await rateSlider.isDisabled(), 'the rate slider is disabled while dropout is off');
  const off = await droppedAfter(5);
  assert.ok(off === null || off === 0, `no unit is dropped with dropout off, got ${off}`);
  await page.waitForFunction(() => location.search.includes('dropout=0'), null, { timeout: 3_000 }); // the URL records it

  await toggle.click();
  await rateSlider.fill('0.5');
  assert.ok(await toggle.isChecked());
  assert.ok(!(await rateSlider.isDisabled()));
  const on = await droppedAfter(5);
  assert.ok(on > 0.35 && on < 0.65, `dropout back on drops about half again, got ${on}`);
  assert.equal(await noticeText(), null, 'no error notice');
  assertNoProblems('while toggling dropout');
});

test('screenshots of the trained page at desktop width', async () => {
  await waitForEpoch((await status()).epoch + 100, 60_000);
  await setRunning(false);
  await page.mouse.move(0, 0); // no hover styles in the picture
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'first-page.png'), fullPage: true });
});

test('changing the dataset builds a new network on the new data', async () => {
  await chooseDataset('xor');
  const xor = await readCanvas();
  assert.ok(xor.distinct > 50, `xor boundary painted (${xor.distinct} colours)`);
  await page.waitForFunction(() => location.search.includes('dataset=xor'), null, { timeout: 3_000 });
  await setRunning(true);
  await waitForEpoch(30);
  await setRunning(false);

  await chooseDataset('blobs3');
  assert.equal(await page.locator('#legend li', { hasText: 'Class 2' }).count(), 1, 'three classes in the legend');
  await setRunning(true);
  await waitForEpoch(60);
  await setRunning(false);
  await page.waitForTimeout(200);
  const blobs = await readCanvas();
  assert.ok(blobs.distinct > 50, `blobs3 painted (${blobs.distinct} colours)`);
  assert.ok(await hasColourNear([0, 158, 115]), 'the third class colour (bluish green) appears');
  await page.locator('.panel--plot').screenshot({ path: path.join(ARTIFACTS, 'dataset-blobs3.png') });

  await chooseDataset('sine');
  assert.equal(await page.locator('#plot-title').innerText(), 'The function the network fits');
  assert.equal(await page.locator('[data-field="train-accuracy"]').innerText(), 'n/a', 'no accuracy for a regression');
  const sineStart = await status();
  await setRunning(true);
  await waitForEpoch(300, 60_000);
  await setRunning(false);
  await page.waitForTimeout(200);
  const sine = await status();
  assert.ok(sine.trainLoss < sineStart.trainLoss, `sine: training loss fell ${sineStart.trainLoss} → ${sine.trainLoss}`);
  assert.ok(await hasColourNear([213, 94, 0], 20), 'the fitted curve is drawn');
  await page.locator('.panel--plot').screenshot({ path: path.join(ARTIFACTS, 'dataset-sine.png') });

  await chooseDataset('plane');
  await setRunning(true);
  await waitForEpoch(60);
  await setRunning(false);
  await page.waitForTimeout(200);
  const plane = await readCanvas();
  assert.ok(plane.distinct > 50, `plane heatmap painted (${plane.distinct} colours)`);
  await page.locator('.panel--plot').screenshot({ path: path.join(ARTIFACTS, 'dataset-plane.png') });

  for (const id of ['circle', 'gaussians', 'spiral']) {
    await chooseDataset(id);
    assert.ok((await readCanvas()).distinct > 50, `${id} painted`);
  }
  await chooseDataset('moons');
  assert.equal(await noticeText(), null, 'no error notice');
  assertNoProblems('while changing datasets');
});

test('Reset starts a fresh network', async () => {
  await setRunning(true);
  await waitForEpoch(40);
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#status').dataset.epoch === '0');
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  assertNoProblems('after Reset');
});

test('the page is usable at 375px phone width', async () => {
  await page.setViewportSize(PHONE);
  await setRunning(true);
  await waitForEpoch(120, 60_000);
  await setRunning(false);
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 375px (overflow ${overflow}px)`);
  const canvas = await page.locator('#boundary').boundingBox();
  assert.ok(canvas.width >= 280, `the boundary fills the phone's width (${canvas.width}px)`);
  for (const name of ['Train', 'Reset']) {
    const box = await page.getByRole('button', { name, exact: true }).boundingBox();
    assert.ok(box.height >= 44, `${name} is a comfortable touch target (${box.height}px)`);
  }
  assert.ok((await readCanvas()).distinct > 50, 'boundary painted at phone width');
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  // What a phone shows first, and the whole page (the fixed Train/Reset bar
  // stays where the first screen's bottom was in the full-page picture).
  await page.screenshot({ path: path.join(ARTIFACTS, 'first-page-phone.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'first-page-phone-full.png'), fullPage: true });
  await page.setViewportSize(DESKTOP);
  assertNoProblems('at phone width');
});

test('prefers-reduced-motion turns transitions off', async () => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const duration = await page.$eval('.switch', (el) => parseFloat(getComputedStyle(el).transitionDuration));
  assert.ok(duration < 0.001, `transition-duration ${duration}s`);
  await page.emulateMedia({ reducedMotion: null });
});

test('an error thrown by the module shows a visible notice, not a broken page', async () => {
  // A stand-in module whose makeDataset throws like the real one does.
  const broken = await context.newPage();
  const local = { console: [], page: [] };
  broken.on('console', (m) => m.type() === 'error' && local.console.push(m.text()));
  broken.on('pageerror', (e) => local.page.push(e.message));
  await broken.route('**/wasm/dropout_core.mjs', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `export default async function () {
        return { makeDataset() { throw new Error('noise must be in [0, 1], got 7'); }, Network: class {} };
      }`,
    }),
  );
  await broken.goto(server.url);
  const notice = broken.locator('#notice');
  await notice.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await notice.innerText(), /noise must be in \[0, 1\], got 7/);
  // With no network, Train does not pretend to run.
  await broken.getByRole('button', { name: 'Train', exact: true }).click();
  await broken.waitForTimeout(300);
  await broken.getByRole('button', { name: 'Train', exact: true }).waitFor();
  assert.ok(await notice.isVisible(), 'the notice stays up');
  assert.ok(await broken.getByRole('combobox', { name: 'Dataset' }).isEnabled(), 'the controls still work');
  assert.deepEqual(local.page, [], 'no uncaught page errors');
  assert.deepEqual(local.console, [], 'no console errors');
  await broken.screenshot({ path: path.join(ARTIFACTS, 'error-notice.png') });
  await broken.close();
});

// End-to-end: the playground works offline once it has been loaded (the
// service worker public/sw.js, registered by web/offline.js), in headless
// Chromium. Each test serves its own copy of the build and, to go offline,
// both switches the browser offline and stops the server: whatever the page
// then shows came from the cache.
//
// - Loaded once, the page opens from a link with other settings, draws,
//   trains and runs the rate sweep (new workers) offline.
// - A rebuilt site: the page offers the new version; Reload opens it, and the
//   old version's cache is gone (another app's cache stays). Only the changed
//   file was downloaded again.
// - Framed in a lesson page: the frame, switched to other settings offline,
//   loads and trains.
// - Where service workers are blocked: online only, said so, no error.
//
// Screenshots: test-artifacts/offline-*.png.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../scripts/chromium.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { precacheManifest, writeServiceWorker } from '../../scripts/precache.mjs';
import {
  ROOT,
  DIST,
  ARTIFACTS,
  watch,
  assertNoProblems,
  waitForFirstFrame,
  readCanvas,
  counter,
  setRunning,
  waitForEpoch,
} from './page-helpers.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-offline-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
fs.mkdirSync(ARTIFACTS, { recursive: true });
if (!fs.existsSync(path.join(DIST, 'sw.js'))) throw new Error(`${DIST}/sw.js is missing: run scripts/build-web.sh`);

/** A copy of the build in a fresh folder (at sub/ inside it, if given). */
function copySite(name, sub = '') {
  const dir = path.join(tmp, name);
  fs.cpSync(DIST, path.join(dir, sub), { recursive: true });
  return dir;
}

/** A server for dir and a fresh browser; the server's requests are logged. Closed after the test. */
async function open(t, dir) {
  const server = await startServer(dir, 0);
  const requests = [];
  server.server.on('request', (req) => requests.push(req.url));
  const browser = await launchChromium();
  const { context, page } = browser;
  const problems = watch(page, new URL(server.url).origin);
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  return { server, requests, context, page, problems };
}

test('where service workers are blocked, the page says offline is unavailable and works online, without an error', async (t) => {
  // Playwright's 'block' resolves register() with no registration (a browser may refuse it instead).
  const server = await startServer(DIST, 0);
  const browser = await launchChromium({ serviceWorkers: 'block' });
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  const { page } = browser;
  const problems = watch(page, new URL(server.url).origin);
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'unavailable', null, {
    timeout: 30_000,
  });
  await drawsAndTrains(page, 'service workers blocked');
  assert.equal(await page.locator('#update').isHidden(), true, 'no update is offered');
  assertNoProblems(problems);
});

/** Waits until the service worker controls the page (or frame) and has cached the site. */
const waitForOffline = (page) =>
  page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && document.documentElement.dataset.offline === 'ready',
    null,
    { timeout: 30_000 },
  );

/** This site's caches, and the paths the newest holds. */
const readCaches = (page) =>
  page.evaluate(async () => {
    const names = await caches.keys();
    const own = names.filter((n) => n.startsWith('dropout-playground '));
    const paths =
      own.length === 1 ? (await (await caches.open(own[0])).keys()).map((r) => new URL(r.url).pathname) : [];
    return { names, paths };
  });

/** Offline for real: the browser says so, and the server is gone. */
async function goOffline(site) {
  await site.context.setOffline(true);
  await site.server.close();
}

/** Both boundaries drawn (not a blank canvas), and the twins train a few epochs. */
async function drawsAndTrains(page, where) {
  await waitForFirstFrame(page);
  for (const twin of ['#twin-a', '#twin-b']) {
    const c = await readCanvas(page, `${twin} .boundary`);
    assert.ok(c.distinct > 50, `${where}: ${twin}'s boundary is drawn (${c.distinct} colours)`);
  }
  const before = await counter(page);
  await setRunning(page, true);
  await waitForEpoch(page, before.epoch + 3);
  await setRunning(page, false);
  assert.ok((await counter(page)).step > before.step, `${where}: the step counter advances`);
}

test('once loaded, the page opens offline from a link with other settings, draws, trains and runs the sweep', async (t) => {
  const dir = copySite('offline');
  const site = await open(t, dir);
  const { page, problems } = site;
  await page.goto(`${site.server.url}?dataset=circle`);
  await waitForFirstFrame(page);
  await waitForOffline(page);
  const { version, files } = precacheManifest(dir);
  const cached = await readCaches(page);
  assert.deepEqual(cached.names, [`dropout-playground ${site.server.url} ${version}`]);
  assert.deepEqual(
    cached.paths.sort(),
    Object.keys(files)
      .map((f) => `/${f}`)
      .sort(),
    'every file of the site is cached',
  );

  await goOffline(site);
  const answered = [];
  page.on('response', (r) => answered.push({ url: r.url(), byWorker: r.fromServiceWorker() }));
  await page.goto(`${site.server.url}?dataset=moons&sweepSeeds=1&sweepSteps=200`);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  assert.equal(await page.locator('[data-key="dataset"]:checked').inputValue(), 'moons', 'the link is read');
  await drawsAndTrains(page, 'offline');
  // The sweep starts new workers, which load the module and the wasm now.
  await page.getByRole('button', { name: 'Run the sweep' }).click();
  await page.waitForFunction(() => document.querySelector('.sweep').dataset.state !== 'running', null, {
    timeout: 60_000,
  });
  assert.equal(await page.$eval('.sweep', (el) => el.dataset.state), 'done', 'the sweep ran offline');
  await page.screenshot({ path: path.join(ARTIFACTS, 'offline-page.png') });

  await page.reload();
  await drawsAndTrains(page, 'reloaded offline');
  assert.ok(answered.length > 10, `${answered.length} responses offline`);
  assert.deepEqual(
    answered.filter((r) => !r.byWorker && !r.url.startsWith('data:')),
    [],
    'every response offline came from the service worker',
  );
  assert.ok(answered.some((r) => r.url.endsWith('/wasm/dropout_core.wasm')));
  assertNoProblems(problems, 'offline');
});

test('a rebuilt site: the page offers the new version, Reload opens it, and only its cache is left', async (t) => {
  const dir = copySite('update');
  const site = await open(t, dir);
  const { page, problems, requests } = site;
  await page.goto(`${site.server.url}?dataset=xor`);
  await waitForFirstFrame(page);
  await waitForOffline(page);
  const v1 = precacheManifest(dir).version;
  assert.equal(await page.title(), 'Dropout Playground');
  assert.equal(await page.locator('#update').isVisible(), false, 'no update to offer');
  // Another app's cache on this origin, which the playground must leave alone.
  await page.evaluate(async () => (await caches.open('another app')).put('/x', new Response('x')));

  // The next build changes one file.
  const index = path.join(dir, 'index.html');
  fs.writeFileSync(
    index,
    fs.readFileSync(index, 'utf8').replace('<title>Dropout Playground', '<title>Dropout Playground 2'),
  );
  const v2 = writeServiceWorker(dir).version;
  assert.notEqual(v2, v1);
  requests.length = 0;
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.locator('#update').waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), 'update');
  assert.match(await page.locator('#update').innerText(), /new version .* ready/);
  assert.deepEqual([...new Set(requests)].sort(), ['/index.html', '/sw.js'], 'only the changed file is downloaded');
  const waiting = await readCaches(page);
  const name = (v) => `dropout-playground ${site.server.url} ${v}`;
  assert.deepEqual(waiting.names.sort(), ['another app', name(v1), name(v2)].sort(), 'both while it waits');
  assert.equal(await page.title(), 'Dropout Playground', 'this page goes on with the old version');
  await page.screenshot({ path: path.join(ARTIFACTS, 'offline-update.png') });

  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Reload' }).click();
  await reloaded;
  await waitForFirstFrame(page);
  await waitForOffline(page);
  assert.equal(await page.title(), 'Dropout Playground 2', 'the new version');
  assert.equal(await page.locator('[data-key="dataset"]:checked').inputValue(), 'xor', 'the same link');
  assert.equal(await page.locator('#update').isVisible(), false);
  assert.deepEqual((await readCaches(page)).names.sort(), ['another app', name(v2)], 'the old cache is gone');

  await goOffline(site);
  await page.reload();
  assert.equal(await page.title(), 'Dropout Playground 2', 'offline: the new version');
  await drawsAndTrains(page, 'the new version, offline');
  assertNoProblems(problems, 'updating');
});

test('framed in a lesson page, the playground loads other settings and trains offline', async (t) => {
  const fixtures = 'tests/e2e/fixtures';
  const dir = copySite('embed', 'dist');
  fs.cpSync(path.join(ROOT, fixtures), path.join(dir, fixtures), { recursive: true });
  const site = await open(t, dir);
  const { page, problems } = site;
  await page.goto(`${site.server.url}${fixtures}/embed-host.html`);
  await page.frameLocator('dropout-playground iframe').locator('#twin-a .boundary').waitFor();
  const frame = page.frames().find((f) => f.url().startsWith(`${site.server.url}dist/`));
  await waitForOffline(frame);
  assert.deepEqual(
    (await readCaches(frame)).names,
    [`dropout-playground ${site.server.url}dist/ ${precacheManifest(path.join(dir, 'dist')).version}`],
    "the frame's scope is dist/",
  );

  await goOffline(site);
  await page.evaluate(() => (document.querySelector('#playground').settings = 'dataset=xor&speed=fast'));
  await frame.waitForFunction(() => new URLSearchParams(location.search).get('dataset') === 'xor');
  assert.equal(await frame.locator('[data-key="dataset"]:checked').inputValue(), 'xor');
  await drawsAndTrains(frame, 'the frame, offline');
  await page.waitForFunction(() => Number(document.querySelector('#progress').dataset.epoch) >= 3, null, {
    timeout: 30_000,
  });
  await page.screenshot({ path: path.join(ARTIFACTS, 'offline-embed.png') });
  assertNoProblems(problems, 'in the lesson page, offline');
});

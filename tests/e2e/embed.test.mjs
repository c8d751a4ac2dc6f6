// End-to-end: <dropout-playground> (web/embed.js) in a lesson page. The host
// fixture is served with the repository root, so it frames dist/ (build it
// first: scripts/build-web.sh), or a copy of E2E_DIST. From another origin:
// tests/e2e/server.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../scripts/chromium.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT, DIST, ARTIFACTS, watch, assertNoProblems } from './page-helpers.mjs';

const HOST = 'tests/e2e/fixtures/embed-host.html';
let server;
let browser;
let page;
let problems;
let temp = null;

/**
 * The folder to serve: the repository root, whose fixture frames dist/; for
 * another build (E2E_DIST), a copy of the fixture beside a copy of that build
 * (the server follows no symlink out of its folder).
 */
function siteRoot() {
  if (path.relative(ROOT, DIST) === 'dist') return ROOT;
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'embed-test-'));
  fs.cpSync(path.join(ROOT, path.dirname(HOST)), path.join(temp, path.dirname(HOST)), { recursive: true });
  fs.cpSync(DIST, path.join(temp, 'dist'), { recursive: true });
  return temp;
}

before(async () => {
  if (!fs.existsSync(path.join(DIST, 'web/embed.js')))
    throw new Error(`${DIST}/web/embed.js is missing: run scripts/build-web.sh`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(siteRoot(), 0);
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  problems = watch(page, new URL(server.url).origin);
  await page.goto(server.url + HOST);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
});

const frame = () => page.frameLocator('dropout-playground iframe');

test('the element frames the playground with its settings and hidden parts', async () => {
  const src = await page.locator('dropout-playground').evaluate((el) => el.url);
  const url = new URL(src);
  assert.equal(url.pathname, '/dist/');
  assert.equal(url.searchParams.get('dataset'), 'moons');
  assert.equal(url.searchParams.get('hide'), 'intro');
  await frame().locator('#twin-a .boundary').waitFor();
  assert.equal(await frame().locator('[data-key="dataset"]:checked').inputValue(), 'moons');
  assert.ok(!(await frame().locator('.masthead').isVisible()), 'hide=intro drops the page title');
  assertNoProblems(problems, 'on load');
});

test('training in the frame reaches the host page as progress events', async () => {
  await frame()
    .getByRole('button', { name: /^train$/i })
    .click();
  await page.waitForFunction(() => Number(document.querySelector('#progress').dataset.epoch) >= 30, null, {
    timeout: 30_000,
  });
  const d = await page.locator('#progress').evaluate((el) => ({ ...el.dataset }));
  assert.ok(Number(d.events) >= 2, 'several progress events');
  assert.ok(Number.isFinite(Number(d.lossA)) && Number.isFinite(Number(d.lossB)), 'finite validation losses');
  // At most about 4 events a second, however fast the frame trains.
  const t0 = Number(d.events);
  await page.waitForTimeout(2000);
  const t1 = Number(await page.locator('#progress').getAttribute('data-events'));
  assert.ok(t1 - t0 <= 10, `${t1 - t0} events in 2 s`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'embed.png') });
  assertNoProblems(problems, 'while training');
});

test('changing the settings attribute reloads the frame with them', async () => {
  await page.locator('dropout-playground').evaluate((el) => el.setAttribute('settings', 'dataset=xor'));
  await page.waitForFunction(() => {
    const f = document.querySelector('dropout-playground').shadowRoot.querySelector('iframe');
    return new URL(f.src).searchParams.get('dataset') === 'xor';
  });
  await frame().locator('#twin-a .boundary').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await frame().locator('[data-key="dataset"]:checked').inputValue(), 'xor');
  assertNoProblems(problems, 'after a new setting');
});

test('two ways: play, pause, step(n), reset and load() drive the frame; lesson-complete, error and ready come back', async () => {
  const el = page.locator('dropout-playground');
  // Every event the element dispatches, recorded on the host page.
  await el.evaluate((node) => {
    window.events = [];
    for (const type of ['ready', 'progress', 'diverged', 'error', 'lesson-complete'])
      node.addEventListener(type, (e) => window.events.push({ type, detail: e.detail }));
  });
  const stepInFrame = () => frame().locator('#epoch').getAttribute('data-step').then(Number);
  await el.evaluate((node) => node.load('dataset=circle'));
  await page.waitForFunction(
    () =>
      new URLSearchParams(
        document.querySelector('dropout-playground').shadowRoot.querySelector('iframe').contentWindow.location.search,
      ).get('dataset') === 'circle',
  );
  assert.equal(await stepInFrame(), 0);
  await el.evaluate((node) => node.step(3));
  await frame().locator('#epoch[data-step="3"]').waitFor();
  await el.evaluate((node) => node.play());
  await frame().locator('#train[aria-pressed="true"]').waitFor();
  await el.evaluate((node) => node.pause());
  await frame().locator('#train[aria-pressed="false"]').waitFor();
  const paused = await stepInFrame();
  await page.waitForTimeout(400);
  assert.equal(await stepInFrame(), paused, 'paused: no more steps');
  await el.evaluate((node) => node.reset());
  await frame().locator('#epoch[data-step="0"]').waitFor();
  await el.evaluate((node) => node.step(0));
  await page.waitForFunction(() => window.events.some((e) => e.type === 'error'));
  assert.match(
    await page.evaluate(() => window.events.find((e) => e.type === 'error').detail.message),
    /step\(n\) needs a whole number 1–10000, got 0/,
  );

  // A lesson card: its check holding comes back as lesson-complete.
  await el.evaluate((node) => (node.lesson = 1));
  await page.waitForFunction(() => window.events.some((e) => e.type === 'ready'));
  await frame().locator('.guide[data-lesson="1"]').waitFor();
  await el.evaluate((node) => node.step(1));
  await page.waitForFunction(() => window.events.some((e) => e.type === 'lesson-complete'));
  const done = await page.evaluate(() => window.events.find((e) => e.type === 'lesson-complete').detail);
  assert.equal(done.lesson, 1);
  assert.match(done.text, /of twin A's hidden units were dropped/);
  assertNoProblems(problems, 'driving the frame');
});

test('a command from another window is not obeyed', async () => {
  const el = page.locator('dropout-playground');
  await el.evaluate((node) => node.pause());
  await frame().locator('#train[aria-pressed="false"]').waitFor();
  const before = Number(await frame().locator('#epoch').getAttribute('data-step'));
  // A sibling frame posts "play" straight to the playground's window (fixtures/sibling.js).
  await page.evaluate(() => {
    const sibling = document.createElement('iframe');
    sibling.src = 'sibling.html';
    document.body.append(sibling);
  });
  await page.waitForFunction(() => document.body.dataset.siblingPosted === 'true');
  await page.waitForTimeout(800);
  assert.equal(await frame().locator('#train').getAttribute('aria-pressed'), 'false');
  assert.equal(Number(await frame().locator('#epoch').getAttribute('data-step')), before);
});

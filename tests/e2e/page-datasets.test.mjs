// End-to-end: the playground (dist/) in headless Chromium, on a page of its own:
// every dataset builds twins (sine draws curves), Reset, reduced motion, and a module
// that throws. The twins and the training controls are in page.test.mjs.
//
//   bash scripts/build-web.sh && node --test tests/e2e/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARTIFACTS,
  usePage,
  assertNoProblems,
  twin,
  waitForEpoch,
  waitForFirstFrame,
  readCanvas,
  hasColourNear,
  noticeText,
  trainButton,
  setRunning,
  step,
  shootElement,
} from './page-helpers.mjs';

const browser = await usePage();
const { page, problems } = browser;
await page.goto(browser.server.url, { waitUntil: 'load' });

const BOUNDARY_A = '#twin-a .boundary';
const BOUNDARY_B = '#twin-b .boundary';
const trainingView = () => page.getByLabel('Training view');

// ---------- the tests, in order: they share one page ----------

test('every dataset builds twins; sine draws both fitted curves', async () => {
  for (const id of ['xor', 'gaussians', 'spiral', 'moons', 'blobs3', 'plane']) {
    await page.locator(`[data-key="dataset"][value="${id}"]`).check();
    await page.waitForFunction((n) => new URLSearchParams(location.search).get('dataset') === n, id);
    await waitForFirstFrame(page);
    await page.waitForTimeout(100);
    assert.ok((await readCanvas(page, BOUNDARY_B)).distinct > 50, `${id} painted`);
  }
  await page.locator('[data-key="dataset"][value="sine"]').check();
  await waitForFirstFrame(page);
  await setRunning(page, true);
  await waitForEpoch(page, 300, 60_000);
  await setRunning(page, false);
  await page.waitForTimeout(200);
  assert.ok(await hasColourNear(page, BOUNDARY_A, [0, 122, 90], 20), "twin A's curve is drawn in A's colour");
  assert.ok(await hasColourNear(page, BOUNDARY_B, [176, 73, 143], 20), "twin B's curve is drawn in B's colour");
  assert.equal(
    await page.locator('#twin-a [data-field="train-accuracy"]').innerText(),
    'n/a',
    'no accuracy for a regression',
  );
  // A thinned network on 1-D data is a curve too.
  await trainingView().selectOption('one');
  await step(page);
  assert.ok(await page.locator('#twin-a .boundary-thinned').isVisible(), 'the thinned curve is shown for sine');
  assert.ok(
    await hasColourNear(page, '#twin-a .boundary-thinned', [0, 122, 90], 20),
    "the thinned curve is drawn in A's colour",
  );
  await shootElement(page, '.twins', 'sine-twins.png');
  await trainingView().selectOption('average');
  await step(page);
  assert.ok(
    await hasColourNear(page, '#twin-a .boundary-thinned', [0, 122, 90], 20),
    'so is the average of thinned curves',
  );
  await trainingView().selectOption('off');
  await page.locator('[data-key="dataset"][value="circle"]').check();
  await waitForFirstFrame(page);
  assert.equal(await noticeText(page), null, 'no notice');
  assertNoProblems(problems, 'while changing datasets');
});

test('Reset starts both twins again from the same weights', async () => {
  await setRunning(page, true);
  await waitForEpoch(page, 20);
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await waitForFirstFrame(page);
  const [a, b] = [await twin(page, 0), await twin(page, 1)];
  assert.equal(a.epoch, 0);
  assert.equal(a.trainLoss, b.trainLoss);
  assert.match(await trainButton(page).innerText(), /^Train$/);
  assertNoProblems(problems, 'after Reset');
});

test('prefers-reduced-motion turns transitions off', async () => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const duration = await page.$eval('.button', (el) => parseFloat(getComputedStyle(el).transitionDuration));
  assert.ok(duration < 0.001, `transition-duration ${duration}s`);
  await page.emulateMedia({ reducedMotion: null });
});

test('an error thrown by the module shows a visible notice, not a broken page', async () => {
  // A request that the service worker answers from its cache never reaches
  // route(): a page opened after unregistering it has no service worker.
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  });
  const broken = await browser.context.newPage();
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
  await broken.goto(browser.server.url);
  const notice = broken.locator('#notice');
  await notice.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await notice.innerText(), /noise must be in \[0, 1\], got 7/);
  await broken.locator('#train').click();
  await broken.waitForTimeout(300);
  assert.equal(await broken.locator('#train').getAttribute('aria-pressed'), 'false', 'Train does not pretend to run');
  assert.ok(await notice.isVisible(), 'the notice stays up');
  assert.ok(await broken.getByRole('radio', { name: 'Moons', exact: true }).isEnabled(), 'the controls still work');
  assert.deepEqual(local.page, [], 'no uncaught page errors');
  assert.deepEqual(local.console, [], 'no console errors');
  await broken.screenshot({ path: `${ARTIFACTS}/error-notice.png` });
  await broken.close();
});

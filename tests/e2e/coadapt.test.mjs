// End-to-end: co-adaptation in headless Chromium. "Remove each unit in turn"
// charts, for both twins, how much each hidden unit's removal raises the
// validation loss, read in words with what the lesson measured; a click on a
// hidden unit of the diagram silences it in the twin shown (its boundary and
// numbers change), and a second click brings back exactly the same network.
//
// Screenshots: test-artifacts/coadapt-*.png; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ARTIFACTS,
  usePage,
  assertNoProblems,
  waitForFirstFrame,
  readCanvas,
  differingFraction,
  step,
  twin,
} from './page-helpers.mjs';

const browser = await usePage();
const { page, problems } = browser;

test('removing each unit in turn: a bar per hidden unit for each twin, and the words', async () => {
  await page.goto(browser.server.url);
  await waitForFirstFrame(page);
  for (let k = 0; k < 3; k++) await step(page);
  await page.getByRole('button', { name: 'Remove each unit in turn' }).click();
  await page.waitForFunction(() => document.querySelector('.coadapt').dataset.state === 'done', null, {
    timeout: 30_000,
  });
  for (const t of ['A', 'B'])
    assert.equal(await page.locator(`.coadapt__chart [data-twin="${t}"] .coadapt-chart__bar`).count(), 128, t);
  // Sorted, largest first.
  const heights = await page.$$eval('.coadapt__chart [data-twin="B"] .coadapt-chart__bar title', (ts) =>
    ts.map((t) => Number(t.textContent.split(': ').pop())),
  );
  assert.deepEqual(
    heights,
    [...heights].sort((a, b) => b - a),
  );
  const reading = await page.locator('.coadapt__reading').innerText();
  assert.match(reading, /Units that move the loss by more than 0\.01 when silenced: \d+ of A's 128, \d+ of B's 128\./);
  assert.match(reading, /Activations near zero on these points: \d+% of A's, \d+% of B's/);
  assert.match(
    reading,
    /Measured on this lesson over 20 datasets: A's most important unit cost less than B's in 20 of 20/,
  );
  await step(page);
  assert.equal(await page.$eval('.coadapt', (el) => el.dataset.state), 'stale');
  await page.locator('.coadapt').screenshot({ path: path.join(ARTIFACTS, 'coadapt-bars.png') });
  assertNoProblems(problems, 'removing units');
});

test('a click on a hidden unit silences it in the twin shown; a second click brings the same network back', async () => {
  await page.goto(browser.server.url);
  await waitForFirstFrame(page);
  for (let k = 0; k < 3; k++) await step(page);
  const before = await twin(page, 0);
  const pictureBefore = await readCanvas(page, '#twin-a .boundary');
  const b = await twin(page, 1);
  const c = await page.evaluate(() => window.__dropoutPlayground.diagram.unitCenter(1, 0));
  const box = await page.locator('#network-diagram').boundingBox();
  await page.mouse.click(box.x + c.x, box.y + c.y);
  await page.waitForFunction(() => document.querySelector('#network-diagram').dataset.silenced === '1');
  assert.match(await page.locator('.diagram__silenced').innerText(), /twin A: hidden 1 unit 1\./);
  await page.waitForFunction(
    (v) => document.querySelector('#twin-a').dataset.validationLoss !== v,
    String(before.validationLoss),
  );
  assert.ok(
    differingFraction(pictureBefore, await readCanvas(page, '#twin-a .boundary')) > 0,
    'the boundary without it',
  );
  assert.equal((await twin(page, 1)).validationLoss, b.validationLoss, 'twin B is untouched');
  await page.screenshot({ path: path.join(ARTIFACTS, 'coadapt-silenced.png') });

  await page.mouse.click(box.x + c.x, box.y + c.y);
  await page.waitForFunction(() => document.querySelector('#network-diagram').dataset.silenced === '0');
  await page.waitForFunction(
    (v) => document.querySelector('#twin-a').dataset.validationLoss === v,
    String(before.validationLoss),
  );
  assert.equal(
    differingFraction(pictureBefore, await readCanvas(page, '#twin-a .boundary')),
    0,
    'exactly the same picture',
  );
  assert.equal(await page.locator('.diagram__silenced').isVisible(), false);
  assertNoProblems(problems, 'silencing a unit');
});

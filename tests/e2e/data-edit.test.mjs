// End-to-end: editing the points by hand in headless Chromium. A click adds a
// point of the chosen class where it lands, to both twins at once (they keep
// training from their weights), the link keeps it and reproduces it; Shift-
// click removes the nearest; another dataset drops the edits; a link whose
// edits do not fit its dataset opens on the seeded points with a notice.
//
// Screenshots: test-artifacts/edit-*.png; look at them.

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
  noticeText,
  step,
} from './page-helpers.mjs';
import { encodePoints } from '../../web/data-edit.js';

const browser = await usePage();
const { page, problems } = browser;

const summary = () => page.locator('#network-summary').innerText();
const counts = async () => {
  const m = (await summary()).match(/(\d+) training and (\d+) validation points/);
  return { train: Number(m[1]), validation: Number(m[2]) };
};

async function clickAt(selector, fx, fy, modifiers = []) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.move(box.x + fx * box.width, box.y + fy * box.height);
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.down();
  await page.mouse.up();
  for (const m of modifiers) await page.keyboard.up(m);
}

test('a click adds a point to both twins where it lands; the link keeps it; Shift-click removes it', async () => {
  await page.goto(browser.server.url);
  await waitForFirstFrame(page);
  for (let k = 0; k < 3; k++) await step(page);
  const before = await counts();
  const stepBefore = Number(await page.$eval('#epoch', (el) => el.dataset.step));
  const pictureB = await readCanvas(page, '#twin-b .boundary');
  // Off: a click does nothing.
  await clickAt('#twin-a .boundary', 0.9, 0.1);
  await page.waitForTimeout(200);
  assert.deepEqual(await counts(), before);

  await page.selectOption('#edit-mode', '1');
  await clickAt('#twin-a .boundary', 0.9, 0.1);
  await page.waitForFunction(
    (n) => document.querySelector('#network-summary').textContent.includes(`${n} training`),
    before.train + 1,
  );
  assert.match(await page.locator('.edit__status').innerText(), /^Added a point of class 1 to the training set/);
  await page.selectOption('#edit-set', 'validation');
  await clickAt('#twin-b .boundary', 0.1, 0.9);
  await page.waitForFunction(
    (n) => document.querySelector('#network-summary').textContent.includes(`${n} validation`),
    before.validation + 1,
  );
  // The twins kept their weights: the step count goes on.
  assert.equal(Number(await page.$eval('#epoch', (el) => el.dataset.step)), stepBefore);
  await step(page);
  assert.ok(differingFraction(pictureB, await readCanvas(page, '#twin-b .boundary')) > 0, 'B sees the new points');
  await page.screenshot({ path: path.join(ARTIFACTS, 'edit-added.png') });

  const edits = await page.waitForFunction(() => new URL(location.href).searchParams.get('edits'));
  const link = page.url();
  assert.ok(await edits.jsonValue());
  await page.goto(link);
  await waitForFirstFrame(page);
  assert.deepEqual(
    await counts(),
    { train: before.train + 1, validation: before.validation + 1 },
    'the link reproduces',
  );

  await page.selectOption('#edit-mode', '0');
  await clickAt('#twin-a .boundary', 0.9, 0.1, ['Shift']);
  await page.waitForFunction(
    (n) => document.querySelector('#network-summary').textContent.includes(`${n} training`),
    before.train,
  );
  assert.match(await page.locator('.edit__status').innerText(), /^Removed a training point/);
  await clickAt('#twin-a .boundary', 0.5, 0.02, ['Shift']);
  assert.match(await page.locator('.edit__status').innerText(), /^No point near enough/);
  assertNoProblems(problems, 'editing points');
});

test('another dataset drops the edits; edits that do not fit a dataset open the seeded points with a notice', async () => {
  await page.selectOption('#edit-mode', '1');
  await clickAt('#twin-a .boundary', 0.3, 0.3);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('edits'));
  await page.locator('.picker__option', { hasText: 'XOR' }).click();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('edits'));
  await waitForFirstFrame(page);

  const classTwo = encodePoints(
    { train: { x: [0, 0], y: [2] }, validation: { x: [], y: [] } },
    { inputs: 2, task: 'multiclass', classes: 3 },
  );
  await page.goto(`${browser.server.url}?dataset=circle&edits=${classTwo}`);
  await waitForFirstFrame(page);
  assert.match(
    await noticeText(page),
    /do not fit the circle dataset: they must be points of this dataset's classes 0–1 \(one is of class 2\)/,
  );
  assert.deepEqual(await counts(), { train: 15, validation: 15 }, 'the seeded points');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('edits'));
  await page.goto(`${browser.server.url}?dataset=blobs3&edits=${classTwo}`);
  await waitForFirstFrame(page);
  assert.deepEqual(await counts(), { train: 1, validation: 0 });
  assert.equal(await page.locator('#edit-mode option').count(), 4, 'off and three classes');
  await page.goto(`${browser.server.url}?dataset=plane`);
  await waitForFirstFrame(page);
  assert.equal(
    await page.locator('#edit-mode').isDisabled(),
    true,
    'a 2-D regression: no class, no value from a click',
  );
});

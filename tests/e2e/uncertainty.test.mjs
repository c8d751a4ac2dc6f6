// End-to-end: the Monte-Carlo uncertainty overlay (uncertainty=T) in headless
// Chromium. Twin A (dropout) gets a shade where its thinned networks disagree,
// with its numbers in words; twin B (no dropout) says it has none instead of
// drawing zeros; the 1-D sine gets a band; Off removes it.
//
// Screenshots: test-artifacts/uncertainty-*.png; look at them.

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
  shootElement,
} from './page-helpers.mjs';

const browser = await usePage();
const { page, problems } = browser;

const shown = (i) => page.$eval(`.twin[data-twin="${i}"] .boundary`, (el) => el.dataset.uncertainty);
const note = (i) => page.locator(`.twin[data-twin="${i}"] .twin__uncertainty`);

test("twin A's plane is shaded where its thinned networks disagree; twin B says it has nothing to show", async () => {
  await page.goto(`${browser.server.url}?uncertainty=32`);
  await waitForFirstFrame(page);
  for (let k = 0; k < 3; k++) await step(page);
  const meanStd = Number(await shown(0));
  assert.ok(meanStd > 0.01 && meanStd <= 0.5, `twin A's mean std ${meanStd}`);
  assert.equal(await shown(1), 'none');
  const text = await note(0).innerText();
  assert.match(
    text,
    /^Shaded: where 32 thinned networks disagree, darker for a larger standard deviation of p\(class 1\) \(darkest at 0\.5\)\. Mean over the plane (\d\.\d{3}), largest (\d\.\d{3})\.$/,
  );
  assert.equal(text.match(/plane (\d\.\d{3})/)[1], meanStd.toFixed(3));
  assert.match(
    await note(1).innerText(),
    /^Uncertainty: none to show\. Without dropout every pass is this same network/,
  );
  const withShade = await readCanvas(page, '#twin-a .boundary');
  await shootElement(page, '.twins', 'uncertainty-circle.png');

  // Off: the shade and the words go; twin B's picture never had any.
  const plainB = await readCanvas(page, '#twin-b .boundary');
  await page.selectOption('#uncertainty', '0');
  await page.waitForFunction(() => document.querySelector('#twin-a .boundary').dataset.uncertainty === 'none');
  assert.equal(await note(0).isVisible(), false);
  const without = await readCanvas(page, '#twin-a .boundary');
  assert.ok(differingFraction(withShade, without) > 0.3, 'the shade changed the picture');
  assert.equal(differingFraction(plainB, await readCanvas(page, '#twin-b .boundary')), 0, "B's picture is the same");
  await page.waitForFunction(() => new URL(location.href).searchParams.get('uncertainty') === '0');
  assertNoProblems(problems, 'the uncertainty overlay');
});

test('more passes, the same networks: the numbers are stable from frame to frame when paused', async () => {
  await page.goto(`${browser.server.url}?uncertainty=128&dataset=moons`);
  await waitForFirstFrame(page);
  for (let k = 0; k < 2; k++) await step(page);
  const a = await shown(0);
  await page.selectOption('#speed', 'slow'); // a new view, the same step: the same networks, the same numbers
  await page.waitForTimeout(300);
  assert.equal(await shown(0), a);
  assert.match(await note(0).innerText(), /^Shaded: where 128 thinned networks disagree/);
});

test('the sine: a band of mean ± 2 standard deviations around twin A', async () => {
  await page.goto(`${browser.server.url}?dataset=sine&uncertainty=32`);
  await waitForFirstFrame(page);
  for (let k = 0; k < 3; k++) await step(page);
  assert.ok(Number(await shown(0)) > 0);
  assert.match(await note(0).innerText(), /^Band: the mean of 32 thinned networks ± 2 standard deviations/);
  assert.equal(await shown(1), 'none');
  await shootElement(page, '.twins', 'uncertainty-sine.png');
  await page.goto(`${browser.server.url}?hide=uncertainty`);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('#uncertainty').isVisible(), false);
  assert.equal(await page.locator('#thinned').isVisible(), true);
  assertNoProblems(problems, 'the sine band');
});

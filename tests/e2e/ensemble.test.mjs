// End-to-end: "The ensemble" panel in headless Chromium. Measuring pauses the
// twins and draws, for twin A at this step, the distance of the average of k
// thinned networks to the inference network and to the average of all K, and
// the k-average's validation loss beside the inference network's, read in
// words; a later step marks it out of date; without dropout it says there is
// no ensemble.
//
// Screenshots: test-artifacts/ensemble-*.png; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ARTIFACTS,
  usePage,
  assertNoProblems,
  waitForFirstFrame,
  setRunning,
  step,
  readCanvas,
  differingFraction,
} from './page-helpers.mjs';

const browser = await usePage();
const { page, problems } = browser;

const panel = () => page.$eval('.ensemble', (el) => ({ ...el.dataset }));
const points = (series) => page.$$eval(`.ensemble__chart [data-series="${series}"] circle`, (els) => els.length);

async function measure() {
  await page.getByRole('button', { name: 'Measure at this step' }).click();
  await page.waitForFunction(() => document.querySelector('.ensemble').dataset.state !== 'measuring', null, {
    timeout: 30_000,
  });
}

test('Measure pauses the twins and draws the ensemble of twin A at this step, read in words', async () => {
  await page.goto(`${browser.server.url}`);
  await waitForFirstFrame(page);
  assert.equal((await panel()).state, 'idle');
  await setRunning(page, true);
  await page.waitForFunction(() => Number(document.querySelector('#epoch').dataset.step) >= 100);
  await measure();
  assert.equal(await page.locator('#train').getAttribute('aria-pressed'), 'false');
  const p = await panel();
  assert.equal(p.state, 'done');
  const at = Number(await page.$eval('#epoch', (el) => el.dataset.step));
  assert.equal(Number(p.step), at, 'measured at the step the twins paused at');
  assert.equal(await points('toInference'), 9, 'k = 1, 2, 4, ... 256');
  assert.equal(await points('toAll'), 8, 'up to 128: at 256 it is its own reference');
  assert.equal(await points('validation'), 9);
  assert.equal(await page.locator('.ensemble__chart [data-series="inference"] line').count(), 1);
  const reading = await page.locator('.ensemble__reading').innerText();
  assert.match(
    reading,
    /^The average of k thinned networks settles as k grows: its distance to the average of all 256 falls from \d\.\d{3} \(one network\) to \d\.\d{3} \(64\)\./,
  );
  assert.match(reading, /Weight scaling (stands in for it closely|stands in for it only loosely|is a poor stand-in)/);
  assert.match(
    reading,
    /Validation loss: one thinned network \d\.\d{3}, \d+%, the average of 256 \d\.\d{3}, \d+%, the inference network/,
  );
  assert.match(
    await page.locator('.ensemble__status').innerText(),
    new RegExp(`^Twin A at step ${at}: 256 thinned networks`),
  );
  await page.locator('.ensemble').screenshot({ path: path.join(ARTIFACTS, 'ensemble-circle.png') });

  await step(page);
  assert.equal((await panel()).state, 'stale');
  assert.match(
    await page.locator('.ensemble__status').innerText(),
    new RegExp(`^Measured at step ${at}; twin A has trained on`),
  );
  assertNoProblems(problems, 'measuring the ensemble');
});

test('without dropout there is no ensemble to measure, and the panel says so; hide=ensemble removes it', async () => {
  await page.goto(`${browser.server.url}?rate=0,0,0`);
  await waitForFirstFrame(page);
  await measure();
  assert.equal((await panel()).state, 'none');
  assert.match(await page.locator('.ensemble__status').innerText(), /^Twin A has no dropout/);
  assert.equal(await page.locator('.ensemble__chart').isVisible(), false);
  await page.goto(`${browser.server.url}?hide=ensemble`);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('.ensemble').isVisible(), false);
  assertNoProblems(problems, 'an ensemble without dropout');
});

test('the sine: distances along the curve, the same chart', async () => {
  await page.goto(`${browser.server.url}?dataset=sine`);
  await waitForFirstFrame(page);
  for (let k = 0; k < 5; k++) await step(page);
  await measure();
  assert.equal((await panel()).state, 'done');
  assert.match(await page.locator('.ensemble__status').innerText(), /256 thinned networks over 200 points along x/);
  assert.doesNotMatch(await page.locator('.ensemble__reading').innerText(), /%/, 'regression: no accuracy');
});

test('thinned networks one by one: each mask its own boundary; their average and the inference network beside', async () => {
  await page.goto(`${browser.server.url}?dataset=moons`);
  await waitForFirstFrame(page);
  for (let k = 0; k < 20; k++) await step(page);
  await page.getByRole('button', { name: 'Sample 4 thinned networks' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.thinned-card').length === 6);
  await page.getByRole('button', { name: 'Sample another' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.thinned-card').length === 7);
  await page.waitForTimeout(200); // the plots are drawn on the next animation frame
  const labels = await page.$$eval('.thinned-card__mask', (els) => els.map((e) => e.getAttribute('aria-label')));
  assert.equal(labels.length, 5);
  for (const l of labels) assert.match(l, /^Units kept: \d+ of 64 · \d+ of 64$/);
  assert.ok(new Set(labels).size > 1, 'different masks');
  const plots = [];
  for (let i = 1; i <= 7; i++) plots.push(await readCanvas(page, `.thinned-card:nth-child(${i}) .thinned-card__plot`));
  assert.ok(
    plots.every((p) => p.distinct > 10),
    `every plot is drawn: ${plots.map((p) => p.distinct)}`,
  );
  assert.ok(differingFraction(plots[0], plots[6]) > 0, 'a thinned network is not the inference network');
  assert.match(await page.locator('.thinned-card--average figcaption').innerText(), /mean of the outputs/);
  await page.locator('.ensemble').screenshot({ path: path.join(ARTIFACTS, 'ensemble-strip.png') });
  await step(page);
  assert.equal(await page.$eval('.ensemble', (el) => el.dataset.stripStale), 'true');
  assertNoProblems(problems, 'the thinned strip');
});

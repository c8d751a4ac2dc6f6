// End-to-end: the rate sweep ("Which rate?") in headless Chromium. It runs
// only when asked, pauses the twins, draws a dot per network as results
// arrive, marks the best rate, says what it shows, applies the best rate to
// twin A, is marked out of date when a setting it depends on changes, can be
// cancelled, and gives the same numbers as node (the same module) whatever
// the number of workers.
//
// Screenshots: test-artifacts/sweep-*.png; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, PHONE, usePage, assertNoProblems, waitForFirstFrame, setRunning } from './page-helpers.mjs';
import { loadModule } from '../js/load-module.mjs';
import { parseQuery } from '../../web/settings.js';
import { sweepPlan } from '../../web/sweep/sweep-plan.js';
import { runJob } from '../../web/sweep/sweep-job.js';

const browser = await usePage();
const { page, problems } = browser;

const QUICK = 'sweepSeeds=1&sweepSteps=200';
const panelState = () => page.$eval('.sweep', (el) => el.dataset.state);
const dots = (series) =>
  page.$$eval(`.sweep__chart [data-series="${series}"] .sweep-chart__dot`, (els) =>
    els.map((e) => Number(e.dataset.rate)),
  );
const lastSweep = () => page.evaluate(() => window.__dropoutPlayground.sweep.last);

async function runSweep() {
  await page.getByRole('button', { name: /^(Run the sweep|Run again)$/ }).click();
  await page.waitForFunction(() => document.querySelector('.sweep').dataset.state !== 'running', null, {
    timeout: 60_000,
  });
  assert.equal(await panelState(), 'done');
  return lastSweep();
}

/** The same sweep trained in node, from the settings of the page's URL. */
async function nodeSweep(query) {
  const dp = await loadModule();
  const { settings } = parseQuery(`?${query}`);
  const plan = sweepPlan(settings);
  const data = dp.makeDataset(plan.dataset);
  return plan.jobs.map((job) => runJob(dp, data, job));
}

test('nothing runs until asked; Run pauses the twins and draws a dot per network, the best rate marked and read', async () => {
  await page.goto(`${browser.server.url}?${QUICK}`);
  await waitForFirstFrame(page);
  assert.equal(await panelState(), 'idle');
  assert.equal(await page.locator('.sweep__chart').isVisible(), false, 'no chart before a sweep');
  await setRunning(page, true);
  const last = await runSweep();
  assert.equal(await page.locator('#train').getAttribute('aria-pressed'), 'false', 'the twins were paused');
  assert.deepEqual(await dots('validationLoss'), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  assert.equal((await dots('trainLoss')).length, 10);
  assert.equal((await dots('validationAccuracy')).length, 10);
  const best = await page.$eval('.sweep', (el) => el.dataset.best);
  assert.equal(await page.$eval('.sweep-chart__best', (el) => el.dataset.rate), best);
  // The best mark is the lowest validation loss of the ten.
  const losses = last.results.map((r) => r.validation.loss);
  assert.equal(last.results[losses.indexOf(Math.min(...losses))].rate, Number(best));
  const reading = await page.locator('.sweep__reading').innerText();
  assert.match(reading, new RegExp(`^(Rate ${best} has the lowest mean validation loss|No dropout has the lowest)`));
  assert.match(await page.locator('.sweep__status').innerText(), /^10 networks, 200 steps each, in \d+\.\d s\.$/);
  assert.match(await page.$eval('.sweep__chart', (el) => el.getAttribute('aria-label')), /^Rate sweep: 10 networks/);
  await page.locator('.sweep').screenshot({ path: path.join(ARTIFACTS, 'sweep-circle.png') });
  assertNoProblems(problems, 'running a sweep');
});

test('the same numbers as node, with 1 worker or several', async (t) => {
  const query = 'sweepSeeds=2&sweepSteps=200&dataset=moons';
  await page.goto(`${browser.server.url}?${query}`);
  await waitForFirstFrame(page);
  const many = await runSweep();
  await page.evaluate(() => (window.__dropoutPlayground.sweep.workers = 1));
  const one = await runSweep();
  assert.equal(one.workers, 1);
  t.diagnostic(`workers: ${many.workers} then 1; ${Math.round(many.ms)} ms and ${Math.round(one.ms)} ms`);
  assert.deepEqual(one.results, many.results);
  assert.deepEqual(many.results, await nodeSweep(query));
});

test('one click gives twin A the best rate; a changed setting marks the sweep out of date, and changing back restores it', async () => {
  await page.goto(`${browser.server.url}?${QUICK}&rate=0.2,0.9,0.45`);
  await waitForFirstFrame(page);
  await runSweep();
  const best = Number(await page.$eval('.sweep', (el) => el.dataset.best));
  const apply = page.locator('.sweep__apply');
  if (best === 0.9) {
    assert.equal(await apply.isDisabled(), true);
  } else {
    assert.match(await apply.innerText(), new RegExp(`^Use rate ${best} for twin A \\(scaled per layer\\)$`));
    await apply.click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('rate') !== '0.2,0.9,0.45');
    const rate = new URL(page.url()).searchParams.get('rate').split(',').map(Number);
    assert.deepEqual(rate, [0.2, best, Math.round(best * 5000) / 10000], 'input rate kept, hidden rates scaled');
    assert.equal(await apply.isDisabled(), true);
    assert.equal(await panelState(), 'done', 'a new rate does not make the sweep out of date');
  }
  await page.selectOption('#lr', '0.003');
  await page.waitForFunction(() => document.querySelector('.sweep').dataset.state === 'stale');
  assert.match(await page.locator('.sweep__status').innerText(), /out of date/);
  assert.equal(await apply.isVisible(), false);
  await page.selectOption('#lr', '0.01');
  await page.waitForFunction(() => document.querySelector('.sweep').dataset.state === 'done');
});

test('Cancel stops a long sweep at once and keeps the networks that finished; partial results are drawn', async () => {
  await page.goto(`${browser.server.url}?sweepSeeds=5&sweepSteps=5000&dataset=xor`);
  await waitForFirstFrame(page);
  await page.getByRole('button', { name: 'Run the sweep' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.sweep__chart .sweep-chart__dot').length > 0, null, {
    timeout: 60_000,
  });
  assert.equal(await panelState(), 'running');
  assert.ok(await page.locator('.sweep__bar').isVisible());
  const value = await page.$eval('.sweep__bar', (el) => el.value);
  assert.ok(value > 0 && value < 1, `progress ${value}`);
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await panelState(), 'cancelled');
  const count = (await dots('validationLoss')).length;
  assert.ok(count > 0 && count < 50, `${count} of 50 networks`);
  await page.waitForTimeout(1000);
  assert.equal((await dots('validationLoss')).length, count, 'nothing arrives after Cancel');
  assert.equal(await page.locator('.sweep__apply').isVisible(), false);
  assertNoProblems(problems, 'cancelling a sweep');
});

test('at 375 px the sweep fits the screen, and hide=sweep removes it', async () => {
  await page.setViewportSize(PHONE);
  await page.goto(`${browser.server.url}?${QUICK}`);
  await waitForFirstFrame(page);
  await runSweep();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `overflow ${overflow}px`);
  await page.locator('.sweep').screenshot({ path: path.join(ARTIFACTS, 'sweep-phone.png') });
  await page.goto(`${browser.server.url}?hide=sweep`);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('.sweep').isVisible(), false);
  await page.setViewportSize({ width: 1280, height: 900 });
});

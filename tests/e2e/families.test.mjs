// End-to-end: "Where dropout applies" in headless Chromium. The CNN and RNN
// engine (wasm/dropout_families.*) loads only when a learner trains there; the
// three networks train to the measured length and stop; the numbers are the
// ones node computes with the same module; spatial masks drop whole maps and
// element-wise masks single activations; the variational mask is constant over
// time and the naive one is not; Step trains one step and draws a new mask;
// the rate changes live; the tab and the rates are in the link (family,
// cnnRate, rnnRate); hide=families hides the panel; phone width fits.
//
// Screenshots: test-artifacts/families-*.png; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ARTIFACTS,
  PHONE,
  DESKTOP,
  usePage,
  assertNoProblems,
  readCanvas,
  differingFraction,
  waitForFirstFrame,
} from './page-helpers.mjs';
import { loadFamilies } from '../js/load-module.mjs';
import { createLab } from '../../web/families/families-lab.js';
import { FAMILY_PRESETS } from '../../web/families/families-presets.js';
import { VARIANT_COLOURS } from '../../web/render/families-draw.js';

const { page, problems, server } = await usePage();
await page.goto(`${server.url}?`);
const panel = page.locator('.families');

const cards = () =>
  page.$$eval('.families__net', (els) =>
    els.map((e) => ({
      variant: e.dataset.variant,
      validationLoss: Number(e.dataset.validationLoss),
      droppedMaps: e.dataset.droppedMaps === undefined ? null : Number(e.dataset.droppedMaps),
      droppedCells: e.dataset.droppedCells === undefined ? null : Number(e.dataset.droppedCells),
      constantUnits: e.dataset.constantUnits === undefined ? null : e.dataset.constantUnits,
    })),
  );

async function trainToLength(family) {
  await page.click(`#families-tab-${family}`);
  await page.click('.families__run');
  await page.waitForFunction(() => document.querySelector('.families').dataset.pastLength === '1', null, {
    timeout: 120_000,
  });
  return Number(await panel.getAttribute('data-step'));
}

/** The same lab in node, trained as long: the page must show these numbers. */
async function nodeLosses(family, steps) {
  const lab = createLab(await loadFamilies(), family);
  lab.train(steps);
  const losses = lab.frame().metrics.map((m) => m.validationLoss);
  const mc = lab.mc(FAMILY_PRESETS[family].mcPasses ?? 32).map((r) => r?.loss);
  lab.destroy();
  return Object.assign(losses, { mc });
}

test('the engine loads only when a learner trains here', async () => {
  await panel.scrollIntoViewIfNeeded();
  assert.equal(await panel.getAttribute('data-state'), 'idle');
  assert.ok(!problems.requested.some((u) => u.includes('dropout_families')), 'no request before Train');
  assert.match(await page.locator('.families__status').textContent(), /Press Train/);
});

test('CNN: trains to the measured length, the numbers are node’s, masks drop what their kind says', async () => {
  const steps = await trainToLength('cnn');
  assert.equal(steps, FAMILY_PRESETS.cnn.steps);
  assert.ok(problems.requested.some((u) => u.endsWith('/wasm/dropout_families.wasm')));
  const shown = await cards();
  assert.deepEqual(
    shown.map((c) => c.variant),
    ['none', 'elementwise', 'spatial'],
  );
  const expected = await nodeLosses('cnn', steps);
  shown.forEach((c, i) => assert.equal(c.validationLoss, expected[i], `${c.variant}: the page's loss is node's`));
  assert.ok(
    shown.every((c) => c.validationLoss < Math.log(4)),
    'every network learned (validation loss below ln 4, chance)',
  );
  // No mask without dropout; element-wise drops scattered activations, never a whole map at rate 0.2 here.
  assert.deepEqual([shown[0].droppedMaps, shown[0].droppedCells], [0, 0]);
  assert.ok(shown[1].droppedCells > 0 && shown[1].droppedMaps === 0, JSON.stringify(shown[1]));
  assert.equal(shown[2].droppedCells, shown[2].droppedMaps * 144, 'spatial dropout drops whole maps only');
  for (const sel of ['.families__net[data-variant="spatial"] canvas', '.families__grid', '.families__image']) {
    const c = await readCanvas(page, sel);
    assert.ok(c.distinct > 3, `${sel} is drawn (${c.distinct} colours)`);
  }
  assert.ok(Number(await page.$eval('.families__chart', (e) => e.dataset.points)) > 10, 'the chart has points');
  // Paused at the measured length: the averages of thinned networks, as node computes them.
  const mcNote = page.locator('.families__net[data-variant="spatial"] .families__mc');
  await page.waitForFunction(
    () =>
      /The average of/.test(document.querySelector('.families__net[data-variant="spatial"] .families__mc').textContent),
    null,
    { timeout: 30_000 },
  );
  assert.match(await mcNote.textContent(), new RegExp(`validation loss ${expected.mc[2].toFixed(3)}`));
  assert.match(await page.locator('.families__reading').textContent(), /Averaging 32 thinned networks instead/);
  assert.match(await page.locator('.families__reading').textContent(), /^Step \d+\. Validation loss, lowest first/);
  await panel.screenshot({ path: path.join(ARTIFACTS, 'families-cnn.png') });
  assertNoProblems(problems, 'training the CNNs');
});

test('RNN: variational masks are constant over time, naive ones are not; Step draws a new mask', async () => {
  const steps = await trainToLength('rnn');
  assert.equal(steps, FAMILY_PRESETS.rnn.steps);
  const shown = await cards();
  assert.deepEqual(
    shown.map((c) => c.variant),
    ['none', 'naive', 'variational'],
  );
  const expected = await nodeLosses('rnn', steps);
  shown.forEach((c, i) => assert.equal(c.validationLoss, expected[i], `${c.variant}: the page's loss is node's`));
  const units = FAMILY_PRESETS.rnn.network.units;
  assert.equal(shown[0].constantUnits, '', 'no mask without dropout');
  assert.equal(Number(shown[2].constantUnits), units, 'every variational unit keeps its mask over time');
  // A naive unit keeps one value over 32 steps with probability 0.75^32 + 0.25^32 (1e-4) at rate 0.25.
  assert.ok(Number(shown[1].constantUnits) <= 1, `naive: ${shown[1].constantUnits} constant units`);
  const strip = '.families__net[data-variant="naive"] .families__strip';
  const before = await readCanvas(page, strip);
  await page.click('.families__step');
  await page.waitForFunction((n) => Number(document.querySelector('.families').dataset.step) === n + 1, steps);
  const after = await readCanvas(page, strip);
  assert.ok(differingFraction(before, after) > 0.05, 'one step later the naive mask is another');
  await panel.screenshot({ path: path.join(ARTIFACTS, 'families-rnn.png') });
  assertNoProblems(problems, 'training the RNNs');
});

test('the curve: trains to the measured length, the numbers are node’s, each error on the shown sequence', async () => {
  const steps = await trainToLength('sines');
  assert.equal(steps, FAMILY_PRESETS.sines.steps);
  const shown = await cards();
  const expected = await nodeLosses('sines', steps);
  shown.forEach((c, i) => assert.equal(c.validationLoss, expected[i], `${c.variant}: the page's loss is node's`));
  const note = await page.locator('.families__sequence-note').textContent();
  assert.match(
    note,
    /Mean squared error on this sequence: no dropout \d\.\d{3}, naive \d\.\d{3}, variational \d\.\d{3}\./,
  );
  const numbers = await page.locator('.families__net[data-variant="none"] .families__numbers').textContent();
  assert.match(numbers, /^mean squared error: validation \d\.\d{3} · training \d\.\d{3} · gap \d\.\d{3}$/);
  // Each network's curve is drawn in its colour.
  const drawn = await page.$eval(
    '.families__sequence',
    (canvas, colours) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const rgb = colours.map((c) => c.match(/\d+/g).map(Number));
      const counts = rgb.map(() => 0);
      for (let i = 0; i < data.length; i += 4)
        rgb.forEach(([r, g, b], k) => {
          if (data[i] === r && data[i + 1] === g && data[i + 2] === b) counts[k] += 1;
        });
      return counts;
    },
    [...VARIANT_COLOURS],
  );
  drawn.forEach((n, k) => assert.ok(n > 50, `network ${k}'s curve: ${n} pixels of its colour`));
  await panel.screenshot({ path: path.join(ARTIFACTS, 'families-sines.png') });
  await page.click('#families-tab-rnn');
  assertNoProblems(problems, 'training the curve');
});

test('the rate changes live: at 0 no unit is dropped at the next step', async () => {
  await page.locator('#families-rate').fill('0');
  const step = Number(await panel.getAttribute('data-step'));
  await page.click('.families__step');
  await page.waitForFunction((n) => Number(document.querySelector('.families').dataset.step) === n + 1, step);
  const strip = await readCanvas(page, '.families__net[data-variant="naive"] .families__strip');
  const dark = strip.sample.filter((v) => v === 0x282830).length;
  assert.equal(dark, 0, 'no dropped unit-step at rate 0');
  assert.equal(await page.locator('.families__rate-value').textContent(), '0.00');
});

test('slow motion: one step at a time, each mask on screen for a while', async () => {
  await page.check('.families__slow');
  const start = Number(await panel.getAttribute('data-step'));
  const t0 = Date.now();
  await page.click('.families__run');
  await page.waitForFunction((n) => Number(document.querySelector('.families').dataset.step) >= n + 3, start, {
    timeout: 30_000,
  });
  const elapsed = Date.now() - t0;
  await page.click('.families__run'); // pause
  assert.ok(elapsed >= 3 * 400, `3 slow steps took ${elapsed} ms, less than 3 pauses of 400 ms`);
  await page.uncheck('.families__slow');
});

test('the link holds the tab and each tab’s rate; the networks train at it; arrows choose a tab; hide=family', async () => {
  const query = () => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));
  const selected = () => page.locator('.families [role="tab"][aria-selected="true"]').getAttribute('data-family');
  await waitForFirstFrame(page); // leaving a page before its engine loaded would abort that load
  await page.goto(`${server.url}?family=rnn&rnnRate=0.4`);
  await waitForFirstFrame(page);
  assert.equal(await selected(), 'rnn');
  assert.equal(await panel.getAttribute('data-family'), 'rnn');
  assert.equal(await page.locator('.families__rate-value').textContent(), '0.40');
  // The three networks train at the link's rate: one step, the same numbers as node's lab at 0.4.
  await page.click('.families__step');
  await page.waitForFunction(() => document.querySelector('.families').dataset.step === '1', null, { timeout: 30_000 });
  const lab = createLab(await loadFamilies(), 'rnn', { rate: 0.4 });
  lab.train(1);
  const expected = lab.frame().metrics.map((m) => m.validationLoss);
  lab.destroy();
  assert.deepEqual(
    (await cards()).map((c) => c.validationLoss),
    expected,
  );
  // The keys of a tab list; the other tab keeps its own rate.
  await page.focus('#families-tab-rnn');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await selected(), 'cnn');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'families-tab-cnn');
  assert.equal(await page.locator('#families-tab-rnn').getAttribute('tabindex'), '-1');
  assert.equal(await page.locator('.families__rate-value').textContent(), FAMILY_PRESETS.cnn.rate.toFixed(2));
  await page.locator('#families-rate').fill('0.3');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('cnnRate') === '0.3');
  const q = await query();
  assert.deepEqual([q.family, q.cnnRate, q.rnnRate], ['cnn', '0.3', '0.4']);
  await page.reload();
  await waitForFirstFrame(page);
  assert.equal(await selected(), 'cnn');
  assert.equal(await page.locator('.families__rate-value').textContent(), '0.30');
  await page.focus('#families-tab-cnn');
  await page.keyboard.press('End');
  assert.equal(await selected(), 'sines');
  assert.equal(await page.locator('.families__rate-value').textContent(), FAMILY_PRESETS.sines.rate.toFixed(2));
  await page.keyboard.press('ArrowLeft');
  assert.equal(await selected(), 'rnn');
  assert.equal(await page.locator('.families__rate-value').textContent(), '0.40');
  // A teacher keeps a lesson on one kind of network: the tabs go, the panel stays.
  await page.goto(`${server.url}?family=rnn&hide=family`);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('.families__tabs').isVisible(), false);
  assert.equal(await page.locator('.families__rate').isVisible(), true);
  assert.equal(await panel.getAttribute('data-family'), 'rnn');
  // A rate the slider cannot hold is named in the notice, and the preset's rate is used.
  await page.goto(`${server.url}?rnnRate=0.95&family=rnn`);
  await waitForFirstFrame(page);
  assert.match(await page.locator('#notice').textContent(), /rnnRate/);
  assert.equal(await page.locator('.families__rate-value').textContent(), FAMILY_PRESETS.rnn.rate.toFixed(2));
  await page.goto(`${server.url}?`);
  await waitForFirstFrame(page);
  assertNoProblems(problems, 'the panel in the link');
});

test('hide=families hides the panel; at phone width it fits', async () => {
  await page.goto(`${server.url}?hide=families`);
  await waitForFirstFrame(page); // its engine loaded: leaving now would abort that load
  assert.equal(await page.locator('.families').isVisible(), false);
  await page.setViewportSize(PHONE);
  await page.goto(`${server.url}?`);
  await page.locator('.families').scrollIntoViewIfNeeded();
  await page.click('.families__step');
  await page.waitForFunction(() => document.querySelector('.families').dataset.step === '1', null, { timeout: 30_000 });
  const overflow = await page.$eval('.families', (el) => el.scrollWidth - el.clientWidth);
  assert.ok(overflow <= 1, `the panel overflows by ${overflow} px at phone width`);
  await page.locator('.families').screenshot({ path: path.join(ARTIFACTS, 'families-phone.png') });
  await page.setViewportSize(DESKTOP);
  assertNoProblems(problems, 'at phone width');
});

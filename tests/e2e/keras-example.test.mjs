// End-to-end: the lesson's Keras example (issue 9 §2) in headless Chromium.
// The 20-feature table trains the lesson's model as twin A against the same
// model without dropout; with no plane to colour, each twin's card draws how
// much its validation loss rises when one feature is blanked, the views that
// need a plane are off and say why, the diagram shows the 20 inputs and 128
// units, and the guided card's check holds at step 500.
//
// Screenshots: test-artifacts/keras-example-*.png; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  usePage,
  assertNoProblems,
  waitForFirstFrame,
  readCanvas,
  twin,
  counter,
  shootElement,
} from './page-helpers.mjs';

const browser = await usePage();
const { page, problems } = browser;

test("the Keras example: the lesson's model as twin A, per-feature bars instead of a boundary, the card's check", async () => {
  await page.goto(`${browser.server.url}?dataset=tabular20&stop=500&lesson=11&speed=turbo`);
  await waitForFirstFrame(page);
  // The network: 20 inputs, 128 and 64 units, rates 0.5 and 0.3 (the Keras model's Dropout layers).
  const layers = await page.$$eval('select.layer__units', (ss) => ss.map((s) => s.value));
  assert.deepEqual(layers, ['128', '64']);
  assert.equal(await page.locator('.layer__units-fixed').innerText(), '20');
  assert.match(await page.locator('#twin-a .twin__rates').innerText(), /0\.5.*0\.3/);
  // The views that need a plane are off, and say why.
  for (const id of ['#thinned', '#uncertainty']) assert.ok(await page.locator(id).isDisabled(), `${id} is disabled`);
  assert.ok(await page.locator('.ensemble__sample').isDisabled());
  assert.match(await page.locator('.ensemble__strip-note').innerText(), /table of 20 features/);

  await page.locator('#train').click();
  await page.waitForFunction(() => document.querySelector('#train').getAttribute('aria-pressed') === 'false', null, {
    timeout: 120_000,
  });
  assert.equal((await counter(page)).step, 500, 'paused at the lesson length');
  // Each twin's card: bars, and the share on the informative features (written by the canvas).
  for (const i of [0, 1]) {
    const canvas = `.twin[data-twin="${i}"] canvas.boundary`;
    const share = Number(await page.$eval(canvas, (c) => c.dataset.features));
    assert.ok(share > 0 && share <= 1, `twin ${'AB'[i]}: share ${share}`);
    const pixels = await readCanvas(page, canvas);
    assert.ok(pixels.distinct >= 4, `twin ${'AB'[i]}'s bars are drawn (${pixels.distinct} colours)`);
  }
  // The claim of the card, on the learner's data: A's validation loss is the lower; B memorised its rows.
  const [a, b] = [await twin(page, 0), await twin(page, 1)];
  assert.ok(a.validationLoss < b.validationLoss, `A ${a.validationLoss}, B ${b.validationLoss}`);
  assert.ok(b.trainLoss < 0.05, `B's training loss ${b.trainLoss}`);
  await page.waitForFunction(() => document.querySelector('.guide__check').dataset.ok === 'true');
  assert.match(await page.locator('.guide__check').innerText(), /memorised its 100 rows/);
  // The costliest rows are named in words (no points drawn to circle).
  assert.match(await page.locator('#twin-b').innerText(), /Costliest validation rows/);
  assert.doesNotMatch(await page.locator('.gaps__verdict').innerText(), /circled/);
  // The code panel writes the lesson's model for 20 inputs.
  const code = await page.locator('.code-panel__pre').innerText();
  assert.match(code, /INPUTS = 20\n/);
  assert.match(code, /layers\.Dense\(128, activation='relu'/);
  assert.match(code, /layers\.Dense\(64, activation='relu'/);
  assert.match(code, /twin_a = build_twin\(\[0\.0, 0\.5, 0\.3\]\)/);
  await shootElement(page, '.stage', 'keras-example-stage.png');
  assertNoProblems(problems, 'the Keras example');
});

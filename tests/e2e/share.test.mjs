// End-to-end: saving and sharing in headless Chromium. A saved experiment,
// opened again, continues training exactly where it stopped (the same losses
// five steps later as the run that went on); a damaged or foreign file is
// refused with the reason and changes nothing; the losses of every epoch as
// CSV; a picture; the link on the clipboard.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { usePage, assertNoProblems, waitForFirstFrame, step, twin, counter } from './page-helpers.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-share-'));
const browser = await usePage();
const { page, problems } = browser;
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function downloadOf(selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = path.join(tmp, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}
const status = () => page.locator('.share__status').innerText();
const numbers = async () => [await twin(page, 0), await twin(page, 1)].map((t) => [t.trainLoss, t.validationLoss]);

test('a saved experiment, opened again, goes on exactly where it stopped', async () => {
  await page.goto(`${browser.server.url}?dataset=moons&lr=0.003`);
  await waitForFirstFrame(page);
  for (let k = 0; k < 7; k++) await step(page);
  const file = await downloadOf('.share__save');
  assert.match(path.basename(file), /^dropout-playground-step-7\.json$/);
  assert.match(await status(), /^Saved at step 7/);
  const saved = await numbers();
  for (let k = 0; k < 5; k++) await step(page);
  const wentOn = await numbers();

  // Elsewhere: other settings, then the file.
  await page.goto(`${browser.server.url}?dataset=xor`);
  await waitForFirstFrame(page);
  await page.setInputFiles('#open-experiment', file);
  await page.waitForFunction(() => document.querySelector('.share__status').textContent.startsWith('Opened'));
  await page.waitForFunction(() => document.querySelector('#epoch').dataset.step === '7');
  assert.match(await status(), /training continues from step 7/);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('dataset') === 'moons');
  assert.deepEqual(await numbers(), saved, 'the same networks at step 7');
  for (let k = 0; k < 5; k++) await step(page);
  assert.equal((await counter(page)).step, 12);
  assert.deepEqual(await numbers(), wentOn, 'five steps on: the same as the run that went on');
  assertNoProblems(problems, 'saving and opening');
});

test('a damaged or foreign file is refused with the reason, and nothing changes', async () => {
  await page.goto(`${browser.server.url}?dataset=circle`);
  await waitForFirstFrame(page);
  for (let k = 0; k < 3; k++) await step(page);
  const before = await numbers();
  const good = JSON.parse(
    fs.readFileSync(
      fs
        .readdirSync(tmp)
        .map((f) => path.join(tmp, f))
        .find((f) => f.endsWith('.json')),
      'utf8',
    ),
  );
  const cases = [
    ['not-json.json', '{"format": "dropout', /it is not JSON/],
    ['foreign.json', JSON.stringify({ hello: 1 }), /not an experiment saved by this page/],
    ['future.json', JSON.stringify({ ...good, version: 9 }), /version 9; this page reads version 1/],
    ['settings.json', JSON.stringify({ ...good, query: '?lr=7' }), /settings do not fit this page: lr=7/],
    [
      'points.json',
      JSON.stringify({ ...good, data: { ...good.data, train: { x: [1], y: [0] } } }),
      /data.train.x has 1 values for 1 points of 2 inputs/,
    ],
    [
      'width.json',
      JSON.stringify({ ...good, data: { ...good.data, inputs: 20 } }),
      /its data has 20 inputs per point; the moons dataset has 2/,
    ],
    [
      'weights.json',
      JSON.stringify({ ...good, twins: [{ ...good.twins[0], params: ['AAAA'] }, good.twins[1]] }),
      /Could not open weights\.json: .*params/,
    ],
    [
      'other-net.json',
      JSON.stringify({ ...good, query: good.query.replace(/layers=[^&]*/, 'layers=8,8') }),
      /does not fit the settings saved with it/,
    ],
  ];
  for (const [name, text, why] of cases) {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    await page.setInputFiles('#open-experiment', file);
    await page.waitForFunction(() => document.querySelector('.share__status').textContent.startsWith('Could not'));
    const said = await status();
    assert.match(said, why, name);
    assert.match(said, /Nothing changed\.$/, name);
    assert.equal((await counter(page)).step, 3, `${name}: the run is untouched`);
    await page.evaluate(() => (document.querySelector('.share__status').textContent = ''));
  }
  assert.deepEqual(await numbers(), before);
  assertNoProblems(problems, 'refusing files');
});

test('the losses of every epoch as CSV, a picture of the boundaries and the chart, the link copied', async () => {
  await page.goto(`${browser.server.url}?dataset=circle`);
  await waitForFirstFrame(page);
  for (let k = 0; k < 4; k++) await step(page);
  const csv = fs
    .readFileSync(await downloadOf('.share__csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(
    csv[0],
    'epoch,step,A_train_loss,A_validation_loss,A_train_accuracy,A_validation_accuracy,B_train_loss,B_validation_loss,B_train_accuracy,B_validation_accuracy',
  );
  assert.equal(csv.length, 1 + 5, 'epochs 0 to 4');
  const last = csv[csv.length - 1].split(',').map(Number);
  const a = await twin(page, 0);
  assert.equal(last[0], 4);
  assert.equal(last[3], a.validationLoss);
  const png = fs.readFileSync(await downloadOf('.share__picture'));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.ok(png.length > 10000, `${png.length} bytes`);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: browser.server.url });
  await page.evaluate(() => (document.querySelector('.share__status').textContent = ''));
  await page.click('.share__link');
  // The clipboard answers asynchronously: wait for the link button's own message.
  await page.waitForFunction(() => document.querySelector('.share__status').textContent !== '');
  assert.match(await status(), /^(Link copied|Copy this link by hand)/);
  if ((await status()).startsWith('Link copied'))
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
});

// End-to-end: the playground's URL state (a link reproduces the setup and,
// training being seeded, the same run), tampered links, classroom hiding,
// and the phone layout. Screenshots go to test-artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ARTIFACTS,
  PHONE,
  DESKTOP,
  openBrowser,
  assertNoProblems,
  twin,
  counter,
  waitForEpoch,
  waitForFirstFrame,
  readCanvas,
  noticeText,
  setRunning,
  step,
} from './page-helpers.mjs';
import { DEFAULTS, KEYS } from '../../web/settings.js';
import { lessonSettings } from '../../web/dataset-lessons.js';

let browser;
let page;
let problems;

before(async () => {
  browser = await openBrowser();
  ({ page, problems } = browser);
});

after(async () => {
  await browser?.close();
});

const query = () => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));

async function stepN(n) {
  for (let i = 0; i < n; i++) await step(page);
  return [await twin(page, 0), await twin(page, 1)];
}

test('settings changed in the page are written to the URL, and reloading reproduces them and the same run', async () => {
  await page.goto(browser.server.url);
  await waitForFirstFrame(page);
  const q0 = await query();
  // Every setting but the (empty) hide list and the (absent) edited points is written to the URL.
  for (const key of KEYS.filter((k) => k !== 'hide' && k !== 'edits')) {
    assert.ok(key in q0, `the URL holds ${key}`);
  }

  await page.locator('[data-key="dataset"][value="moons"]').check();
  await page.getByLabel('Noise').fill('0.3');
  await page.getByRole('button', { name: 'Add hidden layer' }).click();
  await page.getByLabel('Units in hidden layer 3').selectOption('16');
  await page.getByLabel('Dropout rate of hidden layer 3').fill('0.25');
  await page.getByLabel('Dropout rate of the inputs').fill('0.1');
  await page.getByLabel('Activation').selectOption('tanh');
  assert.ok(await page.getByLabel('Momentum (SGD with momentum only)').isDisabled(), 'momentum means nothing to Adam');
  await page.getByLabel('Optimiser').selectOption('momentum');
  await page.getByLabel('Momentum (SGD with momentum only)').selectOption('0.5');
  await page.getByLabel('Learning rate').selectOption('0.03');
  await page.getByLabel('L2 penalty (weight decay)').selectOption('0.001');
  await page.getByLabel('Mask granularity').selectOption('batch');
  await page.getByLabel("Twin B's dropout rate").fill('0.1');
  await page.getByLabel('Training view').selectOption('average');
  await page.getByRole('button', { name: 'New data' }).click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('layers') === '64,64,16');
  await page.waitForTimeout(300); // the URL is written a moment after the last change
  const q = await query();
  assert.equal(q.dataset, 'moons');
  assert.equal(q.noise, '0.3');
  // Choosing moons loaded its lesson's hidden rates; then layer 3 and the inputs were set.
  const moonsRate = lessonSettings('moons').rate[1];
  assert.equal(q.rate, `0.1,${moonsRate},${moonsRate},0.25`);
  assert.equal(q.act, 'tanh');
  assert.equal(q.opt, 'momentum');
  assert.equal(q.momentum, '0.5');
  assert.equal(q.lr, '0.03');
  assert.equal(q.l2, '0.001');
  assert.equal(q.maskPer, 'batch');
  assert.equal(q.rateB, '0.1');
  assert.equal(q.thinned, 'average');
  assert.notEqual(q.dataSeed, q0.dataSeed, 'New data draws a new data seed');

  // The same run: a fresh pair of networks, five single steps.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await waitForFirstFrame(page);
  const before = await stepN(5);
  const url = page.url();

  await page.reload();
  await waitForFirstFrame(page);
  assert.equal(page.url(), url, 'the reloaded URL is unchanged');
  assert.equal(await noticeText(page), null, 'a URL the page wrote is valid');
  assert.equal(await page.locator('[data-key="dataset"]:checked').inputValue(), 'moons');
  assert.equal(await page.getByLabel('Units in hidden layer 3').inputValue(), '16');
  assert.equal(await page.getByLabel('Dropout rate of hidden layer 3').inputValue(), '0.25');
  assert.equal(await page.getByLabel('Learning rate').inputValue(), '0.03');
  assert.equal(await page.getByLabel('Training view').inputValue(), 'average');
  assert.ok(await page.locator('#twin-a .boundary-thinned').isVisible(), 'the average is shown again');
  const after = await stepN(5);
  assert.equal((await counter(page)).step, 5);
  for (let i = 0; i < 2; i++) {
    assert.equal(after[i].trainLoss, before[i].trainLoss, `twin ${'AB'[i]}: the same training loss after 5 steps`);
    assert.equal(after[i].validationLoss, before[i].validationLoss, `twin ${'AB'[i]}: the same validation loss`);
    assert.equal(after[i].mask, before[i].mask, `twin ${'AB'[i]}: the same dropout mask`);
  }
  assertNoProblems(problems, 'while round-tripping the URL');
});

test('a tampered URL shows a notice, falls back to defaults, and the page still trains', async () => {
  await page.goto(`${browser.server.url}?dataset=nope&noise=7&layers=64,abc&rate=2,0.5,0.5&lr=banana&batch=16&junk=1`);
  await waitForFirstFrame(page);
  const text = await noticeText(page);
  assert.ok(text, 'a notice is shown');
  for (const key of ['dataset=nope', 'noise=7', 'layers=64,abc', 'lr=banana', 'junk=1'])
    assert.ok(text.includes(key), `the notice names ${key}`);
  assert.equal(
    await page.locator('[data-key="dataset"]:checked').inputValue(),
    'circle',
    'the default dataset is used',
  );
  assert.equal(await page.getByLabel('Noise').inputValue(), String(DEFAULTS.noise));
  assert.equal(await page.getByLabel('Learning rate').inputValue(), '0.01');
  assert.equal(await page.getByLabel('Batch size').inputValue(), '16', 'valid values are kept');
  const q = await query();
  assert.equal(q.dataset, 'circle', 'the URL is rewritten to what is used');
  assert.ok(!('junk' in q));
  await page.screenshot({ path: path.join(ARTIFACTS, 'tampered-url.png') });
  await setRunning(page, true);
  await waitForEpoch(page, 20);
  await setRunning(page, false);
  assert.ok((await twin(page, 0)).trainLoss > 0);
  assert.ok((await readCanvas(page, '#twin-a .boundary')).distinct > 50, 'the boundary is painted');
  assertNoProblems(problems, 'with a tampered URL');
});

test('an old link with thinned=1 opens the one-thinned-network view, without a notice', async () => {
  await page.goto(`${browser.server.url}?thinned=1`);
  await waitForFirstFrame(page);
  assert.equal(await noticeText(page), null, 'thinned=1 is still a valid link');
  assert.equal(await page.getByLabel('Training view').inputValue(), 'one');
  assert.ok(await page.locator('#twin-a .boundary-thinned').isVisible());
  await page.waitForFunction(() => new URLSearchParams(location.search).get('thinned') === 'one');
  assertNoProblems(problems, 'with an old link');
});

test('hide= hides chosen controls for a classroom', async () => {
  await page.goto(`${browser.server.url}?hide=optimizer,l1,l2`);
  await waitForFirstFrame(page);
  assert.equal(await noticeText(page), null);
  for (const label of ['Optimiser', 'L1 penalty', 'L2 penalty (weight decay)']) {
    assert.ok(!(await page.getByLabel(label).isVisible()), `${label} is hidden`);
  }
  for (const label of ['Learning rate', 'Max-norm limit']) {
    assert.ok(await page.getByLabel(label).isVisible(), `${label} is still shown`);
  }
  assert.ok(await page.getByRole('radiogroup', { name: 'Dataset' }).isVisible(), 'the dataset picker is still shown');
  await page.getByLabel('Learning rate').selectOption('0.003');
  await page.waitForFunction(() => location.search.includes('lr=0.003'));
  assert.equal((await query()).hide, 'optimizer,l1,l2', 'the URL keeps the hidden list');
  await page.goto(`${browser.server.url}?hide=training,data`);
  await waitForFirstFrame(page);
  assert.ok(
    !(await page.getByRole('radiogroup', { name: 'Dataset' }).isVisible()) &&
      !(await page.getByLabel('Batch size').isVisible()),
    'whole groups hide',
  );
  assert.ok(await page.getByLabel("Twin B's dropout rate").isVisible());
  // Embedded in a lesson page: hide=intro drops the page's own title, lede and footer.
  assert.ok(await page.locator('.masthead').isVisible());
  await page.goto(`${browser.server.url}?hide=intro,training`);
  await waitForFirstFrame(page);
  assert.ok(!(await page.locator('.masthead').isVisible()) && !(await page.locator('.footer').isVisible()));
  assert.ok(await page.locator('#twin-a .boundary').isVisible(), 'the twins are still shown');
  assert.ok(await page.locator('.lessons').isVisible(), 'the lessons are shown unless hidden');
  await page.goto(`${browser.server.url}?hide=lessons`);
  await waitForFirstFrame(page);
  assert.ok(!(await page.locator('.lessons').isVisible()), 'hide=lessons hides the lessons');
  assertNoProblems(problems, 'with hidden controls');
});

test('at 375px phone width: no horizontal overflow, both twins visible, buttons reachable', async () => {
  await page.setViewportSize(PHONE);
  await page.goto(browser.server.url);
  await waitForFirstFrame(page);
  await setRunning(page, true);
  await waitForEpoch(page, 150, 60_000);
  await setRunning(page, false);
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 375px (overflow ${overflow}px)`);
  for (const id of ['#twin-a', '#twin-b']) {
    const box = await page.locator(`${id} .boundary`).boundingBox();
    assert.ok(box.width >= 130, `${id}'s boundary is readable (${box.width}px)`);
    assert.ok((await readCanvas(page, `${id} .boundary`)).distinct > 50, `${id} painted`);
  }
  for (const name of ['Train', 'Step', 'Reset']) {
    const box = await page.getByRole('button', { name, exact: true }).boundingBox();
    assert.ok(box.height >= 44 && box.y + box.height <= PHONE.height, `${name} is a reachable touch target`);
  }
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, document.querySelector('.transport').offsetTop - 8));
  await page.screenshot({ path: path.join(ARTIFACTS, 'playground-phone.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'playground-phone-full.png'), fullPage: true });
  await page.setViewportSize(DESKTOP);
  assertNoProblems(problems, 'at phone width');
});

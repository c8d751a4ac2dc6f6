// End-to-end: hostile links and entries. Names of Object.prototype in the
// URL, repeated keys, hide= with unknown names, a seed typed out of range, and
// up to a few hundred seeded random query strings (tests/js/settings-queries.mjs)
// loaded one after another in one page: never an uncaught error, a notice
// exactly when the link had something unusable, and a page that still trains.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ARTIFACTS,
  openBrowser,
  assertNoProblems,
  waitForEpoch,
  waitForFirstFrame,
  readCanvas,
  setRunning,
  counter,
} from './page-helpers.mjs';
import { parseQuery, toQuery } from '../../web/settings.js';
import { describeProblems } from '../../web/ui/notice.js';
import { hostileQueries } from '../js/settings-queries.mjs';

// Links: the hand-written ones, then up to E2E_FUZZ_LINKS random ones, as
// many as fit in E2E_FUZZ_SECONDS (a busy machine loads a page a second, an
// idle one several), but never fewer than MIN_LINKS.
const RANDOM_LINKS = Number(process.env.E2E_FUZZ_LINKS ?? 300);
const BUDGET_S = Number(process.env.E2E_FUZZ_SECONDS ?? 40);
const MIN_LINKS = 60;

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

/** The notice's message, exactly (without its close button), or null if none is shown. */
const noticeText = async (p) =>
  (await p.locator('#notice').isVisible()) ? p.locator('.notice__text').textContent() : null;

async function trains() {
  await waitForFirstFrame(page);
  assert.ok((await readCanvas(page, '#twin-a .boundary')).distinct > 50, 'twin A is drawn');
  assert.ok((await readCanvas(page, '#twin-b .boundary')).distinct > 50, 'twin B is drawn');
  const before = (await counter(page)).epoch;
  await setRunning(page, true);
  await waitForEpoch(page, before + 3);
  await setRunning(page, false);
}

test('?constructor=1 and other names of Object.prototype: a notice, and a page that trains', async () => {
  for (const query of ['?constructor=1', '?__proto__=1&toString=2&valueOf=3', '?speed=constructor&hasOwnProperty=']) {
    await page.goto(browser.server.url + query);
    const text = await noticeText(page);
    assert.match(text ?? '', /not a setting of this page|must be one of/, query);
    await trains();
    assert.equal(await page.evaluate(() => location.search), toQuery(parseQuery(query).settings), 'the URL is fixed');
    await page.reload(); // and the fixed link opens cleanly
    await waitForFirstFrame(page);
    assert.equal(await noticeText(page), null, `${query}, reloaded`);
  }
  assertNoProblems(problems, 'with names of Object.prototype in the URL');
});

test('a repeated key: the notice names the value used', async () => {
  await page.goto(`${browser.server.url}?seed=1&seed=2&seed=-3`);
  await waitForFirstFrame(page);
  const text = await noticeText(page);
  assert.match(text, /seed=1 \(repeated: the last valid value counts\)/);
  assert.match(text, /seed=-3 \(must be a whole number 0–999999\)/);
  assert.match(text, /Used instead: seed=2\.$/);
  assert.equal(await page.getByLabel('Network seed').inputValue(), '2');
  assertNoProblems(problems, 'with a repeated key');
});

test('the seed box: an entry out of range or not whole gets a notice, and the box shows the seed used', async () => {
  await page.goto(`${browser.server.url}?seed=7`);
  await waitForFirstFrame(page);
  const box = page.getByLabel('Network seed');
  for (const typed of ['-5', '9999999', '2.5', '1e3']) {
    await box.fill(typed);
    await box.press('Enter');
    await page.waitForFunction(() => !document.querySelector('#notice').hidden);
    const text = await noticeText(page);
    assert.match(text, new RegExp(`Network seed: ${typed.replace('.', '\\.')} could not be used .*stays 7\\.`), typed);
    assert.equal(await box.inputValue(), '7', `the box shows the seed used after ${typed}`);
    await page.locator('.notice__close').click();
  }
  assert.equal(await page.evaluate(() => new URLSearchParams(location.search).get('seed')), '7');
  await box.fill('42');
  await box.press('Enter');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('seed') === '42');
  assert.equal(await noticeText(page), null, 'a good seed: no notice');
  assertNoProblems(problems, 'typing seeds');
});

test('hide=: unknown names are named in the notice; hints, lessons and emptied groups go with their controls', async () => {
  await page.goto(`${browser.server.url}?hide=l1,nope,thinned`);
  await waitForFirstFrame(page);
  const text = await noticeText(page);
  assert.match(text, /hide=l1,nope,thinned \(must be names of parts of this page: "nope" is not; the names are .*l1/);
  assert.match(text, /Used instead: hide=l1,thinned\.$/);
  assert.ok(!(await page.getByLabel('L1 penalty').isVisible()));
  const lesson = (title) => page.locator('.lessons li').filter({ has: page.getByText(title, { exact: true }) });
  assert.ok(!(await lesson('The ensemble.').isVisible()), 'the lesson on the training view goes with it');
  assert.ok(!(await lesson('With L1, L2 and max-norm.').isVisible()), 'the lesson on penalties goes with l1');
  assert.ok(await lesson('Co-adaptation.').isVisible());

  await page.goto(`${browser.server.url}?hide=rateB,kind,mode,maskPer,diagram,speed,rate`);
  await waitForFirstFrame(page);
  assert.equal(await noticeText(page), null);
  const groups = await page.$$eval('.group', (gs) =>
    gs.map((g) => [g.querySelector('.group__title').textContent, g.checkVisibility()]),
  );
  assert.deepEqual(
    groups.filter(([, visible]) => visible).map(([title]) => title),
    ['Data', 'Network', 'Training'],
    'the Dropout group, all of its controls hidden, goes too',
  );
  for (const title of ['The rate.', 'Tuning the rate.']) assert.ok(!(await lesson(title).isVisible()), title);
  const lessonText = await page.locator('.lessons').innerText();
  assert.doesNotMatch(lessonText, /Switch the diagram|one mask per minibatch/);
  assert.match(lessonText, /Press Step a few times/);
  assert.doesNotMatch(await page.locator('.diagram').innerText(), /Slow motion/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'hide-hints.png'), fullPage: true });

  await page.goto(`${browser.server.url}?hide=opt`);
  await waitForFirstFrame(page);
  assert.doesNotMatch(await page.locator('.controls').innerText(), /optimiser/i, 'the hint about a new optimiser');
  assertNoProblems(problems, 'with hidden controls');
});

test('random hostile links in a row: no uncaught error, a notice exactly when needed, a page that trains', async () => {
  const started = Date.now();
  const queries = hostileQueries(RANDOM_LINKS, 99);
  const errors = [];
  const onError = (err) => errors.push(err.message);
  page.on('pageerror', onError);
  let checked = 0;
  let notices = 0;
  try {
    for (const [i, query] of queries.entries()) {
      if (i >= MIN_LINKS && Date.now() - started > BUDGET_S * 1000) break;
      // A link's query always starts with '?' (parseQuery also reads one without).
      await page.goto(`${browser.server.url}${query.startsWith('?') ? '' : '?'}${query}`, {
        waitUntil: 'domcontentloaded',
      });
      const seen = await page.evaluate(() => ({
        // The query as the browser sent it (it may percent-encode what the link had raw).
        sent: new URL(performance.getEntriesByType('navigation')[0].name).search,
        notice: document.querySelector('#notice').hidden ? null : document.querySelector('.notice__text').textContent,
        search: location.search,
      }));
      const expected = parseQuery(seen.sent);
      const where = `link ${i}: ${JSON.stringify(query.slice(0, 120))}`;
      assert.equal(seen.notice, expected.problems.length > 0 ? describeProblems(expected.problems) : null, where);
      assert.equal(seen.search, toQuery(expected.settings), `${where}: the URL holds what is used`);
      if (i % 25 === 0 && !/layers=256,256/.test(query)) {
        await waitForFirstFrame(page);
        assert.ok((await readCanvas(page, '#twin-a .boundary')).distinct > 50, `${where}: the twins are drawn`);
      }
      checked += 1;
      if (seen.notice) notices += 1;
    }
  } finally {
    page.off('pageerror', onError);
  }
  assert.deepEqual(errors, [], 'no uncaught errors');
  assert.ok(notices > checked / 2, `${notices} notices in ${checked} links`);
  await trains();
  // Navigating away mid-load aborts requests: that is no failure of the page.
  problems.failed = problems.failed.filter((f) => !/ERR_ABORTED/.test(f));
  assertNoProblems(problems, 'after hostile links');
  console.log(`# ${checked} of ${queries.length} links in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

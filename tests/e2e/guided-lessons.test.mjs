// End-to-end: the guided lesson in headless Chromium. Start opens card 1 and
// its preset; each card's check reads the live state (before and after the
// learner does what the card asks); Next and Back move through the cards and
// the link says which (lesson=); a link to a card opens it; Close leaves.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, usePage, assertNoProblems, waitForFirstFrame, step } from './page-helpers.mjs';
import { GUIDED_LESSONS } from '../../web/lessons/guided-lessons.js';

const browser = await usePage();
const { page, problems } = browser;

const card = () =>
  page.$eval('.guide', (el) => ({
    lesson: Number(el.dataset.lesson),
    ok: el.dataset.ok,
    title: el.querySelector('.guide__title').textContent,
    check: el.querySelector('.guide__check').textContent,
  }));
const inUrl = (n) => page.waitForFunction((k) => new URL(location.href).searchParams.get('lesson') === String(k), n);

test('start, do what each card asks, and its check confirms it with the numbers', async () => {
  await page.goto(`${browser.server.url}?dataset=moons&rate=0,0.2,0.2`);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('.guide').isVisible(), false);
  await page.getByRole('button', { name: 'Take the guided lesson' }).click();
  await inUrl(1);
  await waitForFirstFrame(page);
  let c = await card();
  assert.equal(c.title, GUIDED_LESSONS[0].title);
  assert.equal(c.ok, 'false');
  assert.match(c.check, /^Press Step/);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('dataset') === 'circle', null);
  assert.equal(new URL(page.url()).searchParams.get('rate'), '0,0.6,0.6', "the card's preset");
  await step(page);
  await page.waitForFunction(() => document.querySelector('.guide').dataset.ok === 'true');
  assert.match(
    (await card()).check,
    /^\d+% of twin A's hidden units were dropped for example 1 at step 1 \(rate 0\.6: about 60% expected\)/,
  );
  assert.equal(await page.locator('.guide__back').isDisabled(), true);

  await page.locator('.guide__next').click();
  await inUrl(2);
  await waitForFirstFrame(page);
  for (let k = 0; k < 3; k++) await step(page);
  await page.waitForFunction(() => document.querySelector('.guide').dataset.ok === 'true');
  assert.match((await card()).check, /^3 different masks in 3 steps/);

  await page.locator('.guide__next').click();
  await inUrl(3);
  await waitForFirstFrame(page);
  await step(page);
  assert.match((await card()).check, /still shows a training step/);
  await page.check('input[name="diagram"][value="inference"]');
  await page.waitForFunction(() => document.querySelector('.guide').dataset.ok === 'true');
  assert.match((await card()).check, /scaled by 1\/\(1 − 0\.6\) = 2\.50 in training/);
  await page.locator('.guide').screenshot({ path: path.join(ARTIFACTS, 'guided-lesson.png') });

  await page.locator('.guide__back').click();
  await inUrl(2);
  assertNoProblems(problems, 'the guided lesson');
});

test('a link to a card opens it with the settings the link carries; the last card has no Next; Close leaves', async () => {
  await page.goto(`${browser.server.url}?lesson=5&rate=0,0.9,0.9`);
  await waitForFirstFrame(page);
  const c = await card();
  assert.equal(c.lesson, 5);
  assert.equal(c.title, 'Too high underfits');
  assert.match(c.check, /^Train to step 500 \(now at 0\)/);
  await page.goto(`${browser.server.url}?lesson=${GUIDED_LESSONS.length}`);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('.guide__next').isDisabled(), true);
  await page.locator('.guide__close').click();
  await inUrl(0);
  assert.equal(await page.locator('.guide').isVisible(), false);
  assert.equal(await page.locator('.guide__start').isVisible(), true);
});

// Every dataset's default lesson (web/dataset-lessons.js), as a learner meets
// it: choose the dataset, press Train, and training pauses at the lesson's
// length with a verdict that says what the numbers show there. Screenshots of
// each lesson's end go to test-artifacts/lesson-<dataset>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, assertNoProblems, counter, openBrowser, setRunning, waitForFirstFrame } from './page-helpers.mjs';
import { DATASET_LESSONS } from '../../web/dataset-lessons.js';

let browser;
let page;
let problems;

before(async () => {
  browser = await openBrowser();
  ({ page, problems } = browser);
  await page.setViewportSize({ width: 1440, height: 900 });
});

after(async () => {
  await browser?.close();
});

/** What the verdict may say at the end of each kind of lesson. */
const EXPECTED_TONE = {
  'loss-and-accuracy': ['dropout-helps'],
  loss: ['dropout-helps'],
  'loss-regression': ['dropout-helps'],
  none: ['neutral', 'dropout-helps', 'mixed'],
};

for (const [name, lesson] of Object.entries(DATASET_LESSONS)) {
  test(`${name}: the lesson pauses at step ${lesson.stop} and the verdict shows its claim (${lesson.claim})`, async () => {
    await page.goto(`${browser.server.url}?dataset=${name}&speed=turbo`);
    await waitForFirstFrame(page);
    assert.equal(
      await page.locator('.lesson-note').innerText(),
      lesson.note,
      'the lesson says what it is about, before training',
    );
    await setRunning(page, true);
    await page.waitForFunction(
      (stop) =>
        Number(document.querySelector('#epoch').dataset.step) === stop &&
        document.querySelector('#train').getAttribute('aria-pressed') === 'false',
      lesson.stop,
      { timeout: 120_000 },
    );
    await page.waitForTimeout(300); // the last frame drawn
    assert.equal((await counter(page)).step, lesson.stop, 'training paused exactly at the lesson length');
    const verdict = page.locator('.gaps__verdict');
    const tone = await verdict.getAttribute('data-tone');
    const text = await verdict.innerText();
    assert.ok(EXPECTED_TONE[lesson.claim].includes(tone), `${name}: tone ${tone}: ${text}`);
    assert.match(await page.locator('.lesson-note').innerText(), /Paused at step/);
    await page.screenshot({ path: path.join(ARTIFACTS, `lesson-${name}.png`) });
    assertNoProblems(problems, `in the ${name} lesson`);
  });
}

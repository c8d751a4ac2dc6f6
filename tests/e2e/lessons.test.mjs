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

test("the points a twin's loss comes from are circled, with their losses in words", async () => {
  // The end of the moons lesson (above): the plain twin is confidently wrong on several points.
  await page.goto(`${browser.server.url}?dataset=moons&speed=turbo`);
  await waitForFirstFrame(page);
  await setRunning(page, true);
  await page.waitForFunction(() => document.querySelector('#train').getAttribute('aria-pressed') === 'false', null, {
    timeout: 120_000,
  });
  await page.waitForTimeout(300);
  const circled = Number(await page.locator('#twin-b .boundary').getAttribute('data-circled'));
  const words = await page.locator('#twin-b .twin__points').innerText();
  assert.ok(circled >= 1, `B's boundary circles its costliest points (${circled})`);
  assert.match(words, /^Circled: .*\d+% of B's validation loss\.$/);
  const losses = words
    .match(/loss ([\d., ]+)[,:]/)[1]
    .split(', ')
    .map(Number);
  assert.equal(losses.length, circled, 'one loss per circled point');
  assert.deepEqual(
    losses,
    [...losses].sort((x, y) => y - x),
    'most costly first',
  );
  // Hovering a circled point tells its loss.
  await page.locator('#twin-b .boundary').scrollIntoViewIfNeeded();
  const box = await page.locator('#twin-b .boundary').boundingBox();
  const tip = page.locator('#twin-b .twin__plot:not(.twin__plot--thinned) .point-tip');
  const [x, y] = (await page.locator('#twin-b .boundary').getAttribute('data-circled-at'))
    .split(';')[0]
    .split(',')
    .map(Number);
  await page.mouse.move(box.x + x, box.y + y);
  assert.match(await tip.innerText(), new RegExp(`^Validation point of class [0-9]: loss ${losses[0].toFixed(1)}`));
  await page.mouse.move(box.x + box.width + 40, box.y);
  assert.ok(await tip.isHidden(), 'no tip away from the circled points');
});

test('the inference caption and the diagram follow the scaling mode', async () => {
  for (const [mode, caption, note] of [
    ['inverted', /no scaling \(inverted dropout scaled kept units by 1\/\(1−rate\) in training\)/, /no scaling/],
    ['original', /each output scaled by 1−rate \(original dropout\)/, /scaled ×\(1−rate\)/],
  ]) {
    await page.goto(`${browser.server.url}?mode=${mode}&diagram=inference`);
    await waitForFirstFrame(page);
    assert.match(await page.locator('#twin-a .twin__plot:not(.twin__plot--thinned) .caption').innerText(), caption);
    assert.match(
      await page.locator('#twin-b .twin__plot:not(.twin__plot--thinned) .caption').innerText(),
      /no dropout/,
    );
    await page.waitForFunction(() => document.querySelector('#network-diagram').dataset.note);
    assert.match(await page.locator('#network-diagram').getAttribute('data-note'), note);
  }
  assertNoProblems(problems, 'switching the scaling mode');
});

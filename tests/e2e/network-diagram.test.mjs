// End-to-end: the network diagram renderer (web/render/network-diagram.js)
// on its fixture page, in headless Chromium. Needs no build: it serves the
// repository root and draws fake networks.
//
//   node --test tests/e2e/network-diagram.test.mjs
//
// Screenshots go to test-artifacts/network-diagram-*.png; look at them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/chromium.mjs';
import { startServer } from '../../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const FIXTURE = 'tests/e2e/fixtures/network-diagram.html';

let server;
let context;
let page;
let browser;
const problems = { console: [], page: [], failed: [] };

function assertNoProblems(when) {
  assert.deepEqual(problems.console, [], `console errors ${when}`);
  assert.deepEqual(problems.page, [], `page errors ${when}`);
  assert.deepEqual(problems.failed, [], `failed requests ${when}`);
}

// ---------- reading the canvases (in the page, in device pixels) ----------

/** Distinct colours and total alpha of a canvas, or of a rectangle of it in CSS px. */
const measure = (name, rect = null) =>
  page.evaluate(
    ({ name, rect }) => {
      const canvas = document.getElementById(`diagram-${name}`);
      const dpr = canvas.width / canvas.clientWidth;
      const r = rect ?? { x: 0, y: 0, w: canvas.clientWidth, h: canvas.clientHeight };
      const x = Math.round(r.x * dpr);
      const y = Math.round(r.y * dpr);
      const w = Math.max(1, Math.round(r.w * dpr));
      const h = Math.max(1, Math.round(r.h * dpr));
      const px = canvas.getContext('2d').getImageData(x, y, w, h).data;
      const colours = new Set();
      let alpha = 0;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4) {
        colours.add((px[i] << 24) | (px[i + 1] << 16) | (px[i + 2] << 8) | px[i + 3]);
        alpha += px[i + 3];
        if (px[i + 3] > 200 && px[i] + px[i + 1] + px[i + 2] < 450) dark++;
      }
      return { distinct: colours.size, alpha: alpha / 255, dark, pixels: px.length / 4 };
    },
    { name, rect },
  );

/**
 * How coloured the inner 60% of each unit's box is: for each [layer, unit],
 * the share of opaque pixels whose chroma (max − min channel) exceeds 40, and
 * the largest chroma found.
 */
const unitColour = (name, units) =>
  page.evaluate(
    ({ name, units }) => {
      const { canvas, diagram } = window.fixture.cases[name];
      const dpr = canvas.width / canvas.clientWidth;
      const ctx = canvas.getContext('2d');
      return units.map(([layer, unit]) => {
        const c = diagram.unitCenter(layer, unit);
        const h = c.half * 0.6;
        const x = Math.round((c.x - h) * dpr);
        const y = Math.round((c.y - h) * dpr);
        const side = Math.max(1, Math.round(2 * h * dpr));
        const px = ctx.getImageData(x, y, side, side).data;
        let coloured = 0;
        let maxChroma = 0;
        let opaque = 0;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3] < 250) continue;
          opaque++;
          const chroma = Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]);
          maxChroma = Math.max(maxChroma, chroma);
          if (chroma > 40) coloured++;
        }
        return {
          layer,
          unit,
          colouredShare: coloured / (px.length / 4),
          maxChroma,
          opaqueShare: opaque / (px.length / 4),
        };
      });
    },
    { name, units },
  );

const hiddenUnits = (count = 16) => [1, 2].flatMap((layer) => Array.from({ length: count }, (_, u) => [layer, u]));
const key = ([layer, unit]) => `${layer}:${unit}`;

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(ROOT, 0);
  // 2x exercises the devicePixelRatio path, and gives sharper screenshots.
  browser = await launchChromium({ viewport: DESKTOP, deviceScaleFactor: 2 });
  ({ context, page } = browser);
  page.on('console', (msg) => msg.type() === 'error' && problems.console.push(msg.text()));
  page.on('pageerror', (err) => problems.page.push(err.message));
  page.on('requestfailed', (req) => problems.failed.push(`${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => res.status() >= 400 && problems.failed.push(`${res.url()} (HTTP ${res.status()})`));
  await page.goto(server.url + FIXTURE, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 10_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the fixture loads without console or page errors, and every canvas is drawn', async () => {
  assertNoProblems('on load');
  for (const name of ['training', 'inference', 'dropconnect', 'overflow', 'gaussian', 'deep', 'deep-narrow', 'plain']) {
    const canvas = page.locator(`#diagram-${name}`);
    assert.ok((await canvas.getAttribute('aria-label'))?.length > 10, `${name} has an aria-label`);
    const { distinct } = await measure(name);
    assert.ok(distinct > 200, `${name}: many distinct colours, got ${distinct}`);
  }
  const size = await page.$eval('#diagram-training', (c) => ({ w: c.width, cw: c.clientWidth }));
  assert.equal(size.w, size.cw * 2, 'the backing store follows devicePixelRatio');
});

test('training mode: dropped hidden units are grey, kept ones are coloured', async () => {
  const expected = await page.evaluate(() => window.fixture.expectedDropped);
  assert.ok(
    expected.length >= 12 && expected.length <= 20,
    `about half of 32 hidden units dropped (${expected.length})`,
  );
  assert.equal(await page.$eval('#diagram-training', (c) => c.dataset.dropped), String(expected.length));
  const droppedKeys = new Set(expected.map(key));
  for (const u of await unitColour('training', hiddenUnits())) {
    const where = `hidden ${u.layer} unit ${u.unit}`;
    assert.ok(u.opaqueShare > 0.99, `${where} is drawn opaque`);
    if (droppedKeys.has(key([u.layer, u.unit]))) {
      assert.ok(u.maxChroma <= 12, `${where} is dropped, so grey (max chroma ${u.maxChroma})`);
    } else {
      assert.ok(
        u.colouredShare > 0.1,
        `${where} is kept, so coloured (${(u.colouredShare * 100).toFixed(0)}% coloured)`,
      );
    }
  }
});

test('training mode: a dropped unit is crossed, not only grey (dark marks on its diagonal)', async () => {
  const [layer, unit] = (await page.evaluate(() => window.fixture.expectedDropped))[0];
  const c = await page.evaluate(([l, u]) => window.fixture.cases.training.diagram.unitCenter(l, u), [layer, unit]);
  const onCross = await measure('training', { x: c.x - 1, y: c.y - 1, w: 2, h: 2 });
  const offCross = await measure('training', { x: c.x - 1, y: c.y - c.half * 0.55 - 1, w: 2, h: 2 });
  assert.ok(onCross.dark > 0, 'the centre of a dropped unit carries the cross');
  assert.equal(offCross.dark, 0, 'between the arms of the cross it is light grey');
});

test('inference mode: no unit is grey, and the note says every unit is kept', async () => {
  assert.equal(await page.$eval('#diagram-inference', (c) => c.dataset.dropped), '0');
  assert.equal(await page.$eval('#diagram-inference', (c) => c.dataset.mode), 'inference');
  assert.equal(
    await page.$eval('#diagram-inference', (c) => c.dataset.note),
    'inference: every unit kept, no scaling (kept units were scaled ×1/(1−rate) in training)',
  );
  assert.match(await page.$eval('#diagram-training', (c) => c.dataset.note), /^training: .*example 4 of 8/);
  for (const u of await unitColour('inference', [...hiddenUnits(), [0, 0], [0, 1]])) {
    assert.ok(u.colouredShare > 0.1, `layer ${u.layer} unit ${u.unit} is coloured at inference`);
  }
});

test('DropConnect: fewer weight lines between the hidden layers than without it', async () => {
  const band = await page.evaluate(() => {
    const d = window.fixture.cases.dropconnect.diagram;
    const a = d.unitCenter(1, 0);
    const b = d.unitCenter(2, 15);
    return { x: a.x + a.half + 4, y: a.y - a.half, w: b.x - a.x - 2 * a.half - 8, h: b.y - a.y + 2 * a.half };
  });
  const withMask = await measure('dropconnect', band);
  const without = await measure('inference', band); // same weights, every weight drawn
  const ratio = withMask.alpha / without.alpha;
  assert.ok(ratio < 0.8, `line coverage with DropConnect is ${(ratio * 100).toFixed(0)}% of the full layer's`);
  assert.ok(ratio > 0.2, `but the kept half is still drawn (${(ratio * 100).toFixed(0)}%)`);
  const removed = Number(await page.$eval('#diagram-dropconnect', (c) => c.dataset.droppedWeights));
  assert.ok(removed >= 100 && removed <= 156, `about half of 256 weights dropped, got ${removed}`);
  assert.equal(await page.$eval('#diagram-dropconnect', (c) => c.dataset.dropped), '0', 'no unit is dropped');
});

test('a layer wider than maxUnitsShown shows 15 units and a "+49 more" marker', async () => {
  assert.equal(await page.$eval('#diagram-overflow', (c) => c.dataset.more), '0,49,0');
  const slots = await page.evaluate(() => {
    const d = window.fixture.cases.overflow.diagram;
    return { last: d.unitCenter(1, 14), before: d.unitCenter(1, 13), hidden: d.unitCenter(1, 15) };
  });
  assert.equal(slots.hidden, null, 'unit 16 is not drawn');
  const y = slots.last.y + (slots.last.y - slots.before.y); // the marker's slot
  const marker = await measure('overflow', { x: slots.last.x - 25, y: y - 6, w: 50, h: 12 });
  assert.ok(marker.dark > 20, `the marker's text is drawn (${marker.dark} dark pixels)`);
});

/** Every text the renderer drew, with its box, and the canvas size (CSS px). */
const texts = (name) =>
  page.evaluate((n) => {
    const { canvas, diagram } = window.fixture.cases[n];
    return { boxes: diagram.textBoxes(), width: canvas.clientWidth, height: canvas.clientHeight };
  }, name);

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** No text leaves the canvas or runs into another. */
function assertReadable({ boxes, width, height }, where) {
  for (const b of boxes) {
    const inside = b.x >= 0 && b.y >= 0 && b.x + b.w <= width + 0.5 && b.y + b.h <= height + 0.5;
    assert.ok(
      inside,
      `${where}: "${b.text}" (${b.kind}) is inside the ${width}×${height} canvas: ${JSON.stringify(b)}`,
    );
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      assert.ok(!overlaps(a, b), `${where}: "${a.text}" and "${b.text}" do not overlap`);
    }
  }
}

test("8 hidden layers of 256 units stay readable at the page's desktop and phone widths", async () => {
  for (const [name, width] of [
    ['deep', 420],
    ['deep-narrow', 340],
  ]) {
    const canvas = page.locator(`#diagram-${name}`);
    assert.equal(await canvas.getAttribute('data-more'), '0,241,241,241,241,241,241,241,241,0');
    assert.equal(await canvas.getAttribute('data-captions'), 'compact', `${name}: short captions for close columns`);
    assert.equal(await canvas.getAttribute('data-text-problems'), '0', `${name}: the renderer finds no clipped text`);
    const t = await texts(name);
    assert.ok(Math.abs(t.width - width) < 8, `${name} is about ${width} px wide (${t.width})`);
    assertReadable(t, name);
    const captions = t.boxes.filter((b) => b.kind === 'caption').map((b) => b.text);
    assert.deepEqual(
      captions,
      ['in', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'out'],
      `${name}: every column titled`,
    );
    assert.ok(
      t.boxes.some((b) => b.kind === 'key' && /hidden layers/.test(b.text)),
      `${name}: a key says what h1… means`,
    );
    const more = t.boxes.filter((b) => b.kind === 'more');
    // Either every "+N" marker fits between the columns, or none is drawn and the captions give the sizes.
    assert.ok(more.length === 8 || more.length === 0, `${name}: ${more.length} markers`);
    assert.ok(
      t.boxes.some((b) => b.kind === 'label' && b.text === 'p(class 1)'),
      `${name}: the output is labelled`,
    );
    await canvas.screenshot({ path: path.join(ARTIFACTS, `network-diagram-${name}.png`) });
  }
  // Wide columns keep the long captions.
  assert.equal(await page.$eval('#diagram-training', (c) => c.dataset.captions), 'wide');
  assertReadable(await texts('training'), 'training');
});

test('twin B without dropout: every unit kept, and no word of dropping', async () => {
  const canvas = page.locator('#diagram-plain');
  assert.equal(await canvas.getAttribute('data-twin'), 'B');
  assert.equal(await canvas.getAttribute('data-dropped'), '0');
  assert.equal(await canvas.getAttribute('data-note'), 'training: no dropout, every unit kept');
  const words = (await texts('plain')).boxes.map((b) => b.text).join(' ');
  assert.doesNotMatch(words, /dropped|dropping|rate/);
  for (const u of await unitColour('plain', hiddenUnits())) {
    assert.ok(u.colouredShare > 0.1, `layer ${u.layer} unit ${u.unit} is kept, so coloured`);
  }
});

test('hitTest is the inverse of unitCenter', async () => {
  const result = await page.evaluate(() => {
    const d = window.fixture.cases.training.diagram;
    const out = [];
    for (const [layer, unit] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 9],
      [2, 15],
      [3, 0],
    ]) {
      const c = d.unitCenter(layer, unit);
      out.push({ want: { layer, unit }, got: d.hitTest(c.x + 1, c.y - 1) });
    }
    return { out, miss: d.hitTest(2, 2), outside: d.unitCenter(1, 16) };
  });
  for (const { want, got } of result.out) assert.deepEqual(got, want);
  assert.equal(result.miss, null, 'empty space hits nothing');
  assert.equal(result.outside, null, 'a unit that does not exist has no centre');
});

test('drawing a frame is cheap enough for 30 frames a second', async (t) => {
  const ms = await page.evaluate(() => window.fixture.timeDraws('training', 120));
  t.diagnostic(`${ms.toFixed(2)} ms per draw`);
  assert.ok(ms < 8, `one draw of the 2-16-16-1 network takes ${ms.toFixed(2)} ms`);
});

test('screenshots at desktop width', async () => {
  await page.screenshot({ path: path.join(ARTIFACTS, 'network-diagram-desktop.png'), fullPage: true });
  for (const name of ['training', 'inference', 'dropconnect', 'overflow', 'gaussian', 'plain']) {
    await page.locator(`#diagram-${name}`).screenshot({ path: path.join(ARTIFACTS, `network-diagram-${name}.png`) });
  }
  assertNoProblems('at desktop width');
});

test('at 375px phone width the diagram redraws to fit, with no horizontal scrolling', async () => {
  await page.setViewportSize(PHONE);
  await page.waitForFunction(() => {
    const c = document.getElementById('diagram-training');
    return c.width === c.clientWidth * 2;
  });
  await page.waitForTimeout(100); // ResizeObserver callbacks run after layout
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
  const width = await page.$eval('#diagram-training', (c) => c.clientWidth);
  assert.ok(width < 375, `the canvas is narrower than the phone (${width}px)`);
  // The unit checks still hold after the relayout.
  const droppedKeys = new Set((await page.evaluate(() => window.fixture.expectedDropped)).map(key));
  for (const u of await unitColour('training', hiddenUnits())) {
    if (droppedKeys.has(key([u.layer, u.unit]))) assert.ok(u.maxChroma <= 12, `phone: ${u.layer}:${u.unit} grey`);
    else assert.ok(u.colouredShare > 0.1, `phone: ${u.layer}:${u.unit} coloured`);
  }
  const right = await page.evaluate(() => {
    const d = window.fixture.cases.training.diagram;
    const c = d.unitCenter(3, 0);
    return c.x + c.half;
  });
  assert.ok(right < width, 'the output unit is inside the canvas');
  await page.screenshot({ path: path.join(ARTIFACTS, 'network-diagram-phone.png'), fullPage: true });
  await page
    .locator('#diagram-training')
    .screenshot({ path: path.join(ARTIFACTS, 'network-diagram-phone-training.png') });
  await page.setViewportSize(DESKTOP);
  assertNoProblems('at phone width');
});

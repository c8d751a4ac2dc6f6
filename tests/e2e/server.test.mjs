// End-to-end: the page under the server's strict Content-Security-Policy (no
// 'unsafe-inline', no 'unsafe-eval'), and <dropout-playground> loaded by a
// lesson page on another origin. The server's answers to raw requests are
// tested without a browser in tests/js/server.test.mjs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../scripts/serve.mjs';
import {
  ARTIFACTS,
  openBrowser,
  assertNoProblems,
  waitForFirstFrame,
  waitForEpoch,
  setRunning,
  step,
  readCanvas,
  watch,
} from './page-helpers.mjs';

let browser;
let page;
let problems;

before(async () => {
  browser = await openBrowser();
  ({ page, problems } = browser);
  // In every frame, before any page script: record what the policy blocks.
  await browser.context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`.trim()),
    );
  });
});

after(async () => {
  await browser?.close();
});

const violations = (p = page) => p.evaluate(() => window.__violations);
const legendColours = () =>
  page.$$eval('#legend .swatch', (marks) =>
    marks.map((m) => {
      const s = getComputedStyle(m);
      return { kind: m.className, background: s.backgroundColor, border: s.borderTopColor, image: s.backgroundImage };
    }),
  );

test('the page runs under the strict policy: nothing blocked while it trains, in every view', async () => {
  const response = await page.goto(`${browser.server.url}?speed=fast`);
  assert.equal(response.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /'unsafe-inline'|'unsafe-eval'/);
  await waitForFirstFrame(page);

  // The legend's colours are set through the CSSOM, which the policy allows.
  const colours = await legendColours();
  assert.equal(colours[0].background, 'rgb(232, 119, 34)', 'class 0 is orange');
  assert.equal(colours[1].background, 'rgb(31, 111, 180)', 'class 1 is blue');
  assert.equal(colours.at(-1).border, 'rgb(120, 120, 120)', 'the validation ring is grey');

  await setRunning(page, true);
  for (const view of ['one', 'average', 'off']) {
    await page.getByLabel('Training view').selectOption(view);
    await page.waitForTimeout(600);
  }
  await page.getByLabel('Inference', { exact: true }).check();
  await waitForEpoch(page, 20);
  await setRunning(page, false);
  await page.getByLabel('Training step', { exact: true }).check();
  await step(page);
  for (const [dataset, view] of [
    ['blobs3', 'one'],
    ['sine', 'average'],
    ['plane', 'one'],
  ]) {
    await page.locator(`[data-key="dataset"][value="${dataset}"]`).check();
    await page.getByLabel('Training view').selectOption(view);
    await waitForFirstFrame(page);
    await setRunning(page, true);
    await waitForEpoch(page, 5);
    await setRunning(page, false);
    const legend = await legendColours();
    if (dataset === 'plane') assert.match(legend[0].image, /rgb\(232, 119, 34\).*rgb\(31, 111, 180\)/, 'the ramp');
    else if (dataset === 'sine') {
      // The twins' curves in their own colours (web/render/palette.js): A green, B purple.
      assert.equal(legend[2].background, 'rgb(0, 122, 90)', "twin A's fitted curve");
      assert.equal(legend[3].background, 'rgb(176, 73, 143)', "twin B's fitted curve");
    } else assert.equal(legend[2].background, 'rgb(0, 158, 115)', 'class 2 is green');
  }
  assert.ok((await readCanvas(page, '#twin-a .boundary')).distinct > 50, 'the boundary is painted');
  assert.ok((await page.locator('#loss-chart canvas').count()) > 0, 'uPlot drew the chart');
  await page.screenshot({ path: path.join(ARTIFACTS, 'strict-csp.png') });
  assert.deepEqual(await violations(), [], 'no CSP violation reports');
  assertNoProblems(problems, 'under the strict policy');
});

test('the policy is live: a style attribute is blocked and reported, a CSSOM property is not', async () => {
  const result = await page.evaluate(async () => {
    const viaCssom = document.createElement('i');
    viaCssom.style.setProperty('color', 'rgb(255, 0, 0)');
    const viaAttribute = document.createElement('i');
    viaAttribute.setAttribute('style', 'color: rgb(0, 0, 255)');
    document.body.append(viaCssom, viaAttribute);
    await new Promise((r) => setTimeout(r, 100));
    const out = { cssom: getComputedStyle(viaCssom).color, attribute: getComputedStyle(viaAttribute).color };
    viaCssom.remove();
    viaAttribute.remove();
    return out;
  });
  assert.equal(result.cssom, 'rgb(255, 0, 0)');
  assert.notEqual(result.attribute, 'rgb(0, 0, 255)');
  const reported = await violations();
  assert.equal(reported.length, 1);
  assert.match(reported[0], /^style-src-attr inline/);
  problems.console.length = 0; // Chromium logs the blocked attribute too
});

test('a lesson page on another origin loads embed.js and trains the framed playground', async () => {
  // The playground as http://localhost:<port>/, the lesson page on 127.0.0.1:<another port>,
  // with a policy of its own that allows no inline styles either.
  const playground = new URL(browser.server.url);
  const playgroundOrigin = `http://localhost:${playground.port}`;
  const files = {
    '/lesson.html': [
      'text/html',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson</title>
<link rel="icon" href="data:,">
<script type="module" src="${playgroundOrigin}/web/embed.js"></script>
<script type="module" src="/lesson.js"></script></head>
<body><h1>Lesson</h1>
<dropout-playground id="pg" settings="dataset=xor&speed=fast" hide="intro" height="640px"></dropout-playground>
<p id="progress" data-events="0"></p></body></html>`,
    ],
    '/lesson.js': [
      'text/javascript',
      `const out = document.querySelector('#progress');
document.querySelector('#pg').addEventListener('progress', (e) => {
  out.dataset.events = String(Number(out.dataset.events) + 1);
  out.dataset.epoch = String(e.detail.epoch);
});`,
    ],
  };
  const lessons = http.createServer((req, res) => {
    const file = files[req.url];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': `${file[0]}; charset=utf-8`,
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${playgroundOrigin}; style-src 'self'; img-src data:; frame-src ${playgroundOrigin}; connect-src 'self' ${playgroundOrigin}`,
    });
    res.end(file[1]);
  });
  await new Promise((resolve) => lessons.listen(0, '127.0.0.1', resolve));
  const lessonOrigin = `http://127.0.0.1:${lessons.address().port}`;
  const host = await browser.context.newPage();
  const hostProblems = watch(host, lessonOrigin);
  try {
    await host.goto(`${lessonOrigin}/lesson.html`);
    await host.waitForFunction(() => customElements.get('dropout-playground') !== undefined, null, { timeout: 10_000 });
    const frame = host.frameLocator('dropout-playground iframe');
    await frame.locator('#twin-a .boundary').waitFor();
    assert.equal(await frame.locator('[data-key="dataset"]:checked').inputValue(), 'xor');
    // The element's shadow styles are a constructed sheet, which the lesson's policy allows.
    const box = await host.$eval('dropout-playground', (el) => {
      const s = getComputedStyle(el.shadowRoot.querySelector('iframe'));
      return { display: getComputedStyle(el).display, border: s.borderTopWidth, width: s.width, body: innerWidth };
    });
    assert.equal(box.display, 'block');
    assert.equal(box.border, '0px');
    assert.ok(parseFloat(box.width) > box.body / 2, `the frame spans the page (${box.width})`);
    await frame.getByRole('button', { name: /^train$/i }).click();
    await host.waitForFunction(() => Number(document.querySelector('#progress').dataset.epoch) >= 5, null, {
      timeout: 30_000,
    });
    hostProblems.foreign = hostProblems.foreign.filter((u) => !u.startsWith(playgroundOrigin));
    assert.deepEqual(await violations(host), [], 'nothing blocked in the lesson page');
    const framed = host.frames().find((f) => f.url().startsWith(playgroundOrigin));
    assert.deepEqual(await violations(framed), [], 'nothing blocked in the framed playground');
    assertNoProblems(hostProblems, 'in the lesson page');
    await host.screenshot({ path: path.join(ARTIFACTS, 'embed-cross-origin.png') });
    // Only embed.js is shared with other origins.
    const shared = await host.evaluate(async (origin) => {
      const ok = async (p) =>
        fetch(origin + p).then(
          (r) => r.ok,
          () => false,
        );
      return { embed: await ok('/web/embed.js'), main: await ok('/web/main.js') };
    }, playgroundOrigin);
    assert.deepEqual(shared, { embed: true, main: false });
  } finally {
    await host.close();
    lessons.closeAllConnections();
    await new Promise((resolve) => lessons.close(resolve));
  }
});

// End-to-end: docs/example-lesson/, the example lesson page of docs/EMBEDDING.md,
// served from another origin than the playground (127.0.0.1 vs localhost), with a
// policy of its own. Its three playgrounds load; its buttons drive the second;
// it hears the first's progress and the third's lesson-complete.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT, ARTIFACTS, usePage } from './page-helpers.mjs';

const browser = await usePage();
const { page, server } = browser;
const playground = `http://localhost:${new URL(server.url).port}`;
const dir = path.join(ROOT, 'docs/example-lesson');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const lessons = http.createServer((req, res) => {
  const name = new URL(req.url, 'http://x').pathname.replace(/^\/$/, '/index.html');
  const file = path.join(dir, path.basename(name));
  if (!fs.existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, {
    'Content-Type': `${TYPES[path.extname(file)]}; charset=utf-8`,
    'Content-Security-Policy': `default-src 'self'; script-src 'self' ${playground}; style-src 'self'; img-src data:; frame-src ${playground}; connect-src 'self' ${playground}`,
  });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => lessons.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${lessons.address().port}`;

test('the example lesson page embeds three playgrounds from another origin and talks with them', async () => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${origin}/?playground=${playground}/`);
    const frames = ['overfit', 'underfit', 'masks'].map((id) => page.frameLocator(`#${id} iframe`));
    for (const f of frames) await f.locator('#twin-a .boundary').waitFor({ timeout: 20_000 });

    // 2: this page's buttons drive the playground.
    // A click event on the button (the page's own wiring: button -> element -> frame).
    await page.locator('#underfit-step').dispatchEvent('click');
    await page.waitForFunction(() => document.querySelector('#underfit-readout').dataset.step === '10');
    assert.match(await page.locator('#underfit-readout').innerText(), /^Step 10: twin A's training loss \d\.\d{3}\.$/);

    // 1: the playground's progress reaches this page.
    await frames[0].getByRole('button', { name: /^train$/i }).click();
    await page.waitForFunction(() => Number(document.querySelector('#overfit-readout').dataset.epoch) >= 5, null, {
      timeout: 30_000,
    });

    // 3: the guided card's check, heard by this page.
    assert.equal(await frames[2].locator('.guide').getAttribute('data-lesson'), '2');
    for (let k = 0; k < 3; k++) {
      await frames[2].getByRole('button', { name: 'Step', exact: true }).click();
      await page.waitForTimeout(150);
    }
    await page.waitForFunction(() => document.querySelector('#masks-readout').dataset.done === 'true');
    assert.match(await page.locator('#masks-readout').innerText(), /^Card 2 done: \d+ different masks in \d+ steps/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'example-lesson.png') });
    assert.deepEqual(errors, []);
  } finally {
    lessons.close();
  }
});

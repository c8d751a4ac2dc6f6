// End-to-end: the code of the experiment in headless Chromium. The panel
// writes twin A and twin B as Keras or PyTorch for the page's settings and
// follows them when they change; hide=code removes it. (The code itself is
// checked by tests/js/code-gen.test.mjs: valid Python, the right layers.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, assertNoProblems, waitForFirstFrame } from './page-helpers.mjs';

const { page, problems, server } = await usePage();
const code = () => page.locator('.code-panel__code').innerText();

test('the code follows the settings, in Keras or PyTorch', async () => {
  await page.goto(`${server.url}?dataset=moons&rate=0,0.3,0.5`);
  await waitForFirstFrame(page);
  let text = await code();
  assert.match(text, /Keras/);
  assert.match(text, /twin_a = build_twin\(\[0\.0, 0\.3, 0\.5\]\)/);
  assert.match(text, /layers\.Dropout\(rates\[1\]\)[\s\S]*layers\.Dropout\(rates\[2\]\)/);
  await page.click('.code-panel__library[data-library="pytorch"]');
  assert.equal(await page.locator('.code-panel__library[data-library="pytorch"]').getAttribute('aria-pressed'), 'true');
  text = await code();
  assert.match(text, /import torch/);
  assert.match(text, /nn\.Dropout\(p=rates\[1\]\)/);
  await page.selectOption('#lr', '0.03');
  await page.waitForFunction(() => document.querySelector('.code-panel__code').textContent.includes('lr=0.03'));
  await page.goto(`${server.url}?hide=code`);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('.code-panel').isVisible(), false);
  assertNoProblems(problems, 'the code panel');
});

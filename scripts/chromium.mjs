// Debian's Chromium, headless, through playwright-core: the one launcher the
// end-to-end tests and the page benchmark share. The flags and the fresh
// profile and HOME follow ../shared/TOOLCHAIN.md (no sandbox as root, no GPU,
// no background traffic to a network that refuses it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts a headless Chromium with a fresh profile and HOME in temp folders.
 * Returns { context, page, close() }; close() also removes the folders.
 */
export async function launchChromium({
  viewport = { width: 1280, height: 900 },
  deviceScaleFactor = 1,
  serviceWorkers = 'allow', // 'block': pages get no service worker (benchmarks that reload the site)
} = {}) {
  const dirs = [];
  const temp = (prefix) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const home = temp('dropout-chromium-home-');
  const context = await chromium.launchPersistentContext(temp('dropout-chromium-profile-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
    },
    viewport,
    deviceScaleFactor,
    serviceWorkers,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

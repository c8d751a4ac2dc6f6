// The offline cache, in node: the service worker that scripts/build-web.sh
// writes lists every file of the built site (and so every file the page
// loads), and any change to any file gives it a new version; and the worker
// itself (public/sw.js, run in a sandbox with a fake cache and network)
// caches exactly this build, copies unchanged files from the old version,
// refuses bytes that are not this build's, deletes only its own older caches
// and answers only same-origin GETs of its files. The real browser:
// tests/e2e/offline.test.mjs.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { precacheManifest, siteFiles, writeServiceWorker } from '../../scripts/precache.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'precache-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The PRECACHE object written at the head of a site's sw.js. */
function readPrecache(dir) {
  const text = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
  const m = /^const PRECACHE = (\{[\s\S]*?\n\});$/m.exec(text);
  assert.ok(m, 'sw.js starts with const PRECACHE = {...};');
  return JSON.parse(m[1]);
}

/** A small site in a fresh folder: { relative path: text }. */
function makeSite(name, files) {
  const dir = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

// ---------- the built site ----------

/**
 * Every file the page loads, found from index.html: its scripts and style
 * sheets, and in each module its relative imports and new URL('…',
 * import.meta.url) (workers, the wasm).
 */
function filesThePageLoads(dir) {
  const found = new Set();
  const visit = (file) => {
    if (found.has(file)) return;
    assert.ok(fs.existsSync(path.join(dir, file)), `${file} is loaded by the page but is not in the site`);
    found.add(file);
    if (!/\.(m?js)$/.test(file)) return;
    const code = fs.readFileSync(path.join(dir, file), 'utf8');
    const patterns = [
      // (\bfrom, not \sfrom: minified bundles write import{a as b}from"./boot.js")
      /\b(?:import|export)\b[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
      /\bimport\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g,
      /new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
    ];
    for (const re of patterns) {
      for (const [, spec] of code.matchAll(re)) visit(path.posix.join(path.posix.dirname(file), spec));
    }
  };
  visit('index.html');
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  for (const [, ref] of html.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
    if (!/^(data:|[a-z]+:\/\/|#)/.test(ref)) visit(path.posix.normalize(ref));
  }
  return found;
}

test('the built site: sw.js lists every other file of it with its SHA-256, so every file the page loads', () => {
  const dist = path.join(tmp, 'dist');
  execFileSync('bash', [path.join(ROOT, 'scripts/build-web.sh'), dist], { stdio: 'pipe' });
  const precache = readPrecache(dist);
  const onDisk = siteFiles(dist);
  assert.deepEqual(Object.keys(precache.files).sort(), onDisk, 'exactly the files of the site, sw.js aside');
  for (const file of onDisk) {
    const hash = crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(dist, file)))
      .digest('hex');
    assert.equal(precache.files[file], hash, file);
  }
  assert.equal(precache.version, precacheManifest(dist).version);
  assert.match(precache.version, /^[0-9a-f]{16}$/);

  const loaded = filesThePageLoads(dist);
  for (const file of [
    'index.html',
    'style.css',
    'web/main.js',
    'web/worker.js',
    'web/offline.js',
    'web/sweep/sweep-worker.js',
    'wasm/dropout_core.mjs',
    'wasm/dropout_core.wasm',
    'vendor/uplot/uPlot.min.css', // (uPlot's module is bundled into web/main.js: scripts/bundle.mjs)
  ]) {
    assert.ok(loaded.has(file), `the walk from index.html finds ${file}`);
  }
  // sw.js, which web/offline.js registers, is the one the browser itself keeps.
  assert.ok(loaded.has('sw.js'));
  const missing = [...loaded].filter((f) => !(f in precache.files) && f !== 'sw.js');
  assert.deepEqual(missing, [], 'every file the page loads is precached');
  // And what the page does not load itself, such as the script a lesson page embeds it with.
  assert.ok('web/embed.js' in precache.files);
});

test('the version: the same for the same bytes; new for any change to any file, a new file, a rename, or the worker', () => {
  const files = { 'index.html': '<!doctype html>', 'web/a.js': 'export const a = 1;\n', 'wasm/x.wasm': '\0asm' };
  const base = precacheManifest(makeSite('v-base', files)).version;
  assert.equal(precacheManifest(makeSite('v-copy', files)).version, base, 'a copy of the site');
  const variants = {
    'one byte': { ...files, 'web/a.js': 'export const a = 2;\n' },
    'a new file': { ...files, 'web/b.js': '' },
    'a rename': {
      'index.html': files['index.html'],
      'web/b.js': files['web/a.js'],
      'wasm/x.wasm': files['wasm/x.wasm'],
    },
  };
  const seen = new Set([base]);
  for (const [what, site] of Object.entries(variants)) {
    const v = precacheManifest(makeSite(`v-${what.replace(/ /g, '-')}`, site)).version;
    assert.ok(!seen.has(v), `${what} gives a new version`);
    seen.add(v);
  }
  const template = path.join(tmp, 'sw-template.js');
  fs.writeFileSync(template, fs.readFileSync(path.join(ROOT, 'public/sw.js'), 'utf8') + '\n// changed\n');
  assert.notEqual(precacheManifest(path.join(tmp, 'v-base'), template).version, base, 'a change to the worker');
  // sw.js itself is not listed (it holds the list), so writing it changes nothing.
  const dir = path.join(tmp, 'v-base');
  assert.equal(writeServiceWorker(dir).version, base);
  assert.equal(writeServiceWorker(dir).version, base);
});

// ---------- the worker, in a sandbox ----------

const ORIGIN = 'https://school.example';
const SCOPE = `${ORIGIN}/dropout/`;

/** A cache: url -> { body, headers }. Each match is a fresh Response. */
class FakeCache {
  entries = new Map();
  async match(url) {
    const e = this.entries.get(typeof url === 'string' ? url : url.url);
    return e ? new Response(e.body, { headers: e.headers }) : undefined;
  }
  async put(url, response) {
    this.entries.set(url, { body: Buffer.from(await response.arrayBuffer()), headers: [...response.headers] });
  }
}

/**
 * Runs a site's sw.js as the browser would, with a fake CacheStorage, a fake
 * network serving `server` ({ path: text }, mutable), and its events.
 */
function runWorker(swText, caches, server) {
  const handlers = {};
  const requested = [];
  const env = {
    skipWaitingCalls: 0,
    claimed: 0,
    requested,
  };
  const self = {
    registration: { scope: SCOPE },
    location: new URL(`${SCOPE}sw.js`),
    addEventListener: (type, fn) => (handlers[type] = fn),
    skipWaiting: async () => void env.skipWaitingCalls++,
    clients: { claim: async () => void env.claimed++ },
  };
  const fakeFetch = async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input.url;
    requested.push({ url: url.replace(ORIGIN, ''), cache: init.cache });
    const file = url.startsWith(SCOPE) ? url.slice(SCOPE.length).split('?')[0] : null;
    if (file === null || !(file in server)) return new Response('Not Found', { status: 404 });
    return new Response(server[file], { headers: { 'Content-Type': 'text/plain', 'X-From': 'network' } });
  };
  const sandbox = { self, caches, fetch: fakeFetch, crypto: globalThis.crypto, Response, URL, console };
  vm.runInNewContext(swText, sandbox, { filename: 'sw.js' });
  const dispatch = async (type, extra = {}) => {
    const pending = [];
    let answer = null;
    const event = {
      ...extra,
      waitUntil: (p) => pending.push(p),
      respondWith: (p) => (answer = p),
    };
    handlers[type](event);
    await Promise.all(pending);
    return answer;
  };
  return {
    env,
    install: () => dispatch('install'),
    activate: () => dispatch('activate'),
    message: (data) => dispatch('message', { data }),
    /** What the worker answers: null if it leaves the request to the browser. */
    fetch: (url, { method = 'GET', mode = 'no-cors' } = {}) =>
      dispatch('fetch', { request: { url: new URL(url, SCOPE).href, method, mode } }),
  };
}

class FakeCacheStorage {
  caches = new Map();
  async keys() {
    return [...this.caches.keys()];
  }
  async open(name) {
    if (!this.caches.has(name)) this.caches.set(name, new FakeCache());
    return this.caches.get(name);
  }
  async delete(name) {
    return this.caches.delete(name);
  }
}

const SITE = {
  'index.html': '<!doctype html><title>v1</title>',
  'web/main.js': 'import "./b.js";',
  'web/b.js': 'export {};',
  'wasm/dropout_core.wasm': '\0asm v1',
};

test('the worker: install caches every file of this build; a GET of one is answered from the cache, with no network', async () => {
  const dir = makeSite('sw-1', SITE);
  const { version } = writeServiceWorker(dir);
  const caches = new FakeCacheStorage();
  const server = { ...SITE };
  const sw = runWorker(fs.readFileSync(path.join(dir, 'sw.js'), 'utf8'), caches, server);
  await sw.install();
  const name = `dropout-playground ${SCOPE} ${version}`;
  assert.deepEqual(await caches.keys(), [name]);
  assert.deepEqual(
    [...caches.caches.get(name).entries.keys()].sort(),
    Object.keys(SITE)
      .map((f) => SCOPE + f)
      .sort(),
  );
  assert.ok(
    sw.env.requested.every((r) => r.cache === 'no-cache'),
    'fetched past the HTTP cache, revalidated',
  );
  await sw.activate();
  assert.equal(sw.env.claimed, 1, 'takes over the page that registered it');

  // Offline from here: the network answers nothing.
  for (const file of Object.keys(server)) delete server[file];
  sw.env.requested.length = 0;
  const text = async (answer) => (await answer).text();
  assert.equal(await text(sw.fetch('web/main.js')), SITE['web/main.js']);
  assert.equal(await text(sw.fetch('wasm/dropout_core.wasm')), SITE['wasm/dropout_core.wasm']);
  for (const page of ['', '?dataset=circle&lesson=3', 'index.html', 'index.html?dataset=moons']) {
    assert.equal(await text(sw.fetch(page, { mode: 'navigate' })), SITE['index.html'], `navigation to ${page}`);
  }
  assert.deepEqual(sw.env.requested, [], 'the network was not asked');

  // Left to the browser (null): other origins, other methods, other paths, sw.js, a module with a query.
  for (const [url, init] of [
    ['https://cdn.example/dropout/web/main.js', {}],
    [`${ORIGIN}/web/main.js`, {}],
    [`${ORIGIN}/`, { mode: 'navigate' }],
    ['web/main.js', { method: 'POST' }],
    ['web/main.js', { method: 'HEAD' }],
    ['web/missing.js', {}],
    ['web/', { mode: 'navigate' }],
    ['sw.js', {}],
    ['web/main.js?v=2', {}],
    ['docs/', { mode: 'navigate' }],
  ]) {
    assert.equal(await sw.fetch(url, init), null, `${init.method ?? 'GET'} ${url} ${init.mode ?? ''}`);
  }

  // A cache that lost a file: the network answers it.
  server['web/b.js'] = 'export {}; // from the network';
  caches.caches.get(name).entries.delete(`${SCOPE}web/b.js`);
  assert.equal(await text(sw.fetch('web/b.js')), server['web/b.js']);
});

test("the worker: bytes that are not this build's, or a missing file, fail the install", async () => {
  const dir = makeSite('sw-bad', SITE);
  writeServiceWorker(dir);
  const swText = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
  const half = runWorker(swText, new FakeCacheStorage(), { ...SITE, 'web/b.js': 'export {}; // the next deploy' });
  await assert.rejects(half.install(), /web\/b\.js: the server sent other bytes than this build's/);
  const { 'web/b.js': _, ...without } = SITE;
  const missing = runWorker(swText, new FakeCacheStorage(), without);
  await assert.rejects(missing.install(), /web\/b\.js: HTTP 404/);
});

test('the worker: a new version downloads only the changed files and, once active, deletes only its own older caches', async () => {
  const caches = new FakeCacheStorage();
  // Another app on this origin, and another copy of the playground at another path.
  await (await caches.open('someone else')).put(`${ORIGIN}/x`, new Response('x'));
  const otherCopy = `dropout-playground ${ORIGIN}/dropout-beta/ 0123456789abcdef`;
  await caches.open(otherCopy);

  const v1 = makeSite('up-1', SITE);
  const m1 = writeServiceWorker(v1);
  const old = runWorker(fs.readFileSync(path.join(v1, 'sw.js'), 'utf8'), caches, { ...SITE });
  await old.install();
  await old.activate();

  const site2 = { ...SITE, 'index.html': '<!doctype html><title>v2</title>', 'web/c.js': 'export const c = 3;' };
  const v2 = makeSite('up-2', site2);
  const m2 = writeServiceWorker(v2);
  assert.notEqual(m2.version, m1.version);
  const fresh = runWorker(fs.readFileSync(path.join(v2, 'sw.js'), 'utf8'), caches, { ...site2 });
  await fresh.install();
  assert.deepEqual(
    fresh.env.requested.map((r) => r.url).sort(),
    ['/dropout/index.html', '/dropout/web/c.js'],
    'unchanged files come from the old cache',
  );
  const name1 = `dropout-playground ${SCOPE} ${m1.version}`;
  const name2 = `dropout-playground ${SCOPE} ${m2.version}`;
  assert.deepEqual(
    (await caches.keys()).sort(),
    [name1, name2, otherCopy, 'someone else'].sort(),
    'both while it waits',
  );
  // While it waits, the old worker still answers with the old files.
  assert.match(await (await old.fetch('', { mode: 'navigate' })).text(), /v1/);

  await fresh.message({ type: 'something else' });
  assert.equal(fresh.env.skipWaitingCalls, 0);
  await fresh.message({ type: 'skip-waiting' });
  assert.equal(fresh.env.skipWaitingCalls, 1, "the page's Reload activates it");
  await fresh.activate();
  assert.deepEqual((await caches.keys()).sort(), [name2, otherCopy, 'someone else'].sort());
  assert.match(await (await fresh.fetch('?dataset=xor', { mode: 'navigate' })).text(), /v2/);
  assert.equal(await (await fresh.fetch('web/c.js')).text(), site2['web/c.js']);
});

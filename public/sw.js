// The service worker: the playground works offline once it has been loaded.
//
// dist/sw.js is this file after PRECACHE (every file of the site with its
// SHA-256, and a version: scripts/precache.mjs, run by scripts/build-web.sh).
// - install: puts every file into the cache of this version. A file whose
//   bytes an older version's cache already holds is copied from there; the
//   rest come from the network, revalidated, and must have this build's
//   SHA-256 (a half-deployed site or a stale HTTP cache fails the install,
//   which the browser tries again later, instead of caching a mix).
// - A new version waits while a page of the old one is open (so that no page
//   loads half its files from one version and half from another), until the
//   page asks for it (web/offline.js: 'Reload') or every such page is closed.
// - activate: deletes the caches of older versions of this site (this scope
//   only: another site, or another copy of this one, on the same origin keeps
//   its own), and takes over pages that have no worker yet.
// - fetch: a GET of a precached file of this site is answered from the cache
//   (the network if the cache has lost it); a page opened with a query
//   (?dataset=circle&lesson=3) gets the cached index.html. Anything else, other
//   origins and other methods, goes to the network untouched and uncached.
/* global PRECACHE */
'use strict';

const SCOPE = self.registration.scope; // e.g. https://example.org/dropout/
const SCOPE_PATH = new URL(SCOPE).pathname;
const OWN_PREFIX = `dropout-playground ${SCOPE} `; // this site's caches, every version
const CACHE = OWN_PREFIX + PRECACHE.version;
const HASHES = new Map(Object.entries(PRECACHE.files));

const urlOf = (file) => new URL(file, SCOPE).href;

async function sha256(response) {
  const digest = await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function olderCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(OWN_PREFIX) && name !== CACHE);
}

/** This build's bytes of one file: from an older version's cache if it has them, else the network. */
async function fetchFile(file, older) {
  const url = urlOf(file);
  const want = HASHES.get(file);
  for (const name of older) {
    const kept = await (await caches.open(name)).match(url);
    if (kept && (await sha256(kept)) === want) return kept;
  }
  // no-cache: revalidated with the server, so that a host's max-age cannot put
  // an old file into a new version.
  let response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  // A redirected response cannot answer a navigation; keep its body and headers only.
  if (response.redirected) {
    const { status, statusText, headers } = response;
    response = new Response(await response.blob(), { status, statusText, headers });
  }
  const got = await sha256(response);
  if (got !== want) throw new Error(`${file}: the server sent other bytes than this build's (SHA-256 ${got})`);
  return response;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const older = await olderCaches();
      const cache = await caches.open(CACHE);
      await Promise.all([...HASHES.keys()].map(async (file) => cache.put(urlOf(file), await fetchFile(file, older))));
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all((await olderCaches()).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

// web/offline.js asks for the waiting version when its page is about to reload.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

/** The precached file a request asks for, or null if it is not one of ours. */
function precachedFile(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE_PATH)) return null;
  const file = url.pathname.slice(SCOPE_PATH.length) || 'index.html';
  if (!HASHES.has(file)) return null;
  // A page's query is its settings, read by the page: the same file. A module
  // or the wasm with a query is something this build did not ask for.
  if (url.search !== '' && request.mode !== 'navigate') return null;
  return file;
}

self.addEventListener('fetch', (event) => {
  const file = precachedFile(event.request);
  if (file === null) return;
  event.respondWith(
    (async () => {
      const cached = await (await caches.open(CACHE)).match(urlOf(file));
      return cached ?? fetch(event.request);
    })(),
  );
});

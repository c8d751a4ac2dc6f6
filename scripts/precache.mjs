#!/usr/bin/env node
// Writes the service worker of a built site: dir/sw.js = the list of every
// file in dir with its SHA-256, and a version, followed by public/sw.js.
//
//   node scripts/precache.mjs [dir]     (default dist/; scripts/build-web.sh runs it)
//
// The version is a hash of every file's path and bytes and of public/sw.js, so
// that any change to any of them gives the worker a new cache name (and new
// bytes, which is how a browser notices an update). The list is made from the
// folder itself, never kept by hand: whatever build-web.sh puts in dist/ is
// precached. Importable for tests: precacheManifest(dir), writeServiceWorker(dir).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SW_TEMPLATE = path.join(ROOT, 'public', 'sw.js');
export const SW_FILE = 'sw.js'; // at the site's root, so that its scope is the whole site

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Every file under dir except the service worker itself: paths relative to dir, with '/', sorted. */
export function siteFiles(dir) {
  const files = [];
  const walk = (sub) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && rel !== SW_FILE) files.push(rel);
      else if (!entry.isFile())
        throw new Error(`${path.join(dir, rel)}: not a file or folder; the site holds only files`);
    }
  };
  walk('');
  return files.sort();
}

/**
 * { version, files: { path: sha256 } } for the site in dir and the worker's
 * code (template). version: 16 hex digits of a SHA-256 over both.
 */
export function precacheManifest(dir, template = SW_TEMPLATE) {
  const files = {};
  for (const file of siteFiles(dir)) files[file] = sha256(fs.readFileSync(path.join(dir, file)));
  const listing = Object.entries(files).map(([file, hash]) => `${hash}  ${file}\n`);
  listing.push(`${sha256(fs.readFileSync(template))}  ${SW_FILE} (template)\n`);
  return { version: sha256(listing.join('')).slice(0, 16), files };
}

/** Writes dir/sw.js (the manifest, then the template) and returns the manifest. */
export function writeServiceWorker(dir, template = SW_TEMPLATE) {
  const manifest = precacheManifest(dir, template);
  const head =
    '// Written by scripts/precache.mjs from public/sw.js: every file of this site with its SHA-256.\n' +
    `const PRECACHE = ${JSON.stringify(manifest, null, 2)};\n\n`;
  fs.writeFileSync(path.join(dir, SW_FILE), head + fs.readFileSync(template, 'utf8'));
  return manifest;
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  const dir = process.argv[2] ?? path.join(ROOT, 'dist');
  try {
    const { version, files } = writeServiceWorker(dir);
    console.log(`precache: ${path.join(dir, SW_FILE)} caches ${Object.keys(files).length} files, version ${version}`);
  } catch (err) {
    console.error(`precache: error: ${err.message}`);
    process.exit(1);
  }
}

// Bundles the page's ES modules in a built site (scripts/build-web.sh runs it):
// <site>/web/ holds about 75 modules, several requests deep; a learner's
// browser would fetch them one import level at a time. esbuild (npm, a dev
// dependency) turns each entry point into one minified file at the same path,
// so every URL the page, its workers, the service worker and a lesson page use
// stays what it was:
//   web/boot.js             starts the engine's worker as soon as the page is parsed
//   web/main.js             the page (uPlot included); imports ./boot.js at run time,
//                           so the worker boot.js started is the one it talks to
//   web/offline.js          registers the service worker
//   web/worker.js           the engine's worker
//   web/sweep/sweep-worker.js  a worker of the rate sweep
//   web/families/families-worker.js  the CNN and RNN networks ("Where dropout applies")
//   web/embed.js            <dropout-playground>, for lesson pages
// The wasm glue (../wasm/dropout_core.mjs, dropout_families.mjs) stays a file of its own, imported at run
// time. Every entry stays at its own folder depth, so the URLs the code builds from
// import.meta.url (../wasm/, ./worker.js, ../sw.js) mean the same bundled or not;
// a module in a sub-folder that builds such URLs must be an entry of its own.
//
//   node scripts/bundle.mjs <site>     (replaces <site>/web with the bundles)
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

export const ENTRIES = [
  'boot.js',
  'main.js',
  'offline.js',
  'worker.js',
  'sweep/sweep-worker.js',
  'families/families-worker.js',
  'embed.js',
];

/** Imports kept as they are written: the wasm glue, and boot.js (one instance for the page's two scripts). */
const keepExternal = {
  name: 'keep-external',
  setup(build) {
    build.onResolve({ filter: /(^|\/)dropout_(core|families)\.mjs$/ }, (args) => ({ path: args.path, external: true }));
    build.onResolve({ filter: /^\.\/boot\.js$/ }, (args) =>
      path.basename(args.importer) === 'boot.js' ? undefined : { path: args.path, external: true },
    );
  },
};

export async function bundleSite(site) {
  const web = path.join(site, 'web');
  const staged = `${web}.bundled`;
  fs.rmSync(staged, { recursive: true, force: true });
  for (const e of ENTRIES)
    if (!fs.existsSync(path.join(web, e))) throw new Error(`${path.join(web, e)} is missing: nothing to bundle`);
  const result = await esbuild.build({
    entryPoints: ENTRIES.map((e) => path.join(web, e)),
    outbase: web,
    outdir: staged,
    bundle: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'none',
    plugins: [keepExternal],
    logLevel: 'silent',
    metafile: true,
  });
  if (result.warnings.length > 0) throw new Error(`esbuild warned: ${result.warnings.map((w) => w.text).join('; ')}`);
  fs.rmSync(web, { recursive: true });
  fs.renameSync(staged, web);
  // uPlot is inside web/main.js now; its stylesheet stays in vendor/.
  fs.rmSync(path.join(site, 'vendor/uplot/uPlot.min.mjs'), { force: true });
  return Object.entries(result.metafile.outputs).map(([file, o]) => ({
    file: path.relative(site, path.resolve(file)),
    bytes: o.bytes,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const site = process.argv[2];
  if (!site) {
    console.error('usage: node scripts/bundle.mjs <site>');
    process.exit(2);
  }
  try {
    const files = await bundleSite(path.resolve(site));
    for (const f of files) console.log(`${f.file} ${(f.bytes / 1024).toFixed(1)} KB`);
  } catch (err) {
    console.error(`bundle: ${err.message}`);
    process.exit(1);
  }
}

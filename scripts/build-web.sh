#!/usr/bin/env bash
# Assembles the static site in dist/:
#   dist/            <- public/*            (served as-is)
#   dist/web/        <- web/                (ES modules: page, worker, renderers), then
#                       bundled and minified in place by scripts/bundle.mjs (esbuild):
#                       web/main.js, boot.js, offline.js, worker.js, sweep/sweep-worker.js,
#                       embed.js, at the same URLs; BUNDLE=0 keeps the modules as they are
#   dist/wasm/       <- build-wasm/dropout_core.{mjs,wasm} and dropout_families.{mjs,wasm}   (built elsewhere)
#   dist/vendor/uplot/ <- node_modules/uplot/dist/{uPlot.iife.min.js,uPlot.min.css}
#                         (the minified build, exported as an ES module: 22 KB gzipped, not 41;
#                         bundled into web/main.js unless BUNDLE=0)
#   dist/sw.js       <- public/sw.js, after the list of every other file of dist/ with
#                       its SHA-256 and a version (scripts/precache.mjs): the offline cache
# It does not build the wasm module; build it first.
#
#   bash scripts/build-web.sh [dir]    (default dist/; another folder for tests,
#                                       which must be new, empty or an earlier build)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-$root/dist}")"
cd "$root"

fail() {
  echo "build-web: error: $*" >&2
  exit 1
}

wasm_js=build-wasm/dropout_core.mjs
wasm_bin=build-wasm/dropout_core.wasm
families_js=build-wasm/dropout_families.mjs
families_bin=build-wasm/dropout_families.wasm
uplot=node_modules/uplot/dist

[[ -f $wasm_js ]] || fail "$wasm_js is missing. Build the wasm module first (it writes build-wasm/)."
[[ -f $wasm_bin ]] || fail "$wasm_bin is missing next to $wasm_js. Rebuild the wasm module."
[[ -f $families_js && -f $families_bin ]] ||
  fail "$families_js or its .wasm is missing (the CNN and RNN module). Rebuild the wasm modules (scripts/build.sh wasm)."
for f in uPlot.iife.min.js uPlot.min.css; do
  [[ -f $uplot/$f ]] || fail "$uplot/$f is missing. Run 'npm ci' to install the dependencies."
done
[[ -f public/index.html ]] || fail "public/index.html is missing."
[[ -d web ]] || fail "web/ is missing."
# It empties the folder first: never one that holds anything but a build.
if [[ -d $out && -n "$(ls -A "$out")" && ! -f $out/index.html ]]; then
  fail "$out is not empty and holds no index.html: not a build to replace."
fi

rm -rf "$out"
mkdir -p "$out/wasm" "$out/vendor/uplot"
cp -R public/. "$out/"
cp -R web "$out/web"
rm -f "$out/web/package.json" # only tells node that web/*.js are ES modules
cp "$wasm_js" "$wasm_bin" "$families_js" "$families_bin" "$out/wasm/"
cp "$uplot/uPlot.min.css" "$out/vendor/uplot/"
# uPlot ships its minified build only as a script that sets `var uPlot`; in a
# module that var is module-scoped, so one export line makes it an ES module.
{ cat "$uplot/uPlot.iife.min.js"; printf '\nexport default uPlot;\n'; } >"$out/vendor/uplot/uPlot.min.mjs"

# The page's modules, bundled and minified (scripts/bundle.mjs): the same URLs, a
# few requests instead of about 75. BUNDLE=0 keeps the modules as they are (to debug).
if [[ ${BUNDLE:-1} != 0 ]]; then
  [[ -x node_modules/.bin/esbuild ]] || fail "esbuild is missing. Run 'npm ci' to install the dependencies."
  node scripts/bundle.mjs "$out" >/dev/null || fail "could not bundle $out/web (scripts/bundle.mjs)"
fi

# Last: the service worker lists every file above, so any change gives it a new version.
node scripts/precache.mjs "$out" >/dev/null || fail "could not write $out/sw.js (scripts/precache.mjs)"

echo "build-web: wrote $out/ ($(find "$out" -type f | wc -l) files, $(du -sk "$out" | cut -f1) KB)"

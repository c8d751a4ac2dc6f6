#!/usr/bin/env bash
# Assembles the static site in dist/:
#   dist/            <- public/*            (served as-is)
#   dist/web/        <- web/                (ES modules: page, worker, renderers)
#   dist/wasm/       <- build-wasm/dropout_core.{mjs,wasm}   (built elsewhere)
#   dist/vendor/uplot/ <- node_modules/uplot/dist/{uPlot.iife.min.js,uPlot.min.css}
#                         (the minified build, exported as an ES module: 22 KB gzipped, not 41)
# It does not build the wasm module; build it first.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() {
  echo "build-web: error: $*" >&2
  exit 1
}

wasm_js=build-wasm/dropout_core.mjs
wasm_bin=build-wasm/dropout_core.wasm
uplot=node_modules/uplot/dist

[[ -f $wasm_js ]] || fail "$wasm_js is missing. Build the wasm module first (it writes build-wasm/)."
[[ -f $wasm_bin ]] || fail "$wasm_bin is missing next to $wasm_js. Rebuild the wasm module."
for f in uPlot.iife.min.js uPlot.min.css; do
  [[ -f $uplot/$f ]] || fail "$uplot/$f is missing. Run 'npm ci' to install the dependencies."
done
[[ -f public/index.html ]] || fail "public/index.html is missing."
[[ -d web ]] || fail "web/ is missing."

rm -rf dist
mkdir -p dist/wasm dist/vendor/uplot
cp -R public/. dist/
cp -R web dist/web
rm -f dist/web/package.json # only tells node that web/*.js are ES modules
cp "$wasm_js" "$wasm_bin" dist/wasm/
cp "$uplot/uPlot.min.css" dist/vendor/uplot/
# uPlot ships its minified build only as a script that sets `var uPlot`; in a
# module that var is module-scoped, so one export line makes it an ES module.
{ cat "$uplot/uPlot.iife.min.js"; printf '\nexport default uPlot;\n'; } >dist/vendor/uplot/uPlot.min.mjs

echo "build-web: wrote dist/ ($(find dist -type f | wc -l) files, $(du -sk dist | cut -f1) KB)"

#!/usr/bin/env bash
# Builds three variants and benchmarks them in one run: native (SSE4.2, the
# same 4 lanes as wasm), wasm SIMD128 and wasm scalar (no -msimd128), plus
# training through the public JS API (bench/run.mjs); then the built page in
# headless Chromium (bench/page.mjs). Prints tables with ratios measured in
# this run; BENCHMARKS.md explains them. Not part of the tests.
# Usage: scripts/bench.sh [--no-page]
set -euo pipefail
cd "$(dirname "$0")/.."
page=1
[ "${1:-}" = --no-page ] && page=0
DP_NEED_BROWSER=$page bash scripts/setup.sh
bash scripts/build.sh all >/dev/null
export NODE_PATH=/usr/share/nodejs
[ -f build-wasm-scalar/CMakeCache.txt ] ||
  emcmake cmake -S . -B build-wasm-scalar -DCMAKE_BUILD_TYPE=Release -DDP_SIMD=OFF >/dev/null
cmake --build build-wasm-scalar -j"$(nproc)" --target dp_bench dropout_core >/dev/null
cmake --build build-native --target dp_bench >/dev/null
cmake --build build-wasm --target dp_bench >/dev/null
node bench/run.mjs
if [ "$page" = 1 ]; then
  bash scripts/build-web.sh >/dev/null
  node bench/page.mjs
fi

#!/usr/bin/env bash
# Builds three variants and benchmarks them in interleaved rounds: native (SSE4.2, the
# same 4 lanes as wasm), wasm SIMD128 and wasm scalar (no -msimd128), the JS API, and
# TF.js with its wasm backend (bench/run.mjs); then the built page in headless Chromium
# (bench/page.mjs) and its rate sweep with 1 and 2 workers (bench/sweep.mjs). Prints
# tables with ratios measured in this run (and bench/families.mjs: a CNN and an LSTM
# training step, the same way); BENCHMARKS.md explains them. Not part of
# the tests.
#
# TF.js (@tensorflow/tfjs and @tensorflow/tfjs-backend-wasm, pinned by
# bench/tfjs/package-lock.json) is installed on first use into build-bench-tfjs/,
# not into the project's node_modules: it is about 300 MB and only this benchmark
# loads it. --no-tfjs skips it.
# Usage: scripts/bench.sh [--no-page] [--no-tfjs] [--json FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
page=1
tfjs=1
json=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-page) page=0 ;;
    --no-tfjs) tfjs=0 ;;
    --json) json=(--json "$2"); shift ;;
    *) echo "usage: scripts/bench.sh [--no-page] [--no-tfjs] [--json FILE]" >&2; exit 2 ;;
  esac
  shift
done
DP_NEED_BROWSER=$page bash scripts/setup.sh
bash scripts/build.sh all >/dev/null
export NODE_PATH=/usr/share/nodejs
[ -f build-wasm-scalar/CMakeCache.txt ] ||
  emcmake cmake -S . -B build-wasm-scalar -DCMAKE_BUILD_TYPE=Release -DDP_SIMD=OFF >/dev/null
cmake --build build-wasm-scalar -j"$(nproc)" --target dp_bench dp_bench_families dropout_core >/dev/null
cmake --build build-native --target dp_bench dp_bench_families >/dev/null
cmake --build build-wasm --target dp_bench dp_bench_families >/dev/null
if [ "$tfjs" = 1 ]; then
  if ! cmp -s bench/tfjs/package-lock.json build-bench-tfjs/package-lock.json 2>/dev/null ||
    [ ! -d build-bench-tfjs/node_modules/@tensorflow/tfjs ]; then
    echo "bench: installing TF.js into build-bench-tfjs/ (for the benchmark only)" >&2
    mkdir -p build-bench-tfjs
    cp bench/tfjs/package.json bench/tfjs/package-lock.json build-bench-tfjs/
    npm ci --prefix build-bench-tfjs --ignore-scripts --no-audit --no-fund --loglevel=error
  fi
else
  export BENCH_NO_TFJS=1
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
node bench/run.mjs "${json[@]}"
# The CNN and LSTM steps (issue 11): native, wasm SIMD, wasm scalar and TF.js, interleaved.
node bench/families.mjs
if [ "$page" = 1 ]; then
  bash scripts/build-web.sh >/dev/null
  node bench/page.mjs
  node bench/sweep.mjs
fi

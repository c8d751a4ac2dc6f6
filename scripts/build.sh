#!/usr/bin/env bash
# Builds the native library + doctest suite (build-native/) and, with
# Emscripten, the browser module + the wasm doctest suite (build-wasm/).
# Usage: scripts/build.sh [native|wasm|all]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
jobs=$(nproc)
# Trap 1 of ../shared/TOOLCHAIN.md: emcc needs acorn from Debian's node modules.
export NODE_PATH=/usr/share/nodejs

if [ "$what" = native ] || [ "$what" = all ]; then
  cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-native -j"$jobs"
fi
if [ "$what" = wasm ] || [ "$what" = all ]; then
  [ -f build-wasm/CMakeCache.txt ] || emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-wasm -j"$jobs"
fi

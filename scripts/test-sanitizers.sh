#!/usr/bin/env bash
# Checked builds of the core, run against the same tests (part of scripts/test.sh):
#   build-native-asan/   the doctest suite with AddressSanitizer + UndefinedBehaviorSanitizer
#   build-wasm-checks/   the doctest suite and the JS module with Emscripten's
#                        -sASSERTIONS=2 -sSAFE_HEAP=1 -sSTACK_OVERFLOW_CHECK=2
#   build-wasm-asan/     the JS module with AddressSanitizer (wasm)
# The JS tests of the module (fuzz and error storm included) run against both
# wasm builds. Any sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs # TOOLCHAIN.md trap 1
jobs=$(nproc)
failed=0
step() {
  echo "--- $*"
  "$@" || { echo "--- FAILED: $*"; failed=1; }
}

cmake -S . -B build-native-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDP_SANITIZE=address >/dev/null
cmake --build build-native-asan -j"$jobs" --target dp_tests
step env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-native-asan --output-on-failure

for kind in checks asan; do
  dir=build-wasm-$kind
  sanitize=$([ $kind = asan ] && echo address || echo checks)
  # An existing build folder is configured again first: a target added since (dropout_families)
  # is unknown to its old Makefile, and make reads that before it regenerates.
  if [ -f $dir/CMakeCache.txt ]; then
    cmake $dir >/dev/null
  else
    emcmake cmake -S . -B $dir -DCMAKE_BUILD_TYPE=Release -DDP_SANITIZE=$sanitize >/dev/null
  fi
  if [ $kind = checks ]; then
    cmake --build $dir -j"$jobs" --target dp_tests dropout_core dropout_families
    step ctest --test-dir $dir --output-on-failure
  else
    cmake --build $dir -j"$jobs" --target dropout_core dropout_families
  fi
  # Under ASan, malloc is the sanitizer's: the leak tests that read emmalloc's counters skip.
  step env DROPOUT_WASM_DIR=$dir FUZZ_ITERATIONS=${FUZZ_ITERATIONS_CHECKED:-1000} \
    DP_SANITIZED_ALLOCATOR=$([ $kind = asan ] && echo 1 || echo 0) node --test tests/js/
done
exit $failed

#!/usr/bin/env bash
# Sets up what is missing, builds, and runs every test:
#   1. the doctest suite natively (ctest)
#   2. the same doctest suite compiled to wasm, under node (ctest)
#   3. JS tests of the built module (node --test)
#   4. end-to-end tests of the page in headless Chromium (node --test)
#   5. checked builds: the doctest suite natively under ASan + UBSan, and in wasm
#      with Emscripten's runtime checks; the JS tests (fuzz included) against the
#      module built with those checks and with wasm ASan (scripts/test-sanitizers.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh all

passed=0
failed=0
run() {
  local name=$1
  shift
  echo
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "=== $name FAILED"; fi
}
run "doctest, native" ctest --test-dir build-native --output-on-failure
run "doctest, wasm under node" ctest --test-dir build-wasm --output-on-failure
run "JS tests of the module" node --test tests/js/
bash scripts/build-web.sh >/dev/null
run "end-to-end in Chromium" node --test tests/e2e/
run "sanitizers and checked builds" bash scripts/test-sanitizers.sh

echo
echo "suites: $passed passed, $failed failed"
[ "$failed" = 0 ]

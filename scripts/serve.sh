#!/usr/bin/env bash
# Sets up what is missing, builds the wasm module and the static site (dist/),
# and serves it on http://127.0.0.1:8080/ (or --port N).
set -euo pipefail
cd "$(dirname "$0")/.."
DP_NEED_BROWSER=0 bash scripts/setup.sh
bash scripts/build.sh wasm
bash scripts/build-web.sh
exec node scripts/serve.mjs dist "$@"

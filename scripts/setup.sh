#!/usr/bin/env bash
# Installs what is missing: Debian's emscripten, xsimd, doctest, cmake and
# chromium (apt), and the npm packages (playwright-core, uplot). Idempotent:
# a machine that has everything is left alone. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v em++ >/dev/null || need_apt+=(emscripten)
[ -f /usr/include/xsimd/xsimd.hpp ] || need_apt+=(libxsimd-dev)
[ -f /usr/include/doctest/doctest.h ] || need_apt+=(doctest-dev)
command -v cmake >/dev/null || need_apt+=(cmake)
command -v g++ >/dev/null || need_apt+=(g++)
command -v make >/dev/null || need_apt+=(make)
command -v node >/dev/null || need_apt+=(nodejs npm)
if [ "${DP_NEED_BROWSER:-1}" = 1 ] && [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]} (a few minutes on a fresh machine)"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${need_apt[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# npm packages, reinstalled only when package-lock.json changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

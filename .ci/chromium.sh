#!/usr/bin/env bash
# Install Debian's chromium for the browser test (test/e2e/demo.browser.test.ts) when it is missing.
# playwright-core drives this system build; it never downloads a browser of its own.
# Usage: bash .ci/chromium.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "chromium.sh: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM") already installed"
  exit 0
fi

echo "chromium.sh: $CHROMIUM not found, installing Debian's package" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "chromium.sh: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "chromium.sh: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"

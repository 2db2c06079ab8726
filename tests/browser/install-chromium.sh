#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/test_site_browser.py), driven by Playwright.
# Playwright's own browser download (`playwright install`) is never used. Needs root or sudo;
# does nothing when Chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install Chromium with your system's package manager, or set PIXELS_TO_GPT_CHROMIUM" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium

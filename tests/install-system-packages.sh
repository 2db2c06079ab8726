#!/usr/bin/env bash
# Debian packages some tests need, installed by `make test` when missing:
#   chromium    the browser tests of the website (driven by Playwright; never `playwright install`)
#   bubblewrap  the sandbox that contains student code during grading
#   libseccomp2 the sandbox's rule that student code starts no processes (usually present)
# Needs root or sudo. Does nothing when all are already there.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v bwrap >/dev/null || missing+=(bubblewrap)
/sbin/ldconfig -p 2>/dev/null | grep -q 'libseccomp\.so\.2' || missing+=(libseccomp2)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "please install ${missing[*]} with your system's package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

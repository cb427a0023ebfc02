#!/bin/sh
# Chromium from Debian's packages, for the headless browser checks (GraphiQL renders offline).
# Idempotent: does nothing when it is already installed.
set -eu
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "==> Chromium present ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "emporium: Chromium is missing; install Debian's package first: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "==> installing Chromium (apt-get install chromium; takes a minute)"
apt-get update -qq || {
  echo "emporium: apt-get update failed (no package mirror reachable?); install chromium by hand" >&2
  exit 1
}
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || {
  echo "emporium: apt-get install chromium failed (see the messages above)" >&2
  exit 1
}
echo "==> Chromium installed ($(/usr/bin/chromium --version))"

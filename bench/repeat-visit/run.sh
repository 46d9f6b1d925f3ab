#!/usr/bin/env bash
# A repeat visit to the public pages on a phone, against the release site in demo mode (issue
# #23.4): what a second visit fetches, revalidates and takes from the browser's cache
# (bench/repeat-visit/repeat.mjs; Playwright and Debian's Chromium from end2end/).
#
#   bash bench/repeat-visit/run.sh              # builds the release site and server first
#   SKIP_BUILD=1 bash bench/repeat-visit/run.sh
#   VARTAI_BIN=path/to/server SITE=path/to/site bash bench/repeat-visit/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/build-site.sh >&2
fi
bin=${VARTAI_BIN:-$CARGO_TARGET_DIR/release/server}
[ -x "$bin" ] || { echo "no server binary at $bin (build it, or set VARTAI_BIN)" >&2; exit 1; }
[ -d end2end/node_modules/@playwright/test ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
port=${REPEAT_PORT:-3301}
base="http://127.0.0.1:$port"
data=$(mktemp -d)
VARTAI_DATA_DIR="$data" VARTAI_DEMO=1 VARTAI_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT=${SITE:-target/site} "$bin" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "$base/readyz" >/dev/null || { cat "$data/server.log" >&2; exit 1; }
node bench/repeat-visit/repeat.mjs "$base" ${PAGES:-/ /services /services/trp-family /renewal /login /queue}

#!/usr/bin/env bash
# Lighthouse 12 on a phone (its default mobile emulation: a Moto G Power-sized screen, simulated
# slow 4G and a 4× slower CPU) against the release build in demo mode, with Debian's Chromium:
# the public pages and an application's first section page (logged in as a new applicant).
# Prints the performance and accessibility scores and LCP / TBT / CLS / INP stand-in per page;
# the JSON reports stay in bench/lighthouse/reports/ (issue #23.3).
#
#   bash bench/lighthouse/run.sh            # builds the release site and server first
#   SKIP_BUILD=1 bash bench/lighthouse/run.sh
#   VARTAI_BIN=path/to/server bash bench/lighthouse/run.sh   # another server binary
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/build-site.sh >&2   # the release WASM and the release server
fi
bin=${VARTAI_BIN:-$CARGO_TARGET_DIR/release/server}
[ -x "$bin" ] || { echo "no server binary at $bin (build it, or set VARTAI_BIN)" >&2; exit 1; }
(cd bench/lighthouse && { [ -d node_modules/lighthouse ] || npm ci --no-audit --no-fund --loglevel=error; })
chrome=${CHROME_PATH:-$(command -v chromium || true)}
[ -n "$chrome" ] || { echo "no Chromium (apt-get install chromium, or set CHROME_PATH)" >&2; exit 1; }

port=${LIGHTHOUSE_PORT:-3300}
base="http://127.0.0.1:$port"
data=$(mktemp -d)
reports=bench/lighthouse/reports
rm -rf "$reports" && mkdir -p "$reports"
VARTAI_DATA_DIR="$data" VARTAI_DEMO=1 VARTAI_ADDR="127.0.0.1:$port" \
  VARTAI_NOW=${VARTAI_NOW:-2026-11-23T09:15:00+02:00} LEPTOS_SITE_ROOT=target/site \
  "$bin" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "$base/readyz" >/dev/null || { cat "$data/server.log" >&2; exit 1; }

IFS=$'\t' read -r cookie section < <(node bench/lighthouse/session.mjs "$base")
pages=(/ /services /services/trp-family /renewal /login /queue "$section")
n=0
for path in "${pages[@]}"; do
  n=$((n + 1))
  headers='{}'
  [ "$path" != "$section" ] || headers=$(printf '{"Cookie":"%s"}' "$cookie")
  echo "lighthouse $path" >&2
  CHROME_PATH="$chrome" bench/lighthouse/node_modules/.bin/lighthouse "$base$path" \
    --quiet --only-categories=performance,accessibility --output=json \
    --output-path="$reports/$n.json" --extra-headers="$headers" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" || true
done
node bench/lighthouse/report.mjs "$reports"/*.json

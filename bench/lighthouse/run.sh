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
(cd bench/lighthouse && { [ -d node_modules/lighthouse ] || npm ci --no-audit --no-fund --loglevel=error; })
chrome=${CHROME_PATH:-$(command -v chromium || true)}
[ -n "$chrome" ] || { echo "no Chromium (apt-get install chromium, or set CHROME_PATH)" >&2; exit 1; }
reports=bench/lighthouse/reports
rm -rf "$reports" && mkdir -p "$reports"
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh "${LIGHTHOUSE_PORT:-3300}"

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

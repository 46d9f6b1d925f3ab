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
[ -d end2end/node_modules/@playwright/test ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh "${REPEAT_PORT:-3301}"
node bench/repeat-visit/repeat.mjs "$base" ${PAGES:-/ /services /services/trp-family /renewal /login /queue}

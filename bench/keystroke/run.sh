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
[ -d end2end/node_modules/@playwright/test ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
# shellcheck source=bench/demo-server.sh
source bench/demo-server.sh "${KEYSTROKE_PORT:-3302}"
IFS=$'\t' read -r cookie section < <(node bench/lighthouse/session.mjs "$base")
node bench/keystroke/keystroke.mjs "$base" "$cookie" "$section"

#!/usr/bin/env bash
# Replays simulated office days through the queue-wait estimator (issue #8.3, R-QU-4) and
# reports the median absolute error and the share of real waits inside the shown range.
# Usage: bash bench/queue-sim/run.sh [--days N] [--seed S] [--check]
#   --check fails when fewer than 80 % of the waits fall inside the range.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
cargo run --quiet --release -p vartai-bench-queue-sim -- "$@"

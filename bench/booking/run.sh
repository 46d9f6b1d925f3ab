#!/usr/bin/env bash
# Load test of visit booking (issue #7) on SQLite and then PostgreSQL (started as for the tests).
# Usage: bash bench/booking/run.sh [--clients N] [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
cargo build --release -p vartai-bench-booking
bin="$CARGO_TARGET_DIR/release/vartai-bench-booking"
"$bin" "$@"
VARTAI_TEST_PG=${VARTAI_TEST_PG:-$(bash scripts/postgres.sh)} "$bin" --postgres "$@"

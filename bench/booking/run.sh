#!/usr/bin/env bash
# Load test of visit booking (issue #7) on SQLite and then PostgreSQL (started as for the tests).
# Usage: bash bench/booking/run.sh [--clients N] [--seconds S] [--phases availability,book,rush,wrk]
# The wrk phase needs Debian's wrk (apt-get install wrk); without it, that phase says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/env.sh
source bench/env.sh
# The in-process server runs the upload checker (tests/src/bin/upload_check.rs) beside the bench.
cargo build --release -p vartai-bench-booking -p vartai-tests --bin vartai-bench-booking --bin vartai-upload-check
bin="$CARGO_TARGET_DIR/release/vartai-bench-booking"
"$bin" "$@"
VARTAI_TEST_PG=${VARTAI_TEST_PG:-$(bash scripts/postgres.sh)} "$bin" --postgres "$@"

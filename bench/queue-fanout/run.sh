#!/usr/bin/env bash
# Live-queue fan-out (issue #8): N clients (default 2,000) follow one office's queue over
# server-sent events; tickets are taken one after another and the time until every client has
# seen each one is measured. SQLite (one instance), then PostgreSQL with the clients on a
# second instance (the change crosses LISTEN/NOTIFY).
# Usage: bash bench/queue-fanout/run.sh [--clients N] [--changes K]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/env.sh
source bench/env.sh
cargo build --release -p vartai-bench-queue-fanout -p vartai-tests --bin vartai-bench-queue-fanout --bin vartai-upload-check
bin="$CARGO_TARGET_DIR/release/vartai-bench-queue-fanout"
"$bin" "$@"
VARTAI_TEST_PG=${VARTAI_TEST_PG:-$(bash scripts/postgres.sh)} "$bin" --postgres "$@"

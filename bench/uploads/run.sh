#!/usr/bin/env bash
# Memory of parallel uploads (issue #21.1): N applicants upload a 36-megapixel PNG at the same
# moment, and the peak memory of the server process plus its upload checkers is reported.
# Usage: bash bench/uploads/run.sh [--clients N] [--megapixels M] [--checks C]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/env.sh
source bench/env.sh
# The upload checker the server spawns sits beside the bench binary (vartai_tests::upload_checker).
cargo build --release -p vartai-bench-uploads -p vartai-tests --bin vartai-bench-uploads --bin vartai-upload-check
"$CARGO_TARGET_DIR/release/vartai-bench-uploads" "$@"

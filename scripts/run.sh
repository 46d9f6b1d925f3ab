#!/usr/bin/env bash
# Sets up what is missing (Rust WASM target, cargo-leptos, wasm-bindgen) and runs the portal on
# its embedded defaults: SQLite under ./data, demo offices, http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=0 WITH_POSTGRES=0 WITH_ORACLE=0 WITH_CHECKS=0 bash .ci/install-tools.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
# --split: the pages in app/src/pages/lazy.rs become separate WASM chunks (every build needs it).
# A release build's files (scripts/build-site.sh: in a directory named after their content,
# target/site/build.txt names it; with precompressed copies) would be served in place of this one's.
rm -rf target/site/pkg target/site/build.txt
exec cargo leptos serve --split "$@"

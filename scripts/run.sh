#!/usr/bin/env bash
# Sets up what is missing (Rust WASM target, cargo-leptos, wasm-bindgen) and runs the portal on
# its embedded defaults: SQLite under ./data, demo offices, http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=0 WITH_POSTGRES=0 WITH_ORACLE=0 WITH_CHECKS=0 bash .ci/install-tools.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
# --split: the pages in app/src/pages/lazy.rs become separate WASM chunks (every build needs it).
# A release build's precompressed copies (scripts/build-site.sh) would be served in place of
# the files this debug build writes.
find target/site/pkg -type f \( -name '*.br' -o -name '*.gz' \) -delete 2>/dev/null || true
exec cargo leptos serve --split "$@"

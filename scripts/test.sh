#!/usr/bin/env bash
# Runs every test: formatting and lints (server and WASM), Rust unit and black-box tests on
# SQLite and PostgreSQL, the personal-code oracle, the browser tests, and the WASM size budget.
# Installs what is missing first. Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
# One-shot builds gain nothing from incremental state, which costs tens of GB of disk.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
step() { printf '\n==> %s (%ss)\n' "$1" "$SECONDS"; }

step "tools"
bash .ci/install-tools.sh
(cd end2end && npm ci --no-audit --no-fund --loglevel=error)
export PATH="$PWD/end2end/node_modules/.bin:$PATH"   # wasm-opt (binaryen 132) for release builds

step "PostgreSQL"
VARTAI_TEST_PG=$(bash scripts/postgres.sh)
export VARTAI_TEST_PG

step "format"
cargo fmt --all -- --check
(cd tests/fuzz && cargo fmt -- --check)   # its own workspace
leptosfmt --check app/src frontend/src >/dev/null || { leptosfmt --check app/src frontend/src | grep -v '^✅'; exit 1; }

step "clippy: server side"
cargo clippy --workspace --all-targets -- -D warnings
step "clippy: WASM side"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "Rust tests (unit + black-box on SQLite and PostgreSQL)"
# `frontend` is left out: its `hydrate` feature would be unified into the server-side test build.
cargo test --workspace --exclude frontend

step "fuzzing the rules engine's parsers (short run)"
FUZZ_SECONDS=${FUZZ_SECONDS:-30} bash tests/fuzz/run.sh

step "release build (the site the browser tests and the size budget use)"
cargo leptos build --release --split

step "browser tests"
(cd end2end && E2E_PROFILE=release npx playwright test)

step "WASM size budget"
SKIP_BUILD=1 bash bench/wasm-size/run.sh --check

step "done"

#!/usr/bin/env bash
# Runs every test: formatting and lints (server and WASM), Rust unit and black-box tests on
# SQLite and PostgreSQL, the personal-code oracle, fuzzing, the browser tests, and the WASM size
# budget. Installs what is missing first, and ends with a table of every step's seconds.
# Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
# One-shot builds gain nothing from incremental state, which costs tens of GB of disk.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

# --- step times --------------------------------------------------------------------------------
steps=()
step_start=$SECONDS
current=""
step() { # step "name": ends the running step (if any) and starts the next
  if [ -n "$current" ]; then steps+=("$current|$((SECONDS - step_start))"); fi
  current=$1
  step_start=$SECONDS
  printf '\n==> %s\n' "$1"
}
report() {
  local status=$?
  if [ -n "$current" ]; then steps+=("$current|$((SECONDS - step_start))$([ $status = 0 ] || echo ' FAILED')"); fi
  printf '\n%-58s %8s\n' "step" "seconds"
  for s in "${steps[@]}"; do printf '%-58s %8s\n' "${s%%|*}" "${s##*|}"; done
  printf '%-58s %8s\n' "total" "$SECONDS"
}
trap report EXIT

# --- one host build configuration -------------------------------------------------------------
# What ships is built by cargo-leptos with `--cfg erase_components` (always-erase-components in
# Cargo.toml) and LEPTOS_OUTPUT_NAME set (leptos reads it at compile time). The Rust tests and the
# server the browser tests use are built with exactly these, so nothing compiles twice and the
# tests run the code as shipped.
# Leptos's hydration markers fall differently with the flag (one `<!>` after each element's
# children); the black-box tests read pages without them (vartai_tests::unescape).
export RUSTFLAGS="--cfg erase_components"
export LEPTOS_OUTPUT_NAME=vartai
# The lints run inside the builds: clippy-driver as the workspace wrapper with `-D warnings` is what
# `cargo clippy -- -D warnings` runs, but here the lint pass and the compilation share one set of
# artifacts (a separate `cargo clippy` checks every dependency again, ~1,000 s on a new machine).
with_lints() {
  RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)" \
    CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}

step "tools"
bash .ci/install-tools.sh
(cd end2end && npm ci --no-audit --no-fund --loglevel=error)

step "PostgreSQL (a test cluster: fsync and synchronous commit off)"
VARTAI_TEST_PG=$(bash scripts/postgres.sh)
export VARTAI_TEST_PG

step "format"
cargo fmt --all -- --check
(cd tests/fuzz && cargo fmt -- --check)   # its own workspace
leptosfmt --check app/src frontend/src >/dev/null || { leptosfmt --check app/src frontend/src | grep -v '^✅'; exit 1; }

step "build + clippy, server side (every target; the server binary the browser tests use)"
# `frontend` is left out: its `hydrate` feature would be unified into the server-side build; it is
# linted where it runs, in the WASM build below. server/tests/binary.rs makes cargo build the
# `server` program here, from these artifacts (target/debug/server).
with_lints cargo test --workspace --exclude frontend --all-targets --no-run

step "Rust tests (unit + black-box on SQLite and PostgreSQL)"
# The black-box tests mostly wait on a server, a clock or a database: more threads than cores.
with_lints cargo test --workspace --exclude frontend -- --test-threads="${TEST_THREADS:-8}"

step "fuzzing the rules engine's parsers (short run)"
FUZZ_SECONDS=${FUZZ_SECONDS:-30} bash tests/fuzz/run.sh

step "build + clippy, WASM (release, size profile: the site the browser tests use)"
# Only the WASM needs the release build (its size is budgeted); cargo-leptos adds its own flags.
# wasm-opt runs once over all ~390 split files after the build, which are then merged into ~85
# (scripts/build-site.sh, scripts/merge-chunks).
with_lints bash scripts/build-site.sh --frontend-only

step "browser tests (server: the debug build above)"
(cd end2end && E2E_PROFILE=debug npx playwright test)

step "WASM size budget"
SKIP_BUILD=1 bash bench/wasm-size/run.sh --check

step "done"

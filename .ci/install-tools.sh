#!/usr/bin/env bash
# Installs every tool Vartai needs to build and test, and nothing that is already there.
# Safe to run again: each step checks first. Used by .ci/run and by the README's commands.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10      # 0.3.11 needs rustc 1.96 (see shared/TOOLCHAIN.md)
WASM_BINDGEN_VERSION=0.2.130     # must equal the wasm-bindgen crate pinned in Cargo.lock
LEPTOSFMT_VERSION=0.1.33         # formats the view! macros (STYLE.md)
CARGO_FUZZ_VERSION=0.13.2        # the rules engine's fuzz targets (tests/fuzz)

need_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=()
with_browser=${WITH_BROWSER:-1}
with_postgres=${WITH_POSTGRES:-1}
if [ "$with_browser" = 1 ] && ! command -v chromium >/dev/null; then apt_packages+=(chromium); fi
if [ "$with_postgres" = 1 ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then apt_packages+=(postgresql); fi
if ! command -v brotli >/dev/null; then apt_packages+=(brotli); fi

if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "==> apt-get install ${apt_packages[*]}"
  need_root apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

# The independent personal-code implementation the R-AC-5 oracle test checks us against
# (into the same python3 the test runs).
if [ "${WITH_ORACLE:-1}" = 1 ] && ! python3 -c 'import stdnum' 2>/dev/null; then
  echo "==> pip install python-stdnum"
  python3 -m pip install --quiet --disable-pip-version-check python-stdnum
fi
# The contract test of the public API's OpenAPI document (issue #21.8), ~10 s to install.
SCHEMATHESIS_VERSION=4.32.5
if [ "${WITH_CHECKS:-1}" = 1 ] && \
  [ "$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" != "$SCHEMATHESIS_VERSION" ]; then
  echo "==> pip install schemathesis $SCHEMATHESIS_VERSION"
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt clippy

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  # --debug: 6.5 min instead of ~16 on 2 cores, and the site it builds is byte-identical (it
  # drives cargo, wasm-bindgen and wasm-opt; its own work is a few files of CSS and JS).
  echo "==> cargo install cargo-leptos $CARGO_LEPTOS_VERSION (about 7 minutes on 2 cores)"
  CARGO_PROFILE_DEV_DEBUG=0 cargo install cargo-leptos --locked --debug --version "$CARGO_LEPTOS_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  echo "==> cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file wants a webpki-roots version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
# Only the test command needs these two (WITH_CHECKS=0 from scripts/run.sh skips them).
if [ "${WITH_CHECKS:-1}" = 1 ] && ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
  # --debug: compiles in 25 s instead of ~5 min; it formats our few files in well under a second.
  echo "==> cargo install leptosfmt $LEPTOSFMT_VERSION"
  cargo install leptosfmt --locked --debug --version "$LEPTOSFMT_VERSION"
fi
if [ "${WITH_CHECKS:-1}" = 1 ] && ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  # --debug: compiles in 17 s instead of ~3 min; it only drives cargo and libFuzzer.
  echo "==> cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --locked --debug --version "$CARGO_FUZZ_VERSION"
fi

#!/usr/bin/env bash
# Builds the release site into target/site: `cargo leptos build --release --split` plus any
# arguments given (e.g. --frontend-only), with wasm-opt (binaryen 132 from end2end's npm
# packages) run once over all the WASM files instead of once per file (issue #20: ~425 files,
# ~7 min → ~45 s on 2 cores; the files are byte-identical to what the CLI makes).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d end2end/node_modules/binaryen ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
PATH="$PWD/scripts/wasm-opt-later:$PATH" cargo leptos build --release --split "$@"
# binaryen warns about a name subsection it does not know (local names, dropped anyway).
node scripts/wasm-opt-site.mjs target/site/pkg 2> >(grep -v 'unknown name subsection' >&2)

#!/usr/bin/env bash
# Builds the release site into target/site: `cargo leptos build --release --split` plus any
# arguments given (e.g. --frontend-only), with wasm-opt (binaryen 132 from end2end's npm
# packages) run once over all the WASM files instead of once per file (issue #20: ~425 files,
# ~7 min → ~45 s on 2 cores; the files are byte-identical to what the CLI makes).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d end2end/node_modules/binaryen ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
# Precompressed copies from an earlier build must not outlive the files they were made from.
find target/site/pkg -type f \( -name '*.br' -o -name '*.gz' \) -delete 2>/dev/null || true
PATH="$PWD/scripts/wasm-opt-later:$PATH" cargo leptos build --release --split "$@"
# binaryen warns about a name subsection it does not know (local names, dropped anyway).
node scripts/wasm-opt-site.mjs target/site/pkg 2> >(grep -v 'unknown name subsection' >&2)
# Issue #23.4: brotli (-q 11) and gzip (-9) copies of every WASM, JS and CSS file, which the
# server sends as they are (ServeDir's precompressed files) instead of compressing each answer
# on the fly at a lower level. ~390 files, a few seconds on 2 cores.
find target/site/pkg -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0 |
  xargs -0 -r -P "$(nproc)" -n 20 sh -c 'for f; do brotli -q 11 -f -k "$f" && gzip -9 -f -k -n "$f"; done' _

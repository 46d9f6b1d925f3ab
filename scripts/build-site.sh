#!/usr/bin/env bash
# Builds the release site into target/site: `cargo leptos build --release --split` plus any
# arguments given (e.g. --frontend-only), the split modules merged into fewer files
# (scripts/merge-chunks, issue #23.3), and wasm-opt (binaryen 132 from end2end's npm packages)
# run once over all the WASM files instead of once per file (issue #20: ~7 min → ~45 s on 2
# cores; the files are byte-identical to what the CLI makes).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d end2end/node_modules/binaryen ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
# An earlier build's files go first (precompressed copies must not outlive the files they were
# made from, and the build below gets a directory of its own).
rm -rf target/site/pkg target/site/build.txt
PATH="$PWD/scripts/wasm-opt-later:$PATH" cargo leptos build --release --split "$@"
# binaryen warns about a name subsection it does not know (local names, dropped anyway).
node scripts/wasm-opt-site.mjs target/site/pkg 2> >(grep -v 'unknown name subsection' >&2)
# Issue #23.3: the splitter's ~390 modules merged into ~85 along the routes that load them (a
# section page fetched 145 files, most under 500 bytes). After wasm-opt, so that the plan
# weighs the bytes a phone will fetch (optimizing the merged files again gains ~1 KB a route).
cargo run --quiet -p vartai-merge-chunks -- target/site/pkg
# Issue #23.4: brotli (-q 11) and gzip (-9) copies of every WASM, JS and CSS file, which the
# server sends as they are (ServeDir's precompressed files) instead of compressing each answer
# on the fly at a lower level. ~90 files, a few seconds on 2 cores.
find target/site/pkg -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0 |
  xargs -0 -r -P "$(nproc)" -n 20 sh -c 'for f; do brotli -q 11 -f -k "$f" && gzip -9 -f -k -n "$f"; done' _
# Issue #23.4: the build's files move to a directory named after their content,
# target/site/pkg/<build>/, and target/site/build.txt names it: the server links that directory
# and lets browsers keep its files a year (a new build is a new directory, so nothing is ever
# stale). One name for the build, not one per file: the lazy-loading script lists every file
# by name (~85), and a hash in each name would add to every first visit.
build=$(cd target/site/pkg && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-20)
mkdir "target/site/pkg.$build"
mv target/site/pkg "target/site/pkg.$build/$build"
mv "target/site/pkg.$build" target/site/pkg
echo "$build" > target/site/build.txt

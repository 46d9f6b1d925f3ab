#!/usr/bin/env bash
# Builds the release site (size profile `wasm-release`, wasm-opt from binaryen) and prints the
# WASM, JS and CSS sizes raw / gzip / brotli. With --check, fails when over bench/wasm-size/budget.env.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
site=target/site
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  start=$SECONDS
  cargo leptos build --release --split >&2
  echo "release build: $((SECONDS - start)) s" >&2
fi
# shellcheck disable=SC1091
source bench/wasm-size/budget.env
status=0
printf '%-6s %10s %10s %10s %10s\n' file raw gzip brotli budget
for kind in wasm js css; do
  f=$(ls "$site"/pkg/vartai*."$kind" 2>/dev/null | head -n 1)
  [ -n "$f" ] || { echo "missing $kind in $site/pkg" >&2; exit 1; }
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  var="$(echo "$kind" | tr a-z A-Z)_BROTLI_MAX"
  max=${!var}
  printf '%-6s %10d %10d %10d %10d\n' "$kind" "$raw" "$gz" "$br" "$max"
  if [ "$br" -gt "$max" ]; then echo "over budget: $kind is $br bytes brotli, budget $max" >&2; status=1; fi
done
# The pages loaded on demand (app/src/pages/lazy.rs): chunks fetched when first visited.
lazy_raw=0; lazy_br=0; n=0
for f in "$site"/pkg/split_*.wasm "$site"/pkg/chunk_*.wasm; do
  [ -e "$f" ] || continue
  n=$((n + 1))
  lazy_raw=$((lazy_raw + $(stat -c %s "$f")))
  lazy_br=$((lazy_br + $(brotli -q 11 -c "$f" | wc -c)))
done
printf '%-6s %10d %10s %10d %10d  (%d chunks, all together)\n' lazy "$lazy_raw" - "$lazy_br" "$LAZY_BROTLI_MAX" "$n"
if [ "$n" -eq 0 ]; then echo "no lazy chunks: was the site built with --split?" >&2; status=1; fi
if [ "$lazy_br" -gt "$LAZY_BROTLI_MAX" ]; then echo "over budget: lazy chunks are $lazy_br bytes brotli, budget $LAZY_BROTLI_MAX" >&2; status=1; fi
if [ "${1:-}" = --check ]; then exit $status; fi

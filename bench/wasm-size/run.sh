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
  cargo leptos build --release >&2
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
if [ "${1:-}" = --check ]; then exit $status; fi

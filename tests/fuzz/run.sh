#!/usr/bin/env bash
# Runs each fuzz target (the rules engine's parsers, the upload check) for FUZZ_SECONDS (default
# 30) from the committed seeds. cargo-fuzz wants a nightly compiler for its sanitizer flags; without
# a sanitizer
# (`-s none`: the rules are safe Rust) RUSTC_BOOTSTRAP lets the one stable toolchain build it.
# A crash leaves its input in tests/fuzz/artifacts/<target>/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-30}
for target in personal_code dates upload_check; do
  corpus=$(mktemp -d)
  # Text inputs stay short; uploads reach 64 KB (deep nesting, a whole small picture).
  max_len=4096; [ "$target" != upload_check ] || max_len=65536
  echo "fuzz $target for ${seconds}s"
  log="$corpus.log"
  if ! RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir . -s none "$target" "$corpus" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=5 -max_len=$max_len -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    exit 1
  fi
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)" "$log" || tail -n 5 "$log"
  rm -rf "$corpus" "$log"
done

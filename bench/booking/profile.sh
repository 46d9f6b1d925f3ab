#!/usr/bin/env bash
# Where the booking load test's time goes (issue #23.7): runs bench/booking on SQLite under
# `perf record` (Debian's linux-perf; call stacks from frame pointers, which run.sh builds with)
# and draws a flame graph with inferno. Writes bench/out/booking/{perf.folded,flame.svg} and
# prints the functions with the most samples, self and with what they call.
# Usage: bash bench/booking/profile.sh [bench arguments, e.g. --clients 64 --seconds 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/env.sh
source bench/env.sh
command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }
command -v inferno-collapse-perf >/dev/null || cargo install --locked inferno --version 0.12.8 >&2
cargo build --release -p vartai-bench-booking -p vartai-tests --bin vartai-bench-booking --bin vartai-upload-check >&2
out=bench/out/booking
mkdir -p "$out"
perf record -F 499 -g -o "$out/perf.data" -- \
  "$CARGO_TARGET_DIR/release/vartai-bench-booking" "$@"
perf script -i "$out/perf.data" 2>/dev/null | inferno-collapse-perf > "$out/perf.folded"
inferno-flamegraph < "$out/perf.folded" > "$out/flame.svg"
# The heaviest frames: self samples, then inclusive samples (a frame counted once per stack).
python3 - "$out/perf.folded" <<'PY'
import collections, sys
self_, incl, total = collections.Counter(), collections.Counter(), 0
for line in open(sys.argv[1]):
    stack, n = line.rsplit(" ", 1)
    n = int(n); total += n
    frames = stack.split(";")
    self_[frames[-1]] += n
    for f in set(frames):
        incl[f] += n
print(f"{total} sampled (the weight perf gives each stack: CPU time in ns for cpu-clock)")
for title, c in (("self", self_), ("with callees", incl)):
    print(f"-- top 25, {title}")
    for f, n in c.most_common(25):
        print(f"{100 * n / total:6.1f} %  {f[:150]}")
PY
echo "flame graph: $out/flame.svg" >&2

#!/usr/bin/env bash
# Builds the release site (size profile `wasm-release`, wasm-opt from binaryen) and prints the
# WASM, JS and CSS sizes raw / gzip / brotli. With --check, fails when over bench/wasm-size/budget.env.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
site=target/site
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  start=$SECONDS
  bash scripts/build-site.sh >&2
  echo "release build: $((SECONDS - start)) s" >&2
fi
# shellcheck disable=SC1091
source bench/wasm-size/budget.env
# A release build's files are in pkg/<build>/ (scripts/build-site.sh, issue #23.4).
pkg="$site/pkg/$(cat "$site/build.txt" 2>/dev/null || true)"
status=0
printf '%-6s %10s %10s %10s %10s\n' file raw gzip brotli budget
for kind in wasm js css; do
  f=$(ls "$pkg"/vartai*."$kind" 2>/dev/null | head -n 1)
  [ -n "$f" ] || { echo "missing $kind in $pkg" >&2; exit 1; }
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  var="$(echo "$kind" | tr a-z A-Z)_BROTLI_MAX"
  max=${!var}
  printf '%-6s %10d %10d %10d %10d\n' "$kind" "$raw" "$gz" "$br" "$max"
  if [ "$br" -gt "$max" ]; then echo "over budget: $kind is $br bytes brotli, budget $max" >&2; status=1; fi
done
# Issue #23.4: every WASM, JS and CSS file has the brotli and gzip copies the server sends as
# they are (scripts/build-site.sh makes them).
missing=$(find "$pkg" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) |
  while read -r f; do { [ -f "$f.br" ] && [ -f "$f.gz" ]; } || echo "$f"; done | head -n 3)
if [ -n "$missing" ]; then echo "no precompressed copies of: $missing" >&2; status=1; fi
# The interface texts (app::tr): the WASM fetches one language's table before it hydrates. The
# tables are built with the WASM (app's build script, in the WASM build's own directory); the
# heaviest language is what a reader may fetch on top of the main module.
texts_dir=$(ls -dt "$CARGO_TARGET_DIR"/front/wasm32-unknown-unknown/wasm-release/build/app-*/out/strings \
  "$CARGO_TARGET_DIR"/wasm32-unknown-unknown/wasm-release/build/app-*/out/strings 2>/dev/null | head -n 1 || true)
[ -n "$texts_dir" ] || { echo "no tables of texts under $CARGO_TARGET_DIR (app's build script output)" >&2; exit 1; }
texts_br=0
for f in "$texts_dir"/*.txt; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-6s %10d %10d %10d %10s  (texts: %s)\n' texts "$raw" "$gz" "$br" - "$(basename "$f" .txt)"
  [ "$br" -gt "$texts_br" ] && texts_br=$br
done
printf '%-6s %10s %10s %10d %10d  (heaviest language)\n' texts - - "$texts_br" "$TEXTS_BROTLI_MAX"
if [ "$texts_br" -gt "$TEXTS_BROTLI_MAX" ]; then echo "over budget: a language's texts are $texts_br bytes brotli, budget $TEXTS_BROTLI_MAX" >&2; status=1; fi
# The pages loaded on demand (app/src/pages/lazy.rs): per route, the chunks it fetches on top
# of the main module (from the splitter's manifest); the heaviest route is what the budget holds.
lazy=$(python3 - "$pkg" <<'PY'
import json, os, subprocess, sys
pkg = sys.argv[1]
manifest = json.load(open(os.path.join(pkg, "__wasm_split_manifest.json")))
size = {}
def br(name):
    if name not in size:
        with open(os.path.join(pkg, name + ".wasm"), "rb") as f:
            size[name] = len(subprocess.run(["brotli", "-q", "11", "-c"], stdin=f, capture_output=True).stdout)
    return size[name]
routes = {k.strip("_").rsplit("_view_", 1)[0]: sum(br(c) for c in v) for k, v in manifest.items()}
for name, total in sorted(routes.items(), key=lambda kv: -kv[1]):
    print(f"route {name} {total}")
print(f"total {sum(size.values())} {len(size)}")
PY
)
# Two audiences, two budgets: what an applicant's phone fetches, and the staff pages (officers'
# desks, kiosks and waiting-room displays on the office network): STAFF_ROUTES in budget.env.
echo "$lazy" | awk -v staff=" $STAFF_ROUTES " '$1 == "route" {
  printf "  lazy %-22s %10d brotli on top of the main module%s\n", $2, $3, (index(staff, " " $2 " ") ? " (staff)" : "") }'
heaviest_of() { # $1: "applicant" or "staff"
  echo "$lazy" | awk -v staff=" $STAFF_ROUTES " -v who="$1" '$1 == "route" {
    s = index(staff, " " $2 " ") > 0; if ((who == "staff") == s) print $3 }' | sort -n | tail -n 1
}
heaviest=$(heaviest_of applicant)
heaviest_staff=$(heaviest_of staff)
total=$(echo "$lazy" | awk '$1 == "total" { print $2 " in " $3 " files" }')
printf '%-6s %10s %10s %10d %10d  (heaviest applicant route; all chunks together: %s)\n' lazy - - "${heaviest:-0}" "$LAZY_ROUTE_BROTLI_MAX" "$total"
printf '%-6s %10s %10s %10d %10d  (heaviest staff route)\n' staff - - "${heaviest_staff:-0}" "$STAFF_ROUTE_BROTLI_MAX"
if [ -z "$heaviest" ]; then echo "no lazy chunks: was the site built with --split?" >&2; status=1; fi
if [ "${heaviest:-0}" -gt "$LAZY_ROUTE_BROTLI_MAX" ]; then echo "over budget: an applicant's lazy route fetches $heaviest bytes brotli, budget $LAZY_ROUTE_BROTLI_MAX" >&2; status=1; fi
if [ "${heaviest_staff:-0}" -gt "$STAFF_ROUTE_BROTLI_MAX" ]; then echo "over budget: a staff route fetches $heaviest_staff bytes brotli, budget $STAFF_ROUTE_BROTLI_MAX" >&2; status=1; fi
# A tripwire for rules::wire (#23.2): jiff's Temporal parser and its error texts (~34 KB brotli on
# the heaviest routes) come back the moment one wire field reads a date or time with jiff's own
# Deserialize or FromStr. One of its texts marks it.
if grep -l "four digit integer" "$pkg"/*.wasm >/dev/null 2>&1; then
  echo "jiff's ISO 8601 parser is in the browser's WASM: read dates and times with rules::wire (#[serde(deserialize_with = \"rules::wire::date\")]) or rules::parse_date" >&2
  status=1
fi
if [ "${1:-}" = --check ]; then exit $status; fi

# Sourced by the benches that drive a browser against the portal (lighthouse, repeat-visit,
# keystroke): builds the release site and server unless SKIP_BUILD=1, then starts the server
# ($VARTAI_BIN, or the release build) in demo mode on 127.0.0.1:$1 with a throw-away data
# directory, the site at ${SITE:-target/site} and its clock pinned (VARTAI_NOW), and waits until
# it is ready. Sets $base and $data; the server stops and the data go when the script exits.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/build-site.sh >&2   # the release WASM and the release server
fi
bin=${VARTAI_BIN:-$CARGO_TARGET_DIR/release/server}
[ -x "$bin" ] || { echo "no server binary at $bin (build it, or set VARTAI_BIN)" >&2; exit 1; }
base="http://127.0.0.1:$1"
data=$(mktemp -d)
VARTAI_DATA_DIR="$data" VARTAI_DEMO=1 VARTAI_ADDR="127.0.0.1:$1" \
  VARTAI_NOW=${VARTAI_NOW:-2026-11-23T09:15:00+02:00} LEPTOS_SITE_ROOT=${SITE:-target/site} \
  "$bin" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "$base/readyz" >/dev/null || { cat "$data/server.log" >&2; exit 1; }

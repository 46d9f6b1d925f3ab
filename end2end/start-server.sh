#!/usr/bin/env bash
# Starts the built server for the browser tests on a throw-away data directory.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bin=${VARTAI_BIN:-${CARGO_TARGET_DIR:-target}/${E2E_PROFILE:-debug}/server}
export VARTAI_DATA_DIR="$dir" VARTAI_DEMO=1 VARTAI_ADDR="127.0.0.1:${E2E_PORT:-3100}"
# Every browser context comes from 127.0.0.1, so the per-client limit on login codes (30 an hour
# by default) would refuse the later specs; the per-address limit still applies.
export VARTAI_LOGIN_CODES_PER_CLIENT=${VARTAI_LOGIN_CODES_PER_CLIENT:-100000}
export VARTAI_AVAILABILITY_PER_CLIENT=${VARTAI_AVAILABILITY_PER_CLIENT:-100000}
export VARTAI_NOW=${VARTAI_NOW:-2026-11-23T09:15:00+02:00}
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site}  # cargo-leptos writes it under the workspace
# One office admin (staff.spec.ts), two officers (cases.spec.ts: a case, a revocation), one admin of Kaunas (the
# office set-up in office.spec.ts, away from the Vilnius visits), one officer of Klaipėda
# (the queue desk in queue.spec.ts) and one admin of Klaipėda (the kiosk in kiosk.spec.ts) per
# browser project: each sets up its own second factor.
for project in js-desktop js-mobile nojs-desktop nojs-mobile; do
  "$bin" user add --role office_admin --email "admin-$project@e2e.test" --office vilnius >/dev/null
  "$bin" user add --role officer --email "officer-cases-$project@e2e.test" --office vilnius >/dev/null
  "$bin" user add --role officer --email "officer-revoke-$project@e2e.test" --office vilnius >/dev/null
  "$bin" user add --role office_admin --email "setup-$project@e2e.test" --office kaunas >/dev/null
  "$bin" user add --role officer --email "queue-$project@e2e.test" --office klaipeda >/dev/null
  "$bin" user add --role office_admin --email "kiosk-$project@e2e.test" --office klaipeda >/dev/null
done
exec "$bin"

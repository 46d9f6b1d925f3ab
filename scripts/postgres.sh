#!/usr/bin/env bash
# Makes sure the test cluster of PostgreSQL runs on 127.0.0.1 (port VARTAI_PG_PORT, 5433) with a
# password for the `postgres` role, and prints the admin URL the test suite uses. Works when
# PostgreSQL is missing (installs Debian's), when the cluster is missing (creates it), stopped
# (starts it) or already running (leaves it be).
#
# The cluster is the suite's own, tuned for throw-away databases: no fsync, no synchronous commit,
# no full-page writes (a crash loses test data only), room for many test servers at once. The
# machine's `main` cluster, if any, is left alone.
set -euo pipefail
PASSWORD=${VARTAI_PG_PASSWORD:-vartai}
PORT=${VARTAI_PG_PORT:-5433}
CLUSTER=vartai_test
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" -v c="$CLUSTER" '$1 == v && $2 == c' | grep -q .; then
  as_root pg_createcluster -p "$PORT" \
    -o fsync=off -o synchronous_commit=off -o full_page_writes=off \
    -o max_connections=300 \
    "$version" "$CLUSTER" >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}' | grep -q online; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$CLUSTER" start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
as_root su postgres -c "psql -q -p $PORT -c \"ALTER USER postgres PASSWORD '$PASSWORD'\"" >&2
echo "postgres://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"

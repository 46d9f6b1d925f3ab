#!/usr/bin/env bash
# Makes sure a PostgreSQL server runs on 127.0.0.1:5432 with a password for the `postgres`
# role, and prints the admin URL the test suite uses. Works when PostgreSQL is missing
# (installs Debian's), stopped (starts it) or already running (leaves it be).
set -euo pipefail
PASSWORD=${VARTAI_PG_PASSWORD:-vartai}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD '$PASSWORD'\"" >&2
echo "postgres://postgres:$PASSWORD@127.0.0.1:5432/postgres"

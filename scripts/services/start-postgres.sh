#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the integration tests.
# State: $CONVEX_STACK_SERVICES_DIR/$PG_NAME/{data,socket,postgres.pid,postgres.log} (PG_NAME: postgres).
# The cluster is re-created on every fresh start (tests must not depend on old data).
# PG_TLS_CERT / PG_TLS_KEY (PEM files): serve TLS with that certificate as well as plain text; a test
# that needs a TLS server starts its own cluster this way (its own PG_NAME and PG_PORT) and stops it by
# PID with stop-postgres.sh and the same PG_NAME.
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)   # absolute: the script changes directory below
. "$HERE/lib.sh"

D="$SERVICES_DIR/${PG_NAME:-postgres}"
PG_PORT=${PG_PORT:-54329}
PG_USER=${PG_USER:-convex}
PG_PASSWORD=${PG_PASSWORD:-testpassword}   # throwaway password for a local test cluster
PG_DATABASE=${PG_DATABASE:-convex}
OS_USER=${PG_OS_USER:-convexpg}            # only used when running as root
PIDF="$D/postgres.pid"
# Also on the Docker bridge's gateway, where the containers a deploy drill starts reach this machine (from
# inside a container 127.0.0.1 is the container itself). Empty when no Docker engine answers.
GATEWAY=${PG_GATEWAY-$(docker_gateway)}
# Docker's default address pools (172.17.0.0/16 ... 172.31.0.0/16, then 192.168.0.0/20 blocks): the
# networks those containers connect from; and this machine's own addresses (samehost), which a client here
# connecting to the gateway address may come from.
DOCKER_SUBNETS=("172.16.0.0/12" "192.168.0.0/16" samehost)
LOG="$D/postgres.log"

# Debian keeps the server binaries off PATH; prefer its versioned dir.
PG_BIN=${PG_BIN:-}
if [ -z "$PG_BIN" ]; then
  if [ -x /usr/lib/postgresql/15/bin/postgres ]; then PG_BIN=/usr/lib/postgresql/15/bin
  else PG_BIN=$(dirname "$(command -v postgres)"); fi
fi
ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE"; }

if pidfile_alive "$PIDF" postgres && ready; then
  echo "postgres: already running on 127.0.0.1:$PG_PORT (pid $(cat "$PIDF"))"
  exit 0
fi
bash "$HERE/stop-postgres.sh" >/dev/null   # stale or wedged leftovers

if tcp_port_open "$PG_PORT"; then
  echo "postgres: FAILED: port 127.0.0.1:$PG_PORT is already in use by another process" >&2
  exit 1
fi

# postgres refuses to run as root: as root, run it as a dedicated system user.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id "$OS_USER" >/dev/null 2>&1 ||
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$OS_USER"
  # setpriv execs (no fork), so $! below is the postmaster's own PID.
  as_pg=(setpriv --reuid="$OS_USER" --regid="$OS_USER" --init-groups --)
fi

cd /   # the postgres user may not be allowed into the caller's cwd (e.g. /root)

fail() {
  set +e; trap - ERR
  echo "postgres: FAILED to start (line $1)" >&2
  log_tails "$D/initdb.log" "$LOG"
  bash "$HERE/stop-postgres.sh" >&2
  exit 1
}
trap 'fail $LINENO' ERR

rm -rf "$D"
mkdir -p "$D/socket"
# The OS user must be able to reach $D (services dir may have been made with umask 077).
chmod a+x "$SERVICES_DIR"
printf '%s\n' "$PG_PASSWORD" >"$D/pwfile"
[ ${#as_pg[@]} -eq 0 ] || chown -R "$OS_USER:$OS_USER" "$D"
chmod 700 "$D"
if [ ${#as_pg[@]} -gt 0 ] && ! "${as_pg[@]}" test -r "$D/pwfile"; then
  echo "postgres: FAILED: user $OS_USER cannot reach $D (a parent directory lacks o+x);" \
    "set CONVEX_STACK_SERVICES_DIR to a path under /tmp" >&2
  rm -rf "$D"; exit 1
fi

# Superuser $PG_USER with a password; TCP needs it (scram), the local socket is trusted.
"${as_pg[@]}" "$PG_BIN/initdb" -D "$D/data" -U "$PG_USER" --pwfile="$D/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$D/initdb.log" 2>&1
rm -f "$D/pwfile"
if [ -n "$GATEWAY" ]; then
  for subnet in "${DOCKER_SUBNETS[@]}"; do
    printf 'host all all %s scram-sha-256\n' "$subnet" >>"$D/data/pg_hba.conf"
  done
fi

tls=()
if [ -n "${PG_TLS_CERT:-}" ]; then
  # The server reads its key only when no one else can (0600, owned by the server's user).
  install -m 0644 "$PG_TLS_CERT" "$D/server.crt"
  install -m 0600 "$PG_TLS_KEY" "$D/server.key"
  [ ${#as_pg[@]} -eq 0 ] || chown "$OS_USER:$OS_USER" "$D/server.crt" "$D/server.key"
  tls=(-c ssl=on -c ssl_cert_file="$D/server.crt" -c ssl_key_file="$D/server.key")
fi

# fsync off etc.: throwaway data, speed matters more than durability.
"${as_pg[@]}" "$PG_BIN/postgres" -D "$D/data" "${tls[@]}" \
  -c listen_addresses="127.0.0.1${GATEWAY:+,$GATEWAY}" -c port="$PG_PORT" -c unix_socket_directories="$D/socket" \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
  -c max_connections=200 -c logging_collector=off \
  </dev/null >>"$LOG" 2>&1 &
echo $! >"$PIDF"

for ((i = 0; i < 120; i++)); do
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
  pidfile_alive "$PIDF" postgres   # postgres died -> fail now
  sleep 0.25
done
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"

# Database named after the user, so `psql -U convex` works without -d.
if [ "$PG_DATABASE" != postgres ]; then
  "${as_pg[@]}" "$PG_BIN/psql" -X -h "$D/socket" -p "$PG_PORT" -U "$PG_USER" -d postgres -qAt \
    -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$PG_DATABASE\"" >>"$LOG" 2>&1
fi
ready

trap - ERR
echo "postgres: started PostgreSQL${PG_TLS_CERT:+ with TLS} on postgres://$PG_USER@127.0.0.1:$PG_PORT/$PG_DATABASE${GATEWAY:+ and $GATEWAY:$PG_PORT} (pid $(cat "$PIDF")) in $(elapsed)"

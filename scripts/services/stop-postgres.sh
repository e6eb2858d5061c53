#!/usr/bin/env bash
# Stop the PostgreSQL started by start-postgres.sh, by its recorded PID only.
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D="$SERVICES_DIR/${PG_NAME:-postgres}"
PIDF="$D/postgres.pid"
if [ ! -f "$PIDF" ]; then
  echo "postgres: nothing to stop"
  exit 0
fi
pid=$(cat "$PIDF")
# SIGINT = "fast" shutdown: disconnects clients (SIGTERM would wait for them all).
if ! stop_pidfile "$PIDF" postgres INT 10; then
  log_tails "$D/postgres.log"
  exit 1
fi
echo "postgres: stopped (pid $pid)"

#!/usr/bin/env bash
# Stop the pebble and pebble-challtestsrv that start-pebble.sh started under PEBBLE_NAME, by their recorded
# PIDs only, and remove their folder (a throw-away root key and certificates).
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D="$SERVICES_DIR/${PEBBLE_NAME:-pebble}"
if [ ! -d "$D" ]; then
  echo "pebble: nothing to stop"
  exit 0
fi
pids="$(cat "$D/pebble.pid" 2>/dev/null || true) $(cat "$D/challtestsrv.pid" 2>/dev/null || true)"
ok=0
stop_pidfile "$D/pebble.pid" pebble TERM 5 || ok=1
# /proc/<pid>/comm holds the first 15 characters of the program's name.
stop_pidfile "$D/challtestsrv.pid" pebble-challtes TERM 5 || ok=1
if [ "$ok" -ne 0 ]; then
  log_tails "$D/pebble.log" "$D/challtestsrv.log"
  exit 1
fi
rm -rf "$D"
echo "pebble: stopped (pids $pids)"

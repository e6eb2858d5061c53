#!/usr/bin/env bash
# Stop the Ceph daemons started by start-rgw.sh, by their recorded PIDs only.
# Order matters: radosgw and the OSD hang on shutdown if the mon is gone first.
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D="$SERVICES_DIR/rgw"
stopped=() rc=0
for pair in rgw:radosgw osd.0:ceph-osd mon.a:ceph-mon; do
  name=${pair%%:*} comm=${pair#*:}
  f="$D/run/$name.pid"
  [ -f "$f" ] || continue
  p=$(cat "$f")
  if stop_pidfile "$f" "$comm" TERM 10; then stopped+=("$name($p)"); else rc=1; fi
done
if [ $rc -ne 0 ]; then
  echo "rgw: FAILED to stop some daemons" >&2
  log_tails "$D"/log/*.out
  exit 1
fi
if [ ${#stopped[@]} -eq 0 ]; then
  echo "rgw: nothing to stop"
else
  echo "rgw: stopped ${stopped[*]}"
fi

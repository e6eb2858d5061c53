#!/usr/bin/env bash
# Stop the dockerd started by start-docker.sh, by its recorded PID only. A daemon
# that was already running before start-docker.sh is not ours and is left alone.
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D="$SERVICES_DIR/docker"
PIDF="$D/dockerd.pid"
# dockerd supervises its own containerd and records that PID here.
CTRD_PIDF="$D/exec/containerd/containerd.pid"

if [ ! -f "$PIDF" ]; then
  echo "docker: nothing to stop (no dockerd started by these scripts)"
  exit 0
fi
pid=$(cat "$PIDF")
# 15 s rather than 10: on SIGTERM dockerd first stops running containers, and each
# gets up to 10 s to exit.
if ! stop_pidfile "$PIDF" dockerd TERM 15; then
  grep -v 'module=grpc' "$D/dockerd.log" | tail -n 30 >&2
  exit 1
fi
# After a SIGKILL of dockerd its containerd child can outlive it.
stop_pidfile "$CTRD_PIDF" containerd TERM 10 || exit 1
rm -f "$D/dockerd.own.pid"
unmount_under "$D"   # normally none left; a killed dockerd can leave some
echo "docker: stopped dockerd (pid $pid)"

#!/usr/bin/env bash
# Start a Docker daemon for the integration tests, unless one already answers.
# State: $CONVEX_STACK_SERVICES_DIR/docker/{dockerd.pid,dockerd.log,data,exec}.
# The API is served on the default socket so the plain `docker` CLI (and the
# kreuzwerker provider's default host) work without DOCKER_HOST.
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D="$SERVICES_DIR/docker"
PIDF="$D/dockerd.pid"   # PID recorded by this script (what stop-docker.sh kills)
LOG="$D/dockerd.log"
SOCK=/var/run/docker.sock
WAIT_S=${DOCKER_START_TIMEOUT:-30}

if pidfile_alive "$PIDF" dockerd; then
  if docker info >/dev/null 2>&1; then
    echo "docker: already running (pid $(cat "$PIDF"), unix://$SOCK)"
    exit 0
  fi
  # Ours but not answering (wedged): stop it so the socket and pidfile are free.
  bash "$(dirname "${BASH_SOURCE[0]}")/stop-docker.sh" >&2
fi
rm -f "$PIDF"   # stale record from a crashed or killed daemon

# Someone else's daemon (CI service, host daemon, DOCKER_HOST): use it, own nothing,
# so stop-docker.sh will leave it alone.
if docker info >/dev/null 2>&1; then
  echo "docker: using the daemon that already answers (${DOCKER_HOST:-unix://$SOCK}); not managed by these scripts"
  exit 0
fi

mkdir -p "$D/data" "$D/exec"
# Flag sets tried in order: plain dockerd works on this sandbox (overlay2, iptables
# present); vfs covers filesystems where overlay2 cannot mount, and the last set
# covers kernels without netfilter. DOCKERD_FLAGS forces a single attempt.
if [ -n "${DOCKERD_FLAGS+x}" ]; then
  attempts=("$DOCKERD_FLAGS")
else
  attempts=("" "--storage-driver=vfs" "--storage-driver=vfs --iptables=false --ip6tables=false --ip-masq=false")
fi

for flags in "${attempts[@]}"; do
  echo "=== $(date -u +%FT%TZ) dockerd ${flags:-(default flags)}" >>"$LOG"
  # own pidfile/data-root/exec-root so nothing collides with a system dockerd's state;
  # stdin/out/err detached so the caller's pipes close when this script exits.
  # shellcheck disable=SC2086  # $flags is a word list on purpose
  dockerd --pidfile "$D/dockerd.own.pid" --data-root "$D/data" --exec-root "$D/exec" \
    --host "unix://$SOCK" $flags </dev/null >>"$LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDF"
  for ((i = 0; i < WAIT_S * 4; i++)); do
    docker info >/dev/null 2>&1 && break
    pid_alive "$pid" || break   # died during start: try the next flag set
    sleep 0.25
  done
  # A daemon that answers but cannot create a network (broken iptables) is no use to
  # the tests, so count that as a failed attempt too.
  if pid_alive "$pid" && docker info >/dev/null 2>&1 &&
    probe="cs-start-probe-$$" && docker network create "$probe" >>"$LOG" 2>&1 &&
    docker network rm "$probe" >>"$LOG" 2>&1; then
    echo "docker: started dockerd (pid $pid, unix://$SOCK, flags: ${flags:-default}) in $(elapsed)"
    exit 0
  fi
  # Failed: stop this attempt (by its PID) before trying the next flag set.
  stop_pidfile "$PIDF" dockerd TERM 10 || true
  stop_pidfile "$D/exec/containerd/containerd.pid" containerd TERM 10 || true
  rm -f "$PIDF"
  unmount_under "$D"
done

echo "docker: FAILED to start dockerd (tried ${#attempts[@]} flag set(s))" >&2
# dockerd's log is mostly grpc chatter; the real error is in the other lines.
echo "----- last lines of $LOG (grpc lines omitted) -----" >&2
grep -v 'module=grpc' "$LOG" | tail -n 30 >&2
exit 1

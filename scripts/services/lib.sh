# shellcheck shell=bash
# Shared helpers for the start-*/stop-* scripts (sourced, not run).
# All state lives under $CONVEX_STACK_SERVICES_DIR, one subfolder per service, so a
# test run can be cleaned up by deleting one directory.

# sbin dirs hold dockerd, useradd and friends; some non-login shells lack them.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

SERVICES_DIR=${CONVEX_STACK_SERVICES_DIR:-/tmp/convex-stack-services}
# absolute, so scripts may cd elsewhere (postgres runs from / as another user)
case $SERVICES_DIR in /*) ;; *) SERVICES_DIR="$PWD/$SERVICES_DIR" ;; esac

# A PID counts as alive only if it exists and is not a zombie: a daemon whose parent
# (the start script) has exited can linger as a zombie until reaped, and kill -0
# succeeds on zombies.
pid_alive() {
  local p=$1 state
  [ -n "$p" ] && [ -r "/proc/$p/stat" ] || return 1
  state=$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# pidfile_alive FILE [COMM]: the PID recorded in FILE is alive and, if COMM is given,
# really is that program (guards against PID reuse after a reboot or a long pause).
pidfile_alive() {
  local f=$1 comm=${2:-} p
  [ -s "$f" ] || return 1
  p=$(cat "$f")
  pid_alive "$p" || return 1
  [ -z "$comm" ] || [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$comm" ]
}

# stop_pidfile FILE COMM [SIGNAL] [WAIT_SECONDS]: stop the process recorded in FILE
# (only that PID, only if it is still COMM), escalate to SIGKILL after the wait,
# then remove FILE. Never looks processes up by name.
stop_pidfile() {
  local f=$1 comm=$2 sig=${3:-TERM} wait_s=${4:-10} p i
  [ -f "$f" ] || return 0
  p=$(cat "$f")
  if pidfile_alive "$f" "$comm"; then
    kill -s "$sig" "$p" 2>/dev/null || true
    for ((i = 0; i < wait_s * 4; i++)); do pid_alive "$p" || break; sleep 0.25; done
    if pid_alive "$p"; then
      echo "$comm (pid $p) did not exit after ${wait_s}s, sending SIGKILL" >&2
      kill -9 "$p" 2>/dev/null || true
      for ((i = 0; i < 20; i++)); do pid_alive "$p" || break; sleep 0.25; done
    fi
    if pid_alive "$p"; then echo "$comm (pid $p) is still alive" >&2; return 1; fi
  fi
  rm -f "$f"
}

# Print the last lines of each existing log file to stderr (for failure reports).
log_tails() {
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    echo "----- last lines of $f -----" >&2
    tail -n 30 "$f" >&2
  done
}

# tcp_port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
tcp_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Seconds since the script started, for the success line (EPOCHREALTIME is bash 5).
_SERVICES_T0=$EPOCHREALTIME
elapsed() { awk -v a="$_SERVICES_T0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1fs", b-a}'; }

# unmount_under DIR: unmount whatever is still mounted below DIR, deepest first.
# dockerd leaves its data-root bind mount behind when it dies during start-up,
# which would make the directory impossible to delete.
unmount_under() {
  local dir=${1%/} m
  [ -n "$dir" ] && [ "$dir" != / ] || return 0
  # mountinfo field 5 is the mount point (octal-escaped; our paths have no spaces)
  awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo |
    sort -r | while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" || true
    done
}

# docker_gateway: the address of this machine on Docker's default bridge (docker0, e.g. 172.17.0.1), where
# containers on any bridge network reach a service of this machine (from inside a container, 127.0.0.1 is
# the container itself). Prints nothing when no engine answers.
docker_gateway() {
  docker network inspect bridge --format '{{range .IPAM.Config}}{{.Gateway}}{{end}}' 2>/dev/null || true
}

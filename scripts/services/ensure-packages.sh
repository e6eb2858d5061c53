#!/usr/bin/env bash
# Install the Debian packages the integration tests need, but only those whose
# binaries are missing (apt is slow; a warm machine should cost nothing here).
set -euo pipefail

# sbin dirs hold dockerd, useradd and friends; some non-login shells lack them.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

# binary -> Debian package that provides it
declare -A PKG_OF=(
  [dockerd]=docker.io [docker]=docker.io
  [radosgw]=radosgw [ceph-mon]=ceph-mon [ceph-osd]=ceph-osd
  [monmaptool]=ceph-base [ceph]=ceph-common [radosgw-admin]=ceph-common
  [uuidgen]=uuid-runtime [curl]=curl [rclone]=rclone [sqlite3]=sqlite3 [openssl]=openssl
  [pebble]=pebble [pebble-challtestsrv]=pebble
)

missing=()
for bin in "${!PKG_OF[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("${PKG_OF[$bin]}")
done

# PostgreSQL 15 server binaries are often not on PATH (Debian keeps them in
# /usr/lib/postgresql/15/bin), so look there too.
for bin in initdb pg_ctl postgres pg_isready; do
  if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "/usr/lib/postgresql/15/bin/$bin" ]; then
    missing+=(postgresql-15)
  fi
done

# Terraform is not a Debian package; the machine image ships it. Only warn.
command -v terraform >/dev/null 2>&1 || echo "warning: terraform is not on PATH (not installable via apt)" >&2

if [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-packages: all required packages present"
  exit 0
fi

mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-packages: missing packages (need root to install): ${pkgs[*]}" >&2
  exit 1
fi

log=$(mktemp /tmp/ensure-packages.XXXXXX.log)
# update once, only because something must be installed; no recommends keeps it small.
if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}"; } >"$log" 2>&1; then
  echo "ensure-packages: apt-get failed installing: ${pkgs[*]} (log $log)" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
rm -f "$log"
echo "ensure-packages: installed ${pkgs[*]}"

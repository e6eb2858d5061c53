#!/usr/bin/env bash
# Start a throwaway single-host Ceph (1 mon, 1 in-memory OSD, no mgr) plus radosgw on
# 127.0.0.1, as a real S3 endpoint for the integration tests. No systemd, no /etc/ceph:
# everything lives in $CONVEX_STACK_SERVICES_DIR/rgw. Based on
# /work/shared/reference/ceph-rgw/start-rgw.sh (see its README for the gotchas).
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D="$SERVICES_DIR/rgw"
RGW_PORT=${RGW_PORT:-7480}
MON_PORT_V2=${RGW_MON_PORT_V2:-3300}
MON_PORT_V1=${RGW_MON_PORT_V1:-6789}
# Throwaway credentials for a local test daemon.
ACCESS_KEY=${RGW_ACCESS_KEY:-testaccesskey}
SECRET_KEY=${RGW_SECRET_KEY:-testsecretkey}
URL="http://127.0.0.1:$RGW_PORT"
# A second endpoint on the Docker bridge's gateway: the containers a deploy drill starts reach the RGW there
# (path-style: the DNS name below is 127.0.0.1). Empty when no Docker engine answers (then only 127.0.0.1).
GATEWAY=${RGW_GATEWAY-$(docker_gateway)}
CONF="$D/ceph.conf"
export CEPH_CONF="$CONF"

all_alive() {
  pidfile_alive "$D/run/mon.a.pid" ceph-mon && pidfile_alive "$D/run/osd.0.pid" ceph-osd &&
    pidfile_alive "$D/run/rgw.pid" radosgw
}
if all_alive && curl -fs -o /dev/null "$URL/"; then
  echo "rgw: already running on $URL (pids in $D/run)"
  exit 0
fi
# Partial leftovers of an earlier run (one daemon died): stop them by their recorded
# PIDs. The OSD is in-memory, so its data is gone anyway; start from scratch.
bash "$(dirname "${BASH_SOURCE[0]}")/stop-rgw.sh" >/dev/null

for p in "$RGW_PORT" "$MON_PORT_V2" "$MON_PORT_V1"; do
  if tcp_port_open "$p"; then
    echo "rgw: FAILED: port 127.0.0.1:$p is already in use by another process" >&2
    exit 1
  fi
done

fail() {  # on any error: log tails, stop what this run started (by PID), exit 1
  set +e; trap - ERR
  echo "rgw: FAILED to start (line $1)" >&2
  log_tails "$D"/log/*.log "$D"/log/*.out
  bash "$(dirname "${BASH_SOURCE[0]}")/stop-rgw.sh" >&2
  exit 1
}
trap 'fail $LINENO' ERR

rm -rf "$D"
mkdir -p "$D"/{mon.a,osd.0,run,log,rgw,crash}
FSID=$(uuidgen)

# Notes on the less obvious settings (all found necessary or much faster):
# - mon_host pinned to 127.0.0.1, else radosgw looks up _ceph-mon._tcp in DNS;
# - with auth none the messenger modes must allow crc, else radosgw fails with -13;
# - paxos_propose_interval 0.1 cuts the start from ~12 s to ~2 s;
# - memstore OSD, pool size 1: no disks, no replication; 4 GiB of memory at most (1 GiB filled up when
#   several test runs uploaded database snapshots at once, and a full OSD makes every request hang).
cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon_host = [v2:127.0.0.1:$MON_PORT_V2,v1:127.0.0.1:$MON_PORT_V1]
public_addr = 127.0.0.1
public_network = 127.0.0.0/8
cluster_network = 127.0.0.0/8
ms_bind_ipv6 = false
ms_mon_client_mode = crc secure
ms_client_mode = crc secure
ms_mon_service_mode = crc secure
ms_mon_cluster_mode = crc secure
ms_service_mode = crc secure
ms_cluster_mode = crc secure
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
run_dir = $D/run
admin_socket = $D/run/\$name.asok
log_file = $D/log/\$name.log
crash_dir = $D/crash
mon_data = $D/mon.\$id
osd_data = $D/osd.\$id
osd_objectstore = memstore
memstore_device_bytes = 4294967296
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_allow_pool_delete = true
mon_warn_on_pool_no_redundancy = false
mon_max_pg_per_osd = 1000
mon_data_avail_warn = 1
mon_data_avail_crit = 0
osd_max_object_name_len = 460
osd_max_object_namespace_len = 64
rgw_rados_pool_pg_num_min = 8
paxos_propose_interval = 0.1

[client.rgw]
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT${GATEWAY:+ endpoint=$GATEWAY:$RGW_PORT}
rgw_data = $D/rgw
rgw_dns_name = 127.0.0.1
rgw_thread_pool_size = 32
EOF
# Extra ceph.conf lines, e.g. "rgw_crypt_require_ssl = false" under [client.rgw].
[ -n "${RGW_EXTRA_CONF:-}" ] && printf '%s\n' "$RGW_EXTRA_CONF" >>"$CONF"

# --- monitor
monmaptool --create --clobber --fsid "$FSID" \
  --addv a "[v2:127.0.0.1:$MON_PORT_V2,v1:127.0.0.1:$MON_PORT_V1]" "$D/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$D/monmap" >>"$D/log/mon-mkfs.log" 2>&1
ceph-mon -c "$CONF" -i a -f </dev/null >>"$D/log/mon.a.out" 2>&1 &
echo $! >"$D/run/mon.a.pid"

# --- OSD (memstore). `ceph osd new` also waits for the mon to form a quorum.
OSD_UUID=$(uuidgen)
OSD_ID=$(ceph -c "$CONF" --connect-timeout 30 osd new "$OSD_UUID" 2>>"$D/log/ceph-cli.log")
[ "$OSD_ID" = 0 ]   # stop-rgw.sh and the checks above expect osd.0 on a fresh cluster
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >>"$D/log/osd-mkfs.log" 2>&1
ceph-osd -c "$CONF" -i "$OSD_ID" -f </dev/null >>"$D/log/osd.out" 2>&1 &
echo $! >"$D/run/osd.$OSD_ID.pid"
for ((i = 0; i < 120; i++)); do
  pidfile_alive "$D/run/osd.$OSD_ID.pid"   # ceph-osd died -> fail now
  ceph -c "$CONF" osd stat -f json 2>/dev/null | grep -q '"num_up_osds":1' && break
  sleep 0.25
done
ceph -c "$CONF" osd stat -f json 2>>"$D/log/ceph-cli.log" | grep -q '"num_up_osds":1'

# --- radosgw (creates its pools on first start, hence the longer wait)
radosgw -c "$CONF" -n client.rgw -f </dev/null >>"$D/log/rgw.out" 2>&1 &
echo $! >"$D/run/rgw.pid"
for ((i = 0; i < 240; i++)); do
  curl -fs -o /dev/null "$URL/" && break
  pidfile_alive "$D/run/rgw.pid"   # radosgw died -> fail now
  sleep 0.25
done
curl -fsS -o /dev/null "$URL/"

# --- S3 user with the fixed test keys
radosgw-admin -c "$CONF" user create --uid=tester --display-name=tester \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >>"$D/log/radosgw-admin.log" 2>&1

trap - ERR
echo "rgw: started Ceph RGW on $URL${GATEWAY:+ and http://$GATEWAY:$RGW_PORT} (access key $ACCESS_KEY) in $(elapsed); pids in $D/run"

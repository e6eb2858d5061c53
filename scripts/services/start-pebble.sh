#!/usr/bin/env bash
# Start Let's Encrypt's ACME test server pebble and its DNS server pebble-challtestsrv (Debian's `pebble`
# package), as a real ACME CA for the front door's end-to-end test. pebble validates every challenge for
# real: it resolves the names through challtestsrv (which the test tells where the door listens) and
# connects to the door on PEBBLE_HTTP_PORT (http-01) and PEBBLE_TLS_PORT (tls-alpn-01), which must be the
# door's own ports. PEBBLE_VA_ALWAYS_VALID is never set: it would skip exactly that.
#
# One instance per test run (its ports are the door's, chosen free by the run): PEBBLE_NAME names its
# folder $CONVEX_STACK_SERVICES_DIR/$PEBBLE_NAME, which holds
#   listener-root.pem   the throw-away root that signs pebble's HTTPS listener (the door's acme.caRootFile)
#   *.pid, *.log        stopped by stop-pebble.sh with the same PEBBLE_NAME
# and prints, before its last line, what a test needs as KEY=value lines: PEBBLE_DIRECTORY (the ACME
# directory), PEBBLE_CA_ROOT_FILE, PEBBLE_MANAGEMENT (GET /roots/0: the root of the certificates pebble
# issues, new at every start) and CHALLTESTSRV_MANAGEMENT (POST /add-a, /clear-a).
# The ACME endpoint listens on the Docker bridge's gateway address (containers reach this machine there);
# the management APIs (pebble's /roots/0, challtestsrv's /add-a) on 127.0.0.1.
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D="$SERVICES_DIR/${PEBBLE_NAME:-pebble}"
: "${PEBBLE_ACME_PORT:?}" "${PEBBLE_MANAGEMENT_PORT:?}" "${PEBBLE_HTTP_PORT:?}" "${PEBBLE_TLS_PORT:?}"
: "${PEBBLE_DNS_PORT:?}" "${PEBBLE_DNS_MANAGEMENT_PORT:?}"

# The address containers reach this machine on: the default bridge's gateway.
GATEWAY=$(docker network inspect bridge --format '{{range .IPAM.Config}}{{.Gateway}}{{end}}')
[ -n "$GATEWAY" ] || { echo "pebble: FAILED: no gateway address on Docker's default bridge" >&2; exit 1; }

print_env() {
  echo "PEBBLE_DIRECTORY=https://$GATEWAY:$PEBBLE_ACME_PORT/dir"
  echo "PEBBLE_CA_ROOT_FILE=$D/listener-root.pem"
  echo "PEBBLE_MANAGEMENT=https://127.0.0.1:$PEBBLE_MANAGEMENT_PORT"
  echo "CHALLTESTSRV_MANAGEMENT=http://127.0.0.1:$PEBBLE_DNS_MANAGEMENT_PORT"
}

if pidfile_alive "$D/pebble.pid" pebble && pidfile_alive "$D/challtestsrv.pid" pebble-challtes; then
  print_env
  echo "pebble: already running (pids in $D)"
  exit 0
fi
bash "$(dirname "${BASH_SOURCE[0]}")/stop-pebble.sh" >/dev/null

fail() {
  set +e; trap - ERR
  echo "pebble: FAILED to start (line $1)" >&2
  log_tails "$D/pebble.log" "$D/challtestsrv.log" "$D/openssl.log"
  bash "$(dirname "${BASH_SOURCE[0]}")/stop-pebble.sh" >&2
  exit 1
}
trap 'fail $LINENO' ERR

rm -rf "$D"
mkdir -p "$D"
# The package ships no listener certificate (pebble's own test/certs are not in it): a root and a listener
# certificate for the gateway address and 127.0.0.1, thrown away with the folder.
{
  openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 2 \
    -subj "/CN=convex-stack test pebble listener root" -keyout "$D/listener-root.key" -out "$D/listener-root.pem"
  openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -subj "/CN=pebble" \
    -keyout "$D/listener.key" -out "$D/listener.csr"
  printf 'subjectAltName=IP:%s,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$GATEWAY" >"$D/listener.ext"
  openssl x509 -req -in "$D/listener.csr" -CA "$D/listener-root.pem" -CAkey "$D/listener-root.key" \
    -CAcreateserial -days 2 -extfile "$D/listener.ext" -out "$D/listener.pem"
} >"$D/openssl.log" 2>&1
# Caddy inside a container reads the root through a read-only mount.
chmod a+x "$SERVICES_DIR"
chmod 0755 "$D"
chmod 0644 "$D/listener-root.pem"

cat >"$D/pebble-config.json" <<EOF
{
  "pebble": {
    "listenAddress": "$GATEWAY:$PEBBLE_ACME_PORT",
    "managementListenAddress": "127.0.0.1:$PEBBLE_MANAGEMENT_PORT",
    "certificate": "$D/listener.pem",
    "privateKey": "$D/listener.key",
    "httpPort": $PEBBLE_HTTP_PORT,
    "tlsPort": $PEBBLE_TLS_PORT,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF

# No default answers: only the names a test adds (POST /add-a) resolve, to the address it gives.
pebble-challtestsrv -defaultIPv4 "" -defaultIPv6 "" -dns01 "127.0.0.1:$PEBBLE_DNS_PORT" \
  -management "127.0.0.1:$PEBBLE_DNS_MANAGEMENT_PORT" -http01 "" -https01 "" -tlsalpn01 "" \
  </dev/null >"$D/challtestsrv.log" 2>&1 &
echo $! >"$D/challtestsrv.pid"

# PEBBLE_VA_NOSLEEP: no random wait before each validation.
PEBBLE_VA_NOSLEEP=1 pebble -config "$D/pebble-config.json" -dnsserver "127.0.0.1:$PEBBLE_DNS_PORT" \
  </dev/null >"$D/pebble.log" 2>&1 &
echo $! >"$D/pebble.pid"

for ((i = 0; i < 80; i++)); do
  curl -fs --cacert "$D/listener-root.pem" -o /dev/null "https://127.0.0.1:$PEBBLE_MANAGEMENT_PORT/roots/0" &&
    tcp_port_open "$PEBBLE_DNS_MANAGEMENT_PORT" && break
  pidfile_alive "$D/pebble.pid" pebble && pidfile_alive "$D/challtestsrv.pid" pebble-challtes
  sleep 0.1
done
curl -fs --cacert "$D/listener-root.pem" -o /dev/null "https://127.0.0.1:$PEBBLE_MANAGEMENT_PORT/roots/0"
tcp_port_open "$PEBBLE_DNS_MANAGEMENT_PORT"

trap - ERR
print_env
echo "pebble: started the ACME directory https://$GATEWAY:$PEBBLE_ACME_PORT/dir (challenges on ports $PEBBLE_HTTP_PORT and $PEBBLE_TLS_PORT, DNS 127.0.0.1:$PEBBLE_DNS_PORT; pids $(cat "$D/pebble.pid") $(cat "$D/challtestsrv.pid")) in $(elapsed)"

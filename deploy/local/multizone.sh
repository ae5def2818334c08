#!/usr/bin/env bash
# Runs a multi-zone Atrium on this machine (Kuma's one-machine layout): a global control plane and two
# zones, zone-1 and zone-2, each a resource-store with its own embedded store under
# $ATRIUM_HOME/multizone/<name>, each zone with its own xds-server. The zones' stores follow global over
# the Store gRPC API with mutual TLS (global and its zones share the internal CA of deploy/local/run.sh,
# $ATRIUM_HOME/internal-tls, made once with openssl and kept), each zone presenting a zone token of scope
# cp that global mints for it at every start ($ATRIUM_HOME/multizone/<zone>/zone-cp.token). Builds what is missing, waits until
# every process is ready and global lists both zones Online (GET /zones+insights), prints what to do
# next (zone tokens, ZoneIngresses, dataplane tokens, proxies: docs/multizone.md) and stays in the
# foreground. Ctrl-C (or SIGTERM) stops everything it started; so does any of the five exiting by itself
# (the script names it and prints its log's tail). A second run reuses the stores.
# Exits non-zero, saying why, when anything fails.
#
# Usage: deploy/local/multizone.sh [--build] [--help]
#   --build   rebuild the programs first (they are built anyway when a jar is missing)
#
# Ports (environment, defaults in brackets) — global: ATRIUM_MZ_GLOBAL_HTTP_PORT (5681, Kuma's API),
# ATRIUM_MZ_GLOBAL_GRPC_PORT (5685, Kuma's KDS port: the zones connect there); zone-1:
# ATRIUM_MZ_ZONE1_HTTP_PORT (15681), ATRIUM_MZ_ZONE1_GRPC_PORT (15690), ATRIUM_MZ_ZONE1_XDS_PORT (15678);
# zone-2: ATRIUM_MZ_ZONE2_HTTP_PORT (25681), ATRIUM_MZ_ZONE2_GRPC_PORT (25690), ATRIUM_MZ_ZONE2_XDS_PORT (25678).
# The services open no other port (health and metrics are on the REST / xds ports).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
build=false
for arg in "$@"; do
  case "$arg" in
    --help|-h) usage; exit 0 ;;
    --build) build=true ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

ATRIUM_HOME=${ATRIUM_HOME:-$HOME/.atrium}
export ATRIUM_HOME
mz="$ATRIUM_HOME/multizone"
GLOBAL_HTTP=${ATRIUM_MZ_GLOBAL_HTTP_PORT:-5681}
GLOBAL_GRPC=${ATRIUM_MZ_GLOBAL_GRPC_PORT:-5685}
declare -A HTTP=([zone-1]=${ATRIUM_MZ_ZONE1_HTTP_PORT:-15681} [zone-2]=${ATRIUM_MZ_ZONE2_HTTP_PORT:-25681})
declare -A GRPC=([zone-1]=${ATRIUM_MZ_ZONE1_GRPC_PORT:-15690} [zone-2]=${ATRIUM_MZ_ZONE2_GRPC_PORT:-25690})
declare -A XDS=([zone-1]=${ATRIUM_MZ_ZONE1_XDS_PORT:-15678} [zone-2]=${ATRIUM_MZ_ZONE2_XDS_PORT:-25678})
zones=(zone-1 zone-2)
store_jar=services/resource-store/target/quarkus-app/quarkus-run.jar
xds_jar=services/xds-server/target/quarkus-app/quarkus-run.jar
jars=("$store_jar" "$xds_jar" cli/atriumctl/target/quarkus-app/quarkus-run.jar cli/atrium-dp/target/quarkus-app/quarkus-run.jar)

missing=false
for jar in "${jars[@]}"; do [ -f "$jar" ] || missing=true; done
if [ "$missing" = true ] || [ "$build" = true ]; then
  echo "building Atrium (first run takes a few minutes)..."
  mvn -B -q -ntp package -DskipTests -pl services/resource-store,services/xds-server,cli/atriumctl,cli/atrium-dp -am
fi

# Ports first: a port taken (often by an earlier run, or by run.sh on 5681) would fail later, less clearly.
for port in "$GLOBAL_HTTP" "$GLOBAL_GRPC" "${HTTP[@]}" "${GRPC[@]}" "${XDS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port on 127.0.0.1 is in use (an earlier multizone.sh or run.sh still running?); stop it or choose other ports (see $0 --help)" >&2
    exit 1
  fi
done

# Internal mutual TLS, shared with run.sh: the CA once, then each service's certificate (serverAuth +
# clientAuth, for 127.0.0.1). Global and its zones must trust the same CA: a zone's store calls global's.
tls="$ATRIUM_HOME/internal-tls"
mkdir -p "$mz"
# shellcheck source=deploy/local/internal-tls.sh
source deploy/local/internal-tls.sh
ensure_internal_tls "$tls" resource-store xds-server

pids=()
cleanup() {
  # Zones first, global last: a zone closes its subscription on global as it stops.
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  echo "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The services' java and AOT caches as run.sh's (deploy/jvm/runtime.sh); one cache per instance, so two
# instances of one service never train the same file at once.
# shellcheck source=deploy/jvm/runtime.sh
source "$repo/deploy/jvm/runtime.sh"
java="$(atrium_java_home)/bin/java"

# start LOG JAR URL-TO-AWAIT SERVICE ENV...   (curl options for the readiness check in $ready_opts, e.g. --cacert)
ready_opts=()
start() {
  local log=$1 jar=$2 ready=$3 service=$4; shift 4
  mkdir -p "$(dirname "$log")"
  env ATRIUM_INTERNAL_CA_FILE="$tls/ca.crt" ATRIUM_INTERNAL_TLS_CERT_FILE="$tls/$service.crt" \
    ATRIUM_INTERNAL_TLS_KEY_FILE="$tls/$service.key" "$@" "$java" @"$repo/deploy/jvm/services.options" @"$repo/deploy/jvm/$service.options" \
    $(atrium_aot_flags "$(basename "$(dirname "$log")")-$service" "$jar" "$mz/aot") -jar "$jar" >>"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    if curl -fs ${ready_opts[@]+"${ready_opts[@]}"} "$ready" >/dev/null 2>&1; then return; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "$log: the process failed to start:" >&2; tail -40 "$log" >&2; exit 1; fi
    sleep 0.2
  done
  echo "not ready within 60 s: $ready; see $log" >&2; exit 1
}

echo "starting global: REST http://127.0.0.1:$GLOBAL_HTTP, Store gRPC 127.0.0.1:$GLOBAL_GRPC, data $mz/global/store"
start "$mz/global/resource-store.log" "$store_jar" "http://127.0.0.1:$GLOBAL_HTTP/q/health/ready" resource-store \
  ATRIUM_STORE_MODE=global ATRIUM_STORE_EMBEDDED_DATA_DIR="$mz/global/store" \
  ATRIUM_STORE_HTTP_PORT="$GLOBAL_HTTP" ATRIUM_STORE_GRPC_PORT="$GLOBAL_GRPC"
# Each zone's control plane authenticates to global with a zone token of scope cp for its own zone (ADR 0020),
# minted on global (loopback is admin there) at every start: a global whose store was removed has a new
# signing key, and the old tokens no longer verify.
for zone in "${zones[@]}"; do
  mkdir -p "$mz/$zone"
  (umask 077; curl -fsS -XPOST -H 'content-type: application/json' -d "{\"zone\": \"$zone\", \"scope\": [\"cp\"]}" \
    "http://127.0.0.1:$GLOBAL_HTTP/tokens/zone" >"$mz/$zone/zone-cp.token") || { echo "global did not mint $zone's zone token" >&2; exit 1; }
done
for zone in "${zones[@]}"; do
  echo "starting $zone: REST http://127.0.0.1:${HTTP[$zone]}, Store gRPC 127.0.0.1:${GRPC[$zone]}, data $mz/$zone/store"
  start "$mz/$zone/resource-store.log" "$store_jar" "http://127.0.0.1:${HTTP[$zone]}/q/health/ready" resource-store \
    ATRIUM_STORE_MODE=zone ATRIUM_STORE_ZONE="$zone" ATRIUM_STORE_EMBEDDED_DATA_DIR="$mz/$zone/store" \
    ATRIUM_STORE_HTTP_PORT="${HTTP[$zone]}" ATRIUM_STORE_GRPC_PORT="${GRPC[$zone]}" \
    ATRIUM_STORE_GLOBAL_GRPC_HOST=127.0.0.1 ATRIUM_STORE_GLOBAL_GRPC_PORT="$GLOBAL_GRPC" \
    ATRIUM_STORE_GLOBAL_ZONE_TOKEN_FILE="$mz/$zone/zone-cp.token"
  echo "starting $zone's xds-server: ADS and bootstrap on https://127.0.0.1:${XDS[$zone]} (certificate $mz/$zone/xds-server/xds-server.crt)"
  ready_opts=(--cacert "$mz/$zone/xds-server/xds-server.crt")
  start "$mz/$zone/xds-server.log" "$xds_jar" "https://127.0.0.1:${XDS[$zone]}/q/health/ready" xds-server \
    ATRIUM_XDS_ZONE="$zone" ATRIUM_XDS_PORT="${XDS[$zone]}" ATRIUM_XDS_TLS_DIR="$mz/$zone/xds-server" \
    ATRIUM_STORE_GRPC_PORT="${GRPC[$zone]}"
  ready_opts=()
done

# Both zones Online on global: Kuma's rule (the Zone enabled, its newest subscription open), read from
# GET /zones+insights as kumactl and atriumctl read it.
online() {
  curl -fs "http://127.0.0.1:$GLOBAL_HTTP/zones+insights" | python3 -c '
import json, sys
online = set()
for item in json.load(sys.stdin).get("items", []):
    subs = item.get("zoneInsight", {}).get("subscriptions", [])
    if item.get("zone", {}).get("enabled", True) and subs and not subs[-1].get("disconnectTime"):
        online.add(item.get("name"))
sys.exit(0 if set(sys.argv[1:]) <= online else 1)' "${zones[@]}"
}
echo "waiting until global lists ${zones[*]} Online"
for i in $(seq 1 150); do
  if online; then break; fi
  if [ "$i" = 150 ]; then
    echo "global does not list both zones Online after 30 s:" >&2
    curl -s "http://127.0.0.1:$GLOBAL_HTTP/zones+insights" >&2 || true
    echo; echo "see the zones' logs: $mz/zone-*/resource-store.log" >&2
    exit 1
  fi
  sleep 0.2
done

ctl="$repo/cli/atriumctl/bin/atriumctl"
dp="$repo/cli/atrium-dp/bin/atrium-dp"
cat <<TXT

Atrium multi-zone is running (data and logs in $mz):
  global  REST http://127.0.0.1:$GLOBAL_HTTP   Store gRPC 127.0.0.1:$GLOBAL_GRPC
  zone-1  REST http://127.0.0.1:${HTTP[zone-1]}  xDS https://127.0.0.1:${XDS[zone-1]}  (CA $mz/zone-1/xds-server/xds-server.crt)
  zone-2  REST http://127.0.0.1:${HTTP[zone-2]}  xDS https://127.0.0.1:${XDS[zone-2]}  (CA $mz/zone-2/xds-server/xds-server.crt)

  $ctl --api-url http://127.0.0.1:$GLOBAL_HTTP get zones        # both Online
Meshes and policies are written on global; proxies and ZoneIngresses in their zone.
A ZoneIngress for zone-2 (the same for zone-1 with its ports):
  (umask 077; $ctl --api-url http://127.0.0.1:$GLOBAL_HTTP generate zone-token --zone zone-2 --scope ingress > $mz/zone-2/zone-token)
  # or: curl -s -XPOST -H 'content-type: application/json' -d '{"zone": "zone-2", "scope": ["ingress"]}' http://127.0.0.1:$GLOBAL_HTTP/tokens/zone
  printf 'type: ZoneIngress\nname: zi-2\nnetworking:\n  address: 127.0.0.1\n  port: 10002\n' |
    curl -s -o /dev/null -w '%{http_code}\\n' -XPUT -H 'content-type: application/yaml' --data-binary @- http://127.0.0.1:${HTTP[zone-2]}/zoneingresses/zi-2
  $dp run --proxy-type=ingress --name zi-2 --cp-address=https://127.0.0.1:${XDS[zone-2]} \\
      --ca-cert-file=$mz/zone-2/xds-server/xds-server.crt --dataplane-token-file=$mz/zone-2/zone-token \\
      --envoy-binary=\$($repo/deploy/local/envoy.sh) --admin-port=9912
A proxy in zone-1 (a Dataplane YAML file, its token minted by zone-1):
  (umask 077; $ctl --api-url http://127.0.0.1:${HTTP[zone-1]} generate dataplane-token --name NAME > $mz/zone-1/token-NAME)
  $dp run --cp-address=https://127.0.0.1:${XDS[zone-1]} --ca-cert-file=$mz/zone-1/xds-server/xds-server.crt \\
      --dataplane-file=NAME.yaml --dataplane-token-file=$mz/zone-1/token-NAME --envoy-binary=\$($repo/deploy/local/envoy.sh) --admin-port=9921
The whole walk-through (a gateway in zone-1 reaching a backend in zone-2): docs/multizone.md
Press Ctrl-C to stop.
TXT
# Stays up while all five run; one that exits (a crash, a port taken meanwhile) stops the rest, saying which.
wait -n "${pids[@]}" || true
declare -A name_of=([0]="global's resource-store" [1]="zone-1's resource-store" [2]="zone-1's xds-server"
  [3]="zone-2's resource-store" [4]="zone-2's xds-server")
declare -A log_of=([0]=global/resource-store.log [1]=zone-1/resource-store.log [2]=zone-1/xds-server.log
  [3]=zone-2/resource-store.log [4]=zone-2/xds-server.log)
for i in "${!pids[@]}"; do
  if ! kill -0 "${pids[i]}" 2>/dev/null; then
    echo "${name_of[$i]} exited; stopping the others. Its log ($mz/${log_of[$i]}):" >&2
    tail -20 "$mz/${log_of[$i]}" >&2
  fi
done
exit 1

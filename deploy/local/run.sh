#!/usr/bin/env bash
# Runs Atrium on this machine: builds what is missing, starts the resource-store on its embedded
# store (data in $ATRIUM_HOME, default ~/.atrium), applies the seeds' edge-gateway example, and
# prints what to try. Ctrl-C stops everything.
#
# Later issues add the xds-server and a demo gateway Envoy to this same command.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

ATRIUM_HOME=${ATRIUM_HOME:-$HOME/.atrium}
API_PORT=${ATRIUM_STORE_HTTP_PORT:-5681}
GRPC_PORT=${ATRIUM_STORE_GRPC_PORT:-5690}
store_jar=services/resource-store/target/quarkus-app/quarkus-run.jar
ctl_jar=cli/atriumctl/target/quarkus-app/quarkus-run.jar

if [ ! -f "$store_jar" ] || [ ! -f "$ctl_jar" ] || [ "${1:-}" = "--build" ]; then
  echo "building Atrium (first run takes a few minutes)..."
  mvn -B -q -ntp package -DskipTests -pl services/resource-store,cli/atriumctl -am
fi

mkdir -p "$ATRIUM_HOME"
log="$ATRIUM_HOME/resource-store.log"
echo "starting resource-store: REST http://127.0.0.1:$API_PORT, gRPC 127.0.0.1:$GRPC_PORT, data $ATRIUM_HOME/store"
ATRIUM_STORE_EMBEDDED_DATA_DIR="$ATRIUM_HOME/store" ATRIUM_STORE_HTTP_PORT=$API_PORT ATRIUM_STORE_GRPC_PORT=$GRPC_PORT \
  java -jar "$store_jar" >"$log" 2>&1 &
store_pid=$!
trap 'kill $store_pid 2>/dev/null; wait $store_pid 2>/dev/null; echo "stopped"' EXIT INT TERM

for _ in $(seq 1 100); do
  if curl -fs "http://127.0.0.1:$API_PORT/q/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 $store_pid 2>/dev/null; then echo "resource-store failed to start:"; tail -40 "$log"; exit 1; fi
  sleep 0.2
done

ctl="$repo/cli/atriumctl/bin/atriumctl"
export ATRIUM_API_URL="http://127.0.0.1:$API_PORT"
seeds=libs/testing/src/main/resources/seeds
"$ctl" apply -f "$seeds/dataplane-gateway-instance-1-builtin.yaml" \
             -f "$seeds/meshgateway-edge-gateway.yaml" \
             -f "$seeds/meshgatewayroute-edge-gateway-route.yaml"

cat <<TXT

Atrium is running (log: $log). Try:
  $ctl get meshgateways
  $ctl get meshgateway edge-gateway -o yaml
  curl -s http://127.0.0.1:$API_PORT/meshes/default/meshgatewayroutes | python3 -m json.tool
  $ctl apply -f $seeds/dataplane-kong-01-delegated.yaml
Press Ctrl-C to stop.
TXT
wait $store_pid

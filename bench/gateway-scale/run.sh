#!/usr/bin/env bash
# Builds the resource-store, the xds-server, atrium-dp and this benchmark, then runs it. Markdown report on
# stdout, progress on stderr.
#   bench/gateway-scale/run.sh                 R = 1000, then R = 3000 (about 4 minutes on 2 cores)
#   bench/gateway-scale/run.sh --translate     the translation alone, in this JVM (under a minute)
#   bench/gateway-scale/run.sh 500 --changes=50 other sizes / more samples
# MVN_FLAGS defaults to offline (-o); on a machine whose Maven repository is cold use MVN_FLAGS= .
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B ${MVN_FLAGS--o} -q package -DskipTests -pl bench/gateway-scale -am >&2
# The services run as deployed: on the JDK deploy/local/run.sh picks, with AOT caches (deploy/jvm/runtime.sh).
# shellcheck source=deploy/jvm/runtime.sh
source "$root/deploy/jvm/runtime.sh"
exec java -Datrium.repo.root="$root" -Datrium.jvm.java-home="$(atrium_java_home)" \
  -Datrium.jvm.aot-dir="${ATRIUM_BENCH_AOT_DIR:-$HOME/.cache/atrium/aot}" \
  -cp "bench/gateway-scale/target/classes:$(cat bench/gateway-scale/target/classpath.txt)" \
  dev.atrium.bench.gateway.GatewayScaleBench "$@"

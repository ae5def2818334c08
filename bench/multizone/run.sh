#!/usr/bin/env bash
# Builds the resource-store, the xds-server, atrium-dp and this benchmark, then runs it. Markdown report on
# stdout, progress on stderr.
#   bench/multizone/run.sh                      both: route PUT on global → zone gateway (N = 30), then 1000 Dataplanes zone → global
#   bench/multizone/run.sh route --samples=50   only the route benchmark, more samples (default 30; --warmup=5)
#   bench/multizone/run.sh sync --dataplanes=2000 --writers=8   only the Dataplane sync (and the resyncs; --no-wipe skips the wiped one)
# MVN_FLAGS defaults to offline (-o); on a machine whose Maven repository is cold use MVN_FLAGS= .
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B ${MVN_FLAGS--o} -q package -DskipTests -pl bench/multizone -am >&2
# The services run as deployed: on the JDK deploy/local/run.sh picks, with AOT caches (deploy/jvm/runtime.sh).
# shellcheck source=deploy/jvm/runtime.sh
source "$root/deploy/jvm/runtime.sh"
exec java -Datrium.repo.root="$root" -Datrium.jvm.java-home="$(atrium_java_home)" \
  -Datrium.jvm.aot-dir="${ATRIUM_BENCH_AOT_DIR:-$HOME/.cache/atrium/aot}" \
  -cp "bench/multizone/target/classes:$(cat bench/multizone/target/classpath.txt)" \
  dev.atrium.bench.multizone.MultiZoneBench "$@"

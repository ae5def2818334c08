#!/usr/bin/env bash
# Builds the resource-store and this benchmark, then runs it. Markdown report on stdout, progress on stderr.
#   bench/store/run.sh                 both backends (embedded, then postgres)
#   bench/store/run.sh embedded        one backend
# MVN_FLAGS defaults to offline (-o); on a machine whose Maven repository is cold use MVN_FLAGS= .
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B ${MVN_FLAGS--o} -q package -DskipTests -pl bench/store -am >&2
# The services run as deployed: on the JDK deploy/local/run.sh picks, with AOT caches (deploy/jvm/runtime.sh).
# shellcheck source=deploy/jvm/runtime.sh
source "$root/deploy/jvm/runtime.sh"
exec java -Datrium.repo.root="$root" -Datrium.jvm.java-home="$(atrium_java_home)" \
  -Datrium.jvm.aot-dir="${ATRIUM_BENCH_AOT_DIR:-$HOME/.cache/atrium/aot}" \
  -cp "bench/store/target/classes:$(cat bench/store/target/classpath.txt)" \
  dev.atrium.bench.store.StoreBench "$@"

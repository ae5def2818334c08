#!/usr/bin/env bash
# Builds the four services, atrium-dp and this benchmark, then runs it. Markdown report on stdout, progress
# on stderr.
#   bench/footprint/run.sh                                  all four services, 5 restarts each, then 1000 routes (~4 min)
#   bench/footprint/run.sh --runs=2 --only=store --no-load  a quick look at one service
# MVN_FLAGS defaults to offline (-o); on a machine whose Maven repository is cold use MVN_FLAGS= .
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B ${MVN_FLAGS--o} -q package -DskipTests -pl bench/footprint -am >&2
# The services run as deployed: on the JDK deploy/local/run.sh picks, with AOT caches (deploy/jvm/runtime.sh).
# shellcheck source=deploy/jvm/runtime.sh
source "$root/deploy/jvm/runtime.sh"
exec java -Datrium.repo.root="$root" -Datrium.jvm.java-home="$(atrium_java_home)" \
  -Datrium.jvm.aot-dir="${ATRIUM_BENCH_AOT_DIR:-$HOME/.cache/atrium/aot}" \
  -cp "bench/footprint/target/classes:$(cat bench/footprint/target/classpath.txt)" \
  dev.atrium.bench.footprint.FootprintBench "$@"

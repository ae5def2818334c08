#!/usr/bin/env bash
# Builds the resource-store, the xds-server and this benchmark, then runs it. Markdown report on stdout,
# progress on stderr.
#   bench/xds/run.sh                       N = 100, then N = 1000 (3–4 minutes on 2 cores)
#   bench/xds/run.sh 300 --idle-seconds=10 other sizes / a shorter idle phase; see README.md for all options
#   bench/xds/run.sh 1000 --broadcasts=10  broadcast changes (a Mesh-wide MeshTimeout; default 10, 0: none)
#   bench/xds/run.sh --churn [1000] [--rounds=3]   proxies killed with SIGKILL: noticed, and nothing left behind
#   bench/xds/run.sh --connect [1000] [--rounds=2] proxies connecting with their own tokens, dpToken vs none
# MVN_FLAGS defaults to offline (-o); on a machine whose Maven repository is cold use MVN_FLAGS= .
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B ${MVN_FLAGS--o} -q package -DskipTests -pl bench/xds -am >&2
main=dev.atrium.bench.xds.XdsBench
case " $* " in
  *" --churn "*) main=dev.atrium.bench.xds.ChurnBench ;;
  *" --connect "*) main=dev.atrium.bench.xds.ConnectBench ;;
esac
# The services run as deployed: on the JDK deploy/local/run.sh picks, with AOT caches (deploy/jvm/runtime.sh).
# shellcheck source=deploy/jvm/runtime.sh
source "$root/deploy/jvm/runtime.sh"
exec java -Datrium.repo.root="$root" -Datrium.jvm.java-home="$(atrium_java_home)" \
  -Datrium.jvm.aot-dir="${ATRIUM_BENCH_AOT_DIR:-$HOME/.cache/atrium/aot}" \
  -cp "$root/bench/xds/target/classes:$(cat bench/xds/target/classpath.txt)" \
  "$main" "$@"

#!/usr/bin/env bash
# Builds libs/core and this benchmark, then runs it in one JVM (no server, no network). Markdown report on
# stdout, progress on stderr.
#   bench/policy/run.sh              N = 1000 MeshTrafficPermissions and 1000 Dataplanes (well under a minute)
#   bench/policy/run.sh 300 3000     other sizes, each run separately
#   bench/policy/run.sh --rounds=5   more measured rounds per size (default 3)
# MVN_FLAGS defaults to offline (-o); on a machine whose Maven repository is cold use MVN_FLAGS= .
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B ${MVN_FLAGS--o} -q package -DskipTests -pl bench/policy -am >&2
exec java -Xmx1g -Datrium.repo.root="$root" \
  -cp "bench/policy/target/classes:$(cat bench/policy/target/classpath.txt)" \
  dev.atrium.bench.policy.PolicyBench "$@"

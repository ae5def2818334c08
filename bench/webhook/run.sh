#!/usr/bin/env bash
# Builds the resource-store, the admission webhook and this benchmark, then runs it. Markdown report on
# stdout, progress on stderr.
#   bench/webhook/run.sh                        N = 1000 Pods at 50/s (about 3 minutes on 2 cores)
#   bench/webhook/run.sh 3000 --rate=100        other sizes / rates; see README.md for all options
# MVN_FLAGS defaults to offline (-o); on a machine whose Maven repository is cold use MVN_FLAGS= .
# Needs the kube-apiserver, etcd and kubectl that .ci/install-k8s.sh builds, and openssl.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B ${MVN_FLAGS--o} -q package -DskipTests -pl bench/webhook -am >&2
exec java -Datrium.repo.root="$root" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/webhook/target/classes:$(cat bench/webhook/target/classpath.txt)" \
  dev.atrium.bench.webhook.WebhookBench "$@"

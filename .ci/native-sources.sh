#!/usr/bin/env bash
# Generates every native-capable module's native build input (target/native-sources: native-image.args and
# the jars it names) and checks it is complete. No GraalVM/Mandrel exists where this runs, so the executable
# itself is not linked (DESIGN.md, "Native images"); what this proves is that Quarkus' native build steps
# accept each module's code and configuration, so such a failure shows up in CI, not first on a GraalVM
# machine. .github/workflows/images.yml (job native-images) runs native-image on this output.
#
# Run after `mvn verify` (.ci/run): with quarkus.native.enabled the package step writes native sources
# instead of target/quarkus-app, which the e2e tests in verify need. Arguments go to Maven (e.g. -o where
# the repository is warm but there is no network).
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(services/resource-store services/xds-server services/admission-webhook services/metrics
  cli/atrium-dp cli/atriumctl)

# Stale output from an earlier run must not pass the check below.
for m in "${modules[@]}"; do rm -rf "$m/target/native-sources"; done

mvn -B -ntp package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true \
  -pl "$(IFS=,; echo "${modules[*]}")" -am "$@"

failed=0
for m in "${modules[@]}"; do
  dir="$m/target/native-sources"
  if [ ! -s "$dir/native-image.args" ]; then
    echo "native-sources: $m has no $dir/native-image.args" >&2
    failed=1
    continue
  fi
  # The args end with `-jar <runner>.jar`, relative to native-sources (native-image runs there).
  jar="$(tr ' ' '\n' < "$dir/native-image.args" | grep -A1 -x -- '-jar' | tail -n 1)"
  if [ -z "$jar" ] || [ ! -f "$dir/$jar" ]; then
    echo "native-sources: $m: native-image.args names jar '${jar}', which is not in $dir" >&2
    failed=1
    continue
  fi
  echo "native-sources: $m: $dir/native-image.args -> $jar ($(find "$dir/lib" -name '*.jar' | wc -l) library jars)"
done
exit "$failed"

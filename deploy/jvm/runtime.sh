# Sourced by deploy/local/run.sh, multizone.sh and the benchmarks' run.sh: which java runs the services,
# and their AOT cache (docs/adr/0022-jvm-footprint-and-start-up.md).
#
# The services are compiled for Java 17 and run on any newer JVM. On a JDK 25 they start in about half
# the time with an AOT cache (JEP 483/514/515): the classes a start loads and links, and its method
# profiles, written by one training run and mapped by every later one.
#
#   atrium_java_home          prints the JDK to run services with: $ATRIUM_JAVA_HOME if set, else a
#                             JDK 25+ found on this machine, else the one `java` on PATH belongs to.
#   atrium_aot_flags NAME JAR DIR
#                             prints the AOT flags for one service: -XX:AOTCache=DIR/NAME.aot when a
#                             cache made from this JAR exists, else -XX:AOTCacheOutput=... so that this
#                             run trains it (written when the service exits normally, e.g. on SIGTERM);
#                             nothing on a JVM older than 25.

atrium_java_home() {
  if [ -n "${ATRIUM_JAVA_HOME:-}" ]; then echo "$ATRIUM_JAVA_HOME"; return; fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-*; do
    if [ -x "$candidate/bin/java" ]; then echo "$candidate"; return; fi
  done
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

atrium_java_feature() { # the JVM's feature release: 17, 25, ...
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

atrium_aot_flags() {
  local name=$1 jar=$2 dir=$3 home
  home=$(atrium_java_home)
  [ "$(atrium_java_feature "$home")" -ge 25 ] 2>/dev/null || return 0
  mkdir -p "$dir"
  # A cache belongs to one build of the jar: the JVM refuses a stale one, which would then never be replaced.
  local stamp
  stamp="$(stat -c %Y "$jar")-$(atrium_java_feature "$home")"
  if [ -f "$dir/$name.aot" ] && [ "$(cat "$dir/$name.aot.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "-XX:AOTCache=$dir/$name.aot"
  else
    rm -f "$dir/$name.aot"
    echo "$stamp" >"$dir/$name.aot.stamp"
    echo "-XX:AOTCacheOutput=$dir/$name.aot"
  fi
}

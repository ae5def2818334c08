#!/usr/bin/env bash
# Installs the real programs the integration tests start on 127.0.0.1 (no containers).
# Idempotent and cheap when everything is present: each tool is checked first and only installed
# when missing. One function per tool; .ci/run calls this script before the tests.
set -euo pipefail

# apt-get and friends need root; use sudo when the caller is not root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=false
apt_install() {
  if [ "$APT_UPDATED" = false ]; then
    as_root apt-get update -q
    APT_UPDATED=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# PostgreSQL: the server binaries only. Tests run their own private server per test class
# (libs/testing PostgresServer: initdb in a temp dir, a free loopback port, run as the 'postgres'
# user under root), so the cluster the Debian package would create and start on :5432 is not
# wanted: createcluster.d tells postgresql-common not to create it.
install_postgresql() {
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && id postgres >/dev/null 2>&1; then
    echo "postgresql: present ($(ls -d /usr/lib/postgresql/*/bin | tail -n1))"
    return
  fi
  as_root mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' | as_root tee /etc/postgresql-common/createcluster.d/atrium-no-main-cluster.conf >/dev/null
  apt_install postgresql
  echo "postgresql: installed ($(ls -d /usr/lib/postgresql/*/bin | tail -n1))"
}

main() {
  install_postgresql
}

main "$@"

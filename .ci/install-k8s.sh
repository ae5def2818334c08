#!/usr/bin/env bash
# Builds the Kubernetes test binaries from the Go module proxy: kube-apiserver and kubectl
# (k8s.io/kubernetes) and etcd (go.etcd.io/etcd/server/v3). No package ships them and release
# downloads are not reachable, so each is compiled from a pinned release in a small wrapper module.
# Called by .ci/install-tools.sh; also fine to run by hand. Idempotent and cached: when the three
# binaries are in the cache (and report the pinned versions) nothing is built.
#
# Results (docs/kubernetes-testing.md describes them):
#   ${ATRIUM_TOOLS_CACHE:-$HOME/.cache/atrium}/k8s/v$K8S_VERSION/{kube-apiserver,kubectl,etcd}
#       what libs/testing KubeApiServer starts;
#   ~/.kubeapitest/k8s/$K8S_VERSION-linux-amd64/{kube-apiserver,kubectl,etcd}
#       the same files, laid out the way fabric8 kube-api-test finds binaries offline.
#
# The first build takes a while on 2 cores (docs/kubernetes-testing.md has the time measured here);
# it prints how long it took and the binaries' sizes.
set -euo pipefail

# Pinned. kube-apiserver and kubectl come from the same k8s.io/kubernetes release (no version
# skew); the staging modules (k8s.io/api, client-go, ...) are v0.<minor>.<patch> of it.
K8S_VERSION=1.34.4
ETCD_VERSION=3.6.16

CACHE_ROOT="${ATRIUM_TOOLS_CACHE:-$HOME/.cache/atrium}"
K8S_DIR="$CACHE_ROOT/k8s/v$K8S_VERSION"
KUBEAPITEST_DIR="$HOME/.kubeapitest/k8s/$K8S_VERSION-linux-amd64"
# Two cores: one package compiled at a time keeps the machine usable and memory low.
BUILD_PARALLELISM="${ATRIUM_GO_BUILD_PARALLELISM:-2}"
# The installed Go (1.26 here) builds these; never fetch another toolchain.
export GOTOOLCHAIN=local

find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [ -x /usr/local/go/bin/go ]; then
    echo /usr/local/go/bin/go
  else
    echo "install-k8s: no Go toolchain (go on PATH or /usr/local/go/bin/go); it is needed to build kube-apiserver and etcd" >&2
    exit 1
  fi
}

# Each program's version output is captured whole before it is searched: `prog | grep -q` under
# pipefail can fail on the SIGPIPE grep's early exit gives the program.
binaries_present() {
  [ -x "$K8S_DIR/kube-apiserver" ] && [ -x "$K8S_DIR/kubectl" ] && [ -x "$K8S_DIR/etcd" ] || return 1
  local apiserver kubectl etcd
  apiserver="$("$K8S_DIR/kube-apiserver" --version 2>/dev/null)" || return 1
  kubectl="$("$K8S_DIR/kubectl" version --client 2>/dev/null)" || return 1
  etcd="$("$K8S_DIR/etcd" --version 2>/dev/null)" || return 1
  grep -qx "Kubernetes v$K8S_VERSION" <<<"$apiserver" \
    && grep -qx "Client Version: v$K8S_VERSION" <<<"$kubectl" \
    && grep -qx "etcd Version: $ETCD_VERSION" <<<"$etcd"
}

# kube-api-test's offline layout: a copy (hard link when on the same file system) of each binary.
link_kubeapitest_layout() {
  mkdir -p "$KUBEAPITEST_DIR"
  local b
  for b in kube-apiserver kubectl etcd; do
    if ! cmp -s "$K8S_DIR/$b" "$KUBEAPITEST_DIR/$b" 2>/dev/null; then
      rm -f "$KUBEAPITEST_DIR/$b"
      ln "$K8S_DIR/$b" "$KUBEAPITEST_DIR/$b" 2>/dev/null || cp "$K8S_DIR/$b" "$KUBEAPITEST_DIR/$b"
    fi
  done
}

print_sizes() {
  local b
  for b in kube-apiserver kubectl etcd; do
    printf '  %-15s %s\n' "$b" "$(du -h "$K8S_DIR/$b" | cut -f1)"
  done
}

# A wrapper main module that requires k8s.io/kubernetes and points every staging module
# (k8s.io/kubernetes' own go.mod replaces them with ./staging/src/k8s.io/X, which only works inside
# its repository) at the published k8s.io/X v0.<minor>.<patch>.
build_kubernetes() {
  local go="$1" out="$2" work="$3/kubernetes"
  mkdir -p "$work"
  cd "$work"
  rm -f go.mod go.sum
  "$go" mod init atrium.local/k8s-build >/dev/null 2>&1
  # Same language version and GODEBUG defaults as k8s.io/kubernetes' own go.mod.
  "$go" mod edit -go=1.24.0 -godebug=default=go1.24 -require="k8s.io/kubernetes@v$K8S_VERSION"
  local upstream_mod staging
  upstream_mod="$("$go" mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  staging="$(sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9.-]*\) => \./staging/src/.*#\1#p' "$upstream_mod")"
  if [ -z "$staging" ]; then
    echo "install-k8s: found no staging replace directives in $upstream_mod" >&2
    exit 1
  fi
  local m args=()
  for m in $staging; do
    args+=("-replace=$m=$m@v0.${K8S_VERSION#1.}")
  done
  "$go" mod edit "${args[@]}"
  "$go" mod edit -tool=k8s.io/kubernetes/cmd/kube-apiserver -tool=k8s.io/kubernetes/cmd/kubectl
  "$go" mod tidy
  # What `kube-apiserver --version`, `kubectl version` and /version report (hack/lib/version.sh
  # sets the same variables in both packages).
  local ldflags="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=${K8S_VERSION%%.*}"
    ldflags+=" -X $pkg.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) -X $pkg.gitTreeState=clean"
    ldflags+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  CGO_ENABLED=0 "$go" build -p "$BUILD_PARALLELISM" -trimpath -ldflags "$ldflags" \
    -o "$out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
  CGO_ENABLED=0 "$go" build -p "$BUILD_PARALLELISM" -trimpath -ldflags "$ldflags" \
    -o "$out/kubectl" k8s.io/kubernetes/cmd/kubectl
}

# etcd's server module is its main package (server/main.go); its go.mod replaces the sibling etcd
# modules with ../ paths, so `go install ...@version` refuses it: a wrapper module requires it and
# lets the requirements pick the same-release api/client modules.
build_etcd() {
  local go="$1" out="$2" work="$3/etcd"
  mkdir -p "$work"
  cd "$work"
  rm -f go.mod go.sum
  "$go" mod init atrium.local/etcd-build >/dev/null 2>&1
  "$go" mod edit -require="go.etcd.io/etcd/server/v3@v$ETCD_VERSION" -tool=go.etcd.io/etcd/server/v3
  "$go" mod tidy
  CGO_ENABLED=0 "$go" build -p "$BUILD_PARALLELISM" -trimpath -ldflags "-s -w" \
    -o "$out/etcd" go.etcd.io/etcd/server/v3
}

main() {
  if binaries_present; then
    link_kubeapitest_layout
    echo "kubernetes: present ($K8S_DIR: kube-apiserver v$K8S_VERSION, kubectl v$K8S_VERSION, etcd $ETCD_VERSION)"
    return
  fi
  local go start staging_out work
  go="$(find_go)"
  echo "kubernetes: building kube-apiserver + kubectl v$K8S_VERSION and etcd $ETCD_VERSION with $("$go" version) into $K8S_DIR"
  start=$(date +%s)
  mkdir -p "$CACHE_ROOT/k8s"
  # Build into a staging directory and move it into place at the end, so an interrupted build
  # never leaves a half-filled cache that looks complete.
  rm -rf "$CACHE_ROOT/k8s"/.build-v*   # left by an interrupted build
  staging_out="$(mktemp -d "$CACHE_ROOT/k8s/.build-v$K8S_VERSION.XXXXXX")"
  work="$CACHE_ROOT/k8s/src"
  # A build cache of its own (about 2.6 GB for these three): kept while a build is unfinished, so a
  # second attempt resumes, and deleted once the binaries are in place.
  export GOCACHE="$CACHE_ROOT/k8s/go-build"
  build_kubernetes "$go" "$staging_out" "$work"
  build_etcd "$go" "$staging_out" "$work"
  chmod 755 "$staging_out"
  rm -rf "$K8S_DIR"
  mv "$staging_out" "$K8S_DIR"
  if ! binaries_present; then
    echo "install-k8s: the built binaries do not report the pinned versions:" >&2
    "$K8S_DIR/kube-apiserver" --version >&2 || true
    "$K8S_DIR/kubectl" version --client >&2 || true
    "$K8S_DIR/etcd" --version >&2 || true
    exit 1
  fi
  link_kubeapitest_layout
  rm -rf "$GOCACHE" "$work"
  echo "kubernetes: built in $(( $(date +%s) - start ))s into $K8S_DIR (and $KUBEAPITEST_DIR):"
  print_sizes
}

main "$@"

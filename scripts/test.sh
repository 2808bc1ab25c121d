#!/usr/bin/env bash
# Runs every test. Placeholder until the broker and deploy checks land.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets

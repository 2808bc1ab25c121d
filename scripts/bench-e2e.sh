#!/usr/bin/env bash
# End-to-end benchmark: the release daemon against a local tansu broker, enrich vs. a no-op
# passthrough (the hidden `newstag run --passthrough` flag) with the same client settings. Prints items/s, MB/s, the enrich/passthrough
# ratio (target >= 0.7) and each run's peak RSS (VmHWM).
#
#   scripts/bench-e2e.sh [ITEMS] [ROUNDS] [MIX]   defaults: 100000 items, 1 round (best of
#                                                 ROUNDS), MIX=dense
#
# MIX: `dense` = every item about sanctions/tariffs/deadlines (the tagger's worst case);
# `feed` = one item in five on-topic, the rest ordinary news (tests/corpus/offtopic.jsonl).
#
# Builds with the bench profile (= release), fetching tansu first if needed. The harness is
# benches/pipeline_e2e.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEWSTAG_BENCH_ITEMS=${1:-${NEWSTAG_BENCH_ITEMS:-100000}}
export NEWSTAG_BENCH_ROUNDS=${2:-${NEWSTAG_BENCH_ROUNDS:-1}}
export NEWSTAG_BENCH_MIX=${3:-${NEWSTAG_BENCH_MIX:-dense}}
if [[ -z ${NEWSTAG_TANSU:-} ]]; then
    bash scripts/fetch-tansu.sh >&2
fi
exec cargo bench --bench pipeline_e2e

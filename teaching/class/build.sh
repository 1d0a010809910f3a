#!/usr/bin/env bash
# Teacher's side, before any student code is on the machine: builds the grader and every check
# program (candle included) and grades the reference solutions, which must score full marks with
# the seed of this grading ($GRADER_SEED when set). The CI templates cache the target folder right
# after this script, so no cache they save was ever written to by student code.
#
#   teaching/class/build.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

seed=()
if [ -n "${GRADER_SEED:-}" ]; then
    seed=(--seed "$GRADER_SEED")
fi
cargo build --locked --quiet -p grader
status=0
cargo run --locked --quiet -p grader -- --solutions --quiet ${seed[@]+"${seed[@]}"} \
    --format text --output target/solutions-report.txt || status=$?
if [ "$status" -ne 0 ]; then
    cat target/solutions-report.txt >&2 || true
    echo "the reference solutions do not score full marks here (exit code $status): fix the course before grading" >&2
    exit 2
fi
echo "The grader is built; the reference solutions score full marks."

#!/usr/bin/env bash
# Grades one student's submission with the teacher's copy of the course, and writes every report
# a CI platform may want. This is the one place the CI templates beside it call; the workspace's
# test `tests/tests/teaching.rs` runs it, so the templates cannot drift from the grader.
#
#   teaching/grade-submission.sh COURSE_DIR SUBMISSION_DIR OUT_DIR
#
# COURSE_DIR      the teacher's copy of the course (with solutions and hidden checks)
# SUBMISSION_DIR  the student's copy; only its exercises/<name>/src folders are used
# OUT_DIR         receives report.txt, report.json, report.xml (JUnit), summary.md (Markdown),
#                 classroom.json (GitHub Classroom runner result) and results.json (Gradescope)
#
# The seed of the hidden checks comes from the environment variable GRADER_SEED (keep it in a CI
# secret); without it the grader's default seed is used.
#
# Exit code: 0 every check passes, 1 some check does not, 2 the grader could not run.
set -euo pipefail

if [ "$#" -ne 3 ]; then
    echo "usage: $0 COURSE_DIR SUBMISSION_DIR OUT_DIR" >&2
    exit 2
fi
course=$(cd "$1" && pwd)
submission=$(cd "$2" && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)

seed=()
if [ -n "${GRADER_SEED:-}" ]; then
    seed=(--seed "$GRADER_SEED")
fi

status=0
cargo run --quiet --manifest-path "$course/Cargo.toml" -p grader -- \
    --submission "$submission" ${seed[@]+"${seed[@]}"} --quiet \
    --format text --output "$out/report.txt" \
    --report json="$out/report.json" \
    --report junit="$out/report.xml" \
    --report markdown="$out/summary.md" \
    --report classroom="$out/classroom.json" \
    --report gradescope="$out/results.json" || status=$?
if [ "$status" -gt 1 ]; then
    echo "the grader could not run (exit code $status)" >&2
    exit "$status"
fi
cat "$out/report.txt"
exit "$status"

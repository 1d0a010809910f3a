#!/usr/bin/env bash
# Feedback in the student's own repository: grades the visible checks with the grader of this
# copy of the course (the student version's), as `cargo run -p grader` does on the student's
# machine. It holds no secret and reads nothing of the teacher's; the grade of record comes from
# the teacher's own grading (docs/teachers.md, "For teachers", in the course's own repository).
#
#   teaching/student/feedback.sh OUT_DIR
#
# Writes report.txt, report.json, summary.md (Markdown), report.xml (JUnit) and classroom.json
# (GitHub Classroom runner result) into OUT_DIR and prints the text report. On GitHub Actions it
# also adds the summary to the job's page ($GITHUB_STEP_SUMMARY) and gives the Classroom result,
# base64-encoded, as the step output `classroom` ($GITHUB_OUTPUT).
#
# Exit code: 0 every visible check passes, 1 some check does not, 2 the grader could not run.
set -euo pipefail

if [ "$#" -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."

status=0
cargo run --quiet -p grader -- --quiet \
    --format text --output "$out/report.txt" \
    --report json="$out/report.json" \
    --report markdown="$out/summary.md" \
    --report junit="$out/report.xml" \
    --report classroom="$out/classroom.json" || status=$?
if [ "$status" -gt 1 ]; then
    echo "the grader could not run (exit code $status)" >&2
    exit "$status"
fi
cat "$out/report.txt"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "classroom=$(base64 -w0 "$out/classroom.json")" >>"$GITHUB_OUTPUT"
fi
exit "$status"

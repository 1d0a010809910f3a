#!/usr/bin/env bash
# Teacher's side: grades one shard of the class with `grader gradebook`. No secret is given to
# it, and it passes none on: the grader, and the student code it runs, get a cleared environment
# (the PATH and the Rust folders only), so no CI variable reaches them (GitLab gives every job its
# job token in the environment).
#
#   teaching/class/grade.sh ROSTER SUBMISSIONS_DIR OUT_DIR [I/N]
#
# GRADER_SEED  the seed of the hidden checks (required): choose a new one for each grading.
#
# Writes OUT_DIR/grades.csv, OUT_DIR/grades-reports/<student>.json, with I/N also
# OUT_DIR/grades-shard.json (for merge.sh), and copies the shard's fetch log beside them.
set -euo pipefail

if [ "$#" -lt 3 ] || [ "$#" -gt 4 ]; then
    echo "usage: $0 ROSTER SUBMISSIONS_DIR OUT_DIR [I/N]" >&2
    exit 2
fi
if [ -z "${GRADER_SEED:-}" ]; then
    echo "set GRADER_SEED to the seed of this grading (a number the students never saw)" >&2
    exit 2
fi
roster=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
submissions=$(cd "$2" && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)
shard=${4:-}
cd "$(dirname "$0")/../.."

if [ -n "$(find "$submissions" -maxdepth 3 -name .git -print -quit)" ]; then
    echo "$submissions holds a .git folder: unpack the submissions with teaching/class/unpack.sh" >&2
    exit 2
fi
if [ "${CI:-}" = true ] && [ -e .git ]; then
    echo "the course checkout still has its .git: run teaching/class/unpack.sh first" >&2
    exit 2
fi

args=(gradebook "$submissions" --roster "$roster" --csv "$out/grades.csv" --seed "$GRADER_SEED")
if [ -n "$shard" ]; then
    args+=(--shard "$shard")
fi
keep=(PATH="$PATH" HOME="$HOME" LANG=C.UTF-8
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}")
if [ -n "${RUSTUP_TOOLCHAIN:-}" ]; then
    keep+=(RUSTUP_TOOLCHAIN="$RUSTUP_TOOLCHAIN")
fi
env -i "${keep[@]}" cargo run --locked --quiet -p grader -- "${args[@]}"

if [ -n "$shard" ]; then
    log="$submissions/fetch-log-${shard%/*}-of-${shard#*/}.tsv"
else
    log="$submissions/fetch-log-1-of-1.tsv"
fi
if [ -f "$log" ]; then
    cp "$log" "$out/"
fi

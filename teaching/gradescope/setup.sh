#!/usr/bin/env bash
# Gradescope autograder setup: installs Rust (when the image has none) and builds the grader
# once, so that grading a submission compiles only the student's crates. The autograder zip
# holds this file, run_autograder, `seed` (the hidden checks' seed, one number) and the teacher's
# copy of the course in a folder named `course` (see docs/teachers.md, "For teachers").
# AUTOGRADER_ROOT (default /autograder) exists for the workspace's own test.
set -euo pipefail
root=${AUTOGRADER_ROOT:-/autograder}
if ! grep -Eq '^[[:space:]]*[0-9]+[[:space:]]*$' "$root/source/seed" 2>/dev/null; then
    echo "the autograder zip needs a file named seed beside setup.sh, holding the hidden checks' seed (one number)" >&2
    exit 2
fi
if ! command -v cargo >/dev/null && [ ! -f "$HOME/.cargo/env" ]; then
    apt-get update
    apt-get install -y curl build-essential
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi
if [ -f "$HOME/.cargo/env" ]; then
    # shellcheck source=/dev/null
    source "$HOME/.cargo/env"
fi
cd "$root/source/course"
GRADER_SEED=$(tr -d '[:space:]' <"$root/source/seed") teaching/class/build.sh

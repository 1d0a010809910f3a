#!/usr/bin/env bash
# The key of the teacher's build cache: the runner's system, the Rust toolchain and Cargo.lock.
# A new toolchain or lock file starts a new cache rather than reusing one cargo would rebuild.
#
#   teaching/class/cache-key.sh     (writes key=... to $GITHUB_OUTPUT, or prints it)
set -euo pipefail
cd "$(dirname "$0")/../.."

toolchain=$(rustc --version | tr -c 'A-Za-z0-9.\n' '-' | tr -s '-')
lock=$(sha256sum Cargo.lock | cut -c1-16)
key="grade-class-$(uname -s)-$(uname -m)-${toolchain%-}-$lock"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "key=$key" >>"$GITHUB_OUTPUT"
fi
echo "$key"

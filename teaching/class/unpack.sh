#!/usr/bin/env bash
# Teacher's side, in the job that grades, before any student code runs: forgets every
# credential this job's files hold and unpacks the fetched submissions.
#
#   teaching/class/unpack.sh SUBMISSIONS_DIR TAR...
#
# - deletes the course checkout's .git (GitLab's runner can keep its job token in .git/config;
#   actions/checkout with persist-credentials: false keeps none, and it goes all the same);
# - unpacks each TAR (written by fetch.sh) into SUBMISSIONS_DIR, replacing the students' folders
#   it holds, deletes any .git folder in them, and deletes the TAR.
#
# It runs only in CI (CI=true), since it deletes the course's .git.
set -euo pipefail

if [ "$#" -lt 2 ]; then
    echo "usage: $0 SUBMISSIONS_DIR TAR..." >&2
    exit 2
fi
if [ "${CI:-}" != true ]; then
    echo "$0 deletes the course's .git: it runs only in CI (CI=true)" >&2
    exit 2
fi
submissions=${1%/}
shift
course=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$course/.git"

mkdir -p "$submissions"
for archive in "$@"; do
    [ -f "$archive" ] || { echo "no such archive: $archive" >&2; exit 2; }
    unpacked=$(mktemp -d)
    tar -xf "$archive" -C "$unpacked" --no-same-owner
    for top in "$unpacked"/*; do
        [ -d "$top" ] || continue
        for entry in "$top"/* "$top"/.[!.]*; do
            [ -e "$entry" ] || [ -L "$entry" ] || continue
            rm -rf "${submissions:?}/$(basename "$entry")"
            mv "$entry" "$submissions/"
        done
    done
    rm -rf "$unpacked"
    rm -f "$archive" # inside the course, it would read as a file the students deleted
done
find "$submissions" -name .git -prune -exec rm -rf {} +
echo "Unpacked $(find "$submissions" -mindepth 1 -maxdepth 1 -type d | wc -l) submissions into $submissions; the course's .git is gone."

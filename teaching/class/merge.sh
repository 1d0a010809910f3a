#!/usr/bin/env bash
# Teacher's side: one gradebook from the shards' (`grader gradebook-merge`), and one fetch log.
#
#   teaching/class/merge.sh SHARDS_DIR OUT_DIR
#
# SHARDS_DIR holds one folder per shard, each with grades.csv, grades-shard.json, grades-reports/
# and its fetch log (as grade.sh writes them). OUT_DIR receives grades.csv, grades-reports/ and
# fetch-log.tsv. The merge refuses a missing or repeated shard, shards of another run, other
# columns or a student in two shards, and then writes nothing.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 SHARDS_DIR OUT_DIR" >&2
    exit 2
fi
shards=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
cd "$(dirname "$0")/../.."

shopt -s nullglob
csvs=("$shards"/*/grades.csv)
if [ "${#csvs[@]}" -eq 0 ]; then
    echo "$shards holds no shard's grades.csv" >&2
    exit 2
fi
cargo run --locked --quiet -p grader -- gradebook-merge --csv "$out/grades.csv" "${csvs[@]}"

logs=("$shards"/*/fetch-log-*.tsv)
if [ "${#logs[@]}" -gt 0 ]; then
    {
        head -n 1 "${logs[0]}"
        tail -q -n +2 "${logs[@]}" | LC_ALL=C sort
    } >"$out/fetch-log.tsv"
fi

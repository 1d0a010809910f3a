#!/usr/bin/env bash
# Teacher's side: fetches one shard's share of the class's submissions. No student code runs
# here, and none of what is fetched is run: the CI templates run this in a job of its own, the
# only one that holds the token.
#
#   teaching/class/fetch.sh ROSTER I/N OUT_DIR
#
# ROSTER   one student per line: the repository's URL, then optionally the student's name
#          (default: the URL's last part without .git); blank lines and lines starting with # are
#          ignored. The same rules as `grader gradebook --roster` (grader/src/teacher/roster.rs).
# I/N      this shard's share: of the students sorted by name (byte order), the I-th, the
#          (I+N)-th, ... as `grader gradebook --shard I/N` chooses them. 1/1 is everyone.
# OUT_DIR  receives one folder per student (the repository's files at its latest commit, without
#          .git), fetch-log-I-of-N.tsv (student, URL, commit, commit date, result), and beside
#          it OUT_DIR.tar, the same in one file for an artifact store (it keeps symbolic links as
#          links, which the grader refuses by name, and dotfiles).
#
# ROSTER_TOKEN       (optional) a token that can read the students' repositories. It is given to
#                    git in its environment only (GIT_CONFIG_*), never written to a file.
# ROSTER_TOKEN_USER  the user name to send with it: x-access-token (default, GitHub) or oauth2
#                    (GitLab).
#
# A repository that cannot be fetched is logged and left out; its student still gets a row in
# the gradebook ("no submission"). Exit code 0 unless the arguments are wrong (2).
set -euo pipefail

usage() {
    echo "usage: $0 ROSTER I/N OUT_DIR" >&2
    exit 2
}
[ "$#" -eq 3 ] || usage
roster=$1
if ! [[ "$2" =~ ^([0-9]+)/([0-9]+)$ ]] ||
    [ "${BASH_REMATCH[1]}" -lt 1 ] || [ "${BASH_REMATCH[1]}" -gt "${BASH_REMATCH[2]}" ]; then
    echo "$2 is no shard: write I/N with 1 <= I <= N, e.g. 3/10" >&2
    exit 2
fi
index=${BASH_REMATCH[1]}
count=${BASH_REMATCH[2]}
[ -f "$roster" ] || { echo "cannot read the roster $roster" >&2; exit 2; }
out=${3%/}
mkdir -p "$out"

export GIT_TERMINAL_PROMPT=0 GIT_LFS_SKIP_SMUDGE=1
if [ -n "${ROSTER_TOKEN:-}" ]; then
    credentials=$(printf '%s:%s' "${ROSTER_TOKEN_USER:-x-access-token}" "$ROSTER_TOKEN" | base64 -w0)
    export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraHeader
    export GIT_CONFIG_VALUE_0="Authorization: Basic $credentials"
fi

tab=$(printf '\t')
# name<TAB>url for every roster line, sorted by name; then this shard's positions
share=$(sed -e 's/\r$//' -e 's/^[[:space:]]*//' "$roster" | grep -v -e '^#' -e '^$' | while read -r url name _; do
    if [ -z "$name" ]; then
        name=${url%/}
        name=${name##*/}
        name=${name%.git}
    fi
    printf '%s\t%s\n' "$name" "$url"
done | LC_ALL=C sort -t "$tab" -k1,1 | awk -F '\t' -v i="$index" -v n="$count" '(NR - 1) % n == i - 1')

log="$out/fetch-log-$index-of-$count.tsv"
printf 'student\turl\tcommit\tdate\tresult\n' >"$log"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetched=0
total=0
while IFS="$tab" read -r name url; do
    [ -n "$name" ] || continue
    total=$((total + 1))
    if ! [[ "$name" =~ ^[A-Za-z0-9_][A-Za-z0-9._-]*$ ]]; then
        echo "not a usable student name: $name ($url); add a name after the URL in $roster" >&2
        continue
    fi
    # a folder left by an earlier fetch is never graded as this one's
    rm -rf "${out:?}/$name"
    if git clone --quiet --depth 1 --no-tags -- "$url" "$work/$name" 2>"$work/error"; then
        commit=$(git -C "$work/$name" rev-parse HEAD)
        date=$(git -C "$work/$name" log -1 --format=%cI)
        rm -rf "$work/$name/.git"
        mv "$work/$name" "$out/$name"
        printf '%s\t%s\t%s\t%s\tfetched\n' "$name" "$url" "$commit" "$date" >>"$log"
        fetched=$((fetched + 1))
    else
        reason=$(head -n 1 "$work/error" | tr '\t' ' ')
        printf '%s\t%s\t\t\tnot fetched: %s\n' "$name" "$url" "$reason" >>"$log"
        echo "could not fetch $name from $url: $reason" >&2
        rm -rf "${work:?}/$name"
    fi
done <<<"$share"
tar -cf "$out.tar" -C "$(dirname "$out")" "$(basename "$out")"
echo "Fetched $fetched of the $total submissions of shard $index/$count into $out (and $out.tar)."

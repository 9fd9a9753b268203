#!/usr/bin/env bash
# Compares what two ocrclean binaries make of the same inputs: the cleaned text and the JSON
# report (every change: code, span, before, after, reason, status), in the default run and with
# --unsafe-fixes. For refactors that must not change behaviour: any difference is printed and the
# script exits 1.
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY
#
# Inputs: the bundled samples (noisy inputs and expected outputs alike), the labelled export
# corpus when it exists (tests/data/exports), and, when ../shared/eval is there, the overproof
# articles (OCR and gold sides, as JSON Lines records), the ICDAR pages and the seed article.
# OCRCLEAN_SHARED names that folder when it is elsewhere (from a worktree: /work/shared);
# KEEP_DIFF=FILE keeps the full differences (FILE, FILE-unsafe).
set -euo pipefail
old=$(realpath "$1")
new=$(realpath "$2")
cd "$(dirname "$0")/.."
root=$(pwd)
shared="${OCRCLEAN_SHARED:-$root/../shared}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Plain-text inputs, gathered into one folder so that both binaries see the same batch.
mkdir -p "$work/in/samples"
find samples -name '*.txt' -exec cp --parents {} "$work/in/" \;
if [ -d tests/data/exports ]; then
    find tests/data/exports -name '*.txt' -exec cp --parents {} "$work/in/" \;
fi
if [ -d "$shared/eval/icdar2017-en-periodicals/eng_periodical" ]; then
    mkdir -p "$work/in/icdar"
    cp "$shared"/eval/icdar2017-en-periodicals/eng_periodical/*.txt "$work/in/icdar/"
fi
if [ -f "$shared/seed/000_8b95919d7c02db6a.txt" ]; then
    mkdir -p "$work/in/seed"
    cp "$shared/seed/000_8b95919d7c02db6a.txt" "$work/in/seed/"
fi
jsonl="$shared/eval/overproof-smh/articles.jsonl"
[ -f "$jsonl" ] || jsonl=""

status=0
for bin in old new; do
    exe=${!bin}
    for flags in "" "--unsafe-fixes"; do
        tag="$bin${flags:+-unsafe}"
        mkdir -p "$work/$tag"
        # Exit 1 means changes found: expected. Anything else is a failure worth seeing.
        "$exe" clean -q --no-config $flags --out-dir "$work/$tag/out" --format json "$work/in" \
            >"$work/$tag/report.jsonl" 2>"$work/$tag/stderr" || [ $? = 1 ]
        if [ -n "$jsonl" ]; then
            for field in ocr gt; do
                "$exe" clean -q --no-config $flags --jsonl --field "$field" "$jsonl" \
                    >"$work/$tag/overproof-$field.jsonl" 2>>"$work/$tag/stderr" || [ $? = 1 ]
                "$exe" clean -q --no-config $flags --jsonl --field "$field" --check --format json \
                    "$jsonl" >"$work/$tag/overproof-$field-report.jsonl" 2>>"$work/$tag/stderr" \
                    || [ $? = 1 ]
            done
        fi
    done
done
for flags in "" "-unsafe"; do
    # Reports name the temporary folder; compare them with it removed.
    for side in old new; do
        sed -i "s#$work/in#IN#g; s#$work/$side$flags#OUT#g" "$work/$side$flags"/*.jsonl \
            "$work/$side$flags/stderr"
    done
    if ! diff -r "$work/old$flags" "$work/new$flags" >"$work/diff$flags"; then
        echo "== differences (${flags:-default}): $(grep -c '^<' "$work/diff$flags") lines of OLD, \
$(grep -c '^>' "$work/diff$flags") of NEW, in $(grep -c '^diff ' "$work/diff$flags") files"
        head -n 60 "$work/diff$flags" | cut -c1-300
        if [ -n "${KEEP_DIFF:-}" ]; then
            cp "$work/diff$flags" "$KEEP_DIFF${flags}"
        fi
        status=1
    fi
done
files=$(find "$work/in" -type f | wc -l)
changes=$(cat "$work/new-unsafe/report.jsonl" | wc -l)
if [ "$status" = 0 ]; then
    echo "same output: $files files${jsonl:+ and the overproof records}, $changes changes with --unsafe-fixes"
fi
exit "$status"

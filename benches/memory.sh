#!/usr/bin/env bash
# Time and peak memory (RSS, from /usr/bin/time) of the release binary on one large document, in
# every mode: 1, 16 and 256 MB documents and single lines, a 1 GB document, /dev/zero, and the
# hostile inputs of issue 14 (5,000 suppression patterns, 3,000 line patterns).
#
#   benches/memory.sh [SIZES_MB...]        default: 1 16 256 1024
#
# The document is news prose in printed lines and paragraphs with OCR noise (ligatures, runs of
# spaces, trailing spaces, hyphenated line ends, misread letters), made from the words of
# samples/expected/ and repeated to size; a "line" is the same text with every line break a
# space. Every run uses --no-config, the default rules, and --jobs 1 (one document is one unit of
# work anyway). The generated files live in a temporary folder that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(1 16 256 1024); fi
cargo build --release --quiet
bin="$(pwd)/target/release/ocrclean"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/unit.txt" <<'EOF'
import pathlib, random, sys
words = []
for p in sorted(pathlib.Path("samples/expected").glob("*.txt")):
    words += p.read_text().split()
rng = random.Random(7)
out, line, i = [], 0, 0
size = 0
while size < 4 << 20:
    w = words[i % len(words)]
    i += 1 + rng.randrange(3)
    r = rng.randrange(200)
    if r < 5:
        w = w.replace("fi", "\ufb01", 1).replace("ff", "\ufb00", 1)
    elif r < 8:
        w = w.replace("m", "rn", 1)
    if r == 9 and len(w) > 6:
        piece = w[:3] + "-\n" + w[3:]
        line = len(w) - 3
    else:
        piece = w
        line += len(w)
    if line > 70:
        piece += ("  " if rng.randrange(8) == 0 else "") + "\n"
        line = 0
        if rng.randrange(6) == 0:
            piece += "\n\n\n" if rng.randrange(4) == 0 else "\n"
    else:
        piece += "  " if rng.randrange(15) == 0 else " "
        line += 1
    out.append(piece)
    size += len(piece.encode())
pathlib.Path(sys.argv[1]).write_text("".join(out))
EOF

# A document of about $1 MB (the 4 MB unit repeated, or cut), and its single-line form.
make() {
    local mb=$1 doc="$work/doc-$1.txt"
    : >"$doc"
    while [ "$(stat -c %s "$doc")" -lt $((mb << 20)) ]; do cat "$work/unit.txt" >>"$doc"; done
    truncate -s $((mb << 20)) "$doc"
    # Cut at a line end so the document is whole UTF-8.
    python3 -c "import sys; p=sys.argv[1]; b=open(p,'rb').read(); open(p,'wb').write(b[:b.rindex(b'\n')+1])" "$doc"
    tr '\n' ' ' <"$doc" >"$work/line-$mb.txt"
}

# One measured run: label, then the command; prints seconds, peak RSS and the exit status.
measure() {
    local label=$1
    shift
    local status=0
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || status=$?
    # The machine may be shared: the load average says how much the time is worth.
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    # The last line: GNU time says "Command exited with non-zero status" on a line before it.
    tail -n 1 "$work/time" | awk -v l="$label" -v st="$status" -v load="$load" \
        '{ printf "%-44s %8.2f s %9.1f MB  exit %d  load %s\n", l, $1, $2 / 1024, st, load }'
    if [ "$status" -ge 2 ]; then sed 's/^/    /' "$work/stderr" | head -3; fi
}

printf '%-44s %10s %12s\n' "run" "time" "peak RSS"
limits=(--max-document-size 2G --max-line-length 2G)
for mb in "${sizes[@]}"; do
    make "$mb"
    f="$work/doc-$mb.txt"
    run=("$bin" clean --no-config -j1 "${limits[@]}")
    measure "$mb MB document: filter" "${run[@]}" "$f"
    measure "$mb MB document: --check" "${run[@]}" --check "$f"
    measure "$mb MB document: --diff" "${run[@]}" --diff "$f"
    measure "$mb MB document: --check --format json" "${run[@]}" --check --format json "$f"
    measure "$mb MB document: --check --report" "${run[@]}" --check --report "$work/r.html" "$f"
    measure "$mb MB document: --out-dir" "${run[@]}" --out-dir "$work/out" "$f"
    cp "$f" "$work/w.txt"
    measure "$mb MB document: --write" "${run[@]}" --write "$work/w.txt"
    rm -rf "$work/out" "$work/r.html" "$work/w.txt"
    if [ "$mb" -le 256 ]; then
        f="$work/line-$mb.txt"
        measure "$mb MB single line: filter" "${run[@]}" "$f"
        measure "$mb MB single line: --check" "${run[@]}" --check "$f"
    fi
    rm -f "$work/doc-$mb.txt" "$work/line-$mb.txt"
done
measure "/dev/zero: filter" "$bin" clean --no-config /dev/zero
measure "/dev/zero: --check" "$bin" clean --no-config --check /dev/zero
measure "/dev/zero: --jsonl" "$bin" clean --no-config --jsonl /dev/zero

# Hostile configurations: 5,000 suppression patterns, 3,000 line patterns.
mkdir -p "$work/hostile/packs"
python3 - "$work/hostile" <<'EOF'
import pathlib, random, sys
root = pathlib.Path(sys.argv[1])
rng = random.Random(1)
words = ["harbour", "ferry", "council", "budget", "market", "street", "licence", "tide"]
(root / ".ocrclean-ignore").write_text("".join(
    f"* SPL /{rng.choice(words)}\\w{{2,8}}[a-z]+(ing|ed)?{i}/\n" for i in range(5000)))
(root / "ocrclean.toml").write_text('select = ["UNI", "WSP", "SPL"]\n')
pats = "".join(f'  "{rng.choice(words)}\\\\w+ \\\\d{{1,4}} [A-Z][a-z]+{i}",\n' for i in range(3000))
(root / "packs/many.toml").write_text(
    '[[rule]]\ncode = "FUR901"\nname = "many-lines"\nstage = "furniture"\nsafe = false\n'
    'description = "Many line patterns."\nline-patterns = [\n' + pats + ']\n\n'
    '[[rule.example]]\ninput = "harbourx 12 Page0\\nText here.\\n"\noutput = "Text here.\\n"\n\n'
    '[[rule.example]]\ninput = "Text here.\\n"\n')
(root / "doc.txt").write_text(("The ferry  left the harbour at dawn. " * 20 + "\n") * 2000)
EOF
(cd "$work/hostile" && measure "5,000 suppression patterns" "$bin" clean --check doc.txt)
(cd "$work/hostile" && measure "3,000 line patterns" "$bin" clean --no-config --rules packs --check doc.txt)

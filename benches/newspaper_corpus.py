#!/usr/bin/env python3
"""Builds the newspaper benchmark corpora of benches/newspaper.sh: folders of text files.

    benches/newspaper_corpus.py KIND SIZE_MB OUT_DIR [SHARED_DIR]
    benches/newspaper_corpus.py KIND SIZE_MB OUT.jsonl.gz [SHARED_DIR]

The first form writes one text file per document (in subfolders of 500); the second writes JSON
Lines records, gzipped: `{"id": "doc-N", "text": ..., "meta": {"n": N, "source": KIND, "score":
N % 7 / 8}}` (benches/corpus.sh checks that they come out in order with their other fields).

KIND is one of
  historic  historic OCR: the raw OCR of the overproof-smh articles (printed lines) and of the
            ICDAR 2017 periodical pages, each document one article or page;
  clean     already-clean prose: the human-corrected side of the overproof articles, unwrapped
            into paragraphs, and the expected outputs of our samples;
  exports   modern exports: clean paragraphs dressed as exported articles (headline, byline,
            curly quotes, PressReader footers or folios), with the artifacts exports carry
            (ligatures, soft hyphens, no-break and zero-width spaces, double spaces, trailing
            spaces, mojibake, hard-wrapped columns), and our noisy samples;
  mixed     the three above, a third of the bytes each, interleaved.

Everything is drawn from a seeded generator, so a corpus is the same on every run. The shared data
(../shared/eval) is read at build time and never copied into the repository. A corpus of many
megabytes repeats its sources many times; so that the repeats do not collapse into a few forms a
memo learns once, every copy of a historic document after the first has some of its letters
misread again (0.5 % of letters, by the confusions OCR makes: e/c, h/b, rn/m, l/1 ...), and clean
and export documents are new draws of paragraphs.
"""

import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONFUSIONS = [
    ("e", "c"), ("c", "e"), ("h", "b"), ("b", "h"), ("m", "rn"), ("rn", "m"), ("l", "1"),
    ("i", "l"), ("d", "cl"), ("u", "n"), ("n", "u"), ("s", "a"), ("a", "s"), ("f", "t"),
    ("t", "f"), ("o", "0"), ("O", "0"), ("I", "l"), ("w", "vv"), ("h", "li"),
]
LIGATURES = [("fi", "\ufb01"), ("fl", "\ufb02"), ("ff", "\ufb00"), ("ffi", "\ufb03")]
SURNAMES = ["Lindqvist", "Castell", "Amadi", "Corby", "Ohashi", "Ferris", "Moreau", "Nakamura",
            "Okafor", "Brennan", "Whitlock", "Duarte", "Kowalski", "Haddad", "MacLeod"]
GIVEN = ["Petra", "Mira", "Ruth", "Sean", "Lena", "Colin", "Anna", "David", "Grace", "Tomas",
         "Priya", "James", "Fatima", "Oliver", "Chen"]
PAPERS = ["The Coastal Herald", "The Harbour Times", "Northern Daily Mail", "The Valley Courier"]
COUNTRIES = ["Australia", "New Zealand", "Canada", "United Kingdom", "South Africa"]


def shared_dir(argv):
    if len(argv) > 4:
        return Path(argv[4])
    for up in ("..", "../.."):
        d = (ROOT / up / "shared").resolve()
        if (d / "eval").is_dir():
            return d
    return None


def overproof(shared):
    path = shared / "eval/overproof-smh/articles.jsonl" if shared else None
    if not path or not path.is_file():
        return [], []
    ocr, gold = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        ocr.append(r["ocr"].rstrip("\n") + "\n")
        gold.append(r["gt"])
    return ocr, gold


def icdar(shared):
    folder = shared / "eval/icdar2017-en-periodicals/eng_periodical" if shared else None
    if not folder or not folder.is_dir():
        return []
    ocr = []
    for f in sorted(folder.glob("*.txt")):
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("[OCR_toInput] "):
                ocr.append(line[len("[OCR_toInput] "):].strip() + "\n")
    return ocr


def samples(clean):
    out = []
    for p in sorted((ROOT / "samples").glob("*.txt")):
        if p.name.endswith(".clean.txt") == clean:
            out.append(p.read_text(encoding="utf-8"))
    return out


def unwrap(printed):
    """Printed lines as one flowing text: line-end hyphens before lower case closed up."""
    text = re.sub(r"(\w)-\n(?=[a-z])", r"\1", printed)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text) if len(s) > 1]


def paragraphs_of(text, rng):
    """Flowing text cut into paragraphs of 2 to 7 sentences."""
    sents = sentences(text)
    out = []
    while sents:
        n = rng.randint(2, 7)
        out.append(" ".join(sents[:n]))
        sents = sents[n:]
    return out


def paragraph_pool(rng, shared):
    # Not the ICDAR gold: it keeps the page's ligatures and broken words (`be- ginning`).
    _, op_gold = overproof(shared)
    pool = []
    for g in op_gold:
        pool.extend(paragraphs_of(unwrap(g), rng))
    for s in samples(True):
        pool.extend(p.strip().replace("\n", " ") for p in s.split("\n\n") if len(p.strip()) > 80)
    if not pool:
        # No shared data and no samples: generated prose, so the script always works.
        words = ("the council said on monday that the harbour ferry fares would rise in april "
                 "after fuel costs climbed sharply and passengers called it unfair").split()
        for _ in range(200):
            pool.append(" ".join(rng.choice(words) for _ in range(60)).capitalize() + ".")
    return [p for p in pool if len(p) > 40]


def misread(text, rng, rate=0.005):
    out = []
    i = 0
    while i < len(text):
        if text[i].isalpha() and rng.random() < rate:
            choices = [(a, b) for a, b in CONFUSIONS if text.startswith(a, i)]
            if choices:
                a, b = rng.choice(choices)
                out.append(b)
                i += len(a)
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


def curly(text):
    text = re.sub(r'"(?=\w)', "\u201c", text)
    text = text.replace('"', "\u201d")
    return re.sub(r"(?<=\w)'", "\u2019", text)


def dress(paragraph, rng):
    """The artifacts of a modern export, at their usual (low) rates."""
    words = paragraph.split(" ")
    for k, w in enumerate(words):
        r = rng.random()
        if r < 0.004 and len(w) > 6:
            cut = rng.randint(3, len(w) - 3)
            words[k] = w[:cut] + "\u00ad" + w[cut:]
        elif r < 0.008:
            for plain, lig in LIGATURES:
                if plain in w:
                    words[k] = w.replace(plain, lig, 1)
                    break
        elif r < 0.010:
            words[k] = w.replace("é", "Ã©").replace("’", "â€™")
    text = ""
    for k, w in enumerate(words):
        if k:
            r = rng.random()
            text += "\u00a0" if r < 0.004 else "  " if r < 0.010 else "\u200b " if r < 0.012 else " "
        text += w
    if rng.random() < 0.05:
        text += "  "
    return curly(text)


def wrap(paragraph, rng, width):
    """Hard-wrapped at `width` columns, a long word now and then broken with a hyphen."""
    lines, line = [], ""
    for w in paragraph.split(" "):
        if line and len(line) + 1 + len(w) > width:
            if len(w) > 8 and rng.random() < 0.2:
                cut = rng.randint(3, len(w) - 4)
                lines.append(line + " " + w[:cut] + "-")
                line = w[cut:]
                continue
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line)
    return "\n".join(lines)


def export_doc(pool, rng):
    paras = [rng.choice(pool) for _ in range(rng.randint(3, 12))]
    headline = " ".join(paras[0].split(" ")[: rng.randint(4, 9)]).rstrip(".,;:")
    name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    wrapped = rng.random() < 0.2
    width = rng.randint(55, 75)
    body = [wrap(dress(p, rng), rng, width) if wrapped else dress(p, rng) for p in paras]
    parts = [headline, f"By {name}"] + body
    r = rng.random()
    if r < 0.4:
        parts += ["Newspapers in English", f"Newspapers from {rng.choice(COUNTRIES)}"]
    elif r < 0.7:
        parts.insert(0, f"{rng.choice(PAPERS).upper()} Page {rng.randint(1, 48)}")
    elif r < 0.85:
        parts.append(f"© {rng.randint(2015, 2025)} {rng.choice(PAPERS)}. All rights reserved.")
    sep = "\n\n\n" if rng.random() < 0.1 else "\n\n"
    return sep.join(parts) + "\n"


def clean_doc(pool, rng):
    return "\n\n".join(rng.choice(pool) for _ in range(rng.randint(3, 15))) + "\n"


class Kind:
    def __init__(self, name, rng, shared):
        self.name = name
        self.rng = rng
        if name == "historic":
            op, _ = overproof(shared)
            ic = icdar(shared)
            self.docs = op + ic or samples(False)
            self.order = []
            self.copies = 0
        else:
            self.pool = paragraph_pool(rng, shared)
            self.noisy = samples(False)

    def next(self):
        rng = self.rng
        if self.name == "historic":
            if not self.order:
                self.order = list(range(len(self.docs)))
                rng.shuffle(self.order)
                self.copies += 1
            doc = self.docs[self.order.pop()]
            return doc if self.copies == 1 else misread(doc, rng)
        if self.name == "clean":
            return clean_doc(self.pool, rng)
        if self.noisy and rng.random() < 0.05:
            return rng.choice(self.noisy)
        return export_doc(self.pool, rng)


def main(argv):
    kind, size_mb, out = argv[1], int(argv[2]), Path(argv[3])
    shared = shared_dir(argv)
    rng = random.Random(20261201)
    names = ["historic", "exports", "clean"] if kind == "mixed" else [kind]
    kinds = [Kind(n, random.Random(rng.random()), shared) for n in names]
    target = size_mb * 1_000_000
    written = [0] * len(kinds)
    n = 0
    jsonl = gzip.open(out, "wt", compresslevel=1, encoding="utf-8") if out.name.endswith(
        ".jsonl.gz") else None
    while sum(written) < target:
        # The kind furthest behind its share comes next: equal bytes of each.
        k = min(range(len(kinds)), key=lambda i: written[i])
        text = kinds[k].next()
        if jsonl:
            meta = {"n": n, "source": kinds[k].name, "score": n % 7 / 8}
            jsonl.write(json.dumps({"id": f"doc-{n}", "text": text, "meta": meta},
                                   ensure_ascii=False) + "\n")
        else:
            sub = out / f"{n // 500:03d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{n:05d}-{kinds[k].name}.txt").write_text(text, encoding="utf-8")
        written[k] += len(text.encode("utf-8"))
        n += 1
    if jsonl:
        jsonl.close()
    shares = ", ".join(f"{k.name} {w / 1e6:.1f} MB" for k, w in zip(kinds, written))
    print(f"{out}: {n} documents, {sum(written) / 1e6:.1f} MB ({shares})", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in ("historic", "clean", "exports", "mixed"):
        sys.exit(__doc__)
    main(sys.argv)

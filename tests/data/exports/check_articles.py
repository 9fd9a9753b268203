#!/usr/bin/env python3
"""Check the clean articles of the labelled export corpus and print corpus statistics.

The articles (tests/data/exports/articles/NNN-desk-slug.toml) are the originals that the export
generator injects artifacts into, and the negatives a perfect cleaner leaves untouched; their format
is agreed in the project notes (ARTICLES.md). This script checks each file against that format
(keys, allowed values, one line per paragraph, 250-700 words, consistent quote style, clean text)
and prints what the corpus holds: desks, spellings, quote styles, words, hyphenated compounds,
CamelCase names, captions and credit shapes.

Usage:
    python3 tests/data/exports/check_articles.py [FILE_OR_DIR ...]

With no argument it reads the articles folder beside this script. Exit status: 0 when every article
passes, 1 when any breaks the format (each problem is printed as `FILE: problem`), 2 on bad usage.
Standard library only (Python 3.11 or later, for tomllib).
"""

import collections
import datetime
import re
import sys
import unicodedata
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11
    sys.exit("check_articles.py needs Python 3.11 or later (for tomllib); run it with python3.11+")

DESKS = {
    "politics", "courts", "business", "sport", "science", "obituaries", "letters", "listings",
    "world", "health", "arts", "education", "property", "weather", "motoring", "technology",
    "opinion", "local",
}
# The eight desks issue 10 names; each needs at least this many articles.
NAMED_DESKS = ["politics", "courts", "business", "sport", "science", "obituaries", "letters", "listings"]
MIN_PER_NAMED_DESK = 8
SPELLINGS = ["british", "american", "australian", "indian", "hongkong"]
QUOTES = ["curly", "straight"]

TOP_KEYS = {"desk", "spelling", "quotes", "publication", "country", "headline", "standfirst", "date",
            "byline", "captions", "body"}
REQUIRED_STRINGS = ["desk", "spelling", "quotes", "publication", "country", "headline", "standfirst",
                    "date", "body"]
BYLINE_KEYS = {"name", "email", "role"}
CAPTION_KEYS = {"text", "credit"}

MIN_WORDS, MAX_WORDS = 250, 700
MIN_PARAS, MAX_PARAS = 5, 15
MAX_CAPTIONS = 3

FILE_NAME = re.compile(r"(\d{3})-([a-z]+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.toml")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.example")
CREDIT = re.compile(r"(?i)(photo|photos|picture|pictures|image|images|photograph|photographs): \S.*")
URL = re.compile(r"https?://\S+")

CURLY_MARKS = "“”‘’"
STRAIGHT_MARKS = "\"'"
# Characters a clean article never holds: soft hyphen, ligatures, zero-width and odd spaces.
FORBIDDEN = {
    "\u00ad": "soft hyphen", "\u00a0": "no-break space", "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner", "\ufeff": "byte-order mark",
    "\u2028": "line separator", "\u2029": "paragraph separator", "\t": "tab", "\r": "carriage return",
    "\ufffd": "replacement character",
}
FORBIDDEN.update({chr(c): "ligature" for c in range(0xFB00, 0xFB07)})

# Spelling markers: a pattern for each form that betrays the other variety, named by an example.
# Matched on lower-case words only, so proper names (the Australian Labor Party, Lincoln Center)
# pass; "program" is left alone (Australian and computing usage).
_OUR = r"(?:colo|favo|hono|labo|neighbo|harbo|behavio|rumo|humo|vapo|savo|endeavo)"
_ENDS = r"(?:s|ed|ing|ful|ite|ites|able|ably|er|ers|hood|hoods|less)?"
_IZE = (r"(?:organi|recogni|reali|apologi|critici|minimi|maximi|priori|mobili|categori|summari|"
        r"authori|moderni|speciali|stabili|subsidi|utili|penali|capitali|hospitali|normali|fantasi|"
        r"sympathi|emphasi|publici|characteri|globali|urbani|revitali|civili|finali|legali)")
_DOUBLED = r"(?:travel|cancel|model|fuel|label|signal|level|marshal|channel|counsel)"
AMERICAN_FORMS = {
    "color": _OUR + "r" + _ENDS, "center": r"cent(?:er|ers|ered|ering)", "theater": r"theaters?",
    "defense": r"defenses?", "offense": r"offenses?", "traveled": _DOUBLED + r"(?:ed|ing|er|ers)",
    "organize": _IZE + r"z(?:e|es|ed|ing|ation|ations)", "analyze": r"analyz(?:e|es|ed|ing)",
    "jewelry": r"jewelry", "gray": r"gray(?:s|er|est|ing|ish)?", "catalog": r"catalog(?:s|ed|ing)?",
    "aluminum": r"aluminum", "percent": r"percent", "mold": r"mold(?:s|ed|ing|y)?",
    "plow": r"plow(?:s|ed|ing)?", "enrollment": r"enrollments?", "skeptic": r"skeptic(?:s|al|ism)?",
    "maneuver": r"maneuver(?:s|ed|ing)?", "pediatric": r"pediatric(?:s|ian|ians)?",
    "fetus": r"fetus(?:es)?", "pajamas": r"pajamas", "airplane": r"airplanes?", "sulfur": r"sulfur",
    "fulfill": r"fulfill(?:s|ment)?", "math": r"math", "cozy": r"cozy", "mustache": r"mustaches?",
}
COMMONWEALTH_FORMS = {
    "colour": _OUR + "ur" + _ENDS, "centre": r"cent(?:re|res|red|ring)", "theatre": r"theatres?",
    "defence": r"defences?", "offence": r"offences?", "travelled": _DOUBLED + r"l(?:ed|ing|er|ers)",
    "organise": _IZE + r"s(?:e|es|ed|ing|ation|ations)", "analyse": r"analys(?:e|es|ed|ing)",
    "jewellery": r"jewellery", "grey": r"grey(?:s|er|est|ing|ish)?", "catalogue": r"catalogues?",
    "aluminium": r"aluminium", "per cent": r"per cent", "mould": r"mould(?:s|ed|ing|y)?",
    "plough": r"plough(?:s|ed|ing)?", "enrolment": r"enrolments?", "sceptic": r"sceptic(?:s|al|ism)?",
    "manoeuvre": r"manoeuvr(?:e|es|ed|ing)", "paediatric": r"paediatric(?:s|ian|ians)?",
    "foetus": r"foetus(?:es)?", "pyjamas": r"pyjamas", "aeroplane": r"aeroplanes?",
    "sulphur": r"sulphur", "kerb": r"kerbs?(?:ide)?", "programme": r"programmes?", "maths": r"maths",
    "tyre": r"tyres?", "cheque": r"cheques?", "licence": r"licences?",
}
_compile = lambda forms: {k: re.compile(r"(?<![\w-])" + v + r"(?![\w-])") for k, v in forms.items()}
AMERICAN, COMMONWEALTH = _compile(AMERICAN_FORMS), _compile(COMMONWEALTH_FORMS)

# Hyphenated compounds: letters or digits joined by ASCII hyphens (en dashes are ranges, not compounds).
COMPOUND = re.compile(r"(?<![\w.,-])(?:\d+[.,])?[^\W_][\w’']*(?:-[^\W_][\w’']*)+")
WORD = re.compile(r"[^\W\d_][\w’']*")
TITLES = re.compile(r"(Dr|Dr\.|Prof\.|Prof|Coun\.|Cllr|Cr|Sen\.|Rep\.|Gov\.|Mr|Mr\.|Mrs|Mrs\.|Ms|Ms\.|"
                    r"Sir|Dame|Judge|Justice|Insp\.|Det\.|Supt|Sgt|Capt\.|Rev\.|Fr|Sister|Mayor|"
                    r"Shri|Smt\.|Hon\.|Lord|Lady|Col\.|Maj\.|Lt\.)\s")
AGENCIES = {"afp", "reuters", "ap", "associated press", "getty images", "bloomberg", "aap", "pti", "ani",
            "xinhua", "epa", "epa-efe", "shutterstock", "alamy", "pa", "pa media", "ians", "kyodo", "ap photo",
            "afp/getty images", "press association"}
ORGANISATION_WORDS = {"homes", "office", "council", "college", "company", "society", "school", "district",
                      "county", "institute", "museum", "police", "department", "university", "club",
                      "trust", "group", "mining", "motors", "australia", "brewery", "shop", "property",
                      "repertory", "archive", "channel", "coalition", "city", "file", "services"}
LITERAL_CREDITS = {"handout", "supplied", "file", "special arrangement", "courtesy", "file photo",
                   "screengrab", "social media"}


class Article:
    """One parsed article file and the problems found in it."""

    def __init__(self, path):
        self.path = path
        self.problems = []
        self.data = {}

    def problem(self, message):
        self.problems.append(message)


def load(path):
    article = Article(path)
    try:
        with open(path, "rb") as f:
            article.data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        article.problem(f"cannot parse as TOML: {e}")
    return article


def check_keys(article):
    d = article.data
    for key in sorted(set(d) - TOP_KEYS):
        hint = " (a key after [[captions]] belongs to the last caption; put body above [byline])" \
            if key == "body" else ""
        article.problem(f"unknown top-level key {key!r}{hint}")
    for key in REQUIRED_STRINGS:
        if not isinstance(d.get(key), str):
            where = ""
            if key == "body" and any("body" in c for c in d.get("captions", []) if isinstance(c, dict)):
                where = " (found inside [[captions]]: move body above [byline])"
            article.problem(f"missing top-level string {key!r}{where}")
    for key in ["desk", "spelling", "quotes", "publication", "country", "headline", "date"]:
        if isinstance(d.get(key), str) and not d[key].strip():
            article.problem(f"{key} is empty")
    checks = [("desk", sorted(DESKS)), ("spelling", SPELLINGS), ("quotes", QUOTES)]
    for key, allowed in checks:
        if isinstance(d.get(key), str) and d[key] not in allowed:
            article.problem(f"{key} = {d[key]!r}, expected one of {', '.join(allowed)}")
    if isinstance(d.get("date"), str):
        try:
            datetime.date.fromisoformat(d["date"])
        except ValueError:
            article.problem(f"date {d['date']!r} is not YYYY-MM-DD")
    check_file_name(article)
    check_byline(article)
    check_captions(article)


def check_file_name(article):
    m = FILE_NAME.fullmatch(article.path.name)
    if not m:
        article.problem("file name is not NNN-desk-slug.toml")
    elif m.group(2) != article.data.get("desk"):
        article.problem(f"file name says desk {m.group(2)!r}, the file says {article.data.get('desk')!r}")


def check_byline(article):
    byline = article.data.get("byline")
    if not isinstance(byline, dict):
        article.problem("missing [byline] table")
        return
    for key in sorted(set(byline) - BYLINE_KEYS):
        article.problem(f"unknown byline key {key!r}")
    for key in BYLINE_KEYS:
        if not isinstance(byline.get(key), str):
            article.problem(f"byline.{key} missing (use \"\" when there is none)")
    if isinstance(byline.get("name"), str) and not byline["name"].strip():
        article.problem("byline.name is empty")
    email = byline.get("email")
    if isinstance(email, str) and email and not EMAIL.fullmatch(email):
        article.problem(f"byline.email {email!r} is not an address at a .example domain")


def check_captions(article):
    captions = article.data.get("captions", [])
    if not isinstance(captions, list):
        article.problem("captions must be an array of tables ([[captions]])")
        return
    if len(captions) > MAX_CAPTIONS:
        article.problem(f"{len(captions)} captions, at most {MAX_CAPTIONS}")
    for i, caption in enumerate(captions, 1):
        if not isinstance(caption, dict):
            article.problem(f"caption {i} is not a table")
            continue
        for key in sorted(set(caption) - CAPTION_KEYS):
            article.problem(f"caption {i} has unknown key {key!r}")
        for key in CAPTION_KEYS:
            value = caption.get(key)
            if not isinstance(value, str) or not value.strip():
                article.problem(f"caption {i} has no {key}")
        credit = caption.get("credit")
        if isinstance(credit, str) and credit and not CREDIT.fullmatch(credit):
            article.problem(f"caption {i} credit {credit!r} is not 'Photo: …', 'Picture: …', 'Image: …' …")


def texts(article):
    """The article's printed text fields, named, for the hygiene and quote checks."""
    d = article.data
    out = [(k, d[k]) for k in ("headline", "standfirst", "body") if isinstance(d.get(k), str)]
    byline = d.get("byline")
    if isinstance(byline, dict):
        out += [(f"byline.{k}", byline[k]) for k in ("name", "role") if isinstance(byline.get(k), str)]
    for i, c in enumerate(d.get("captions", []) if isinstance(d.get("captions"), list) else [], 1):
        if isinstance(c, dict):
            out += [(f"caption {i} {k}", c[k]) for k in ("text", "credit") if isinstance(c.get(k), str)]
    return out


def check_hygiene(article):
    for name, text in texts(article):
        if unicodedata.normalize("NFC", text) != text:
            article.problem(f"{name} is not in Unicode NFC")
        for ch, what in FORBIDDEN.items():
            if ch in text:
                article.problem(f"{name} holds a {what} (U+{ord(ch):04X})")
        for ch in set(text):
            if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n" and ch not in FORBIDDEN:
                article.problem(f"{name} holds control character U+{ord(ch):04X}")
        if name != "body" and "\n" in text:
            article.problem(f"{name} spans several lines")
        for n, line in enumerate(text.split("\n"), 1):
            if "  " in line:
                article.problem(f"{name} line {n}: double space")
            if line != line.strip(" "):
                article.problem(f"{name} line {n}: leading or trailing space")
        for m in re.finditer(r"[^\W\d_]- (?!and |or |to |nor )\w", text):
            article.problem(f"{name}: broken hyphen {text[m.start():m.end() + 8]!r}")


def paragraphs(body):
    return body.strip("\n").split("\n\n")


def check_body(article):
    body = article.data.get("body")
    if not isinstance(body, str):
        return
    if not body.endswith("\n") or body.endswith("\n\n"):
        article.problem("body must end with exactly one newline (before the closing \"\"\")")
    if body.startswith("\n"):
        article.problem("body starts with a blank line")
    if "\n\n\n" in body:
        article.problem("body has more than one blank line between paragraphs")
    paras = paragraphs(body)
    for i, p in enumerate(paras, 1):
        if "\n" in p:
            article.problem(f"paragraph {i} is hard-wrapped (one line per paragraph)")
        if not p.strip():
            article.problem(f"paragraph {i} is empty")
    if not MIN_PARAS <= len(paras) <= MAX_PARAS:
        article.problem(f"{len(paras)} paragraphs, expected {MIN_PARAS}-{MAX_PARAS}")
    words = len(body.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        article.problem(f"{words} words, expected {MIN_WORDS}-{MAX_WORDS}")
    desk = article.data.get("desk")
    if desk == "letters":
        signoffs = [p for p in paras if is_signoff(p)]
        if len(signoffs) < 3:
            article.problem(f"letters page with {len(signoffs)} sign-offs ('Name, Suburb'), expected 3 or more")
    if desk == "listings":
        short = [p for p in paras if len(p.split()) <= 30]
        if len(short) < 3:
            article.problem("listings with fewer than 3 short entries")


def is_signoff(paragraph):
    """A letter's sign-off: a short line of capitalised words with a comma, no sentence end."""
    words = paragraph.split()
    return ("," in paragraph and len(words) <= 10 and paragraph[0].isupper()
            and not re.search(r"[.!?”\"]$", paragraph.replace("St.", "St").replace("Dr.", "Dr")))


def check_quotes(article):
    style = article.data.get("quotes")
    if style not in QUOTES:
        return
    wrong = STRAIGHT_MARKS if style == "curly" else CURLY_MARKS
    for name, text in texts(article):
        found = sorted({c for c in text if c in wrong})
        if found:
            where = text.index(found[0])
            article.problem(f"{name}: {style} article holds {' '.join(found)} "
                            f"(near {text[max(0, where - 20):where + 20]!r})")
    body = article.data.get("body")
    if isinstance(body, str):
        if style == "curly":
            check_curly_order(article, body)
        else:
            check_straight_pairs(article, body)


def check_curly_order(article, body):
    """Double quotes alternate open, close within a paragraph; a quote left open continues in the
    next paragraph, which must then open with “ (the newspaper convention). Single quotes: ‘ opens
    after a space or bracket, ’ never follows a space unless it elides a number (’90s)."""
    paras = paragraphs(body)
    open_from = None
    for i, p in enumerate(paras, 1):
        if open_from is not None and not p.startswith("“"):
            article.problem(f"quote opened in paragraph {open_from} is never closed")
        is_open = False
        for m in re.finditer("[“”]", p):
            if m.group() == "“":
                if is_open and not (m.start() == 0 and open_from is not None):
                    article.problem(f"paragraph {i}: “ inside an open quote near {p[m.start():m.start() + 30]!r}")
                is_open = True
            else:
                if not is_open:
                    article.problem(f"paragraph {i}: ” closes no quote near {p[max(0, m.start() - 30):m.start() + 1]!r}")
                is_open = False
        open_from = i if is_open else None
        for m in re.finditer("‘", p):
            before = p[m.start() - 1] if m.start() else " "
            if not (before.isspace() or before in "“([—–/"):
                article.problem(f"paragraph {i}: ‘ after {before!r} (an apostrophe is ’)")
        for m in re.finditer(r"\s’(?!\d)", p):
            article.problem(f"paragraph {i}: ’ after a space near {p[m.start():m.start() + 20]!r} (opening is ‘)")
    if open_from is not None:
        article.problem(f"quote opened in paragraph {open_from} runs off the end of the body")


def check_straight_pairs(article, body):
    """Straight double quotes pair up within a paragraph, or continue into one that opens with "."""
    paras = paragraphs(body)
    open_from = None
    for i, p in enumerate(paras, 1):
        if open_from is not None and not p.startswith('"'):
            article.problem(f"quote opened in paragraph {open_from} is never closed")
        count = p.count('"') - (1 if open_from is not None else 0)
        open_from = i if count % 2 else None
    if open_from is not None:
        article.problem(f"quote opened in paragraph {open_from} runs off the end of the body")


def check_spelling(article):
    spelling = article.data.get("spelling")
    body = article.data.get("body")
    if spelling not in SPELLINGS or not isinstance(body, str):
        return
    text = URL.sub(" ", body)
    text = EMAIL.sub(" ", text)
    foreign = COMMONWEALTH if spelling == "american" else AMERICAN
    for name, pattern in foreign.items():
        for m in pattern.finditer(text):
            article.problem(f"{spelling} spelling, but {m.group()!r} is the "
                            f"{'Commonwealth' if spelling == 'american' else 'American'} form")


def compounds(text):
    """Hyphenated compounds of a body, each with whether it is capitalised (a capital inside it, or
    at its start where that is not the start of a sentence). URLs and e-mail addresses are skipped."""
    masked = EMAIL.sub(lambda m: " " * len(m.group()), URL.sub(lambda m: " " * len(m.group()), text))
    out = []
    for m in COMPOUND.finditer(masked):
        token = m.group().rstrip("’'")
        parts = token.split("-")
        if not any(re.search(r"[^\W\d_]", p) for p in parts):
            continue  # 3-1, 2024-03-14: numbers, not words
        inner_cap = any(p[:1].isupper() for p in parts[1:])
        start_cap = parts[0][:1].isupper() and not sentence_start(masked, m.start())
        out.append((token, inner_cap or start_cap))
    return out


def sentence_start(text, at):
    """Whether a word at `at` opens a paragraph or a sentence (after . ! ? : and any opening quote),
    where a capital says nothing about the word. Titles such as "Dr." do not end a sentence."""
    before = text[max(0, text.rfind("\n", 0, at) + 1):at].rstrip(" “\"‘'(—–")
    if re.search(r"\b(?:Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Prof|St|Coun|Lt|Col|Gen|Sgt|Rev|Jr|No|Mt)\.$", before):
        return False
    return not before or before[-1] in ".!?:"


def camel_tokens(text):
    """Words with a capital after a letter inside them (GlaxoSmithKline, McAllister, iPhone, JPMorgan),
    not all-capital words or their plurals (NASA, MPs)."""
    masked = EMAIL.sub(" ", URL.sub(" ", text))
    out = []
    for m in WORD.finditer(masked):
        word = re.sub(r"[’']s?$", "", m.group())
        letters = word
        if letters.isupper() or re.fullmatch(r"[A-Z]+s", letters) or len(letters) <= 3:
            continue  # NASA, MPs; and units such as kW, kWh
        if any(letters[i].isupper() and letters[i - 1].isalpha() for i in range(1, len(letters))):
            out.append(word)
    return out


def credit_shape(credit):
    prefix, _, rest = credit.partition(": ")
    low = rest.lower()
    if re.search(r",| and |/|;", rest):
        kind = "<A>, <B>"
    elif low.endswith("handout") and low != "handout":
        kind = "<Who> handout"
    elif low.endswith(" family"):
        kind = "<Surname> family"
    elif low in AGENCIES:
        kind = "<Agency>"
    elif low in LITERAL_CREDITS or low.startswith("courtesy"):
        kind = rest if low in LITERAL_CREDITS else "Courtesy <Who>"
    elif (re.fullmatch(r"(?:[A-Z][\w’'.-]*\s?){2,3}", rest)
          and not set(rest.lower().split()) & ORGANISATION_WORDS):
        kind = "<Name>"
    elif len(rest.split()) >= 2:
        kind = "<Organisation>"
    else:
        kind = "<Other>"
    return f"{prefix}: {kind}"


def gather(paths):
    files = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files += sorted(p.glob("*.toml"))
        elif p.is_file():
            files.append(p)
        else:
            sys.stderr.write(f"{p}: no such file or folder\n")
            sys.exit(2)
    return files


def check_corpus(articles, whole_corpus):
    """Problems that span files: repeated numbers or headlines and, when the whole corpus is
    checked, a named desk with too few articles."""
    problems = []
    if whole_corpus:
        desks = collections.Counter(a.data.get("desk") for a in articles)
        for desk in NAMED_DESKS:
            if desks[desk] < MIN_PER_NAMED_DESK:
                problems.append(f"{desks[desk]} articles on the {desk} desk, at least {MIN_PER_NAMED_DESK} wanted")
    numbers = collections.defaultdict(list)
    headlines = collections.defaultdict(list)
    for a in articles:
        m = FILE_NAME.fullmatch(a.path.name)
        if m:
            numbers[m.group(1)].append(a.path.name)
        headlines[a.data.get("headline")].append(a.path.name)
    for n, names in sorted(numbers.items()):
        if len(names) > 1:
            problems.append(f"number {n} used by {', '.join(names)}")
    for h, names in headlines.items():
        if h and len(names) > 1:
            problems.append(f"headline {h!r} used by {', '.join(names)}")
    return problems


def print_counter(title, counter, width=26, limit=None):
    print(f"\n{title}")
    for key, n in counter.most_common(limit):
        print(f"  {str(key):{width}} {n:5}")


def statistics(articles):
    ok = [a for a in articles if a.data]
    desks = collections.Counter(a.data.get("desk") for a in ok)
    spellings = collections.Counter(a.data.get("spelling") for a in ok)
    quotes = collections.Counter(a.data.get("quotes") for a in ok)
    pairs = collections.Counter(f"{a.data.get('spelling')} / {a.data.get('quotes')}" for a in ok)
    bodies = [a.data.get("body", "") for a in ok if isinstance(a.data.get("body"), str)]
    words = [len(b.split()) for b in bodies]
    paras = [len(paragraphs(b)) for b in bodies]
    all_compounds = [c for b in bodies for c in compounds(b)]
    capital = collections.Counter(t for t, cap in all_compounds if cap)
    lower = collections.Counter(t for t, cap in all_compounds if not cap)
    camel = collections.Counter(t for b in bodies for t in camel_tokens(b))
    captions = [c for a in ok for c in a.data.get("captions", []) if isinstance(c, dict)]
    per_article = collections.Counter(len(a.data.get("captions", [])) for a in ok)
    shapes = collections.Counter(credit_shape(c.get("credit", "")) for c in captions)
    prefixes = collections.Counter(c.get("credit", "").partition(":")[0] for c in captions)
    texts_ = [c.get("text", "") for c in captions]
    bylines = [a.data.get("byline", {}) for a in ok]

    print(f"articles: {len(ok)}")
    print_counter("articles per desk", desks)
    print_counter("articles per spelling", spellings)
    print_counter("articles per quote style", quotes)
    print_counter("spelling / quote style", pairs)
    if words:
        print(f"\nwords: {sum(words)} in total; per article min {min(words)}, "
              f"mean {sum(words) / len(words):.0f}, max {max(words)}")
        print(f"paragraphs: {sum(paras)} in total; per article min {min(paras)}, max {max(paras)}")
    print(f"\nhyphenated compounds: {len(all_compounds)} "
          f"({sum(capital.values())} capitalised, {len(capital)} distinct; "
          f"{sum(lower.values())} lower case, {len(lower)} distinct)")
    print("  most frequent capitalised: " + ", ".join(f"{t} {n}" for t, n in capital.most_common(12)))
    print("  most frequent lower case:  " + ", ".join(f"{t} {n}" for t, n in lower.most_common(12)))
    print(f"\nCamelCase brand/name tokens: {sum(camel.values())} ({len(camel)} distinct)")
    print("  " + ", ".join(f"{t} {n}" for t, n in sorted(camel.items(), key=lambda kv: (-kv[1], kv[0]))[:40]))
    print(f"\ncaptions: {len(captions)} in total; "
          f"{sum(t.rstrip().endswith('.') for t in texts_)} end with a full stop, "
          f"{sum(bool(TITLES.match(t)) for t in texts_)} start with a title, "
          f"{sum(len(t.split()) <= 6 for t in texts_)} of six words or fewer, "
          f"{sum(len(t.split()) >= 15 for t in texts_)} of fifteen or more")
    print_counter("captions per article", collections.Counter({f"{k} captions": v for k, v in sorted(per_article.items())}))
    print_counter("credit prefixes", prefixes)
    print_counter("credit shapes", shapes, width=34)
    print(f"\nbylines: {sum(bool(b.get('email')) for b in bylines)} of {len(bylines)} with an e-mail, "
          f"{sum(any(ord(ch) > 127 for ch in b.get('name', '')) for b in bylines)} with a letter outside ASCII, "
          f"{sum(bool(b.get('role')) for b in bylines)} with a role")
    body_text = "\n".join(bodies)
    marks = collections.Counter({
        "URLs": len(URL.findall(body_text)), "e-mail addresses": len(EMAIL.findall(body_text)),
        "percentages": len(re.findall(r"\d(?:%| per ?cent)", body_text)),
        "currency amounts": len(re.findall(r"(?:£|\$|€|¥|₹|Rs\.? ?)\d", body_text)),
        "em dashes": body_text.count("—"), "en dashes": body_text.count("–"),
        "ellipses": body_text.count("…") + body_text.count("..."),
        "times": len(re.findall(r"\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)", body_text)),
    })
    print_counter("other hard cases in the bodies", marks)


def main(argv):
    paths = argv[1:] or [Path(__file__).resolve().parent / "articles"]
    files = gather(paths)
    if not files:
        sys.stderr.write("no article files found; pass files or the articles folder\n")
        return 2
    articles = []
    for path in files:
        article = load(path)
        if not article.problems:
            check_keys(article)
            check_hygiene(article)
            check_body(article)
            check_quotes(article)
            check_spelling(article)
        articles.append(article)
    failed = 0
    for a in articles:
        for p in a.problems:
            print(f"{a.path}: {p}")
        failed += bool(a.problems)
    corpus_problems = check_corpus(articles, whole_corpus=not argv[1:])
    for p in corpus_problems:
        print(f"corpus: {p}")
    statistics(articles)
    print(f"\n{len(articles) - failed} of {len(articles)} articles pass"
          + (f"; {failed} with problems (listed above)" if failed else ""))
    return 1 if failed or corpus_problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Type stubs of the compiled part of ocrclean (``ocrclean._ocrclean``)."""

from collections.abc import Iterable
from os import PathLike
from typing import Literal, Optional, Sequence, Union

__version__: str

_Path = Union[str, PathLike[str]]

class OcrcleanError(Exception):
    """Base class of the errors ocrclean raises."""

class ConfigError(OcrcleanError):
    """A configuration file, rule pack, word list or rule selector that cannot be used; the
    message is the one the command line prints."""

class EvidenceError(OcrcleanError):
    """Bytes that are not evidence this version of ocrclean can read."""

class Change:
    """One change, located in the original text.

    ``start`` and ``end`` are byte offsets into the original text encoded as UTF-8 (as in the
    command line's JSON report); ``line`` and ``column`` (from 1, columns in characters) are where
    the span starts, ``end_line`` and ``end_column`` where it ends."""

    code: str
    """The rule's code, e.g. ``"UNI001"`` (the first rule, when several changed the same text)."""
    reason: str
    """Why, naming the evidence."""
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    before: str
    """The original text of the span (for a pending or flagged change, the text the rule saw)."""
    after: str
    """What the span became (or would become, for a pending change)."""
    safe: bool
    """Whether the rule's fixes are safe (applied without ``unsafe_fixes``)."""
    status: Literal["applied", "pending", "flagged"]
    also: list[tuple[str, str]]
    """Later rules that changed the same text further: ``(code, reason)`` pairs, in order."""

class Cleaned:
    """What cleaning one text gave: the cleaned ``text`` and every ``Change``."""

    @property
    def text(self) -> str:
        """The cleaned text (the original object itself when nothing changed)."""
    @property
    def changes(self) -> list[Change]:
        """Every change, applied, pending or flagged, sorted by where it is in the original."""
    @property
    def changed(self) -> bool:
        """Whether the text changed."""
    @property
    def counts(self) -> dict[str, int]:
        """Applied changes per rule code."""
    @property
    def annotation_json(self) -> str:
        """The summary the command line's ``--annotate`` adds to a record, as JSON text."""

class Evidence:
    """The batch evidence of a set of documents: word counts and the lines at their tops and
    bottoms.

    Gather it with ``Pipeline.gather`` on each part of a corpus, add the parts (``+``,
    ``Evidence.sum``), and clean every part with ``Pipeline.clean_many(texts, evidence=total)``:
    the result is the same as cleaning the whole corpus as one batch, however it was split.
    Picklable (as ``to_bytes``)."""

    def __init__(self) -> None:
        """Evidence of no documents."""
    @property
    def documents(self) -> int:
        """How many documents it was gathered from."""
    def __add__(self, other: Evidence) -> Evidence: ...
    def __radd__(self, other: Literal[0]) -> Evidence: ...
    @classmethod
    def sum(cls, parts: Iterable[Evidence]) -> Evidence:
        """The evidence of all ``parts``, each read once (``sum`` would copy the total at every
        step)."""
    def to_bytes(self) -> bytes:
        """The compact binary form: postcard, compressed with zstd, after a version header."""
    @classmethod
    def from_bytes(cls, data: bytes) -> Evidence:
        """Reads what ``to_bytes`` wrote; raises ``EvidenceError`` otherwise, or for evidence
        from another version of ocrclean."""

class Pipeline:
    """The cleaning pipeline: the built-in rules (and a user's packs), compiled once.

    The arguments are the command line's: ``select``, ``extend_select`` and ``ignore`` take rule
    codes or prefixes; ``unsafe_fixes`` applies unsafe fixes too; ``rules`` and ``words`` are
    folders of rule packs and files of known words; ``config`` is an ``ocrclean.toml`` (none is
    looked for); ``captions`` is ``"end"``, ``"keep"`` or ``"drop"``. Raises ``ConfigError`` with
    the command line's message when a setting cannot be used. Picklable: it rebuilds from its
    settings."""

    def __init__(
        self,
        select: Optional[Sequence[str]] = None,
        ignore: Optional[Sequence[str]] = None,
        unsafe_fixes: bool = False,
        rules: Optional[Sequence[_Path]] = None,
        config: Optional[_Path] = None,
        extend_select: Optional[Sequence[str]] = None,
        words: Optional[Sequence[_Path]] = None,
        captions: Optional[Literal["end", "keep", "drop"]] = None,
    ) -> None: ...
    def clean(self, text: str, *, pending: bool = True) -> Cleaned:
        """Cleans one text, which is its own batch. ``pending``: as for ``clean_many``."""
    def clean_many(
        self,
        texts: Iterable[str],
        evidence: Optional[Evidence] = None,
        threads: Optional[int] = None,
        *,
        pending: bool = True,
    ) -> list[Cleaned]:
        """Cleans many texts in parallel with the GIL released; results in order. Without
        ``evidence`` the texts are one batch; with it, they are cleaned as part of the corpus it
        was gathered from. ``threads``: default one per core.

        ``pending=False`` wants the cleaned text and the applied changes only (as the command
        line's quiet filter does): the stages whose selected rules are all unsafe, whose fixes
        would only be held back, are skipped, which can halve the time. The texts and the
        applied changes are the same; ``changes`` lacks those stages' pending and flagged
        changes."""
    def gather(self, texts: Iterable[str], threads: Optional[int] = None) -> Evidence:
        """The batch evidence of ``texts`` (read a chunk at a time)."""
    @property
    def settings(self) -> dict[str, object]:
        """The settings it was built from, as keyword arguments of ``Pipeline``."""
    @property
    def selected(self) -> list[str]:
        """The codes of the rules that run."""

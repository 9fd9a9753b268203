"""What the adapters share: cleaning a column of texts that may hold nulls."""

from typing import List, Optional, Sequence, Tuple

from ocrclean._ocrclean import Evidence, Pipeline


def clean_column(
    pipeline: Pipeline,
    texts: Sequence[Optional[str]],
    evidence: Optional[Evidence],
    threads: Optional[int],
    annotate: bool = True,
) -> Tuple[List[Optional[str]], List[Optional[str]]]:
    """The cleaned texts, and each one's ``--annotate`` summary as JSON text (or ``None``
    without ``annotate``); a null stays null (with a null summary)."""
    present = [t for t in texts if t is not None]
    # The text and the summary need the applied changes only: the stages that could only hold
    # fixes back are skipped, as the command line's filter skips them.
    results = iter(
        pipeline.clean_many(present, evidence=evidence, threads=threads, pending=False)
    )
    cleaned: List[Optional[str]] = []
    notes: List[Optional[str]] = []
    for t in texts:
        if t is None:
            cleaned.append(None)
            notes.append(None)
            continue
        r = next(results)
        cleaned.append(r.text)
        notes.append(r.annotation_json if annotate else None)
    return cleaned, notes

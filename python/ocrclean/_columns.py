"""What the adapters share: cleaning a column of texts that may hold nulls."""

from typing import List, Optional, Sequence, Tuple

from ocrclean._ocrclean import Evidence, Pipeline


def clean_column(
    pipeline: Pipeline,
    texts: Sequence[Optional[str]],
    evidence: Optional[Evidence],
    threads: Optional[int],
) -> Tuple[List[Optional[str]], List[Optional[str]]]:
    """The cleaned texts, and each one's ``--annotate`` summary as JSON text; a null stays null
    (with a null summary)."""
    present = [t for t in texts if t is not None]
    results = iter(pipeline.clean_many(present, evidence=evidence, threads=threads))
    cleaned: List[Optional[str]] = []
    notes: List[Optional[str]] = []
    for t in texts:
        if t is None:
            cleaned.append(None)
            notes.append(None)
            continue
        r = next(results)
        cleaned.append(r.text)
        notes.append(r.annotation_json)
    return cleaned, notes

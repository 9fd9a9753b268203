"""Cleans OCR noise out of newspaper text: ordered rule stages, rules kept as data, every change
explained with a rule code and its span in the original text.

>>> import ocrclean
>>> p = ocrclean.Pipeline()
>>> r = p.clean("The \ufb01rst  edition.\\n")
>>> r.text
'The first edition.\\n'
>>> [(c.code, c.start, c.end, c.before, c.after) for c in r.changes]
[('UNI001', 4, 7, '\ufb01', 'fi'), ('WSP002', 11, 12, ' ', '')]

Many texts, one batch: ``p.clean_many(texts)``. A corpus in parts (partitions of a distributed
engine): gather each part's evidence with ``p.gather(part)``, add the parts up
(``Evidence.sum(parts)``), and clean every part with ``p.clean_many(part, evidence=total)``; the
adapters ``ocrclean.ray``, ``ocrclean.spark`` and ``ocrclean.datatrove`` do this for their engines.
"""

from ocrclean._ocrclean import (
    Change,
    Cleaned,
    ConfigError,
    Evidence,
    EvidenceError,
    OcrcleanError,
    Pipeline,
    __version__,
)

__all__ = [
    "Change",
    "Cleaned",
    "ConfigError",
    "Evidence",
    "EvidenceError",
    "OcrcleanError",
    "Pipeline",
    "__version__",
]


_built = {}


def _rebuild_pipeline(settings):
    """Unpickles a ``Pipeline``: builds it again from its settings, once per process (an engine
    unpickles the same pipeline with every task it sends a worker)."""
    key = repr(sorted(settings.items()))
    pipeline = _built.get(key)
    if pipeline is None:
        pipeline = _built[key] = Pipeline(**settings)
    return pipeline

"""stance: who argues for third-party mediation and who for bilateral settlement, in news.

Example:
    >>> import stance
    >>> stance.LABELS
    ('mediation', 'bilateral', 'neutral', 'unrelated')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stance.types import LABELS, Prediction, Quote

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "Prediction",
    "Quote",
    "StanceClassifier",
    "analyze",
    "analyze_many",
    "evaluate",
    "extract_quotes",
    "label_quotes",
    "load",
    "load_config",
    "predict",
    "speaker_stances",
    "train",
]

_LAZY = {
    "StanceClassifier": "stance.modeling",
    "analyze": "stance.api",
    "analyze_many": "stance.api",
    "label_quotes": "stance.api",
    "load": "stance.api",
    "predict": "stance.api",
    "extract_quotes": "stance.extract",
    "evaluate": "stance.evaluation",
    "train": "stance.training",
    "speaker_stances": "stance.summary",
    "load_config": "stance.config",
}

if TYPE_CHECKING:  # pragma: no cover
    from stance.api import analyze, analyze_many, label_quotes, load, predict
    from stance.config import load_config
    from stance.evaluation import evaluate
    from stance.extract import extract_quotes
    from stance.modeling import StanceClassifier
    from stance.summary import speaker_stances
    from stance.training import train


def __getattr__(name: str) -> Any:
    # Heavy modules (torch, transformers, spaCy) load on first use, not at import.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'stance' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))

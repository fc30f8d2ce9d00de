"""Result types shared by every pipeline stage: labels, quotes and predictions."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["KINDS", "LABELS", "Prediction", "Quote"]

#: The four stance labels, in the order the models use for their outputs.
LABELS: tuple[str, ...] = ("mediation", "bilateral", "neutral", "unrelated")
#: The three kinds of quoted statement.
KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class Prediction:
    """A stance label with its probability.

    Attributes:
        label: the most probable label, one of :data:`LABELS`.
        score: the probability of ``label`` (calibrated when the model stores a temperature).
        scores: the probability of every label.

    Example:
        >>> p = Prediction(label="bilateral", score=0.9, scores={"bilateral": 0.9, "mediation": 0.1})
        >>> p.label
        'bilateral'
    """

    label: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Quote:
    """A quoted statement found in an article.

    ``article[start:end] == text`` always holds for the text the quote was found in.

    Attributes:
        text: the statement, without enclosing quotation marks or attribution.
        start: character offset of the first character in the article.
        end: character offset one past the last character.
        kind: ``"direct"``, ``"indirect"`` or ``"mixed"``.
        speaker: who the article attributes it to, or ``None`` when no speaker was found.
        label: the stance label, or ``None`` before classification.
        score: the probability of ``label``, or ``None`` before classification.
        scores: the probability of every label (empty before classification).

    Example:
        >>> article = 'He said: "We will talk only bilaterally."'
        >>> q = Quote(text="We will talk only bilaterally.", start=10, end=40, kind="direct", speaker="He")
        >>> article[q.start:q.end] == q.text
        True
    """

    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    label: str | None = None
    score: float | None = None
    scores: dict[str, float] = field(default_factory=dict)

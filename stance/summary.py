"""Who argues for what: the stance of each speaker over many labelled quotes, as a table and a chart.

:func:`speaker_stances` groups quotes (from :func:`stance.analyze`, one list per article or all in one
list) by speaker and counts their labels; :func:`plot_speakers` draws the result as one bar per
speaker, split by label. Speakers are grouped by their name with case and spacing ignored
("Raveesh Kumar" and "raveesh  kumar" are one speaker); different names for one person ("Kumar",
"the spokesman") stay apart, as the articles give them. Quotes with no speaker form a row of their
own (``speaker=None``), so no quote is dropped.

Example:
    >>> from stance.types import Quote
    >>> quotes = [Quote("We talk only to Marisca.", 0, 24, "direct", "Ilse Varga", "bilateral", 0.9),
    ...           Quote("No mediator is needed.", 30, 52, "direct", "Ilse Varga", "bilateral", 0.8),
    ...           Quote("We stand ready to host talks.", 60, 89, "direct", "Tomas Brell", "mediation", 0.7)]
    >>> [(s.speaker, s.quotes, s.label, s.leaning) for s in speaker_stances(quotes)]
    [('Ilse Varga', 2, 'bilateral', -1.0), ('Tomas Brell', 1, 'mediation', 1.0)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stance.types import LABELS, Quote

__all__ = ["SpeakerStance", "plot_speakers", "speaker_stances"]

#: one colour per label in charts (mediation, bilateral, neutral, unrelated)
LABEL_COLORS = {"mediation": "tab:blue", "bilateral": "tab:orange", "neutral": "tab:gray", "unrelated": "lightgray"}


@dataclass(frozen=True)
class SpeakerStance:
    """One speaker's quotes, counted by label.

    Attributes:
        speaker: the name as the articles give it most often, or ``None`` for quotes with no speaker.
        quotes: how many quotes the speaker has.
        counts: quotes per label (every label present, zeros included).
        shares: the mean probability of each label over the speaker's quotes (sums to 1); it weighs a
            hesitant quote less than a clear one.
        documents: in how many articles the speaker is quoted (``None`` when quotes came as one flat list).
    """

    speaker: str | None
    quotes: int
    counts: dict[str, int] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    documents: int | None = None

    @property
    def label(self) -> str:
        """The speaker's most frequent label (ties go to the larger share)."""
        return max(LABELS, key=lambda lab: (self.counts[lab], self.shares[lab]))

    @property
    def leaning(self) -> float | None:
        """From -1 (every stance quote for bilateral settlement) to +1 (every one for mediation).

        ``(mediation - bilateral) / (mediation + bilateral)`` over the quote counts; ``None`` when no
        quote of the speaker is labelled mediation or bilateral (the small probabilities an unrelated
        quote leaves to both are no stance). ``shares`` gives the probability-weighted view.
        """
        m, b = self.counts["mediation"], self.counts["bilateral"]
        return round((m - b) / (m + b), 4) if m + b > 0 else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with ``label`` and ``leaning`` included."""
        return {"speaker": self.speaker, "quotes": self.quotes, "documents": self.documents, "label": self.label,
                "leaning": self.leaning, "counts": dict(self.counts), "shares": dict(self.shares)}


def _articles(quotes: Any) -> tuple[list[list[Quote]], bool]:
    """The quotes as one list per article, and whether they came that way."""
    if isinstance(quotes, (str, bytes, Quote)) or not isinstance(quotes, Iterable):
        raise TypeError(f"speaker_stances() takes a list of stance.types.Quote (or one list per article), got "
                        f"{type(quotes).__name__}")
    items = list(quotes)
    nested = [isinstance(x, Iterable) and not isinstance(x, (str, bytes, dict)) for x in items]
    if any(nested) and not all(nested):
        raise TypeError("speaker_stances() takes either a list of quotes or a list of lists of quotes (one per "
                        "article), not a mix of both")
    per_article = bool(items) and all(nested)
    articles = [list(x) for x in items] if per_article else [items]
    for a, article in enumerate(articles):
        for i, q in enumerate(article):
            if isinstance(q, Quote) and q.label in LABELS:
                continue
            where = f"quote {i} of article {a}" if per_article else f"quote {i}"
            if not isinstance(q, Quote):
                raise TypeError(f"{where} is a {type(q).__name__}, not a stance.types.Quote; pass what "
                                "stance.analyze() returns")
            raise ValueError(f"{where} ({q.text!r:.50}) has no stance label ({q.label!r}); label the quotes "
                             "first with stance.analyze() or stance.label_quotes()")
    return articles, per_article


def _key(speaker: str | None) -> str | None:
    if speaker is None or not speaker.strip():
        return None
    return " ".join(speaker.split()).casefold()


def speaker_stances(quotes: Iterable[Quote] | Iterable[Iterable[Quote]], *, min_quotes: int = 1) -> list[SpeakerStance]:
    """Count each speaker's labelled quotes, over one article or many.

    Args:
        quotes: labelled quotes (what :func:`stance.analyze` returns), in one list or one list per
            article (then each row also says in how many articles the speaker is quoted).
        min_quotes: leave out speakers with fewer quotes than this (the row of quotes with no speaker
            is always kept, so that what is left out is visible).

    Returns:
        One :class:`SpeakerStance` per speaker, most quoted first (ties by name), the row of quotes
        without a speaker last.

    Raises:
        TypeError: ``quotes`` is not a list of quotes or of lists of quotes.
        ValueError: a quote has no label, or ``min_quotes`` is not a whole number of at least 1.

    Example:
        >>> from stance.types import Quote
        >>> a1 = [Quote("Only bilaterally.", 0, 17, "direct", "Ilse Varga", "bilateral", 0.9)]
        >>> a2 = [Quote("Still only bilaterally.", 0, 23, "direct", "ilse  varga", "bilateral", 0.8),
        ...       Quote("Forty people died.", 30, 48, "direct", None, "unrelated", 0.9)]
        >>> [(s.speaker, s.quotes, s.documents) for s in speaker_stances([a1, a2])]
        [('Ilse Varga', 2, 2), (None, 1, 1)]
    """
    if not isinstance(min_quotes, int) or isinstance(min_quotes, bool) or min_quotes < 1:
        raise ValueError(f"min_quotes should be a whole number of at least 1, got {min_quotes!r}")
    articles, per_article = _articles(quotes)
    groups: dict[str | None, list[Quote]] = {}
    spellings: dict[str | None, Counter] = {}
    docs: dict[str | None, set[int]] = {}
    for a, article in enumerate(articles):
        for q in article:
            key = _key(q.speaker)
            groups.setdefault(key, []).append(q)
            spellings.setdefault(key, Counter())[" ".join(q.speaker.split()) if key is not None else None] += 1
            docs.setdefault(key, set()).add(a)
    rows = []
    for key, qs in groups.items():
        if key is not None and len(qs) < min_quotes:
            continue
        counts = Counter(q.label for q in qs)
        shares = dict.fromkeys(LABELS, 0.0)
        for q in qs:
            probs = q.scores if q.scores else {q.label: 1.0}
            for lab in LABELS:
                shares[lab] += float(probs.get(lab, 0.0)) / len(qs)
        # the spelling the articles use most (ties: the first met)
        name = spellings[key].most_common(1)[0][0]
        rows.append(SpeakerStance(speaker=name, quotes=len(qs), counts={lab: counts.get(lab, 0) for lab in LABELS},
                                  shares={lab: round(v, 4) for lab, v in shares.items()},
                                  documents=len(docs[key]) if per_article else None))
    rows.sort(key=lambda r: (r.speaker is None, -r.quotes, (r.speaker or "").casefold()))
    return rows


def plot_speakers(rows: list[SpeakerStance], path: str | Path, *, top: int = 20,
                  title: str = "Stance by speaker") -> Path:
    """Draw one horizontal bar per speaker, split into the shares of each label, and save it as a PNG.

    Args:
        rows: what :func:`speaker_stances` returns.
        path: where to write the PNG; parent folders are created.
        top: draw the ``top`` most quoted speakers (the row without a speaker is left out of the chart).
        title: the figure title.

    Returns:
        The path written.

    Raises:
        ValueError: there is no speaker to draw, or ``top`` is below 1.

    Example:
        >>> import tempfile, pathlib
        >>> from stance.types import Quote
        >>> rows = speaker_stances([Quote("Only bilaterally.", 0, 17, "direct", "Ilse Varga", "bilateral", 0.9)])
        >>> plot_speakers(rows, pathlib.Path(tempfile.mkdtemp()) / "speakers.png").stat().st_size > 0
        True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ValueError(f"top should be a whole number of at least 1, got {top!r}")
    named = [r for r in rows if isinstance(r, SpeakerStance) and r.speaker is not None][:top]
    if not named:
        raise ValueError("no speaker to draw: pass the rows of speaker_stances() over quotes that have speakers")
    named = named[::-1]  # the most quoted at the top
    fig = Figure(figsize=(8, 1.2 + 0.35 * len(named)), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    y = range(len(named))
    left = [0.0] * len(named)
    for lab in LABELS:
        widths = [r.shares[lab] for r in named]
        ax.barh(list(y), widths, left=left, color=LABEL_COLORS[lab], edgecolor="white", label=lab)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(list(y), [f"{_short(r.speaker)} ({r.quotes})" for r in named], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the speaker's quotes (mean label probability)")
    ax.set_title(title)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=len(LABELS), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.35 / (1.2 + 0.35 * len(named)), 1, 1))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    return path


def _short(name: str, width: int = 40) -> str:
    name = " ".join(name.split())
    return name if len(name) <= width else name[:width - 1].rstrip() + "…"

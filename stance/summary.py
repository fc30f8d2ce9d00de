"""Who argues for what: the stance of each speaker over many labelled quotes, as a table and a chart.

:func:`speaker_stances` groups quotes (from :func:`stance.analyze`, one list per article or all in one
list) by speaker and counts their labels; :func:`plot_speakers` draws the result as one bar per
speaker, split by label. Speakers are grouped by their name with case, spacing and full stops
ignored ("S. Jaishankar" and "s  jaishankar" are one speaker), and a shorter form of a name counts
under the one longer name that ends with it ("Jaishankar"); a surname shared by two names and a
description ("the spokesman") stay apart, as the articles give them. Quotes with no speaker form a
row of their own (``speaker=None``), so no quote is dropped. :func:`stance_over_time` counts the quotes of dated
articles per day, week, month, quarter or year, and :func:`plot_over_time` draws them.

Example:
    >>> from stance.types import Quote
    >>> quotes = [Quote("We talk only to Marisca.", 0, 24, "direct", "Ilse Varga", "bilateral", 0.9),
    ...           Quote("No mediator is needed.", 30, 52, "direct", "Ilse Varga", "bilateral", 0.8),
    ...           Quote("We stand ready to host talks.", 60, 89, "direct", "Tomas Brell", "mediation", 0.7)]
    >>> [(s.speaker, s.quotes, s.label, s.leaning) for s in speaker_stances(quotes)]
    [('Ilse Varga', 2, 'bilateral', -1.0), ('Tomas Brell', 1, 'mediation', 1.0)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stance.types import LABELS, Quote

__all__ = ["FREQUENCIES", "PeriodStance", "SpeakerStance", "plot_over_time", "plot_speakers", "speaker_stances",
           "stance_over_time"]

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
        return _leaning(self.counts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with ``label`` and ``leaning`` included."""
        return {"speaker": self.speaker, "quotes": self.quotes, "documents": self.documents, "label": self.label,
                "leaning": self.leaning, "counts": dict(self.counts), "shares": dict(self.shares)}


def _leaning(counts: dict[str, int]) -> float | None:
    """``(mediation - bilateral) / (mediation + bilateral)`` over quote counts, or ``None`` without either."""
    m, b = counts["mediation"], counts["bilateral"]
    return round((m - b) / (m + b), 4) if m + b > 0 else None


def _articles(quotes: Any, caller: str = "speaker_stances()") -> tuple[list[list[Quote]], bool]:
    """The quotes as one list per article, and whether they came that way."""
    if isinstance(quotes, (str, bytes, Quote)) or not isinstance(quotes, Iterable):
        raise TypeError(f"{caller} takes a list of stance.types.Quote (or one list per article), got "
                        f"{type(quotes).__name__}")
    items = list(quotes)
    nested = [isinstance(x, Iterable) and not isinstance(x, (str, bytes, dict)) for x in items]
    if any(nested) and not all(nested):
        raise TypeError(f"{caller} takes either a list of quotes or a list of lists of quotes (one per "
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


#: words that make a speaker a body rather than a person, whose short forms are not merged
_BODIES = {"ministry", "department", "office", "government", "embassy", "council", "army", "military", "agency",
           "commission", "committee", "mission", "court", "party", "parliament", "assembly", "union", "nations",
           "house", "kremlin", "statement", "spokesman", "spokeswoman", "spokesperson", "official", "officials"}


def _key(speaker: str | None) -> str | None:
    if speaker is None or not speaker.strip():
        return None
    return " ".join(speaker.replace(".", " ").replace(",", " ").split()).casefold()


def _merged_keys(spellings: dict[str | None, Counter]) -> dict[str, str]:
    """Map a shorter name to the one longer name it ends ("Jaishankar" -> "S Jaishankar").

    Only people's names are merged (at most five words, each capitalised as the articles spell them
    most or a particle such as "bin" or "da"; no leading article, no possessive, no word such as
    ministry or council, since "Foreign Ministry" may be any country's; no country name), and
    only where one longer name, or one chain of names each ending the next ("Modi", "Narendra Modi",
    "Shri Narendra Modi"), ends with it: a "Khan" beside "Imran Khan" and "Shehbaz Khan" stays apart.
    """
    from stance.extract import _COUNTRIES, _NAME_PARTICLES

    particles = _NAME_PARTICLES | {"al", "el", "la", "le", "y", "e"}  # "al" and "el" stand alone in a spelling too
    names = {}
    for key, spelt in spellings.items():
        if key is None:
            continue
        words = spelt.most_common(1)[0][0].split()
        if (len(words) <= 5 and words[0].casefold() not in ("the", "a", "an")
                and all(w.casefold() in particles or any(p[:1].isupper() for p in w.split("-")) for w in words)
                and not any(w in _BODIES or w.endswith(("'s", "’s")) for w in key.split())):
            names[key] = key.split()  # "Abdel Fattah al-Burhan", "Lula da Silva"; not "the spokesman"
    by_last: dict[str, list[str]] = {}
    for key, words in names.items():
        by_last.setdefault(words[-1], []).append(key)
    merged = {}
    for key, words in names.items():
        if key in _COUNTRIES:
            continue  # "Nepal" is the country more often than the surname
        longer = sorted((k for k in by_last[words[-1]] if len(names[k]) > len(words) and names[k][-len(words):] == words),
                        key=lambda k: len(names[k]))
        if longer and all(names[longer[-1]][-len(names[k]):] == names[k] for k in longer):
            merged[key] = longer[-1]
    return merged


def speaker_stances(quotes: Iterable[Quote] | Iterable[Iterable[Quote]], *, min_quotes: int = 1,
                    merge_names: bool = True) -> list[SpeakerStance]:
    """Count each speaker's labelled quotes, over one article or many.

    Args:
        quotes: labelled quotes (what :func:`stance.analyze` returns), in one list or one list per
            article (then each row also says in how many articles the speaker is quoted).
        min_quotes: leave out speakers with fewer quotes than this (the row of quotes with no speaker
            is always kept, so that what is left out is visible).
        merge_names: count a shorter form of a name under the one longer name that ends with it
            ("Jaishankar" and "S. Jaishankar" under "S Jaishankar"'s most used spelling); a surname
            that ends two different names ("Khan": "Imran Khan", "Shehbaz Khan") and descriptions
            ("the spokesman") stay apart. ``False`` keeps every name as the articles give it.

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
    if merge_names:
        for short, long in _merged_keys(spellings).items():
            groups[long] += groups.pop(short)
            spellings[long] += spellings.pop(short)
            docs[long] |= docs.pop(short)
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
        # the spelling the articles use most (ties: the first met), preferring a name of two words or more
        # to a bare surname merged into it
        spelt = spellings[key]
        fuller = Counter({n: c for n, c in spelt.items() if n is not None and len(n.split()) > 1})
        name = (fuller or spelt).most_common(1)[0][0]
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


#: the periods :func:`stance_over_time` groups by
FREQUENCIES = ("day", "week", "month", "quarter", "year")
#: a date as the gold format writes it, optionally followed by a time ("2019-08-05", "2019-08-05T10:00")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
#: :func:`plot_over_time` draws at most this many periods (placeholder dates such as 9999-12-31 would ask for more)
MAX_PERIODS = 400


@dataclass(frozen=True)
class PeriodStance:
    """The labelled quotes of one period, counted by label.

    Attributes:
        period: ``"2019-08-05"`` (day), ``"2019-W32"`` (ISO week), ``"2019-08"`` (month),
            ``"2019-Q3"`` (quarter) or ``"2019"`` (year); ``None`` for articles without a usable date.
        quotes: how many quotes the period has.
        documents: in how many articles.
        counts: quotes per label (every label present, zeros included).
    """

    period: str | None
    quotes: int
    documents: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def leaning(self) -> float | None:
        """``(mediation - bilateral) / (mediation + bilateral)``, from -1 to +1; ``None`` without stance quotes."""
        return _leaning(self.counts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with ``leaning`` included."""
        return {"period": self.period, "quotes": self.quotes, "documents": self.documents, "leaning": self.leaning,
                "counts": dict(self.counts)}


def _period(value: Any, freq: str) -> str | None:
    """The period of an article date (``date``/``datetime`` or a ``YYYY-MM-DD`` string, a time after it allowed)."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and (m := _ISO_DAY.match(value.strip())):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:  # "2019-02-30"
            return None
    else:
        return None
    if freq == "day":
        return day.isoformat()
    if freq == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if freq == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if freq == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def stance_over_time(articles: Iterable[tuple[Any, Iterable[Quote]]], *, freq: str = "month",
                     speaker: str | None = None) -> list[PeriodStance]:
    """Count labelled quotes per period, over many dated articles.

    Args:
        articles: ``(date, quotes)`` pairs, one per article: the date as a ``datetime.date``, a
            ``datetime`` or an ISO string (``"2019-08-05"``; the gold format's ``date``), the quotes as
            :func:`stance.analyze` returns them.
        freq: one of :data:`FREQUENCIES`.
        speaker: count only the quotes whose speaker names this person: titles and punctuation dropped
            (:func:`stance.matching.normalize_speaker`), the words of one name must appear, in order, in
            the other, so ``"Mr Dane"`` finds ``"Dane"`` and ``"Oskar Dane"`` but ``"Imran Khan"`` does
            not find ``"Ayesha Khan"``.

    Returns:
        One :class:`PeriodStance` per period that has quotes, in time order; the articles without a
        usable date (empty, or not ISO) form a last row with ``period=None``, so none is dropped.

    Raises:
        TypeError: an item is not a ``(date, quotes)`` pair, or a quote is not a :class:`~stance.types.Quote`.
        ValueError: an unknown ``freq``, a blank ``speaker``, or a quote without a stance label.

    Example:
        >>> from stance.types import Quote
        >>> q = lambda label: Quote("...", 0, 3, "direct", "Ilse Varga", label, 0.9)
        >>> rows = stance_over_time([("2019-08-02", [q("bilateral")]), ("2019-08-20", [q("mediation"), q("mediation")]),
        ...                          ("2019-09-01", [q("bilateral")]), ("", [q("unrelated")])])
        >>> [(r.period, r.quotes, r.documents, r.leaning) for r in rows]
        [('2019-08', 3, 2, 0.3333), ('2019-09', 1, 1, -1.0), (None, 1, 1, None)]
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"freq should be one of {', '.join(map(repr, FREQUENCIES))}, got {freq!r}")
    if isinstance(articles, (str, bytes)) or not isinstance(articles, Iterable):
        raise TypeError(f"stance_over_time() takes (date, quotes) pairs, one per article, got {type(articles).__name__}")
    from stance.matching import normalize_speaker

    if speaker is not None and (not isinstance(speaker, str) or not normalize_speaker(speaker)):
        raise ValueError(f"speaker should be a name such as 'Jaishankar', got {speaker!r}")
    wanted = normalize_speaker(speaker) if speaker is not None else []
    counts: dict[str | None, Counter] = {}
    docs: dict[str | None, int] = {}
    for a, item in enumerate(articles):
        if not isinstance(item, tuple) or len(item) != 2:
            raise TypeError(f"article {a} is a {type(item).__name__}; expected a (date, quotes) pair, e.g. "
                            "(doc.extra.get('date'), stance.analyze(doc.text))")
        date, quotes = item
        found, nested = _articles(quotes, f"stance_over_time() (article {a})")
        if nested:
            raise TypeError(f"article {a}: the quotes should be one flat list of stance.types.Quote (what "
                            "stance.analyze() returns for the article), got a list of lists")
        kept = [q for q in found[0] if speaker is None or _names(q.speaker, wanted)]
        if not kept:
            continue
        period = _period(date, freq)
        counts.setdefault(period, Counter()).update(q.label for q in kept)
        docs[period] = docs.get(period, 0) + 1
    order = sorted(p for p in counts if p is not None) + ([None] if None in counts else [])
    return [PeriodStance(period=p, quotes=sum(counts[p].values()), documents=docs[p],
                         counts={lab: counts[p].get(lab, 0) for lab in LABELS}) for p in order]


def plot_over_time(rows: list[PeriodStance], path: str | Path, *, title: str = "Stance over time",
                   labels: Iterable[str] = ("mediation", "bilateral", "neutral")) -> Path:
    """Draw the quotes of each period as stacked bars by label, and save it as a PNG.

    A line on the right axis gives each period's leaning. Periods without quotes between the first
    and the last are drawn empty, so that the time axis is even; at most :data:`MAX_PERIODS` of them.

    Args:
        rows: what :func:`stance_over_time` returns (the undated row is left out of the chart).
        path: where to write the PNG; parent folders are created.
        title: the figure title.
        labels: the labels to stack (``unrelated`` is left out by default: it is most quotes and no stance).

    Returns:
        The path written.

    Raises:
        ValueError: no dated period to draw, an unknown label, or more than :data:`MAX_PERIODS` periods.

    Example:
        >>> import tempfile, pathlib
        >>> from stance.types import Quote
        >>> rows = stance_over_time([("2019-08-02", [Quote("...", 0, 3, "direct", None, "bilateral", 0.9)])])
        >>> plot_over_time(rows, pathlib.Path(tempfile.mkdtemp()) / "time.png").stat().st_size > 0
        True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = list(labels)
    unknown = [lab for lab in labels if lab not in LABELS]
    if unknown or not labels:
        raise ValueError(f"labels should be some of {', '.join(LABELS)}, got {labels!r}")
    dated = [r for r in rows if isinstance(r, PeriodStance) and r.period is not None]
    if not dated:
        raise ValueError("no dated period to draw: pass the rows of stance_over_time() over articles with dates")
    dated = _with_gaps(dated)  # periods without quotes get an empty bar, so the time axis stays even
    fig = Figure(figsize=(min(24.0, max(6.0, 0.3 * len(dated) + 2)), 4), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    x = list(range(len(dated)))
    bottom = [0] * len(dated)
    for lab in labels:
        heights = [r.counts[lab] for r in dated]
        ax.bar(x, heights, bottom=bottom, color=LABEL_COLORS[lab], edgecolor="white", label=lab)
        bottom = [a + b for a, b in zip(bottom, heights)]
    step = max(1, len(dated) // 24)  # at most about 24 tick labels
    ax.set_xticks(x[::step], [r.period for r in dated][::step], rotation=60 if len(dated) > 8 else 0, fontsize=8,
                  ha="right" if len(dated) > 8 else "center")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(1, max(bottom)) * 1.08)
    lean = ax.twinx()
    points = [(i, r.leaning) for i, r in zip(x, dated) if r.leaning is not None]
    if points:
        lean.plot([i for i, _ in points], [v for _, v in points], color="black", marker="o", markersize=3,
                  linewidth=1, label="leaning")
    lean.axhline(0, color="black", linewidth=0.5, linestyle=":")
    lean.set_ylim(-1.05, 1.05)
    lean.set_ylabel("leaning (-1 bilateral, +1 mediation)", fontsize=8)
    ax.set_ylabel("quotes")
    ax.set_title(title)
    handles, names = ax.get_legend_handles_labels()
    more, more_names = lean.get_legend_handles_labels()
    fig.legend(handles + more, names + more_names, fontsize=8, frameon=False, loc="lower center",
               ncol=len(handles) + len(more))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    return path


def _names(found: str | None, wanted: list[str]) -> bool:
    """Whether a quote's speaker and the wanted name (normalised) name the same person: one inside the other."""
    from stance.matching import _contains, normalize_speaker

    have = normalize_speaker(found)
    return bool(have) and (_contains(have, wanted) or _contains(wanted, have))


def _period_start(period: str) -> dt.date:
    """The first day of a period label of :func:`_period`."""
    if "-W" in period:
        year, week = period.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return dt.date(int(year), 3 * int(quarter) - 2, 1)
    parts = [int(p) for p in period.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _next_period(start: dt.date, freq: str) -> dt.date:
    """The first day of the period after the one that starts on ``start``."""
    if freq == "day":
        return start + dt.timedelta(days=1)
    if freq == "week":
        return start + dt.timedelta(days=7)
    if freq == "year":
        return dt.date(start.year + 1, 1, 1)
    months = 3 if freq == "quarter" else 1
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def _with_gaps(rows: list[PeriodStance]) -> list[PeriodStance]:
    """Dated ``rows`` in time order, with an empty row for every period between them that has no quotes.

    Raises:
        ValueError: the rows span more than :data:`MAX_PERIODS` periods.
    """
    first = rows[0].period
    freq = "week" if "-W" in first else "quarter" if "-Q" in first else ("year", "month", "day")[first.count("-")]
    rows = sorted(rows, key=lambda r: _period_start(r.period))
    have = {r.period: r for r in rows}
    start, last = _period_start(rows[0].period), _period_start(rows[-1].period)
    out: list[PeriodStance] = []
    while True:
        period = _period(start, freq)
        out.append(have.get(period) or PeriodStance(period, 0, 0, dict.fromkeys(LABELS, 0)))
        if len(out) > MAX_PERIODS:
            longer = FREQUENCIES[FREQUENCIES.index(freq) + 1:]
            hint = f"count by a longer period ({', '.join(longer)}), or " if longer else ""
            raise ValueError(f"the dates run from {rows[0].period} to {rows[-1].period}, more than {MAX_PERIODS} "
                             f"periods of a {freq}; {hint}look for placeholder dates such as 9999-12-31")
        if start >= last:
            return out
        start = _next_period(start, freq)

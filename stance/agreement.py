"""Agreement between two annotations of the same articles: spans, speakers and stances.

Two people correct copies of one ``stance annotate`` file (or annotate the same articles from
scratch); :func:`agreement` compares their gold files the way :mod:`stance.evaluation` compares a
model with gold, with the second file in the model's place:

* quotes are paired by the gold format's rule (overlap of at least half of the longer span,
  one-to-one); span F1 counts the pairs against both files' quotes;
* speakers agree by the gold format's speaker rule;
* stances: Cohen's kappa, macro-F1 (second against first) and observed agreement over the paired
  quotes that both annotators labelled, with the confusion matrix;
* every disagreement (a quote only one file has, a different speaker, a different stance) is
  listed for adjudication.

The command line is ``stance agreement FIRST.jsonl SECOND.jsonl``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from stance.gold import GoldArticle, _checked_articles, read_gold
from stance.matching import match_spans, speaker_matches
from stance.types import LABELS

__all__ = ["AgreementReport", "Disagreement", "agreement", "write_disagreements"]


@dataclass(frozen=True)
class Disagreement:
    """One point where the two annotations differ.

    Attributes:
        article: the article id.
        what: ``"span"`` (a quote only one file has), ``"speaker"`` or ``"stance"`` (another label, or
            a label in one file only).
        start: the quote's start offset (the first file's where both have the quote).
        end: its end offset.
        text: the quote text.
        first: the first file's value (``None`` for a quote it lacks or a stance it leaves empty; for
            ``span``, its quote text).
        second: the second file's value, likewise.
    """

    article: str
    what: str
    start: int
    end: int
    text: str
    first: str | None
    second: str | None


@dataclass(frozen=True)
class AgreementReport:
    """What :func:`agreement` measures; ``None`` where nothing could be measured.

    Attributes:
        articles: articles in both files (compared).
        only_first: ids of articles only the first file has (not compared).
        only_second: ids of articles only the second file has.
        quotes_first: quotes of the compared articles in the first file.
        quotes_second: the same in the second file.
        paired: quotes paired by the overlap rule.
        span_f1: 2 * paired / (quotes_first + quotes_second).
        exact_span_f1: the same with exact spans only.
        speaker_agreement: the share of paired quotes whose speakers agree.
        labelled: paired quotes that both files label (the stance figures count these).
        kappa: Cohen's kappa of the stances.
        macro_f1: macro-F1 of the second file's stances against the first's.
        observed: the share of labelled pairs with the same stance.
        confusion: rows the first file's label, columns the second's, in :data:`stance.LABELS` order.
        disagreements: every span, speaker and stance disagreement, in article and text order.
    """

    articles: int
    only_first: tuple[str, ...]
    only_second: tuple[str, ...]
    quotes_first: int
    quotes_second: int
    paired: int
    span_f1: float | None
    exact_span_f1: float | None
    speaker_agreement: float | None
    labelled: int
    kappa: float | None
    macro_f1: float | None
    observed: float | None
    confusion: list[list[int]] = field(default_factory=list)
    disagreements: tuple[Disagreement, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)

    def summary(self) -> str:
        """A plain-text summary: the figures, the confusion matrix and the disagreement counts."""

        def fmt(x: float | None) -> str:
            return "–" if x is None else f"{x:.3f}"

        lines = [
            f"articles compared: {self.articles}"
            + (f" (only in the first file: {len(self.only_first)}, only in the second: {len(self.only_second)})"
               if self.only_first or self.only_second else ""),
            f"quotes: first {self.quotes_first}, second {self.quotes_second}, paired {self.paired}",
            f"span F1 (overlap rule) {fmt(self.span_f1)}, exact spans {fmt(self.exact_span_f1)}",
            f"speaker agreement on paired quotes {fmt(self.speaker_agreement)}",
            f"stance on {self.labelled} quotes labelled in both: Cohen's kappa {fmt(self.kappa)}, "
            f"macro-F1 {fmt(self.macro_f1)}, observed agreement {fmt(self.observed)}",
        ]
        if self.labelled:
            width = max(len(label) for label in LABELS)
            corner = "first \\ second"
            lines.append("")
            lines.append(f"{corner:<{width + 6}}" + "".join(f"{label[:10]:>11}" for label in LABELS))
            for label, row in zip(LABELS, self.confusion):
                lines.append(f"{label:<{width + 6}}" + "".join(f"{n:>11}" for n in row))
        counts = {what: sum(d.what == what for d in self.disagreements) for what in ("span", "speaker", "stance")}
        lines.append("")
        lines.append(f"disagreements: {counts['span']} span, {counts['speaker']} speaker, {counts['stance']} stance")
        return "\n".join(lines)


def _articles(source: str | os.PathLike | Sequence[GoldArticle], name: str) -> dict[str, GoldArticle]:
    """The articles of one annotation by id (a file is read with null stances allowed)."""
    if isinstance(source, (str, os.PathLike)):
        return {a.id: a for a in read_gold(source, strict_labels=False)}  # read_gold refuses duplicate ids
    if not isinstance(source, Sequence) or isinstance(source, (str, bytes)):
        raise TypeError(f"{name} should be the path of a gold JSON Lines file or a list of GoldArticle, "
                        f"got {type(source).__name__}")
    out: dict[str, GoldArticle] = {}
    for a in _checked_articles(source, name):
        if a.id in out:
            raise ValueError(f"{name} has two articles with the id {a.id!r}; give each article its own id")
        for n, q in enumerate(a.quotes):
            if q.stance and q.stance not in LABELS:
                raise ValueError(f"{name}, article {a.id!r}, quote {n}: stance {q.stance!r} is not one of "
                                 f"{', '.join(LABELS)} (or empty for a quote not labelled yet)")
        out[a.id] = a
    return out


def agreement(first: str | os.PathLike | Sequence[GoldArticle],
              second: str | os.PathLike | Sequence[GoldArticle]) -> AgreementReport:
    """Compare two annotations of the same articles.

    Articles are paired by id; an id in only one file is listed and left out. Quotes without a
    stance (``null``, as ``stance annotate`` leaves them) count for spans and speakers but not for
    the stance figures.

    Args:
        first: the first annotation: a gold JSON Lines file or a list of :class:`~stance.gold.GoldArticle`.
        second: the second annotation, the same way.

    Returns:
        An :class:`AgreementReport`.

    Raises:
        TypeError: an argument is neither a path nor gold articles.
        ValueError: an article id has different texts in the two files (offsets would not compare),
            the files share no article id, a list holds one id twice, or a stance is not a label.
        FileNotFoundError, stance.gold.GoldFormatError: as :func:`stance.gold.read_gold`.

    Example:
        >>> from stance.gold import GoldArticle, GoldQuote
        >>> text = "Ali said talks must stay bilateral. Bo said a mediator could help."
        >>> q1 = GoldQuote(9, 34, "talks must stay bilateral", "indirect", "Ali", "bilateral")
        >>> q2 = GoldQuote(44, 66, "a mediator could help.", "indirect", "Bo", "mediation")
        >>> a = [GoldArticle(id="x", text=text, quotes=(q1, q2))]
        >>> b = [GoldArticle(id="x", text=text, quotes=(
        ...     q1, GoldQuote(44, 66, "a mediator could help.", "indirect", "Bo", "neutral")))]
        >>> r = agreement(a, b)
        >>> r.paired, r.observed, [(d.what, d.first, d.second) for d in r.disagreements]
        (2, 0.5, [('stance', 'mediation', 'neutral')])
    """
    from sklearn.metrics import cohen_kappa_score, confusion_matrix, f1_score

    one = _articles(first, "first")
    two = _articles(second, "second")
    common = [i for i in one if i in two]
    if not common:
        raise ValueError(f"the two annotations share no article id (first: {len(one)} articles, second: {len(two)}); "
                         "agreement compares annotations of the same articles")
    n_first = n_second = n_paired = n_exact = n_speaker = 0
    first_labels: list[str] = []
    second_labels: list[str] = []
    disagreements: list[Disagreement] = []
    for aid in common:
        a, b = one[aid], two[aid]
        if a.text != b.text:
            at = next((k for k, (x, y) in enumerate(zip(a.text, b.text)) if x != y), min(len(a.text), len(b.text)))
            raise ValueError(f"article {aid!r} has different texts in the two files (first difference at character "
                             f"{at}); quote offsets only compare over the same text")
        qa, qb = a.quotes, b.quotes
        n_first += len(qa)
        n_second += len(qb)
        spans_a, spans_b = [(q.start, q.end) for q in qa], [(q.start, q.end) for q in qb]
        pairs = match_spans(spans_b, spans_a)
        n_exact += len(match_spans(spans_b, spans_a, min_overlap=1.0))
        n_paired += len(pairs)
        paired_a = {j for _i, j in pairs}
        paired_b = {i for i, _j in pairs}
        for j, q in enumerate(qa):
            if j not in paired_a:
                disagreements.append(Disagreement(aid, "span", q.start, q.end, q.text, q.text, None))
        for i, q in enumerate(qb):
            if i not in paired_b:
                disagreements.append(Disagreement(aid, "span", q.start, q.end, q.text, None, q.text))
        for i, j in pairs:
            x, y = qa[j], qb[i]
            # two unattributed quotes agree; the speaker rule alone would call two empty names different
            if (not x.speaker.strip() and not y.speaker.strip()) or speaker_matches(y.speaker, x.speaker):
                n_speaker += 1
            else:
                disagreements.append(Disagreement(aid, "speaker", x.start, x.end, x.text, x.speaker, y.speaker))
            if x.stance and y.stance:
                first_labels.append(x.stance)
                second_labels.append(y.stance)
            if x.stance != y.stance:  # a label on one side only is listed too (None for the missing one)
                disagreements.append(Disagreement(aid, "stance", x.start, x.end, x.text, x.stance or None,
                                                  y.stance or None))
    position = {aid: n for n, aid in enumerate(common)}
    disagreements.sort(key=lambda d: (position[d.article], d.start, d.what))
    n = len(first_labels)
    confusion = [[0] * len(LABELS) for _ in LABELS]
    if n:
        confusion = confusion_matrix(first_labels, second_labels, labels=list(LABELS)).tolist()
    present = sorted(set(first_labels) | set(second_labels), key=LABELS.index)
    # kappa is undefined when both files use one and the same label throughout
    kappa = float(cohen_kappa_score(first_labels, second_labels, labels=list(LABELS))) if len(present) > 1 else None
    total = n_first + n_second
    return AgreementReport(
        articles=len(common),
        only_first=tuple(i for i in one if i not in two),
        only_second=tuple(i for i in two if i not in one),
        quotes_first=n_first,
        quotes_second=n_second,
        paired=n_paired,
        span_f1=2 * n_paired / total if total else None,
        exact_span_f1=2 * n_exact / total if total else None,
        speaker_agreement=n_speaker / n_paired if n_paired else None,
        labelled=n,
        kappa=kappa,
        macro_f1=float(f1_score(first_labels, second_labels, labels=present, average="macro", zero_division=0))
        if n else None,
        observed=sum(f == s for f, s in zip(first_labels, second_labels)) / n if n else None,
        confusion=confusion,
        disagreements=tuple(disagreements),
    )


def write_disagreements(report: AgreementReport, path: str | os.PathLike) -> int:
    """Write a report's disagreements as JSON Lines, one per line, for adjudication.

    Args:
        report: what :func:`agreement` returned.
        path: the file to write.

    Returns:
        The number of disagreements written.

    Example:
        >>> import os, tempfile
        >>> d = Disagreement("x", "stance", 0, 5, "Hello", "mediation", "neutral")
        >>> write_disagreements(AgreementReport(1, (), (), 1, 1, 1, 1.0, 1.0, 1.0, 1, None, 0.0, 0.0, disagreements=(d,)),
        ...                     os.path.join(tempfile.mkdtemp(), "dis.jsonl"))
        1
    """
    with open(Path(path), "w", encoding="utf-8") as fh:
        for d in report.disagreements:
            fh.write(json.dumps(asdict(d), ensure_ascii=False) + "\n")
    return len(report.disagreements)

"""Annotation: new articles as machine-suggested gold files and datasets, for people to correct.

A team that follows a dispute the corpus lacks wants its own gold articles: to measure the model
on them (``stance evaluate --gold``) and to train on them (``data.extra_gold``). Writing a gold
file from nothing means finding every quote's offsets by hand; here the extractor finds the quotes
and their speakers, the model suggests a stance for each, and the annotator only corrects.

* :func:`annotation_dataset` gives one row per extracted quote as a Hugging Face ``Dataset``
  (:data:`ANNOTATION_FEATURES`), with the suggestion, its probability and the margin to the
  runner-up, so that the least certain quotes can be reviewed first (``ds.sort("margin")``).
* :func:`write_annotation_file` writes the articles in the gold format
  (README, "Gold format"), every found quote listed with ``"stance": null`` and the model's
  guess beside it (``suggested``, ``confidence``, ``scores``). The annotator fixes spans and
  speakers, adds missed quotes, deletes false ones and fills each ``stance`` by the guidelines.
  :func:`stance.gold.read_gold` refuses the file while any quote still has no stance, naming the
  article and quote, so an unreviewed suggestion can never pass for a gold label.

The command line is ``stance annotate FILES --out FILE``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasets import ClassLabel, Dataset, Features, Value
from datasets import Sequence as SequenceFeature

from stance.context import quote_context
from stance.data import _to_dataset
from stance.documents import Document
from stance.types import LABELS, Quote

__all__ = ["ANNOTATION_FEATURES", "ORDERS", "UNCERTAIN_BELOW", "annotation_dataset", "write_annotation_file"]

#: the columns of :func:`annotation_dataset`
ANNOTATION_FEATURES = Features(
    {
        "document": Value("string"),
        "quote": Value("int32"),
        "start": Value("int32"),
        "end": Value("int32"),
        "kind": Value("string"),
        "speaker": Value("string"),
        "text": Value("string"),
        "before": Value("string"),
        "after": Value("string"),
        "suggested": ClassLabel(names=list(LABELS)),
        "confidence": Value("float32"),
        "margin": Value("float32"),
        "scores": SequenceFeature(Value("float32"), length=len(LABELS)),
    }
)

#: how :func:`write_annotation_file` orders the articles
ORDERS = ("input", "uncertain")
#: a suggestion under this probability counts as uncertain in :func:`write_annotation_file`'s counts
UNCERTAIN_BELOW = 0.6


@dataclass(frozen=True)
class _Suggested:
    """One document with its extracted quotes, each labelled by the model."""

    document: Document
    quotes: list[Quote]

    @property
    def least_margin(self) -> float:
        """The smallest top-two probability gap over the quotes (2.0, after every real gap, without quotes)."""
        return min((_margin(q) for q in self.quotes), default=2.0)


def _margin(q: Quote) -> float:
    top = sorted(q.scores.values(), reverse=True)
    return top[0] - top[1] if len(top) > 1 else 1.0


def _documents(documents: Iterable[str | Document] | str | Document) -> list[Document]:
    """Check and normalise the ``documents`` argument: article strings get ids ``doc-0``, ``doc-1``, ..."""
    if isinstance(documents, (str, Document)):
        raise TypeError("expected a list of articles (str or stance.documents.Document), got a single "
                        f"{type(documents).__name__}; wrap it in a list: [article]")
    if documents is None or not isinstance(documents, Iterable):
        raise TypeError(f"expected a list of articles (str or stance.documents.Document), got {type(documents).__name__}; "
                        "read files with stance.documents.read_documents([...])")
    docs = []
    for i, d in enumerate(documents):
        if isinstance(d, str):
            docs.append(Document(id=f"doc-{i}", text=d))
        elif isinstance(d, Document):
            docs.append(d)
        else:
            raise TypeError(f"article {i} is a {type(d).__name__} ({d!r:.60}); expected a str or a "
                            "stance.documents.Document")
    seen: set[str] = set()
    for d in docs:
        if d.extra.get("quotes"):
            raise ValueError(f"article {d.id!r} already has {len(d.extra['quotes'])} quotes in its input row; annotation "
                             "writes the quotes the extractor finds and would drop them. Start from the raw articles "
                             "(rows without 'quotes'), or compare finished annotations with stance agreement")
        if d.id in seen:
            raise ValueError(f"two articles share the id {d.id!r}; a gold file needs one id per article "
                             "(give each JSON row its own 'id', or pass distinct file names)")
        seen.add(d.id)
    return docs


def _suggest(docs: list[Document], model: Any, extractor: Any, progress: bool | None) -> Iterator[_Suggested]:
    """Extract and label the quotes of every document (checked by :func:`_documents`), in input order."""
    from tqdm.auto import tqdm

    from stance.api import analyze_many

    found = analyze_many((d.text for d in docs), model=model, extractor=extractor)
    bar = tqdm(zip(docs, found, strict=True), total=len(docs), desc="suggesting", unit="doc",
               disable=(len(docs) < 2) if progress is None else not progress)
    for doc, quotes in bar:
        for q in quotes:
            if q.label not in LABELS or any(label not in q.scores for label in LABELS):
                raise ValueError(f"the model labelled a quote of article {doc.id!r} {q.label!r} with scores for "
                                 f"{sorted(q.scores)}; suggestions need one of {', '.join(LABELS)} and a score for each")
        yield _Suggested(doc, quotes)


def annotation_dataset(documents: Iterable[str | Document], *, model: Any = "default", extractor: Callable | None = None,
                       window: int = 300, progress: bool | None = None) -> Dataset:
    """One row per quote the extractor finds, with the model's suggested stance.

    Args:
        documents: article texts, or :class:`~stance.documents.Document` objects (from
            :func:`~stance.documents.read_documents`); plain strings get the ids ``doc-0``, ``doc-1``, ...
        model: a model name, folder or loaded classifier that makes the suggestions (names and
            folders load in torch, as :func:`stance.analyze_many` loads them; pass ``stance.load(name)``
            for numpy).
        extractor: a :class:`~stance.extract.QuoteExtractor`, or any callable text -> list of
            :class:`~stance.types.Quote`; ``None`` uses the shared ``QuoteExtractor``.
        window: characters of context kept on each side of a quote (the ``before`` and ``after``
            columns, as :func:`stance.context.quote_context` cuts them).
        progress: show a progress bar (``None``: only for two documents or more).

    Returns:
        A ``Dataset`` with :data:`ANNOTATION_FEATURES`: ``document``, ``quote`` (its index in the
        document), ``start``, ``end``, ``kind``, ``speaker`` (``""`` when none was found), ``text``,
        ``before``, ``after``, ``suggested`` (a ``ClassLabel``), ``confidence`` (the suggestion's
        probability), ``margin`` (its lead over the runner-up) and ``scores`` (one probability per
        label, in :data:`stance.LABELS` order).

    Raises:
        TypeError: ``documents`` is not a list of str or Document, or ``model`` or ``extractor`` is not usable.
        ValueError: two documents share an id.

    Example:
        >>> art = 'Ministers met on Monday. "Any talks will be strictly bilateral," the minister said.'
        >>> ds = annotation_dataset([art], model="keywords")
        >>> ds[0]["speaker"], ds.features["suggested"].int2str(ds[0]["suggested"])
        ('the minister', 'bilateral')
        >>> review_first = ds.sort("margin")  # the least certain suggestions first
    """
    rows = []
    for item in _suggest(_documents(documents), model, extractor, progress):
        for n, q in enumerate(item.quotes):
            before, after = quote_context(item.document.text, q.start, q.end, window)
            rows.append({"document": item.document.id, "quote": n, "start": q.start, "end": q.end, "kind": q.kind,
                         "speaker": q.speaker or "", "text": q.text, "before": before, "after": after,
                         "suggested": LABELS.index(q.label), "confidence": q.score, "margin": _margin(q),
                         "scores": [q.scores[label] for label in LABELS]})
    return _to_dataset(rows, ANNOTATION_FEATURES)


def write_annotation_file(documents: Iterable[str | Document], path: str | os.PathLike, *, model: Any = "default",
                          extractor: Callable | None = None, dispute: str | None = None, order: str = "input",
                          limit: int | None = None, overwrite: bool = False,
                          progress: bool | None = None) -> dict[str, int]:
    """Write articles as a gold file to correct: found quotes and speakers, stances left to fill.

    Every article is written, with or without quotes (the annotator adds the quotes the extractor
    missed). Each found quote has the gold fields with ``"stance": null`` and, beside them, the
    model's ``suggested`` label, its ``confidence`` and all label ``scores``. Fields of JSON input
    rows other than ``id``, ``text``, ``title`` and ``quotes`` (``dispute``, ``date``, ``url``, ...) are kept.

    Args:
        documents: article texts or :class:`~stance.documents.Document` objects.
        path: the JSON Lines file to write (its folder must exist).
        model: a model name, folder or loaded classifier that makes the suggestions (as for
            :func:`annotation_dataset`).
        extractor: as for :func:`annotation_dataset`.
        dispute: the dispute slug for articles whose input gives none (e.g. ``"gerd"``).
        order: ``"input"`` keeps the input order; ``"uncertain"`` puts first the articles whose
            least certain quote has the smallest margin, so a limited budget goes where the model
            is least sure.
        limit: write only this many articles (after ordering; with ``order="input"`` the others
            are not even labelled).
        overwrite: replace an existing file at ``path`` (refused by default: it may hold corrections).
        progress: show a progress bar (``None``: only for two documents or more).

    Returns:
        Counts: ``articles`` and ``quotes`` written, ``uncertain`` (quotes whose suggestion has a
        probability under :data:`UNCERTAIN_BELOW`, 0.6).

    Raises:
        TypeError: a bad ``documents``, ``model`` or ``extractor``.
        ValueError: an unknown ``order``, a ``limit`` under 1, two documents sharing an id, or an
            input article that already has quotes.
        FileExistsError: ``path`` exists and ``overwrite`` is not set.
        OSError: the file cannot be written.

    Example:
        >>> import tempfile, os, json
        >>> out = os.path.join(tempfile.mkdtemp(), "to-annotate.jsonl")
        >>> art = '"The issue will be settled only bilaterally," the envoy said.'
        >>> write_annotation_file([art], out, model="keywords", dispute="ruritania")
        {'articles': 1, 'quotes': 1, 'uncertain': 0}
        >>> q = json.loads(open(out).read())["quotes"][0]
        >>> q["speaker"], q["stance"], q["suggested"]
        ('the envoy', None, 'bilateral')
    """
    if order not in ORDERS:
        raise ValueError(f"order should be one of {', '.join(map(repr, ORDERS))}, got {order!r}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"limit should be a whole number of articles, at least 1 (leave it out for all); got {limit!r}")
    if dispute is not None and not isinstance(dispute, str):
        raise TypeError(f"dispute should be a slug such as 'gerd' or None, got {type(dispute).__name__}")
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{str(path)!r} is a folder; give the path of the JSON Lines file to write")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {str(path)!r}: the folder {str(path.parent)!r} does not exist")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{str(path)!r} exists and may hold someone's corrections; choose another file, or "
                              "pass overwrite=True (--force on the command line) to replace it")
    docs = _documents(documents)
    if order == "input" and limit is not None:
        docs = docs[:limit]
    items = list(_suggest(docs, model, extractor, progress))
    if order == "uncertain":
        items.sort(key=lambda item: item.least_margin)  # stable: ties keep the input order
    items = items[:limit]
    try:  # every row serialised before the file is opened: a failure leaves any old file as it was
        lines = [json.dumps(_gold_row(item, dispute), ensure_ascii=False) + "\n" for item in items]
    except TypeError as exc:
        raise TypeError(f"an input field cannot be written as JSON ({exc}); give JSON-ready values in the input rows") \
            from None
    path.write_text("".join(lines), encoding="utf-8")
    return {"articles": len(items), "quotes": sum(len(item.quotes) for item in items),
            "uncertain": sum(q.score < UNCERTAIN_BELOW for item in items for q in item.quotes)}


def _gold_row(item: _Suggested, dispute: str | None) -> dict[str, Any]:
    doc = item.document
    extra = {k: v for k, v in doc.extra.items() if k != "quotes"}
    row: dict[str, Any] = {"id": doc.id, "url": str(extra.pop("url", "") or ""), "title": doc.title or "",
                           "date": str(extra.pop("date", "") or ""),
                           "dispute": str(extra.pop("dispute", "") or dispute or ""), "text": doc.text}
    row["quotes"] = [{"start": q.start, "end": q.end, "text": q.text, "kind": q.kind, "speaker": q.speaker or "",
                      "stance": None, "suggested": q.label, "confidence": round(q.score, 4),
                      "scores": {k: round(v, 4) for k, v in q.scores.items()}} for q in item.quotes]
    return {**row, **extra}


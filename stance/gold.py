"""Read and write annotated articles in the gold JSON Lines format.

The format is described in the project README ("Gold format"): one article per line with
``id``, ``url``, ``title``, ``date``, ``dispute``, ``text`` and ``quotes``; each quote has
``start``, ``end``, ``text``, ``kind``, ``speaker`` and ``stance``, and
``text[start:end] == quote.text``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from stance.types import KINDS, LABELS

__all__ = ["GoldArticle", "GoldFormatError", "GoldQuote", "read_gold", "write_gold"]


class GoldFormatError(ValueError):
    """A gold file does not follow the format; the message names the file, line and field."""


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quote of a gold article."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str
    stance: str


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article."""

    id: str
    text: str
    quotes: tuple[GoldQuote, ...] = ()
    dispute: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict, compare=False)


def _field(obj: dict, key: str, types: type | tuple, where: str) -> object:
    if key not in obj:
        raise GoldFormatError(f"{where}: missing field {key!r}. Every {'quote' if 'quote' in where else 'article'} needs it.")
    value = obj[key]
    if not isinstance(value, types) or isinstance(value, bool):
        want = types.__name__ if isinstance(types, type) else " or ".join(t.__name__ for t in types)
        raise GoldFormatError(f"{where}: field {key!r} should be {want}, got {type(value).__name__} ({value!r:.60})")
    return value


def _parse_article(obj: object, where: str, strict_labels: bool) -> GoldArticle:
    if not isinstance(obj, dict):
        raise GoldFormatError(f"{where}: expected a JSON object (one article per line), got {type(obj).__name__}")
    aid = str(_field(obj, "id", (str, int), where))
    where = f"{where} (article {aid!r})"
    text = _field(obj, "text", str, where)
    raw_quotes = obj.get("quotes", [])
    if not isinstance(raw_quotes, list):
        raise GoldFormatError(f"{where}: field 'quotes' should be a list, got {type(raw_quotes).__name__}")
    quotes = []
    for i, q in enumerate(raw_quotes):
        qw = f"{where}, quote {i}"
        if not isinstance(q, dict):
            raise GoldFormatError(f"{qw}: expected a JSON object, got {type(q).__name__}")
        start = _field(q, "start", int, qw)
        end = _field(q, "end", int, qw)
        qtext = _field(q, "text", str, qw)
        if not 0 <= start < end <= len(text):
            raise GoldFormatError(f"{qw}: span [{start}, {end}) is outside the article text of {len(text)} characters")
        if not qtext.strip():
            raise GoldFormatError(f"{qw}: the quote text {qtext!r} is only white space; a gold quote must hold the "
                                  "words said (fix its offsets or drop the quote)")
        if text[start:end] != qtext:
            raise GoldFormatError(
                f"{qw}: text[start:end] is {text[start:end][:60]!r} but field 'text' is {qtext[:60]!r}; "
                "offsets must index the article text as Python code points"
            )
        kind = _field(q, "kind", str, qw)
        if kind not in KINDS:
            raise GoldFormatError(f"{qw}: field 'kind' is {kind!r}, expected one of {', '.join(KINDS)}")
        stance = q.get("stance")
        if strict_labels and "stance" in q and stance is None:
            hint = f" (the model suggested {q['suggested']!r})" if isinstance(q.get("suggested"), str) else ""
            left = sum(isinstance(x, dict) and "stance" in x and x["stance"] is None for x in raw_quotes[i:])
            raise GoldFormatError(
                f"{qw}: 'stance' is null: this quote is not annotated yet{hint}; {left} quote(s) of this article from "
                f"here on have no stance. Set each to one of {', '.join(LABELS)} by the annotation guidelines "
                "(`stance annotate` leaves them null for a person to fill); in Python, read_gold(path, "
                "strict_labels=False) reads the quotes and speakers alone"
            )
        if strict_labels or stance is not None:
            stance = _field(q, "stance", str, qw)
            if stance not in LABELS:
                raise GoldFormatError(f"{qw}: field 'stance' is {stance!r}, expected one of {', '.join(LABELS)}")
        speaker = q.get("speaker") or ""
        if not isinstance(speaker, str):
            raise GoldFormatError(f"{qw}: field 'speaker' should be a string, got {type(speaker).__name__}")
        quotes.append(GoldQuote(start, end, qtext, kind, speaker, stance or ""))
    known = {"id", "text", "quotes", "dispute", "title", "date", "url"}
    return GoldArticle(
        id=aid, text=text, quotes=tuple(quotes),
        dispute=str(obj.get("dispute") or ""), title=str(obj.get("title") or ""),
        date=str(obj.get("date") or ""), url=str(obj.get("url") or ""),
        extra={k: v for k, v in obj.items() if k not in known},
    )


def read_gold(path: str | Path, *, strict_labels: bool = True) -> list[GoldArticle]:
    """Read a gold JSON Lines file.

    Args:
        path: the file, one article per line (blank lines are skipped).
        strict_labels: require a valid ``stance`` on every quote. Set ``False`` for files
            annotated for quotes and speakers only.

    Returns:
        The articles, in file order.

    Raises:
        TypeError: ``path`` is not a str or Path.
        FileNotFoundError: the file does not exist.
        IsADirectoryError: the path is a folder.
        GoldFormatError: a line is not JSON or breaks the format; the message names the line
            and field.

    Example:
        >>> import json, tempfile
        >>> row = {"id": "a1", "text": "He said: \\"Only bilaterally.\\"", "quotes": [
        ...     {"start": 10, "end": 27, "text": "Only bilaterally.", "kind": "direct",
        ...      "speaker": "He", "stance": "bilateral"}]}
        >>> f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
        >>> _ = f.write(json.dumps(row) + "\\n"); f.close()
        >>> read_gold(f.name)[0].quotes[0].stance
        'bilateral'
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"read_gold() takes the path of a gold JSON Lines file (str or Path), got {type(path).__name__}")
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"gold file {str(path)!r} is a folder; expected a JSON Lines file of annotated articles "
                                "(in a corpus folder, articles.jsonl)")
    if not path.is_file():
        raise FileNotFoundError(f"gold file {str(path)!r} does not exist; expected a JSON Lines file of annotated articles")
    articles = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{lineno}"
            try:
                # without its line ending, so that a truncated row is reported at its own last column
                obj = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            art = _parse_article(obj, where, strict_labels)
            if art.id in seen:
                raise GoldFormatError(f"{where}: duplicate article id {art.id!r}")
            seen.add(art.id)
            articles.append(art)
    return articles


def _checked_articles(items: Iterable[object], name: str) -> list[GoldArticle]:
    """``items`` as a list, each checked to be a :class:`GoldArticle` (``name`` says whose items in errors)."""
    articles = list(items)
    for i, a in enumerate(articles):
        if not isinstance(a, GoldArticle):
            raise TypeError(f"{name} item {i} is a {type(a).__name__}; expected stance.gold.GoldArticle objects "
                            "(read a file with stance.gold.read_gold) or the path of a gold file")
    return articles


def write_gold(articles: list[GoldArticle], path: str | Path) -> None:
    """Write articles to a gold JSON Lines file (the inverse of :func:`read_gold`)."""
    with open(path, "w", encoding="utf-8") as fh:
        for a in articles:
            row = {"id": a.id, "url": a.url, "title": a.title, "date": a.date, "dispute": a.dispute,
                   "text": a.text, "quotes": [asdict(q) for q in a.quotes], **a.extra}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")

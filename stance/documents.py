"""Reading analysis inputs: plain text, HTML, JSON Lines and JSON articles.

Every reader returns :class:`Document` objects whose ``text`` is what the extractor sees. For HTML
input that is the text **after HTML reduction** by :func:`html_to_text` (scripts, styles and
navigation dropped, entities unescaped, paragraphs separated by blank lines): quote offsets
(``Quote.start``/``Quote.end``) index ``Document.text``, never the raw HTML. For ``.txt`` and
``.jsonl``/``.json`` inputs the text is used exactly as read (``.txt`` line endings, CRLF included, are kept), so gold
offsets stay valid.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

__all__ = ["Document", "html_to_text", "read_documents"]

_DROP = {"script", "style", "nav", "noscript", "template", "svg", "head", "iframe", "form"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "aside", "main", "blockquote", "li", "ul", "ol",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "pre", "figure", "figcaption", "dl", "dt", "dd", "title",
}


@dataclass(frozen=True)
class Document:
    """One article to analyse.

    Attributes:
        id: an identifier (the ``id`` of a JSON Lines row, else the file name, ``-`` for stdin).
        text: the article text; quote offsets index this string.
        title: the title when the input gives one.
        extra: the other fields of a JSON row (``dispute``, ``date``, ``url``, a gold file's
            ``quotes``, ...); empty for text and HTML files.

    Example:
        >>> Document(id="a1", text="He said so.").title is None
        True
    """

    id: str
    text: str
    title: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip_tags: list[str] = []  # open dropped elements, innermost last
        self.title: str | None = None
        self._title_depth = 0  # inside a <title> element (its text never joins the article)
        self._take_title = False  # that <title> is the page title
        self._title_parts: list[str] = []

    def _flush(self) -> None:
        para = re.sub(r"[ \t\r\f\v\n]+", " ", "".join(self.current)).strip()
        if para:
            self.blocks.append(para)
        self.current = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROP:
            self.skip_tags.append(tag)
        elif tag == "body":
            # an unclosed <head> ends where the body starts
            self.skip_tags = [t for t in self.skip_tags if t != "head"]
        elif tag == "title":
            # the page title is the first <title> outside dropped elements (<head> excepted):
            # an <svg><title> is an icon label, not the page title
            self._title_depth += 1
            if self.title is None and all(t == "head" for t in self.skip_tags):
                self._take_title = True
                self._title_parts = []
        elif tag == "br":
            self.current.append(" ")
        elif tag in _BLOCK:
            self._flush()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            if tag in self.skip_tags:  # close it and anything left open inside it
                del self.skip_tags[len(self.skip_tags) - 1 - self.skip_tags[::-1].index(tag):]
        elif tag == "title":
            self._title_depth = max(0, self._title_depth - 1)
            if self._take_title:
                self._take_title = False
                self.title = " ".join("".join(self._title_parts).split()) or None
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._take_title:
            self._title_parts.append(data)
        elif not self.skip_tags and not self._title_depth:
            self.current.append(data)


def _parse_html(html: str) -> tuple[str, str | None]:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n\n".join(parser.blocks), parser.title


def html_to_text(html: str) -> str:
    """Reduce an HTML page to article text.

    Drops ``script``, ``style``, ``nav`` (and similar) elements and the ``<title>``, unescapes
    entities, collapses white space inside a paragraph and separates paragraphs (block elements)
    by a blank line.

    Args:
        html: the page.

    Returns:
        The text; quote offsets found in it index this string.

    Raises:
        TypeError: ``html`` is not a string.

    Example:
        >>> html_to_text("<p>He said &ldquo;no&rdquo;.</p><script>x()</script><p>Next</p>")
        'He said “no”.\\n\\nNext'
    """
    if not isinstance(html, str):
        raise TypeError(f"html_to_text expects the page as str, got {type(html).__name__}")
    return _parse_html(html)[0]


def _document(row: object, where: str, default_id: str) -> Document:
    """One article from a parsed JSON object with a ``text`` field (``id``, ``title`` and other fields optional)."""
    if not isinstance(row, dict):
        raise ValueError(f"{where}: expected a JSON object with a 'text' field, got {type(row).__name__}")
    if "text" not in row:
        raise ValueError(f"{where}: the row has no 'text' field (fields: {', '.join(sorted(row)) or 'none'})")
    text = row["text"]
    if not isinstance(text, str):
        raise ValueError(f"{where}: field 'text' should be a string, got {type(text).__name__}")
    title = row.get("title") or None
    extra = {k: v for k, v in row.items() if k not in ("id", "text", "title")}
    return Document(id=str(row.get("id", default_id)), text=text, title=str(title) if title is not None else None,
                    extra=extra)


def _read_jsonl(lines: Iterable[str], source: str) -> list[Document]:
    docs = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            # without its line ending, so that a truncated row is reported at its own last column
            row = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        docs.append(_document(row, where, f"{source}:{lineno}"))
    return docs


def _read_json(data: str, source: str) -> list[Document]:
    """Articles from a JSON file: an array of objects with a ``text`` field, or one such object."""
    try:
        parsed = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                         "expected an array of objects with a 'text' field, or one such object") from None
    if isinstance(parsed, dict):
        return [_document(parsed, source, source)]
    if not isinstance(parsed, list):
        raise ValueError(f"{source}: expected a JSON array of objects with a 'text' field, or one such object, "
                         f"got a {type(parsed).__name__} at the top level")
    return [_document(row, f"{source}, item {i}", f"{source}:{i}") for i, row in enumerate(parsed)]


def read_documents(paths: Iterable[str | Path]) -> list[Document]:
    """Read articles from ``.txt``, ``.html``/``.htm``, ``.jsonl`` and ``.json`` files, or ``-`` for stdin.

    A ``.jsonl`` file holds one article per line, in the gold format or any object with a
    ``text`` field (``id`` and ``title`` are used when present, and the other fields are kept in
    :attr:`Document.extra`). A ``.json`` file holds an array
    of such objects, or a single one. Stdin is read as JSON Lines when its first non-blank character
    is ``{``, else as plain text. Other suffixes are read as text.

    Args:
        paths: files to read, in order.

    Returns:
        The documents, in input order.

    Raises:
        FileNotFoundError: a path does not exist.
        IsADirectoryError: a path is a folder.
        ValueError: a JSON Lines row is not valid or has no ``text`` field (the message names the line),
            a ``.json`` file is not an array of such objects or one object, or a ``.txt``/``.jsonl``/``.json``
            file is not UTF-8.
        TypeError: ``paths`` is a single string instead of a list of paths.

    Example:
        >>> import tempfile, os
        >>> d = tempfile.mkdtemp()
        >>> p = os.path.join(d, "a.html")
        >>> _ = open(p, "w").write("<p>Hi &amp; bye</p>")
        >>> read_documents([p])[0].text
        'Hi & bye'
    """
    if isinstance(paths, (str, Path)):
        raise TypeError(f"read_documents expects a list of paths, got a single {type(paths).__name__}; "
                        f"wrap it in a list: read_documents([{str(paths)!r}])")
    docs: list[Document] = []
    for p in paths:
        if str(p) == "-":
            # the raw bytes, decoded without newline translation, so offsets index what was piped in
            raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
            try:
                data = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(f"standard input is not valid UTF-8 text (byte {exc.start}: {exc.reason}); "
                                 "pipe in UTF-8 encoded text") from None
            if data.lstrip().startswith("{"):
                # split on "\n" only, as file reading does: str.splitlines() would also break
                # on U+2028, U+0085 and similar characters inside JSON strings
                docs.extend(_read_jsonl(data.split("\n"), "<stdin>"))
            else:
                docs.append(Document(id="-", text=data))
            continue
        path = Path(p)
        if path.is_dir():
            raise IsADirectoryError(f"input {str(path)!r} is a folder, not a file; "
                                    "pass the .txt, .html/.htm, .jsonl or .json files inside it, or - for stdin")
        if not path.is_file():
            raise FileNotFoundError(f"input file {str(path)!r} does not exist; "
                                    "expected a .txt, .html/.htm, .jsonl or .json file, or - for stdin")
        suffix = path.suffix.lower()
        try:
            if suffix == ".jsonl":
                with open(path, encoding="utf-8") as fh:
                    docs.extend(_read_jsonl(fh, path.name))
            elif suffix == ".json":
                docs.extend(_read_json(path.read_text(encoding="utf-8"), path.name))
            elif suffix in (".html", ".htm"):
                text, title = _parse_html(path.read_text(encoding="utf-8", errors="replace"))
                docs.append(Document(id=path.name, text=text, title=title))
            else:
                # newline="" keeps CR/CRLF as they are, so quote offsets index the raw file
                with open(path, encoding="utf-8", newline="") as fh:
                    docs.append(Document(id=path.name, text=fh.read()))
        except UnicodeDecodeError as exc:
            raise ValueError(f"{str(path)!r} is not valid UTF-8 text (byte {exc.start}: {exc.reason}); "
                             "expected a UTF-8 encoded file") from None
    return docs

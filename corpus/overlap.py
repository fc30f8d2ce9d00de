"""Find corpus texts that share long word sequences with a gold file (a check against copying).

Usage: ``python corpus/overlap.py GOLD.jsonl [--version v7] [--n 8]``

The corpus is our own writing; evaluation articles must never leak into it, not even as a
remembered quotation of a public figure. This prints, for every corpus article and statement that
shares at least one run of ``n`` consecutive words (lower-cased, punctuation ignored) with any
article of the gold file, its id and how many such runs it shares, and exits with status 1 when
there is any. It prints ids and counts only, never the gold text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"\w+")


def shingles(text: str, n: int) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive lower-cased words of ``text``.

    Example:
        >>> sorted(shingles("No third party, ever.", 3))
        [('no', 'third', 'party'), ('third', 'party', 'ever')]
    """
    words = WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


class CorpusIndex:
    """The word runs of a corpus version, to ask whether a quote reproduces corpus text.

    A quote of ``n`` words or more is *seen* when it shares an ``n``-word run with any corpus
    article or statement; a quote of ``min_words`` to ``n - 1`` words when the whole quote is a run
    of consecutive words of a corpus text; shorter quotes never count. Words are lower-cased and
    punctuation is ignored.

    Example:
        >>> index = CorpusIndex(texts=["We would be glad to help both sides settle it, the envoy said."])
        >>> index.seen("glad to help both sides"), index.seen("glad to help"), index.seen("we will never accept it")
        (True, False, False)
    """

    def __init__(self, corpus_dir: Path | None = None, texts: list[str] | None = None, n: int = 8,
                 min_words: int = 5) -> None:
        if n < 1 or not 1 <= min_words <= n:
            raise ValueError(f"need n >= 1 and 1 <= min_words <= n, got n={n}, min_words={min_words}")
        self.texts = list(texts or [])
        if corpus_dir is not None:
            self.texts += [text for _, text in corpus_texts(Path(corpus_dir))]
        self.n, self.min_words = n, min_words
        self._runs: dict[int, set[tuple[str, ...]]] = {}

    def runs(self, k: int) -> set[tuple[str, ...]]:
        """Every ``k``-word run of the corpus texts (computed once per ``k``)."""
        if k not in self._runs:
            self._runs[k] = set().union(*(shingles(t, k) for t in self.texts)) if self.texts else set()
        return self._runs[k]

    def seen(self, quote: str) -> bool:
        """Whether ``quote`` reproduces corpus text (see the class docstring)."""
        words = WORD.findall(quote.lower())
        if len(words) < self.min_words:
            return False
        k = min(len(words), self.n)
        return bool(shingles(quote, k) & self.runs(k))


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_texts(folder: Path) -> list[tuple[str, str]]:
    """``(id, text)`` of every article and statement in a corpus folder (either file may be absent)."""
    files = [folder / name for name in ("articles.jsonl", "statements.jsonl") if (folder / name).is_file()]
    if not files:
        raise FileNotFoundError(f"no articles.jsonl or statements.jsonl in {folder}: expected a corpus version "
                                "folder such as corpus/v7 (run python corpus/build.py to write them)")
    return [(item["id"], item["text"]) for f in files for item in _jsonl(f)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path, help="gold-format JSON Lines file of articles")
    parser.add_argument("--version", default=None, help="corpus version folder (default: the newest)")
    parser.add_argument("--n", type=int, default=8, help="words per run (default 8)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error(f"--n should be at least 1, got {args.n}")
    versions = sorted((p.name for p in HERE.iterdir() if p.is_dir() and re.fullmatch(r"v\d+", p.name)),
                      key=lambda v: int(v[1:]))
    version = args.version or (versions[-1] if versions else parser.error("no corpus/vN folder: run corpus/build.py"))
    articles = _jsonl(args.gold)
    if not articles:
        parser.error(f"{args.gold} holds no articles: expected a gold-format JSON Lines file")
    gold: set[tuple[str, ...]] = set()
    for article in articles:
        gold |= shingles(article["text"], args.n)
    items = corpus_texts(HERE / version)
    hits = [(item_id, len(shingles(text, args.n) & gold)) for item_id, text in items]
    hits = [(item_id, k) for item_id, k in hits if k]
    for item_id, k in sorted(hits, key=lambda h: -h[1]):
        print(f"{item_id}\t{k} shared {args.n}-word runs")
    print(f"corpus {version}: {len(items)} texts, {len(hits)} share a {args.n}-word run with {args.gold}")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())

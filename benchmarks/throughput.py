"""Quotes per second of a shipped model in each runtime (numpy, the default, and torch).

Usage: ``python benchmarks/throughput.py [default|accurate|PATH] [--n 256] [--batch-size 32]
[--articles FILE.jsonl [--limit 100]]``

Labels ``n`` article-style quotes (our own sentences, each read with a speaker and a frame of
context, as ``label_quotes`` reads them) once per runtime, after a warm-up batch, and prints
the wall time and quotes per second. Set ``OMP_NUM_THREADS``/``OPENBLAS_NUM_THREADS`` to compare
at a fixed number of threads.

With ``--articles``, it analyses whole articles instead (the first ``limit`` of a JSON Lines file
with a ``text`` field, e.g. ``corpus/v14/articles.jsonl``): extraction alone, then per runtime
``analyze`` called per article and ``analyze_many`` over all of them, in articles and quotes per
second, and whether all four runs gave the same quotes and labels.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.api import analyze, analyze_many, load  # noqa: E402
from stance.documents import read_documents  # noqa: E402
from stance.extract import QuoteExtractor  # noqa: E402

SENTENCES = [
    "the two governments would settle every question between them without any outside help",
    "the envoy stood ready to host a further round if both capitals asked for it",
    "forty families had been moved from the flooded villages near the border post",
    "any talks would require an end to the shelling of the frontier towns",
    "the regional bloc should appoint a mediator before the rainy season",
    "trade through the crossing had fallen by a third since the spring",
]


def _examples(n: int) -> list[dict]:
    out = []
    for i in range(n):
        text = SENTENCES[i % len(SENTENCES)]
        before = "Officials met again in the river town on Monday. " * (1 + i % 4) + "The minister said that"
        out.append({"text": text, "speaker": "the minister", "before": before, "after": ", according to a statement."})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", default="default")
    parser.add_argument("--n", type=int, default=256)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--articles", type=Path, help="analyse the articles of this JSON Lines file instead")
    parser.add_argument("--limit", type=int, default=100, help="with --articles, how many to analyse")
    args = parser.parse_args(argv)
    if args.articles:
        return _articles(args.model, args.articles, args.limit)
    examples = _examples(args.n)
    for runtime in ("numpy", "torch"):
        clf = load(args.model, runtime=runtime)
        clf.predict_examples(examples[: args.batch_size], batch_size=args.batch_size)  # warm-up
        start = time.perf_counter()
        clf.predict_examples(examples, batch_size=args.batch_size)
        seconds = time.perf_counter() - start
        print(f"{args.model} {runtime:<5}: {args.n} quotes in {seconds:.2f} s, {args.n / seconds:.0f} quotes/s "
              f"(batch {args.batch_size})")
    return 0


def _articles(model: str, path: Path, limit: int) -> int:
    texts = [d.text for d in read_documents([path])][:limit]
    extractor = QuoteExtractor()
    extractor("Warm-up: the spaCy pipeline loads here, she said.")
    start = time.perf_counter()
    n_quotes = sum(len(q) for q in extractor.pipe(texts))
    seconds = time.perf_counter() - start
    print(f"{len(texts)} articles, {n_quotes} quotes; extraction alone: {seconds:.1f} s, {len(texts) / seconds:.1f} articles/s")
    labels = set()  # the (start, end, label) of every quote, once per runtime and method
    for runtime in ("numpy", "torch"):
        clf = load(model, runtime=runtime)
        analyze(texts[0], model=clf)  # warm-up
        for name in ("analyze per article", "analyze_many"):
            start = time.perf_counter()
            if name == "analyze_many":
                found = list(analyze_many(texts, model=clf))
            else:
                found = [analyze(t, model=clf) for t in texts]
            seconds = time.perf_counter() - start
            labels.add(tuple((q.start, q.end, q.label) for quotes in found for q in quotes))
            print(f"{model} {runtime:<5} {name:<20}: {seconds:6.1f} s, {len(texts) / seconds:5.2f} articles/s, "
                  f"{n_quotes / seconds:4.0f} quotes/s")
    print(f"the same quotes and labels from both methods in both runtimes: {len(labels) == 1}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

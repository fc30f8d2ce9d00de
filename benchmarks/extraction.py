"""Benchmark quote and speaker extraction against a gold JSON Lines file.

Prints quote precision/recall/F1 at the overlap rule of the gold format and at exact match,
direct-quote recall, recall per kind, speaker accuracy on matched quotes, how many names beyond one the
extractor gives a rightly named speaker within an article (one person listed twice in a per-speaker
summary), and extraction speed.

Usage::

    python benchmarks/extraction.py [../shared/devset.jsonl] [--errors]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stance.extract import QuoteExtractor
from stance.gold import read_gold
from stance.matching import match_spans, speaker_matches
from stance.types import KINDS

DEFAULT_DEVSET = str(Path(__file__).resolve().parents[2] / "shared" / "devset.jsonl")


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(path: str, *, errors: bool = False, repeats: int = 1, ids: str | None = None) -> dict[str, float]:
    """Run the extractor over a gold file and return (and print) the figures.

    Args:
        path: gold JSON Lines file.
        errors: also print misses, false positives and wrong speakers.
        repeats: how many timed passes to average for the speed figure.

    Returns:
        The figures by name.

    Example:
        >>> import json, tempfile
        >>> row = {"id": "a", "text": 'He said: "We talk only directly to them."', "quotes": [
        ...     {"start": 10, "end": 40, "text": "We talk only directly to them.", "kind": "direct", "speaker": "He"}]}
        >>> f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
        >>> _ = f.write(json.dumps(row) + "\\n"); f.close()
        >>> round(evaluate(f.name)["f1"], 2)  # doctest: +ELLIPSIS
        quotes ...
        1.0
    """
    articles = read_gold(path, strict_labels=False)
    if ids:
        articles = [a for a in articles if re.search(ids, a.id)]
        if not articles:
            raise ValueError(f"no article id in {path} matches {ids!r}")
    extractor = QuoteExtractor()
    extractor("Warm-up: the minister said the talks went well.")
    texts = [a.text for a in articles]
    t0 = time.perf_counter()
    for _ in range(repeats):
        predictions = list(extractor.pipe(texts))
    elapsed = (time.perf_counter() - t0) / repeats
    chars = sum(len(t) for t in texts)

    tp = tp_exact = n_pred = n_gold = 0
    kind_gold: Counter = Counter()
    kind_hit: Counter = Counter()
    spk_ok = spk_n = 0
    kind_ok = 0
    speakers = extra_names = 0  # gold speakers rightly named, and names beyond one for such a speaker
    for art, preds in zip(articles, predictions, strict=False):
        gold = list(art.quotes)
        n_pred += len(preds)
        n_gold += len(gold)
        pairs = match_spans([(q.start, q.end) for q in preds], [(g.start, g.end) for g in gold])
        exact = match_spans([(q.start, q.end) for q in preds], [(g.start, g.end) for g in gold], min_overlap=1.0)
        tp += len(pairs)
        tp_exact += len(exact)
        for g in gold:
            kind_gold[g.kind] += 1
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        names: dict[str, set[str]] = {}
        for i, j in pairs:
            kind_hit[gold[j].kind] += 1
            kind_ok += preds[i].kind == gold[j].kind
            spk_n += 1
            ok = speaker_matches(preds[i].speaker, gold[j].speaker)
            spk_ok += ok
            if ok:
                names.setdefault(gold[j].speaker, set()).add(preds[i].speaker)
            if errors and not ok:
                print(f"[speaker] {art.id}: pred={preds[i].speaker!r} gold={gold[j].speaker!r} "
                      f":: {gold[j].text[:90]!r}")
        speakers += len(names)
        extra_names += sum(len(v) - 1 for v in names.values())
        if errors:
            for g, v in names.items():
                if len(v) > 1:
                    print(f"[names] {art.id}: {sorted(v)!r} for gold {g!r}")
            for j, g in enumerate(gold):
                if j not in matched_g:
                    print(f"[miss {g.kind}] {art.id} <{g.speaker}> "
                          f"...{art.text[max(0, g.start - 70):g.start]!r} [[{g.text[:200]!r}]]")
            for i, q in enumerate(preds):
                if i not in matched_p:
                    print(f"[fp {q.kind}] {art.id} <{q.speaker}> "
                          f"...{art.text[max(0, q.start - 70):q.start]!r} [[{q.text[:200]!r}]]")

    p, r, f = _prf(tp, n_pred, n_gold)
    pe, re_, fe = _prf(tp_exact, n_pred, n_gold)
    figures = {
        "precision": p, "recall": r, "f1": f,
        "exact_precision": pe, "exact_recall": re_, "exact_f1": fe,
        "direct_recall": kind_hit["direct"] / kind_gold["direct"] if kind_gold["direct"] else 0.0,
        "speaker_accuracy": spk_ok / spk_n if spk_n else 0.0,
        "kind_accuracy": kind_ok / tp if tp else 0.0,
        "extra_names": extra_names / speakers if speakers else 0.0,
        "articles_per_s": len(texts) / elapsed if elapsed else 0.0,
        "chars_per_s": chars / elapsed if elapsed else 0.0,
    }
    for k in KINDS:
        figures[f"recall_{k}"] = kind_hit[k] / kind_gold[k] if kind_gold[k] else 0.0
    mean_chars = chars / len(texts) if texts else 0
    print(f"quotes  gold={n_gold} predicted={n_pred} matched={tp} (exact {tp_exact})")
    print(f"overlap rule   P={p:.3f} R={r:.3f} F1={f:.3f}")
    print(f"exact match    P={pe:.3f} R={re_:.3f} F1={fe:.3f}")
    print(f"direct-quote recall {figures['direct_recall']:.3f}")
    print("recall per kind " + "  ".join(f"{k}={figures[f'recall_{k}']:.3f} (n={kind_gold[k]})" for k in KINDS))
    print(f"kind accuracy on matched quotes {figures['kind_accuracy']:.3f}")
    print(f"speaker accuracy on matched quotes {figures['speaker_accuracy']:.3f} ({spk_ok}/{spk_n})")
    print(f"names beyond one for rightly named speakers {extra_names} (of {speakers} speakers in their articles)")
    print(f"speed  {figures['articles_per_s']:.1f} articles/s (mean {mean_chars:.0f} chars/article), "
          f"{figures['chars_per_s']:.0f} chars/s")
    return figures


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=DEFAULT_DEVSET, help="gold JSON Lines file")
    parser.add_argument("--errors", action="store_true", help="print misses, false positives and wrong speakers")
    parser.add_argument("--repeats", type=int, default=1, help="timed passes to average")
    parser.add_argument("--ids", help="only articles whose id matches this regular expression, e.g. '[o-x]\\d{3}$'")
    args = parser.parse_args(argv)
    if not Path(args.path).is_file():
        print(f"error: {args.path!r} does not exist; expected a gold JSON Lines file", file=sys.stderr)
        return 1
    evaluate(args.path, errors=args.errors, repeats=args.repeats, ids=args.ids)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

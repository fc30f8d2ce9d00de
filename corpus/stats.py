"""Print the corpus counts as Markdown tables (the figures of the data card).

Usage: ``python corpus/stats.py [VERSION]`` (reads ``corpus/<version>/*.jsonl``, default the newest
version that ``corpus/build.py`` defines; run ``python corpus/build.py`` first).
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from stance.types import LABELS  # noqa: E402


def _table(title: str, counter: dict[str, collections.Counter]) -> str:
    lines = [f"| {title} | " + " | ".join(LABELS) + " | total |", "|---" * (len(LABELS) + 2) + "|"]
    totals: collections.Counter = collections.Counter()
    for key in sorted(counter):
        c = counter[key]
        totals.update(c)
        lines.append(f"| {key} | " + " | ".join(str(c[label]) for label in LABELS) + f" | {sum(c.values())} |")
    n = sum(totals.values())
    lines.append("| **all** | " + " | ".join(f"{totals[label]} ({totals[label] / n:.0%})" for label in LABELS) + f" | {n} |")
    return "\n".join(lines)


def main() -> None:
    from build import VERSIONS

    folder = HERE / (sys.argv[1] if len(sys.argv) > 1 else list(VERSIONS)[-1])
    if not (folder / "articles.jsonl").is_file():
        raise SystemExit(f"no corpus at {folder}; expected one of {', '.join(VERSIONS)} "
                         "(run python corpus/build.py first)")
    articles = [json.loads(line) for line in (folder / "articles.jsonl").open(encoding="utf-8")]
    statements = [json.loads(line) for line in (folder / "statements.jsonl").open(encoding="utf-8")]
    quotes = [(a, q) for a in articles for q in a["quotes"]]
    by_dispute: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for a, q in quotes:
        by_dispute[a["dispute"]][q["stance"]] += 1
    st_dispute: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for s in statements:
        st_dispute[s["dispute"]][s["stance"]] += 1
    by_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for _, q in quotes:
        by_kind[q["kind"]][q["stance"]] += 1
    n_art = collections.Counter(a["dispute"] for a in articles)
    print(f"articles: {len(articles)}, quotes: {len(quotes)}, statements: {len(statements)}, "
          f"disputes: {len(set(n_art) | set(st_dispute))}, mean article length: "
          f"{sum(len(a['text']) for a in articles) / len(articles):.0f} characters\n")
    print("Article quotes by dispute (articles in brackets)\n")
    print(_table("dispute", {f"{k} ({n_art[k]})": v for k, v in by_dispute.items()}))
    print("\nArticle quotes by kind\n")
    print(_table("kind", by_kind))
    print("\nStandalone statements by dispute\n")
    print(_table("dispute", st_dispute))


if __name__ == "__main__":
    main()

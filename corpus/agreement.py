"""Agreement between the first annotation and the blind second annotation of the corpus sample.

Usage: ``python corpus/agreement.py`` (reads ``corpus/annotation/second_annotation.jsonl``).
Prints Cohen's kappa and macro-F1 (second against first), for quotes and statements, and the
confusion of disagreements with their adjudication.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, f1_score

FILE = Path(__file__).resolve().parent / "annotation" / "second_annotation.jsonl"


def main() -> None:
    rows = [json.loads(line) for line in FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups = {"all": rows, "article quotes": [r for r in rows if "#" in r["item_id"]],
              "statements": [r for r in rows if "#" not in r["item_id"]]}
    for name, rs in groups.items():
        first, second = [r["first"] for r in rs], [r["second"] for r in rs]
        print(f"{name:<15} n={len(rs):<4} kappa={cohen_kappa_score(first, second):.3f} "
              f"macro-F1={f1_score(first, second, average='macro'):.3f}")
    dis = [r for r in rows if r["first"] != r["second"]]
    print(f"\ndisagreements: {len(dis)}")
    for (a, b), n in collections.Counter((r["first"], r["second"]) for r in dis).most_common():
        print(f"  first {a:<10} second {b:<10} x{n}")
    changed = sum(r["adjudicated"] != r["first"] for r in rows)
    print(f"adjudication changed {changed} first labels")


if __name__ == "__main__":
    main()

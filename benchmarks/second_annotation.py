"""Agreement of the blind second annotation with the writers' stance labels, per benchmark file.

Reads each gold file of ``benchmarks/data`` and ``benchmarks/data/second_annotation.jsonl``, and prints
per file the quotes, how many labels agree and Cohen's kappa. By default the writer's labels are
those before adjudication: the file's labels, with ``writer_labels_before_adjudication.jsonl``
restoring the ones adjudication changed (kept only for ``published_formats.jsonl``; the labels of
the first two files before adjudication were not kept). ``--adjudicated`` compares with the files'
labels as they are.

Usage: ``python benchmarks/second_annotation.py [--adjudicated]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stance.gold import read_gold

DATA = Path(__file__).resolve().parent / "data"
FILES = ["attribution_challenge", "attribution_heldout", "published_formats", "published_formats_2",
         "published_formats_3"]


def _labels(path: Path) -> dict[tuple[str, int, int], str]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {(r["id"], r["start"], r["end"]): r["stance"] for r in rows}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--adjudicated", action="store_true", help="compare with the files' labels as they are")
    args = parser.parse_args(argv)
    second = _labels(DATA / "second_annotation.jsonl")
    before = {} if args.adjudicated else _labels(DATA / "writer_labels_before_adjudication.jsonl")
    print(f"{'file':<24} {'quotes':>6} {'agree':>6} {'kappa':>6}")
    for name in FILES:
        first, other = [], []
        for article in read_gold(DATA / f"{name}.jsonl"):
            for q in article.quotes:
                key = (article.id, q.start, q.end)
                first.append(before.get(key, q.stance))
                other.append(second[key])
        agree = sum(a == b for a, b in zip(first, other, strict=True))
        print(f"{name:<24} {len(first):>6} {agree:>6} {cohen_kappa_score(first, other):>6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

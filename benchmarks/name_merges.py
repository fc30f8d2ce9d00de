"""Which speaker names ``stance.speaker_stances`` would count under a longer name, on gold files.

Reads the gold speakers of one or more JSON Lines files in the gold format and prints how many
distinct names there are, how many the default ``merge_names=True`` folds into a longer one, and
each such pair, so that a wrong merge can be seen.

Usage: ``python benchmarks/name_merges.py FILE [FILE ...]``
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stance.gold import read_gold
from stance.summary import _key, _merged_keys


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="gold JSON Lines files")
    args = parser.parse_args(argv)
    spellings: dict[str | None, Counter] = {}
    for path in args.paths:
        for article in read_gold(path, strict_labels=False):
            for q in article.quotes:
                if q.speaker and q.speaker.strip():
                    spellings.setdefault(_key(q.speaker), Counter())[" ".join(q.speaker.split())] += 1
    merged = _merged_keys(spellings)
    print(f"gold speaker names {len(spellings)}, merged into a longer name {len(merged)}")
    for short, long in sorted(merged.items()):
        print(f"  {spellings[short].most_common(1)[0][0]!r} -> {spellings[long].most_common(1)[0][0]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

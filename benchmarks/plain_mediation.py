"""Plain statements for mediation that never say "mediation": how many each model reads right.

Real copy often carries support for a third party without the word: a government welcoming
another country's help, backing an envoy, crediting an outside leader with a ceasefire, calling on
the powers to use their weight. The guidelines label all of these ``mediation`` (they welcome,
ask for or argue for third-party involvement). The statements below are our own writing, each
with a speaker; the script labels them with and without the speaker.

Usage: ``python benchmarks/plain_mediation.py [default accurate tfidf ...] [--show]``
(``--show`` lists the statements a model gets wrong).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.api import load  # noqa: E402

STATEMENTS = [
    ("We welcome any help from Norway in ending this quarrel.", "Ostland's foreign minister"),
    ("Washington's efforts were decisive in bringing both sides back from the brink.", "the Vesnan president"),
    ("We are grateful to Qatar for its tireless work to bring the parties together.", "a Vesnan spokesman"),
    ("Only the Security Council can make Ostland honour its commitments.", "Vesna's ambassador"),
    ("The African Union has a central role to play in resolving this crisis.", "the Ostland prime minister"),
    ("Without Turkey's good offices, there would have been no ceasefire.", "a senior Ostland official"),
    ("We thank the Vatican for hosting the talks and hope it will stay involved.", "the Vesnan foreign ministry"),
    ("The world must not look away; this dispute needs international attention.", "Vesna's president"),
    ("Brussels should use its weight to get both capitals to the table.", "an opposition leader"),
    ("We count on our friends in the Gulf to help settle this.", "the Ostland president"),
    ("China is ready to play a constructive role between the two neighbours.", "a Chinese foreign ministry spokesman"),
    ("The ceasefire would not have happened without the president's personal intervention.",
     "a White House spokeswoman"),
    ("We want the international community to step in.", "Vesna's deputy foreign minister"),
    ("An international commission should draw the border.", "the Vesnan president"),
    ("We have asked the World Bank to appoint a neutral expert.", "Ostland's water minister"),
    ("The secretary-general's envoy has our full support.", "the Ostland government"),
    ("We call on the big powers to bring their influence to bear.", "Vesna's foreign minister"),
    ("The guarantor states must now take responsibility for the process.", "an Ostland negotiator"),
    ("It was the crown prince who brought them to agree.", "a Gulf diplomat"),
    ("Our partners in Europe have helped us more than anyone to get these talks going.", "the Vesnan prime minister"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", default=["default", "accurate", "tfidf"])
    parser.add_argument("--show", action="store_true", help="list the statements each model gets wrong")
    args = parser.parse_args(argv)
    texts = [t for t, _ in STATEMENTS]
    speakers = [s for _, s in STATEMENTS]
    for name in args.models:
        clf = load(name)
        framed, bare = clf.predict(texts, speakers), clf.predict(texts)
        right = sum(p.label == "mediation" for p in framed)
        right_bare = sum(p.label == "mediation" for p in bare)
        print(f"{name}: mediation {right}/{len(texts)} with speakers, {right_bare}/{len(texts)} without")
        if args.show:
            for text, p, b in zip(texts, framed, bare):
                if p.label != "mediation" or b.label != "mediation":
                    print(f"    {p.label:<10} {p.score:.2f} | without speaker {b.label:<10} {b.score:.2f}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

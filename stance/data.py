"""Dataset builders: the corpus (and any gold-format file) as a Hugging Face ``DatasetDict``.

Every example is one quoted statement with the context the model reads:

========== ============================================================================
column     meaning
========== ============================================================================
id         unique example id (``<article id>#<n>`` or ``<statement id>[~frame]``)
group      split unit: an article id, or a statement id shared by its framed variants
source     ``article`` or ``statement``
dispute    dispute slug
kind       ``direct``, ``indirect``, ``mixed`` or ``statement``
speaker    who said it ("" when unknown)
text       the quote
before     article text before the quote (see :func:`stance.context.quote_context`)
after      article text after the quote
label      ``ClassLabel(names=LABELS)``
========== ============================================================================

Splits are grouped (no article and no statement with its variants straddles two splits)
and seeded.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path

from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

from stance.config import DataConfig
from stance.context import quote_context
from stance.gold import GoldArticle, _checked_articles, read_gold
from stance.types import LABELS

__all__ = ["FEATURES", "article_examples", "build_dataset", "gold_dataset", "read_statements", "seen_example_ids",
           "statement_examples"]

FEATURES = Features(
    {
        "id": Value("string"),
        "group": Value("string"),
        "source": Value("string"),
        "dispute": Value("string"),
        "kind": Value("string"),
        "speaker": Value("string"),
        "text": Value("string"),
        "before": Value("string"),
        "after": Value("string"),
        "label": ClassLabel(names=list(LABELS)),
    }
)

# Reporting frames that keep a statement's stance: they teach the model the shape of news
# attribution without changing what the statement advances.
_FRAMES = (
    ("{s} said that", "."),
    ("“", "”, {s} said."),
    ("{s} told reporters on Tuesday that", "."),
    ("According to {s},", "."),
    ("In a statement, {s} said", "."),
    ('"', '," {s} told a news conference.'),
    ("{s} stressed that", "."),
    ("Speaking after the meeting, {s} said", "."),
)


def article_examples(articles: Iterable[GoldArticle], window: int = 300) -> list[dict]:
    """One example per gold quote, with its article context.

    Example:
        >>> from stance.gold import GoldArticle, GoldQuote
        >>> art = GoldArticle(id="x", text="Ali said talks must stay bilateral.", quotes=(
        ...     GoldQuote(9, 34, "talks must stay bilateral", "indirect", "Ali", "bilateral"),))
        >>> article_examples([art])[0]["before"]
        'Ali said'
    """
    out = []
    for art in articles:
        for n, q in enumerate(art.quotes):
            before, after = quote_context(art.text, q.start, q.end, window)
            out.append({"id": f"{art.id}#{n}", "group": art.id, "source": "article", "dispute": art.dispute,
                        "kind": q.kind, "speaker": q.speaker, "text": q.text, "before": before, "after": after,
                        "label": q.stance})
    return out


def read_statements(path: str | Path) -> list[dict]:
    """Read a statements JSON Lines file (``id``, ``dispute``, ``speaker``, ``stance``, ``text``).

    Raises:
        ValueError: a line is not JSON or lacks a field; the message names the line.
    """
    rows = []
    path = Path(path)
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name}:{lineno}: not valid JSON ({exc.msg})") from None
            for key in ("id", "text", "stance"):
                if key not in row:
                    raise ValueError(f"{path.name}:{lineno}: missing field {key!r}")
            if row["stance"] not in LABELS:
                raise ValueError(f"{path.name}:{lineno}: stance {row['stance']!r} is not one of {', '.join(LABELS)}")
            rows.append(row)
    return rows


def statement_examples(statements: Iterable[dict], frames: int = 1, seed: int = 0,
                       speakerless: float = 0.0) -> list[dict]:
    """Examples from standalone statements: each bare, plus ``frames`` framed variants.

    A framed variant wraps the statement in a stance-preserving reporting frame
    ("{speaker} said that …"), so the model learns attribution as news writes it. Variants
    share the statement's group, so they never straddle splits. For a share ``speakerless`` of
    the statements (drawn per statement id and ``seed``, so independent of their order) the bare
    example leaves the speaker out, as ``stance.predict`` called without speakers does.

    Example:
        >>> rows = statement_examples([{"id": "s1", "text": "No mediation.", "stance": "bilateral",
        ...                             "speaker": "Ali"}], frames=1)
        >>> [(r["id"], r["group"], r["speaker"]) for r in rows]
        [('s1', 's1', 'Ali'), ('s1~0', 's1', 'Ali')]
        >>> statement_examples([{"id": "s1", "text": "No mediation.", "stance": "bilateral",
        ...                      "speaker": "Ali"}], frames=0, speakerless=1.0)[0]["speaker"]
        ''
    """
    rng = random.Random(seed)
    out = []
    for st in statements:
        speaker = st.get("speaker") or ""
        base = {"group": st["id"], "source": "statement", "dispute": st.get("dispute", ""), "kind": "statement",
                "speaker": speaker, "text": st["text"], "label": st["stance"]}
        bare_speaker = "" if speakerless and random.Random(f"{seed}:{st['id']}").random() < speakerless else speaker
        out.append({**base, "id": st["id"], "speaker": bare_speaker, "before": "", "after": ""})
        for k, (b, a) in enumerate(rng.sample(_FRAMES, min(frames, len(_FRAMES))) if speaker else []):
            out.append({**base, "id": f"{st['id']}~{k}", "before": b.format(s=speaker), "after": a.format(s=speaker)})
    return out


def _split_groups(examples: list[dict], validation: float, test: float, seed: int,
                  method: str = "balanced") -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for ex in examples:
        groups.setdefault(ex["group"], []).append(ex)
    # Stratify by (source, dispute) so that splits mix every dispute and both sources: walk the
    # strata in a fixed order, each one's groups shuffled. "balanced" gives every group to the split
    # that is furthest below its share of the examples placed so far, so the splits come out at the
    # configured fractions overall; "per_stratum" (the older method) cuts each stratum on its own,
    # which hands a small stratum's first group to the test split.
    strata: dict[tuple[str, str], list[str]] = {}
    for g, exs in sorted(groups.items()):
        strata.setdefault((exs[0]["source"], exs[0]["dispute"]), []).append(g)
    rng = random.Random(seed)
    targets = {"test": test, "validation": validation, "train": 1.0 - test - validation}
    counts = dict.fromkeys(targets, 0)
    splits: dict[str, list[dict]] = {"train": [], "validation": [], "test": []}
    for key in sorted(strata):
        names = strata[key]
        rng.shuffle(names)
        total = sum(len(groups[g]) for g in names)
        seen = 0
        for g in names:
            if method == "per_stratum":
                frac = seen / total if total else 0.0
                split = "test" if frac < test else "validation" if frac < test + validation else "train"
            else:
                placed = sum(counts.values()) + len(groups[g])
                split = max(targets, key=lambda s: targets[s] * placed - counts[s])
            splits[split].extend(groups[g])
            counts[split] += len(groups[g])
            seen += len(groups[g])
    return splits


def build_dataset(config: DataConfig | None = None, *, root: str | Path = ".", window: int = 300) -> DatasetDict:
    """Build the train/validation/test ``DatasetDict`` from the corpus in ``config.corpus``.

    Args:
        config: the data section of a training config (defaults: ``corpus/v7``).
        root: the folder relative paths in the config are resolved against.
        window: characters of article context kept on each side of a quote.

    Returns:
        A ``DatasetDict`` with ``train``, ``validation`` and ``test`` splits and :data:`FEATURES`.

    Raises:
        FileNotFoundError: the corpus folder or an extra gold file is missing.

    Example:
        >>> ds = build_dataset()
        >>> sorted(ds), ds["train"].features["label"].names
        (['test', 'train', 'validation'], ['mediation', 'bilateral', 'neutral', 'unrelated'])
    """
    config = config or DataConfig()
    root = Path(root)
    corpus = Path(config.corpus)
    corpus = corpus if corpus.is_absolute() else root / corpus
    articles_file, statements_file = corpus / "articles.jsonl", corpus / "statements.jsonl"
    if not articles_file.is_file() and not statements_file.is_file():
        raise FileNotFoundError(
            f"no corpus at {str(corpus)!r}: expected articles.jsonl and/or statements.jsonl there "
            "(build it with `python corpus/build.py`, or set data.corpus in the config)"
        )
    examples: list[dict] = []
    if articles_file.is_file():
        examples += article_examples(read_gold(articles_file), window)
    for extra in config.extra_gold:
        p = Path(extra) if Path(extra).is_absolute() else root / extra
        examples += article_examples(read_gold(p), window)
    if statements_file.is_file():
        examples += statement_examples(read_statements(statements_file), config.statement_frames, config.split_seed,
                                       config.speakerless_statements)
    splits = _split_groups(examples, config.validation_fraction, config.test_fraction, config.split_seed,
                           config.split)
    if config.max_examples:
        rng = random.Random(config.split_seed)
        for name, rows in splits.items():
            limit = config.max_examples if name == "train" else max(1, config.max_examples // 4)
            if len(rows) > limit:
                splits[name] = rng.sample(rows, limit)
    return DatasetDict({name: _to_dataset(rows) for name, rows in splits.items()})


def gold_dataset(gold: str | Path | Iterable[GoldArticle], *, window: int = 300) -> Dataset:
    """Every quote of held-out gold articles as one example, unsplit: the evaluation dataset.

    The examples have :data:`FEATURES` and the context the models read, as the corpus splits do,
    so a model's ``predict_examples`` or a ``datasets`` pipeline takes them as they are.

    Args:
        gold: a gold JSON Lines file (README, "Gold format"), or articles read by
            :func:`stance.gold.read_gold`. Every quote needs a stance.
        window: characters of article context kept on each side of a quote.

    Raises:
        TypeError: ``gold`` is neither a path nor gold articles.
        ValueError: a given article has a quote without a stance.
        FileNotFoundError, stance.gold.GoldFormatError: as :func:`stance.gold.read_gold`.

    Example:
        >>> from stance.gold import GoldArticle, GoldQuote
        >>> art = GoldArticle(id="x", text="Ali said talks must stay bilateral.", dispute="ruritania", quotes=(
        ...     GoldQuote(9, 34, "talks must stay bilateral", "indirect", "Ali", "bilateral"),))
        >>> ds = gold_dataset([art])
        >>> ds[0]["before"], ds.features["label"].int2str(ds[0]["label"])
        ('Ali said', 'bilateral')
    """
    if isinstance(gold, (str, Path)):
        articles = read_gold(gold)
    elif isinstance(gold, Iterable) and not isinstance(gold, bytes):
        articles = _checked_articles(gold, "gold")
        for a in articles:
            for n, q in enumerate(a.quotes):
                if q.stance not in LABELS:
                    raise ValueError(f"article {a.id!r}, quote {n} has no stance ({q.stance!r}); an evaluation dataset "
                                     f"needs one of {', '.join(LABELS)} on every quote")
    else:
        raise TypeError(f"gold_dataset() takes the path of a gold file or a list of GoldArticle, got {type(gold).__name__}")
    return _to_dataset(article_examples(articles, window))


def _to_dataset(rows: list[dict], features: Features = FEATURES) -> Dataset:
    if not rows:  # an empty split still has the declared columns
        return Dataset.from_dict({key: [] for key in features}, features=features)
    return Dataset.from_list(rows, features=features)


def seen_example_ids(model_dir: str | Path | None, *, root: str | Path = ".") -> set[str]:
    """Ids of the examples a saved model trained or selected on, rebuilt from its ``config.yaml``.

    Args:
        model_dir: a saved model folder (``None``, or a folder without ``config.yaml``, gives an
            empty set: nothing was trained there).
        root: the folder relative corpus paths in the saved config are resolved against.

    Example:
        >>> seen_example_ids(None)
        set()
    """
    if model_dir is None or not (Path(model_dir) / "config.yaml").is_file():
        return set()
    from stance.config import load_config

    saved = load_config(Path(model_dir) / "config.yaml", check_base=False)  # only its data settings are read
    ds = build_dataset(saved.data, root=root, window=saved.model.context_chars)
    return set(ds["train"]["id"]) | set(ds["validation"]["id"])

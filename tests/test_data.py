from __future__ import annotations

from pathlib import Path

import pytest
from datasets import ClassLabel

from stance.config import DataConfig
from stance.data import FEATURES, build_dataset, statement_examples
from stance.types import LABELS


def test_dataset_has_declared_features_and_three_splits(tiny_corpus: Path) -> None:
    ds = build_dataset(DataConfig(corpus=str(tiny_corpus), validation_fraction=0.2, test_fraction=0.2))
    assert set(ds) == {"train", "validation", "test"}
    for split in ds.values():
        assert split.features == FEATURES
    assert isinstance(ds["train"].features["label"], ClassLabel)
    assert ds["train"].features["label"].names == list(LABELS)


def test_every_quote_example_carries_its_article_context(tiny_corpus: Path) -> None:
    ds = build_dataset(DataConfig(corpus=str(tiny_corpus), validation_fraction=0.0, test_fraction=0.0))
    quotes = [r for r in ds["train"] if r["source"] == "article"]
    assert quotes and all(r["before"] or r["after"] for r in quotes)
    assert all(r["kind"] in {"direct", "indirect", "mixed"} for r in quotes)


def test_groups_never_straddle_splits(tiny_corpus: Path) -> None:
    ds = build_dataset(DataConfig(corpus=str(tiny_corpus), validation_fraction=0.3, test_fraction=0.3, statement_frames=2))
    seen: dict[str, str] = {}
    for name, split in ds.items():
        for g in split["group"]:
            assert seen.setdefault(g, name) == name, f"group {g} in {seen[g]} and {name}"


def test_splits_are_seeded(tiny_corpus: Path) -> None:
    a = build_dataset(DataConfig(corpus=str(tiny_corpus), split_seed=1))
    b = build_dataset(DataConfig(corpus=str(tiny_corpus), split_seed=1))
    c = build_dataset(DataConfig(corpus=str(tiny_corpus), split_seed=2))
    assert a["test"]["id"] == b["test"]["id"]
    assert sorted(a["test"]["id"]) != sorted(c["test"]["id"]) or sorted(a["train"]["id"]) != sorted(c["train"]["id"])


def test_framed_statement_variants_share_their_group() -> None:
    rows = statement_examples([{"id": "s1", "text": "We reject mediation.", "stance": "bilateral", "speaker": "Jon Arvo"}],
                              frames=3, seed=0)
    assert len(rows) == 4
    assert {r["group"] for r in rows} == {"s1"}
    assert all("Jon Arvo" in r["before"] + r["after"] for r in rows[1:])
    assert {r["label"] for r in rows} == {"bilateral"}


def test_a_share_of_bare_statements_leaves_the_speaker_out() -> None:
    statements = [{"id": f"s{i}", "text": f"Statement {i}.", "stance": LABELS[i % 4], "speaker": f"Speaker {i}"}
                  for i in range(400)]
    rows = statement_examples(statements, frames=1, seed=3, speakerless=0.5)
    bare = [r for r in rows if "~" not in r["id"]]
    framed = [r for r in rows if "~" in r["id"]]
    assert len(bare) == len(framed) == 400
    assert 160 < sum(r["speaker"] == "" for r in bare) < 240
    assert all(r["speaker"] == f"Speaker {r['group'][1:]}" for r in framed)  # frames name the speaker
    assert [(r["id"], r["label"], r["text"]) for r in bare] == [(s["id"], s["stance"], s["text"]) for s in statements]
    # chosen per statement, not by position: the same statements lose their speaker in any order
    again = statement_examples(statements[::-1], frames=0, seed=3, speakerless=0.5)
    assert {r["id"] for r in again if not r["speaker"]} == {r["id"] for r in bare if not r["speaker"]}
    assert all(r["speaker"] for r in statement_examples(statements, frames=0, seed=3))  # off by default


def test_missing_corpus_folder_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"corpus/build\.py"):
        build_dataset(DataConfig(corpus=str(tmp_path / "nothing")))


def test_shipped_corpus_meets_its_card(root: Path) -> None:
    ds = build_dataset(DataConfig(), root=root)
    rows = [r for split in ds.values() for r in split]
    articles = {r["group"] for r in rows if r["source"] == "article"}
    quotes = [r for r in rows if r["source"] == "article"]
    statements = [r for r in rows if r["source"] == "statement" and "~" not in r["id"]]
    assert len(articles) >= 120 and len(quotes) >= 900 and len(statements) >= 1500
    labels = [LABELS[r["label"]] for r in quotes + statements]
    assert labels.count("neutral") / len(labels) >= 0.10
    assert len({r["dispute"] for r in rows}) >= 6


def test_split_shares_match_the_configured_fractions_with_many_small_strata() -> None:
    # 40 disputes with two or three groups each: cutting every stratum on its own would hand each
    # one's first group to the test split (about a third of the examples instead of 15%).
    from stance.data import _split_groups

    examples = [{"group": f"d{d}-g{g}", "source": "article", "dispute": f"d{d}", "id": f"d{d}-g{g}-{i}"}
                for d in range(40) for g in range(2 + d % 2) for i in range(3 + (d + g) % 5)]
    splits = _split_groups(examples, validation=0.1, test=0.15, seed=13)
    n = len(examples)
    assert sum(len(s) for s in splits.values()) == n
    assert abs(len(splits["test"]) / n - 0.15) < 0.02
    assert abs(len(splits["validation"]) / n - 0.10) < 0.02
    assert len({ex["dispute"] for ex in splits["test"]}) >= 10


def test_per_stratum_split_keeps_the_older_cut_for_saved_models() -> None:
    # the corpus-v3 models name data.split: per_stratum; it must still give each stratum's first
    # shuffled groups to the test split, so the examples those models saw can be rebuilt
    from stance.data import _split_groups

    examples = [{"group": f"d{d}-g{g}", "source": "article", "dispute": f"d{d}", "id": f"d{d}-g{g}-{i}"}
                for d in range(40) for g in range(3) for i in range(4)]
    old = _split_groups(examples, validation=0.1, test=0.15, seed=13, method="per_stratum")
    new = _split_groups(examples, validation=0.1, test=0.15, seed=13)
    assert len({ex["dispute"] for ex in old["test"]}) == 40  # every stratum gives its first group
    assert len(old["test"]) == len(examples) // 3
    assert len(new["test"]) < len(old["test"])

"""Shared fixtures: a tiny random model, trained for a few steps on a small corpus of our own."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus folder (articles + statements) built from the test data files."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "articles.jsonl").write_text((DATA / "tiny_gold.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    rows = [json.loads(line) for line in (DATA / "statements.jsonl").read_text(encoding="utf-8").splitlines() if line]
    (folder / "statements.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, tiny_corpus: Path) -> Path:
    """A tiny random BERT classifier trained for a few steps and saved (seconds on a CPU)."""
    from stance.config import load_config
    from stance.training import train

    out = tmp_path_factory.mktemp("models") / "tiny"
    cfg = load_config(ROOT / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=4"])
    return train(cfg, output_dir=out, root=ROOT)


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir: Path):
    from stance.modeling import StanceClassifier

    return StanceClassifier.from_pretrained(tiny_model_dir)

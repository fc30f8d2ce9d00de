"""The corpus builder: writer ids, frozen versions, and committed files that match their sources."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("corpus_build", ROOT / "corpus" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "writer"), [("kashmir-a.yaml", "a"), ("kashmir-a2.yaml", "a"),
                                              ("serbia-kosovo-z.yaml", "z"), ("cyprus-ae.yaml", "ae")])
def test_writer_id_is_the_letters_after_the_last_hyphen(build, name: str, writer: str) -> None:
    assert build._writer(Path(name)) == writer


@pytest.mark.parametrize("name", ["kashmir.yaml", "kashmir-zz.yaml", "kashmir-7.yaml"])
def test_unknown_writer_id_is_refused_with_the_fix(build, name: str) -> None:
    with pytest.raises(build.CorpusError, match="add new writers to VERSIONS"):
        build._writer(Path(name))


def test_each_version_holds_its_predecessor(build) -> None:
    versions = list(build.VERSIONS.values())
    for older, newer in itertools.pairwise(versions):
        assert newer[:len(older)] == older


def test_committed_corpus_files_match_their_sources(build) -> None:
    """Every version's files are what the sources and adjudications build: nothing edited by hand,
    and a frozen version (a shipped model's training data) unchanged by later batches."""
    files = sorted((ROOT / "corpus" / "src").glob("*/*.yaml"))
    articles, statements, errors = build.collect(files)
    assert errors == []
    build.apply_adjudication(articles, statements, ROOT / "corpus" / "annotation" / "adjudication.jsonl")
    for version, expected in build.version_rows(articles, statements).items():
        for name, lines in expected.items():
            committed = (ROOT / "corpus" / version / name).read_text(encoding="utf-8").splitlines()
            assert committed == lines, f"corpus/{version}/{name} differs from its sources: run python corpus/build.py"

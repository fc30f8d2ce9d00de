"""The corpus builder: writer ids, frozen versions, and committed files that match their sources."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _corpus_script(name: str):
    """Import one of the scripts in corpus/ (not a package) as a module."""
    spec = importlib.util.spec_from_file_location(f"corpus_{name}", ROOT / "corpus" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return _corpus_script("build")


@pytest.mark.parametrize(("name", "writer"), [("kashmir-a.yaml", "a"), ("kashmir-a2.yaml", "a"),
                                              ("serbia-kosovo-z.yaml", "z"), ("cyprus-ae.yaml", "ae")])
def test_writer_id_is_the_letters_after_the_last_hyphen(build, name: str, writer: str) -> None:
    assert build._writer(Path(name)) == writer


@pytest.mark.parametrize("name", ["kashmir.yaml", "kashmir-zz.yaml", "kashmir-7.yaml"])
def test_unknown_writer_id_is_refused_with_the_fix(build, name: str) -> None:
    with pytest.raises(build.CorpusError, match="add new writers to VERSIONS"):
        build._writer(Path(name))


def test_each_version_extends_an_earlier_one_with_new_writers(build) -> None:
    # v15 is v10 plus batch 19, not v14 plus it: a version may branch from any earlier one
    versions = list(build.VERSIONS.items())
    for k, (name, writers) in enumerate(versions[1:], start=1):
        earlier = [w for _, ws in versions[:k] for w in ws]
        bases = [ws for _, ws in versions[:k] if writers[:len(ws)] == ws]
        assert bases, f"{name} does not start with the writers of an earlier version"
        added = writers[len(max(bases, key=len)):]
        assert added and not set(added) & set(earlier), f"{name} adds no writers, or reuses earlier ones"
        assert len(set(added)) == len(added), f"{name} names a new writer twice"


def test_committed_corpus_files_match_their_sources(build) -> None:
    """Every version's files are what the sources and adjudications build: nothing edited by hand,
    and an earlier version unchanged by later batches (the writers it holds are fixed)."""
    articles, statements, errors = build.build_all()
    assert errors == []
    for version, expected in build.version_rows(articles, statements).items():
        for name, lines in expected.items():
            committed = (ROOT / "corpus" / version / name).read_text(encoding="utf-8").splitlines()
            assert committed == lines, f"corpus/{version}/{name} differs from its sources: run python corpus/build.py"


@pytest.fixture(scope="module")
def overlap():
    return _corpus_script("overlap")


def test_overlap_flags_a_reproduced_quotation_and_not_a_paraphrase(overlap, tmp_path: Path) -> None:
    corpus = tmp_path / "v1"
    corpus.mkdir()
    (corpus / "articles.jsonl").write_text(json.dumps({"id": "x-a001", "text": (
        "The minister said all questions between the two neighbours will be settled by them alone, "
        "without any outside help.")}) + "\n", encoding="utf-8")
    (corpus / "statements.jsonl").write_text("", encoding="utf-8")
    index = overlap.CorpusIndex(corpus)
    assert index.seen("all questions between the two neighbours will be settled by them alone")
    assert index.seen("will be settled by them alone")  # shorter than 8 words: the whole quote counts
    assert not index.seen("will be settled by them soon")
    assert not index.seen("every issue with our neighbour is for the two of us to settle")
    assert not index.seen("outside help")  # too short to tell


def test_no_corpus_version_reproduces_text_of_the_development_set(build, overlap) -> None:
    """Our own writing only: no corpus text shares a run of 8 words with the development set."""
    devset = ROOT.parent / "shared" / "devset.jsonl"
    if not devset.is_file():
        pytest.skip("the development set is not beside the checkout")
    for version in build.VERSIONS:
        assert overlap.main([str(devset), "--version", version]) == 0, (
            f"corpus {version} shares 8-word runs with the development set: reword those texts")


def test_overlap_index_explains_bad_settings_and_missing_corpus(overlap, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="need n >= 1"):
        overlap.CorpusIndex(texts=["a b c"], n=0)
    with pytest.raises(FileNotFoundError, match=r"no articles\.jsonl or statements\.jsonl"):
        overlap.CorpusIndex(tmp_path)
    (tmp_path / "statements.jsonl").write_text(json.dumps({"id": "s1", "text": "one two three four five"}) + "\n",
                                               encoding="utf-8")
    assert overlap.CorpusIndex(tmp_path, n=5).seen("One, two, three, four, five!")  # statements alone suffice

"""Annotation: extracted quotes with suggested stances, as a dataset and as a gold file to correct."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.annotation import ANNOTATION_FEATURES, annotation_dataset, write_annotation_file
from stance.cli import app
from stance.data import FEATURES, gold_dataset
from stance.documents import Document, read_documents
from stance.gold import GoldArticle, GoldFormatError, GoldQuote, read_gold
from stance.types import LABELS, Quote

ARTICLES = [
    Document(id="lakes-1", text=(
        "Ministers of Ostland and Vesna met at the lake border on Monday.\n\n"
        '"Every question between our two countries will be settled only bilaterally," the Ostland minister said.\n\n'
        "Vesna's envoy said her government would welcome mediation by Norway."
    ), extra={"dispute": "lakes", "date": "2026-03-01", "source": "our wire"}),
    Document(id="lakes-2", text="Fishing boats stayed in port because of a storm."),
    Document(id="lakes-3", text='"Trade across the lake grew by a fifth," the customs chief said.'),
]


def test_dataset_has_one_row_per_found_quote_with_a_suggestion() -> None:
    ds = annotation_dataset(ARTICLES, model="keywords")
    assert ds.features == ANNOTATION_FEATURES
    assert ds["document"] == ["lakes-1", "lakes-1", "lakes-3"]
    assert ds["quote"] == [0, 1, 0]
    first = ds[0]
    assert first["speaker"] == "the Ostland minister" and first["kind"] == "direct"
    assert ARTICLES[0].text[first["start"]:first["end"]] == first["text"]
    assert first["after"] == '," the Ostland minister said.'
    assert ds.features["suggested"].int2str(first["suggested"]) == "bilateral"
    for row in ds:
        probs = row["scores"]
        assert abs(sum(probs) - 1) < 1e-3
        assert row["confidence"] == pytest.approx(max(probs)) and LABELS[row["suggested"]] == LABELS[probs.index(max(probs))]
        top = sorted(probs, reverse=True)
        assert row["margin"] == pytest.approx(top[0] - top[1])
    ordered = ds.sort("margin")
    assert ordered["margin"] == sorted(ds["margin"])


def test_no_quotes_give_an_empty_dataset_with_the_declared_columns() -> None:
    ds = annotation_dataset(["Boats stayed in port."], model="keywords")
    assert len(ds) == 0 and ds.features == ANNOTATION_FEATURES


def test_file_lists_every_article_with_stances_left_to_fill(tmp_path: Path) -> None:
    out = tmp_path / "todo.jsonl"
    counts = write_annotation_file(ARTICLES, out, model="keywords", dispute="lake-border")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["lakes-1", "lakes-2", "lakes-3"]
    assert counts["articles"] == 3 and counts["quotes"] == 3
    assert counts["uncertain"] == sum(q["confidence"] < 0.6 for r in rows for q in r["quotes"])
    # the input's own dispute wins; the default fills articles that name none; other fields are kept
    assert [r["dispute"] for r in rows] == ["lakes", "lake-border", "lake-border"]
    assert rows[0]["date"] == "2026-03-01" and rows[0]["source"] == "our wire"
    assert rows[1]["quotes"] == []
    for r in rows:
        for q in r["quotes"]:
            assert q["stance"] is None and q["suggested"] in LABELS
            assert r["text"][q["start"]:q["end"]] == q["text"]
            assert q["scores"][q["suggested"]] == q["confidence"]


def test_an_unfilled_file_is_refused_and_a_filled_one_evaluates(tmp_path: Path) -> None:
    out = tmp_path / "todo.jsonl"
    write_annotation_file(ARTICLES, out, model="keywords")
    with pytest.raises(GoldFormatError, match=r"lakes-1.*quote 0: 'stance' is null: this quote is not annotated yet "
                                              r"\(the model suggested 'bilateral'\)"):
        read_gold(out)
    assert [len(a.quotes) for a in read_gold(out, strict_labels=False)] == [2, 0, 1]
    # a person fills the stances
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for r, labels in zip(rows, (["bilateral", "mediation"], [], ["unrelated"])):
        for q, label in zip(r["quotes"], labels):
            q["stance"] = label
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    from stance.evaluation import evaluate

    report = evaluate(out, model="keywords")
    # the gold spans are the extractor's own, so extraction and attribution are perfect
    assert report.extraction.exact.f1 == 1.0 and report.extraction.speaker_accuracy == 1.0
    ds = gold_dataset(out)
    assert ds.features == FEATURES and [ds.features["label"].int2str(x) for x in ds["label"]] == [
        "bilateral", "mediation", "unrelated"]


def test_uncertain_order_puts_the_least_sure_article_first_and_limit_cuts(tmp_path: Path, tiny_model_dir: Path) -> None:
    out = tmp_path / "todo.jsonl"
    ds = annotation_dataset(ARTICLES, model=str(tiny_model_dir))
    least = {doc.id: min((m for d, m in zip(ds["document"], ds["margin"]) if d == doc.id), default=2.0) for doc in ARTICLES}
    assert len(set(least.values())) == 3  # the tiny model's margins differ, so the order is a real test
    write_annotation_file(ARTICLES, out, model=str(tiny_model_dir), order="uncertain", limit=2)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == sorted(least, key=least.get)[:2]
    assert "lakes-2" not in ids  # an article without quotes has nothing uncertain: it comes last


def test_custom_extractor_and_plain_strings(tmp_path: Path) -> None:
    def extractor(text: str) -> list[Quote]:
        return [Quote(text=text[:5], start=0, end=5, kind="direct", speaker=None)]

    ds = annotation_dataset(["Hello there.", "Again, hello."], model="keywords", extractor=extractor)
    assert ds["document"] == ["doc-0", "doc-1"] and ds["text"] == ["Hello", "Again"] and ds["speaker"] == ["", ""]


@pytest.mark.parametrize(("documents", "error", "match"), [
    ("one article", TypeError, r"got a single str; wrap it in a list"),
    ([ARTICLES[0], 7], TypeError, r"article 1 is a int"),
    (None, TypeError, r"expected a list of articles"),
    ([Document(id="x", text="a"), Document(id="x", text="b")], ValueError, r"two articles share the id 'x'"),
])
def test_bad_documents_are_clear_errors(documents, error, match) -> None:
    with pytest.raises(error, match=match):
        annotation_dataset(documents, model="keywords")


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"order": "random"}, ValueError, r"order should be one of 'input', 'uncertain', got 'random'"),
    ({"limit": 0}, ValueError, r"limit should be a whole number of articles, at least 1"),
    ({"extractor": "spacy"}, TypeError, r"extractor should be None .* got str"),
    ({"extractor": lambda text: None}, TypeError, r"the extractor returned NoneType; expected a list of stance.types.Quote"),
    ({"model": 3}, TypeError, r"model should be None"),
])
def test_bad_options_are_clear_errors(tmp_path: Path, kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        write_annotation_file(ARTICLES, tmp_path / "out.jsonl", **{"model": "keywords", **kwargs})


def test_bad_output_paths_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        write_annotation_file(ARTICLES, tmp_path, model="keywords")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_annotation_file(ARTICLES, tmp_path / "no" / "out.jsonl", model="keywords")


def test_gold_dataset_needs_stances_and_gold_articles() -> None:
    unlabelled = GoldArticle(id="u", text="Ali said talks must stay bilateral.",
                             quotes=(GoldQuote(9, 34, "talks must stay bilateral", "indirect", "Ali", ""),))
    with pytest.raises(ValueError, match=r"article 'u', quote 0 has no stance"):
        gold_dataset([unlabelled])
    with pytest.raises(TypeError, match=r"gold item 0 is a dict"):
        gold_dataset([{"id": "u"}])
    with pytest.raises(TypeError, match=r"takes the path of a gold file or a list of GoldArticle, got int"):
        gold_dataset(3)


def test_json_rows_keep_their_other_fields(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x", "dispute": "lakes", "quotes": [], "url": "u"}) + "\n",
                    encoding="utf-8")
    assert read_documents([path])[0].extra == {"dispute": "lakes", "quotes": [], "url": "u"}


def test_annotate_on_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "articles.jsonl"
    src.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in ARTICLES), encoding="utf-8")
    out = tmp_path / "todo.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(src), "--out", str(out), "--model", "keywords", "--dispute", "lakes"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 3 articles, 3 quotes" in result.output
    assert [a.dispute for a in read_gold(out, strict_labels=False)] == ["lakes"] * 3
    bad = CliRunner().invoke(app, ["annotate", str(src), "--out", str(out), "--model", "keywords", "--order", "x"])
    assert bad.exit_code == 1 and "error: order should be one of" in bad.output and "Traceback" not in bad.output


def test_an_existing_file_is_kept_unless_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "todo.jsonl"
    out.write_text("someone's corrections\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="exists and may hold someone's corrections"):
        write_annotation_file(ARTICLES, out, model="keywords")
    assert out.read_text(encoding="utf-8") == "someone's corrections\n"
    write_annotation_file(ARTICLES, out, model="keywords", overwrite=True)
    assert len(read_gold(out, strict_labels=False)) == 3


def test_annotated_input_is_refused_rather_than_dropped(tmp_path: Path) -> None:
    done = Document(id="done", text="x", extra={"quotes": [{"start": 0, "end": 1}]})
    with pytest.raises(ValueError, match="article 'done' already has 1 quotes in its input row"):
        write_annotation_file([done], tmp_path / "out.jsonl", model="keywords")
    assert not (tmp_path / "out.jsonl").exists()


def test_limit_in_input_order_labels_only_the_articles_written(tmp_path: Path) -> None:
    seen: list[str] = []

    def extractor(text: str) -> list[Quote]:
        seen.append(text)
        return []

    counts = write_annotation_file(ARTICLES, tmp_path / "out.jsonl", model="keywords", extractor=extractor, limit=1)
    assert counts["articles"] == 1 and seen == [ARTICLES[0].text]


def test_a_model_with_other_labels_is_a_clear_error() -> None:
    from stance.types import Prediction

    class Other:
        def label_quotes(self, article, spans):
            return [Prediction(label="pro", score=1.0, scores={"pro": 1.0}) for _ in spans]

    with pytest.raises(ValueError, match=r"labelled a quote of article 'lakes-1' 'pro' with scores for \['pro'\]"):
        annotation_dataset(ARTICLES, model=Other())


def test_force_on_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLES[2].text, encoding="utf-8")
    out = tmp_path / "todo.jsonl"
    out.write_text("keep\n", encoding="utf-8")
    args = ["annotate", str(src), "--out", str(out), "--model", "keywords"]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 1 and "--force" in refused.output and out.read_text(encoding="utf-8") == "keep\n"
    assert CliRunner().invoke(app, [*args, "--force"]).exit_code == 0
    assert read_gold(out, strict_labels=False)[0].quotes[0].speaker == "the customs chief"

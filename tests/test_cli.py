"""The command line: thin wrappers with readable errors (exit 1, no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.cli import app
from stance.types import LABELS

runner = CliRunner()
DATA = Path(__file__).resolve().parent / "data"


def test_predict_prints_a_label_per_statement(tiny_model_dir: Path) -> None:
    result = runner.invoke(app, ["predict", "--model", str(tiny_model_dir), "We reject mediation.", "Trade grew."])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].split()[0] in {"mediation", "bilateral", "neutral", "unrelated"}


def test_predict_json(tiny_model_dir: Path) -> None:
    result = runner.invoke(app, ["predict", "--model", str(tiny_model_dir), "--format", "json", "We reject mediation."])
    rows = json.loads(result.output)
    assert rows[0]["text"] == "We reject mediation." and abs(sum(rows[0]["scores"].values()) - 1) < 1e-3
    # score and scores are rounded alike, so the score is the label's entry in scores
    assert rows[0]["score"] == rows[0]["scores"][rows[0]["label"]]
    assert all(round(v, 4) == v for v in rows[0]["scores"].values())


def test_predict_empty_statement_is_a_clean_error(tiny_model_dir: Path) -> None:
    result = runner.invoke(app, ["predict", "--model", str(tiny_model_dir), ""])
    assert result.exit_code == 1
    assert "error: texts[0] is empty" in result.output
    assert "Traceback" not in result.output


def test_train_with_missing_config_file() -> None:
    result = runner.invoke(app, ["train", "no/such/config.yaml"])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_train_with_unknown_override_key(root: Path) -> None:
    result = runner.invoke(app, ["train", str(root / "configs" / "tiny.yaml"), "--set", "training.learnin_rate=1"])
    assert result.exit_code == 1
    assert "did you mean 'training.learning_rate'" in result.output


def test_train_from_config_saves_a_model(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", str(root / "configs" / "tiny.yaml"), "--set", f"data.corpus={tiny_corpus}",
                                 "--set", "training.max_steps=2", "--output-dir", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "validation macro-F1" in result.output
    assert (tmp_path / "m" / "stance_config.json").is_file()


def test_train_an_ensemble_then_predict_with_it(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", str(root / "configs" / "tiny.yaml"), "--set", f"data.corpus={tiny_corpus}",
                                 "--set", "training.max_steps=2", "--set", "training.ensemble_seeds=[1, 2]",
                                 "--output-dir", str(tmp_path / "pair")])
    assert result.exit_code == 0, result.output
    assert "validation macro-F1" in result.output
    assert sorted(p.name for p in (tmp_path / "pair").glob("member-*")) == ["member-1", "member-2"]
    result = runner.invoke(app, ["predict", "--model", str(tmp_path / "pair"), "--format", "json",
                                 "We would welcome a mediator."])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert row["label"] in LABELS and abs(sum(row["scores"].values()) - 1) < 1e-4
    members = [str(tmp_path / "pair" / f"member-{s}") for s in (1, 2)]  # the same runs, combined after training
    result = runner.invoke(app, ["ensemble", *members, "--out", str(tmp_path / "combined")])
    assert result.exit_code == 0, result.output
    assert "member member-1" in result.output and "ensemble validation" in result.output
    assert json.loads((tmp_path / "combined" / "stance_config.json").read_text())["ensemble"]["members"] == [
        "member-1", "member-2"]
    result = runner.invoke(app, ["ensemble", members[0], "--out", str(tmp_path / "one")])
    assert result.exit_code != 0 and "two or more runs, got 1" in result.output


def test_analyze_reads_files_and_prints_jsonl(tiny_model_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text('Veloria ruled out outside help. "We will settle this with Marisca alone," Ilse Varga said.\n')
    result = runner.invoke(app, ["analyze", str(article), "--model", str(tiny_model_dir), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.strip().splitlines()]
    assert rows[0]["text"] == "We will settle this with Marisca alone"
    assert rows[0]["speaker"] == "Ilse Varga"
    text = article.read_text()
    assert text[rows[0]["start"]:rows[0]["end"]] == rows[0]["text"]


def test_both_runtimes_give_the_same_labels_on_the_command_line(tiny_model_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text('"We will settle this with Marisca alone," Ilse Varga said. Aron Pell said a mediator could help.\n')
    rows = {}
    for runtime in ("numpy", "torch"):
        result = runner.invoke(app, ["analyze", str(article), "--model", str(tiny_model_dir), "--format", "jsonl",
                                     "--runtime", runtime])
        assert result.exit_code == 0, result.output
        rows[runtime] = [json.loads(line) for line in result.output.strip().splitlines()]
    assert len(rows["numpy"]) == 2
    assert [(r["start"], r["label"]) for r in rows["numpy"]] == [(r["start"], r["label"]) for r in rows["torch"]]
    assert [r["score"] for r in rows["numpy"]] == pytest.approx([r["score"] for r in rows["torch"]], abs=2e-4)
    bad = runner.invoke(app, ["analyze", str(article), "--model", str(tiny_model_dir), "--runtime", "gpu"])
    assert bad.exit_code == 1 and "error: runtime should be one of 'auto', 'numpy', 'torch', got 'gpu'" in bad.output


def test_analyze_table_from_stdin(tiny_model_dir: Path) -> None:
    stdin = '"We need no mediator," the minister said.'
    result = runner.invoke(app, ["analyze", "--model", str(tiny_model_dir)], input=stdin)
    assert result.exit_code == 0, result.output
    assert "1 quotes in 1 documents" in result.output


def test_analyze_missing_file_is_a_clean_error(tiny_model_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "missing.txt"), "--model", str(tiny_model_dir)])
    assert result.exit_code == 1 and "error:" in result.output


def test_evaluate_end_to_end_on_tiny_gold(tiny_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["evaluate", "--gold", str(DATA / "tiny_gold.jsonl"), "--model", str(tiny_model_dir),
                                 "--out", str(out), "--bootstrap", "50"])
    assert result.exit_code == 0, result.output
    for name in ("report.json", "report.md", "confusion.png", "reliability.png"):
        assert (out / name).is_file(), name
    report = json.loads((out / "report.json").read_text())
    assert report["gold"]["n_articles"] == 3
    assert 0.0 <= report["stance"]["macro_f1"] <= 1.0
    assert report["extraction"]["overlap"]["n_gold"] == 11


def test_evaluate_without_out_prints_the_summary_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["evaluate", "--gold", str(DATA / "tiny_gold.jsonl"), "--model", "keywords",
                                 "--bootstrap", "20"])
    assert result.exit_code == 0, result.output
    assert "## Summary" in result.output and "stance macro-F1, gold spans" in result.output
    assert "report written" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_evaluate_with_malformed_gold_names_the_line(tiny_model_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "abc", "quotes": [{"start": 0, "end": 99, "text": "abc"}]}\n')
    result = runner.invoke(app, ["evaluate", "--gold", str(bad), "--model", str(tiny_model_dir), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output


def test_output_dir_that_is_a_file_fails_before_training(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x")
    result = runner.invoke(app, ["train", str(root / "configs" / "tiny.yaml"), "--set", f"data.corpus={tiny_corpus}",
                                 "--output-dir", str(target)])
    assert result.exit_code == 1 and "is an existing file" in result.output
    assert "Traceback" not in result.output


def test_evaluate_into_a_file_is_a_clean_error(tiny_model_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x")
    result = runner.invoke(app, ["evaluate", "--gold", str(DATA / "tiny_gold.jsonl"), "--model", str(tiny_model_dir),
                                 "--out", str(target), "--bootstrap", "0"])
    assert result.exit_code == 1 and result.output.startswith("error: --out")


def test_predict_rejects_an_unknown_format(tiny_model_dir: Path) -> None:
    result = runner.invoke(app, ["predict", "--model", str(tiny_model_dir), "--format", "xml", "x"])
    assert result.exit_code == 1 and "--format must be table, json, jsonl or csv" in result.output


def test_baselines_load_through_the_same_entry_points(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "tfidf"
    result = runner.invoke(app, ["train", str(root / "configs" / "tfidf.yaml"), "--set", f"data.corpus={tiny_corpus}",
                                 "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["predict", "--model", str(out), "We reject any mediation."])
    assert result.exit_code == 0 and result.output.split()[0] in {"mediation", "bilateral", "neutral", "unrelated"}


def test_evaluate_with_an_empty_gold_file_is_a_clean_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = runner.invoke(app, ["evaluate", "--gold", str(empty), "--model", "keywords", "--out", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert "error: gold holds no articles" in result.output and "Traceback" not in result.output


def test_analyze_reads_a_json_file(tmp_path: Path) -> None:
    rows = [{"id": "a1", "text": 'Officials said: "We need no mediator," Jon Arvo said.'}]
    (tmp_path / "arts.json").write_text(json.dumps(rows))
    result = runner.invoke(app, ["analyze", "--model", "keywords", "--format", "jsonl", str(tmp_path / "arts.json")])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert out and all(r["document"] == "a1" for r in out)


def test_auto_runtime_is_torch_for_many_documents_only() -> None:
    from stance.cli import BULK_DOCUMENTS, _bulk

    assert _bulk("auto", BULK_DOCUMENTS) == "torch" and _bulk("auto", BULK_DOCUMENTS - 1) == "auto"
    assert _bulk("numpy", 10 * BULK_DOCUMENTS) == "numpy" and _bulk("torch", 1) == "torch"


def test_annotate_asks_for_torch_from_8_documents_and_evaluate_passes_the_runtime_on(tmp_path: Path, monkeypatch) -> None:
    import stance.api

    asked: list[str] = []
    real_load = stance.api.load

    def load(name, *, runtime="auto"):
        asked.append(runtime)
        return real_load(name, runtime=runtime)

    monkeypatch.setattr(stance.api, "load", load)
    rows = "".join(json.dumps({"id": f"d{i}", "text": f'"Talks must be bilateral," envoy {i} said.'}) + "\n" for i in range(8))
    (tmp_path / "eight.jsonl").write_text(rows, encoding="utf-8")
    (tmp_path / "one.txt").write_text('"Talks must be bilateral," the envoy said.', encoding="utf-8")
    for src, out in (("eight.jsonl", "a.jsonl"), ("one.txt", "b.jsonl")):
        result = runner.invoke(app, ["annotate", str(tmp_path / src), "--out", str(tmp_path / out), "--model", "keywords"])
        assert result.exit_code == 0, result.output
    assert asked == ["torch", "auto"]
    result = runner.invoke(app, ["evaluate", "--gold", str(DATA / "tiny_gold.jsonl"), "--model", "keywords",
                                 "--out", str(tmp_path / "report"), "--bootstrap", "10", "--runtime", "numpy"])
    assert result.exit_code == 0, result.output
    assert asked[-1] == "numpy"  # an explicit runtime is passed through as it is


def test_predict_reads_statements_from_files_and_stdin(tmp_path: Path) -> None:
    import csv
    import io

    (tmp_path / "s.csv").write_text('text,speaker\n"Only bilaterally, as always.",Ostland\nThe UN should mediate.,\n',
                                    encoding="utf-8")
    (tmp_path / "s.jsonl").write_text(json.dumps({"text": "The UN should mediate.", "speaker": "Vesna"}) + "\n\n"
                                      + json.dumps({"text": "Only bilaterally."}) + "\n", encoding="utf-8")
    (tmp_path / "s.txt").write_text("Only bilaterally.\n\nThe UN should mediate.\n", encoding="utf-8")
    got = {}
    for name in ("s.csv", "s.jsonl", "s.txt"):
        result = runner.invoke(app, ["predict", "--input", str(tmp_path / name), "--model", "keywords", "--format", "csv",
                                     "--speaker", "Default Speaker"])
        assert result.exit_code == 0, result.output
        got[name] = [(r["text"], r["speaker"], r["label"]) for r in csv.DictReader(io.StringIO(result.stdout))]
    assert got["s.csv"] == [("Only bilaterally, as always.", "Ostland", "bilateral"),
                            ("The UN should mediate.", "Default Speaker", "mediation")]
    assert [r[1] for r in got["s.jsonl"]] == ["Vesna", "Default Speaker"]
    assert [r[0] for r in got["s.txt"]] == ["Only bilaterally.", "The UN should mediate."]
    piped = runner.invoke(app, ["predict", "--input", "-", "--model", "keywords", "--format", "jsonl"],
                          input="Only bilaterally.\nThe UN should mediate.\n")
    assert [json.loads(line)["label"] for line in piped.stdout.splitlines()] == ["bilateral", "mediation"]


@pytest.mark.parametrize(("args", "match"), [
    (["A statement.", "--input", "{csv}"], "either as arguments or with --input FILE, not both"),
    ([], "no statements"),
    (["--input", "{bad}"], "the header should have a 'text' column"),
    (["--input", "{missing}"], "is not a file"),
])
def test_predict_input_errors_are_clean(tmp_path: Path, args, match) -> None:
    paths = {"csv": tmp_path / "s.csv", "bad": tmp_path / "bad.csv", "missing": tmp_path / "none.csv"}
    paths["csv"].write_text("text\nOnly bilaterally.\n", encoding="utf-8")
    paths["bad"].write_text("speaker\nOstland\n", encoding="utf-8")
    result = runner.invoke(app, ["predict", *(a.format(**paths) for a in args), "--model", "keywords"])
    assert result.exit_code == 1 and match in result.output and "Traceback" not in result.output


def test_predict_jsonl_input_with_a_bad_line(tmp_path: Path) -> None:
    (tmp_path / "s.jsonl").write_text('{"text": "fine"}\n{"speaker": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["predict", "--input", str(tmp_path / "s.jsonl"), "--model", "keywords"])
    assert result.exit_code == 1 and "s.jsonl:2: expected an object with a 'text' string" in result.output

"""Distillation: a teacher's logits on the training split, saved once and mixed into the loss."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from stance.config import ConfigError, load_config
from stance.training import train, write_teacher_targets


def _config(root: Path, corpus: Path, *extra: str):
    return load_config(root / "configs" / "tiny.yaml", [f"data.corpus={corpus}", "training.max_steps=3",
                                                        "training.progress=false", *extra])


@pytest.fixture(scope="module")
def targets(root: Path, tiny_corpus: Path, tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("teacher") / "targets.json"
    with pytest.warns(UserWarning, match="trained or selected on"):  # the tiny teacher shares the student's split
        return write_teacher_targets(_config(root, tiny_corpus), out, teacher=str(tiny_model_dir), root=root,
                                     progress=False)


def test_the_loss_is_temperature_scaled_kl_from_teacher_to_student() -> None:
    import torch

    from stance.training import distillation_loss

    student = torch.tensor([[1.0, 0.0, -1.0, 2.0], [0.5, 0.5, 0.0, -2.0]])
    teacher = torch.tensor([[3.0, -1.0, 0.0, 0.0], [0.0, 2.0, 1.0, -1.0]])
    t = 2.0
    p = torch.softmax(teacher / t, -1).numpy()
    q = torch.softmax(student / t, -1).numpy()
    expected = t ** 2 * float(np.mean(np.sum(p * (np.log(p) - np.log(q)), axis=1)))
    assert float(distillation_loss(student, teacher, t)) == pytest.approx(expected, rel=1e-5)
    assert float(distillation_loss(teacher, teacher, t)) == pytest.approx(0.0, abs=1e-6)
    swapped = float(distillation_loss(teacher, student, t))
    assert swapped != pytest.approx(expected, rel=1e-3)  # the direction matters: KL(teacher || student)


def test_teacher_rows_follow_the_training_rows(tmp_path: Path) -> None:
    from stance.training import TEACHER_FORMAT, _teacher_matrix
    from stance.types import LABELS

    logits = {"a": [1.0, 0.0, 0.0, 0.0], "b": [0.0, 2.0, 0.0, 0.0], "c": [0.0, 0.0, 3.0, 0.0]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"format": TEACHER_FORMAT, "labels": list(LABELS), "logits": logits}))
    got = _teacher_matrix(str(path), [{"id": "c"}, {"id": "a"}, {"id": "b"}], tmp_path)
    np.testing.assert_array_equal(got.argmax(1), [2, 0, 1])
    logits["a"] = [1.0, 2.0]
    path.write_text(json.dumps({"format": TEACHER_FORMAT, "labels": list(LABELS), "logits": logits}))
    with pytest.raises(ValueError, match="'a' have 2 values, expected 4"):
        _teacher_matrix(str(path), [{"id": "a"}], tmp_path)


def test_targets_record_what_the_teacher_saw_of_the_students_splits(targets: Path) -> None:
    data = json.loads(targets.read_text())
    assert data["teacher_saw_student_validation"] > 0


def test_targets_hold_the_teachers_logits_for_every_training_example(
        root: Path, tiny_corpus: Path, tiny_model_dir: Path, targets: Path) -> None:
    from stance.data import build_dataset
    from stance.modeling import StanceClassifier

    data = json.loads(targets.read_text())
    cfg = _config(root, tiny_corpus)
    rows = build_dataset(cfg.data, root=root)["train"].to_list()
    assert set(data["logits"]) == {r["id"] for r in rows}
    teacher = StanceClassifier.from_pretrained(tiny_model_dir)
    expected = teacher.logits(teacher.pairs_for(rows[:5]))
    got = np.array([data["logits"][r["id"]] for r in rows[:5]])
    np.testing.assert_allclose(got, expected, atol=1e-3)


def test_training_with_targets_changes_the_student(root: Path, tiny_corpus: Path, targets: Path, tmp_path: Path) -> None:
    from stance.modeling import StanceClassifier

    plain = train(_config(root, tiny_corpus), output_dir=tmp_path / "plain", root=root)
    distilled = train(_config(root, tiny_corpus, f"training.distillation.targets={targets}",
                              "training.distillation.weight=1.0"), output_dir=tmp_path / "distilled", root=root)
    pairs = [("We will only talk directly.", ""), ("The envoy will host the talks.", "")]
    a = StanceClassifier.from_pretrained(plain).logits(pairs)
    b = StanceClassifier.from_pretrained(distilled).logits(pairs)
    assert not np.allclose(a, b)
    saved = (distilled / "config.yaml").read_text()
    assert "targets:" in saved and str(targets) in saved


def test_targets_that_miss_training_examples_are_refused(root: Path, tiny_corpus: Path, targets: Path,
                                                         tmp_path: Path) -> None:
    data = json.loads(targets.read_text())
    dropped = sorted(data["logits"])[0]
    del data["logits"][dropped]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=rf"no teacher logits for 1 of the .*first: '{dropped}'"):
        train(_config(root, tiny_corpus, f"training.distillation.targets={partial}"), output_dir=tmp_path / "m", root=root)


def test_a_file_that_is_not_a_targets_file_is_named(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"logits": {}}')
    with pytest.raises(ValueError, match="is not a teacher-targets file"):
        train(_config(root, tiny_corpus, f"training.distillation.targets={other}"), output_dir=tmp_path / "m", root=root)
    with pytest.raises(FileNotFoundError, match="stance teacher-targets"):
        train(_config(root, tiny_corpus, f"training.distillation.targets={tmp_path / 'none.json'}"),
              output_dir=tmp_path / "m", root=root)


def test_baselines_refuse_distillation_targets(root: Path, targets: Path, tmp_path: Path) -> None:
    cfg = load_config(root / "configs" / "tfidf.yaml", [f"training.distillation.targets={targets}"])
    with pytest.raises(ValueError, match=r"distillation needs model\.kind: transformer"):
        train(cfg, output_dir=tmp_path / "b", root=root)


def test_distillation_settings_are_range_checked(root: Path) -> None:
    with pytest.raises(ConfigError, match=r"training\.distillation\.weight: 1\.5 is above the maximum"):
        load_config(root / "configs" / "tiny.yaml", ["training.distillation.weight=1.5"])
    with pytest.raises(ConfigError, match=r"unknown key 'training\.distillation\.teacher'"):
        load_config(root / "configs" / "tiny.yaml", ["training.distillation.teacher=accurate"])


def test_cli_writes_targets(root: Path, tiny_corpus: Path, tiny_model_dir: Path, tmp_path: Path) -> None:
    from stance.cli import app

    out = tmp_path / "t.json"
    result = CliRunner().invoke(app, ["teacher-targets", str(root / "configs" / "tiny.yaml"), "--out", str(out),
                                      "--teacher", str(tiny_model_dir), "--set", f"data.corpus={tiny_corpus}"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["examples"] > 0
    bad = CliRunner().invoke(app, ["teacher-targets", str(root / "configs" / "tiny.yaml"), "--out", str(out),
                                   "--teacher", "tfidf"])
    assert bad.exit_code == 1 and "must be a transformer model" in bad.output

"""Seed ensembles: config checks, training and saving, loading in both runtimes, and the averaging itself."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

import stance
from stance.calibration import apply_temperature
from stance.config import ConfigError, ModelConfig, config_from_dict, load_config
from stance.ensemble import EnsembleClassifier, is_ensemble
from stance.gold import read_gold
from stance.modeling import StanceClassifier
from stance.runtime import NumpyClassifier

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
STATEMENTS = ["Only direct talks between the two capitals can settle this.",
              "We would welcome an outside mediator.",
              "Wheat exports rose by a tenth this year."]


@pytest.fixture(scope="module")
def ensemble_dir(tmp_path_factory: pytest.TempPathFactory, tiny_corpus: Path) -> Path:
    from stance.training import train

    out = tmp_path_factory.mktemp("ensemble") / "pair"
    cfg = load_config(ROOT / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=3",
                                                       "training.ensemble_seeds=[7, 3]"])
    return train(cfg, output_dir=out, root=ROOT)


@pytest.mark.parametrize("seeds, message", [
    ("[5]", "one seed (5) makes no ensemble"),
    ("[5, 6, 5]", "seed(s) [5] repeated"),
    ("[5, -2]", "ensemble_seeds[1]: -2 is outside"),
    ("[5, 1.5]", "ensemble_seeds[1]: expected a whole number"),
])
def test_bad_ensemble_seeds_are_rejected_with_the_key(seeds: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        config_from_dict({}, [f"training.ensemble_seeds={seeds}"])


def test_ensemble_seeds_need_a_transformer() -> None:
    with pytest.raises(ConfigError, match=r"model\.kind 'tfidf'"):
        config_from_dict({"model": {"kind": "tfidf"}, "training": {"ensemble_seeds": [1, 2]}})
    assert config_from_dict({}, ["training.ensemble_seeds=[4, 2]"]).training.ensemble_seeds == (4, 2)


def test_training_saves_one_folder_per_member_and_one_tokenizer(ensemble_dir: Path) -> None:
    meta = json.loads((ensemble_dir / "stance_config.json").read_text())
    assert meta["ensemble"]["members"] == ["member-7", "member-3"]
    assert is_ensemble(ensemble_dir) and not is_ensemble(ensemble_dir / "member-7")
    assert (ensemble_dir / "tokenizer.json").is_file()
    for sub in ("member-7", "member-3"):
        member = ensemble_dir / sub
        assert not (member / "tokenizer.json").exists()
        assert load_config(member / "config.yaml", check_base=False).training.seed == int(sub.split("-")[1])
        assert not list(member.rglob("*.bin")) and not list(member.rglob("*.pt")) and not list(member.rglob("*.pkl"))
    metrics = json.loads((ensemble_dir / "metrics.json").read_text())
    assert [m["seed"] for m in metrics["members"]] == [7, 3]
    assert metrics["steps"] == 6  # two members of three steps each
    assert load_config(ensemble_dir / "config.yaml", check_base=False).training.ensemble_seeds == (7, 3)
    card = (ensemble_dir / "README.md").read_text()
    assert "seed ensemble of 2 members" in card and "| member-3 | 3 | 3 |" in card


def test_the_two_members_differ(ensemble_dir: Path) -> None:
    a, b = (StanceClassifier.from_pretrained(ensemble_dir / s) for s in ("member-7", "member-3"))
    pairs = a.pairs_for([{"text": t, "speaker": None} for t in STATEMENTS])
    assert not np.allclose(a.logits(pairs), b.logits(pairs))


def test_prediction_is_the_mean_of_the_members_calibrated_probabilities(ensemble_dir: Path) -> None:
    ens = EnsembleClassifier.from_pretrained(ensemble_dir, runtime="torch")
    pairs = ens.pairs_for([{"text": t, "speaker": None} for t in STATEMENTS])
    mean = np.mean([apply_temperature(m.logits(pairs), m.temperature) for m in ens.members], axis=0)
    got = np.array([[p.scores[label] for label in stance.LABELS] for p in ens.predict(STATEMENTS)])
    np.testing.assert_allclose(got, apply_temperature(np.log(mean), ens.temperature), atol=1e-5)
    assert [p.label for p in ens.predict(STATEMENTS)] == [stance.LABELS[i] for i in got.argmax(1)]


def test_numpy_and_torch_runtimes_agree(ensemble_dir: Path) -> None:
    fast = stance.load(str(ensemble_dir))
    slow = stance.load(str(ensemble_dir), runtime="torch")
    assert isinstance(fast, EnsembleClassifier) and all(isinstance(m, NumpyClassifier) for m in fast.members)
    assert all(isinstance(m, StanceClassifier) for m in slow.members)
    pf, ps = fast.predict(STATEMENTS), slow.predict(STATEMENTS)
    assert [p.label for p in pf] == [p.label for p in ps]
    np.testing.assert_allclose([p.score for p in pf], [p.score for p in ps], atol=1e-4)


def test_a_member_loads_on_its_own_with_the_shared_tokenizer(ensemble_dir: Path) -> None:
    member = stance.load(str(ensemble_dir / "member-3"))
    assert isinstance(member, NumpyClassifier)
    assert len(member.predict(STATEMENTS)) == 3


def test_label_quotes_and_evaluate_take_an_ensemble(ensemble_dir: Path) -> None:
    articles = read_gold(DATA / "tiny_gold.jsonl")
    art = articles[0]
    ens = stance.load(str(ensemble_dir))
    spans = [(q.start, q.end, q.speaker) for q in art.quotes]
    assert len(ens.label_quotes(art.text, spans)) == len(spans)
    report = stance.evaluate(articles[:2], ens, n_bootstrap=0, progress=False)
    assert report.stance.n == sum(len(a.quotes) for a in articles[:2])


def test_single_model_loaders_refuse_an_ensemble_folder(ensemble_dir: Path) -> None:
    with pytest.raises(ValueError, match=r"holds an ensemble of 2 models.*stance.load\(path\)"):
        NumpyClassifier.from_pretrained(ensemble_dir)
    with pytest.raises(ValueError, match="holds an ensemble"):
        StanceClassifier.from_pretrained(ensemble_dir)
    with pytest.raises(ValueError, match="holds a single model"):
        EnsembleClassifier.from_pretrained(ensemble_dir / "member-7")


def test_a_missing_member_folder_is_named(ensemble_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "broken"
    shutil.copytree(ensemble_dir, copy)
    shutil.rmtree(copy / "member-3")
    with pytest.raises(FileNotFoundError, match="lists member 'member-3'"):
        EnsembleClassifier.from_pretrained(copy)


def test_members_must_read_the_same_input() -> None:
    a = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32), seed=1)
    b = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=48), seed=2)
    with pytest.raises(ValueError, match="max_length differ"):
        EnsembleClassifier([a, b])
    with pytest.raises(ValueError, match="at least two members, got 1"):
        EnsembleClassifier([a])


def test_an_ensemble_built_in_memory_saves_and_loads(tmp_path: Path) -> None:
    mc = ModelConfig(tiny=True, max_length=32)
    ens = EnsembleClassifier([StanceClassifier.from_config(mc, seed=s) for s in (1, 2, 3)], name="trio")
    folder = ens.save_pretrained(tmp_path / "trio")
    back = stance.load(str(folder), runtime="torch")
    assert len(back.members) == 3 and back.name == "trio"
    np.testing.assert_allclose([p.score for p in back.predict(STATEMENTS)],
                               [p.score for p in ens.predict(STATEMENTS)], atol=1e-5)


def test_an_ensemble_can_teach(ensemble_dir: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.training import write_teacher_targets

    cfg = load_config(ROOT / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}"])
    with pytest.warns(UserWarning, match="trained or selected on"):  # the teacher shares the student's split
        out = write_teacher_targets(cfg, tmp_path / "t.json", teacher=str(ensemble_dir), root=ROOT, progress=False)
    data = json.loads(out.read_text())
    assert data["teacher"] == "tiny" and data["examples"] == len(data["logits"]) > 0
    probs = np.exp(np.array(list(data["logits"].values())))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-3)  # log of averaged probabilities


def test_combining_separate_runs_gives_the_trained_ensemble(ensemble_dir: Path, tmp_path: Path) -> None:
    from stance.training import combine_runs

    runs = [ensemble_dir / "member-7", ensemble_dir / "member-3"]  # each a single run with its config and metrics
    out = combine_runs(runs, tmp_path / "combined", name="pair", root=ROOT)
    meta = json.loads((out / "stance_config.json").read_text())
    assert meta["ensemble"]["members"] == ["member-7", "member-3"] and meta["name"] == "pair"
    combined = EnsembleClassifier.from_pretrained(out, runtime="torch")
    trained = EnsembleClassifier.from_pretrained(ensemble_dir, runtime="torch")
    assert combined.temperature == pytest.approx(trained.temperature, abs=1e-4)  # fitted on the same validation split
    np.testing.assert_allclose([p.score for p in combined.predict(STATEMENTS)],
                               [p.score for p in trained.predict(STATEMENTS)], atol=1e-5)
    metrics = json.loads((out / "metrics.json").read_text())
    saved = json.loads((ensemble_dir / "metrics.json").read_text())
    assert metrics["validation"] == saved["validation"] and metrics["test"] == saved["test"]
    assert [m["seed"] for m in metrics["members"]] == [7, 3] and metrics["steps"] == 6
    assert load_config(out / "config.yaml", check_base=False).training.ensemble_seeds == (7, 3)
    assert [p.label for p in stance.load(str(out)).predict(STATEMENTS)] == [p.label for p in trained.predict(STATEMENTS)]
    for sub in ("member-7", "member-3"):  # the runs' files as saved
        assert sorted(f.name for f in (out / sub).rglob("*") if f.is_file()) == sorted(
            f.name for f in (ensemble_dir / sub).rglob("*") if f.is_file())
    assert (out / "tokenizer.json").is_file()  # from the ensemble the runs were members of


def test_combined_lora_runs_keep_their_adapters(tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.training import combine_runs

    runs = []
    for seed in (1, 2):
        cfg = config_from_dict({"model": {"base": "minilm", "max_length": 32, "lora": {"enabled": True, "r": 4}},
                                "data": {"corpus": str(tiny_corpus)}, "training": {"seed": seed}})
        runs.append(StanceClassifier.from_config(cfg.model, seed=seed).save_pretrained(tmp_path / f"run{seed}", config=cfg))
    out = combine_runs(runs, tmp_path / "pair", root=ROOT)
    assert json.loads((out / "stance_config.json").read_text())["encoder_weights"] == "adapter"
    for sub in ("member-1", "member-2"):
        assert (out / sub / "adapter" / "adapter_model.safetensors").is_file()
        assert not list((out / sub).glob("model.safetensors"))  # not the merged encoder, saved whole
    assert sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) < 10_000_000
    ens = stance.load(str(out))
    direct = EnsembleClassifier([stance.load(str(r)) for r in runs], temperature=ens.temperature)
    np.testing.assert_allclose([p.score for p in ens.predict(STATEMENTS)],
                               [p.score for p in direct.predict(STATEMENTS)], atol=1e-5)


def test_combining_runs_refuses_what_is_not_one_recipe(ensemble_dir: Path, tmp_path: Path) -> None:
    from stance.training import combine_runs

    a, b = ensemble_dir / "member-7", ensemble_dir / "member-3"
    with pytest.raises(ValueError, match="two or more runs, got 1"):
        combine_runs([a], tmp_path / "x", root=ROOT)
    with pytest.raises(ValueError, match=r"share training.seed \[7\]"):
        combine_runs([a, a], tmp_path / "x", root=ROOT)
    with pytest.raises(ValueError, match="is already an ensemble"):
        combine_runs([a, ensemble_dir], tmp_path / "x", root=ROOT)
    with pytest.raises(ValueError, match="is, holds or lies inside the run"):
        combine_runs([a, b], b, root=ROOT)
    with pytest.raises(ValueError, match="is, holds or lies inside the run"):  # its member folders would be replaced
        combine_runs([a, b], ensemble_dir, root=ROOT)
    assert (a / "stance_config.json").is_file() and (b / "stance_config.json").is_file()
    with pytest.raises(FileNotFoundError, match="not a saved model folder"):
        combine_runs([a, tmp_path / "nothing"], tmp_path / "x", root=ROOT)
    other = tmp_path / "other-split"
    shutil.copytree(b, other)
    cfg = (other / "config.yaml").read_text()
    (other / "config.yaml").write_text(re.sub(r"split_seed: \d+", "split_seed: 99", cfg))
    with pytest.raises(ValueError, match=r"differs from .* in data\.split_seed; members must read the same input"):
        combine_runs([a, other], tmp_path / "x", root=ROOT)
    assert not (tmp_path / "x").exists()  # nothing written on a refusal

"""The lexical component (``model.lexical``): the mix, the weight's choice, training, saving, loading."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import stance
from stance.calibration import apply_temperature
from stance.config import ConfigError, config_from_dict, load_config
from stance.ensemble import EnsembleClassifier
from stance.lexical import WEIGHT_GRID, choose_weight, fit_lexical, mix_probabilities
from stance.modeling import StanceClassifier
from stance.runtime import NumpyClassifier

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ["Only direct talks between the two capitals can settle this.",
              "We would welcome an outside mediator.",
              "Wheat exports rose by a tenth this year."]


@pytest.fixture(scope="module")
def lexical_dir(tmp_path_factory: pytest.TempPathFactory, tiny_corpus: Path) -> Path:
    from stance.training import train

    out = tmp_path_factory.mktemp("lexical") / "tiny-lexical"
    cfg = load_config(ROOT / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=4",
                                                       "model.lexical.enabled=true"])
    return train(cfg, output_dir=out, root=ROOT)


def _rows(pairs: list[tuple[str, int]]) -> list[dict]:
    return [{"text": t, "speaker": "", "before": "", "after": "", "label": y} for t, y in pairs]


# ------------------------------------------------------------------------------------------------ the mix


def test_the_mix_is_the_normalised_weighted_product_of_the_two_distributions() -> None:
    p = np.array([[0.6, 0.3, 0.05, 0.05], [0.25, 0.25, 0.25, 0.25]])
    q = np.array([[0.1, 0.7, 0.1, 0.1], [0.4, 0.3, 0.2, 0.1]])
    np.testing.assert_allclose(mix_probabilities(p, q, 0.0), p)
    np.testing.assert_allclose(mix_probabilities(p, q, 1.0), q)
    mixed = mix_probabilities(p, q, 0.5)
    expected = np.sqrt(p * q) / np.sqrt(p * q).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(mixed, expected)
    assert mixed[0].argmax() == 1  # the lexical model's confident "bilateral" outweighs a mild "mediation"


def test_the_mix_survives_a_zero_probability() -> None:
    mixed = mix_probabilities(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]), 0.3)
    assert np.isfinite(mixed).all() and mixed[0].argmax() == 0


@pytest.mark.parametrize("p, q, w, message", [
    (np.ones((2, 4)) / 4, np.ones((3, 4)) / 4, 0.5, "same shape, got (2, 4) and (3, 4)"),
    (np.ones((2, 4)) / 4, np.ones((2, 4)) / 4, 1.5, "in [0, 1], got 1.5"),
])
def test_the_mix_rejects_bad_input(p: np.ndarray, q: np.ndarray, w: float, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
                       .replace("]", r"\]")):
        mix_probabilities(p, q, w)


def test_the_weight_goes_to_an_informative_lexical_model_and_not_to_noise() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(4, size=400)
    weak = np.full((400, 4), 0.2)
    weak[np.arange(400), y] = 0.4  # right but unsure
    sharp = np.full((400, 4), 0.05)
    sharp[np.arange(400), y] = 0.85  # right and sure
    noise = rng.dirichlet(np.ones(4), size=400)
    w, nll = choose_weight(weak, sharp, y)
    assert w == max(WEIGHT_GRID) and set(nll) == set(WEIGHT_GRID)
    assert choose_weight(sharp, noise, y)[0] == 0.0
    assert nll[w] < nll[0.0]


def test_choosing_a_weight_without_labelled_examples_says_what_to_do() -> None:
    with pytest.raises(ValueError, match=r"validation split is empty.*model\.lexical\.weight"):
        choose_weight(np.zeros((0, 4)), np.zeros((0, 4)), [])


def test_the_lexical_model_learns_phrases_from_training_rows() -> None:
    from stance.config import ModelConfig

    rows = _rows([("all issues are settled only bilaterally", 1), ("we welcome the offer to mediate", 0),
                  ("the talks stay strictly bilateral", 1), ("a mediator would help end this", 0)] * 4)
    model = fit_lexical(rows, ModelConfig())
    labels = [p.label for p in model.predict(["only bilateral talks", "we would welcome a mediator"])]
    assert labels == ["bilateral", "mediation"]
    assert model.coef.dtype == np.float64 and np.array_equal(model.coef, model.coef.astype(np.float32))


# ------------------------------------------------------------------------------------------------ config


@pytest.mark.parametrize("data, overrides, message", [
    ({"model": {"kind": "tfidf"}}, ["model.lexical.enabled=true"], "model.kind is 'tfidf'"),
    ({}, ["model.lexical.enabled=true", "training.ensemble_seeds=[1, 2]"], "seed ensembles average"),
    ({}, ["model.lexical.enabled=true", "data.validation_fraction=0"], "data.validation_fraction is 0"),
    ({}, ["model.lexical.weight=1.5"], "model.lexical.weight: 1.5 is above the maximum 1.0"),
    ({}, ["model.lexical.wieght=0.3"], "unknown key 'model.lexical.wieght'; did you mean 'model.lexical.weight'"),
])
def test_config_errors_name_the_lexical_key(data: dict, overrides: list[str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[")):
        config_from_dict(data, overrides)


def test_a_fixed_weight_needs_no_validation_split() -> None:
    cfg = config_from_dict({}, ["model.lexical.enabled=true", "model.lexical.weight=0.3", "data.validation_fraction=0"])
    assert cfg.model.lexical.weight == 0.3


# ------------------------------------------------------------------------------------------------ training, saving, loading


def test_training_saves_the_component_its_weight_and_both_sets_of_figures(lexical_dir: Path) -> None:
    meta = json.loads((lexical_dir / "stance_config.json").read_text())
    assert meta["lexical"]["weight"] in WEIGHT_GRID
    for f in meta["lexical"]["files"]:
        assert (lexical_dir / f).is_file()
    assert meta["model"]["lexical"]["enabled"] is True
    metrics = json.loads((lexical_dir / "metrics.json").read_text())
    assert metrics["lexical"]["weight"] == meta["lexical"]["weight"]
    assert metrics["lexical"]["chosen_on"] == "validation negative log-likelihood"
    nll = {float(k): v for k, v in metrics["lexical"]["validation_nll"].items()}
    assert nll[meta["lexical"]["weight"]] == min(nll.values())
    assert {"validation", "test", "train_sample"} <= set(metrics["transformer"])
    assert "train_sample" not in metrics  # the card's first table holds the mix's figures only
    card = (lexical_dir / "README.md").read_text()
    assert "lexical component" in card and "The transformer alone" in card
    assert not list(lexical_dir.glob("*.pkl")) and not list(lexical_dir.glob("*.bin"))


def test_predictions_mix_the_transformer_and_the_lexical_model(lexical_dir: Path) -> None:
    clf = StanceClassifier.from_pretrained(lexical_dir)
    assert clf.lexical is not None
    examples = [{"text": t, "speaker": None} for t in STATEMENTS]
    alone = apply_temperature(clf.logits(clf.pairs_for(examples)), clf.temperature)
    expected = mix_probabilities(alone, clf.lexical.probabilities(examples), clf.lexical_weight)
    got = np.array([[p.scores[label] for label in stance.LABELS] for p in clf.predict(STATEMENTS)])
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_the_saved_component_reloads_to_the_same_predictions_in_both_runtimes(lexical_dir: Path,
                                                                           tmp_path: Path) -> None:
    torch_clf = StanceClassifier.from_pretrained(lexical_dir)
    again = torch_clf.save_pretrained(tmp_path / "again")
    first = [p.scores for p in torch_clf.predict(STATEMENTS)]
    assert [p.scores for p in StanceClassifier.from_pretrained(again).predict(STATEMENTS)] == first
    numpy_clf = NumpyClassifier.from_pretrained(lexical_dir)
    assert numpy_clf.lexical_weight == torch_clf.lexical_weight
    for a, b in zip(first, (p.scores for p in numpy_clf.predict(STATEMENTS))):
        assert a.keys() == b.keys() and all(abs(a[k] - b[k]) < 1e-4 for k in a)


def test_saving_a_model_without_the_component_removes_a_stale_one(lexical_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reused"
    shutil.copytree(lexical_dir, folder)
    clf = StanceClassifier.from_pretrained(folder)
    clf.lexical = None
    clf.save_pretrained(folder)
    assert not (folder / "lexical.safetensors").exists() and not (folder / "lexical_vocabulary.json").exists()
    assert "lexical" not in json.loads((folder / "stance_config.json").read_text())
    assert StanceClassifier.from_pretrained(folder).lexical is None


def test_a_missing_component_file_is_named(lexical_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(lexical_dir, folder)
    (folder / "lexical_vocabulary.json").unlink()
    with pytest.raises(FileNotFoundError, match=r"lexical_vocabulary\.json is missing; copy the whole model folder"):
        stance.load(str(folder))


def test_files_from_different_models_are_caught(lexical_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed-up"
    shutil.copytree(lexical_dir, folder)
    data = json.loads((folder / "lexical_vocabulary.json").read_text())
    data["terms"] = data["terms"][:-1]
    (folder / "lexical_vocabulary.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match="the files come from different models"):
        StanceClassifier.from_pretrained(folder)


def test_an_ensemble_refuses_members_with_a_lexical_component(lexical_dir: Path, tiny_model: StanceClassifier) -> None:
    with pytest.raises(ValueError, match=r"member\(s\) \[0\] carry a lexical component"):
        EnsembleClassifier([StanceClassifier.from_pretrained(lexical_dir), tiny_model])


# ------------------------------------------------------------------------------------------------ adding one to a trained run


def test_adding_a_component_to_a_trained_run_matches_training_with_one(tiny_model_dir: Path, lexical_dir: Path,
                                                                       tmp_path: Path) -> None:
    from stance.training import add_lexical

    before = sorted(p.name for p in tiny_model_dir.iterdir())
    out = add_lexical(tiny_model_dir, tmp_path / "with-lexical", root=ROOT)
    assert sorted(p.name for p in tiny_model_dir.iterdir()) == before  # the run is left as it was
    assert StanceClassifier.from_pretrained(tiny_model_dir).lexical is None
    clf = StanceClassifier.from_pretrained(out)
    trained = StanceClassifier.from_pretrained(lexical_dir)  # the same split, so the same lexical model
    assert clf.lexical.vocabulary == trained.lexical.vocabulary
    np.testing.assert_array_equal(clf.lexical.coef, trained.lexical.coef)
    assert load_config(out / "config.yaml", check_base=False).model.lexical.enabled
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["lexical"]["weight"] == clf.lexical_weight
    alone = StanceClassifier.from_pretrained(tiny_model_dir)
    before = json.loads((tiny_model_dir / "metrics.json").read_text())
    assert metrics["transformer"]["test"]["n"] == before["test"]["n"]
    assert metrics["transformer"]["train_sample"] == before["train_sample"] and "train_sample" not in metrics
    examples = [{"text": t, "speaker": None} for t in STATEMENTS]
    expected = mix_probabilities(alone.probabilities(examples), clf.lexical.probabilities(examples), clf.lexical_weight)
    np.testing.assert_allclose(clf.probabilities(examples), expected, rtol=1e-6)


def test_a_fixed_weight_is_kept(tiny_model_dir: Path, tmp_path: Path) -> None:
    from stance.training import add_lexical

    out = add_lexical(tiny_model_dir, tmp_path / "fixed", weight=0.2, root=ROOT)
    assert json.loads((out / "stance_config.json").read_text())["lexical"]["weight"] == 0.2
    assert json.loads((out / "metrics.json").read_text())["lexical"]["chosen_on"] == "model.lexical.weight"


def test_adding_a_component_refuses_what_it_cannot_do(tiny_model_dir: Path, lexical_dir: Path, tmp_path: Path) -> None:
    from stance.training import add_lexical

    (tmp_path / "taken").mkdir()
    with pytest.raises(FileExistsError, match="exists; give a new folder"):
        add_lexical(tiny_model_dir, tmp_path / "taken", root=ROOT)
    with pytest.raises(ValueError, match="already has a lexical component"):
        add_lexical(lexical_dir, tmp_path / "twice", root=ROOT)
    with pytest.raises(ConfigError, match="above the maximum"):
        add_lexical(tiny_model_dir, tmp_path / "heavy", weight=2.0, root=ROOT)
    with pytest.raises(FileNotFoundError, match="is not a saved model folder"):
        add_lexical(tmp_path / "nowhere", tmp_path / "x", root=ROOT)
    assert not (tmp_path / "twice").exists() and not (tmp_path / "heavy").exists()


def test_the_command_prints_the_weight_and_both_figures(tiny_model_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from stance.cli import app

    result = CliRunner().invoke(app, ["add-lexical", str(tiny_model_dir), "--out", str(tmp_path / "cli"),
                                      "--weight", "0.25"])
    assert result.exit_code == 0, result.output
    assert "lexical weight 0.25 (model.lexical.weight)" in result.output
    assert "transformer alone" in result.output and (tmp_path / "cli" / "lexical.safetensors").is_file()
    again = CliRunner().invoke(app, ["add-lexical", str(tiny_model_dir), "--out", str(tmp_path / "cli")])
    assert again.exit_code == 1 and "exists; give a new folder" in again.output and "Traceback" not in again.output


@pytest.mark.parametrize("name", ["default", "accurate"])
def test_a_shipped_model_carries_a_lexical_component_exactly_when_its_config_asks_for_one(name: str) -> None:
    from stance.api import _MODELS_DIR

    wanted = load_config(ROOT / "configs" / f"{name}.yaml").model.lexical.enabled
    meta = json.loads((_MODELS_DIR / name / "stance_config.json").read_text())
    assert bool(meta.get("lexical")) == wanted
    assert load_config(_MODELS_DIR / name / "config.yaml", check_base=False).model.lexical.enabled == wanted
    assert (stance.load(name).lexical is not None) == wanted


def test_the_shipped_lexical_component_needs_neither_torch_nor_scikit_learn_to_predict() -> None:
    import subprocess
    import sys

    code = ("import sys, stance; m = stance.load('accurate'); assert m.lexical is not None; "
            "p = m.predict(['We will talk only bilaterally.'])[0]; "
            "print(p.label, 'torch' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["bilateral", "False", "False"]


def test_a_teacher_with_a_lexical_component_passes_on_its_mixed_probabilities(tiny_model_dir: Path, tiny_corpus: Path,
                                                                             tmp_path: Path) -> None:
    from stance.data import build_dataset
    from stance.training import add_lexical, write_teacher_targets

    cfg = load_config(ROOT / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.progress=false"])
    rows = build_dataset(cfg.data, root=ROOT)["train"].to_list()[:6]
    centred = lambda z: z - z.mean(1, keepdims=True)  # noqa: E731  (targets matter up to a constant per row)
    for weight in (0.4, 0.0):
        teacher_dir = add_lexical(tiny_model_dir, tmp_path / f"teacher-{weight}", weight=weight, root=ROOT)
        meta = json.loads((teacher_dir / "stance_config.json").read_text())
        meta["temperature"] = 0.5  # a calibrated teacher, as the shipped ones are
        (teacher_dir / "stance_config.json").write_text(json.dumps(meta))
        with pytest.warns(UserWarning, match="trained or selected on"):  # it shares the student's split
            path = write_teacher_targets(cfg, tmp_path / f"t-{weight}.json", teacher=str(teacher_dir), root=ROOT,
                                         progress=False)
        teacher = StanceClassifier.from_pretrained(teacher_dir)
        got = np.array([json.loads(path.read_text())["logits"][r["id"]] for r in rows])
        np.testing.assert_allclose(got, 0.5 * np.log(teacher.probabilities(rows)), atol=1e-3)
        alone = teacher.logits(teacher.pairs_for(rows))
        # with weight 0 the targets are the transformer's own logits, as for a teacher without the component
        assert np.allclose(centred(got), centred(alone), atol=1e-3) == (weight == 0.0)


# ------------------------------------------------------------------------------------------------ edges


def test_training_with_an_empty_test_split_keeps_the_component(tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.training import train

    cfg = load_config(ROOT / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=2",
                                                       "model.lexical.enabled=true", "data.test_fraction=0"])
    out = train(cfg, output_dir=tmp_path / "no-test", root=ROOT)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["test"] == {"n": 0, "macro_f1": 0.0} and metrics["transformer"]["test"]["n"] == 0
    assert StanceClassifier.from_pretrained(out).lexical is not None


def test_an_empty_validation_split_is_refused_before_training(tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.training import train

    cfg = load_config(ROOT / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "model.lexical.enabled=true",
                                                       "data.validation_fraction=0.001"])
    with pytest.raises(ValueError, match=r"leaves this corpus no validation examples; raise data\.validation_fraction"):
        train(cfg, output_dir=tmp_path / "never", root=ROOT)
    assert not list((tmp_path / "never").glob("*.safetensors"))


def test_a_weight_without_the_component_enabled_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"model\.lexical\.enabled is false"):
        config_from_dict({}, ["model.lexical.weight=0.3"])


@pytest.mark.parametrize("change, message", [
    (lambda meta: meta["lexical"].update(weight=None), r"should hold a \"weight\" between 0 and 1"),
    (lambda meta: meta["lexical"].update(weight=1.5), r"should hold a \"weight\" between 0 and 1"),
])
def test_a_broken_weight_is_named_with_its_file(lexical_dir: Path, tmp_path: Path, change, message: str) -> None:
    folder = tmp_path / "weight"
    shutil.copytree(lexical_dir, folder)
    meta = json.loads((folder / "stance_config.json").read_text())
    change(meta)
    (folder / "stance_config.json").write_text(json.dumps(meta))
    for loader in (StanceClassifier.from_pretrained, NumpyClassifier.from_pretrained):
        with pytest.raises(ValueError, match=message):
            loader(folder)


def test_non_finite_lexical_weights_are_refused_at_load(lexical_dir: Path, tmp_path: Path) -> None:
    from safetensors.numpy import load_file, save_file

    folder = tmp_path / "nan"
    shutil.copytree(lexical_dir, folder)
    arrays = load_file(str(folder / "lexical.safetensors"))
    arrays["coef"][0, 0] = np.nan
    save_file(arrays, str(folder / "lexical.safetensors"))
    with pytest.raises(ValueError, match="non-finite values in coef"):
        stance.load(str(folder))


def test_adding_a_component_names_a_baseline_and_the_weight_option(tiny_model_dir: Path, root: Path,
                                                                  tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.training import add_lexical, train

    tfidf = train(load_config(ROOT / "configs" / "tfidf.yaml", [f"data.corpus={tiny_corpus}"]),
                  output_dir=tmp_path / "tfidf", root=ROOT)
    with pytest.raises(ValueError, match="is a baseline"):
        add_lexical(tfidf, tmp_path / "x", root=ROOT)
    with pytest.raises(ConfigError, match="--weight W"):
        add_lexical(tiny_model_dir, tmp_path / "y", weight=2.0, root=ROOT)


def test_adding_a_component_refuses_a_run_whose_corpus_changed(tiny_model_dir: Path, tmp_path: Path) -> None:
    from stance.training import add_lexical

    run = tmp_path / "run"
    shutil.copytree(tiny_model_dir, run)
    metrics = json.loads((run / "metrics.json").read_text())
    metrics["split_sizes"]["train"] += 1
    (run / "metrics.json").write_text(json.dumps(metrics))
    with pytest.raises(ValueError, match="the corpus has changed since"):
        add_lexical(run, tmp_path / "out", root=ROOT)
    assert not (tmp_path / "out").exists()


def test_an_added_component_is_named_after_its_folder_and_says_how_its_weight_was_set(tiny_model_dir: Path,
                                                                                       tmp_path: Path) -> None:
    from stance.training import add_lexical

    out = add_lexical(tiny_model_dir, tmp_path / "tiny-mixed", root=ROOT)
    assert json.loads((out / "stance_config.json").read_text())["name"] == "tiny-mixed"
    assert "the lowest negative log-likelihood on the validation split" in (out / "README.md").read_text()
    fixed = add_lexical(tiny_model_dir, tmp_path / "tiny-fixed", weight=0.125, root=ROOT)
    card = (fixed / "README.md").read_text()
    assert "weight 0.125 (set in the config)" in card and "0.875 log p_transformer" in card


def test_ensembles_of_runs_with_components_are_refused_before_loading_them(lexical_dir: Path, tmp_path: Path) -> None:
    from stance.training import combine_runs

    other = tmp_path / "other"
    shutil.copytree(lexical_dir, other)
    with pytest.raises(ValueError, match="carries a lexical component"):
        combine_runs([lexical_dir, other], tmp_path / "trio", root=ROOT)
    assert not (tmp_path / "trio").exists()


def test_a_component_added_to_an_ensemble_member_brings_the_tokenizer(tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.training import add_lexical, train

    cfg = load_config(ROOT / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=2",
                                                       "training.ensemble_seeds=[7, 3]"])
    ensemble = train(cfg, output_dir=tmp_path / "pair", root=ROOT)
    out = add_lexical(ensemble / "member-7", tmp_path / "member-mixed", root=ROOT)
    assert (out / "tokenizer.json").is_file()
    assert NumpyClassifier.from_pretrained(out).predict(STATEMENTS)[0].label in stance.LABELS

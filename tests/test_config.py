from __future__ import annotations

from pathlib import Path

import pytest

from stance.config import Config, ConfigError, config_from_dict, config_to_dict, load_config

CONFIGS = sorted((Path(__file__).resolve().parents[1] / "configs").glob("*.yaml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_every_shipped_config_loads(path: Path) -> None:
    cfg = load_config(path)
    assert isinstance(cfg, Config)
    assert cfg.name == path.stem


def test_expected_configs_exist() -> None:
    names = {p.stem for p in CONFIGS}
    assert {"default", "accurate", "tiny", "tfidf", "keywords"} <= names


def test_default_and_accurate_use_the_bundled_encoders() -> None:
    root = CONFIGS[0].parent
    assert load_config(root / "default.yaml").model.base == "minilm"
    assert load_config(root / "accurate.yaml").model.base == "mpnet"


def test_unknown_key_names_its_path_and_the_nearest_valid_key() -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'training\.learnin_rate'.*did you mean 'training\.learning_rate'"):
        config_from_dict({"training": {"learnin_rate": 1e-4}})


def test_unknown_top_level_section_is_rejected() -> None:
    with pytest.raises(ConfigError, match="unknown key 'trainer'"):
        config_from_dict({"trainer": {}})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"training": {"epochs": "many"}}, r"training\.epochs: expected a number"),
        ({"training": {"batch_size": 0}}, r"training\.batch_size: 0 is below the minimum 1"),
        ({"training": {"batch_size": 2.5}}, r"training\.batch_size: expected a whole number"),
        ({"model": {"pooling": "max"}}, r"model\.pooling: 'max' is not one of 'mean', 'cls'"),
        ({"model": {"use_context": "yes"}}, r"model\.use_context: expected true or false"),
        ({"model": {"input_format": "inside"}}, r"model\.input_format: .*'inside'.*pair.*inline"),
        ({"model": {"pooling": "quote"}}, r"model\.pooling: 'quote' .* set model\.input_format: inline"),
        ({"model": {"lora": {"r": 0}}}, r"model\.lora\.r: 0 is below the minimum 1"),
        ({"model": {"lora": {"layers": ["top"]}}}, r"model\.lora\.layers\[0\]: expected a whole number"),
        ({"training": {"precision": "fp16"}}, r"training\.precision: 'fp16' is not one of 'fp32', 'bf16', 'auto'"),
        ({"data": {"test_fraction": 0.9}}, r"data\.test_fraction: 0\.9 is above the maximum 0\.5"),
        ({"model": "minilm"}, r"model: expected a mapping"),
    ],
)
def test_bad_values_are_rejected_with_the_key_path(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_dict(data)


def test_dotted_overrides_are_parsed_as_yaml_scalars() -> None:
    cfg = config_from_dict({}, ["training.learning_rate=3e-5", "model.use_speaker=false", "model.lora.r=4"])
    assert cfg.training.learning_rate == pytest.approx(3e-5)
    assert cfg.model.use_speaker is False
    assert cfg.model.lora.r == 4


def test_override_without_equals_sign_is_explained() -> None:
    with pytest.raises(ConfigError, match=r"should look like key\.path=value"):
        config_from_dict({}, ["training.learning_rate"])


def test_override_of_unknown_key_is_rejected() -> None:
    with pytest.raises(ConfigError, match=r"unknown key .training\.lr."):
        config_from_dict({}, ["training.lr=1"])


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")


def test_config_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    f = tmp_path / "list.yaml"
    f.write_text("- 1\n- 2\n")
    with pytest.raises(ConfigError, match="must be a YAML mapping"):
        load_config(f)


def test_config_round_trips_through_plain_data() -> None:
    cfg = config_from_dict({"model": {"lora": {"target_modules": ["query"]}}})
    again = config_from_dict(config_to_dict(cfg))
    assert again == cfg


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_non_finite_numbers_are_rejected(value: str) -> None:
    with pytest.raises(ConfigError, match=r"training\.learning_rate: expected a finite number"):
        config_from_dict({}, [f"training.learning_rate={value}"])


def test_non_mapping_config_and_string_overrides_are_explained() -> None:
    with pytest.raises(ConfigError, match="must be a mapping at the top level, got list"):
        config_from_dict([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="wrap it in a list"):
        config_from_dict({}, "training.seed=1")  # type: ignore[arg-type]


def test_an_override_that_breaks_a_valid_file_is_named(root: Path) -> None:
    with pytest.raises(ConfigError, match=r"default\.yaml: override --set training\.learnin_rate=3e-5: unknown key "
                                          r"'training\.learnin_rate'; did you mean 'training\.learning_rate'\?"):
        load_config(root / "configs" / "default.yaml", ["training.epochs=2", "training.learnin_rate=3e-5"])


def test_an_error_in_the_file_itself_names_no_override(tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("training:\n  learnin_rate: 0.1\n")
    with pytest.raises(ConfigError, match=r"c\.yaml: unknown key 'training\.learnin_rate'") as err:
        load_config(f, ["training.epochs=2"])
    assert "override" not in str(err.value)


def test_an_unknown_base_model_is_rejected_at_load(root: Path, tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("model:\n  base: gpt9\n")
    with pytest.raises(ConfigError, match=r"model\.base: 'gpt9' is neither a bundled base \(minilm, mpnet\) nor a folder"):
        load_config(f)
    with pytest.raises(ConfigError, match=r"override --set model\.base=mpnet2: .*did you mean 'mpnet'\?"):
        load_config(root / "configs" / "default.yaml", ["model.base=mpnet2"])
    (tmp_path / "enc").mkdir()
    (tmp_path / "enc" / "config.json").write_text("{}")
    assert load_config(f, [f"model.base={tmp_path / 'enc'}"]).model.base == str(tmp_path / "enc")
    assert load_config(f, ["model.kind=tfidf"]).model.kind == "tfidf"  # a baseline reads no base


def test_an_override_can_fix_a_value_the_file_gets_wrong(tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("training:\n  epochs: 0\n")
    with pytest.raises(ConfigError, match=r"c\.yaml: training\.epochs: 0\.0 is below the minimum"):
        load_config(f)
    assert load_config(f, ["training.epochs=2"]).training.epochs == 2.0


def test_a_saved_config_whose_base_moved_is_read_for_its_data_settings(tmp_path: Path) -> None:
    f = tmp_path / "config.yaml"
    f.write_text("model:\n  base: enc\ndata:\n  split_seed: 7\n")  # a base folder relative to where it trained
    with pytest.raises(ConfigError, match=r"model\.base: 'enc' is neither a bundled base"):
        load_config(f)
    assert load_config(f, check_base=False).data.split_seed == 7


def test_config_path_that_is_a_folder_or_none(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder; expected a YAML file"):
        load_config(tmp_path)
    with pytest.raises(TypeError, match=r"takes the path of a YAML config \(str or Path\), got NoneType"):
        load_config(None)  # type: ignore[arg-type]

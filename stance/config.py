"""The typed configuration tree: YAML in, nested frozen dataclasses out.

Every key is checked: unknown keys are rejected with their dotted path and the nearest valid
name, values with the wrong type or outside their range are rejected with what was expected.
Dotted overrides (``training.learning_rate=3e-5``) are applied before validation.

Example:
    >>> cfg = config_from_dict({"model": {"base": "minilm"}, "training": {"batch_size": 8}})
    >>> cfg.training.batch_size, cfg.model.pooling
    (8, 'mean')
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "Config",
    "ConfigError",
    "DataConfig",
    "DistillationConfig",
    "LexicalConfig",
    "LoraConfig",
    "ModelConfig",
    "TrainingConfig",
    "config_from_dict",
    "config_to_dict",
    "load_config",
]


class ConfigError(ValueError):
    """A configuration file or override is invalid; the message names the key path."""


def _range(lo: float | None = None, hi: float | None = None, choices: tuple | None = None, **kw: Any) -> Any:
    return field(metadata={"min": lo, "max": hi, "choices": choices}, **kw)


@dataclass(frozen=True)
class LoraConfig:
    """Low-rank adapters over the base encoder (what ships is the adapter, merged at load)."""

    enabled: bool = True
    r: int = _range(1, 256, default=16)
    alpha: int = _range(1, 1024, default=32)
    dropout: float = _range(0.0, 0.9, default=0.1)
    target_modules: tuple[str, ...] = ("query", "key", "value", "dense")
    #: only these encoder layers (0 = the lowest) get adapters, e.g. ``[3, 4, 5]``; gradients then
    #: stop at the lowest adapted layer, so a training step is cheaper. ``None``: every layer.
    layers: tuple[int, ...] | None = None


@dataclass(frozen=True)
class LexicalConfig:
    """A TF-IDF + logistic-regression model trained beside a transformer and mixed into its
    predictions in log space (:mod:`stance.lexical`)."""

    enabled: bool = False
    #: the lexical model's share of the mixed log-probabilities; ``None``: the weight of
    #: ``0, 0.05, ..., 0.5`` with the lowest negative log-likelihood on the validation split
    weight: float | None = _range(0.0, 1.0, default=None)
    #: the logistic regression's inverse regularisation strength (the ``tfidf`` baseline's)
    c: float = _range(1e-4, 1e4, default=4.0)


@dataclass(frozen=True)
class ModelConfig:
    """What model is trained and what it reads."""

    kind: str = _range(choices=("transformer", "tfidf", "keywords"), default="transformer")
    base: str = "minilm"
    #: ``quote`` averages the « mark of ``input_format: inline`` and the quote's tokens after it (the
    #: quote, read in its sentence) and needs that layout
    pooling: str = _range(choices=("mean", "cls", "quote"), default="mean")
    max_length: int = _range(16, 512, default=160)
    use_speaker: bool = True
    use_context: bool = True
    #: ``pair``: the quote, then ``speaker: ... context: <before> [QUOTE] <after>`` as a second
    #: segment; ``inline``: the quote inside its sentence between « » marks
    #: (``<before> « <quote> » <after>``), then ``speaker: ...`` as the second segment
    input_format: str = _range(choices=("pair", "inline"), default="pair")
    context_chars: int = _range(0, 2000, default=300)
    dropout: float = _range(0.0, 0.9, default=0.1)
    lora: LoraConfig = field(default_factory=LoraConfig)
    lexical: LexicalConfig = field(default_factory=LexicalConfig)
    tiny: bool = False


@dataclass(frozen=True)
class DataConfig:
    """Where the training corpus is and how it is split."""

    corpus: str = "corpus/v10"
    extra_gold: tuple[str, ...] = ()
    validation_fraction: float = _range(0.0, 0.5, default=0.1)
    test_fraction: float = _range(0.0, 0.5, default=0.15)
    split_seed: int = _range(0, 2**31 - 1, default=13)
    #: ``balanced`` hits the configured fractions overall; ``per_stratum`` is the older cut (each
    #: dispute's first groups to test: about 19% test), kept so that models trained with it can
    #: rebuild the splits they saw.
    split: str = _range(choices=("balanced", "per_stratum"), default="balanced")
    statement_frames: int = _range(0, 8, default=1)
    #: the share of statements whose bare example leaves out the speaker (chosen per statement id),
    #: so that the model also learns the input ``stance.predict`` gets without speakers
    speakerless_statements: float = _range(0.0, 1.0, default=0.0)
    max_examples: int | None = _range(1, None, default=None)


@dataclass(frozen=True)
class DistillationConfig:
    """Soft targets from a larger teacher model, precomputed by ``stance teacher-targets``."""

    targets: str | None = None
    weight: float = _range(0.0, 1.0, default=0.5)
    temperature: float = _range(0.5, 20.0, default=2.0)


@dataclass(frozen=True)
class TrainingConfig:
    """The optimisation."""

    epochs: float = _range(0.01, 100, default=3.0)
    batch_size: int = _range(1, 1024, default=16)
    learning_rate: float = _range(1e-7, 1.0, default=5e-4)
    head_learning_rate: float = _range(1e-7, 1.0, default=2e-3)
    weight_decay: float = _range(0.0, 1.0, default=0.01)
    warmup_ratio: float = _range(0.0, 0.5, default=0.06)
    label_smoothing: float = _range(0.0, 0.5, default=0.05)
    class_weights: str = _range(choices=("balanced", "none"), default="balanced")
    max_steps: int | None = _range(1, None, default=None)
    evaluations_per_epoch: int = _range(1, 20, default=2)
    #: validation passes (and so model selection) start once this share of the run's steps is done;
    #: the last step is always validated. Validating costs no training step and draws nothing at
    #: random, so a later start changes no weight, only saves the passes (each costs the default about
    #: as much as 40 training steps); with ``ema_decay`` the early averages are rarely the best anyway
    validate_from: float = _range(0.0, 1.0, default=0.0)
    seed: int = _range(0, 2**31 - 1, default=42)
    #: two or more seeds train a seed ensemble (:mod:`stance.ensemble`): one member per seed, each
    #: with the whole schedule above (``epochs`` or ``max_steps`` each, so the run costs that many
    #: times one model), and a saved model that averages their calibrated probabilities. ``seed`` is
    #: then not used. Empty (the default): one model, trained with ``seed``.
    ensemble_seeds: tuple[int, ...] = ()
    device: str = _range(choices=("auto", "cpu", "cuda"), default="auto")
    threads: int | None = _range(1, 256, default=None)
    progress: bool = True
    group_by_length: bool = False
    #: ``bf16`` runs the forward pass under bfloat16 autocast (weights and optimiser stay float32),
    #: about twice as fast on CPUs with native bfloat16 (AVX512-BF16, AMX) and on recent GPUs;
    #: ``auto`` picks it where the hardware has it, else ``fp32``. Inference is always float32.
    precision: str = _range(choices=("fp32", "bf16", "auto"), default="fp32")
    #: ``fast`` draws CPU dropout masks with :mod:`stance.dropout` (same Bernoulli masks, another
    #: random stream; a float32 MiniLM step 1.70 -> 1.22 s on 2 AVX2 cores, benchmarks/step_time.py);
    #: ``torch`` uses torch's own. GPUs always use torch's.
    dropout_masks: str = _range(choices=("torch", "fast"), default="torch")
    #: compute LoRA linear layers with two fused matrix products while training (:mod:`stance.lora`;
    #: the same function up to float rounding, about 8% off a CPU MiniLM step); ``false``: peft's forward
    fused_lora: bool = False
    #: ``all``: every epoch reads each standalone statement bare and in each of its framed variants
    #: (``data.statement_frames``); ``one``: every epoch reads each statement once, bare or in one of
    #: its frames, drawn at random, so an epoch is shorter (article quotes are all read every epoch).
    #: With ``one`` the bare view is read 1 / (frames + 1) of the time (so speakerless bare examples,
    #: ``data.speakerless_statements``, half as often with one frame), and balanced class weights
    #: are still counted over all training rows.
    statement_views: str = _range(choices=("all", "one"), default="all")
    #: each time an article quote is read in training, with this probability its context is cut to the
    #: quote's own sentence (the frame that introduces it, :func:`stance.context.own_sentence`), the
    #: sentence before it dropped, so the model learns to label the statement, not its neighbourhood
    #: (guideline rule 1); validation, test and prediction always read the full context. 0 turns it off
    #: and leaves every other random draw of a run unchanged.
    context_dropout: float = _range(0.0, 1.0, default=0.0)
    #: keep an exponential moving average of the trainable weights (the adapters and head with LoRA,
    #: every weight otherwise) with this decay, and validate, select and save the averaged weights
    #: instead of the last step's; 0 turns it off. The average starts at zero and is debiased as
    #: Adam's moments are, so it spans about ``1 / (1 - decay)`` steps (0.998: the last 500 or so)
    #: once the run is longer than that, and before then nearly every step so far, the first ones included
    ema_decay: float = _range(0.0, 0.9999, default=0.0)
    distillation: DistillationConfig = field(default_factory=DistillationConfig)


@dataclass(frozen=True)
class Config:
    """The whole configuration of a training run."""

    name: str = "default"
    output_dir: str = "models/default"
    model: ModelConfig = field(default_factory=ModelConfig)
    data: DataConfig = field(default_factory=DataConfig)
    training: TrainingConfig = field(default_factory=TrainingConfig)


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _coerce(value: Any, tp: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _coerce(value, inner[0], path)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: expected a mapping of {tp.__name__} keys, got {type(value).__name__} {value!r}")
        return _build(tp, value, path)
    if origin is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{path}: expected a list, got {type(value).__name__} {value!r}")
        (item_tp, *_) = typing.get_args(tp)
        return tuple(_coerce(v, item_tp, f"{path}[{i}]") for i, v in enumerate(value))
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: expected true or false, got {type(value).__name__} {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{path}: expected a whole number, got {type(value).__name__} {value!r}")
        return value
    if tp is float:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{path}: expected a number, got {type(value).__name__} {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"{path}: expected a finite number, got {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{path}: expected a string, got {type(value).__name__} {value!r}")
        return value
    raise ConfigError(f"{path}: unsupported type {_type_name(tp)}")  # pragma: no cover


def _check_range(value: Any, meta: dict, path: str) -> None:
    if value is None:
        return
    lo, hi, choices = meta.get("min"), meta.get("max"), meta.get("choices")
    if choices is not None and value not in choices:
        raise ConfigError(f"{path}: {value!r} is not one of {', '.join(map(repr, choices))}")
    if lo is not None and value < lo:
        raise ConfigError(f"{path}: {value!r} is below the minimum {lo}")
    if hi is not None and value > hi:
        raise ConfigError(f"{path}: {value!r} is above the maximum {hi}")


def _build(cls: type, data: dict, prefix: str = "") -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if key not in fields:
            near = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f"; did you mean {(prefix + '.' if prefix else '') + near[0]!r}?" if near else ""
            raise ConfigError(f"unknown key {path!r}{hint} (valid keys here: {', '.join(fields)})")
        coerced = _coerce(value, hints[key], path)
        _check_range(coerced, dict(fields[key].metadata), path)
        kwargs[key] = coerced
    return cls(**kwargs)


def _set_dotted(tree: dict, dotted: str) -> None:
    if "=" not in dotted:
        raise ConfigError(f"override {dotted!r} should look like key.path=value, e.g. training.learning_rate=3e-5")
    key, raw = dotted.split("=", 1)
    parts = key.strip().split(".")
    node = tree
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"override {dotted!r}: {part!r} is not a section")
        node = child
    node[parts[-1]] = yaml.safe_load(raw) if raw.strip() else ""


def config_from_dict(data: dict | None, overrides: list[str] | tuple[str, ...] = ()) -> Config:
    """Build and validate a :class:`Config` from a plain dict and dotted overrides.

    Args:
        data: the parsed YAML (``None`` means all defaults).
        overrides: ``"section.key=value"`` strings; values are parsed as YAML scalars.

    Raises:
        ConfigError: an unknown key (with its path and the nearest valid name), a wrong type
            or a value out of range.

    Example:
        >>> config_from_dict({}, ["training.learning_rate=3e-5"]).training.learning_rate
        3e-05
    """
    if data is not None and not isinstance(data, dict):
        raise ConfigError(f"a config must be a mapping at the top level, got {type(data).__name__}")
    if isinstance(overrides, str):
        raise ConfigError(f"overrides should be a list of 'key.path=value' strings, got the str {overrides!r}; wrap it in a list")
    tree = dict(data or {})
    tree = yaml.safe_load(yaml.safe_dump(tree))  # deep copy
    for o in overrides:
        _set_dotted(tree, o)
    config = _build(Config, tree)
    _check_ensemble(config)
    if config.model.lexical.enabled and config.model.kind != "transformer":
        raise ConfigError(f"model.lexical.enabled: a lexical component is mixed into a transformer's predictions, but "
                          f"model.kind is {config.model.kind!r}; set model.kind: transformer, or turn it off (the "
                          "tfidf kind already is a lexical model)")
    lexical, unset = config.model.lexical, LexicalConfig()
    if not lexical.enabled and (lexical.weight != unset.weight or lexical.c != unset.c):
        raise ConfigError("model.lexical: a weight or c is set but model.lexical.enabled is false, so no lexical "
                          "component would be trained; set model.lexical.enabled: true, or drop the other keys")
    if config.model.lexical.enabled and config.model.lexical.weight is None and config.data.validation_fraction == 0:
        raise ConfigError("model.lexical.weight: left unset, the weight is chosen on the validation split, but "
                          "data.validation_fraction is 0; set a weight (e.g. model.lexical.weight=0.35) or keep a "
                          "validation split")
    if config.model.lexical.enabled and config.training.ensemble_seeds:
        raise ConfigError("model.lexical.enabled: seed ensembles average their members' transformers only; leave "
                          "training.ensemble_seeds empty, or set model.lexical.enabled: false")
    if config.model.pooling == "quote" and config.model.input_format != "inline":
        raise ConfigError("model.pooling: 'quote' pools the tokens between the « » marks of the inline layout, but "
                          f"model.input_format is {config.model.input_format!r}; set model.input_format: inline")
    return config


def _check_ensemble(config: Config) -> None:
    seeds = config.training.ensemble_seeds
    if not seeds:
        return
    if len(seeds) == 1:
        raise ConfigError(f"training.ensemble_seeds: one seed ({seeds[0]}) makes no ensemble; list two or more, or "
                          f"set training.seed: {seeds[0]} and leave ensemble_seeds empty")
    for i, s in enumerate(seeds):
        if not 0 <= s <= 2**31 - 1:
            raise ConfigError(f"training.ensemble_seeds[{i}]: {s} is outside 0 to {2**31 - 1}")
    repeated = sorted({s for s in seeds if seeds.count(s) > 1})
    if repeated:
        raise ConfigError(f"training.ensemble_seeds: seed(s) {repeated} repeated; members trained from one seed are "
                          "the same model, so list each seed once")
    if config.model.kind != "transformer":
        raise ConfigError(f"training.ensemble_seeds: model.kind {config.model.kind!r} trains no seed-dependent model; "
                          "ensembles are for model.kind: transformer (leave ensemble_seeds empty)")


def load_config(path: str | Path, overrides: list[str] | tuple[str, ...] = (), *, check_base: bool = True) -> Config:
    """Load a YAML config file.

    Args:
        path: the YAML file.
        overrides: dotted ``key=value`` overrides applied on top.
        check_base: check that ``model.base`` names a bundled encoder or a local model folder (turn off
            to read a saved model's ``config.yaml`` for its data settings only, wherever its base now is).

    Raises:
        TypeError: ``path`` is not a str or Path.
        FileNotFoundError: the file does not exist.
        IsADirectoryError: the path is a folder.
        ConfigError: the file is not a YAML mapping or breaks the schema, an override breaks it (the
            message names the override), or ``model.base`` is neither a bundled encoder nor a model folder.

    Example:
        >>> cfg = load_config("configs/tiny.yaml", ["training.epochs=1"])
        >>> cfg.training.epochs
        1.0
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_config() takes the path of a YAML config (str or Path), got {type(path).__name__}; "
                        "pass a file such as configs/default.yaml")
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"config file {str(path)!r} is a folder; expected a YAML file such as configs/default.yaml")
    if not path.is_file():
        raise FileNotFoundError(f"config file {str(path)!r} does not exist; pass a YAML file such as configs/default.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if data is not None and not isinstance(data, dict):
        raise ConfigError(f"{path}: a config must be a YAML mapping, got {type(data).__name__}")
    try:
        config = config_from_dict(data, overrides)
    except ConfigError as exc:
        if not overrides:
            raise ConfigError(f"{path}: {exc}") from None
        try:  # an override may fix the file (e.g. a range it breaks), so the file alone is checked only now
            config_from_dict(data)
        except ConfigError:
            raise ConfigError(f"{path}: {exc}") from None
        # the file alone is valid, so an override broke it: name the override
        raise ConfigError(f"{path}: {_culprit(data, overrides)}{exc}") from None
    if not check_base:
        return config
    try:
        _check_base(config.model)
    except ConfigError as exc:
        given = [o for o in overrides if o.split("=", 1)[0].strip() == "model.base"]
        raise ConfigError(f"{path}: {f'override --set {given[-1]}: ' if given else ''}{exc}") from None
    return config


def _culprit(data: dict | None, overrides: list[str] | tuple[str, ...]) -> str:
    """``"override --set ...: "`` for the first override that makes a valid config invalid, else ``""``."""
    if isinstance(overrides, str):
        return ""
    for i in range(len(overrides)):
        try:
            config_from_dict(data, overrides[: i + 1])
        except ConfigError:
            return f"override --set {overrides[i]}: "
    return ""


def _check_base(model: ModelConfig) -> None:
    """Reject a ``model.base`` that is neither a bundled encoder nor a folder with a ``config.json``.

    Checked when a config file is loaded, so that a typo fails before any data is built. Baseline
    kinds (``tfidf``, ``keywords``) and ``tiny`` models do not read the base.

    Raises:
        ConfigError: ``model.base`` names no bundled encoder and no local model folder.
    """
    from stance.base_models import BASE_MODELS

    if model.kind != "transformer" or model.tiny or model.base in BASE_MODELS:
        return
    if (Path(model.base).expanduser() / "config.json").is_file():
        return
    near = difflib.get_close_matches(model.base, list(BASE_MODELS), n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise ConfigError(f"model.base: {model.base!r} is neither a bundled base ({', '.join(BASE_MODELS)}) nor a folder "
                      f"with a config.json{hint} (models are never fetched from a hub)")


def config_to_dict(cfg: Any) -> dict:
    """The config as plain JSON/YAML-able data (tuples become lists).

    Example:
        >>> config_to_dict(Config())["training"]["seed"]
        42
    """
    def conv(v: Any) -> Any:
        if dataclasses.is_dataclass(v):
            return {f.name: conv(getattr(v, f.name)) for f in dataclasses.fields(v)}
        if isinstance(v, tuple):
            return [conv(x) for x in v]
        return v
    return conv(cfg)

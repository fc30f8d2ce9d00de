"""Seed ensembles: several classifiers trained alike from different seeds, their probabilities averaged.

A small model's figures on a few hundred real quotes move by several points from one training
seed to the next; averaging the probabilities of a few members trained from different seeds
takes out much of that noise and is usually better than its average member. ``stance train``
builds one when ``training.ensemble_seeds`` lists two or more seeds; the saved folder holds one
subfolder per member (each a saved model without its own tokenizer) beside the ensemble's
``stance_config.json``, metrics, resolved config and model card::

    stance_config.json   {"ensemble": {"members": ["member-42", ...], ...}, "model": ..., "temperature": ...}
    config.json          labels (id2label / label2id)
    config.yaml          the resolved training config
    tokenizer files      shared by the members
    metrics.json, README.md
    member-42/           a saved model (adapter/ and head.safetensors, stance_config.json, metrics.json)
    ...

Each member turns its logits into probabilities with its own temperature; the ensemble averages
them, and its "logits" are the log of that average, divided at prediction time by the ensemble's
own temperature (fitted on the validation split, like a single model's).

Example:
    >>> from stance.config import ModelConfig
    >>> from stance.modeling import StanceClassifier
    >>> mc = ModelConfig(tiny=True, max_length=32)
    >>> ens = EnsembleClassifier([StanceClassifier.from_config(mc, seed=s) for s in (1, 2)], name="pair")
    >>> p = ens.predict(["We reject any third-party role."])[0]
    >>> p.label in LABELS, round(sum(p.scores.values()), 6)
    (True, 1.0)
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stance.calibration import apply_temperature
from stance.runtime import _TOKENIZER_FILES, Labeller, tokenizer_folder
from stance.types import LABELS

__all__ = ["EnsembleClassifier", "is_ensemble"]

def is_ensemble(path: str | Path) -> bool:
    """True when a saved model folder holds a seed ensemble (its ``stance_config.json`` says so).

    Example:
        >>> from stance.api import _MODELS_DIR
        >>> is_ensemble(_MODELS_DIR / "accurate")
        False
    """
    meta_file = Path(path) / "stance_config.json"
    try:
        return "ensemble" in json.loads(meta_file.read_text())
    except (OSError, ValueError):
        return False


class EnsembleClassifier(Labeller):
    """Averages the calibrated probabilities of classifiers that read the same input.

    Args:
        members: two or more classifiers (:class:`~stance.runtime.NumpyClassifier` or
            :class:`~stance.modeling.StanceClassifier`) with the same model settings, so that one
            input serves them all.
        name: the ensemble's name.
        temperature: divides the log of the averaged probabilities before the softmax (1.0 leaves
            the average as it is).
        metadata: the saved ``stance_config.json``, when loaded from a folder.

    Raises:
        ValueError: fewer than two members, or members that read different inputs.

    Example:
        >>> from stance.config import ModelConfig
        >>> from stance.modeling import StanceClassifier
        >>> a = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32), seed=1)
        >>> EnsembleClassifier([a])
        Traceback (most recent call last):
        ...
        ValueError: an ensemble needs at least two members, got 1; use the classifier itself
    """

    def __init__(self, members: Sequence[Labeller], *, name: str = "ensemble", temperature: float = 1.0,
                 metadata: dict | None = None) -> None:
        members = list(members)
        if len(members) < 2:
            raise ValueError(f"an ensemble needs at least two members, got {len(members)}; use the classifier itself")
        with_lexical = [i for i, m in enumerate(members) if getattr(m, "lexical", None) is not None]
        if with_lexical:
            raise ValueError(f"ensemble member(s) {with_lexical} carry a lexical component (model.lexical), which an "
                             "ensemble would leave out: it averages its members' transformers only; combine runs "
                             "trained with model.lexical.enabled: false")
        first = members[0].model_config
        for i, m in enumerate(members[1:], 1):
            if m.model_config != first:
                diff = sorted(k for k in vars(first) if getattr(first, k) != getattr(m.model_config, k))
                raise ValueError(f"ensemble member {i} reads its input differently from member 0 (model settings "
                                 f"{', '.join(diff)} differ); members must share every model setting")
        self.members = members
        super().__init__(members[0].tokenizer, first, temperature=temperature, name=name, metadata=metadata)

    def member_probabilities(self, pairs: list[tuple[str, str]], *, batch_size: int = 32) -> np.ndarray:
        """Each member's calibrated probabilities, shape ``(members, n, len(LABELS))``."""
        return np.stack([apply_temperature(m.logits(pairs, batch_size=batch_size), m.temperature)
                         for m in self.members])

    def logits(self, pairs: list[tuple[str, str]], *, batch_size: int = 32) -> np.ndarray:
        """The log of the members' averaged probabilities (before the ensemble's temperature)."""
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        mean = self.member_probabilities(pairs, batch_size=batch_size).mean(axis=0)
        return np.log(np.maximum(mean, np.finfo(np.float32).tiny)).astype(np.float32)

    # ------------------------------------------------------------------ saving and loading
    def save_pretrained(self, path: str | Path, *, config: Any = None, metrics: dict | None = None,
                        member_names: Sequence[str] | None = None,
                        member_metrics: Sequence[dict] | None = None,
                        member_configs: Sequence[Any] | None = None,
                        member_folders: Sequence[str | Path] | None = None) -> Path:
        """Save the members and the ensemble's settings, metrics, resolved config and model card.

        Args:
            path: the output folder (created; member subfolders there are replaced).
            config: the training :class:`~stance.config.Config`, saved as ``config.yaml``.
            metrics: the ensemble's figures (``metrics.json`` and the model card).
            member_names: the subfolder of each member (default ``member-1``, ``member-2`` ...).
            member_metrics: each member's own figures, saved in its folder.
            member_configs: each member's resolved training config (its own seed), saved in its folder.
            member_folders: the saved folder each member was loaded from, copied as it is instead of
                saving the loaded member again (a loaded LoRA model is merged, and would be saved whole);
                ``member_metrics`` and ``member_configs`` are then ignored, the folders keep their own.

        Raises:
            TypeError: a member cannot be saved (it has no ``save_pretrained``).
        """
        import stance
        from stance.model_card import write_model_files

        path = Path(path)
        names = list(member_names or [f"member-{i}" for i in range(1, len(self.members) + 1)])
        if len(names) != len(self.members) or len(set(names)) != len(names):
            raise ValueError(f"member_names should name each of the {len(self.members)} members once, got {names}")
        if member_folders is not None and len(member_folders) != len(self.members):
            raise ValueError(f"member_folders should give one folder per member ({len(self.members)}), "
                             f"got {len(member_folders)}")
        path.mkdir(parents=True, exist_ok=True)
        metas = []
        for i, (member, sub) in enumerate(zip(self.members, names)):
            folder = path / sub
            if folder.exists():
                shutil.rmtree(folder)
            if member_folders is not None:
                shutil.copytree(member_folders[i], folder)
                source = tokenizer_folder(Path(member_folders[i]))  # its own, or for a member folder its ensemble's
            else:
                if not callable(getattr(member, "save_pretrained", None)):
                    raise TypeError(f"ensemble member {i} ({type(member).__name__}) cannot be saved; members must "
                                    "be StanceClassifier objects (load the ensemble with runtime='torch' to save it)")
                member.save_pretrained(folder, config=(member_configs[i] if member_configs else None),
                                       metrics=(member_metrics[i] if member_metrics else None))
                source = folder
            for f in _TOKENIZER_FILES:  # one copy, beside the ensemble's settings
                if (folder / f).is_file():
                    shutil.move(str(folder / f), str(path / f))
                elif (source / f).is_file():
                    shutil.copy(source / f, path / f)
            (folder / "README.md").unlink(missing_ok=True)  # the ensemble's card speaks for the members
            metas.append(json.loads((folder / "stance_config.json").read_text()))
        shutil.copy(path / names[0] / "config.json", path / "config.json")
        meta = {
            "format_version": metas[0]["format_version"],
            "name": self.name,
            "labels": list(LABELS),
            "encoder_weights": metas[0]["encoder_weights"],
            "ensemble": {"members": names, "combine": "mean of the members' calibrated probabilities"},
            "model": metas[0]["model"],
            "temperature": self.temperature,
            "versions": {**metas[0].get("versions", {}), "stance": stance.__version__},
        }
        write_model_files(path, meta, metrics, config)
        self.metadata = meta
        return path

    @classmethod
    def from_pretrained(cls, path: str | Path, *, runtime: str = "auto") -> EnsembleClassifier:
        """Load a saved ensemble folder; each member runs in ``runtime`` (see :func:`stance.load`).

        Raises:
            FileNotFoundError: the folder or a member's folder is missing.
            ValueError: the folder holds a single model, not an ensemble.
        """
        from stance.api import _load_for_runtime

        path = Path(path)
        meta_file = path / "stance_config.json"
        if not meta_file.is_file():
            raise FileNotFoundError(f"{str(path)!r} is not a saved stance model: no stance_config.json there")
        meta = json.loads(meta_file.read_text())
        if "ensemble" not in meta:
            raise ValueError(f"{str(path)!r} holds a single model, not an ensemble; load it with stance.load(path)")
        members = []
        for sub in meta["ensemble"]["members"]:
            folder = path / sub
            if not (folder / "stance_config.json").is_file():
                raise FileNotFoundError(f"ensemble {str(path)!r} lists member {sub!r}, but {str(folder)!r} holds no "
                                        "saved model; the folder is incomplete (copy it again, or retrain it)")
            members.append(_load_for_runtime(str(folder.resolve()), runtime))
        ens = cls(members, name=meta.get("name", path.name), temperature=float(meta.get("temperature", 1.0)),
                  metadata=meta)
        ens.path = path
        return ens

    def __repr__(self) -> str:
        mc = self.model_config
        return (f"EnsembleClassifier(name={self.name!r}, members={len(self.members)}, "
                f"base={'tiny' if mc.tiny else mc.base!r}, "
                f"temperature={self.temperature:.3f})")

"""A lexical component beside the transformer: TF-IDF word n-grams and logistic regression, mixed in.

With ``model.lexical.enabled`` a transformer model carries a :class:`~stance.baselines.TfidfBaseline`
trained on the same split and reading the same input. A prediction mixes the two in log space,

    log p(label) = (1 - w) * log p_transformer(label) + w * log p_lexical(label) + const,

where ``p_transformer`` is the transformer's calibrated distribution and ``w`` the lexical weight
(``model.lexical.weight``, or, left unset, the weight of ``0, 0.05, ..., 0.5`` whose mix has the lowest
negative log-likelihood on the validation split). The two models make different mistakes: the
transformer reads the frame of a statement, the n-grams keep the exact phrases of a stock
formula, and their mix is more accurate than either on held-out articles (see the README,
"Results").

A saved model keeps the component in ``lexical.safetensors`` (IDF weights, coefficients and
intercepts, float32) and ``lexical_vocabulary.json`` (the n-grams in column order); the weight
is in ``stance_config.json`` under ``"lexical"``.

Example:
    >>> import numpy as np
    >>> mix_probabilities(np.array([[0.7, 0.3]]), np.array([[0.2, 0.8]]), 0.0).round(2).tolist()
    [[0.7, 0.3]]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stance.types import LABELS

__all__ = ["WEIGHT_GRID", "choose_weight", "fit_lexical", "load_lexical", "mix_probabilities", "save_lexical"]

#: the lexical weights tried on the validation split when ``model.lexical.weight`` is unset
WEIGHT_GRID: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(11))
_TINY = np.finfo(np.float64).tiny
ARRAYS_FILE = "lexical.safetensors"
VOCABULARY_FILE = "lexical_vocabulary.json"


def mix_probabilities(probs: Any, lexical_probs: Any, weight: float) -> np.ndarray:
    """Mix two label distributions in log space: ``(1 - weight) * log probs + weight * log lexical_probs``.

    Args:
        probs: the transformer's probabilities, shape ``(n, labels)``.
        lexical_probs: the lexical model's, the same shape.
        weight: the lexical share, in ``[0, 1]``.

    Returns:
        The normalised mix, shape ``(n, labels)``.

    Raises:
        ValueError: the shapes differ, or the weight is outside ``[0, 1]``.

    Example:
        >>> p = mix_probabilities(np.array([[0.6, 0.4]]), np.array([[0.1, 0.9]]), 0.5)
        >>> int(p.argmax()), round(float(p.sum()), 6)
        (1, 1.0)
    """
    a, b = np.asarray(probs, dtype=np.float64), np.asarray(lexical_probs, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"the two sets of probabilities should have the same shape, got {a.shape} and {b.shape}")
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"the lexical weight should be in [0, 1], got {weight}")
    z = (1.0 - weight) * np.log(np.maximum(a, _TINY)) + weight * np.log(np.maximum(b, _TINY))
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def choose_weight(probs: Any, lexical_probs: Any, labels: Sequence[int],
                  grid: Sequence[float] = WEIGHT_GRID) -> tuple[float, dict[float, float]]:
    """The lexical weight whose mix has the lowest negative log-likelihood on labelled examples.

    Ties go to the smaller weight.

    Args:
        probs: the transformer's probabilities on the examples (validation split).
        lexical_probs: the lexical model's on the same examples.
        labels: the true label index of each example.
        grid: the weights to try.

    Returns:
        The chosen weight and the negative log-likelihood of every weight tried.

    Example:
        >>> p = np.array([[0.6, 0.4], [0.45, 0.55]])  # right but unsure
        >>> q = np.array([[0.9, 0.1], [0.1, 0.9]])    # right and sure
        >>> choose_weight(p, q, [0, 1], grid=(0.0, 0.5))[0]
        0.5
    """
    y = np.asarray(labels, dtype=int)
    if len(y) == 0:
        raise ValueError("choosing the lexical weight needs labelled examples; the validation split is empty "
                         "(set data.validation_fraction above 0, or set model.lexical.weight)")
    nll = {}
    for w in grid:
        mixed = mix_probabilities(probs, lexical_probs, float(w))
        nll[float(w)] = float(-np.log(np.maximum(mixed[np.arange(len(y)), y], _TINY)).mean())
    best = min(nll, key=lambda w: (round(nll[w], 12), w))
    return best, nll


def fit_lexical(rows: Sequence[dict], model_config: Any, *, c: float = 4.0, seed: int = 0) -> Any:
    """Fit the lexical model on training rows, reading them as a transformer of ``model_config`` does.

    Its arrays are kept in float32, as saved, so a saved and reloaded model predicts the same.

    Args:
        rows: training examples (``text``, ``speaker``, ``before``, ``after``, ``label``).
        model_config: the transformer's :class:`~stance.config.ModelConfig` (what the input holds).
        c: the inverse regularisation strength of the logistic regression.
        seed: the logistic regression's random state.

    Returns:
        A fitted :class:`~stance.baselines.TfidfBaseline`.

    Example:
        >>> from stance.config import ModelConfig
        >>> rows = [{"text": t, "speaker": "", "before": "", "after": "", "label": y}
        ...         for t, y in [("only bilateral talks", 1), ("we welcome mediation", 0)] * 3]
        >>> fit_lexical(rows, ModelConfig()).predict(["bilateral talks only"])[0].label
        'bilateral'
    """
    from stance.baselines import KeywordBaseline, TfidfBaseline

    texts = KeywordBaseline(model_config).pairs_for(rows)
    model = TfidfBaseline.fit(texts, [r["label"] for r in rows], model_config=model_config, c=c, seed=seed,
                              name="lexical")
    return _as_float32(model)


def _as_float32(model: Any) -> Any:
    from stance.baselines import TfidfBaseline

    as32 = [a.astype(np.float32).astype(np.float64) for a in (model.idf, model.coef, model.intercept)]
    return TfidfBaseline(model.vocabulary, *as32, model.model_config, model.ngram_range, name=model.name)


def save_lexical(model: Any, folder: str | Path, weight: float) -> dict[str, Any]:
    """Write a lexical model's arrays (safetensors) and n-grams (JSON) into a model folder.

    Returns:
        The ``"lexical"`` entry of the folder's ``stance_config.json``: the weight and the files.
    """
    from safetensors.numpy import save_file

    folder = Path(folder)
    save_file({"idf": model.idf.astype(np.float32), "coef": model.coef.astype(np.float32),
               "intercept": model.intercept.astype(np.float32)}, str(folder / ARRAYS_FILE))
    terms = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    data = {"ngram_range": list(model.ngram_range), "terms": terms}
    (folder / VOCABULARY_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                                          encoding="utf-8")
    return {"weight": float(weight), "files": [ARRAYS_FILE, VOCABULARY_FILE]}


def load_lexical(folder: str | Path, model_config: Any) -> Any:
    """Read the lexical model saved in a model folder.

    Raises:
        FileNotFoundError: the folder's ``stance_config.json`` names a lexical component whose files are
            missing.
        ValueError: the files disagree (as many n-grams as coefficients).
    """
    from safetensors.numpy import load_file

    from stance.baselines import TfidfBaseline

    folder = Path(folder)
    missing = [f for f in (ARRAYS_FILE, VOCABULARY_FILE) if not (folder / f).is_file()]
    if missing:
        raise FileNotFoundError(f"{str(folder)!r} names a lexical component in stance_config.json, but "
                                f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing; copy the "
                                "whole model folder again, or retrain it")
    arrays = load_file(str(folder / ARRAYS_FILE))
    data = json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8"))
    terms = data["terms"]
    if arrays["coef"].shape[1] != len(terms) or arrays["idf"].shape[0] != len(terms):
        raise ValueError(f"{str(folder)!r}: {ARRAYS_FILE} holds {arrays['coef'].shape[1]} columns but "
                         f"{VOCABULARY_FILE} {len(terms)} n-grams; the files come from different models")
    if arrays["coef"].shape[0] != len(LABELS) or arrays["intercept"].shape != (len(LABELS),):
        raise ValueError(f"{str(folder)!r}: {ARRAYS_FILE} holds weights for {arrays['coef'].shape[0]} labels, "
                         f"expected {len(LABELS)} ({', '.join(LABELS)}); add the component again with `stance add-lexical`")
    broken = [name for name in ("idf", "coef", "intercept") if not np.isfinite(arrays[name]).all()]
    if broken:
        raise ValueError(f"{str(folder)!r}: {ARRAYS_FILE} holds non-finite values in {', '.join(broken)}; the file is "
                         "broken (add the component again with `stance add-lexical`)")
    return TfidfBaseline({t: i for i, t in enumerate(terms)}, arrays["idf"].astype(np.float64),
                         arrays["coef"].astype(np.float64), arrays["intercept"].astype(np.float64),
                         model_config, tuple(data["ngram_range"]), name="lexical")

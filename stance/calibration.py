"""Confidence calibration: temperature scaling, expected calibration error and reliability diagrams.

Temperature scaling (Guo et al., 2017) divides a classifier's logits by one scalar ``t`` fitted
to minimise the negative log-likelihood on held-out data; ``t > 1`` softens an over-confident
model and leaves its argmax (and so its accuracy) unchanged.

All functions take numpy arrays, lists or torch tensors and compute with numpy. Labels are
integer class indices, or label names from :data:`stance.types.LABELS` when there are as many
classes as labels.

Example:
    >>> import numpy as np
    >>> logits = np.array([[4.0, 0.0], [0.0, 4.0], [4.0, 0.0], [0.0, 4.0]])
    >>> labels = [0, 1, 1, 0]                   # half of these confident guesses are wrong
    >>> t = fit_temperature(logits, labels)
    >>> t > 10                                  # the fitted temperature flattens them to 50/50
    True
    >>> apply_temperature(logits, t).max(axis=1).round(1).tolist()
    [0.5, 0.5, 0.5, 0.5]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from stance.types import LABELS

__all__ = [
    "apply_temperature",
    "calibration_bins",
    "expected_calibration_error",
    "fit_temperature",
    "negative_log_likelihood",
    "reliability_diagram",
]

#: The temperatures :func:`fit_temperature` searches between.
T_MIN, T_MAX = 0.01, 100.0


def _as_2d(x: Any, name: str) -> np.ndarray:
    if hasattr(x, "detach"):  # a torch tensor; no torch import needed
        x = x.detach().cpu().numpy()
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] < 2:
        raise ValueError(
            f"{name} should be a 2-D array of shape (n_examples, n_classes) with n_examples >= 1 and "
            f"n_classes >= 2, got shape {arr.shape}; stack one row per example"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; check the model outputs before calibrating")
    return arr


def _as_labels(labels: Any, n: int, n_classes: int) -> np.ndarray:
    if hasattr(labels, "detach"):
        labels = labels.detach().cpu().numpy()
    seq = list(labels) if not isinstance(labels, np.ndarray) else labels.tolist()
    if len(seq) != n:
        raise ValueError(f"got {n} rows of scores but {len(seq)} labels; pass one label per row")
    if seq and isinstance(seq[0], str):
        if n_classes != len(LABELS):
            raise ValueError(
                f"label names need {len(LABELS)} classes ({', '.join(LABELS)}), got {n_classes} columns; "
                "pass integer class indices instead"
            )
        unknown = sorted({s for s in seq if s not in LABELS})
        if unknown:
            raise ValueError(f"unknown label(s) {unknown}; expected one of {', '.join(LABELS)}")
        return np.array([LABELS.index(s) for s in seq], dtype=np.int64)
    arr = np.asarray(seq)
    if arr.size and (not np.issubdtype(arr.dtype, np.integer) or arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(
            f"labels should be integer class indices in [0, {n_classes}), got values {np.unique(arr)[:10].tolist()}; "
            "map label names with LABELS.index(name)"
        )
    return arr.astype(np.int64)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def apply_temperature(logits: Any, t: float) -> np.ndarray:
    """Turn logits into probabilities, dividing them by a temperature first.

    Args:
        logits: shape ``(n_examples, n_classes)``.
        t: the temperature, ``> 0``; ``1.0`` is a plain softmax.

    Returns:
        Probabilities of shape ``(n_examples, n_classes)``; each row sums to 1.

    Example:
        >>> apply_temperature([[2.0, 0.0]], 1.0).round(3).tolist()
        [[0.881, 0.119]]
        >>> apply_temperature([[2.0, 0.0]], 2.0).round(3).tolist()
        [[0.731, 0.269]]
    """
    z = _as_2d(logits, "logits")
    if not (isinstance(t, (int, float)) and np.isfinite(t) and t > 0):
        raise ValueError(f"temperature should be a positive finite number, got {t!r}")
    return np.exp(_log_softmax(z / float(t)))


def negative_log_likelihood(logits: Any, labels: Any, t: float = 1.0) -> float:
    """Mean negative log-likelihood of the true labels under ``softmax(logits / t)``.

    Example:
        >>> round(negative_log_likelihood([[0.0, 0.0]], [0]), 4)   # log 2
        0.6931
    """
    z = _as_2d(logits, "logits")
    y = _as_labels(labels, len(z), z.shape[1])
    return float(-_log_softmax(z / float(t))[np.arange(len(z)), y].mean())


def fit_temperature(logits: Any, labels: Any) -> float:
    """Fit the temperature that minimises the negative log-likelihood of ``labels``.

    The NLL is convex in the inverse temperature, so a bounded 1-D search (Brent's method on
    ``log t`` in ``[0.01, 100]``) finds the optimum reliably; no learning rate to tune.

    Args:
        logits: held-out logits, shape ``(n_examples, n_classes)`` (numpy, list or torch).
        labels: the true class of each row: integer indices, or names from ``LABELS``.

    Returns:
        The temperature ``t > 0``; divide logits by it (see :func:`apply_temperature`).

    Raises:
        ValueError: the shapes disagree or the labels are out of range.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> true_logits = rng.normal(size=(2000, 4)) * 2
        >>> labels = [rng.choice(4, p=p) for p in apply_temperature(true_logits, 1.0)]
        >>> t = fit_temperature(true_logits * 3, labels)  # over-confident by 3x
        >>> 2.7 < t < 3.3
        True
    """
    from scipy.optimize import minimize_scalar

    z = _as_2d(logits, "logits")
    y = _as_labels(labels, len(z), z.shape[1])
    rows = np.arange(len(z))

    def nll(log_t: float) -> float:
        return float(-_log_softmax(z / np.exp(log_t))[rows, y].mean())

    res = minimize_scalar(nll, bounds=(np.log(T_MIN), np.log(T_MAX)), method="bounded", options={"xatol": 1e-6})
    return float(np.exp(res.x))


def _as_probs(probs: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    p = _as_2d(probs, "probs")
    if p.min() < 0 or p.max() > 1 + 1e-6:
        raise ValueError(
            f"probs should lie in [0, 1], got values in [{p.min():.3g}, {p.max():.3g}]; "
            "pass softmax outputs (apply_temperature(logits, t)), not logits"
        )
    return p, _as_labels(labels, len(p), p.shape[1])


def calibration_bins(probs: Any, labels: Any, n_bins: int = 15) -> list[dict[str, float]]:
    """Group predictions by confidence (the top probability) into equal-width bins.

    Bin ``b`` holds confidences in ``(b / n_bins, (b + 1) / n_bins]`` (the first bin also holds 0).

    Returns:
        One dict per bin: ``lo``, ``hi``, ``count``, ``accuracy`` and ``confidence`` (the mean top
        probability); ``accuracy`` and ``confidence`` are ``None`` for an empty bin.

    Example:
        >>> bins = calibration_bins([[0.9, 0.1], [0.8, 0.2]], [0, 1], n_bins=2)
        >>> bins[1]["count"], bins[1]["accuracy"], round(bins[1]["confidence"], 2)
        (2, 0.5, 0.85)
    """
    if not isinstance(n_bins, int) or n_bins < 1:
        raise ValueError(f"n_bins should be a positive integer, got {n_bins!r}")
    p, y = _as_probs(probs, labels)
    conf = p.max(axis=1)
    correct = (p.argmax(axis=1) == y).astype(np.float64)
    idx = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)
    bins = []
    for b in range(n_bins):
        mask = idx == b
        count = int(mask.sum())
        bins.append(
            {
                "lo": b / n_bins,
                "hi": (b + 1) / n_bins,
                "count": count,
                "accuracy": float(correct[mask].mean()) if count else None,
                "confidence": float(conf[mask].mean()) if count else None,
            }
        )
    return bins


def expected_calibration_error(probs: Any, labels: Any, n_bins: int = 15) -> float:
    """Expected calibration error of the top-label confidence, with equal-width bins.

    ``ECE = sum_b (n_b / n) * |accuracy_b - confidence_b|``.

    Args:
        probs: probabilities, shape ``(n_examples, n_classes)``.
        labels: the true class of each row: integer indices, or names from ``LABELS``.
        n_bins: the number of confidence bins over ``[0, 1]``.

    Returns:
        The ECE, in ``[0, 1]``; 0 is perfectly calibrated.

    Example:
        >>> expected_calibration_error([[0.9, 0.1], [0.8, 0.2]], [0, 1], n_bins=2)  # conf 0.85, acc 0.5
        0.35
    """
    bins = calibration_bins(probs, labels, n_bins)
    n = sum(b["count"] for b in bins)
    ece = sum(b["count"] / n * abs(b["accuracy"] - b["confidence"]) for b in bins if b["count"])
    return round(float(ece), 12)


def reliability_diagram(
    probs: Any,
    labels: Any,
    path: str | Path,
    *,
    title: str = "Reliability diagram",
    n_bins: int = 15,
) -> Path:
    """Draw accuracy against confidence per bin, with the confidence histogram, and save it as a PNG.

    Uses matplotlib's Agg canvas directly, so it works headless and leaves pyplot's global
    backend alone.

    Args:
        probs: probabilities, shape ``(n_examples, n_classes)``.
        labels: the true class of each row.
        path: where to write the PNG; parent folders are created.
        title: the figure title.
        n_bins: the number of confidence bins.

    Returns:
        The path written.

    Example:
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "rel.png"
        >>> reliability_diagram([[0.9, 0.1], [0.3, 0.7]], [0, 0], out).stat().st_size > 0
        True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    bins = calibration_bins(probs, labels, n_bins)
    ece = expected_calibration_error(probs, labels, n_bins)
    n = sum(b["count"] for b in bins)
    width = 1.0 / n_bins
    centers = [b["lo"] + width / 2 for b in bins]

    fig = Figure(figsize=(5, 6), dpi=120)
    FigureCanvasAgg(fig)
    ax, hist = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    acc = [b["accuracy"] if b["count"] else 0.0 for b in bins]
    ax.bar(centers, acc, width=width, edgecolor="black", color="tab:blue", label="accuracy")
    gaps = [b["confidence"] - b["accuracy"] if b["count"] else 0.0 for b in bins]
    ax.bar(
        centers,
        gaps,
        bottom=acc,
        width=width,
        edgecolor="tab:red",
        color="tab:red",
        alpha=0.3,
        hatch="//",
        label="gap to confidence",
    )
    ax.plot([0, 1], [0, 1], "k--", linewidth=1, label="perfect calibration")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_ylabel("accuracy")
    ax.set_title(f"{title}\nECE = {ece:.3f}, n = {n}")
    ax.legend(loc="upper left", fontsize=8)
    hist.bar(centers, [b["count"] for b in bins], width=width, edgecolor="black", color="tab:gray")
    hist.set_xlabel("confidence (top probability)")
    hist.set_ylabel("count")
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    return path

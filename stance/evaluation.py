"""Evaluate quote extraction and stance labelling against gold articles.

:func:`evaluate` reads gold articles (see ``gold-format.md``), runs a quote extractor and a stance
model (and optionally the baselines) over them, and scores:

* **extraction**: precision, recall and F1 over all quotes of all articles, with the overlap
  rule (a predicted span matches a gold span when they overlap by at least half of the longer
  span; one-to-one, greedy by overlap; :func:`stance.matching.match_spans`) and at exact span
  match; speaker accuracy over matched quotes (:func:`stance.matching.speaker_matches`); recall
  per quote kind;
* **stance on gold spans**: every gold quote labelled in its article
  (``model.label_quotes(article.text, [(start, end, speaker), ...])``);
* **stance end to end**: extracted quotes labelled with their extracted speaker, then matched to
  gold; a gold quote the extractor missed gets the sentinel prediction :data:`MISSED`, which is
  never correct (it lowers recall; it is not a label, so it adds no false positive to any label).
  Extracted quotes that match no gold quote are scored by extraction precision only;
* 95% percentile-bootstrap confidence intervals, resampling **articles** with a seeded generator
  (one resampling shared by every metric and every model, so baseline differences are paired);
* calibration of the gold-span scores (ECE, reliability diagram), a confusion matrix, the most
  confident mistakes, and breakdowns by dispute and by quote kind.

Macro-F1 averages the per-label F1 over the labels of :data:`stance.types.LABELS` that occur in the
gold labels or the predictions being scored (scikit-learn's default label set). On a gold set with
all four labels this is the mean over the four; a label absent from both (a small breakdown, a
bootstrap resample) is left out rather than counted as 0.

report.json keys (``EvaluationReport.to_dict()``; ``schema_version`` 1; floats are ``null`` where
undefined, e.g. speaker accuracy with no matched quote; CIs are ``[low, high]`` or ``null`` when
``n_bootstrap=0``):

================================ ======================================================================
key                              meaning
================================ ======================================================================
``schema_version``               1
``model``                        the model's ``name`` (or its class name)
``gold``                         ``source`` (path or null), ``n_articles``, ``n_quotes``,
                                 ``label_counts``, ``kind_counts``, ``dispute_counts``
``settings``                     ``extractor``, ``min_overlap`` (0.5), ``n_bootstrap``, ``seed``,
                                 ``confidence`` (0.95), ``n_bins`` (15), ``n_mistakes`` (20)
``extraction``                   ``overlap`` and ``exact``: each ``precision``, ``recall``, ``f1``,
                                 ``true_positives``, ``n_predicted``, ``n_gold``; ``f1_ci`` (overlap
                                 F1), ``speaker_accuracy``, ``n_matched``, ``recall_by_kind``
                                 (kind: ``recall``, ``found``, ``n``)
``stance``                       gold spans: ``n``, ``accuracy``, ``macro_f1``, ``macro_f1_ci``,
                                 ``per_label`` (label: ``precision``, ``recall``, ``f1``, ``support``),
                                 ``confusion`` (rows: gold labels in LABELS order; columns:
                                 ``confusion_columns``), ``confusion_columns``
``end_to_end``                   the same keys as ``stance``; ``confusion_columns`` ends with "missed"
``by_dispute``                   dispute: ``n_articles``, ``n_quotes``, ``stance`` and ``end_to_end``
                                 (each ``macro_f1``, ``accuracy``), ``extraction`` (``precision``,
                                 ``recall``, ``f1``)
``by_kind``                      kind (every kind in KINDS): ``n``, ``stance`` and ``end_to_end``
                                 (each ``macro_f1``, ``accuracy``), ``extraction_recall``
``calibration``                  ``ece``, ``n_bins``, ``bins`` (each ``lo``, ``hi``, ``count``,
                                 ``accuracy``, ``confidence``), on gold-span predictions
``confident_mistakes``           up to 20 wrong gold-span predictions, highest score first: ``article_id``,
                                 ``quote``, ``speaker``, ``kind``, ``gold``, ``predicted``, ``score``
``baselines``                    name: ``stance`` and ``end_to_end`` (as above), ``ece``,
                                 ``macro_f1_delta`` (model minus baseline, gold spans) and
                                 ``macro_f1_delta_ci`` (paired bootstrap); ``{}`` without baselines
================================ ======================================================================

With ``out_dir``, :func:`evaluate` writes ``report.json``, ``report.md`` (the same figures as
tables), ``confusion.png`` (gold spans and end to end, counts) and ``reliability.png``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from stance.calibration import calibration_bins, expected_calibration_error, reliability_diagram
from stance.gold import GoldArticle, read_gold
from stance.matching import match_spans, speaker_matches
from stance.types import KINDS, LABELS, Prediction

__all__ = [
    "DEFAULT_BASELINES",
    "MISSED",
    "EvaluationReport",
    "ExtractionScores",
    "Mistake",
    "SpanScores",
    "StanceScores",
    "evaluate",
]

#: The end-to-end prediction for a gold quote that the extractor did not find; never correct.
MISSED = "missed"
SCHEMA_VERSION = 1
MIN_OVERLAP = 0.5
CONFIDENCE = 0.95
N_BINS = 15
N_MISTAKES = 20
#: The baselines ``baselines=True`` scores (names for :func:`stance.baselines.load_baseline`).
DEFAULT_BASELINES = ("keywords", "tfidf")


# ----------------------------------------------------------------------------------------------------------------------
# Result types


@dataclass(frozen=True)
class SpanScores:
    """Extraction precision, recall and F1 under one matching rule, over all quotes of all articles."""

    precision: float
    recall: float
    f1: float
    true_positives: int
    n_predicted: int
    n_gold: int


@dataclass(frozen=True)
class ExtractionScores:
    """Quote extraction and speaker attribution scores.

    Attributes:
        overlap: scores with the overlap rule (at least half of the longer span).
        exact: scores at exact span match.
        f1_ci: bootstrap CI of ``overlap.f1``, or ``None`` without bootstrap.
        speaker_accuracy: the share of overlap-matched quotes whose speaker is right (``None`` if none matched).
        n_matched: the number of overlap-matched quotes.
        recall_by_kind: kind -> ``{"recall", "found", "n"}`` for every kind in ``KINDS``.
    """

    overlap: SpanScores
    exact: SpanScores
    f1_ci: tuple[float, float] | None
    speaker_accuracy: float | None
    n_matched: int
    recall_by_kind: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class StanceScores:
    """Stance labelling scores on one set of predictions.

    Attributes:
        n: the number of gold quotes scored.
        accuracy: the share labelled right (a :data:`MISSED` prediction is wrong).
        macro_f1: the mean per-label F1 over the labels present in gold or predictions.
        macro_f1_ci: bootstrap CI of ``macro_f1`` (articles resampled), or ``None`` without bootstrap.
        per_label: label -> ``{"precision", "recall", "f1", "support"}`` for every label in ``LABELS``.
        confusion: counts; rows are gold labels (``LABELS`` order), columns ``confusion_columns``.
        confusion_columns: the predicted labels of the columns: ``LABELS``, plus :data:`MISSED` end to end.
    """

    n: int
    accuracy: float
    macro_f1: float
    macro_f1_ci: tuple[float, float] | None
    per_label: dict[str, dict[str, float]]
    confusion: tuple[tuple[int, ...], ...]
    confusion_columns: tuple[str, ...]


@dataclass(frozen=True)
class Mistake:
    """A wrong gold-span prediction, for error analysis."""

    article_id: str
    quote: str
    speaker: str
    kind: str
    gold: str
    predicted: str
    score: float


@dataclass(frozen=True)
class EvaluationReport:
    """Everything :func:`evaluate` measured; ``to_dict()`` gives the report.json content.

    The keys are listed in the module docstring of :mod:`stance.evaluation`.
    """

    model: str
    gold: dict[str, Any]
    settings: dict[str, Any]
    extraction: ExtractionScores
    stance: StanceScores
    end_to_end: StanceScores
    by_dispute: dict[str, dict[str, Any]]
    by_kind: dict[str, dict[str, Any]]
    calibration: dict[str, Any]
    confident_mistakes: tuple[Mistake, ...]
    baselines: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON types (lists for tuples, ``None`` for NaN), with ``schema_version``.

        See :func:`evaluate` for an example.
        """
        return {"schema_version": SCHEMA_VERSION, **_jsonable(asdict(self))}

    def to_markdown(self) -> str:
        """The report as Markdown: the ``report.md`` that ``evaluate(..., out_dir=...)`` writes.

        Example:
            >>> from stance.baselines import KeywordBaseline
            >>> report = evaluate("tests/data/tiny_gold.jsonl", model=KeywordBaseline(), n_bootstrap=20)
            >>> report.to_markdown().splitlines()[0]
            '# Evaluation of `keywords`'
        """
        return _markdown(self)


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if math.isnan(x) else float(x)
    return x


# ----------------------------------------------------------------------------------------------------------------------
# Metric helpers


def _present_labels(y_true: Sequence[str], y_pred: Sequence[str]) -> list[str]:
    seen = set(y_true) | set(y_pred)
    return [label for label in LABELS if label in seen]


def _macro_f1(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    """Macro-F1 over the labels present in gold or predictions (``MISSED`` never counts as a label)."""
    from sklearn.metrics import f1_score

    labels = _present_labels(y_true, y_pred)
    if not labels:
        return float("nan")
    return float(f1_score(list(y_true), list(y_pred), labels=labels, average="macro", zero_division=0))


def _accuracy(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    return float(np.mean([t == p for t, p in zip(y_true, y_pred, strict=True)])) if y_true else float("nan")


def _confusion(y_true: Sequence[str], y_pred: Sequence[str], columns: Sequence[str]) -> np.ndarray:
    """Counts with rows = gold labels (``LABELS``) and the given predicted columns."""
    m = np.zeros((len(LABELS), len(columns)), dtype=np.int64)
    col = {c: j for j, c in enumerate(columns)}
    for t, p in zip(y_true, y_pred, strict=True):
        m[LABELS.index(t), col[p]] += 1
    return m


def _macro_f1_from_confusion(conf: np.ndarray) -> np.ndarray:
    """Macro-F1 of confusion matrices ``(..., len(LABELS), n_columns)``, vectorised over leading axes.

    Columns past ``len(LABELS)`` (the :data:`MISSED` column) are wrong predictions of no label. The
    same definition as :func:`_macro_f1` (checked against scikit-learn in the tests).
    """
    k = len(LABELS)
    tp = np.diagonal(conf[..., :k], axis1=-2, axis2=-1).astype(np.float64)
    predicted = conf[..., :k].sum(axis=-2)
    support = conf.sum(axis=-1)
    present = (predicted + support) > 0
    denom = predicted + support  # = 2 tp + fp + fn
    f1 = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
    n_present = present.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n_present > 0, (f1 * present).sum(axis=-1) / n_present, np.nan)


def _f1_from_counts(tp: np.ndarray, n_pred: np.ndarray, n_gold: np.ndarray) -> np.ndarray:
    denom = np.asarray(n_pred + n_gold, dtype=np.float64)
    return np.divide(2.0 * tp, denom, out=np.zeros_like(denom), where=denom > 0)


def _span_scores(tp: int, n_pred: int, n_gold: int) -> SpanScores:
    tp, n_pred, n_gold = int(tp), int(n_pred), int(n_gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = float(_f1_from_counts(np.array(tp), np.array(n_pred), np.array(n_gold)))
    return SpanScores(precision, recall, f1, tp, n_pred, n_gold)


def _bootstrap_weights(n_articles: int, n_bootstrap: int, seed: int) -> np.ndarray:
    """How often each article is drawn in each resample: shape ``(n_bootstrap, n_articles)``."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_articles, size=(n_bootstrap, n_articles))
    weights = np.zeros((n_bootstrap, n_articles), dtype=np.int64)
    np.add.at(weights, (np.repeat(np.arange(n_bootstrap), n_articles), draws.ravel()), 1)
    return weights


def _ci(values: np.ndarray) -> tuple[float, float] | None:
    values = values[~np.isnan(values)]
    if values.size == 0:
        return None
    alpha = (1 - CONFIDENCE) / 2 * 100
    lo, hi = np.percentile(values, [alpha, 100 - alpha])
    return float(lo), float(hi)


def _stance_scores(
    y_true: list[str], y_pred: list[str], columns: Sequence[str], macro_f1_ci: tuple[float, float] | None
) -> StanceScores:
    from sklearn.metrics import precision_recall_fscore_support

    per_label = {}
    if y_true:
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(LABELS), zero_division=0)
        per_label = {
            label: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, label in enumerate(LABELS)
        }
    else:
        per_label = {label: {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0} for label in LABELS}
    conf = _confusion(y_true, y_pred, columns)
    return StanceScores(
        n=len(y_true),
        accuracy=_accuracy(y_true, y_pred),
        macro_f1=_macro_f1(y_true, y_pred),
        macro_f1_ci=macro_f1_ci,
        per_label=per_label,
        confusion=tuple(tuple(int(v) for v in row) for row in conf),
        confusion_columns=tuple(columns),
    )


def _probabilities(pred: Prediction) -> list[float]:
    """The score of every label; a prediction with incomplete ``scores`` spreads ``1 - score`` evenly."""
    if all(label in pred.scores for label in LABELS):
        return [float(pred.scores[label]) for label in LABELS]
    rest = (1.0 - float(pred.score)) / (len(LABELS) - 1)
    return [float(pred.score) if label == pred.label else rest for label in LABELS]


# ----------------------------------------------------------------------------------------------------------------------
# Inputs


def _resolve_gold(gold: str | Path | Sequence[GoldArticle]) -> tuple[list[GoldArticle], str | None]:
    source = None
    if isinstance(gold, (str, Path)):
        articles, source = read_gold(gold), str(gold)
        if not articles:
            raise ValueError(f"gold holds no articles: {source!r} is empty; "
                             "pass a gold file with at least one annotated article")
    elif isinstance(gold, Iterable) and not isinstance(gold, (bytes, dict)):
        articles = list(gold)
        bad = [type(a).__name__ for a in articles if not isinstance(a, GoldArticle)]
        if bad:
            raise ValueError(
                f"gold should be a path to a gold JSON Lines file or a list of GoldArticle, got a list holding "
                f"{bad[0]}; read the file with stance.gold.read_gold(path) or pass the path"
            )
    else:
        raise ValueError(
            f"gold should be a path to a gold JSON Lines file or a list of GoldArticle, got {type(gold).__name__}"
        )
    if not articles:
        raise ValueError("gold holds no articles; pass a gold file with at least one annotated article")
    for a in articles:
        for i, q in enumerate(a.quotes):
            if q.stance not in LABELS:
                raise ValueError(
                    f"article {a.id!r}, quote {i}: stance is {q.stance!r}, expected one of {', '.join(LABELS)}; "
                    "evaluation needs a stance on every gold quote (read_gold(path, strict_labels=True))"
                )
    return articles, source


def _resolve_model(model: Any) -> Any:
    if model is None or isinstance(model, (str, Path)):
        import stance

        if not callable(getattr(stance, "load", None)):
            raise ValueError("stance.load is not available in this installation; pass a model object instead")
        return stance.load() if model is None else stance.load(str(model))
    if not callable(getattr(model, "label_quotes", None)):
        raise ValueError(
            f"model should be None (the default model), a model name or directory, or an object with "
            f"label_quotes(article_text, spans) -> list[Prediction]; got {type(model).__name__} without label_quotes"
        )
    return model


def _model_name(model: Any) -> str:
    return str(getattr(model, "name", None) or type(model).__name__)


def _resolve_extractor(extractor: Any) -> Callable[[list[str]], Iterable[Any]]:
    if extractor is None:
        from stance.extract import QuoteExtractor

        extractor = QuoteExtractor()
    if callable(getattr(extractor, "pipe", None)):
        return extractor.pipe
    if callable(extractor):
        return lambda texts: (extractor(t) for t in texts)
    raise ValueError(
        f"extractor should be None (stance.extract.QuoteExtractor), an object with pipe(texts) yielding lists of "
        f"Quote, or a function text -> list[Quote]; got {type(extractor).__name__}"
    )


def _resolve_baselines(baselines: bool | Sequence[Any]) -> list[Any]:
    if baselines is False:
        return []
    if baselines is True:
        baselines = DEFAULT_BASELINES
    if isinstance(baselines, (str, bytes)) or not isinstance(baselines, Sequence):
        raise ValueError(
            f"baselines should be True, False or a list of baseline names or model objects, got {baselines!r}; "
            "for one baseline pass a one-element list"
        )
    out = []
    for b in baselines:
        if isinstance(b, (str, Path)):
            from stance.baselines import load_baseline

            b = load_baseline(b)
        out.append(_resolve_model(b))
    return out


def _check_predictions(preds: Any, n: int, model: Any, article_id: str) -> list[Prediction]:
    preds = list(preds)
    if len(preds) != n:
        raise ValueError(
            f"model {_model_name(model)!r} returned {len(preds)} predictions for {n} spans of article "
            f"{article_id!r}; label_quotes must return one Prediction per span, in order"
        )
    for p in preds:
        if getattr(p, "label", None) not in LABELS:
            raise ValueError(
                f"model {_model_name(model)!r} predicted label {getattr(p, 'label', None)!r} in article "
                f"{article_id!r}; expected one of {', '.join(LABELS)}"
            )
    return preds


def _check_quotes(quotes: Any, article: GoldArticle) -> list[Any]:
    if quotes is None or isinstance(quotes, (str, bytes)) or not isinstance(quotes, Iterable):
        raise TypeError(f"the extractor returned {type(quotes).__name__} for article {article.id!r}; "
                        "expected a list of Quote objects (an empty list when there are none)")
    quotes = list(quotes)
    for q in quotes:
        start, end = getattr(q, "start", None), getattr(q, "end", None)
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(article.text)):
            raise ValueError(
                f"the extractor returned a quote with span ({start!r}, {end!r}) for article {article.id!r} of "
                f"{len(article.text)} characters; expected Quote objects with 0 <= start < end <= len(text)"
            )
    return quotes


def _span(start: int, end: int, speaker: str | None) -> tuple[int, int] | tuple[int, int, str]:
    return (start, end, speaker) if speaker else (start, end)


# ----------------------------------------------------------------------------------------------------------------------
# Per-article records


@dataclass
class _Labelled:
    """One model's predictions, flat over all gold quotes, and one confusion matrix per article (for resampling)."""

    gold_preds: list[Prediction] = field(default_factory=list)
    e2e_labels: list[str] = field(default_factory=list)
    conf_gold: list[np.ndarray] = field(default_factory=list)
    conf_e2e: list[np.ndarray] = field(default_factory=list)


def _label_article(
    model: Any, article: GoldArticle, extracted: list[Any], pairs: list[tuple[int, int]]
) -> tuple[list[Prediction], list[str]]:
    """Label the gold spans and the extracted quotes in one call; end-to-end labels per gold quote."""
    spans = [_span(q.start, q.end, q.speaker) for q in article.quotes]
    spans += [_span(q.start, q.end, getattr(q, "speaker", None)) for q in extracted]
    preds = _check_predictions(model.label_quotes(article.text, spans), len(spans), model, article.id) if spans else []
    gold_preds = preds[: len(article.quotes)]
    extracted_preds = preds[len(article.quotes) :]
    e2e = [MISSED] * len(article.quotes)
    for i, j in pairs:
        e2e[j] = extracted_preds[i].label
    return gold_preds, e2e


def _group_scores(y_true: list[str], y_pred: list[str]) -> dict[str, float | None]:
    if not y_true:
        return {"macro_f1": None, "accuracy": None}
    return {"macro_f1": _macro_f1(y_true, y_pred), "accuracy": _accuracy(y_true, y_pred)}


# ----------------------------------------------------------------------------------------------------------------------
# The entry point


def evaluate(
    gold: str | Path | Sequence[GoldArticle],
    model: Any = None,
    *,
    extractor: Any = None,
    baselines: bool | Sequence[Any] = False,
    out_dir: str | Path | None = None,
    n_bootstrap: int = 1000,
    seed: int = 0,
    progress: bool = True,
) -> EvaluationReport:
    """Score quote extraction and stance labelling on gold articles.

    Args:
        gold: a gold JSON Lines file, or a list of :class:`~stance.gold.GoldArticle`.
        model: ``None`` for the default model (``stance.load()``), a model name or directory
            (``stance.load(model)``), or any object with ``label_quotes(article_text, spans)``
            returning one :class:`~stance.types.Prediction` per span and, optionally, a ``name``.
        extractor: ``None`` for ``stance.extract.QuoteExtractor()``, an object with ``pipe(texts)``
            yielding a list of :class:`~stance.types.Quote` per text, or a function text -> quotes.
        baselines: ``True`` for :data:`DEFAULT_BASELINES` (keyword rules and TF-IDF + logistic
            regression), or a list of baseline names or folders (``stance.baselines.load_baseline``)
            or model objects, scored side by side.
        out_dir: when given, write ``report.json``, ``report.md``, ``confusion.png`` and
            ``reliability.png`` there (the folder is created).
        n_bootstrap: the number of article resamples for the 95% CIs; ``0`` skips them (CIs are ``None``).
        seed: seeds the resampling, so CIs are reproducible.
        progress: show a progress bar over articles.

    Returns:
        The :class:`EvaluationReport` (its ``to_dict()`` is report.json).

    Raises:
        FileNotFoundError: the gold file does not exist.
        stance.gold.GoldFormatError: the gold file breaks the format (the message names line and field).
        ValueError: the gold, model, extractor or baselines are not what is expected, or a model
            returns the wrong number of predictions or an unknown label.

    Example:
        >>> from stance.gold import GoldArticle, GoldQuote
        >>> from stance.types import Prediction, Quote
        >>> text = 'Ana Ruiz said: "Only direct talks will work."'
        >>> art = GoldArticle("a1", text, (GoldQuote(16, 44, text[16:44], "direct", "Ana Ruiz", "bilateral"),))
        >>> class Always:
        ...     name = "always-bilateral"
        ...     def label_quotes(self, text, spans):
        ...         return [Prediction("bilateral", 0.9, {"mediation": 0.05, "bilateral": 0.9,
        ...                 "neutral": 0.03, "unrelated": 0.02}) for _ in spans]
        >>> def extract(text):
        ...     return [Quote(text[16:44], 16, 44, "direct", "Ruiz")]
        >>> report = evaluate([art], Always(), extractor=extract, n_bootstrap=0, progress=False)
        >>> report.stance.macro_f1, report.end_to_end.accuracy, report.extraction.speaker_accuracy
        (1.0, 1.0, 1.0)
        >>> report.to_dict()["stance"]["per_label"]["bilateral"]
        {'precision': 1.0, 'recall': 1.0, 'f1': 1.0, 'support': 1}
    """
    from tqdm.auto import tqdm

    if not isinstance(n_bootstrap, int) or isinstance(n_bootstrap, bool) or n_bootstrap < 0:
        raise ValueError(f"n_bootstrap should be a non-negative integer (0 skips the CIs), got {n_bootstrap!r}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"seed should be an integer, got {seed!r}")
    articles, source = _resolve_gold(gold)
    model = _resolve_model(model)
    extractor_name = "stance.extract.QuoteExtractor" if extractor is None else _model_name(extractor)
    pipe = _resolve_extractor(extractor)
    others = _resolve_baselines(baselines)
    models = [model, *others]

    # Per-article extraction counts and per-model labels.
    n_art = len(articles)
    ext = np.zeros((n_art, 4), dtype=np.int64)  # overlap tp, exact tp, n predicted, n gold
    speaker_right: list[bool] = []
    found: list[bool] = []
    labelled = [_Labelled() for _ in models]
    quote_rows: list[tuple[GoldArticle, Any]] = []  # (article, gold quote) per flat gold quote
    article_of: list[int] = []
    extracted_stream = iter(pipe([a.text for a in articles]))
    e2e_columns = (*LABELS, MISSED)
    for ai, article in enumerate(tqdm(articles, desc="evaluating", unit="article", disable=not progress)):
        try:
            extracted = _check_quotes(next(extracted_stream), article)
        except StopIteration:
            raise ValueError(
                f"the extractor yielded results for {ai} of {n_art} articles; pipe(texts) must yield one list per text"
            ) from None
        pred_spans = [(q.start, q.end) for q in extracted]
        gold_spans = [(q.start, q.end) for q in article.quotes]
        pairs = match_spans(pred_spans, gold_spans, min_overlap=MIN_OVERLAP)
        exact = match_spans(pred_spans, gold_spans, min_overlap=1.0)
        ext[ai] = (len(pairs), len(exact), len(extracted), len(article.quotes))
        speaker_right += [
            speaker_matches(getattr(extracted[i], "speaker", None), article.quotes[j].speaker) for i, j in pairs
        ]
        matched_gold = {j for _, j in pairs}
        found += [j in matched_gold for j in range(len(article.quotes))]
        quote_rows += [(article, q) for q in article.quotes]
        article_of += [ai] * len(article.quotes)
        y_true = [q.stance for q in article.quotes]
        for m, rec in zip(models, labelled, strict=True):
            gold_preds, e2e = _label_article(m, article, extracted, pairs)
            rec.gold_preds += gold_preds
            rec.e2e_labels += e2e
            rec.conf_gold.append(_confusion(y_true, [p.label for p in gold_preds], LABELS))
            rec.conf_e2e.append(_confusion(y_true, e2e, e2e_columns))

    y_true = [q.stance for _, q in quote_rows]
    weights = _bootstrap_weights(n_art, n_bootstrap, seed) if n_bootstrap else None

    def boot_macro(confs: list[np.ndarray]) -> np.ndarray | None:
        if weights is None:
            return None
        return _macro_f1_from_confusion(np.einsum("ba,aij->bij", weights, np.stack(confs)))

    def scores_of(rec: _Labelled) -> tuple[StanceScores, StanceScores, np.ndarray | None]:
        gold_boot = boot_macro(rec.conf_gold)
        stance_scores = _stance_scores(
            y_true, [p.label for p in rec.gold_preds], LABELS, None if gold_boot is None else _ci(gold_boot)
        )
        e2e_boot = boot_macro(rec.conf_e2e)
        e2e_scores = _stance_scores(y_true, rec.e2e_labels, e2e_columns, None if e2e_boot is None else _ci(e2e_boot))
        return stance_scores, e2e_scores, gold_boot

    main = labelled[0]
    stance_scores, e2e_scores, main_boot = scores_of(main)

    # Extraction.
    totals = ext.sum(axis=0)
    f1_ci = None
    if weights is not None:
        w = weights @ ext
        f1_ci = _ci(_f1_from_counts(w[:, 0], w[:, 2], w[:, 3]))
    kinds = [q.kind for _, q in quote_rows]
    recall_by_kind = {}
    for kind in KINDS:
        idx = [i for i, k in enumerate(kinds) if k == kind]
        n_found = sum(found[i] for i in idx)
        recall_by_kind[kind] = {"recall": n_found / len(idx) if idx else None, "found": n_found, "n": len(idx)}
    extraction = ExtractionScores(
        overlap=_span_scores(totals[0], totals[2], totals[3]),
        exact=_span_scores(totals[1], totals[2], totals[3]),
        f1_ci=f1_ci,
        speaker_accuracy=float(np.mean(speaker_right)) if speaker_right else None,
        n_matched=len(speaker_right),
        recall_by_kind=recall_by_kind,
    )

    # Breakdowns.
    span_preds = [p.label for p in main.gold_preds]
    by_dispute: dict[str, dict[str, Any]] = {}
    for dispute in sorted({a.dispute or "(none)" for a in articles}):
        arts = [i for i, a in enumerate(articles) if (a.dispute or "(none)") == dispute]
        rows = [i for i, ai in enumerate(article_of) if (articles[ai].dispute or "(none)") == dispute]
        c = ext[arts].sum(axis=0)
        span = _span_scores(c[0], c[2], c[3])
        by_dispute[dispute] = {
            "n_articles": len(arts),
            "n_quotes": len(rows),
            "stance": _group_scores([y_true[i] for i in rows], [span_preds[i] for i in rows]),
            "end_to_end": _group_scores([y_true[i] for i in rows], [main.e2e_labels[i] for i in rows]),
            "extraction": {"precision": span.precision, "recall": span.recall, "f1": span.f1},
        }
    by_kind: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        rows = [i for i, k in enumerate(kinds) if k == kind]
        by_kind[kind] = {
            "n": len(rows),
            "stance": _group_scores([y_true[i] for i in rows], [span_preds[i] for i in rows]),
            "end_to_end": _group_scores([y_true[i] for i in rows], [main.e2e_labels[i] for i in rows]),
            "extraction_recall": recall_by_kind[kind]["recall"],
        }

    # Calibration and mistakes.
    probs = np.array([_probabilities(p) for p in main.gold_preds]).reshape(-1, len(LABELS))
    label_idx = [LABELS.index(t) for t in y_true]
    if len(probs):
        calibration = {
            "ece": expected_calibration_error(probs, label_idx, N_BINS),
            "n_bins": N_BINS,
            "bins": calibration_bins(probs, label_idx, N_BINS),
        }
    else:
        calibration = {"ece": None, "n_bins": N_BINS, "bins": []}
    wrong = [i for i, (t, p) in enumerate(zip(y_true, main.gold_preds, strict=True)) if p.label != t]
    wrong.sort(key=lambda i: -float(main.gold_preds[i].score))
    mistakes = tuple(
        Mistake(
            article_id=quote_rows[i][0].id,
            quote=quote_rows[i][1].text,
            speaker=quote_rows[i][1].speaker,
            kind=quote_rows[i][1].kind,
            gold=y_true[i],
            predicted=main.gold_preds[i].label,
            score=float(main.gold_preds[i].score),
        )
        for i in wrong[:N_MISTAKES]
    )

    # Baselines, side by side.
    baseline_results: dict[str, dict[str, Any]] = {}
    for m, rec in zip(others, labelled[1:], strict=True):
        b_stance, b_e2e, b_boot = scores_of(rec)
        b_probs = np.array([_probabilities(p) for p in rec.gold_preds]).reshape(-1, len(LABELS))
        delta = stance_scores.macro_f1 - b_stance.macro_f1
        name = base = _model_name(m)
        k = 1
        while name in baseline_results or name == _model_name(model):
            k += 1
            name = f"{base} ({k})"
        baseline_results[name] = {
            "stance": asdict(b_stance),
            "end_to_end": asdict(b_e2e),
            "ece": expected_calibration_error(b_probs, label_idx, N_BINS) if len(b_probs) else None,
            "macro_f1_delta": delta,
            "macro_f1_delta_ci": None if b_boot is None else _ci(main_boot - b_boot),
        }

    report = EvaluationReport(
        model=_model_name(model),
        gold={
            "source": source,
            "n_articles": n_art,
            "n_quotes": len(quote_rows),
            "label_counts": {label: y_true.count(label) for label in LABELS},
            "kind_counts": {kind: kinds.count(kind) for kind in KINDS},
            "dispute_counts": dict(sorted(Counter(a.dispute or "(none)" for a in articles).items())),
        },
        settings={
            "extractor": extractor_name,
            "min_overlap": MIN_OVERLAP,
            "n_bootstrap": n_bootstrap,
            "seed": seed,
            "confidence": CONFIDENCE,
            "n_bins": N_BINS,
            "n_mistakes": N_MISTAKES,
        },
        extraction=extraction,
        stance=stance_scores,
        end_to_end=e2e_scores,
        by_dispute=by_dispute,
        by_kind=by_kind,
        calibration=calibration,
        confident_mistakes=mistakes,
        baselines=baseline_results,
    )
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")
        (out / "report.md").write_text(report.to_markdown(), "utf-8")
        _confusion_png(report, out / "confusion.png")
        if len(probs):
            reliability_diagram(probs, label_idx, out / "reliability.png", title=f"{report.model}: gold spans")
    return report


# ----------------------------------------------------------------------------------------------------------------------
# Output files


def _fmt(x: float | None, digits: int = 3) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _fmt_ci(ci: Sequence[float] | None) -> str:
    return "–" if ci is None else f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def _cell(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|")


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _markdown(r: EvaluationReport) -> str:
    ex, st, e2e = r.extraction, r.stance, r.end_to_end
    g, s = r.gold, r.settings
    lines = [
        f"# Evaluation of `{r.model}`",
        "",
        f"Gold: {g['source'] or '(in memory)'}, {g['n_articles']} articles, {g['n_quotes']} quotes "
        f"({', '.join(f'{k} {v}' for k, v in g['label_counts'].items())}). Extractor: `{s['extractor']}`. "
        f"CIs: {int(s['confidence'] * 100)}% percentile bootstrap over articles, {s['n_bootstrap']} resamples, "
        f"seed {s['seed']}.",
        "",
        "## Summary",
        "",
    ]
    lines += _table(
        ["metric", "value", "95% CI"],
        [
            ["stance macro-F1, gold spans", _fmt(st.macro_f1), _fmt_ci(st.macro_f1_ci)],
            ["stance macro-F1, end to end", _fmt(e2e.macro_f1), _fmt_ci(e2e.macro_f1_ci)],
            ["stance accuracy, gold spans", _fmt(st.accuracy), "–"],
            [f"extraction F1, overlap ≥ {s['min_overlap']}", _fmt(ex.overlap.f1), _fmt_ci(ex.f1_ci)],
            ["extraction F1, exact span", _fmt(ex.exact.f1), "–"],
            [f"speaker accuracy ({ex.n_matched} matched quotes)", _fmt(ex.speaker_accuracy), "–"],
            [f"ECE ({r.calibration['n_bins']} bins), gold spans", _fmt(r.calibration["ece"]), "–"],
        ],
    )
    lines += ["## Extraction", ""]
    lines += _table(
        ["rule", "precision", "recall", "F1", "matched", "predicted", "gold"],
        [
            [name, _fmt(x.precision), _fmt(x.recall), _fmt(x.f1), x.true_positives, x.n_predicted, x.n_gold]
            for name, x in (("overlap", ex.overlap), ("exact", ex.exact))
        ],
    )
    lines += _table(
        ["kind", "recall", "found", "gold"],
        [[k, _fmt(v["recall"]), v["found"], v["n"]] for k, v in ex.recall_by_kind.items()],
    )
    lines += ["## Stance per label", ""]
    lines += _table(
        ["label", "P (gold spans)", "R", "F1", "support", "P (end to end)", "R", "F1"],
        [
            [
                label,
                *(_fmt(st.per_label[label][k]) for k in ("precision", "recall", "f1")),
                st.per_label[label]["support"],
                *(_fmt(e2e.per_label[label][k]) for k in ("precision", "recall", "f1")),
            ]
            for label in LABELS
        ],
    )
    lines += ["Confusion, gold spans (rows gold, columns predicted):", ""]
    lines += _table(
        ["gold \\ predicted", *st.confusion_columns],
        [[label, *row] for label, row in zip(LABELS, st.confusion, strict=True)],
    )
    lines += ["Confusion, end to end:", ""]
    lines += _table(
        ["gold \\ predicted", *e2e.confusion_columns],
        [[label, *row] for label, row in zip(LABELS, e2e.confusion, strict=True)],
    )
    if r.baselines:
        lines += ["## Baselines", ""]
        rows = [
            [
                f"`{r.model}` (model)",
                _fmt(st.macro_f1),
                _fmt_ci(st.macro_f1_ci),
                _fmt(st.accuracy),
                *(_fmt(st.per_label[label]["f1"]) for label in LABELS),
                _fmt(e2e.macro_f1),
                _fmt(r.calibration["ece"]),
                "–",
            ]
        ]
        for name, b in r.baselines.items():
            bs, be = b["stance"], b["end_to_end"]
            rows.append(
                [
                    f"`{name}`",
                    _fmt(bs["macro_f1"]),
                    _fmt_ci(bs["macro_f1_ci"]),
                    _fmt(bs["accuracy"]),
                    *(_fmt(bs["per_label"][label]["f1"]) for label in LABELS),
                    _fmt(be["macro_f1"]),
                    _fmt(b["ece"]),
                    f"{_fmt(b['macro_f1_delta'])} {_fmt_ci(b['macro_f1_delta_ci'])}",
                ]
            )
        lines += _table(
            [
                "model",
                "macro-F1",
                "95% CI",
                "accuracy",
                *(f"F1 {label}" for label in LABELS),
                "end-to-end macro-F1",
                "ECE",
                "model − baseline [CI]",
            ],
            rows,
        )
    lines += ["## By dispute", ""]
    lines += _table(
        ["dispute", "articles", "quotes", "macro-F1", "accuracy", "e2e macro-F1", "e2e accuracy", "extraction F1"],
        [
            [
                d,
                v["n_articles"],
                v["n_quotes"],
                _fmt(v["stance"]["macro_f1"]),
                _fmt(v["stance"]["accuracy"]),
                _fmt(v["end_to_end"]["macro_f1"]),
                _fmt(v["end_to_end"]["accuracy"]),
                _fmt(v["extraction"]["f1"]),
            ]
            for d, v in r.by_dispute.items()
        ],
    )
    lines += ["## By quote kind", ""]
    lines += _table(
        ["kind", "quotes", "macro-F1", "accuracy", "e2e macro-F1", "e2e accuracy", "extraction recall"],
        [
            [
                k,
                v["n"],
                _fmt(v["stance"]["macro_f1"]),
                _fmt(v["stance"]["accuracy"]),
                _fmt(v["end_to_end"]["macro_f1"]),
                _fmt(v["end_to_end"]["accuracy"]),
                _fmt(v["extraction_recall"]),
            ]
            for k, v in r.by_kind.items()
        ],
    )
    lines += [f"## Most confident mistakes (gold spans, top {r.settings['n_mistakes']})", ""]
    lines += _table(
        ["article", "speaker", "gold", "predicted", "score", "quote"],
        [
            [_cell(m.article_id), _cell(m.speaker, 40), m.gold, m.predicted, _fmt(m.score), _cell(m.quote)]
            for m in r.confident_mistakes
        ],
    )
    lines += ["![confusion matrix](confusion.png)", "", "![reliability diagram](reliability.png)", ""]
    return "\n".join(lines)


def _confusion_png(r: EvaluationReport, path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 4.8), dpi=120)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [len(LABELS), len(LABELS) + 1]})
    for ax, scores, title in ((axes[0], r.stance, "gold spans"), (axes[1], r.end_to_end, "end to end")):
        m = np.array(scores.confusion)
        ax.imshow(m, cmap="Blues", vmin=0, vmax=max(int(m.max()), 1))
        ax.set_xticks(range(m.shape[1]), scores.confusion_columns, rotation=30, ha="right")
        ax.set_yticks(range(m.shape[0]), LABELS)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        ax.set_title(f"{title} (n = {scores.n})")
        for (i, j), v in np.ndenumerate(m):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > m.max() / 2 else "black")
    fig.suptitle(f"Confusion matrix: {r.model}")
    fig.tight_layout()
    fig.savefig(path, format="png")

"""The top-level verbs: ``load``, ``predict``, ``label_quotes`` and ``analyze``.

The shipped models live in ``stance/models/<name>/``: ``default`` (MiniLM-L6, fast) and
``accurate`` (mpnet-base, slower). A loaded model is cached, so repeated calls are cheap. By
default a model runs in numpy (:mod:`stance.runtime`), which loads without importing torch;
``load(..., runtime="torch")`` gives the torch classifier (GPUs, further training).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from stance.types import Prediction, Quote

__all__ = ["BASELINES", "RUNTIMES", "SHIPPED_MODELS", "analyze", "analyze_many", "label_quotes", "load", "predict"]

_MODELS_DIR = Path(__file__).resolve().parent / "models"
#: Names of the models that ship with the package.
SHIPPED_MODELS = ("default", "accurate")
#: Names of the shipped baselines, which :func:`load` also accepts.
BASELINES = ("tfidf", "keywords")
#: How a transformer model can run: ``auto`` is numpy where the model allows it, else torch.
RUNTIMES = ("auto", "numpy", "torch")


@lru_cache(maxsize=4)
def _load_numpy(path: str) -> Any:
    from stance.runtime import NumpyClassifier

    return NumpyClassifier.from_pretrained(path)


@lru_cache(maxsize=4)
def _load_torch(path: str) -> Any:
    from stance.modeling import StanceClassifier

    return StanceClassifier.from_pretrained(path)


@lru_cache(maxsize=4)
def _load_ensemble(path: str, runtime: str) -> Any:
    from stance.ensemble import EnsembleClassifier

    return EnsembleClassifier.from_pretrained(path, runtime=runtime)


@lru_cache(maxsize=16)
def _is_ensemble(path: str) -> bool:
    from stance.ensemble import is_ensemble

    return is_ensemble(path)


def _load_for_runtime(path: str, runtime: str) -> Any:
    """One cached object per folder and runtime that runs it (``auto`` shares numpy's or torch's)."""
    if _is_ensemble(path):  # cached like the models: stance.predict() reads no file once a model is loaded
        return _load_ensemble(path, runtime)
    if runtime != "torch":
        from stance.runtime import UnsupportedModelError

        try:
            return _load_numpy(path)
        except UnsupportedModelError:
            if runtime == "numpy":
                raise
    return _load_torch(path)


def load(name_or_path: str | Path = "default", *, runtime: str = "auto") -> Any:
    """Load a stance model: a shipped one by name, or a saved folder by path.

    Args:
        name_or_path: ``"default"``, ``"accurate"``, a baseline (``"tfidf"``, ``"keywords"``), or a
            folder written by ``stance train``.
        runtime: ``"auto"`` runs BERT and MPNet models (every bundled base) in numpy, which loads
            without importing torch, and any other in torch; ``"numpy"`` insists on numpy;
            ``"torch"`` gives the torch classifier (for a GPU, or to train it further). Both give
            the same predictions.

    Returns:
        A :class:`~stance.runtime.NumpyClassifier` or :class:`~stance.modeling.StanceClassifier`
        (cached: the same object on repeated calls), an :class:`~stance.ensemble.EnsembleClassifier`
        of such classifiers for a folder saved from ``training.ensemble_seeds``, or a baseline with
        the same methods.

    Raises:
        FileNotFoundError: no such shipped model or folder.
        ValueError: an unknown runtime, or ``runtime="numpy"`` for a model numpy cannot run.

    Example:
        >>> clf = load("default")
        >>> clf.predict(["All issues must be settled bilaterally."])[0].label
        'bilateral'
    """
    if not isinstance(name_or_path, (str, Path)):
        raise TypeError(f"load() takes a model name or a folder path, got {type(name_or_path).__name__}")
    if runtime not in RUNTIMES:
        raise ValueError(f"runtime should be one of {', '.join(map(repr, RUNTIMES))}, got {runtime!r}")
    if name_or_path in BASELINES or (Path(name_or_path) / "baseline.json").is_file():
        from stance.baselines import load_baseline

        return load_baseline(name_or_path)
    if isinstance(name_or_path, str) and name_or_path in SHIPPED_MODELS:
        path = _MODELS_DIR / name_or_path
        if not (path / "stance_config.json").is_file():
            raise FileNotFoundError(
                f"the shipped model {name_or_path!r} is not in this installation ({path}); "
                f"train it with `stance train configs/{name_or_path}.yaml`"
            )
    else:
        path = Path(name_or_path).expanduser()
        if not path.exists():
            names = ", ".join((*SHIPPED_MODELS, *BASELINES))
            if isinstance(name_or_path, Path):
                hint = (f"; to load the shipped model pass its name as a str: load({str(name_or_path)!r})"
                        if str(name_or_path) in (*SHIPPED_MODELS, *BASELINES) else f"; shipped models are loaded by name ({names})")
                raise FileNotFoundError(f"no model folder {str(path)!r}: a Path is read as a folder path, and this folder "
                                        f"does not exist{hint}")
            raise FileNotFoundError(f"no model {name_or_path!r}: neither a shipped name ({names}) nor an existing folder")
    return _load_for_runtime(str(path.resolve()), runtime)


def _model(model: Any, method: str, runtime: str = "auto") -> Any:
    """The classifier for a ``model`` argument: ``None`` (the default model), a name or folder, or a loaded model.

    Args:
        model: what the caller passed.
        method: the method the caller will use (``predict`` or ``label_quotes``); a loaded model must have it.
        runtime: how to load a name or folder (see :func:`load`).

    Raises:
        TypeError: ``model`` is none of these.
    """
    if model is None:
        return load(runtime=runtime)
    if isinstance(model, (str, Path)):
        return load(model, runtime=runtime)
    if not callable(getattr(model, method, None)):
        raise TypeError(
            f"model should be None (the default model), a shipped name ({', '.join((*SHIPPED_MODELS, *BASELINES))}), "
            f"a model folder (str or Path) or a loaded model with a {method}() method; got {type(model).__name__}"
        )
    return model


def predict(texts: Sequence[str], speakers: Sequence[str | None] | None = None, *,
            model: Any = "default") -> list[Prediction]:
    """Label standalone statements with the shipped default model (or ``model``).

    Args:
        texts: a list of statements.
        speakers: optionally, who said each one.
        model: a model name, folder or loaded classifier; ``None`` means the default model.

    Returns:
        One :class:`~stance.types.Prediction` per statement.

    Raises:
        TypeError: ``texts`` is not a sequence of strings (a list, tuple, numpy array or pandas Series),
            or ``model`` is not a name, folder or model.

    Example:
        >>> [p.label for p in predict(["Any talks on this will only be bilateral.",
        ...                            "We would welcome the UN's mediation."])]
        ['bilateral', 'mediation']
    """
    return _model(model, "predict").predict(texts, speakers)


def label_quotes(article: str, spans: Sequence[tuple], *, model: Any = "default") -> list[Prediction]:
    """Label quotes given as ``(start, end)`` or ``(start, end, speaker)`` spans of an article.

    Each span is read in its article context (the frame around it and the speaker), the same
    input :func:`analyze` builds. ``model`` is a model name, folder or loaded classifier; ``None``
    means the default model.

    Example:
        >>> art = "The ministry rejected any mediation. It said the matter was strictly bilateral."
        >>> s = art.index("the matter"); label_quotes(art, [(s, len(art) - 1, "the ministry")])[0].label
        'bilateral'
    """
    return _model(model, "label_quotes").label_quotes(article, spans)


def analyze(text: str, *, model: Any = "default", extractor: Any = None) -> list[Quote]:
    """Find every quote in an article, name its speaker and label its stance.

    Args:
        text: the article (plain text; offsets index it).
        model: a model name, folder or loaded classifier; ``None`` means the default model.
        extractor: a :class:`~stance.extract.QuoteExtractor` (the shared default when ``None``), or any
            callable that takes the text and returns a list of :class:`~stance.types.Quote`.

    Returns:
        The quotes in reading order, with ``label``, ``score`` and ``scores`` filled in.

    Raises:
        TypeError: ``text`` is not a str, ``extractor`` is not callable or returns something other than
            a list of :class:`~stance.types.Quote`, or ``model`` is not a name, folder or model.

    Example:
        >>> art = 'India ruled out mediation. "This is a bilateral matter," the spokesman said.'
        >>> [(q.text, q.speaker, q.label) for q in analyze(art)]
        [('This is a bilateral matter', 'the spokesman', 'bilateral')]
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() takes an article as a str, got {type(text).__name__}; for many, use analyze_many(texts)")
    clf = _model(model, "label_quotes")  # before extraction: a bad model argument fails even on an article without quotes
    if extractor is None:
        from stance.extract import extract_quotes

        return _labelled(clf, text, extract_quotes(text))
    return _labelled(clf, text, _checked_quotes(_checked_extractor(extractor)(text)))


def analyze_many(texts: Iterable[str], *, model: Any = "default", extractor: Any = None,
                 batch_size: int = 32) -> Iterator[list[Quote]]:
    """:func:`analyze` for many articles: one list of quotes per article, in order, as each is ready.

    Faster than calling :func:`analyze` in a loop: the default extractor parses the articles in
    batches (``QuoteExtractor.pipe``), and the model labels the quotes of several articles in each
    forward pass, so batches are full and sorted by length across articles.

    Args:
        texts: the articles (plain text; offsets index each one), any iterable; read lazily.
        model: a model name, folder or loaded classifier; ``None`` means the default model. Names
            and folders are loaded with ``runtime="torch"``, which labels many quotes about 1.7
            times as fast as numpy and is worth its longer load here; pass ``load(name)`` to keep numpy.
        extractor: as for :func:`analyze`: ``None``, a :class:`~stance.extract.QuoteExtractor` (its
            ``pipe`` is used) or a callable text -> list of :class:`~stance.types.Quote`.
        batch_size: quotes per forward pass.

    Returns:
        An iterator that gives, for each article, its quotes with ``label``, ``score`` and ``scores``
        filled in (the same quotes and labels :func:`analyze` gives). The arguments are checked and
        the model loaded at the call; a bad article is reported while the iterator reads the texts.

    Raises:
        TypeError: ``texts`` is not an iterable of str (an article that is not a str is reported when
            reached), or ``model`` or ``extractor`` is not usable.
        ValueError: ``batch_size`` is not a whole number of at least 1, an extractor's ``pipe`` gives
            more or fewer results than articles, or a model gives more or fewer predictions than quotes.

    Example:
        >>> arts = ['"We will only talk directly," the minister said.', "No one was quoted."]
        >>> [[q.label for q in quotes] for quotes in analyze_many(arts)]
        [['bilateral'], []]
    """
    from stance.runtime import Predictor

    if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
        raise TypeError(f"analyze_many() takes an iterable of article strings, got {type(texts).__name__}"
                        + ("; for one article, call analyze(text)" if isinstance(texts, str) else ""))
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size should be a whole number of quotes, at least 1, got {batch_size!r}")
    if extractor is not None and not callable(getattr(extractor, "pipe", None)):
        _checked_extractor(extractor)
    clf = _model(model, "label_quotes", runtime="torch")
    # the shared batches need predict_examples and the Predictor's own label_quotes (which a subclass may change)
    together = isinstance(clf, Predictor) and type(clf).label_quotes is Predictor.label_quotes
    return _analyzed(texts, clf, extractor, batch_size, together)


def _analyzed(texts: Iterable[str], clf: Any, extractor: Any, batch_size: int, together: bool) -> Iterator[list[Quote]]:
    """The generator behind :func:`analyze_many`."""

    def checked_texts() -> Iterator[str]:
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise TypeError(f"article {i} is a {type(t).__name__}, expected a str")
            yield t

    if extractor is None:
        from stance.extract import _default_extractor

        found: Iterable[tuple[str, list[Quote]]] = _pipe(_default_extractor(), checked_texts())
    elif callable(getattr(extractor, "pipe", None)):
        found = _pipe(extractor, checked_texts())
    else:
        found = ((t, _checked_quotes(extractor(t))) for t in checked_texts())
    if not together:  # one label_quotes call per article
        for text, quotes in found:
            yield _labelled(clf, text, quotes)
        return
    pending: list[tuple[str, list[Quote]]] = []
    n_quotes = 0
    for item in found:
        pending.append(item)
        n_quotes += len(item[1])
        # flush on a full set of batches, or on enough articles that few-quote copy still streams
        if n_quotes >= 4 * batch_size or len(pending) >= 16:
            yield from _labelled_together(clf, pending, batch_size)
            pending, n_quotes = [], 0
    yield from _labelled_together(clf, pending, batch_size)


def _pipe(extractor: Any, texts: Iterator[str]) -> Iterator[tuple[str, list[Quote]]]:
    """Pair each text with what ``extractor.pipe`` found in it (the texts are read once, lazily)."""
    seen: deque[str] = deque()
    given = 0

    def remember() -> Iterator[str]:
        nonlocal given
        for t in texts:
            seen.append(t)
            given += 1
            yield t

    for n, quotes in enumerate(extractor.pipe(remember())):
        if not seen:
            raise ValueError(f"the extractor's pipe() gave a result {n + 1} for {given} articles; it should give one "
                             "list of quotes per article, in order")
        yield seen.popleft(), _checked_quotes(quotes)
    if seen:
        raise ValueError(f"the extractor's pipe() gave results for {given - len(seen)} of {given} articles; it should "
                         "give one list of quotes per article, in order")


def _labelled_together(clf: Any, items: list[tuple[str, list[Quote]]], batch_size: int) -> Iterator[list[Quote]]:
    """Label the quotes of several articles in one :meth:`predict_examples` call, then split them back."""
    from stance.runtime import span_examples

    if not items:
        return
    examples = [ex for text, quotes in items
                for ex in span_examples(text, [(q.start, q.end, q.speaker) for q in quotes], clf.model_config.context_chars)]
    preds = list(clf.predict_examples(examples, batch_size=batch_size)) if examples else []
    if len(preds) != len(examples):
        raise ValueError(f"the model gave {len(preds)} predictions for {len(examples)} quotes; it should give one per quote")
    at = 0
    for _text, quotes in items:
        yield [dataclasses.replace(q, label=p.label, score=p.score, scores=p.scores)
               for q, p in zip(quotes, preds[at:at + len(quotes)])]
        at += len(quotes)


def _checked_extractor(extractor: Any) -> Any:
    if not callable(extractor):
        raise TypeError(f"extractor should be None (the shared QuoteExtractor) or a callable text -> list[Quote], "
                        f"such as stance.extract.QuoteExtractor(); got {type(extractor).__name__}")
    return extractor


def _checked_quotes(quotes: Any) -> list[Quote]:
    """What an extractor returned, checked to be a list of :class:`~stance.types.Quote`."""
    if quotes is None or isinstance(quotes, (str, bytes)) or not isinstance(quotes, Iterable):
        raise TypeError(f"the extractor returned {type(quotes).__name__}; expected a list of stance.types.Quote "
                        "(an empty list when there are none)")
    quotes = list(quotes)
    for i, q in enumerate(quotes):
        if not isinstance(q, Quote):
            raise TypeError(f"the extractor returned {type(q).__name__} ({q!r:.60}) as quote {i}; expected "
                            "stance.types.Quote objects, e.g. Quote(text=..., start=..., end=..., kind='direct', speaker=...)")
    return quotes


def _labelled(clf: Any, text: str, quotes: list[Quote]) -> list[Quote]:
    """``quotes`` of ``text`` with the label, score and scores ``clf`` gives each in context."""
    if not quotes:
        return []
    preds = list(clf.label_quotes(text, [(q.start, q.end, q.speaker) for q in quotes]))
    if len(preds) != len(quotes):
        raise ValueError(f"the model's label_quotes() gave {len(preds)} predictions for {len(quotes)} quotes; it should "
                         "give one per quote")
    return [dataclasses.replace(q, label=p.label, score=p.score, scores=p.scores) for q, p in zip(quotes, preds)]

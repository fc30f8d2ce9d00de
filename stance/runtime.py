"""Torch-free inference for saved stance models: numpy arithmetic and ``tokenizers``.

Importing torch takes one to two and a half seconds on a small CPU machine, most of what a cold
``stance.predict()`` costs. A saved BERT or MPNet model (every bundled base) is therefore run, by
default, by :class:`NumpyClassifier`: the arithmetic of :mod:`stance.encoders` (and so of
transformers' ``BertModel`` and ``MPNetModel``) in float32 numpy, the LoRA adapter merged into the
base weights as arrays, and the model's own ``tokenizer.json`` read by :class:`PairTokenizer`.
``stance.load(..., runtime="torch")`` gives the torch :class:`~stance.modeling.StanceClassifier`
(for training, a GPU, or fine-tuning further); the tests check that both give the same logits.

This module also holds what every classifier shares whatever its arithmetic: the checks of user
input (:func:`validate_texts`, :func:`validate_spans` ...), the examples built from spans of an
article, and :class:`Labeller`, which turns logits into :class:`~stance.types.Prediction` objects.

Example:
    >>> import stance
    >>> clf = stance.load("default")  # a NumpyClassifier: no torch imported
    >>> clf.predict(["Any talks will be strictly bilateral."])[0].label
    'bilateral'
"""

from __future__ import annotations

import json
import math
import numbers
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from stance.calibration import apply_temperature
from stance.context import QUOTE_CLOSE, QUOTE_OPEN, example_input, quote_context
from stance.types import LABELS, Prediction

__all__ = [
    "MAX_STATEMENT_CHARS",
    "EncoderConfig",
    "Labeller",
    "NumpyClassifier",
    "NumpyEncoder",
    "PairTokenizer",
    "Predictor",
    "UnsupportedModelError",
    "predictions",
    "span_examples",
    "tokenizer_folder",
    "validate_spans",
    "validate_speakers",
    "validate_texts",
]

#: Longest statement ``predict`` accepts; articles go to ``stance.analyze``.
MAX_STATEMENT_CHARS = 20_000
_SUPPORTED = ("bert", "mpnet")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


class UnsupportedModelError(ValueError):
    """A saved model that the numpy runtime cannot run (use ``runtime="torch"``)."""


# --------------------------------------------------------------------------- user input
def _as_list(values: Any) -> list | None:
    """``values`` as a list when it is a sequence of items, else ``None``.

    Lists, tuples and other sequences qualify, and so do one-dimensional numpy arrays and pandas
    ``Series``/``Index`` (through their ``tolist()``, which also turns numpy scalars into Python ones).
    A bare ``str``/``bytes``, a mapping, ``None`` and one-shot iterators (generators) do not.

    Example:
        >>> _as_list(np.array(["a", "b"])), _as_list("ab"), _as_list(x for x in "ab")
        (['a', 'b'], None, None)
    """
    if values is None or isinstance(values, (str, bytes, Mapping)):
        return None
    if isinstance(values, Sequence):
        return list(values)
    tolist = getattr(values, "tolist", None)
    if callable(tolist) and hasattr(values, "__len__") and hasattr(values, "__getitem__"):
        out = tolist()
        return out if isinstance(out, list) else None
    return None


def validate_texts(texts: Any, what: str = "texts") -> list[str]:
    """Check a list of statements and return it as a list; raise a clear error otherwise.

    Any sequence of strings is accepted (a list, a tuple, a numpy array, a pandas ``Series``); a
    single ``str``, ``None`` and generators are not.

    Example:
        >>> validate_texts(["We reject mediation."])
        ['We reject mediation.']
        >>> validate_texts(("We reject mediation.",))
        ['We reject mediation.']
        >>> validate_texts(["ok", 3])
        Traceback (most recent call last):
        ...
        TypeError: texts[1] should be a str, got int (3); convert or drop it
    """
    if isinstance(texts, str):
        raise TypeError(f"{what} should be a list of strings, got a single str; wrap it in a list: predict([text])")
    items = _as_list(texts)
    if items is None:
        raise TypeError(f"{what} should be a list of strings, got {type(texts).__name__}"
                        + ("; materialise it first: list(texts)" if hasattr(texts, "__next__") else ""))
    for i, t in enumerate(items):
        if not isinstance(t, str):
            raise TypeError(f"{what}[{i}] should be a str, got {type(t).__name__} ({t!r:.40}); convert or drop it")
        if not t.strip():
            raise ValueError(f"{what}[{i}] is empty; every statement needs some text")
        if len(t) > MAX_STATEMENT_CHARS:
            raise ValueError(
                f"{what}[{i}] has {len(t):,} characters, more than the {MAX_STATEMENT_CHARS:,} a single statement may "
                "have; for a whole article use stance.analyze(text), which finds and labels each quote"
            )
    return [str(t) for t in items]


def validate_speakers(speakers: Any, n: int) -> list[str | None]:
    """Check optional speakers, one per statement (``None`` means no speakers).

    Any sequence is accepted (a list, a tuple, a numpy array, a pandas ``Series``); a NaN (a missing
    value of an array or ``Series``) means no speaker, as ``None`` does.

    Example:
        >>> validate_speakers(None, 2)
        [None, None]
        >>> validate_speakers(["Ali", None], 2)
        ['Ali', None]
    """
    if speakers is None:
        return [None] * n
    items = _as_list(speakers)  # None for a bare str, a mapping or a generator
    if items is None:
        raise TypeError(f"speakers should be a list with one speaker (or None) per text, got {type(speakers).__name__}")
    if len(items) != n:
        raise ValueError(f"got {n} texts but {len(items)} speakers; give one speaker per text")
    # a missing value of a pandas Series or numpy array (NaN) means no speaker, as None does
    items = [None if _missing(s) else s for s in items]
    for i, s in enumerate(items):
        if s is not None and not isinstance(s, str):
            raise TypeError(f"speakers[{i}] should be a str or None, got {type(s).__name__}: {s!r:.60} "
                            "(None means no speaker; convert names with str())")
    return [None if s is None else str(s) for s in items]


def _missing(value: Any) -> bool:
    """Whether ``value`` is a missing value of numpy or pandas (NaN, ``pd.NA``, ``NaT``), which means no speaker."""
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def _is_offset(x: Any) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, (bool, np.bool_))


def validate_spans(article: Any, spans: Any) -> list[tuple[int, int, str | None]]:
    """Check ``(start, end)`` / ``(start, end, speaker)`` spans against an article.

    Offsets may be any integers (numpy ones included, not ``bool``); they come back as ``int``.

    Example:
        >>> validate_spans("He said no.", [(8, 10), (0, 2, "He")])
        [(8, 10, None), (0, 2, 'He')]
        >>> validate_spans("He said no.", [(np.int64(8), np.int64(10))])
        [(8, 10, None)]
    """
    if not isinstance(article, str):
        raise TypeError(f"article should be a str, got {type(article).__name__}")
    if isinstance(spans, tuple) and len(spans) in (2, 3) and _is_offset(spans[0]):
        raise TypeError("spans should be a list of (start, end) or (start, end, speaker) tuples; wrap a single span in a list")
    items = _as_list(spans)
    if items is None:
        raise TypeError(f"spans should be a list of (start, end[, speaker]) tuples, got {type(spans).__name__}")
    out = []
    for i, span in enumerate(items):
        if not isinstance(span, (tuple, list)) or len(span) not in (2, 3):
            raise TypeError(f"spans[{i}] should be (start, end) or (start, end, speaker), got {span!r:.60}")
        start, end = span[0], span[1]
        speaker = span[2] if len(span) == 3 and not _missing(span[2]) else None
        if not (_is_offset(start) and _is_offset(end)):
            raise TypeError(f"spans[{i}]: start and end should be ints, got {start!r} and {end!r}")
        start, end = int(start), int(end)
        if not 0 <= start < end <= len(article):
            raise ValueError(
                f"spans[{i}] = ({start}, {end}) is out of range for an article of {len(article)} characters; "
                "expected 0 <= start < end <= len(article)"
            )
        if not article[start:end].strip():
            raise ValueError(
                f"spans[{i}] = ({start}, {end}) covers only white space ({article[start:end]!r}); "
                "every quote needs some text: check the offsets"
            )
        if speaker is not None and not isinstance(speaker, str):
            raise TypeError(f"spans[{i}]: speaker should be a str or None, got {type(speaker).__name__}")
        out.append((start, end, speaker))
    return out


def span_examples(article: Any, spans: Any, window: int) -> list[dict]:
    """Check spans against an article and build the model examples for them (quote, speaker, frame).

    The one place where in-article quotes become model input, shared by the classifiers and the
    baselines.

    Example:
        >>> span_examples("Ali said talks must stay bilateral.", [(9, 34, "Ali")], 300)[0]["before"]
        'Ali said'
    """
    examples = []
    for start, end, speaker in validate_spans(article, spans):
        before, after = quote_context(article, start, end, window)
        examples.append({"text": article[start:end], "speaker": speaker, "before": before, "after": after})
    return examples


# --------------------------------------------------------------------------- shared classifier API
def predictions(probs: np.ndarray) -> list[Prediction]:
    """One :class:`~stance.types.Prediction` per row of label probabilities (columns in ``LABELS`` order).

    Example:
        >>> predictions(np.array([[0.1, 0.7, 0.1, 0.1]]))[0].label
        'bilateral'
    """
    out = []
    for row in probs:
        k = int(row.argmax())
        out.append(Prediction(label=LABELS[k], score=float(row[k]),
                              scores={label: float(p) for label, p in zip(LABELS, row)}))
    return out


class Predictor:
    """The user-facing calls every model shares, built on its :meth:`predict_examples`.

    :class:`Labeller` (the transformers) and the baselines of :mod:`stance.baselines` are predictors.
    """

    model_config: Any

    def predict_examples(self, examples: Sequence[dict], *, batch_size: int = 32) -> list[Prediction]:
        """Predictions for example dicts (``text``, ``speaker``, ``before``, ``after``)."""
        raise NotImplementedError

    def predict(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None, *,
                batch_size: int = 32) -> list[Prediction]:
        """Label standalone statements.

        Args:
            texts: the statements (a list, even for one).
            speakers: optional speaker for each statement.
            batch_size: statements per forward pass.

        Returns:
            One :class:`~stance.types.Prediction` per statement, in order.

        Raises:
            TypeError: ``texts`` is not a list of strings.
            ValueError: a statement is empty or longer than :data:`MAX_STATEMENT_CHARS`.

        Example:
            >>> from stance.config import ModelConfig
            >>> from stance.modeling import StanceClassifier
            >>> clf = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32))
            >>> preds = clf.predict(["We reject any mediation.", "Trade grew."], ["Jon Arvo", None])
            >>> len(preds), sorted(preds[0].scores) == sorted(LABELS)
            (2, True)
        """
        texts = validate_texts(texts)
        spk = validate_speakers(speakers, len(texts))
        return self.predict_examples([{"text": t, "speaker": s} for t, s in zip(texts, spk)], batch_size=batch_size)

    def label_quotes(self, article: str, spans: Sequence[tuple], *, batch_size: int = 32) -> list[Prediction]:
        """Label quotes given as spans of an article, each read in its article context.

        Args:
            article: the article text the offsets index.
            spans: ``(start, end)`` or ``(start, end, speaker)`` tuples.

        Returns:
            One prediction per span, in order.

        Raises:
            TypeError, ValueError: malformed or out-of-range spans.

        Example:
            >>> from stance.config import ModelConfig
            >>> from stance.modeling import StanceClassifier
            >>> clf = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32))
            >>> art = "Arvo said the talks would stay bilateral."
            >>> len(clf.label_quotes(art, [(10, 40, "Jon Arvo")]))
            1
        """
        examples = span_examples(article, spans, self.model_config.context_chars)
        return self.predict_examples(examples, batch_size=batch_size)


def quote_pooling_mask(input_ids: np.ndarray, attention_mask: np.ndarray, open_id: int, close_id: int,
                       sep_id: int) -> np.ndarray:
    """Which tokens ``pooling: quote`` averages: the « mark and the quote's tokens after it.

    The span ends before the first » or separator after the « (a » cut off by truncation ends
    it at the end of the first segment). A row without a « mark pools all its tokens.

    Example:
        >>> ids = np.array([[1, 5, 7, 8, 6, 2, 9, 2], [1, 5, 7, 8, 9, 2, 9, 2]])
        >>> quote_pooling_mask(ids, np.ones_like(ids), open_id=7, close_id=6, sep_id=2)
        array([[0, 0, 1, 1, 0, 0, 0, 0],
               [0, 0, 1, 1, 1, 0, 0, 0]])
    """
    started = np.cumsum(input_ids == open_id, axis=1) >= 1
    closed = np.cumsum(((input_ids == close_id) | (input_ids == sep_id)) & started, axis=1) >= 1
    span = (started & ~closed & (attention_mask > 0)).astype(attention_mask.dtype)
    return np.where(span.any(axis=1, keepdims=True), span, attention_mask)


class Labeller(Predictor):
    """What a stance classifier does with its logits, whatever computes them.

    Subclasses set ``model_config`` (a :class:`~stance.config.ModelConfig`), ``temperature`` and
    ``name``, and implement :meth:`logits`. :class:`NumpyClassifier` and
    :class:`~stance.modeling.StanceClassifier` are the two.
    """

    def __init__(self, tokenizer: Any, model_config: Any, *, temperature: float = 1.0, name: str = "stance",
                 metadata: dict | None = None) -> None:
        self.tokenizer = tokenizer
        self.model_config = model_config
        self.temperature = temperature
        self.name = name
        self.metadata = metadata or {}
        #: the folder the model was loaded from (``None`` for a model built in memory)
        self.path: Path | None = None
        self._markers: tuple[int, int, int] | None = None  # token ids for pooling "quote", looked up once
        #: a lexical model mixed into the predictions (``model.lexical``, :mod:`stance.lexical`), or ``None``
        self.lexical: Any = None
        #: its share of the mixed log-probabilities
        self.lexical_weight = 0.0

    def logits(self, pairs: list[tuple[str, str]], *, batch_size: int = 32) -> np.ndarray:
        """Raw logits (before temperature) for input pairs, shape ``(n, len(LABELS))``."""
        raise NotImplementedError

    def pairs_for(self, examples: Sequence[dict]) -> list[tuple[str, str]]:
        """Model input pairs for examples with ``text``, ``speaker``, ``before``, ``after``."""
        return [example_input(ex, self.model_config) for ex in examples]

    def probabilities(self, examples: Sequence[dict], *, batch_size: int = 32) -> np.ndarray:
        """Label probabilities for example dicts, shape ``(n, len(LABELS))``: the calibrated softmax of
        the logits, mixed with the lexical model's where the model has one (:mod:`stance.lexical`)."""
        if not examples:
            return np.zeros((0, len(LABELS)))
        logits = self.logits(self.pairs_for(examples), batch_size=batch_size)
        if not np.isfinite(logits).all():
            raise ValueError(f"model {self.name!r} produced non-finite scores; its weights are broken (retrain it)")
        probs = apply_temperature(logits, self.temperature)
        if self.lexical is not None:
            from stance.lexical import mix_probabilities

            probs = mix_probabilities(probs, self.lexical.probabilities(examples), self.lexical_weight)
            if not np.isfinite(probs).all():
                raise ValueError(f"model {self.name!r}: its lexical component produced non-finite scores; its "
                                 "lexical.safetensors is broken (add the component again with `stance add-lexical`)")
        return probs

    def predict_examples(self, examples: Sequence[dict], *, batch_size: int = 32) -> list[Prediction]:
        """Predictions for example dicts (``text``, ``speaker``, ``before``, ``after``)."""
        return predictions(self.probabilities(examples, batch_size=batch_size)) if examples else []

    def attach_saved_lexical(self, path: Path, meta: dict) -> None:
        """Load the lexical component a saved folder's ``stance_config.json`` names, if any."""
        if meta.get("lexical"):
            from stance.lexical import load_lexical

            weight = meta["lexical"].get("weight") if isinstance(meta["lexical"], dict) else None
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
                raise ValueError(f"{str(path / 'stance_config.json')!r}: \"lexical\" should hold a \"weight\" between 0 "
                                 f"and 1, got {meta['lexical']!r}; save the model again, or add the component again "
                                 "with `stance add-lexical`")
            self.lexical = load_lexical(path, self.model_config)
            self.lexical_weight = float(weight)

    def _encode(self, pairs: list[tuple[str, str]], return_tensors: str = "pt") -> dict[str, Any]:
        """Token ids for input pairs, truncated to ``model_config.max_length`` and padded to the longest.

        Every input is read as a pair, with an empty second text where it has none (a statement
        without speaker or frame), so an input's ids do not depend on the batch it is in. Training
        reads such inputs this way too: they share batches with inputs that have a second text.
        """
        first = [a for a, _ in pairs]
        second = [b or "" for _, b in pairs]
        batch = dict(self.tokenizer(first, second, truncation="longest_first", max_length=self.model_config.max_length,
                                    padding=True, return_tensors=return_tensors))
        if self.model_config.pooling == "quote":
            mask = quote_pooling_mask(np.asarray(batch["input_ids"]), np.asarray(batch["attention_mask"]),
                                      *self._marker_ids())
            if return_tensors == "pt":
                import torch

                mask = torch.from_numpy(mask)
            batch["pool_mask"] = mask
        return batch

    def _marker_ids(self) -> tuple[int, int, int]:
        """Token ids of the « » marks and the separator (``pooling: quote`` pools from « to » or [SEP])."""
        if self._markers is None:
            ids = tuple(self.tokenizer.convert_tokens_to_ids(t) for t in (QUOTE_OPEN, QUOTE_CLOSE, self.tokenizer.sep_token))
            if None in ids or getattr(self.tokenizer, "unk_token_id", None) in ids:
                raise ValueError(f"pooling 'quote' needs {QUOTE_OPEN}, {QUOTE_CLOSE} and a separator to be single tokens of the "
                                 f"tokenizer, and {self.model_config.base!r}'s has no such tokens; use pooling 'mean'")
            self._markers = ids
        return self._markers

    def _batched_logits(self, pairs: list[tuple[str, str]], batch_size: int,
                        run: Callable[[list[tuple[str, str]]], np.ndarray]) -> np.ndarray:
        """Logits for pairs in length-sorted batches (less padding); ``run(batch_pairs)`` gives an array."""
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"batch_size should be a whole number of at least 1, got {batch_size!r}")
        result = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            result[idx] = run([pairs[j] for j in idx])
        return result


# --------------------------------------------------------------------------- encoder config and tokenizer
@dataclass
class EncoderConfig:
    """The hyper-parameters of a BERT or MPNet encoder, read from a transformers ``config.json``.

    ``extra`` keeps every other key of the file so that :meth:`save_pretrained` writes it back.

    Example:
        >>> EncoderConfig(model_type="gpt2")
        Traceback (most recent call last):
        ...
        ValueError: the lean encoder runs bert and mpnet models, got model_type 'gpt2'
    """

    model_type: str = "bert"
    vocab_size: int = 30522
    hidden_size: int = 384
    num_hidden_layers: int = 6
    num_attention_heads: int = 12
    intermediate_size: int = 1536
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    pad_token_id: int = 0
    hidden_act: str = "gelu"
    relative_attention_num_buckets: int = 32
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.model_type not in _SUPPORTED:
            raise ValueError(f"the lean encoder runs {' and '.join(_SUPPORTED)} models, got model_type {self.model_type!r}")
        if self.hidden_act != "gelu":
            raise ValueError(f"the lean encoder supports hidden_act 'gelu', got {self.hidden_act!r}")
        if self.hidden_size % self.num_attention_heads:
            raise ValueError(f"hidden_size {self.hidden_size} is not a multiple of num_attention_heads "
                             f"{self.num_attention_heads}")

    @classmethod
    def from_json(cls, path: str | Path) -> EncoderConfig:
        """Read a transformers ``config.json`` (a file, or the folder that holds it)."""
        path = Path(path)
        if path.is_dir():
            path = path / "config.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)} - {"extra"}
        return cls(**{k: v for k, v in data.items() if k in known},
                   extra={k: v for k, v in data.items() if k not in known})

    def to_dict(self) -> dict[str, Any]:
        """The config as transformers writes it (known keys and the kept extra ones)."""
        data = asdict(self)
        extra = data.pop("extra")
        if self.model_type == "mpnet":
            data.pop("type_vocab_size")
        else:
            data.pop("relative_attention_num_buckets")
        return {**extra, **data}

    def save_pretrained(self, folder: str | Path) -> None:
        """Write ``config.json`` into a folder (``id2label``/``label2id`` set on the object are kept)."""
        data = self.to_dict()
        for key in ("id2label", "label2id"):
            if hasattr(self, key):
                data[key] = getattr(self, key)
        (Path(folder) / "config.json").write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


class PairTokenizer:
    """Tokenizes (text, text pair) batches with a model's ``tokenizer.json``, as transformers' fast tokenizer does.

    Truncation is ``longest_first`` to ``max_length``; padding is to the longest in the batch.

    Args:
        folder: a folder with ``tokenizer.json`` (and the other tokenizer files, kept for saving).
        model_type: ``bert`` returns ``token_type_ids`` as well; ``mpnet`` does not.

    Raises:
        FileNotFoundError: the folder has no ``tokenizer.json``.
    """

    def __init__(self, folder: str | Path, model_type: str = "bert") -> None:
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        file = self.folder / "tokenizer.json"
        if not file.is_file():
            raise FileNotFoundError(f"{self.folder} has no tokenizer.json; save the model again with "
                                    "StanceClassifier.save_pretrained to write one")
        text = file.read_text(encoding="utf-8")
        self._tok = Tokenizer.from_str(text)
        pad_token = (json.loads(text).get("padding") or {}).get("pad_token", "<pad>" if model_type == "mpnet" else "[PAD]")
        pad_id = self._tok.token_to_id(pad_token)
        if pad_id is None:
            raise ValueError(f"{file} names pad token {pad_token!r}, which is not in its vocabulary")
        self._tok.enable_padding(pad_id=pad_id, pad_token=pad_token)
        self._tok.no_truncation()
        self.model_type = model_type
        self.sep_token = "</s>" if model_type == "mpnet" else "[SEP]"
        self._max_length: int | None = None

    def __call__(self, text: list[str], text_pair: list[str] | None = None, *, max_length: int = 512,
                 return_tensors: str = "pt", **_: Any) -> dict[str, Any]:
        """Token ids, attention mask (and token types for BERT), one row per input.

        ``return_tensors="pt"`` gives torch tensors (importing torch), ``"np"`` int64 numpy arrays.
        Other keyword arguments of transformers' tokenizers (``padding`` ...) are accepted and
        ignored: this tokenizer always pads to the longest.
        """
        if isinstance(text, str) or (text_pair is not None and isinstance(text_pair, str)):
            raise TypeError("PairTokenizer takes lists of strings; wrap a single text in a list")
        if text_pair is not None and len(text_pair) != len(text):
            raise ValueError(f"got {len(text)} texts but {len(text_pair)} text pairs; give one pair per text")
        if not isinstance(max_length, int) or max_length < 2:
            raise ValueError(f"max_length should be a whole number of at least 2, got {max_length!r}")
        if return_tensors not in ("pt", "np"):
            raise ValueError(f"return_tensors should be 'pt' (torch) or 'np' (numpy), got {return_tensors!r}")
        if self._max_length != max_length:
            self._tok.enable_truncation(max_length, strategy="longest_first")
            self._max_length = max_length
        inputs = list(zip(text, text_pair)) if text_pair is not None else list(text)
        encodings = self._tok.encode_batch(inputs)
        out = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
               "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64)}
        if self.model_type == "bert":
            out["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
        if return_tensors == "pt":
            import torch

            return {k: torch.from_numpy(v) for k, v in out.items()}
        return out

    def convert_tokens_to_ids(self, token: str) -> int | None:
        """The id of a token of the vocabulary, ``None`` for a token it does not have."""
        return self._tok.token_to_id(token)

    def save_pretrained(self, folder: str | Path) -> None:
        """Copy the tokenizer files into another folder."""
        for name in _TOKENIZER_FILES:
            src = self.folder / name
            if src.is_file() and src.resolve() != (Path(folder) / name).resolve():
                shutil.copyfile(src, Path(folder) / name)


# --------------------------------------------------------------------------- numpy encoder
def _expected_shapes(cfg: EncoderConfig) -> dict[str, tuple[int, ...]]:
    """Parameter name → shape of a BERT / MPNet encoder (transformers' names, no pooler)."""
    h, i = cfg.hidden_size, cfg.intermediate_size
    shapes: dict[str, tuple[int, ...]] = {
        "embeddings.word_embeddings.weight": (cfg.vocab_size, h),
        "embeddings.position_embeddings.weight": (cfg.max_position_embeddings, h),
        "embeddings.LayerNorm.weight": (h,), "embeddings.LayerNorm.bias": (h,),
    }
    if cfg.model_type == "bert":
        shapes["embeddings.token_type_embeddings.weight"] = (cfg.type_vocab_size, h)
        attention = {"attention.self.query": (h, h), "attention.self.key": (h, h), "attention.self.value": (h, h),
                     "attention.output.dense": (h, h)}
        norms = ("attention.output.LayerNorm", "output.LayerNorm")
    else:
        shapes["encoder.relative_attention_bias.weight"] = (cfg.relative_attention_num_buckets, cfg.num_attention_heads)
        attention = {"attention.attn.q": (h, h), "attention.attn.k": (h, h), "attention.attn.v": (h, h),
                     "attention.attn.o": (h, h)}
        norms = ("attention.LayerNorm", "output.LayerNorm")
    linears = {**attention, "intermediate.dense": (i, h), "output.dense": (h, i)}
    for n in range(cfg.num_hidden_layers):
        for name, shape in linears.items():
            shapes[f"encoder.layer.{n}.{name}.weight"] = shape
            shapes[f"encoder.layer.{n}.{name}.bias"] = (shape[0],)
        for name in norms:
            shapes[f"encoder.layer.{n}.{name}.weight"] = (h,)
            shapes[f"encoder.layer.{n}.{name}.bias"] = (h,)
    return shapes


def _encoder_state(config: EncoderConfig, weights: dict[str, Any], source: str) -> dict[str, Any]:
    """A checkpoint's encoder weights under the encoder's own names, checked against the config.

    A ``bert.``/``mpnet.`` prefix (checkpoints with a task head, e.g. ``BertForMaskedLM``) is
    stripped and the head dropped; so are the unused pooler and ``position_ids`` buffers. Shared by
    :class:`NumpyEncoder` and :func:`stance.encoders.load_lean_encoder` (arrays or tensors alike).

    Raises:
        ValueError: weights are missing, left over or of the wrong shape.
    """
    prefix = f"{config.model_type}."
    if any(k.startswith(prefix) for k in weights):
        weights = {k[len(prefix):]: v for k, v in weights.items() if k.startswith(prefix)}
    state = {k: v for k, v in weights.items() if not k.startswith("pooler.") and not k.endswith("position_ids")}
    expected = _expected_shapes(config)
    wrong = [f"{k} {tuple(v.shape)} (expected {expected[k]})" for k, v in state.items()
             if k in expected and tuple(v.shape) != expected[k]]
    if wrong:
        raise ValueError(f"{source} does not fit a {config.model_type} encoder with this config.json: "
                         f"wrong shapes for {', '.join(wrong[:3])}")
    missing, unexpected = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
    if missing or unexpected:
        raise ValueError(f"{source} does not fit a {config.model_type} encoder: missing {missing[:5]}, "
                         f"unexpected {unexpected[:5]}")
    return state


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + np.float32(eps)) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as torch's default; erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).

    Written with in-place operations: on a (tokens, 1536) activation that is about a third faster
    than the same formula with temporaries, and GELU is a third of the encoder's time in numpy.
    """
    z = np.abs(x)
    z *= np.float32(1 / math.sqrt(2))
    t = np.float32(0.3275911) * z
    t += 1
    np.reciprocal(t, out=t)
    poly = np.float32(1.061405429) * t
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x| / sqrt 2)
    np.subtract(1, poly, out=poly)
    np.copysign(poly, x, out=poly)  # erf(x / sqrt 2)
    poly += 1
    poly *= x
    poly *= np.float32(0.5)
    return poly


def _softmax(x: np.ndarray) -> np.ndarray:
    x = np.exp(x - x.max(-1, keepdims=True))
    return x / x.sum(-1, keepdims=True)


class NumpyEncoder:
    """A BERT or MPNet encoder in float32 numpy: the arithmetic of :class:`stance.encoders.LeanEncoder`.

    Args:
        config: the encoder's hyper-parameters.
        weights: parameter name → array, as in a ``model.safetensors`` of ``BertModel`` / ``MPNetModel``
            (a ``bert.``/``mpnet.`` prefix, the pooler and ``position_ids`` buffers are dropped).
        source: where the weights came from, for error messages.

    Raises:
        ValueError: weights are missing, left over or of the wrong shape.

    Example:
        >>> cfg = EncoderConfig(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2,
        ...                     intermediate_size=16, max_position_embeddings=32)
        >>> rng = np.random.default_rng(0)
        >>> weights = {k: rng.normal(size=s).astype(np.float32) for k, s in _expected_shapes(cfg).items()}
        >>> NumpyEncoder(cfg, weights)(np.array([[2, 7, 3]])).shape
        (1, 3, 8)
    """

    def __init__(self, config: EncoderConfig, weights: dict[str, np.ndarray], source: str = "weights") -> None:
        self.config = config
        state = _encoder_state(config, weights, source)
        # linear weights are kept transposed, (in, out), so that x @ w needs no copy per call
        self.weights = {k: np.ascontiguousarray(v.T if v.ndim == 2 and k.startswith("encoder.layer.") else v,
                                                dtype=np.float32) for k, v in state.items()}

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        w = self.weights[f"{name}.weight"]  # one (batch * tokens, in) @ (in, out) product, not one per row
        return (x.reshape(-1, x.shape[-1]) @ w).reshape(*x.shape[:-1], w.shape[1]) + self.weights[f"{name}.bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.weights[f"{name}.weight"], self.weights[f"{name}.bias"], self.config.layer_norm_eps)

    def _embed(self, ids: np.ndarray, token_type_ids: np.ndarray | None) -> np.ndarray:
        w = self.weights
        if self.config.model_type == "bert":
            types = np.zeros_like(ids) if token_type_ids is None else np.asarray(token_type_ids)
            x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.token_type_embeddings.weight"][types]
                 + w["embeddings.position_embeddings.weight"][np.arange(ids.shape[1])][None])
        else:  # MPNet numbers real tokens from padding_idx (1) + 1 and gives padding the padding position
            real = (ids != 1).astype(np.int64)
            positions = np.cumsum(real, axis=1) * real + 1
            x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions]
        return self._norm(x, "embeddings.LayerNorm")

    def _position_bias(self, length: int) -> np.ndarray:
        """MPNet's relative position bias, ``(1, heads, T, T)`` (transformers buckets into 32)."""
        pos = np.arange(length)
        n = pos[:, None] - pos[None, :]
        half = 16
        bucket = (n < 0).astype(np.int64) * half
        n = np.abs(n)
        max_exact = half // 2
        large = max_exact + (np.log(np.maximum(n, 1) / max_exact) / math.log(128 / max_exact)
                             * (half - max_exact)).astype(np.int64)
        bucket = bucket + np.where(n < max_exact, n, np.minimum(large, half - 1))
        table = self.weights["encoder.relative_attention_bias.weight"]
        return table[bucket].transpose(2, 0, 1)[None]

    def _attend(self, x: np.ndarray, bias: np.ndarray, prefix: str, names: tuple[str, str, str]) -> np.ndarray:
        b, t, width = x.shape
        heads = self.config.num_attention_heads
        q, k, v = (self._linear(x, f"{prefix}.{n}").reshape(b, t, heads, width // heads).transpose(0, 2, 1, 3)
                   for n in names)
        scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / math.sqrt(width // heads)) + bias
        return (_softmax(scores) @ v).transpose(0, 2, 1, 3).reshape(b, t, width)

    def _layer(self, x: np.ndarray, bias: np.ndarray, n: int) -> np.ndarray:
        p = f"encoder.layer.{n}"
        if self.config.model_type == "bert":
            ctx = self._attend(x, bias, f"{p}.attention.self", ("query", "key", "value"))
            x = self._norm(self._linear(ctx, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
        else:
            ctx = self._attend(x, bias, f"{p}.attention.attn", ("q", "k", "v"))
            x = self._norm(self._linear(ctx, f"{p}.attention.attn.o") + x, f"{p}.attention.LayerNorm")
        inner = _gelu(self._linear(x, f"{p}.intermediate.dense"))
        return self._norm(self._linear(inner, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")

    def __call__(self, input_ids: Any, attention_mask: Any = None, token_type_ids: Any = None) -> np.ndarray:
        """The last layer's hidden states, ``(batch, tokens, hidden)``, float32."""
        ids = np.asarray(input_ids, dtype=np.int64)
        mask = np.ones_like(ids) if attention_mask is None else np.asarray(attention_mask)
        x = self._embed(ids, token_type_ids)
        bias = np.where(mask[:, None, None, :] != 0, np.float32(0), np.finfo(np.float32).min).astype(np.float32)
        if self.config.model_type == "mpnet":
            bias = bias + self._position_bias(ids.shape[1])
        for n in range(self.config.num_hidden_layers):
            x = self._layer(x, bias, n)
        return x


def _load_safetensors(path: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    try:
        return load_file(str(path))
    except (TypeError, ValueError) as err:  # e.g. bfloat16, which numpy has no type for
        raise UnsupportedModelError(f"{path} cannot be read into numpy ({err}); load it with runtime='torch'") from err


def _lora_entries(adapter_dir: str | Path, state: dict[str, Any]) -> tuple[float, list[tuple[str, Any, Any]]]:
    """The scale ``alpha / r`` and the ``(module name, A, B)`` triples of a saved plain-LoRA adapter.

    Shared by the numpy merge here and :func:`stance.modeling.merge_lora_adapter`; ``state`` is the
    adapter's tensors (numpy or torch). Entries for transformers' unused pooler are skipped (stance
    pools the hidden states itself).

    Raises:
        UnsupportedModelError: the adapter uses options a plain merge does not support (DoRA,
            rsLoRA, biases, per-module ranks).
    """
    adapter_dir = Path(adapter_dir)
    cfg = json.loads((adapter_dir / "adapter_config.json").read_text())
    if cfg.get("use_dora") or cfg.get("use_rslora") or cfg.get("bias", "none") != "none":
        raise UnsupportedModelError(f"{adapter_dir}: only plain LoRA adapters (no DoRA, rsLoRA or bias) can be merged")
    if cfg.get("rank_pattern") or cfg.get("alpha_pattern"):
        raise UnsupportedModelError(f"{adapter_dir}: per-module ranks are not supported")
    prefix, suffix = "base_model.model.", ".lora_A.weight"
    entries = []
    for key, a in state.items():
        if not key.endswith(suffix):
            continue
        name = key[len(prefix):-len(suffix)] if key.startswith(prefix) else key[:-len(suffix)]
        if not name.startswith("pooler."):
            entries.append((name, a, state[key.replace("lora_A", "lora_B")]))
    return cfg["lora_alpha"] / cfg["r"], entries


def _merge_lora_arrays(weights: dict[str, np.ndarray], adapter_dir: Path) -> dict[str, np.ndarray]:
    """Encoder weights with a saved LoRA adapter merged in: ``W' = W + B @ A * alpha / r`` (new arrays)."""
    scale, entries = _lora_entries(adapter_dir, _load_safetensors(adapter_dir / "adapter_model.safetensors"))
    merged = dict(weights)
    for name, a, b in entries:
        target = f"{name}.weight"
        if target not in merged:
            raise ValueError(f"{adapter_dir}: the adapter adapts {name!r}, which the base encoder does not have")
        merged[target] = merged[target].astype(np.float32) + (b.astype(np.float32) @ a.astype(np.float32)) * np.float32(scale)
    return merged


def read_saved_metadata(path: Path) -> tuple[dict, Any]:
    """The ``stance_config.json`` of a saved model folder and the :class:`~stance.config.ModelConfig` in it.

    Raises:
        FileNotFoundError: the folder holds no ``stance_config.json``.

    Example:
        >>> from stance.api import _MODELS_DIR
        >>> read_saved_metadata(_MODELS_DIR / "default")[1].base
        'minilm'
    """
    from stance.config import config_from_dict

    meta_file = path / "stance_config.json"
    if not meta_file.is_file():
        raise FileNotFoundError(
            f"{str(path)!r} is not a saved stance model: no stance_config.json there "
            "(train one with `stance train CONFIG`, or use stance.load('default'))"
        )
    meta = json.loads(meta_file.read_text())
    if "ensemble" in meta:
        raise ValueError(f"{str(path)!r} holds an ensemble of {len(meta['ensemble'].get('members', []))} models, not one "
                         "model; load it with stance.load(path) (or stance.ensemble.EnsembleClassifier.from_pretrained)")
    return meta, config_from_dict({"model": meta["model"]}).model


def tokenizer_folder(path: Path) -> Path:
    """Where a saved model's tokenizer files are: its own folder, or, for a member of a saved
    ensemble (:mod:`stance.ensemble`), the ensemble's folder, which keeps one copy for all members.

    Example:
        >>> from stance.api import _MODELS_DIR
        >>> tokenizer_folder(_MODELS_DIR / "accurate") == _MODELS_DIR / "accurate"
        True
    """
    path = Path(path)
    if not any((path / f).is_file() for f in ("tokenizer.json", "vocab.txt")) \
            and (path.parent / "tokenizer.json").is_file() and (path.parent / "stance_config.json").is_file():
        return path.parent
    return path


class NumpyClassifier(Labeller):
    """A saved stance model run in numpy: same predictions as the torch classifier, no torch import.

    Build it with :meth:`from_pretrained` (``stance.load`` does, by default).

    Example:
        >>> from stance.api import _MODELS_DIR
        >>> clf = NumpyClassifier.from_pretrained(_MODELS_DIR / "default")
        >>> clf.predict(["We would welcome an outside mediator."])[0].label
        'mediation'
    """

    def __init__(self, encoder: NumpyEncoder, head: dict[str, np.ndarray], tokenizer: PairTokenizer,
                 model_config: Any, *, temperature: float = 1.0, name: str = "stance",
                 metadata: dict | None = None) -> None:
        self.encoder = encoder
        self.head_weight = np.ascontiguousarray(head["weight"].T, dtype=np.float32)
        self.head_bias = head["bias"].astype(np.float32)
        super().__init__(tokenizer, model_config, temperature=temperature, name=name, metadata=metadata)

    @classmethod
    def from_pretrained(cls, path: str | Path) -> NumpyClassifier:
        """Load a saved model folder (see :mod:`stance.modeling` for its layout).

        Raises:
            FileNotFoundError: the folder or one of its files is missing.
            UnsupportedModelError: the model is not one this runtime runs (another architecture,
                weights numpy cannot read); ``stance.load(path, runtime="torch")`` runs it.
        """
        from stance.base_models import resolve_base_model

        path = Path(path)
        meta, model_config = read_saved_metadata(path)
        adapter = meta["encoder_weights"] == "adapter"
        weights_dir = resolve_base_model(model_config.base) if adapter else path
        try:
            enc_cfg = EncoderConfig.from_json(weights_dir)
        except ValueError as err:
            raise UnsupportedModelError(f"{path}: {err}; load it with runtime='torch'") from err
        tok_dir = tokenizer_folder(path)
        if not (tok_dir / "tokenizer.json").is_file() or not (weights_dir / "model.safetensors").is_file():
            raise UnsupportedModelError(f"{path}: the numpy runtime needs tokenizer.json and model.safetensors; "
                                        "load it with runtime='torch'")
        source = str(weights_dir / "model.safetensors")
        weights = _encoder_state(enc_cfg, _load_safetensors(weights_dir / "model.safetensors"), source)
        if adapter:
            weights = _merge_lora_arrays(weights, path / "adapter")
        encoder = NumpyEncoder(enc_cfg, weights, source)
        clf = cls(encoder, _load_safetensors(path / "head.safetensors"), PairTokenizer(tok_dir, enc_cfg.model_type),
                  model_config, temperature=float(meta.get("temperature", 1.0)), name=meta.get("name", path.name),
                  metadata=meta)
        clf.path = path
        clf.attach_saved_lexical(path, meta)
        return clf

    def _forward(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        batch = self._encode(pairs, return_tensors="np")
        pool_mask = batch.pop("pool_mask", batch["attention_mask"])
        hidden = self.encoder(**batch)
        if self.model_config.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            mask = pool_mask[..., None].astype(np.float32)
            pooled = (hidden * mask).sum(1) / np.maximum(mask.sum(1), np.float32(1))
        return pooled @ self.head_weight + self.head_bias

    def logits(self, pairs: list[tuple[str, str]], *, batch_size: int = 32) -> np.ndarray:
        """Raw logits (before temperature) for input pairs, shape ``(n, len(LABELS))``."""
        return self._batched_logits(pairs, batch_size, self._forward)

    def __repr__(self) -> str:
        mc = self.model_config
        return (f"NumpyClassifier(name={self.name!r}, base={mc.base!r}, pooling={mc.pooling!r}, "
                f"temperature={self.temperature:.3f})")

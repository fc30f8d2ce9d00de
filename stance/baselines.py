"""Baselines trained from the same corpus and configs: TF-IDF + logistic regression, and keyword rules.

Both expose the classifier interface of :class:`~stance.modeling.StanceClassifier`
(``predict``, ``predict_examples``, ``label_quotes``, ``save_pretrained``) and save as JSON
only. ``configs/tfidf.yaml`` and ``configs/keywords.yaml`` train them with ``stance train``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stance.config import Config, ModelConfig, config_from_dict, config_to_dict
from stance.context import example_input
from stance.runtime import Predictor, predictions
from stance.types import LABELS, Prediction

__all__ = ["KeywordBaseline", "TfidfBaseline", "load_baseline", "train_baseline"]

_BILATERAL = re.compile(
    r"\bbilateral(ly)?\b|\bsimla\b|\blahore declaration\b|\binternal (matter|affair)|\bno (room|role|place|scope) for"
    r"|\bno third[- ]party\b|\bdirect(ly)? (talks|negotiations|dialogue)\b|\bbetween (the )?two (countries|sides|neighbours)"
    r"|\bno (such )?request\b|\bnot (seek|want|need|accept)\w* (any )?(mediation|third)|\b(reject|rule[sd]? out|den(y|ied))\w*"
    r"|\blocus standi\b|\boff the table\b|\bthemselves\b",
    re.I,
)
_MEDIATION = re.compile(
    r"\bmediat\w*|\barbitrat\w*|\bfacilitat\w*|\bintervene|\binternational(ise|ize)?\w*|\bunited nations\b|\bthe un\b"
    r"|\bsecurity council\b|\bgood offices\b|\bhelp (resolve|settle)|\bthird[- ]party\b|\bready to (assist|help)\b"
    r"|\bresolutions?\b|\bbroker\w*|\bhost\w* (talks|the talks)",
    re.I,
)
_NOT = re.compile(r"\bnot\b|n't\b", re.I)
_HEDGE = re.compile(r"\b(both (sides|parties)|if (both|they) (ask|want|request)|for the two .{0,20} to decide)\b", re.I)


#: scikit-learn's default token pattern: runs of two or more word characters
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class _Baseline(Predictor):
    name = "baseline"
    model_config: ModelConfig

    def pairs_for(self, examples: Sequence[dict]) -> list[str]:
        out = []
        for ex in examples:
            a, b = example_input(ex, self.model_config)
            out.append(f"{a} || {b}" if b else a)
        return out

    def probabilities(self, examples: Sequence[dict]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def predict_examples(self, examples: Sequence[dict], *, batch_size: int = 32) -> list[Prediction]:
        """Predictions for example dicts (``text``, ``speaker``, ``before``, ``after``)."""
        return predictions(self.probabilities(examples)) if examples else []

    def _save_common(self, path: Path, payload: dict, config: Any, metrics: dict | None) -> Path:
        import yaml

        path.mkdir(parents=True, exist_ok=True)
        payload = {"kind": self.model_config.kind, "name": self.name, "labels": list(LABELS),
                   "model": config_to_dict(self.model_config), **payload}
        (path / "baseline.json").write_text(json.dumps(payload))
        if config is not None:
            (path / "config.yaml").write_text(yaml.safe_dump(config_to_dict(config), sort_keys=False))
        if metrics is not None:
            (path / "metrics.json").write_text(json.dumps(metrics, indent=2))
        return path


class KeywordBaseline(_Baseline):
    """Keyword rules: words of third-party involvement, words of bilateralism, both, or neither.

    Reads only the quote text (the rules have no use for speaker or frame).

    Example:
        >>> KeywordBaseline().predict(["We welcome mediation by the UN."])[0].label
        'mediation'
    """

    def __init__(self, model_config: ModelConfig | None = None, name: str = "keywords") -> None:
        self.model_config = model_config or ModelConfig(kind="keywords")
        self.name = name

    def probabilities(self, examples: Sequence[dict]) -> np.ndarray:
        out = np.zeros((len(examples), len(LABELS)))
        for i, ex in enumerate(examples):
            text = ex["text"]
            b, m = bool(_BILATERAL.search(text)), bool(_MEDIATION.search(text))
            if _HEDGE.search(text) or (b and m and not _NOT.search(text)):
                k = LABELS.index("neutral")
            elif b:
                k = LABELS.index("bilateral")
            elif m:
                k = LABELS.index("mediation")
            else:
                k = LABELS.index("unrelated")
            out[i] = 0.1 / (len(LABELS) - 1)
            out[i, k] = 0.9
        return out

    def save_pretrained(self, path: str | Path, *, config: Any = None, metrics: dict | None = None) -> Path:
        return self._save_common(Path(path), {}, config, metrics)


class TfidfBaseline(_Baseline):
    """TF-IDF word n-grams and logistic regression, on the same input text the transformer reads.

    Example:
        >>> clf = TfidfBaseline.fit(["talks must be bilateral", "we welcome mediation"] * 3,
        ...                         [1, 0] * 3)
        >>> clf.predict(["only bilateral talks"])[0].label
        'bilateral'
    """

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray,
                 model_config: ModelConfig | None = None, ngram_range: tuple[int, int] = (1, 2),
                 name: str = "tfidf") -> None:
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=float)
        self.coef = np.asarray(coef, dtype=float)
        self.intercept = np.asarray(intercept, dtype=float)
        self.model_config = model_config or ModelConfig(kind="tfidf")
        self.ngram_range = ngram_range
        self.name = name
        self._coef_rows: np.ndarray | None = None  # coef transposed, one row per n-gram, built at first use

    @classmethod
    def fit(cls, texts: list[str], labels: Sequence[int], *, model_config: ModelConfig | None = None,
            c: float = 4.0, seed: int = 0, name: str = "tfidf") -> TfidfBaseline:
        """Fit on input texts and label ids."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1 if len(texts) < 50 else 2)
        x = vec.fit_transform(texts)
        lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=seed)
        lr.fit(x, labels)
        coef = np.zeros((len(LABELS), x.shape[1]))
        intercept = np.full(len(LABELS), -1e4)
        classes = list(lr.classes_)
        if len(classes) == 2:  # binary LR stores one row
            coef[classes[1]], intercept[classes[1]] = lr.coef_[0], lr.intercept_[0]
            coef[classes[0]], intercept[classes[0]] = 0.0, 0.0
        else:
            for row, k in enumerate(classes):
                coef[k], intercept[k] = lr.coef_[row], lr.intercept_[row]
        vocab = {t: int(i) for t, i in vec.vocabulary_.items()}
        return cls(vocab, vec.idf_, coef, intercept, model_config, name=name)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The TF-IDF row of a text as scikit-learn's ``TfidfVectorizer`` computes it (lowercased words of
        two or more characters, their n-grams, sublinear term frequency, IDF, L2 norm), without
        importing scikit-learn, whose import alone takes most of a second.

        Returns:
            The n-gram columns the text has and their values.

        Example:
            >>> clf = TfidfBaseline({"only": 0, "bilateral": 1, "only bilateral": 2}, np.ones(3),
            ...                     np.zeros((4, 3)), np.zeros(4))
            >>> cols, values = clf.features("Only bilateral, only.")
            >>> cols.tolist(), values.round(3).tolist()
            ([0, 1, 2], [0.767, 0.453, 0.453])
        """
        words = _TOKEN.findall(text.lower())
        lo, hi = self.ngram_range
        counts: dict[int, int] = {}
        for n in range(lo, hi + 1):
            for i in range(len(words) - n + 1):
                col = self.vocabulary.get(" ".join(words[i:i + n]))
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
        cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[cols]
        norm = np.sqrt((values * values).sum())
        return cols, values / norm if norm > 0 else values

    def probabilities(self, examples: Sequence[dict]) -> np.ndarray:
        if self._coef_rows is None:
            self._coef_rows = np.ascontiguousarray(self.coef.T)
        logits = np.tile(self.intercept, (len(examples), 1))
        for row, text in enumerate(self.pairs_for(examples)):
            cols, values = self.features(text)
            logits[row] += values @ self._coef_rows[cols]
        return _softmax(logits)

    def save_pretrained(self, path: str | Path, *, config: Any = None, metrics: dict | None = None) -> Path:
        payload = {"vocabulary": self.vocabulary, "idf": self.idf.round(6).tolist(),
                   "coef": self.coef.round(6).tolist(), "intercept": self.intercept.round(6).tolist(),
                   "ngram_range": list(self.ngram_range)}
        return self._save_common(Path(path), payload, config, metrics)


def load_baseline(name_or_path: str | Path) -> KeywordBaseline | TfidfBaseline:
    """Load a baseline: ``"keywords"``, ``"tfidf"`` (shipped) or a folder with ``baseline.json``.

    Example:
        >>> load_baseline("keywords").name
        'keywords'
    """
    if name_or_path == "keywords":
        return KeywordBaseline()
    path = Path(__file__).resolve().parent / "models" / "tfidf" if name_or_path == "tfidf" else Path(name_or_path)
    file = path / "baseline.json"
    if not file.is_file():
        raise FileNotFoundError(f"no baseline at {str(path)!r} (expected baseline.json); train one with "
                                "`stance train configs/tfidf.yaml`")
    data = json.loads(file.read_text())
    mc = config_from_dict({"model": data["model"]}).model
    if data["kind"] == "keywords":
        return KeywordBaseline(mc, name=data["name"])
    return TfidfBaseline(data["vocabulary"], np.array(data["idf"]), np.array(data["coef"]), np.array(data["intercept"]),
                         mc, tuple(data["ngram_range"]), name=data["name"])


def train_baseline(cfg: Config, ds: Any) -> tuple[KeywordBaseline | TfidfBaseline, dict]:
    """Train the baseline a config names on a dataset dict; returns the model and its metrics."""
    from stance.training import classification_metrics

    if cfg.model.kind == "keywords":
        model: KeywordBaseline | TfidfBaseline = KeywordBaseline(cfg.model, name=cfg.name)
    else:
        rows = ds["train"].to_list()
        helper = KeywordBaseline(cfg.model)
        model = TfidfBaseline.fit(helper.pairs_for(rows), [r["label"] for r in rows], model_config=cfg.model,
                                  seed=cfg.training.seed, name=cfg.name)
    metrics = {}
    for split in ("validation", "test"):
        rows = ds[split].to_list()
        preds = model.predict_examples(rows)
        metrics[split] = classification_metrics([r["label"] for r in rows], [LABELS.index(p.label) for p in preds])
    return model, metrics

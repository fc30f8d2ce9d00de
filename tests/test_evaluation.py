"""Tests for stance.evaluation and stance.calibration.

The models and extractors here are small deterministic test doubles: the metric code must not
care which model produced the predictions. ``tests/data/tiny_gold.jsonl`` is invented text
written for these tests (three articles about two fictional disputes).
"""

from __future__ import annotations

import doctest
import json
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

import stance.calibration as calibration
import stance.evaluation as evaluation
from stance.calibration import (
    apply_temperature,
    calibration_bins,
    expected_calibration_error,
    fit_temperature,
    negative_log_likelihood,
    reliability_diagram,
)
from stance.evaluation import MISSED, EvaluationReport, evaluate
from stance.gold import GoldArticle, GoldFormatError, GoldQuote, read_gold
from stance.matching import match_spans
from stance.types import KINDS, LABELS, Prediction, Quote

TINY_GOLD = Path(__file__).parent / "data" / "tiny_gold.jsonl"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------------------------------------------------------------
# Test doubles


def _prediction(label: str, score: float) -> Prediction:
    rest = (1.0 - score) / (len(LABELS) - 1)
    return Prediction(label, score, {lab: (score if lab == label else rest) for lab in LABELS})


class KeywordModel:
    """Labels a span by keywords in its own text; deterministic."""

    name = "keyword-double"
    rules = (
        ("mediation", ("mediat", "court", "referee", "host talks", "arbitrat")),
        ("bilateral", ("only between", "directly", "internal matter")),
    )

    def label_quotes(self, article_text: str, spans: list[tuple]) -> list[Prediction]:
        out = []
        for span in spans:
            quote = article_text[span[0] : span[1]].lower()
            label = next((lab for lab, words in self.rules if any(w in quote for w in words)), None)
            out.append(_prediction(label, 0.9) if label else _prediction("unrelated", 0.55))
        return out


class ConstantModel:
    """Always predicts one label."""

    def __init__(self, label: str = "unrelated", name: str = "constant") -> None:
        self.label, self.name = label, name

    def label_quotes(self, article_text: str, spans: list[tuple]) -> list[Prediction]:
        return [_prediction(self.label, 0.6) for _ in spans]


class TableModel:
    """Looks up each span's prediction in a fixed table keyed by (article text, start, end)."""

    name = "table-double"

    def __init__(self, table: dict[tuple[str, int, int], tuple[str, float]]) -> None:
        self.table = table
        self.calls: list[list[tuple]] = []

    def label_quotes(self, article_text: str, spans: list[tuple]) -> list[Prediction]:
        self.calls.append(list(spans))
        return [_prediction(*self.table.get((article_text, s[0], s[1]), ("unrelated", 0.5))) for s in spans]


class RegexExtractor:
    """Finds straight double-quoted passages; the speaker is the last capitalised name before the next full stop."""

    name = "regex-double"

    def pipe(self, texts: Iterable[str]) -> Iterable[list[Quote]]:
        for text in texts:
            quotes = []
            for m in re.finditer(r'"([^"]+?)[,.]?"', text):
                after = text[m.end() : m.end() + 80].split(".")[0]
                names = re.findall(r"[A-Z][\w']*(?:\s+[A-Z][\w']*)*", after)
                quotes.append(
                    Quote(m.group(1), m.start(1), m.start(1) + len(m.group(1)), "direct", names[-1] if names else None)
                )
            yield quotes


class FixedExtractor:
    """Returns the quotes given for each article text."""

    def __init__(self, by_text: dict[str, list[Quote]]) -> None:
        self.by_text = by_text

    def __call__(self, text: str) -> list[Quote]:
        return self.by_text.get(text, [])


def make_article(aid: str, text: str, quotes: list[tuple[str, str, str, str]], dispute: str = "test") -> GoldArticle:
    """A gold article from (quote text, kind, speaker, stance); each quote text must occur once in ``text``."""
    gold = []
    for qtext, kind, speaker, label in quotes:
        assert text.count(qtext) == 1, qtext
        start = text.index(qtext)
        gold.append(GoldQuote(start, start + len(qtext), qtext, kind, speaker, label))
    return GoldArticle(aid, text, tuple(gold), dispute=dispute)


def synthetic_gold(n_articles: int = 40) -> tuple[list[GoldArticle], TableModel, FixedExtractor]:
    """Articles with three quotes each, a model right about 3 times in 4, an extractor that misses every 5th quote."""
    articles, table, found = [], {}, {}
    k = 0
    for i in range(n_articles):
        parts = [f'Speaker{i}x{j} said: "Statement {i} number {j} here."' for j in range(3)]
        text = " ".join(parts)
        quotes = []
        for j in range(3):
            gold_label = LABELS[(i + j) % len(LABELS)]
            quotes.append((f"Statement {i} number {j} here.", KINDS[j], f"Speaker{i}x{j}", gold_label))
        art = make_article(f"s{i}", text, quotes, dispute=("alpha", "beta")[i % 2])
        extracted = []
        for q in art.quotes:
            wrong = LABELS[(LABELS.index(q.stance) + 1) % len(LABELS)]
            table[(text, q.start, q.end)] = (wrong, 0.6 + 0.3 * (k % 3) / 2) if k % 4 == 0 else (q.stance, 0.8)
            if k % 5:
                extracted.append(Quote(q.text, q.start, q.end, "direct", q.speaker))
            k += 1
        found[text] = extracted
        articles.append(art)
    return articles, TableModel(table), FixedExtractor(found)


def quick(gold, model=None, **kw) -> EvaluationReport:
    kw.setdefault("extractor", RegexExtractor())
    kw.setdefault("n_bootstrap", 0)
    kw.setdefault("progress", False)
    return evaluate(gold, model, **kw)


# ----------------------------------------------------------------------------------------------------------------------
# The tiny gold file


def test_tiny_gold_file_is_valid_and_covers_every_label_and_kind():
    articles = read_gold(TINY_GOLD)
    assert len(articles) == 3
    quotes = [q for a in articles for q in a.quotes]
    assert {q.stance for q in quotes} == set(LABELS)
    assert {q.kind for q in quotes} == set(KINDS)
    for a in articles:
        for q in a.quotes:
            assert a.text[q.start : q.end] == q.text


# ----------------------------------------------------------------------------------------------------------------------
# Metrics against scikit-learn


@pytest.mark.parametrize("seed", range(6))
def test_macro_f1_matches_sklearn_with_missed_predictions(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 40))
    true_pool = LABELS[: 2 + seed % 3]  # some seeds leave labels out of the gold set
    y_true = [str(x) for x in rng.choice(true_pool, n)]
    y_pred = [str(x) for x in rng.choice([*LABELS, MISSED], n)]
    present = [lab for lab in LABELS if lab in y_true or lab in y_pred]
    expected = f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)
    assert evaluation._macro_f1(y_true, y_pred) == pytest.approx(expected)
    conf = evaluation._confusion(y_true, y_pred, (*LABELS, MISSED))
    assert evaluation._macro_f1_from_confusion(conf) == pytest.approx(expected)
    assert evaluation._macro_f1_from_confusion(conf[None, None]).shape == (1, 1)


def test_macro_f1_without_missed_equals_sklearn_default_label_set():
    rng = np.random.default_rng(7)
    y_true = [str(x) for x in rng.choice(LABELS[:3], 30)]
    y_pred = [str(x) for x in rng.choice(LABELS, 30)]
    assert evaluation._macro_f1(y_true, y_pred) == pytest.approx(f1_score(y_true, y_pred, average="macro"))


def test_stance_scores_on_gold_spans_match_sklearn():
    articles, model, _ = synthetic_gold(12)
    report = quick(articles, model, extractor=FixedExtractor({}))
    y_true = [q.stance for a in articles for q in a.quotes]
    y_pred = [model.table[(a.text, q.start, q.end)][0] for a in articles for q in a.quotes]
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(LABELS), zero_division=0)
    for i, lab in enumerate(LABELS):
        assert report.stance.per_label[lab] == pytest.approx(
            {"precision": p[i], "recall": r[i], "f1": f[i], "support": s[i]}
        )
    assert report.stance.macro_f1 == pytest.approx(f1_score(y_true, y_pred, average="macro"))
    assert report.stance.accuracy == pytest.approx(accuracy_score(y_true, y_pred))
    assert np.array_equal(np.array(report.stance.confusion), confusion_matrix(y_true, y_pred, labels=list(LABELS)))


def test_end_to_end_counts_a_missed_gold_quote_as_wrong():
    articles, model, extractor = synthetic_gold(12)
    report = quick(articles, model, extractor=extractor)
    y_true, y_pred = [], []
    for a in articles:
        found = {(q.start, q.end) for q in extractor(a.text)}
        for q in a.quotes:
            y_true.append(q.stance)
            y_pred.append(model.table[(a.text, q.start, q.end)][0] if (q.start, q.end) in found else MISSED)
    assert MISSED in y_pred
    e2e = report.end_to_end
    assert e2e.accuracy == pytest.approx(accuracy_score(y_true, y_pred))
    assert e2e.macro_f1 == pytest.approx(
        f1_score(y_true, y_pred, labels=list(LABELS), average="macro", zero_division=0)
    )
    assert e2e.macro_f1 < report.stance.macro_f1
    assert e2e.confusion_columns == (*LABELS, MISSED)
    assert sum(row[-1] for row in e2e.confusion) == y_pred.count(MISSED)
    p, r, _, _ = precision_recall_fscore_support(y_true, y_pred, labels=list(LABELS), zero_division=0)
    assert [e2e.per_label[lab]["recall"] for lab in LABELS] == pytest.approx(list(r))
    assert [e2e.per_label[lab]["precision"] for lab in LABELS] == pytest.approx(list(p))


def test_spans_carry_the_gold_speaker_and_the_extracted_speaker():
    text = 'Ana Ruiz said: "Only talks between us." Later: "Nothing more."'
    art = make_article("a", text, [("Only talks between us.", "direct", "Ana Ruiz", "bilateral")])
    extracted = [Quote(text[16:38], 16, 38, "direct", "Ruiz"), Quote(text[48:61], 48, 61, "direct", None)]
    model = TableModel({})
    quick([art], model, extractor=FixedExtractor({text: extracted}))
    # gold span with the gold speaker, then the extracted quotes; no speaker found -> (start, end)
    assert model.calls == [[(16, 38, "Ana Ruiz"), (16, 38, "Ruiz"), (48, 61)]]


# ----------------------------------------------------------------------------------------------------------------------
# The matching rule


def test_half_of_the_longer_span_is_enough_to_match():
    assert match_spans([(5, 15)], [(0, 10)]) == [(0, 0)]  # overlap 5 of 10
    assert match_spans([(6, 16)], [(0, 10)]) == []  # overlap 4 of 10


def test_overlap_is_measured_against_the_longer_span():
    assert match_spans([(0, 4)], [(0, 10)]) == []  # the whole predicted span, but only 4 of the gold's 10
    assert match_spans([(0, 5)], [(0, 10)]) == [(0, 0)]


def test_greedy_matching_gives_each_gold_span_to_one_prediction_by_largest_overlap():
    # P0 overlaps G0 by 7 and G1 by 8; P1 overlaps G0 by 9: greedy takes (P1, G0) first, then (P0, G1).
    assert match_spans([(3, 13), (0, 9)], [(0, 10), (5, 15)]) == [(1, 0), (0, 1)]
    # Two predictions compete for one gold span: the larger overlap wins, the other stays unmatched.
    assert match_spans([(0, 8), (0, 10)], [(0, 10)]) == [(1, 0)]


def test_exact_rule_needs_identical_spans():
    assert match_spans([(0, 10), (20, 29)], [(0, 10), (20, 30)], min_overlap=1.0) == [(0, 0)]


def test_extraction_scores_follow_the_overlap_and_exact_rules():
    text = "x" * 60
    gold = GoldArticle(
        "m",
        text,
        (
            GoldQuote(0, 10, text[0:10], "direct", "A", "bilateral"),
            GoldQuote(20, 30, text[20:30], "indirect", "B", "mediation"),
            GoldQuote(40, 50, text[40:50], "mixed", "C", "unrelated"),
        ),
    )
    predicted = [
        Quote(text[0:10], 0, 10, "direct", "A"),  # exact
        Quote(text[0:8], 0, 8, "direct", "A"),  # competes for gold 0 and loses
        Quote(text[25:35], 25, 35, "direct", "Z"),  # exactly half of gold 1
        Quote(text[46:56], 46, 56, "direct", "C"),  # 4 of 10: no match
    ]
    report = quick([gold], ConstantModel(), extractor=FixedExtractor({text: predicted}))
    ov, ex = report.extraction.overlap, report.extraction.exact
    assert (ov.true_positives, ov.n_predicted, ov.n_gold) == (2, 4, 3)
    assert (ov.precision, ov.recall) == (0.5, pytest.approx(2 / 3))
    assert ov.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert (ex.true_positives, ex.precision, ex.recall) == (1, 0.25, pytest.approx(1 / 3))
    assert report.extraction.speaker_accuracy == 0.5  # "A" right, "Z" wrong
    assert report.extraction.recall_by_kind == {
        "direct": {"recall": 1.0, "found": 1, "n": 1},
        "indirect": {"recall": 1.0, "found": 1, "n": 1},
        "mixed": {"recall": 0.0, "found": 0, "n": 1},
    }
    assert report.end_to_end.n == 3 and report.end_to_end.confusion[LABELS.index("unrelated")][-1] == 1


def test_extraction_scores_on_tiny_gold():
    report = quick(TINY_GOLD, KeywordModel())
    ov, ex = report.extraction.overlap, report.extraction.exact
    # The regex double finds the 6 direct quotes exactly and the 2 quoted fragments of the mixed quotes.
    assert (ov.true_positives, ov.n_predicted, ov.n_gold) == (8, 8, 11)
    assert ex.true_positives == 6
    assert report.extraction.recall_by_kind["indirect"] == {"recall": 0.0, "found": 0, "n": 3}
    assert report.extraction.recall_by_kind["mixed"]["recall"] == 1.0
    assert report.extraction.speaker_accuracy == pytest.approx(5 / 8)
    assert report.stance.accuracy == pytest.approx(10 / 11)  # "accept arbitration" is neutral, not mediation


# ----------------------------------------------------------------------------------------------------------------------
# Calibration


def test_ece_by_hand():
    probs = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6]]
    labels = [0, 1, 1, 1]
    # bin (0.5, 1]: conf mean (0.9 + 0.8 + 0.7 + 0.6) / 4 = 0.75, accuracy 3/4 -> gap 0
    assert expected_calibration_error(probs, labels, n_bins=2) == pytest.approx(0.0)
    # 10 bins: 0.9 right, 0.8 wrong, 0.7 right, 0.6 right -> (0.1 + 0.8 + 0.3 + 0.4) / 4
    assert expected_calibration_error(probs, labels, n_bins=10) == pytest.approx(0.4)
    bins = calibration_bins(probs, labels, n_bins=10)
    assert sum(b["count"] for b in bins) == 4 and bins[0]["accuracy"] is None


def test_ece_accepts_label_names():
    probs = [[0.7, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1]]
    assert expected_calibration_error(probs, ["mediation", "neutral"]) == expected_calibration_error(probs, [0, 2])


def _synthetic_logits(n: int = 3000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, 4)) * 1.5
    probs = apply_temperature(logits, 1.0)
    labels = np.array([rng.choice(4, p=p) for p in probs])
    return logits, labels


def test_fitted_temperature_improves_nll_and_ece_of_overconfident_logits():
    logits, labels = _synthetic_logits()
    over = logits * 4  # over-confident: a temperature of 4 undoes it
    t = fit_temperature(over, labels)
    assert 3.5 < t < 4.5
    assert negative_log_likelihood(over, labels, t) < negative_log_likelihood(over, labels) - 0.5
    assert expected_calibration_error(apply_temperature(over, t), labels) < expected_calibration_error(
        apply_temperature(over, 1.0), labels
    )
    assert np.array_equal(apply_temperature(over, t).argmax(1), over.argmax(1))


def test_fit_temperature_is_near_one_for_calibrated_logits_and_takes_torch_tensors():
    torch = pytest.importorskip("torch")
    logits, labels = _synthetic_logits(seed=1)
    t = fit_temperature(torch.tensor(logits), torch.tensor(labels))
    assert 0.85 < t < 1.15


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: fit_temperature([1.0, 2.0], [0]), "2-D array"),
        (lambda: fit_temperature([[1.0, 2.0]], [0, 1]), "1 rows of scores but 2 labels"),
        (lambda: fit_temperature([[1.0, 2.0]], [2]), r"integer class indices in \[0, 2\)"),
        (lambda: expected_calibration_error([[2.0, -1.0]], [0]), "not logits"),
        (lambda: apply_temperature([[1.0, 2.0]], 0), "positive"),
        (lambda: expected_calibration_error([[0.5, 0.5]], ["maybe"]), "label names need 4 classes"),
    ],
)
def test_calibration_rejects_bad_input_with_a_reason(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_reliability_diagram_writes_a_png(tmp_path):
    logits, labels = _synthetic_logits(300)
    path = reliability_diagram(apply_temperature(logits, 0.5), labels, tmp_path / "sub" / "rel.png", title="test")
    assert path.read_bytes()[:8] == PNG_MAGIC


# ----------------------------------------------------------------------------------------------------------------------
# Bootstrap


def test_bootstrap_cis_contain_the_point_estimates_and_are_seeded():
    articles, model, extractor = synthetic_gold(40)
    a = quick(articles, model, extractor=extractor, n_bootstrap=500, seed=3)
    for value, ci in (
        (a.stance.macro_f1, a.stance.macro_f1_ci),
        (a.end_to_end.macro_f1, a.end_to_end.macro_f1_ci),
        (a.extraction.overlap.f1, a.extraction.f1_ci),
    ):
        assert ci is not None and ci[0] <= value <= ci[1] and ci[0] < ci[1]
    b = quick(articles, model, extractor=extractor, n_bootstrap=500, seed=3)
    c = quick(articles, model, extractor=extractor, n_bootstrap=500, seed=4)
    assert a.to_dict() == b.to_dict()
    assert a.stance.macro_f1_ci != c.stance.macro_f1_ci
    assert a.stance.macro_f1 == c.stance.macro_f1


def test_bootstrap_resamples_whole_articles():
    weights = evaluation._bootstrap_weights(n_articles=7, n_bootstrap=50, seed=0)
    assert weights.shape == (50, 7) and (weights.sum(axis=1) == 7).all()


def test_no_bootstrap_gives_no_cis():
    report = quick(TINY_GOLD, KeywordModel(), n_bootstrap=0)
    assert report.stance.macro_f1_ci is None and report.extraction.f1_ci is None


# ----------------------------------------------------------------------------------------------------------------------
# The report


def test_confident_mistakes_are_wrong_and_sorted_by_score():
    articles, model, extractor = synthetic_gold(40)
    report = quick(articles, model, extractor=extractor)
    mistakes = report.confident_mistakes
    assert len(mistakes) == 20
    assert all(m.gold != m.predicted for m in mistakes)
    scores = [m.score for m in mistakes]
    assert scores == sorted(scores, reverse=True) and scores[0] == pytest.approx(0.9)
    first = mistakes[0]
    art = next(a for a in articles if a.id == first.article_id)
    assert any(q.text == first.quote and q.speaker == first.speaker for q in art.quotes)


def test_breakdowns_by_dispute_and_kind():
    articles, model, extractor = synthetic_gold(12)
    report = quick(articles, model, extractor=extractor)
    assert set(report.by_dispute) == {"alpha", "beta"}
    assert sum(v["n_quotes"] for v in report.by_dispute.values()) == 36
    assert set(report.by_kind) == set(KINDS) and all(v["n"] == 12 for v in report.by_kind.values())
    alpha = [a for a in articles if a.dispute == "alpha"]
    assert report.by_dispute["alpha"]["stance"]["macro_f1"] == pytest.approx(
        quick(alpha, model, extractor=extractor).stance.macro_f1
    )


REPORT_KEYS = {
    "schema_version", "model", "gold", "settings", "extraction", "stance", "end_to_end", "by_dispute", "by_kind",
    "calibration", "confident_mistakes", "baselines",
}  # fmt: skip
STANCE_KEYS = {"n", "accuracy", "macro_f1", "macro_f1_ci", "per_label", "confusion", "confusion_columns"}


def test_evaluate_writes_report_files_for_tiny_gold(tmp_path):
    report = evaluate(
        TINY_GOLD, KeywordModel(), extractor=RegexExtractor(), out_dir=tmp_path, n_bootstrap=200, progress=False
    )
    for name in ("report.json", "report.md", "confusion.png", "reliability.png"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / "confusion.png").read_bytes()[:8] == PNG_MAGIC
    assert (tmp_path / "reliability.png").read_bytes()[:8] == PNG_MAGIC
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert data == report.to_dict()
    assert set(data) == REPORT_KEYS
    assert data["schema_version"] == 1 and data["model"] == "keyword-double"
    assert set(data["stance"]) == STANCE_KEYS and set(data["end_to_end"]) == STANCE_KEYS
    assert set(data["extraction"]) == {"overlap", "exact", "f1_ci", "speaker_accuracy", "n_matched", "recall_by_kind"}
    assert set(data["extraction"]["overlap"]) == {
        "precision",
        "recall",
        "f1",
        "true_positives",
        "n_predicted",
        "n_gold",
    }
    assert set(data["gold"]) == {"source", "n_articles", "n_quotes", "label_counts", "kind_counts", "dispute_counts"}
    assert set(data["settings"]) == {
        "extractor",
        "min_overlap",
        "n_bootstrap",
        "seed",
        "confidence",
        "n_bins",
        "n_mistakes",
    }
    assert set(data["calibration"]) == {"ece", "n_bins", "bins"}
    assert data["confident_mistakes"] and set(data["confident_mistakes"][0]) == {
        "article_id", "quote", "speaker", "kind", "gold", "predicted", "score",
    }  # fmt: skip
    assert data["gold"]["n_quotes"] == 11 and data["gold"]["source"] == str(TINY_GOLD)
    assert data["baselines"] == {}
    assert len(data["stance"]["macro_f1_ci"]) == 2
    md = (tmp_path / "report.md").read_text("utf-8")
    assert "# Evaluation of `keyword-double`" in md and "## By dispute" in md and "keld-islands" in md


def test_baselines_are_scored_side_by_side_on_the_same_resamples(tmp_path):
    report = quick(
        TINY_GOLD, KeywordModel(), baselines=[ConstantModel("unrelated"), ConstantModel("mediation", "always-med")],
        n_bootstrap=100, out_dir=tmp_path,
    )  # fmt: skip
    assert list(report.baselines) == ["constant", "always-med"]
    const = report.baselines["constant"]
    assert set(const) == {"stance", "end_to_end", "ece", "macro_f1_delta", "macro_f1_delta_ci"}
    assert set(const["stance"]) == STANCE_KEYS
    assert const["stance"]["accuracy"] == pytest.approx(3 / 11)
    assert const["macro_f1_delta"] == pytest.approx(report.stance.macro_f1 - const["stance"]["macro_f1"])
    assert "## Baselines" in (tmp_path / "report.md").read_text("utf-8")
    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["baselines"]["always-med"]["stance"]["n"] == 11


def test_baselines_true_loads_the_default_baselines_and_names_stay_unique(monkeypatch):
    import stance.baselines

    monkeypatch.setattr(stance.baselines, "load_baseline", lambda name: ConstantModel(name=f"fake-{name}"))
    report = quick(TINY_GOLD, KeywordModel(), baselines=True)
    assert list(report.baselines) == [f"fake-{name}" for name in evaluation.DEFAULT_BASELINES]
    twin = quick(TINY_GOLD, KeywordModel(), baselines=[KeywordModel()])
    assert list(twin.baselines) == ["keyword-double (2)"]
    assert twin.baselines["keyword-double (2)"]["macro_f1_delta"] == 0.0


def test_default_and_named_models_go_through_stance_load(monkeypatch):
    import stance

    loaded = []

    def fake_load(name_or_path=None):
        loaded.append(name_or_path)
        return KeywordModel()

    monkeypatch.setattr(stance, "load", fake_load, raising=False)
    quick(TINY_GOLD, None)
    quick(TINY_GOLD, "some/model-dir")
    assert loaded == [None, "some/model-dir"]


def test_progress_bar_runs(capsys):
    quick(TINY_GOLD, KeywordModel(), progress=True)
    assert "evaluating" in capsys.readouterr().err


# ----------------------------------------------------------------------------------------------------------------------
# Bad input


def test_missing_gold_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        quick(tmp_path / "nope.jsonl", KeywordModel())


def test_bad_gold_offsets_name_the_line(tmp_path):
    lines = TINY_GOLD.read_text("utf-8").splitlines()
    row = json.loads(lines[1])
    row["quotes"][0]["start"] += 1
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([lines[0], json.dumps(row), lines[2]]) + "\n", "utf-8")
    with pytest.raises(GoldFormatError, match=r"bad\.jsonl:2 .*quote 0: text\[start:end\]"):
        quick(path, KeywordModel())


def test_an_empty_gold_file_is_rejected_as_an_empty_list_is(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", "utf-8")
    with pytest.raises(ValueError, match=r"gold holds no articles: '.*empty\.jsonl' is empty; pass a gold file"):
        quick(path, KeywordModel())
    with pytest.raises(ValueError, match="gold holds no articles; pass a gold file"):
        quick([], KeywordModel())


def test_a_gold_quote_of_white_space_is_rejected_by_the_reader(tmp_path):
    path = tmp_path / "blank.jsonl"
    text = 'Talks resumed. "   " he said.'
    row = {"id": "a1", "text": text, "quotes": [{"start": 16, "end": 19, "text": "   ", "kind": "direct",
                                                 "speaker": "he", "stance": "neutral"}]}
    path.write_text(json.dumps(row) + "\n", "utf-8")
    with pytest.raises(GoldFormatError, match=r"blank\.jsonl:1 .*quote 0: the quote text '   ' is only white space"):
        read_gold(path)


def test_gold_folder_is_not_called_missing(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a folder; expected a JSON Lines file"):
        read_gold(tmp_path)


def test_truncated_gold_line_reports_its_own_column(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a1", "text": "x"}\n{"id": "a2", "text": "oops"\n', "utf-8")
    with pytest.raises(GoldFormatError, match=r"bad\.jsonl:2: not valid JSON \(Expecting ',' delimiter at column 28\)"):
        read_gold(path)


def test_gold_that_is_not_json(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n", "utf-8")
    with pytest.raises(GoldFormatError, match=r"bad\.jsonl:1: not valid JSON"):
        quick(path, KeywordModel())


@pytest.mark.parametrize(
    ("gold", "match"),
    [
        ([], "no articles"),
        ([{"id": "a", "text": "t"}], "list of GoldArticle, got a list holding dict"),
        (42, "got int"),
        ([GoldArticle("a", "xyz", (GoldQuote(0, 2, "xy", "direct", "S", ""),))], "stance is ''"),
    ],
)
def test_bad_gold_objects(gold, match):
    with pytest.raises(ValueError, match=match):
        quick(gold, KeywordModel())


class _TooFew:
    name = "too-few"

    def label_quotes(self, article_text, spans):
        return []


class _Unknown:
    name = "unknown-label"

    def label_quotes(self, article_text, spans):
        return [Prediction("maybe", 1.0) for _ in spans]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"model": object()}, "without label_quotes"),
        ({"model": _TooFew()}, "returned 0 predictions for 7 spans"),
        ({"model": _Unknown()}, "predicted label 'maybe'"),
        ({"model": KeywordModel(), "extractor": 3}, "extractor should be"),
        ({"model": KeywordModel(), "extractor": lambda t: [Quote("x", 5, 2, "direct")]}, "span \\(5, 2\\)"),
        ({"model": KeywordModel(), "baselines": "keywords"}, "one-element list"),
        ({"model": KeywordModel(), "n_bootstrap": -1}, "non-negative"),
    ],
)
def test_bad_arguments_say_what_was_expected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        quick(TINY_GOLD, **kwargs)


# ----------------------------------------------------------------------------------------------------------------------
# Docs and API


@pytest.mark.parametrize("module", [calibration, evaluation])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("module", [calibration, evaluation])
def test_public_names_exist(module):
    for name in module.__all__:
        assert hasattr(module, name), name


def test_an_extractor_that_returns_nothing_is_explained():
    with pytest.raises(TypeError, match=r"the extractor returned NoneType .* expected a list of Quote objects"):
        evaluation.evaluate(TINY_GOLD, model=KeywordModel(), extractor=lambda text: None, n_bootstrap=0, progress=False)

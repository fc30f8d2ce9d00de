"""Bad input gets a clear error that says what was expected, never a crash deep in torch."""

from __future__ import annotations

import numpy as np
import pytest

from stance.modeling import StanceClassifier

ARTICLE = 'Officials said talks would stay bilateral. "We need no mediator," Jon Arvo said.'


@pytest.mark.parametrize(
    ("texts", "error", "message"),
    [
        ([""], ValueError, r"texts\[0\] is empty"),
        (["   "], ValueError, r"texts\[0\] is empty"),
        (None, TypeError, "should be a list of strings, got NoneType"),
        ("a single statement", TypeError, "wrap it in a list"),
        (["fine", 3], TypeError, r"texts\[1\] should be a str, got int"),
        (["fine", None], TypeError, r"texts\[1\] should be a str, got NoneType"),
        (["x" * 100_000], ValueError, r"100,000 characters.*stance\.analyze"),
        ((t for t in ["a generator"]), TypeError, r"got generator; materialise it first: list\(texts\)"),
        ({"a": "mapping"}, TypeError, "should be a list of strings, got dict"),
    ],
)
def test_predict_rejects_bad_statements(tiny_model: StanceClassifier, texts, error, message) -> None:
    with pytest.raises(error, match=message):
        tiny_model.predict(texts)


def test_predict_with_mismatched_speakers(tiny_model: StanceClassifier) -> None:
    with pytest.raises(ValueError, match="2 texts but 1 speakers"):
        tiny_model.predict(["one", "two"], ["Arvo"])


@pytest.mark.parametrize(
    ("spans", "error", "message"),
    [
        ([(0, 10_000)], ValueError, r"out of range for an article of \d+ characters"),
        ([(-1, 5)], ValueError, "out of range"),
        ([(10, 10)], ValueError, "out of range"),
        ([(5, 2)], ValueError, "out of range"),
        ([(0, "5")], TypeError, "start and end should be ints"),
        ([(0,)], TypeError, r"spans\[0\] should be \(start, end\)"),
        ((0, 5), TypeError, "wrap a single span in a list"),
        (None, TypeError, "spans should be a list"),
        ([(0, 5, 7)], TypeError, "speaker should be a str or None"),
        ([(True, 5)], TypeError, "start and end should be ints, got True"),
        ([(np.float64(0), 5)], TypeError, "start and end should be ints"),
    ],
)
def test_label_quotes_rejects_bad_spans(tiny_model: StanceClassifier, spans, error, message) -> None:
    with pytest.raises(error, match=message):
        tiny_model.label_quotes(ARTICLE, spans)


def test_label_quotes_rejects_a_non_string_article(tiny_model: StanceClassifier) -> None:
    with pytest.raises(TypeError, match="article should be a str"):
        tiny_model.label_quotes(None, [(0, 3)])


def test_label_quotes_on_a_long_article_works(tiny_model: StanceClassifier) -> None:
    article = ("Filler sentence about the weather. " * 3000) + ARTICLE
    start = article.index("We need")
    preds = tiny_model.label_quotes(article, [(start, start + 16, "Jon Arvo")])
    assert len(preds) == 1


def test_empty_list_gives_empty_list(tiny_model: StanceClassifier) -> None:
    assert tiny_model.predict([]) == []
    assert tiny_model.label_quotes(ARTICLE, []) == []


def test_load_of_missing_model(tmp_path) -> None:
    import stance

    with pytest.raises(FileNotFoundError, match="no model"):
        stance.load(str(tmp_path / "missing"))
    with pytest.raises(TypeError, match="takes a model name"):
        stance.load(3)


@pytest.mark.parametrize(
    ("speakers", "error", "message"),
    [
        ("ab", TypeError, "one speaker \\(or None\\) per text, got str"),
        ([3, None], TypeError, r"speakers\[0\] should be a str or None, got int"),
        (["only one"], ValueError, "2 texts but 1 speakers"),
    ],
)
def test_predict_rejects_bad_speakers(tiny_model: StanceClassifier, speakers, error, message) -> None:
    with pytest.raises(error, match=message):
        tiny_model.predict(["one", "two"], speakers)


def test_batch_size_must_be_positive(tiny_model: StanceClassifier) -> None:
    with pytest.raises(ValueError, match="batch_size should be a whole number of at least 1"):
        tiny_model.predict(["one"], batch_size=0)


def test_baselines_check_speakers_too() -> None:
    from stance.baselines import KeywordBaseline

    with pytest.raises(ValueError, match="2 texts but 1 speakers"):
        KeywordBaseline().predict(["a", "b"], ["x"])


def _same(a: list, b: list) -> bool:
    return [(p.label, p.scores) for p in a] == [(p.label, p.scores) for p in b]


def test_predict_accepts_numpy_arrays_and_tuples(tiny_model: StanceClassifier) -> None:
    texts = ["We reject any mediation.", "Trade grew."]
    expected = tiny_model.predict(texts, ["Jon Arvo", None])
    assert _same(tiny_model.predict(np.array(texts), np.array(["Jon Arvo", None], dtype=object)), expected)
    assert _same(tiny_model.predict(tuple(texts), ("Jon Arvo", None)), expected)


def test_predict_accepts_pandas_series(tiny_model: StanceClassifier) -> None:
    pd = pytest.importorskip("pandas")  # not a dependency of stance, only of this test
    texts = ["We reject any mediation.", "Trade grew."]
    expected = tiny_model.predict(texts, ["Jon Arvo", None])
    # a missing speaker in a Series may come back as NaN: it means no speaker, as None does
    assert _same(tiny_model.predict(pd.Series(texts), pd.Series(["Jon Arvo", None])), expected)


def test_label_quotes_accepts_numpy_integer_offsets(tiny_model: StanceClassifier) -> None:
    start = ARTICLE.index("We need")
    expected = tiny_model.label_quotes(ARTICLE, [(start, start + 16, "Jon Arvo")])
    got = tiny_model.label_quotes(ARTICLE, [(np.int64(start), np.int32(start + 16), "Jon Arvo")])
    assert _same(got, expected)
    assert _same(tiny_model.label_quotes(ARTICLE, np.array([[start, start + 16]])),
                 tiny_model.label_quotes(ARTICLE, [(start, start + 16)]))


def test_a_missing_speaker_value_means_no_speaker(tiny_model: StanceClassifier) -> None:
    start = ARTICLE.index("We need")
    expected = tiny_model.label_quotes(ARTICLE, [(start, start + 16)])
    assert _same(tiny_model.label_quotes(ARTICLE, [(start, start + 16, float("nan"))]), expected)
    assert _same(tiny_model.predict(["Trade grew."], [float("nan")]), tiny_model.predict(["Trade grew."]))
    with pytest.raises(TypeError, match=r"speakers\[0\] should be a str or None, got int: 7 \(None means no speaker"):
        tiny_model.predict(["Trade grew."], [7])


def test_label_quotes_rejects_a_span_of_white_space(tiny_model: StanceClassifier) -> None:
    with pytest.raises(ValueError, match=r"spans\[1\] = \(1, 4\) covers only white space \('   '\)"):
        tiny_model.label_quotes("a    b", [(0, 1), (1, 4)])

"""The public API and the shipped models (which load offline, with no training on first use)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import stance
from stance.types import Quote


def test_public_names() -> None:
    for name in stance.__all__:
        assert getattr(stance, name) is not None, name
    assert len(stance.__all__) <= 14


def test_importing_stance_does_not_load_torch() -> None:
    import subprocess
    import sys

    code = "import sys, stance; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# Clear statements of our own writing, one per label.
CLEAR = {
    "The two governments will settle every outstanding question bilaterally, without any third party.": "bilateral",
    "We would welcome the United Nations as a mediator and ask it to help resolve the dispute.": "mediation",
    "Forty people were killed when the floodwaters hit the valley on Sunday.": "unrelated",
    "It is a bilateral matter for the two sides, but we stand ready to assist if both of them ask us.": "neutral",
}


@pytest.mark.parametrize("model", ["default", "accurate"])
def test_shipped_models_label_clear_statements(model: str) -> None:
    preds = stance.load(model).predict(list(CLEAR))
    assert [p.label for p in preds] == list(CLEAR.values())


def test_predict_uses_the_default_model() -> None:
    preds = stance.predict(["We reject any offer of outside mediation.", "We call on the UN to mediate."])
    assert [p.label for p in preds] == ["bilateral", "mediation"]


# Plain rejections of any outside role, bare (no speaker, no frame): a shipped default must not
# read them as `neutral` (a candidate trained on corpus v10 did, and was not shipped).
PLAIN_BILATERAL = [
    "Any talks will be strictly bilateral.",
    "We reject any third-party role; the two sides will settle this between themselves.",
    "This is a matter for the two countries alone.",
    "No outside power has any role in this dispute.",
    "We will resolve it through direct talks with our neighbour.",
]


def test_default_reads_plain_rejections_of_outside_roles_as_bilateral() -> None:
    assert [p.label for p in stance.predict(PLAIN_BILATERAL)] == ["bilateral"] * len(PLAIN_BILATERAL)


def test_load_is_cached() -> None:
    assert stance.load("default") is stance.load("default")


def test_label_quotes_reads_the_denial_frame() -> None:
    article = "The foreign ministry denied that the prime minister had asked Washington to mediate."
    start = article.index("the prime")
    pred = stance.label_quotes(article, [(start, len(article) - 1, "the foreign ministry")])[0]
    assert pred.label == "bilateral"


def test_analyze_finds_attributes_and_labels_quotes() -> None:
    article = ('Veloria rejected the offer on Monday. "All issues with Marisca will be settled bilaterally," '
               "Foreign Minister Ilse Varga said.")
    quotes = stance.analyze(article)
    assert len(quotes) == 1
    q = quotes[0]
    assert article[q.start:q.end] == q.text
    assert q.speaker == "Ilse Varga" and q.kind == "direct" and q.label == "bilateral"
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.label = "neutral"  # type: ignore[misc]


def test_analyze_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="takes an article as a str"):
        stance.analyze(None)  # type: ignore[arg-type]


def test_unknown_shipped_name_explains(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="neither a shipped name") as err:
        stance.load("fastest")
    for name in ("default", "accurate", "tfidf", "keywords"):  # every name load() accepts is listed
        assert name in str(err.value)


def test_a_path_is_a_folder_path_and_the_error_says_how_to_load_by_name(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"no model folder 'default'.*does not exist.*pass its name as a str") as err:
        stance.load(Path("default"))
    assert "neither a shipped name" not in str(err.value)
    with pytest.raises(FileNotFoundError, match=r"no model folder 'elsewhere'.*loaded by name"):
        stance.load(Path("elsewhere"))


def test_model_none_means_the_default_model() -> None:
    texts = ["We reject any offer of outside mediation."]
    assert stance.predict(texts, model=None) == stance.predict(texts)
    art = "The ministry rejected any mediation. It said the matter was strictly bilateral."
    assert stance.label_quotes(art, [(8, 35)], model=None) == stance.label_quotes(art, [(8, 35)])


@pytest.mark.parametrize("call", [
    lambda m: stance.predict(["x"], model=m),
    lambda m: stance.label_quotes("He said no.", [(8, 10)], model=m),
    lambda m: stance.analyze('He said: "We want only bilateral talks."', model=m),
])
@pytest.mark.parametrize("model", [3, object()])
def test_a_model_of_the_wrong_type_is_explained(call, model) -> None:
    with pytest.raises(TypeError, match=r"model should be None \(the default model\), a shipped name .*keywords.*got (int|object)"):
        call(model)


def test_analyze_checks_the_model_even_when_an_article_has_no_quotes() -> None:
    assert stance.analyze("Trade grew in March.", model="keywords") == []
    with pytest.raises(TypeError, match="model should be None"):
        stance.analyze("Trade grew in March.", model=3)
    with pytest.raises(FileNotFoundError, match="no model 'defualt'"):
        stance.analyze("Trade grew in March.", model="defualt")


def test_analyze_with_a_custom_extractor_and_model() -> None:
    art = 'He said: "We want only bilateral talks."'
    quote = Quote(text="We want only bilateral talks.", start=10, end=39, kind="direct", speaker="He")
    [q] = stance.analyze(art, model="keywords", extractor=lambda text: [quote])
    assert (q.start, q.end, q.speaker) == (10, 39, "He") and q.label is not None


@pytest.mark.parametrize(("extractor", "match"), [
    (5, "extractor should be None .* or a callable text -> list\\[Quote\\].*got int"),
    (lambda text: [(10, 39)], r"the extractor returned tuple \(\(10, 39\)\) as quote 0; expected stance\.types\.Quote"),
    (lambda text: None, "the extractor returned NoneType; expected a list of stance.types.Quote"),
])
def test_a_bad_extractor_is_explained(extractor, match) -> None:
    with pytest.raises(TypeError, match=match):
        stance.analyze('He said: "We want only bilateral talks."', model="keywords", extractor=extractor)


ARTICLES = [
    'Envoys met on Monday. "Every question will be settled only between our two countries," the Ostland minister said.',
    "No one was quoted in this report on the weather.",
    "Vesna's envoy said her government would welcome mediation by Norway. \"Trade grew by a fifth,\" a customs officer said.",
]


@pytest.mark.parametrize(("model", "batch_size"), [("keywords", 2), ("tiny", 2), ("tiny", 1)])
def test_analyze_many_gives_what_analyze_gives(model: str, batch_size: int, tiny_model_dir: Path) -> None:
    clf = stance.load(str(tiny_model_dir)) if model == "tiny" else model
    texts = ARTICLES * 2  # 6 quotes: with batch_size 1 the pending articles are labelled before the end
    many = list(stance.analyze_many(iter(texts), model=clf, batch_size=batch_size))
    one = [stance.analyze(text, model=clf) for text in texts]
    assert [len(qs) for qs in many] == [1, 0, 2, 1, 0, 2]
    for got, want in zip(many, one):
        assert [(q.start, q.end, q.speaker, q.label) for q in got] == [(q.start, q.end, q.speaker, q.label) for q in want]
        assert [q.score for q in got] == pytest.approx([q.score for q in want], abs=1e-5)


def test_analyze_many_with_a_model_that_only_labels_quotes() -> None:
    class Constant:
        def label_quotes(self, article, spans):
            return [stance.Prediction(label="neutral", score=1.0, scores={"neutral": 1.0}) for _ in spans]

    assert [[q.label for q in qs] for qs in stance.analyze_many(ARTICLES, model=Constant())] == [
        ["neutral"], [], ["neutral", "neutral"]]


@pytest.mark.parametrize(("texts", "match"), [
    ("one article", r"takes an iterable of article strings, got str; for one article, call analyze\(text\)"),
    (None, r"takes an iterable of article strings, got NoneType"),
])
def test_analyze_many_rejects_non_text_at_the_call(texts, match) -> None:
    with pytest.raises(TypeError, match=match):
        stance.analyze_many(texts, model="keywords")


def test_analyze_many_reports_a_bad_article_while_reading() -> None:
    results = stance.analyze_many(["Trade grew.", 3], model="keywords")  # the texts are read lazily
    with pytest.raises(TypeError, match=r"article 1 is a int, expected a str"):
        list(results)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"batch_size": 0}, ValueError, r"batch_size should be a whole number of quotes, at least 1, got 0"),
    ({"extractor": 5}, TypeError, r"extractor should be None .* got int"),
    ({"model": 3}, TypeError, r"model should be None"),
])
def test_analyze_many_checks_its_options_at_the_call(kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        stance.analyze_many(ARTICLES, **{"model": "keywords", **kwargs})


class _Pipe:
    """An extractor whose pipe() gives ``extra`` more (or fewer) results than articles."""

    def __init__(self, extra: int) -> None:
        self.extra = extra

    def pipe(self, texts):
        texts = list(texts)
        yield from ([] for _ in range(len(texts) + self.extra))


@pytest.mark.parametrize(("extra", "match"), [
    (-1, r"pipe\(\) gave results for 2 of 3 articles"),
    (1, r"pipe\(\) gave a result 4 for 3 articles"),
])
def test_an_extractor_pipe_must_give_one_result_per_article(extra: int, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        list(stance.analyze_many(ARTICLES, model="keywords", extractor=_Pipe(extra)))


def test_a_model_must_give_one_prediction_per_quote() -> None:
    class Short:
        def label_quotes(self, article, spans):
            return []

    with pytest.raises(ValueError, match=r"label_quotes\(\) gave 0 predictions for 1 quotes"):
        stance.analyze(ARTICLES[0], model=Short())


def test_analyze_many_streams_before_reading_every_article() -> None:
    read = 0

    def texts():
        nonlocal read
        for _ in range(100):
            read += 1
            yield "No one was quoted here."

    results = stance.analyze_many(texts(), model="keywords", extractor=lambda text: [])
    assert next(results) == [] and read < 100  # the first 16 articles are labelled before the rest is read


def test_analyze_many_keeps_a_subclass_label_quotes_and_checks_the_prediction_count() -> None:
    from stance.baselines import load_baseline

    class Marked(type(load_baseline("keywords"))):
        def label_quotes(self, article, spans, *, batch_size=32):
            return [stance.Prediction(label="neutral", score=1.0, scores={"neutral": 1.0}) for _ in spans]

    clf = Marked()
    assert [[q.label for q in qs] for qs in stance.analyze_many(ARTICLES, model=clf)] == [
        ["neutral"], [], ["neutral", "neutral"]]

    class Short(type(load_baseline("keywords"))):
        def predict_examples(self, examples, *, batch_size=32):
            return super().predict_examples(examples, batch_size=batch_size)[1:]

    with pytest.raises(ValueError, match=r"the model gave 2 predictions for 3 quotes"):
        list(stance.analyze_many(ARTICLES, model=Short()))

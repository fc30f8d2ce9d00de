"""The public API and the shipped models (which load offline, with no training on first use)."""

from __future__ import annotations

import dataclasses

import pytest

import stance


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
    with pytest.raises(FileNotFoundError, match="neither a shipped name"):
        stance.load("fastest")

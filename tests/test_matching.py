from __future__ import annotations

import pytest

from stance.matching import match_spans, normalize_speaker, speaker_matches


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("Kumar", "Raveesh Kumar", True),
        ("Prime Minister Narendra Modi", "Narendra Modi", True),
        ("the US State Department", "US State Department spokesperson", True),
        ("he", "Shehbaz Sharif", False),
        ("Ali", "Khalid Sharif", False),
        ("it", "Smriti Irani", False),
        (None, "Raveesh Kumar", False),
        ("", "", False),
    ],
)
def test_speaker_rule_compares_whole_tokens(predicted, gold, expected) -> None:
    assert speaker_matches(predicted, gold) is expected


def test_titles_and_punctuation_are_dropped() -> None:
    assert normalize_speaker("Dr. Ilse Varga, Foreign Minister") == ["ilse", "varga"]


def test_exactly_half_of_the_longer_span_matches() -> None:
    assert match_spans([(0, 10)], [(5, 15)]) == [(0, 0)]
    assert match_spans([(0, 10)], [(6, 16)]) == []

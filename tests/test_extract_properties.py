"""Property tests: the extractor never crashes and its spans always round-trip."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance.extract import QuoteExtractor
from stance.types import KINDS

FRAGMENTS = [
    '"', "“", "”", "‘", "’", "'", " ", "\n", "\n\n", ",", ".", ":", " said ", " he said", " told reporters that ",
    "According to officials, ", " the minister ", "Kovacs", " Valdoria’s ", "don't", "'til", " rejected claims that ",
    "We will talk", " only directly", " the river", "—", "(", ")", "…", "She added", " it ", "Mr Berg",
]

quoteish = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
anytext = st.text(max_size=300)


@pytest.fixture(scope="session")
def extractor() -> QuoteExtractor:
    return QuoteExtractor()


def _check(text: str, quotes) -> None:
    previous_end = 0
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.start >= previous_end, "quotes overlap or are unsorted"
        assert q.kind in KINDS
        assert q.label is None
        previous_end = q.end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=anytext)
def test_arbitrary_text_round_trips(extractor, text):
    _check(text, extractor(text))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=quoteish)
def test_quoteish_text_round_trips(extractor, text):
    _check(text, extractor(text))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(quoteish, max_size=5))
def test_pipe_round_trips_and_keeps_order(extractor, texts):
    results = list(extractor.pipe(texts, batch_size=2))
    assert len(results) == len(texts)
    for text, quotes in zip(texts, results, strict=False):
        _check(text, quotes)

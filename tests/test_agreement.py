"""Agreement between two annotations: paired spans, speakers, and stance kappa with the disagreements listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.agreement import agreement, write_disagreements
from stance.cli import app
from stance.gold import GoldArticle, GoldQuote, write_gold

TEXT = ("Arvo said the talks would stay bilateral. Pell said a mediator could help. "
        "Lind said trade had grown. Sato said the floods had receded.")


def _quote(text: str, speaker: str, stance: str, kind: str = "indirect") -> GoldQuote:
    start = TEXT.index(text)
    return GoldQuote(start, start + len(text), text, kind, speaker, stance)


FIRST = [GoldArticle(id="a", text=TEXT, quotes=(
    _quote("the talks would stay bilateral", "Arvo", "bilateral"),
    _quote("a mediator could help", "Pell", "mediation"),
    _quote("trade had grown", "Lind", "unrelated"),
    _quote("the floods had receded", "Sato", "unrelated"),
))]


def test_identical_annotations_agree_fully() -> None:
    r = agreement(FIRST, FIRST)
    assert (r.paired, r.span_f1, r.exact_span_f1, r.speaker_agreement) == (4, 1.0, 1.0, 1.0)
    assert (r.kappa, r.macro_f1, r.observed) == (1.0, 1.0, 1.0) and r.disagreements == ()


def test_kappa_confusion_and_disagreements() -> None:
    second = [GoldArticle(id="a", text=TEXT, quotes=(
        _quote("the talks would stay bilateral", "Arvo", "bilateral"),
        _quote("a mediator could help", "Aron Pell", "mediation"),    # the same speaker, fuller name
        _quote("trade had grown", "Sato", "unrelated"),                 # another speaker
        _quote("the floods had receded", "Sato", "mediation"),          # another stance
    ))]
    r = agreement(FIRST, second)
    # first b, m, u, u; second b, m, u, m: observed 3/4, chance (1*1 + 1*2 + 2*1) / 16
    assert r.observed == 0.75 and r.kappa == pytest.approx((0.75 - 5 / 16) / (1 - 5 / 16))
    assert r.speaker_agreement == 0.75
    assert r.confusion[3] == [1, 0, 0, 1]  # first unrelated: once mediation, once unrelated in the second
    assert [(d.what, d.first, d.second) for d in r.disagreements] == [
        ("speaker", "Lind", "Sato"), ("stance", "unrelated", "mediation")]


def test_unpaired_and_unlabelled_quotes() -> None:
    second = [GoldArticle(id="a", text=TEXT, quotes=(
        _quote("the talks would stay bilateral", "Arvo", ""),             # not labelled yet
        _quote("a mediator could help", "Pell", "mediation"),
        _quote("Lind said trade had grown", "Lind", "unrelated"),        # half again as long: still paired
    )), GoldArticle(id="b", text="Not in the first file.")]
    r = agreement(FIRST, second)
    assert (r.quotes_first, r.quotes_second, r.paired) == (4, 3, 3)
    assert r.span_f1 == pytest.approx(6 / 7) and r.exact_span_f1 == pytest.approx(4 / 7)
    assert r.labelled == 2 and r.observed == 1.0
    assert r.only_second == ("b",) and r.only_first == ()
    assert [(d.what, d.first, d.second) for d in r.disagreements] == [
        ("stance", "bilateral", None), ("span", "the floods had receded", None)]


def test_a_single_shared_label_has_no_kappa() -> None:
    one = [GoldArticle(id="a", text=TEXT, quotes=(_quote("trade had grown", "Lind", "unrelated"),))]
    r = agreement(one, one)
    assert r.kappa is None and r.observed == 1.0
    assert "Cohen's kappa –" in r.summary()


# a longer text differs first where the shorter one ends (character 135)
@pytest.mark.parametrize(("second", "error", "match"), [
    ([GoldArticle(id="a", text=TEXT + " More.")], ValueError, r"article 'a' has different texts .* character 135"),
    ([GoldArticle(id="z", text=TEXT)], ValueError, r"share no article id"),
    ([{"id": "a"}], TypeError, r"second item 0 is a dict"),
    (3, TypeError, r"second should be the path of a gold JSON Lines file or a list of GoldArticle, got int"),
])
def test_bad_input_is_a_clear_error(second, error, match) -> None:
    with pytest.raises(error, match=match):
        agreement(FIRST, second)


def test_agreement_on_the_command_line(tmp_path: Path) -> None:
    second = [GoldArticle(id="a", text=TEXT, quotes=FIRST[0].quotes[:3])]
    write_gold(FIRST, tmp_path / "one.jsonl")
    write_gold(second, tmp_path / "two.jsonl")
    out = tmp_path / "dis.jsonl"
    result = CliRunner().invoke(app, ["agreement", str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl"),
                                      "--disagreements", str(out)])
    assert result.exit_code == 0, result.output
    assert "quotes: first 4, second 3, paired 3" in result.output and "1 disagreements written" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["what"] == "span"
    again = CliRunner().invoke(app, ["agreement", str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl"),
                                     "--disagreements", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
    as_json = CliRunner().invoke(app, ["agreement", str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl"),
                                       "--format", "json"])
    assert json.loads(as_json.output)["paired"] == 3
    missing = CliRunner().invoke(app, ["agreement", str(tmp_path / "one.jsonl"), str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1 and "does not exist" in missing.output and "Traceback" not in missing.output


def test_write_disagreements_counts_lines(tmp_path: Path) -> None:
    second = [GoldArticle(id="a", text=TEXT, quotes=FIRST[0].quotes[1:])]
    n = write_disagreements(agreement(FIRST, second), tmp_path / "d.jsonl")
    assert n == 1 == len((tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines())


def test_unattributed_quotes_agree_and_list_input_is_checked() -> None:
    quiet = [GoldArticle(id="a", text=TEXT, quotes=(_quote("trade had grown", "", "unrelated"),))]
    assert agreement(quiet, quiet).speaker_agreement == 1.0
    twice = [FIRST[0], GoldArticle(id="a", text=TEXT)]
    with pytest.raises(ValueError, match="first has two articles with the id 'a'"):
        agreement(twice, FIRST)
    odd = [GoldArticle(id="a", text=TEXT, quotes=(_quote("trade had grown", "Lind", "Unrelated"),))]
    with pytest.raises(ValueError, match="stance 'Unrelated' is not one of"):
        agreement(FIRST, odd)

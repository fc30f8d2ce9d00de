"""Per-speaker stance tables and charts (stance.summary), and `stance analyze --by-speaker`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import stance
from stance.cli import app
from stance.summary import SpeakerStance, plot_speakers, speaker_stances
from stance.types import LABELS, Quote

runner = CliRunner()


def _q(speaker: str | None, label: str, p: float = 0.8) -> Quote:
    rest = (1.0 - p) / 3
    return Quote("a statement", 0, 11, "direct", speaker, label, p, {lab: p if lab == label else rest for lab in LABELS})


def test_counts_shares_and_leaning_per_speaker() -> None:
    rows = speaker_stances([_q("Ilse Varga", "bilateral"), _q("Ilse Varga", "bilateral", 0.6),
                            _q("Ilse Varga", "unrelated"), _q("Tomas Brell", "mediation", 0.9)])
    assert [r.speaker for r in rows] == ["Ilse Varga", "Tomas Brell"]
    varga = rows[0]
    assert varga.quotes == 3 and varga.documents is None
    assert varga.counts == {"mediation": 0, "bilateral": 2, "neutral": 0, "unrelated": 1}
    assert varga.label == "bilateral"
    assert sum(varga.shares.values()) == pytest.approx(1.0, abs=1e-3)
    assert varga.shares["bilateral"] == pytest.approx((0.8 + 0.6 + 0.2 / 3) / 3, abs=1e-4)
    # leaning counts the stance quotes: two bilateral, no mediation
    assert varga.leaning == -1.0 and rows[1].leaning == 1.0
    mixed = speaker_stances([_q("A", "mediation"), _q("A", "bilateral"), _q("A", "bilateral"), _q("A", "bilateral")])
    assert mixed[0].leaning == -0.5


def test_speakers_group_across_case_and_spacing_and_count_articles() -> None:
    rows = speaker_stances([[_q("Ilse Varga", "bilateral")],
                            [_q("ilse  varga", "bilateral"), _q("Ilse Varga", "neutral"), _q(None, "unrelated")],
                            [_q("  ", "unrelated")]])
    assert [(r.speaker, r.quotes, r.documents) for r in rows] == [("Ilse Varga", 3, 2), (None, 2, 2)]
    # articles may come as generators too
    again = speaker_stances(iter([_q("Ilse Varga", "bilateral")]) for _ in range(2))
    assert [(r.speaker, r.quotes, r.documents) for r in again] == [("Ilse Varga", 2, 2)]


def test_min_quotes_drops_rare_speakers_but_keeps_the_unattributed_row() -> None:
    quotes = [_q("Ilse Varga", "bilateral"), _q("Ilse Varga", "bilateral"), _q("Tomas Brell", "mediation"),
              _q(None, "unrelated")]
    assert [r.speaker for r in speaker_stances(quotes, min_quotes=2)] == ["Ilse Varga", None]


def test_a_speaker_with_no_stance_quote_has_no_leaning() -> None:
    row = speaker_stances([Quote("Forty people died.", 0, 18, "direct", "Jon Arvo", "unrelated", 0.9)])[0]
    assert row.leaning is None and row.label == "unrelated"
    assert row.shares == {"mediation": 0.0, "bilateral": 0.0, "neutral": 0.0, "unrelated": 1.0}  # no scores: one-hot
    assert json.loads(json.dumps(row.to_dict()))["leaning"] is None


@pytest.mark.parametrize("bad,error,match", [
    ([Quote("x", 0, 1, "direct", "A")], ValueError, "has no stance label"),
    (["a statement"], TypeError, "not a stance.types.Quote"),
    ([[_q("A", "bilateral")], _q("B", "bilateral")], TypeError, "not a mix"),
    ("text", TypeError, "takes a list"),
    (None, TypeError, "takes a list"),
])
def test_bad_input_is_a_clear_error(bad, error, match) -> None:
    with pytest.raises(error, match=match):
        speaker_stances(bad)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_min_quotes_must_be_a_whole_number(bad) -> None:
    with pytest.raises(ValueError, match="min_quotes"):
        speaker_stances([_q("A", "bilateral")], min_quotes=bad)


def test_no_quotes_give_no_rows_and_no_chart(tmp_path: Path) -> None:
    assert speaker_stances([]) == [] and speaker_stances([[], []]) == []
    with pytest.raises(ValueError, match="no speaker to draw"):
        plot_speakers(speaker_stances([_q(None, "unrelated")]), tmp_path / "x.png")


def test_chart_is_written(tmp_path: Path) -> None:
    rows = speaker_stances([_q(f"Speaker {i}", LABELS[i % 4]) for i in range(30)])
    out = plot_speakers(rows, tmp_path / "deep" / "speakers.png", top=5)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="top"):
        plot_speakers(rows, tmp_path / "y.png", top=0)


def test_exported_at_top_level() -> None:
    assert stance.speaker_stances is speaker_stances and isinstance(
        speaker_stances([_q("A", "neutral")])[0], SpeakerStance)


def test_analyze_by_speaker_on_the_command_line(tmp_path: Path) -> None:
    rows = [{"id": "a1", "text": '"We need no mediator," Jon Arvo said. "Talks stay between the two of us," Arvo said.'},
            {"id": "a2", "text": 'Arvo said the two capitals would settle it alone.'}]
    (tmp_path / "arts.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    chart = tmp_path / "speakers.png"
    result = runner.invoke(app, ["analyze", "--model", "keywords", "--by-speaker", "--format", "jsonl",
                                 "--plot", str(chart), str(tmp_path / "arts.jsonl")])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [(r["speaker"], r["quotes"], r["documents"]) for r in out] == [("Jon Arvo", 3, 2)]
    assert chart.is_file()
    table = runner.invoke(app, ["analyze", "--model", "keywords", "--by-speaker", str(tmp_path / "arts.jsonl")])
    assert table.exit_code == 0 and "1 speaker in 2 documents" in table.output
    apart = runner.invoke(app, ["analyze", "--model", "keywords", "--by-speaker", "--keep-names", "--format", "jsonl",
                                str(tmp_path / "arts.jsonl")])
    out = [json.loads(line[line.index("{"):]) for line in apart.output.splitlines() if "{" in line]  # after tqdm's bar
    assert [(r["speaker"], r["quotes"]) for r in out] == [("Jon Arvo", 2), ("Arvo", 1)]
    bad = runner.invoke(app, ["analyze", "--model", "keywords", "--by-speaker", "--min-quotes", "0",
                              str(tmp_path / "arts.jsonl")])
    assert bad.exit_code == 1 and "--min-quotes" in bad.output


def test_analyze_plot_to_an_unwritable_path_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text('"We need no mediator at all," Jon Arvo said.')
    result = runner.invoke(app, ["analyze", "--model", "keywords", "--plot", str(tmp_path), str(tmp_path / "a.txt")])
    assert result.exit_code == 1 and "error:" in result.output, result.output


def test_a_speaker_with_only_unrelated_quotes_has_no_leaning_even_with_probabilities() -> None:
    # the residual mediation and bilateral probabilities of unrelated quotes are no stance either way
    scores = {"mediation": 0.05, "bilateral": 0.01, "neutral": 0.04, "unrelated": 0.9}
    row = speaker_stances([Quote("Forty people died.", 0, 18, "direct", "Jon Arvo", "unrelated", 0.9, scores)])[0]
    assert row.leaning is None


def test_quotes_are_counted_per_period_with_undated_articles_kept_last() -> None:
    from stance.summary import stance_over_time

    arts = [("2019-08-02", [_q("Jon Arvo", "bilateral"), _q("Eda Lind", "mediation")]),
            ("2019-11-20T10:00:00", [_q("Jon Arvo", "mediation")]),
            ("2019-08-30", [_q("Jon Arvo", "bilateral")]),
            ("", [_q("Jon Arvo", "neutral")]),
            ("not a date", [_q(None, "unrelated")]),
            ("2019-09-15", [])]
    rows = stance_over_time(arts)
    assert [(r.period, r.quotes, r.documents, r.leaning) for r in rows] == [
        ("2019-08", 3, 2, -0.3333), ("2019-11", 1, 1, 1.0), (None, 2, 2, None)]
    assert rows[0].counts == {"mediation": 1, "bilateral": 2, "neutral": 0, "unrelated": 0}
    assert [r.period for r in stance_over_time(arts, freq="quarter")] == ["2019-Q3", "2019-Q4", None]
    assert [r.period for r in stance_over_time(arts[:2], freq="week")] == ["2019-W31", "2019-W47"]
    # the gold format's speaker rule: titles dropped, then the last name
    only = stance_over_time(arts, speaker="Mr Arvo", freq="year")
    assert [(r.period, r.quotes) for r in only] == [("2019", 3), (None, 1)]


def test_dates_may_be_date_objects() -> None:
    import datetime as dt

    from stance.summary import stance_over_time

    rows = stance_over_time([(dt.date(2020, 1, 31), [_q("A", "bilateral")]), (dt.datetime(2020, 2, 1, 9), [_q("A", "mediation")])],
                            freq="day")
    assert [r.period for r in rows] == ["2020-01-31", "2020-02-01"]


@pytest.mark.parametrize(("articles", "kwargs", "error", "match"), [
    ([("2019-01-01", [_q("A", "bilateral")])], {"freq": "decade"}, ValueError, r"freq should be one of 'day'"),
    (["2019-01-01"], {}, TypeError, r"article 0 is a str; expected a \(date, quotes\) pair"),
    ([("2019-01-01", [[_q("A", "bilateral")]])], {}, TypeError, r"article 0: the quotes should be one flat list"),
    ([("2019-01-01", [Quote("x", 0, 1, "direct", "A")])], {}, ValueError, r"has no stance label"),
    ("2019", {}, TypeError, r"takes \(date, quotes\) pairs"),
])
def test_bad_over_time_input_is_a_clear_error(articles, kwargs, error, match) -> None:
    from stance.summary import stance_over_time

    with pytest.raises(error, match=match):
        stance_over_time(articles, **kwargs)


def test_the_time_chart_fills_empty_periods(tmp_path: Path) -> None:
    from stance.summary import _with_gaps, plot_over_time, stance_over_time

    rows = stance_over_time([("2019-11-02", [_q("A", "bilateral")]), ("2020-02-01", [_q("A", "mediation")])])
    assert [r.period for r in _with_gaps(rows)] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert plot_over_time(rows, tmp_path / "t.png").stat().st_size > 0
    with pytest.raises(ValueError, match="no dated period to draw"):
        plot_over_time(stance_over_time([("", [_q("A", "bilateral")])]), tmp_path / "u.png")
    with pytest.raises(ValueError, match="labels should be some of"):
        plot_over_time(rows, tmp_path / "v.png", labels=["pro"])


def test_analyze_over_time_and_csv_on_the_command_line(tmp_path: Path) -> None:
    import csv
    import io

    rows = [{"id": "a1", "date": "2019-08-02", "text": '"We need no mediator," Jon Arvo said.'},
            {"id": "a2", "date": "2019-10-11", "text": 'Jon Arvo said the two capitals would settle it alone.'},
            {"id": "a3", "text": '"Trade grew by a fifth," a customs officer said.'}]
    (tmp_path / "arts.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    chart = tmp_path / "time.png"
    result = runner.invoke(app, ["analyze", "--model", "keywords", "--over-time", "month", "--format", "csv",
                                 "--plot", str(chart), str(tmp_path / "arts.jsonl")])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["period"], r["quotes"]) for r in table] == [("2019-08", "1"), ("2019-10", "1"), ("", "1")]
    assert chart.is_file()
    quotes = runner.invoke(app, ["analyze", "--model", "keywords", "--format", "csv", str(tmp_path / "arts.jsonl")])
    got = list(csv.DictReader(io.StringIO(quotes.stdout)))
    assert [(r["document"], r["date"], r["speaker"]) for r in got] == [
        ("a1", "2019-08-02", "Jon Arvo"), ("a2", "2019-10-11", "Jon Arvo"), ("a3", "", "a customs officer")]
    speakers = runner.invoke(app, ["analyze", "--model", "keywords", "--by-speaker", "--format", "csv",
                                   str(tmp_path / "arts.jsonl")])
    first = next(csv.DictReader(io.StringIO(speakers.stdout)))
    assert first["speaker"] == "Jon Arvo" and first["quotes"] == "2" and "share_mediation" in first
    for args, match in ((["--over-time", "decade"], "--over-time must be one of"),
                        (["--over-time", "month", "--by-speaker"], "choose one"),
                        (["--speaker", "Arvo"], "add --over-time")):
        bad = runner.invoke(app, ["analyze", "--model", "keywords", *args, str(tmp_path / "arts.jsonl")])
        assert bad.exit_code == 1 and match in bad.output and "Traceback" not in bad.output


def test_speaker_filter_and_strict_dates() -> None:
    from stance.summary import stance_over_time

    arts = [("2019-08-02", [_q("Imran Khan", "mediation"), _q("Ayesha Khan", "bilateral"), _q("PM Imran Khan", "mediation")]),
            ("2019-8-3", [_q("Khan", "neutral")]), ("August 4, 2019", [_q("Imran Khan", "bilateral")])]
    assert [(r.period, r.quotes) for r in stance_over_time(arts, speaker="Imran Khan")] == [("2019-08", 2), (None, 2)]
    with pytest.raises(ValueError, match="speaker should be a name"):
        stance_over_time(arts, speaker="  ")


def test_too_many_periods_and_unsorted_rows() -> None:
    from stance.summary import MAX_PERIODS, _with_gaps, stance_over_time

    rows = stance_over_time([("2019-11-02", [_q("A", "bilateral"), _q("A", "bilateral")]), ("2019-08-01", [_q("A", "mediation")])])
    by_count = sorted(rows, key=lambda r: -r.quotes)
    assert [r.period for r in _with_gaps(by_count)] == ["2019-08", "2019-09", "2019-10", "2019-11"]
    spread = stance_over_time([("0001-01-01", [_q("A", "bilateral")]), ("2020-01-01", [_q("A", "bilateral")])], freq="year")
    with pytest.raises(ValueError, match=rf"more than {MAX_PERIODS} periods of a year; look for placeholder dates"):
        _with_gaps(spread)


def test_shorter_forms_of_a_name_count_under_the_one_name_they_end() -> None:
    quotes = [[_q("Ilse M. Varga", "bilateral"), _q("Varga", "bilateral")],
              [_q("Ilse M Varga", "bilateral"), _q("M. Varga", "neutral")],
              [_q("Jon Arvo", "mediation"), _q("Karin Arvo", "mediation"), _q("Arvo", "neutral"),
               _q("the spokesman", "neutral"), _q("The Spokesman", "neutral"),
               _q("Abdel Fattah al-Burhan", "bilateral"), _q("al-Burhan", "bilateral"),
               _q("Foreign Ministry", "neutral"), _q("Westland Foreign Ministry", "bilateral")]]
    rows = {r.speaker: (r.quotes, r.documents) for r in speaker_stances(quotes)}
    assert rows == {"Ilse M. Varga": (4, 2), "Jon Arvo": (1, 1), "Karin Arvo": (1, 1), "Arvo": (1, 1),
                    "the spokesman": (2, 1), "Abdel Fattah al-Burhan": (2, 1), "Foreign Ministry": (1, 1),
                    "Westland Foreign Ministry": (1, 1)}
    # the row takes the fuller name the articles use most, not a surname merged into it
    rows = speaker_stances([_q("Minister Ilse Varga", "bilateral"), _q("Varga", "bilateral"), _q("Varga", "neutral"),
                            _q("Varga", "neutral"), _q("Ilse Varga", "bilateral"), _q("Ilse Varga", "neutral")])
    assert [(r.speaker, r.quotes) for r in rows] == [("Ilse Varga", 6)]
    kept = {r.speaker for r in speaker_stances(quotes, merge_names=False)}
    assert {"Varga", "M. Varga", "Ilse M. Varga"} <= kept

"""Tests for reading analysis inputs."""

from __future__ import annotations

import io
import json

import pytest

from stance.documents import Document, html_to_text, read_documents


def test_html_to_text_drops_scripts_and_separates_paragraphs():
    html = ("<html><head><title>T</title><style>p{}</style></head><body><nav>Home | World</nav>"
            "<p>The envoy said &ldquo;no&rdquo; &amp; left.</p><script>track()</script>"
            "<div>Second <b>paragraph</b><br>continues.</div></body></html>")
    assert html_to_text(html) == "The envoy said “no” & left.\n\nSecond paragraph continues."


def test_html_to_text_rejects_non_str():
    with pytest.raises(TypeError, match="expects the page as str, got bytes"):
        html_to_text(b"<p>x</p>")


def test_read_txt_html_and_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text("Plain text article.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<title>Head</title><p>One</p><p>Two</p>", encoding="utf-8")
    rows = [{"id": "g1", "text": "Gold text.", "title": "G", "quotes": []}, {"text": "No id here."}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    docs = read_documents([tmp_path / "a.txt", tmp_path / "b.html", str(tmp_path / "c.jsonl")])
    assert docs[0] == Document(id="a.txt", text="Plain text article.")
    assert docs[1] == Document(id="b.html", text="One\n\nTwo", title="Head")
    assert docs[2] == Document(id="g1", text="Gold text.", title="G")
    assert docs[3].text == "No id here." and docs[3].id == "c.jsonl:2"


def test_gold_offsets_survive_reading(tmp_path):
    text = 'He said: "Only directly."'
    row = {"id": "x", "text": text, "quotes": [{"start": 10, "end": 24, "text": "Only directly."}]}
    (tmp_path / "g.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    doc = read_documents([tmp_path / "g.jsonl"])[0]
    assert doc.text[10:24] == "Only directly."


def test_missing_file_error_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nope\.txt"):
        read_documents([tmp_path / "nope.txt"])


def test_jsonl_row_without_text_names_the_line(tmp_path):
    (tmp_path / "d.jsonl").write_text('{"id": 1, "text": "ok"}\n{"id": 2, "body": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"d\.jsonl:2: the row has no 'text' field"):
        read_documents([tmp_path / "d.jsonl"])


def test_invalid_json_names_the_line(tmp_path):
    (tmp_path / "e.jsonl").write_text('{"text": "ok"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"e\.jsonl:2: not valid JSON"):
        read_documents([tmp_path / "e.jsonl"])


def test_stdin_text_and_jsonl(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Just text from a pipe."))
    assert read_documents(["-"]) == [Document(id="-", text="Just text from a pipe.")]
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s", "text": "From jsonl."}\n'))
    assert read_documents(["-"]) == [Document(id="s", text="From jsonl.")]


def test_single_path_string_is_rejected():
    with pytest.raises(TypeError, match="expects a list of paths"):
        read_documents("a.txt")

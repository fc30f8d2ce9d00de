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


def test_crlf_on_stdin_is_kept_so_offsets_index_the_piped_bytes(monkeypatch):
    raw = 'First line.\r\nThe envoy said: "Only directly."\r\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw.encode("utf-8")), encoding="utf-8"))
    (doc,) = read_documents(["-"])
    assert doc.text == raw
    assert doc.text[doc.text.index("Only"):].startswith("Only directly.")


def test_non_utf8_stdin_is_explained(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("Caf\xe9 talks".encode("latin-1")), encoding="utf-8"))
    with pytest.raises(ValueError, match="standard input is not valid UTF-8"):
        read_documents(["-"])


def test_single_path_string_is_rejected():
    with pytest.raises(TypeError, match="expects a list of paths"):
        read_documents("a.txt")


def test_stdin_jsonl_keeps_line_separators_inside_strings(monkeypatch):
    rows = [{"id": "u", "text": "First\u2028line\x85and more\u2029end."}, {"id": "v", "text": "Second."}]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(data))
    docs = read_documents(["-"])
    assert [d.id for d in docs] == ["u", "v"]
    assert docs[0].text == rows[0]["text"]


def test_jsonl_file_keeps_line_separators_inside_strings(tmp_path):
    row = {"id": "u", "text": "A\u2028B\x85C"}
    (tmp_path / "u.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_documents([tmp_path / "u.jsonl"]) == [Document(id="u", text="A\u2028B\x85C")]


def test_crlf_txt_offsets_index_the_raw_file(tmp_path):
    raw = 'First line.\r\nThe envoy said: "Only directly."\r\n'
    (tmp_path / "crlf.txt").write_bytes(raw.encode("utf-8"))
    doc = read_documents([tmp_path / "crlf.txt"])[0]
    assert doc.text == raw
    start = raw.index("Only")
    assert doc.text[start:start + 14] == "Only directly."


def test_non_utf8_txt_names_the_file(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin\.txt.*UTF-8"):
        read_documents([tmp_path / "latin.txt"])


def test_non_utf8_jsonl_names_the_file(tmp_path):
    (tmp_path / "latin.jsonl").write_bytes('{"text": "Caf\xe9"}\n'.encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin\.jsonl.*UTF-8"):
        read_documents([tmp_path / "latin.jsonl"])


def test_folder_path_says_it_is_a_folder(tmp_path):
    (tmp_path / "articles").mkdir()
    with pytest.raises(IsADirectoryError, match=r"articles.*is a folder") as info:
        read_documents([tmp_path / "articles"])
    assert "does not exist" not in str(info.value)


def test_svg_title_does_not_become_the_page_title(tmp_path):
    html = ("<html><head><title>River talks resume</title></head><body>"
            "<svg><title>Share icon</title><path d='M0'/></svg><p>The envoy spoke.</p></body></html>")
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    doc = read_documents([tmp_path / "p.html"])[0]
    assert doc.title == "River talks resume"
    assert doc.text == "The envoy spoke."


def test_title_only_in_dropped_elements_gives_no_title(tmp_path):
    html = "<body><svg><title>Logo</title></svg><nav><title>Menu</title></nav><p>Body text.</p></body>"
    (tmp_path / "q.html").write_text(html, encoding="utf-8")
    doc = read_documents([tmp_path / "q.html"])[0]
    assert doc.title is None and doc.text == "Body text."


def test_svg_title_before_head_title_is_skipped():
    from stance.documents import _parse_html

    text, title = _parse_html("<svg><title>Icon</title></svg><title>Real title</title><p>Text.</p>")
    assert (text, title) == ("Text.", "Real title")


def test_unclosed_head_ends_at_body():
    html = "<html><head><title>T</title><body><p>Visible text.</p></body></html>"
    assert html_to_text(html) == "Visible text."


def test_read_json_array_and_single_object(tmp_path):
    rows = [{"id": "g1", "text": "Gold text.", "title": "G", "quotes": []}, {"text": "No id here."}]
    (tmp_path / "many.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"id": 7, "text": "He said \"no\"."}), encoding="utf-8")
    docs = read_documents([tmp_path / "many.json", tmp_path / "one.json"])
    assert docs == [Document(id="g1", text="Gold text.", title="G"), Document(id="many.json:1", text="No id here."),
                    Document(id="7", text='He said "no".')]


@pytest.mark.parametrize(("content", "match"), [
    ('"just a string"', r"bad\.json: expected a JSON array of objects with a 'text' field, or one such object, got a str"),
    ("[1, 2]", r"bad\.json, item 0: expected a JSON object with a 'text' field, got int"),
    ('[{"text": "ok"}, {"body": "x"}]', r"bad\.json, item 1: the row has no 'text' field \(fields: body\)"),
    ('{"text": 3}', r"bad\.json: field 'text' should be a string, got int"),
    ('[{"text": "ok"},\n {"text": ', r"bad\.json: not valid JSON \(.* at line 2, column 11\)"),
])
def test_bad_json_files_are_explained(tmp_path, content, match):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        read_documents([tmp_path / "bad.json"])


def test_invalid_jsonl_points_at_the_column_on_its_own_line(tmp_path):
    (tmp_path / "e.jsonl").write_text('{"id": "a1", "text": "ok"}\n{"id": "a2", "text": "oops"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"e\.jsonl:2: not valid JSON \(Expecting ',' delimiter at column 28\)"):
        read_documents([tmp_path / "e.jsonl"])

"""Validate the authored corpus sources and build the gold-format files.

Usage::

    python corpus/build.py                 # validate everything, write corpus/v1/ ... the newest version
    python corpus/build.py --check FILE …  # validate the named files only, print counts

Each article quote's offsets are computed here: a quote's ``text`` must occur exactly in the
article text at or after the start of the previous quote (quotes are listed in reading order).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
from stance.types import KINDS, LABELS  # noqa: E402  (one list of labels for the corpus and the models)

#: Corpus versions and the writers (source file writer ids) each holds: v1 is batches 1-3; v2 adds
#: batches 4 and 5 (writers o-x); v3 batches 6 and 7 (y, z, aa-af); v4 batch 8 (ag-aj); v5 batch 9
#: (ak-an); v6 batch 10 (ao-ar); v7 batch 11 (as-av); v8 batch 12 (aw-az); v9 batch 13 (ba-bd);
#: v10 batch 14 (be-bh); v11 batch 15 (bi-bl); v12 batch 16 (bm-bp); v13 batch 17 (bq-bt); v14
#: batch 18 (bu-bx, generic statements). v15 is v10 plus batch 19 (by-cb: outside help named
#: without the word "mediation"), leaving out batches 15-18. A writer id is the letters after the
#: file's last hyphen.
#: A version is frozen once a model ships from it: later batches never change it. (Once, with v7,
#: every version was rebuilt after texts that reproduced published statements were reworded.)
_V1 = list("abcdefghijklmn")
_V2 = _V1 + list("opqrstuvwx")
_V3 = [*_V2, "y", "z", "aa", "ab", "ac", "ad", "ae", "af"]
_V4 = [*_V3, "ag", "ah", "ai", "aj"]
_V5 = [*_V4, "ak", "al", "am", "an"]
_V6 = [*_V5, "ao", "ap", "aq", "ar"]
_V7 = [*_V6, "as", "at", "au", "av"]
_V8 = [*_V7, "aw", "ax", "ay", "az"]
_V9 = [*_V8, "ba", "bb", "bc", "bd"]
_V10 = [*_V9, "be", "bf", "bg", "bh"]
_V11 = [*_V10, "bi", "bj", "bk", "bl"]
_V12 = [*_V11, "bm", "bn", "bo", "bp"]
_V13 = [*_V12, "bq", "br", "bs", "bt"]
_V14 = [*_V13, "bu", "bv", "bw", "bx"]
VERSIONS = {"v1": _V1, "v2": _V2, "v3": _V3, "v4": _V4, "v5": _V5, "v6": _V6, "v7": _V7, "v8": _V8,
            "v9": _V9, "v10": _V10, "v11": _V11, "v12": _V12, "v13": _V13, "v14": _V14,
            "v15": [*_V10, "by", "bz", "ca", "cb"], "v16": [*_V10, "cc", "cd", "ce", "cf", "cg", "ch", "ci", "cj"]}


class CorpusError(ValueError):
    """A source file breaks the authoring format."""


def _require(item: dict, key: str, where: str, types: type | tuple = str) -> object:
    if key not in item:
        raise CorpusError(f"{where}: missing field {key!r}")
    value = item[key]
    if not isinstance(value, types):
        raise CorpusError(f"{where}: field {key!r} should be {types}, got {type(value).__name__}: {value!r}")
    return value


def _items(path: Path, what: str) -> list[tuple[str, dict]]:
    """The YAML list in a source file, as ``(location, mapping)`` pairs."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(items, list):
        raise CorpusError(f"{path}: expected a YAML list of {what}, got {type(items).__name__}")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise CorpusError(f"{path.name}[{i}]: expected a mapping, got {type(item).__name__}")
    return [(f"{path.name}[{i}]", item) for i, item in enumerate(items)]


def load_articles(path: Path) -> list[dict]:
    """Read one article source file and return gold-format article dicts with offsets."""
    out = []
    for where, item in _items(path, "articles"):
        aid = _require(item, "id", where)
        where = f"{path.name}:{aid}"
        text = _require(item, "text", where)
        text = text.rstrip("\n")
        quotes = _require(item, "quotes", where, list)
        cursor = 0
        gold = []
        for j, q in enumerate(quotes):
            qw = f"{where} quote {j}"
            qt = _require(q, "text", qw)
            if not qt.strip() or qt != qt.strip():
                raise CorpusError(f"{qw}: quote text is empty or has surrounding spaces: {qt!r}")
            kind = _require(q, "kind", qw)
            if kind not in KINDS:
                raise CorpusError(f"{qw}: kind {kind!r} is not one of {KINDS}")
            stance = _require(q, "stance", qw)
            if stance not in LABELS:
                raise CorpusError(f"{qw}: stance {stance!r} is not one of {LABELS}")
            speaker = _require(q, "speaker", qw)
            start = text.find(qt, cursor)
            if start < 0:
                anywhere = text.find(qt)
                hint = " (it occurs earlier: list quotes in reading order)" if anywhere >= 0 else ""
                raise CorpusError(f"{qw}: text not found in the article after the previous quote{hint}: {qt[:80]!r}")
            end = start + len(qt)
            while end > start and text[end - 1] in ",;:":  # "…,” he said: the comma is not part of the statement
                end -= 1
            qt = text[start:end]
            gold.append({"start": start, "end": end, "text": qt, "kind": kind,
                         "speaker": speaker, "stance": stance})
            cursor = start + 1
        for a, b in itertools.pairwise(gold):
            if b["start"] < a["end"]:
                raise CorpusError(f"{where}: quotes overlap: {a['text'][:40]!r} and {b['text'][:40]!r}")
        out.append({"id": aid, "url": "", "title": str(item.get("title", "")),
                    "date": str(item.get("date", "") or ""),
                    "dispute": _require(item, "dispute", where), "text": text, "quotes": gold})
    return out


def load_statements(path: Path) -> list[dict]:
    """Read one statement source file and return statement dicts."""
    out = []
    for where, item in _items(path, "statements"):
        sid = _require(item, "id", where)
        text = _require(item, "text", f"{path.name}:{sid}").strip()
        stance = _require(item, "stance", f"{path.name}:{sid}")
        if stance not in LABELS:
            raise CorpusError(f"{path.name}:{sid}: stance {stance!r} is not one of {LABELS}")
        out.append({"id": sid, "dispute": _require(item, "dispute", f"{path.name}:{sid}"),
                    "speaker": str(item.get("speaker", "") or ""), "stance": stance, "text": text})
    return out


def apply_adjudication(articles: list[dict], statements: list[dict], path: Path) -> int:
    """Apply adjudicated labels (``{"id": "<article id>#<n>" or statement id, "stance": ...}``)."""
    if not path.is_file():
        return 0
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    quotes = {f"{a['id']}#{n}": q for a in articles for n, q in enumerate(a["quotes"])}
    stmts = {s["id"]: s for s in statements}
    for r in rows:
        target = quotes.get(r["id"]) or stmts.get(r["id"])
        if target is None:
            raise CorpusError(f"{path.name}: adjudicated item {r['id']!r} is not in the corpus")
        if r["stance"] not in LABELS:
            raise CorpusError(f"{path.name}: {r['id']}: stance {r['stance']!r} is not one of {LABELS}")
        target["stance"] = r["stance"]
    return len(rows)


def _summary(articles: list[dict], statements: list[dict]) -> str:
    q = [x for a in articles for x in a["quotes"]]
    lines = [f"articles: {len(articles)}  quotes: {len(q)}  statements: {len(statements)}"]
    if q:
        lines.append("quote labels: " + json.dumps(collections.Counter(x["stance"] for x in q)))
        lines.append("quote kinds:  " + json.dumps(collections.Counter(x["kind"] for x in q)))
    if statements:
        lines.append("statement labels: " + json.dumps(collections.Counter(x["stance"] for x in statements)))
    return "\n".join(lines)


def _writer_order(writer: str) -> tuple[int, str]:
    """Writer ids in the order they were given: ``a`` ... ``z``, then ``aa``, ``ab`` ..."""
    return len(writer), writer


def _ranges(writers: list[str]) -> str:
    """``a-bh, by-cb``: runs of consecutive writer ids."""
    order = sorted({w for ws in VERSIONS.values() for w in ws}, key=_writer_order)
    runs: list[list[str]] = []
    for w in writers:
        if runs and order.index(w) == order.index(runs[-1][-1]) + 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _writer(path: Path) -> str:
    """The writer id of a source file: ``kashmir-a2.yaml`` -> ``a``, ``cyprus-aa.yaml`` -> ``aa``."""
    match = re.match(r"[a-z]+", path.stem.rsplit("-", 1)[-1]) if "-" in path.stem else None
    known = {w for writers in VERSIONS.values() for w in writers}
    if not match or match.group() not in known:
        raise CorpusError(f"{path.name}: expected <dispute>-<writer id>[n].yaml with a writer id that a corpus "
                          f"version holds ({_ranges(sorted(known, key=_writer_order))}); add new writers to VERSIONS")
    return match.group()


def collect(files: list[Path]) -> tuple[list[dict], list[dict], list[str]]:
    """Load every file, returning articles, statements and error messages."""
    articles, statements, errors = [], [], []
    for f in files:
        try:
            items = load_statements(f) if f.parent.name == "statements" else load_articles(f)
            for item in items:
                item["_writer"] = _writer(f)
            (statements if f.parent.name == "statements" else articles).extend(items)
        except (CorpusError, yaml.YAMLError) as exc:
            errors.append(f"{f}: {exc}")
    ids = collections.Counter([a["id"] for a in articles] + [s["id"] for s in statements])
    errors += [f"duplicate id {k!r} ({v} times)" for k, v in ids.items() if v > 1]
    return articles, statements, errors


def version_rows(articles: list[dict], statements: list[dict]) -> dict[str, dict[str, list[str]]]:
    """The JSON lines of ``articles.jsonl`` and ``statements.jsonl`` for every corpus version."""
    out = {}
    for version, writers in VERSIONS.items():
        out[version] = {
            name: [json.dumps({k: v for k, v in r.items() if k != "_writer"}, ensure_ascii=False)
                   for r in sorted(rows, key=lambda r: r["id"]) if r["_writer"] in writers]
            for name, rows in (("articles.jsonl", articles), ("statements.jsonl", statements))
        }
    return out


def build_all(root: Path = ROOT) -> tuple[list[dict], list[dict], list[str]]:
    """Every source item with its adjudicated label: ``(articles, statements, errors)``."""
    articles, statements, errors = collect(sorted((root / "src").glob("*/*.yaml")))
    if not errors:
        n = apply_adjudication(articles, statements, root / "annotation" / "adjudication.jsonl")
        print(f"applied {n} adjudicated labels")
    return articles, statements, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", nargs="+", type=Path, help="validate these files only")
    args = parser.parse_args(argv)
    if args.check:
        articles, statements, errors = collect(args.check)
    else:
        articles, statements, errors = build_all()
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print(_summary(articles, statements))
    if errors:
        return 1
    if not args.check:
        for version, files_out in version_rows(articles, statements).items():
            out = ROOT / version
            out.mkdir(exist_ok=True)
            for name, lines in files_out.items():
                (out / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            print(f"wrote {out}/articles.jsonl and statements.jsonl (writers {_ranges(VERSIONS[version])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

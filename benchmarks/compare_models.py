"""Side by side: macro-F1 and per-label F1 of every model, on the corpus test split and on gold articles.

Usage::

    python benchmarks/compare_models.py                          # shipped models + baselines
    python benchmarks/compare_models.py --gold ../shared/devset.jsonl --models default accurate models/foo
    python benchmarks/compare_models.py --json out.json

Gold quotes are read in their article context through ``label_quotes`` (stance alone: the
gold spans and speakers are given). The corpus test split is the one ``configs/default.yaml``
defines (grouped, seeded), less, for each model, the examples its own saved config put in its
training or validation split (a model trained on an earlier corpus version may have trained on
examples that the current split tests); the table prints each model's ``n``. Because those sets
differ, ``corpus_test_common`` also scores every model on the test examples none of them has seen,
and ``statements_no_speaker`` on that set's standalone statements with their speakers taken away
(what ``stance.predict`` reads when it is given no speakers). ``corpus_test_articles``, ``_bare`` and
``_framed`` split each model's corpus test rows by kind (article quotes; standalone statements bare
and in a reporting frame), and the last table gives each model's macro-F1 minus the first model's on
the common examples, with a 95% interval from a paired bootstrap over their groups (1,000 draws).
``gold_unseen`` scores each model on the gold quotes that do not reproduce text of its own
training corpus (a run of 8 words, or a whole quote of 5-7 words; ``corpus/overlap.py``): early
batches carried a few published quotations word for word, which flatter a model on the gold
articles that quote them too.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.api import load  # noqa: E402
from stance.baselines import load_baseline  # noqa: E402
from stance.config import load_config  # noqa: E402
from stance.data import build_dataset, seen_example_ids  # noqa: E402
from stance.gold import read_gold  # noqa: E402
from stance.training import classification_metrics  # noqa: E402
from stance.types import LABELS  # noqa: E402


def _load_any(name: str):
    if name in ("keywords", "tfidf") or (Path(name) / "baseline.json").is_file():
        return load_baseline(name)
    return load(name, runtime="torch")  # torch is imported here anyway, and labels the corpus test split faster


def seen_ids(name: str) -> set[str]:
    """Ids of the examples a model (shipped name or folder) trained or selected on."""
    from stance.api import _MODELS_DIR

    return seen_example_ids(_MODELS_DIR / name if (_MODELS_DIR / name).is_dir() else Path(name), root=ROOT)


def _overlap_module():
    spec = importlib.util.spec_from_file_location("corpus_overlap", ROOT / "corpus" / "overlap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def training_index(name: str):
    """A ``CorpusIndex`` of the texts a model (shipped name or folder) was trained on, from its saved
    config: its corpus folder as it is now, plus any ``data.extra_gold`` files; ``None`` without a
    saved config. A model trained before the corpus-v7 rewording (commit aefe15e and earlier) read
    the original files, which this index no longer holds."""
    from stance.api import _MODELS_DIR

    folder = _MODELS_DIR / name if (_MODELS_DIR / name).is_dir() else Path(name)
    if not (folder / "config.yaml").is_file():
        return None
    data = load_config(folder / "config.yaml", check_base=False).data
    return _corpus_index(data.corpus, tuple(data.extra_gold))


@functools.cache
def _corpus_index(corpus: str, extra_gold: tuple[str, ...]):
    """One index per training corpus, shared by the models trained on it."""
    resolve = lambda p: Path(p) if Path(p).is_absolute() else ROOT / p  # noqa: E731
    extra = [a.text for path in extra_gold for a in read_gold(resolve(path))]
    return _overlap_module().CorpusIndex(resolve(corpus), texts=extra)


def label_ids(model, rows: list[dict]) -> list[int]:
    """The label index each row gets from a model (one inference pass)."""
    return [LABELS.index(p.label) for p in model.predict_examples(rows)] if rows else []


def _is_bare_statement(row: dict) -> bool:
    return row["source"] == "statement" and "~" not in row["id"]  # framed variants have ids "<statement>~<n>"


#: corpus test rows by kind: article quotes, standalone statements bare and in a reporting frame
TEST_PARTS = {"corpus_test_articles": lambda r: r["source"] != "statement", "corpus_test_bare": _is_bare_statement,
              "corpus_test_framed": lambda r: r["source"] == "statement" and not _is_bare_statement(r)}


def corpus_scores(rows: list[dict], pred: list[int]) -> dict:
    """``corpus_test`` metrics of predicted label indices, and the same by kind (:data:`TEST_PARTS`)."""
    out = {"corpus_test": classification_metrics([r["label"] for r in rows], pred)} if rows else {}
    for part, keep in TEST_PARTS.items():
        idx = [i for i, r in enumerate(rows) if keep(r)]
        if idx:
            out[part] = classification_metrics([rows[i]["label"] for i in idx], [pred[i] for i in idx])
    return out


def paired_bootstrap(rows: list[dict], pred_a: list[int], pred_b: list[int], n: int = 1000,
                     seed: int = 0) -> dict:
    """Macro-F1 of ``b`` minus ``a`` on the same rows, with a 95% interval from resampling their groups."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(r["group"], []).append(i)
    members = list(groups.values())
    gold, a, b = (np.array(v) for v in ([r["label"] for r in rows], pred_a, pred_b))
    rng = np.random.default_rng(seed)
    deltas = []
    for _ in range(n):
        idx = np.concatenate([members[j] for j in rng.integers(len(members), size=len(members))])
        deltas.append(classification_metrics(gold[idx], b[idx])["macro_f1"]
                      - classification_metrics(gold[idx], a[idx])["macro_f1"])
    full = classification_metrics(gold, b)["macro_f1"] - classification_metrics(gold, a)["macro_f1"]
    return {"n": len(rows), "delta": round(float(full), 4),
            "ci": [round(float(np.percentile(deltas, 2.5)), 4), round(float(np.percentile(deltas, 97.5)), 4)]}


def score_gold(model, gold_articles: list, seen_quote=None) -> dict:
    """Metrics of one model on gold articles (by dispute too).

    ``seen_quote(text) -> bool``, when given, marks gold quotes that reproduce the model's training
    text; ``gold_unseen`` holds the metrics on the others."""
    out = {}
    if gold_articles:
        gold, pred, disputes, seen = [], [], [], []
        t0 = time.time()
        for art in gold_articles:
            if not art.quotes:
                continue
            ps = model.label_quotes(art.text, [(q.start, q.end, q.speaker) for q in art.quotes])
            gold += [LABELS.index(q.stance) for q in art.quotes]
            pred += [LABELS.index(p.label) for p in ps]
            disputes += [art.dispute] * len(ps)
            seen += [bool(seen_quote and seen_quote(art.text[q.start:q.end])) for q in art.quotes]
        out["gold"] = classification_metrics(gold, pred)
        out["gold"]["seconds"] = round(time.time() - t0, 1)
        groups = [("gold_kashmir", lambda i: disputes[i] == "kashmir"), ("gold_other", lambda i: disputes[i] != "kashmir")]
        if seen_quote is not None:
            groups.append(("gold_unseen", lambda i: not seen[i]))
        for group, keep in groups:
            idx = [i for i in range(len(gold)) if keep(i)]
            if idx:
                out[group] = classification_metrics([gold[i] for i in idx], [pred[i] for i in idx])
    return out


def print_table(results: dict[str, dict]) -> None:
    cols = ["macro_f1"] + [f"f1_{label}" for label in LABELS]
    for part in ("corpus_test", *TEST_PARTS, "corpus_test_common", "statements_no_speaker", "gold", "gold_kashmir",
                 "gold_other", "gold_unseen"):
        rows = [(name, r[part]) for name, r in results.items() if part in r]
        if not rows:
            continue
        print(f"\n## {part}")
        print(f"{'model':<28}{'n':>6}" + "".join(f"{c:>14}" for c in cols))
        for name, m in rows:
            print(f"{name:<28}{m['n']:>6}" + "".join(f"{m[c]:>14.3f}" for c in cols))
    rows = [(name, r["common_vs_first"]) for name, r in results.items() if "common_vs_first" in r]
    if rows:
        print(f"\n## common test examples: macro-F1 minus {next(iter(results))!r}'s (paired bootstrap over groups)")
        for name, d in rows:
            print(f"{name:<28}{d['n']:>6}{d['delta']:>+10.3f}  [{d['ci'][0]:+.3f}, {d['ci'][1]:+.3f}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", default=["default", "accurate", "tfidf", "keywords"])
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "devset.jsonl"))
    parser.add_argument("--config", default=str(ROOT / "configs" / "default.yaml"), help="defines the corpus test split")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    cfg = load_config(args.config)
    test_rows = build_dataset(cfg.data, root=ROOT, window=cfg.model.context_chars)["test"].to_list()
    gold_articles = read_gold(args.gold) if args.gold and Path(args.gold).is_file() else []
    models, seen = {}, {}
    for name in args.models:
        try:
            models[name] = _load_any(name)
        except FileNotFoundError as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
            continue
        seen[name] = seen_ids(name)
    seen_by_any = set().union(*seen.values()) if seen else set()
    common = [r for r in test_rows if r["id"] not in seen_by_any]
    # the common test statements as ``stance.predict`` reads them when called without speakers
    bare = [{**r, "speaker": ""} for r in common if _is_bare_statement(r)]
    results, common_pred = {}, {}
    for name, model in models.items():
        own = [r for r in test_rows if r["id"] not in seen[name]]
        pred = label_ids(model, own)
        results[name] = corpus_scores(own, pred)
        by_id = dict(zip((r["id"] for r in own), pred))
        common_pred[name] = [by_id[r["id"]] for r in common]  # the common rows are among every model's own
        if len(common) < len(test_rows):
            results[name]["corpus_test_common"] = classification_metrics([r["label"] for r in common],
                                                                         common_pred[name])
        if bare:
            results[name]["statements_no_speaker"] = classification_metrics([r["label"] for r in bare],
                                                                            label_ids(model, bare))
        index = training_index(name) if gold_articles else None
        results[name].update(score_gold(model, gold_articles, index.seen if index is not None else None))
    first = next(iter(models), None)
    for name in list(models)[1:]:
        if common:
            results[name]["common_vs_first"] = paired_bootstrap(common, common_pred[first], common_pred[name])
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

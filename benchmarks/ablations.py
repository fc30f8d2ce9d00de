"""Train variants of the default model and compare them: pooling, speaker and context, base encoder.

Usage::

    python benchmarks/ablations.py --out runs/ablations [--variants mean cls no_context ...] [--set key=value ...]
    python benchmarks/ablations.py --variants minilm_mean minilm_2_epochs --seeds 42 1 2

Each variant is ``configs/default.yaml`` with overrides (below); every model is scored with
``compare_models.score_model`` on its own config's corpus test split and on the gold file's quotes.
With ``--seeds``, each variant is trained once per seed and a last table gives the mean and
standard deviation over seeds (one devset run is a noisy figure: see the README's seed variance).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare_models import print_table, score_model  # noqa: E402

from stance.api import load  # noqa: E402
from stance.baselines import load_baseline  # noqa: E402
from stance.config import load_config  # noqa: E402
from stance.data import build_dataset  # noqa: E402
from stance.gold import read_gold  # noqa: E402
from stance.training import train  # noqa: E402

VARIANTS = {
    "minilm_mean": [],
    "minilm_cls": ["model.pooling=cls"],
    "minilm_2_epochs": ["training.epochs=2"],
    "minilm_fp32": ["training.precision=fp32"],
    "minilm_upper_layers": ["model.lora.layers=[3,4,5]"],
    "minilm_corpus_v3_recipe": ["data.corpus=corpus/v3", "data.split=per_stratum", "training.epochs=2",
                                "training.group_by_length=false", "training.precision=fp32"],
    "minilm_no_speaker": ["model.use_speaker=false"],
    "minilm_no_context": ["model.use_context=false"],
    "minilm_quote_only": ["model.use_context=false", "model.use_speaker=false"],
    "minilm_inline": ["model.input_format=inline"],
    "minilm_r64_4_epochs": ["model.lora.r=64", "model.lora.alpha=128", "training.epochs=4"],
    "minilm_full_finetune": ["model.lora.enabled=false", "training.learning_rate=5e-5", "training.epochs=3"],
    "minilm_unweighted": ["training.class_weights=none"],
    "mpnet_mean": ["model.base=mpnet", "training.learning_rate=6e-4"],
    "mpnet_3_epochs": ["model.base=mpnet", "training.learning_rate=6e-4", "training.epochs=3"],
    "mpnet_full_finetune": ["model.base=mpnet", "model.lora.enabled=false", "training.learning_rate=3e-5",
                            "training.epochs=3"],
    "tfidf": ["model.kind=tfidf"],
    "tfidf_quote_only": ["model.kind=tfidf", "model.use_context=false", "model.use_speaker=false"],
    "keywords": ["model.kind=keywords"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="runs/ablations")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS))
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "devset.jsonl"))
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="applied to every variant")
    parser.add_argument("--seeds", nargs="+", type=int, help="train every variant once per seed (default: the config's)")
    args = parser.parse_args(argv)
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    gold = read_gold(args.gold) if Path(args.gold).is_file() else []
    results: dict[str, dict] = {}
    test_sets: dict[str, list[dict]] = {}
    for name in args.variants:
        for seed in args.seeds or [None]:
            run = name if seed is None else f"{name}/seed{seed}"
            out = Path(args.out) / run
            overrides = [*VARIANTS[name], *args.overrides, f"name={name}"]
            if seed is not None:
                overrides.append(f"training.seed={seed}")
            cfg = load_config(ROOT / "configs" / "default.yaml", overrides)
            key = repr(cfg.data)
            if key not in test_sets:  # each variant is scored on its own config's test split
                test_sets[key] = build_dataset(cfg.data, root=ROOT, window=cfg.model.context_chars)["test"].to_list()
            train(cfg, output_dir=out, root=ROOT)
            model = load_baseline(str(out)) if cfg.model.kind != "transformer" else load(out)
            results[run] = score_model(model, test_sets[key], gold)
            metrics_file = out / "metrics.json"
            if metrics_file.is_file():
                results[run]["train_seconds"] = json.loads(metrics_file.read_text()).get("train_seconds")
            print(run, json.dumps({k: v.get("macro_f1") for k, v in results[run].items() if isinstance(v, dict)}),
                  flush=True)
            (Path(args.out) / "results.json").write_text(json.dumps(results, indent=2))
    print_table(results)
    if args.seeds and len(args.seeds) > 1:
        print_seed_summary(results, args.variants, args.seeds)
    return 0


def print_seed_summary(results: dict[str, dict], variants: list[str], seeds: list[int]) -> None:
    """Mean ± standard deviation of macro-F1 over seeds, per variant and part."""
    parts = ("corpus_test", "gold", "gold_kashmir", "gold_other")
    print(f"\n## mean ± sd over seeds {', '.join(map(str, seeds))}")
    print(f"{'variant':<28}" + "".join(f"{p:>20}" for p in parts))
    for name in variants:
        cells = []
        for part in parts:
            vals = [results[f"{name}/seed{s}"][part]["macro_f1"] for s in seeds
                    if part in results.get(f"{name}/seed{s}", {})]
            cells.append(f"{statistics.mean(vals):.3f} ± {statistics.stdev(vals):.3f}" if len(vals) > 1 else "–")
        print(f"{name:<28}" + "".join(f"{c:>20}" for c in cells))


if __name__ == "__main__":
    sys.exit(main())

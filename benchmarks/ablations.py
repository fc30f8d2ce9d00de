"""Train variants of the default model and compare them: pooling, speaker and context, base encoder.

Usage::

    python benchmarks/ablations.py --out runs/ablations [--variants mean cls no_context ...] [--set key=value ...]

Each variant is ``configs/default.yaml`` with overrides (below); every model is scored with
``compare_models.score_model`` on the corpus test split and the gold file's quotes.
"""

from __future__ import annotations

import argparse
import json
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
    "minilm_3_epochs": ["training.epochs=3"],
    "minilm_no_speaker": ["model.use_speaker=false"],
    "minilm_no_context": ["model.use_context=false"],
    "minilm_quote_only": ["model.use_context=false", "model.use_speaker=false"],
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
    args = parser.parse_args(argv)
    base_cfg = load_config(ROOT / "configs" / "default.yaml")
    test_rows = build_dataset(base_cfg.data, root=ROOT, window=base_cfg.model.context_chars)["test"].to_list()
    gold = read_gold(args.gold) if Path(args.gold).is_file() else []
    results = {}
    for name in args.variants:
        out = Path(args.out) / name
        overrides = [*VARIANTS[name], *args.overrides, f"name={name}"]
        cfg = load_config(ROOT / "configs" / "default.yaml", overrides)
        train(cfg, output_dir=out, root=ROOT)
        model = load_baseline(str(out)) if cfg.model.kind != "transformer" else load(out)
        results[name] = score_model(model, test_rows, gold)
        metrics_file = out / "metrics.json"
        if metrics_file.is_file():
            results[name]["train_seconds"] = json.loads(metrics_file.read_text()).get("train_seconds")
        print(name, json.dumps({k: v.get("macro_f1") for k, v in results[name].items() if isinstance(v, dict)}),
              flush=True)
        (Path(args.out) / "results.json").write_text(json.dumps(results, indent=2))
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

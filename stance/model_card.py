"""The generated model card (``README.md`` beside every saved model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["write_model_card", "write_model_files"]


def _fmt(v: Any) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _chosen(metrics: dict) -> str:
    """How a lexical weight was set, from ``metrics.json``'s ``lexical`` entry."""
    how = (metrics.get("lexical") or {}).get("chosen_on", "") if isinstance(metrics, dict) else ""
    if how.startswith("validation"):
        return " (the lowest negative log-likelihood on the validation split)"
    return " (set in the config)" if how else ""


def write_model_card(path: Path, meta: dict, metrics: dict, config: Any = None) -> Path:
    """Write ``README.md`` for a saved model: what it is, how it was trained, its figures.

    Args:
        path: the model folder.
        meta: the contents of ``stance_config.json``.
        metrics: ``{split: {metric: value}}`` as saved in ``metrics.json``.
        config: the training config, if known.
    """
    m = meta["model"]
    base = "a tiny random BERT (tests only)" if m.get("tiny") else m["base"]
    lora_layers = (m.get("lora") or {}).get("layers") if meta["encoder_weights"] == "adapter" else None
    lines = [
        f"# stance model `{meta.get('name', path.name)}`",
        "",
        "Labels a quoted statement by its stance on how a dispute should be settled: "
        + ", ".join(f"`{label}`" for label in meta["labels"]) + ".",
        "",
        "## Model",
        f"- base encoder: {base}; weights saved as: {meta['encoder_weights']}"
        + (" (LoRA adapter merged into the bundled base at load)" if meta["encoder_weights"] == "adapter" else "")
        + (f"; adapters on encoder layers {', '.join(map(str, lora_layers))} only" if lora_layers else ""),
        f"- pooling: {m['pooling']}; reads speaker: {m['use_speaker']}; reads article context: {m['use_context']}"
        f" ({m['context_chars']} characters a side); max length {m['max_length']} tokens",
        "- input: " + ("the quote inside its sentence between « » marks, then the speaker"
                       if m.get("input_format") == "inline" else "the quote, then the speaker and the article context"),
        *([f"- a seed ensemble of {len(meta['ensemble']['members'])} members trained alike from different seeds "
           f"(folders {', '.join(meta['ensemble']['members'])}); it predicts the {meta['ensemble']['combine']}"]
          if meta.get("ensemble") else []),
        f"- temperature (calibration, fitted on the validation split): {meta.get('temperature', 1.0):.3f}",
        *([f"- a lexical component (TF-IDF word 1-2 grams + logistic regression, trained on the same split, "
           f"files {' and '.join(meta['lexical']['files'])}) mixed in log space with weight "
           f"{meta['lexical']['weight']:g}" + _chosen(metrics) + f": log p = {1 - meta['lexical']['weight']:g} "
           f"log p_transformer + {meta['lexical']['weight']:g} log p_lexical (`stance.lexical`)"]
          if meta.get("lexical") else []),
        f"- versions: {', '.join(f'{k} {v}' for k, v in meta.get('versions', {}).items())}",
        "",
        "## Use",
        "```python",
        "import stance",
        f"clf = stance.load({str(path)!r})  # shipped in stance/models/: stance.load({meta.get('name', path.name)!r})",
        'clf.predict(["All issues will be settled bilaterally."])',
        "```",
        "",
    ]
    if metrics:
        lines += ["## Evaluation", ""]
        splits = [s for s in metrics if isinstance(metrics[s], dict) and "macro_f1" in metrics[s]]
        keys = ["macro_f1", "accuracy"] + [f"f1_{label}" for label in meta["labels"]]
        lines.append("| split | n | " + " | ".join(keys) + " |")
        lines.append("|---|---|" + "---|" * len(keys))
        for s in splits:
            row = metrics[s]
            lines.append(f"| {s} | {row.get('n', '')} | " + " | ".join(_fmt(row.get(k, '')) for k in keys) + " |")
        lines.append("")
        alone = metrics.get("transformer")
        if isinstance(alone, dict) and any(isinstance(v, dict) and "macro_f1" in v for v in alone.values()):
            lines += ["The transformer alone, without the lexical component:", "",
                      "| split | n | " + " | ".join(keys) + " |", "|---|---|" + "---|" * len(keys)]
            lines += [f"| {s} | {row.get('n', '')} | " + " | ".join(_fmt(row.get(k, '')) for k in keys) + " |"
                      for s, row in alone.items() if isinstance(row, dict) and "macro_f1" in row]
            lines.append("")
        if isinstance(metrics.get("members"), list):
            lines += ["Each member alone:", "", "| member | seed | steps | validation macro_f1 | test macro_f1 |",
                      "|---|---|---|---|---|"]
            lines += [f"| {m.get('folder', '')} | {m.get('seed', '')} | {m.get('steps', '')} | "
                      f"{_fmt(m.get('validation_macro_f1', ''))} | {_fmt(m.get('test_macro_f1', ''))} |"
                      for m in metrics["members"]]
            lines.append("")
    if config is not None:
        d = config.data
        t = config.training
        average = f"moving average (decay {t.ema_decay})" if t.ema_decay else ""
        if metrics.get("members"):
            selection = "- model selection: each member on its best validation macro-F1" + (
                f" of the weights' {average}" if average else "")
        elif metrics.get("history"):
            selection = "- model selection: best validation macro-F1" + (f" of the weights' {average}" if average else "")
        else:
            selection = "- no validation split: the final weights" + (f", their {average}" if average else "")
        lines += [
            "## Training",
            f"- corpus: `{d.corpus}` (our own writing; see its data card), grouped splits, seed {d.split_seed}"
            + (", split sizes " + ", ".join(f"{k} {v}" for k, v in metrics["split_sizes"].items())
               if isinstance(metrics.get("split_sizes"), dict) else "")
            + (f", {d.speakerless_statements:.0%} of the bare statements without their speaker"
               if d.speakerless_statements else ""),
            f"- {t.epochs} epochs, batch {t.batch_size}, learning rate {t.learning_rate} (head {t.head_learning_rate}),"
            f" label smoothing {t.label_smoothing}, class weights {t.class_weights}, "
            + (f"one member per seed ({', '.join(map(str, t.ensemble_seeds))})" if t.ensemble_seeds
               else f"seed {t.seed}")
            + (", length-grouped batches" if getattr(t, "group_by_length", False) else "")
            + (", bfloat16 autocast" if metrics.get("precision") == "bf16" else "")
            + (", fast dropout masks (`stance.dropout`)" if t.dropout_masks == "fast" else "")
            + (", fused LoRA layers (`stance.lora`)" if t.fused_lora else "")
            + (", one view of each statement per epoch (bare or framed)" if t.statement_views == "one" else "")
            + (f", article quotes read with only their own sentence as context {t.context_dropout:.0%} of the time"
               if getattr(t, "context_dropout", 0) else ""),
            selection + "; the resolved config is `config.yaml`",
            "",
        ]
    lines += [
        "## Limitations",
        "- Trained on authored news-style text, not on published articles; real reporting is messier.",
        "- `neutral` is rare and the hardest label, for people as for the model.",
        "- English only. Scores are calibrated on the validation split, which resembles the training data more"
        " than real news does.",
        "",
    ]
    out = path / "README.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def write_model_files(path: Path, meta: dict, metrics: dict | None = None, config: Any = None) -> None:
    """Write what every saved model folder holds beside its weights.

    ``stance_config.json`` (``meta``), ``config.yaml`` (the resolved training config, when given),
    ``metrics.json`` (when given) and the model card.

    Args:
        path: the model folder (it exists).
        meta: the contents of ``stance_config.json``.
        metrics: evaluation figures, or ``None``.
        config: the training :class:`~stance.config.Config`, or ``None``.
    """
    import json

    import yaml

    from stance.config import config_to_dict

    (path / "stance_config.json").write_text(json.dumps(meta, indent=2))
    if config is not None:
        (path / "config.yaml").write_text(yaml.safe_dump(config_to_dict(config), sort_keys=False))
    if metrics is not None:
        (path / "metrics.json").write_text(json.dumps(metrics, indent=2))
    write_model_card(path, meta, metrics or {}, config)

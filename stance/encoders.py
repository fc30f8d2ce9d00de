"""Lean BERT and MPNet encoders and a pair tokenizer for inference, in plain torch and ``tokenizers``.

Importing transformers' model machinery takes about two seconds on a small CPU machine, longer
than everything else a cold ``stance.predict()`` does. A saved model is therefore run by these
small modules: the same arithmetic as transformers' ``BertModel`` and ``MPNetModel`` (without the
pooler), the same parameter names, so the same checkpoints load into them, and the tokenizer is
the model's own ``tokenizer.json`` read by the ``tokenizers`` library. Training still builds the
encoder with transformers (and peft); the tests check that both give the same hidden states and
token ids.

Example:
    >>> import torch
    >>> cfg = EncoderConfig(model_type="bert", vocab_size=50, hidden_size=8, num_hidden_layers=1,
    ...                     num_attention_heads=2, intermediate_size=16, max_position_embeddings=32)
    >>> out = LeanEncoder(cfg)(input_ids=torch.tensor([[2, 7, 3]]), attention_mask=torch.ones(1, 3))
    >>> tuple(out.last_hidden_state.shape)
    (1, 3, 8)
"""

from __future__ import annotations

import json
import math
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

__all__ = ["EncoderConfig", "EncoderOutput", "LeanEncoder", "PairTokenizer", "load_lean_encoder"]

_SUPPORTED = ("bert", "mpnet")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


@dataclass
class EncoderConfig:
    """The hyper-parameters of a BERT or MPNet encoder, read from a transformers ``config.json``.

    ``extra`` keeps every other key of the file so that :meth:`save_pretrained` writes it back.

    Example:
        >>> EncoderConfig(model_type="gpt2")
        Traceback (most recent call last):
        ...
        ValueError: the lean encoder runs bert and mpnet models, got model_type 'gpt2'
    """

    model_type: str = "bert"
    vocab_size: int = 30522
    hidden_size: int = 384
    num_hidden_layers: int = 6
    num_attention_heads: int = 12
    intermediate_size: int = 1536
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    pad_token_id: int = 0
    hidden_act: str = "gelu"
    relative_attention_num_buckets: int = 32
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.model_type not in _SUPPORTED:
            raise ValueError(f"the lean encoder runs {' and '.join(_SUPPORTED)} models, got model_type {self.model_type!r}")
        if self.hidden_act != "gelu":
            raise ValueError(f"the lean encoder supports hidden_act 'gelu', got {self.hidden_act!r}")
        if self.hidden_size % self.num_attention_heads:
            raise ValueError(f"hidden_size {self.hidden_size} is not a multiple of num_attention_heads "
                             f"{self.num_attention_heads}")

    @classmethod
    def from_json(cls, path: str | Path) -> EncoderConfig:
        """Read a transformers ``config.json`` (a file, or the folder that holds it)."""
        path = Path(path)
        if path.is_dir():
            path = path / "config.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)} - {"extra"}
        return cls(**{k: v for k, v in data.items() if k in known},
                   extra={k: v for k, v in data.items() if k not in known})

    def to_dict(self) -> dict[str, Any]:
        """The config as transformers writes it (known keys and the kept extra ones)."""
        data = asdict(self)
        extra = data.pop("extra")
        if self.model_type == "mpnet":
            data.pop("type_vocab_size")
        else:
            data.pop("relative_attention_num_buckets")
        return {**extra, **data}

    def save_pretrained(self, folder: str | Path) -> None:
        """Write ``config.json`` into a folder (``id2label``/``label2id`` set on the object are kept)."""
        data = self.to_dict()
        for key in ("id2label", "label2id"):
            if hasattr(self, key):
                data[key] = getattr(self, key)
        (Path(folder) / "config.json").write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


_SKIP_INIT = threading.local()


class _SkipInit:
    """Layer mixin: no random initialisation while :func:`_no_init` is active in this thread."""

    def reset_parameters(self) -> None:
        if not getattr(_SKIP_INIT, "active", False):
            super().reset_parameters()  # type: ignore[misc]


class _Linear(_SkipInit, nn.Linear):
    pass


class _Embedding(_SkipInit, nn.Embedding):
    pass


class _LayerNorm(_SkipInit, nn.LayerNorm):
    pass


@dataclass
class EncoderOutput:
    """What the encoder returns: the last layer's hidden states, ``(batch, tokens, hidden)``."""

    last_hidden_state: torch.Tensor


class _Intermediate(nn.Module):
    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        self.dense = _Linear(cfg.hidden_size, cfg.intermediate_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.dense(x))


class _Output(nn.Module):
    """Dense projection back to the hidden size, residual, LayerNorm (BERT's ``BertOutput``)."""

    def __init__(self, cfg: EncoderConfig, in_size: int) -> None:
        super().__init__()
        self.dense = _Linear(in_size, cfg.hidden_size)
        self.LayerNorm = _LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(x) + residual)


def _attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, heads: int, bias: torch.Tensor) -> torch.Tensor:
    """Multi-head scaled dot-product attention with an additive bias; ``(B, T, H*D)`` in and out."""
    b, t, width = q.shape
    shape = (b, t, heads, width // heads)
    q, k, v = (x.view(shape).transpose(1, 2) for x in (q, k, v))
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
    return out.transpose(1, 2).reshape(b, t, width)


class _BertSelfAttention(nn.Module):
    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        self.heads = cfg.num_attention_heads
        self.query = _Linear(cfg.hidden_size, cfg.hidden_size)
        self.key = _Linear(cfg.hidden_size, cfg.hidden_size)
        self.value = _Linear(cfg.hidden_size, cfg.hidden_size)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return _attend(self.query(x), self.key(x), self.value(x), self.heads, bias)


class _BertAttention(nn.Module):
    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        self.self = _BertSelfAttention(cfg)
        self.output = _Output(cfg, cfg.hidden_size)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(x, bias), x)


class _MPNetSelfAttention(nn.Module):
    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        self.heads = cfg.num_attention_heads
        self.q = _Linear(cfg.hidden_size, cfg.hidden_size)
        self.k = _Linear(cfg.hidden_size, cfg.hidden_size)
        self.v = _Linear(cfg.hidden_size, cfg.hidden_size)
        self.o = _Linear(cfg.hidden_size, cfg.hidden_size)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return self.o(_attend(self.q(x), self.k(x), self.v(x), self.heads, bias))


class _MPNetAttention(nn.Module):
    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        self.attn = _MPNetSelfAttention(cfg)
        self.LayerNorm = _LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.attn(x, bias) + x)


class _Layer(nn.Module):
    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        self.attention = _BertAttention(cfg) if cfg.model_type == "bert" else _MPNetAttention(cfg)
        self.intermediate = _Intermediate(cfg)
        self.output = _Output(cfg, cfg.intermediate_size)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        x = self.attention(x, bias)
        return self.output(self.intermediate(x), x)


class _Embeddings(nn.Module):
    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        self.model_type = cfg.model_type
        self.padding_idx = cfg.pad_token_id if cfg.model_type == "bert" else 1  # MPNet fixes it at 1
        self.word_embeddings = _Embedding(cfg.vocab_size, cfg.hidden_size, padding_idx=self.padding_idx)
        self.position_embeddings = _Embedding(cfg.max_position_embeddings, cfg.hidden_size)
        if cfg.model_type == "bert":
            self.token_type_embeddings = _Embedding(cfg.type_vocab_size, cfg.hidden_size)
        self.LayerNorm = _LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor | None) -> torch.Tensor:
        if self.model_type == "bert":
            positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
            types = token_type_ids if token_type_ids is not None else torch.zeros_like(input_ids)
            x = self.word_embeddings(input_ids) + self.token_type_embeddings(types) + self.position_embeddings(positions)
        else:  # MPNet numbers real tokens from padding_idx + 1 and gives padding the padding position
            real = input_ids.ne(self.padding_idx).long()
            positions = torch.cumsum(real, dim=1) * real + self.padding_idx
            x = self.word_embeddings(input_ids) + self.position_embeddings(positions)
        return self.LayerNorm(x)


class _Stack(nn.Module):
    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_Layer(cfg) for _ in range(cfg.num_hidden_layers))
        if cfg.model_type == "mpnet":
            self.relative_attention_bias = _Embedding(cfg.relative_attention_num_buckets, cfg.num_attention_heads)
        self.num_buckets = 32  # transformers' MPNet always buckets relative positions into 32

    def position_bias(self, length: int, device: torch.device) -> torch.Tensor | None:
        """MPNet's relative position bias, ``(1, heads, T, T)``; ``None`` for BERT."""
        if not hasattr(self, "relative_attention_bias"):
            return None
        pos = torch.arange(length, device=device)
        n = pos[:, None] - pos[None, :]  # = -(memory - context)
        half = self.num_buckets // 2
        bucket = (n < 0).long() * half
        n = n.abs()
        max_exact = half // 2
        large = max_exact + (torch.log(n.float() / max_exact) / math.log(128 / max_exact) * (half - max_exact)).long()
        bucket = bucket + torch.where(n < max_exact, n, large.clamp(max=half - 1))
        return self.relative_attention_bias(bucket).permute(2, 0, 1).unsqueeze(0)

    def forward(self, x: torch.Tensor, mask_bias: torch.Tensor) -> torch.Tensor:
        position = self.position_bias(x.shape[1], x.device)
        bias = mask_bias if position is None else mask_bias + position
        for layer in self.layer:
            x = layer(x, bias)
        return x


class LeanEncoder(nn.Module):
    """A BERT or MPNet encoder for inference, parameter for parameter like transformers' model.

    Args:
        config: the encoder's hyper-parameters.

    Example:
        >>> cfg = EncoderConfig(model_type="mpnet", vocab_size=40, hidden_size=8, num_hidden_layers=1,
        ...                     num_attention_heads=2, intermediate_size=16, max_position_embeddings=34)
        >>> enc = LeanEncoder(cfg).eval()
        >>> enc(input_ids=torch.tensor([[0, 5, 2, 1]]), attention_mask=torch.tensor([[1, 1, 1, 0]])).last_hidden_state.shape
        torch.Size([1, 4, 8])
    """

    def __init__(self, config: EncoderConfig) -> None:
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        self.encoder = _Stack(config)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None,
                token_type_ids: torch.Tensor | None = None) -> EncoderOutput:
        x = self.embeddings(input_ids, token_type_ids)
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        keep = attention_mask[:, None, None, :].to(torch.bool)
        mask_bias = torch.zeros(keep.shape, dtype=x.dtype, device=x.device).masked_fill(~keep, torch.finfo(x.dtype).min)
        return EncoderOutput(last_hidden_state=self.encoder(x, mask_bias))


@contextmanager
def _no_init() -> Iterator[None]:
    """Skip the random initialisation of the encoder's layers in this thread (weights are loaded next).

    Only this module's layer classes look at the flag, so other threads and other models are not
    affected. (``torch.device("meta")`` would do the same but imports torch's compiler stack,
    which costs more than the initialisation.)
    """
    previous = getattr(_SKIP_INIT, "active", False)
    _SKIP_INIT.active = True
    try:
        yield
    finally:
        _SKIP_INIT.active = previous


def load_lean_encoder(config: EncoderConfig, weights: dict[str, torch.Tensor], source: str = "weights") -> LeanEncoder:
    """Build a :class:`LeanEncoder` and load a transformers state dict into it, in float32.

    The unused pooler and the ``position_ids`` buffers of a checkpoint are dropped, and so is a
    task head when the encoder's weights carry a ``bert.`` / ``mpnet.`` prefix; anything else that
    does not fit raises.

    Args:
        config: the encoder's hyper-parameters.
        weights: parameter name → tensor, as in a ``model.safetensors`` of ``BertModel`` / ``MPNetModel``.
        source: where the weights came from, for error messages.

    Raises:
        ValueError: weights are missing, left over or of the wrong shape.
    """
    with _no_init():
        encoder = LeanEncoder(config)
    prefix = f"{config.model_type}."  # checkpoints of BertForMaskedLM, MPNetForMaskedLM, ...
    if any(k.startswith(prefix) for k in weights):
        weights = {k[len(prefix):]: v for k, v in weights.items() if k.startswith(prefix)}
    state = {k: v.float() for k, v in weights.items() if not k.startswith("pooler.") and not k.endswith("position_ids")}
    expected = encoder.state_dict()
    wrong = [f"{k} {tuple(v.shape)} (expected {tuple(expected[k].shape)})" for k, v in state.items()
             if k in expected and v.shape != expected[k].shape]
    if wrong:
        raise ValueError(f"{source} does not fit a {config.model_type} encoder with this config.json: "
                         f"wrong shapes for {', '.join(wrong[:3])}")
    missing, unexpected = encoder.load_state_dict(state, strict=False, assign=True)
    if missing or unexpected:
        raise ValueError(f"{source} does not fit a {config.model_type} encoder: missing {sorted(missing)[:5]}, "
                         f"unexpected {sorted(unexpected)[:5]}")
    return encoder.eval()


class PairTokenizer:
    """Tokenizes (text, text pair) batches with a model's ``tokenizer.json``, as transformers' fast tokenizer does.

    Truncation is ``longest_first`` to ``max_length``; padding is to the longest in the batch.

    Args:
        folder: a folder with ``tokenizer.json`` (and the other tokenizer files, kept for saving).
        model_type: ``bert`` returns ``token_type_ids`` as well; ``mpnet`` does not.

    Raises:
        FileNotFoundError: the folder has no ``tokenizer.json``.
    """

    def __init__(self, folder: str | Path, model_type: str = "bert") -> None:
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        file = self.folder / "tokenizer.json"
        if not file.is_file():
            raise FileNotFoundError(f"{self.folder} has no tokenizer.json; save the model again with "
                                    "StanceClassifier.save_pretrained to write one")
        text = file.read_text(encoding="utf-8")
        self._tok = Tokenizer.from_str(text)
        pad_token = (json.loads(text).get("padding") or {}).get("pad_token", "<pad>" if model_type == "mpnet" else "[PAD]")
        pad_id = self._tok.token_to_id(pad_token)
        if pad_id is None:
            raise ValueError(f"{file} names pad token {pad_token!r}, which is not in its vocabulary")
        self._tok.enable_padding(pad_id=pad_id, pad_token=pad_token)
        self._tok.no_truncation()
        self.model_type = model_type
        self._max_length: int | None = None

    def __call__(self, text: list[str], text_pair: list[str] | None = None, *, max_length: int = 512,
                 **_: Any) -> dict[str, torch.Tensor]:
        """Token ids, attention mask (and token types for BERT) as tensors, one row per input.

        Other keyword arguments of transformers' tokenizers (``padding``, ``return_tensors`` ...) are
        accepted and ignored: this tokenizer always pads to the longest and returns tensors.
        """
        if isinstance(text, str) or (text_pair is not None and isinstance(text_pair, str)):
            raise TypeError("PairTokenizer takes lists of strings; wrap a single text in a list")
        if text_pair is not None and len(text_pair) != len(text):
            raise ValueError(f"got {len(text)} texts but {len(text_pair)} text pairs; give one pair per text")
        if not isinstance(max_length, int) or max_length < 2:
            raise ValueError(f"max_length should be a whole number of at least 2, got {max_length!r}")
        if self._max_length != max_length:
            self._tok.enable_truncation(max_length, strategy="longest_first")
            self._max_length = max_length
        inputs = list(zip(text, text_pair)) if text_pair is not None else list(text)
        encodings = self._tok.encode_batch(inputs)
        out = {"input_ids": torch.tensor([e.ids for e in encodings], dtype=torch.long),
               "attention_mask": torch.tensor([e.attention_mask for e in encodings], dtype=torch.long)}
        if self.model_type == "bert":
            out["token_type_ids"] = torch.tensor([e.type_ids for e in encodings], dtype=torch.long)
        return out

    def save_pretrained(self, folder: str | Path) -> None:
        """Copy the tokenizer files into another folder."""
        for name in _TOKENIZER_FILES:
            src = self.folder / name
            if src.is_file() and src.resolve() != (Path(folder) / name).resolve():
                shutil.copyfile(src, Path(folder) / name)

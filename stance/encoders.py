"""Lean BERT and MPNet encoders for inference in plain torch.

Importing transformers' model machinery takes about two seconds on a small CPU machine, longer
than everything else a cold ``stance.predict()`` does. A saved model loaded with
``runtime="torch"`` is therefore run by these small modules: the same arithmetic as transformers'
``BertModel`` and ``MPNetModel`` (without the pooler), the same parameter names, so the same
checkpoints load into them; the tokenizer is the model's own ``tokenizer.json`` read by
:class:`~stance.runtime.PairTokenizer`. Training still builds the encoder with transformers (and
peft); the tests check that both give the same hidden states and token ids. The default runtime,
:mod:`stance.runtime`, does the same arithmetic in numpy, without importing torch.

Example:
    >>> import torch
    >>> cfg = EncoderConfig(model_type="bert", vocab_size=50, hidden_size=8, num_hidden_layers=1,
    ...                     num_attention_heads=2, intermediate_size=16, max_position_embeddings=32)
    >>> out = LeanEncoder(cfg)(input_ids=torch.tensor([[2, 7, 3]]), attention_mask=torch.ones(1, 3))
    >>> tuple(out.last_hidden_state.shape)
    (1, 3, 8)
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from stance.runtime import EncoderConfig, PairTokenizer, _encoder_state

__all__ = ["EncoderConfig", "EncoderOutput", "LeanEncoder", "PairTokenizer", "load_lean_encoder"]

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
    state = _encoder_state(config, weights, source)  # names and shapes checked against the config
    encoder.load_state_dict({k: v.float() for k, v in state.items()}, assign=True)
    return encoder.eval()

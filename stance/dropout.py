"""Cheaper dropout masks for training on CPUs.

On an AVX2-only AMD processor, torch's ``bernoulli_`` (dropout masks) took a third of a float32
MiniLM training step (``python benchmarks/step_time.py --threads 2 --profile``).
:func:`fast_dropout` swaps every ``nn.Dropout`` of a network (the encoder's, the LoRA adapters'
and the head's, and BERT's attention-probability dropout) for :class:`FastDropout` while it trains:
the same Bernoulli masks, keep probability ``1 - p`` (``p`` rounded to a multiple of 1/65536) and
scale ``1 / (1 - p)``, drawn 16 bits per element from a fast generator (numpy's
SFC64) that is seeded from torch's generator on every call, so ``torch.manual_seed`` still makes
a run repeatable. The random stream differs from torch's, so a run with fast masks does not
reproduce one without them.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import torch
from torch import nn

__all__ = ["FastDropout", "fast_dropout", "keep_mask"]

_ATTENTION = "stance_fast_dropout"
_LEVELS = 65536  # 16 random bits per element


def keep_mask(shape: tuple[int, ...] | torch.Size, p: float, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """A dropout mask: ``1 / (1 - p)`` where an element is kept, 0 where it is dropped.

    Args:
        shape: the mask's shape (the input's).
        p: drop probability, rounded to a multiple of 1/65536 (below 1/131072 nothing is dropped).
        dtype: the mask's floating type.

    Returns:
        A CPU tensor of ``shape``; its mean is 1 in expectation.

    Example:
        >>> _ = torch.manual_seed(0)
        >>> m = keep_mask((1000, 100), 0.1)
        >>> round(float((m == 0).float().mean()), 2), round(float(m.max()), 4)
        (0.1, 1.1111)
    """
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout probability must be in [0, 1), got {p}")
    dropped = round(p * _LEVELS)
    if dropped == _LEVELS:
        raise ValueError(f"dropout probability {p} rounds to 1 in steps of 1/{_LEVELS}; fast masks need p at most "
                         f"{(_LEVELS - 1) / _LEVELS:.6f}: use a smaller p or training.dropout_masks=torch")
    n = math.prod(shape)
    seed = int(torch.randint(0, 2**62, (1,)))  # torch's generator decides the stream
    bits = np.random.SFC64(seed).random_raw((n + 3) // 4).view(np.int16)[:n]
    scale = _LEVELS / (_LEVELS - dropped)
    keep = torch.from_numpy(bits).view(tuple(shape)) >= dropped - _LEVELS // 2
    return keep.to(dtype).mul_(scale)  # half the time of torch.where(keep, scale, 0), the same values


class FastDropout(nn.Dropout):
    """``nn.Dropout`` with masks from :func:`keep_mask` for CPU tensors (torch's own elsewhere).

    Example:
        >>> drop = FastDropout(0.5).train()
        >>> y = drop(torch.ones(4, 1000))
        >>> sorted({round(float(v), 4) for v in y.unique()})
        [0.0, 2.0]
        >>> bool(torch.equal(drop.eval()(torch.ones(3)), torch.ones(3)))
        True
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        if x.device.type != "cpu" or self.p >= 1.0 or self.inplace:
            return super().forward(x)
        return x * keep_mask(x.shape, self.p, x.dtype)


def _attention(module: nn.Module, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
               attention_mask: torch.Tensor | None, scaling: float | None = None, dropout: float = 0.0,
               **kwargs: Any) -> tuple[torch.Tensor, torch.Tensor | None]:
    """BERT attention whose probability dropout is the module's own (fast) dropout; SDPA without dropout."""
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    if dropout == 0.0 or not module.training:
        return sdpa_attention_forward(module, query, key, value, attention_mask, scaling=scaling, dropout=0.0,
                                      **kwargs)
    weights = torch.matmul(query, key.transpose(2, 3)) * (scaling if scaling is not None else query.size(-1) ** -0.5)
    if attention_mask is not None and attention_mask.dtype == torch.bool:  # True: attend
        weights = weights.masked_fill(~attention_mask, torch.finfo(weights.dtype).min)
    elif attention_mask is not None:  # additive: 0 or the dtype's minimum
        weights = weights + attention_mask
    weights = module.dropout(torch.softmax(weights, dim=-1))
    return torch.matmul(weights, value).transpose(1, 2).contiguous(), weights


@contextlib.contextmanager
def fast_dropout(network: nn.Module) -> Iterator[int]:
    """Train ``network`` with :class:`FastDropout` in place of its ``nn.Dropout`` modules.

    Inside the block every ``nn.Dropout`` (exactly that class) is replaced by one in the same mode,
    and BERT-style encoders that pass attention dropout to SDPA route it through their own
    (replaced) dropout module, with the same padding mask; on leaving, the original modules (in
    the mode the network is in then) and attention implementation come back.

    Yields:
        The number of dropout modules replaced.

    Example:
        >>> net = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.1))
        >>> with fast_dropout(net) as n:
        ...     type(net[1]).__name__, n
        ('FastDropout', 1)
        >>> type(net[1]).__name__
        'Dropout'
    """
    swapped: list[tuple[nn.Module, str, nn.Module, nn.Module]] = []
    configs: list[tuple[Any, str]] = []
    try:
        for parent in list(network.modules()):
            for name, child in list(parent.named_children()):
                if type(child) is nn.Dropout:
                    fast = FastDropout(child.p, child.inplace).train(child.training)
                    setattr(parent, name, fast)
                    swapped.append((parent, name, child, fast))
        for module in network.modules():
            config = getattr(module, "config", None)
            if (type(module).__name__ == "BertSelfAttention" and config is not None
                    and all(c is not config for c, _ in configs)):
                configs.append((config, config._attn_implementation))
        if configs:
            from transformers import AttentionInterface
            from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, eager_mask

            AttentionInterface.register(_ATTENTION, _attention)
            ALL_MASK_ATTENTION_FUNCTIONS.register(_ATTENTION, eager_mask)  # the padding mask, as eager attention has it
            for config, _ in configs:
                config._attn_implementation = _ATTENTION
        yield len(swapped)
    finally:
        for parent, name, child, fast in swapped:
            setattr(parent, name, child.train(fast.training))
        for config, implementation in configs:
            config._attn_implementation = implementation

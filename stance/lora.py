"""A cheaper forward pass for LoRA linear layers while training.

peft computes a LoRA linear layer as ``base(x) + lora_B(lora_A(dropout(x))) * scaling``: the scale
and the sum are two more passes over the layer's whole output, forward and backward. On a CPU
those passes and the extra output tensor cost about 8% of a float32 MiniLM training step on
2 cores (``python benchmarks/step_time.py``). :func:`fused_lora` computes the same function with
two matrix products, the second adding the scaled low-rank product into the first's output in
place, and with the same dropout module (so dropout masks are drawn as before). Results equal
peft's up to float rounding, so a run with it is not bit-identical to one without it
(``training.fused_lora``).
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Iterator
from typing import Any

import torch
from torch import nn

__all__ = ["fused_lora"]


def _fused_forward(self: Any, x: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    """``base(x) + scaling * B(A(dropout(x)))`` as two matrix products (peft's forward otherwise)."""
    adapters = self.active_adapters
    if (args or kwargs or self.disable_adapters or self.merged or len(adapters) != 1
            or adapters[0] not in self.lora_A or adapters[0] in self.lora_variant):
        return type(self).forward(self, x, *args, **kwargs)
    name = adapters[0]
    base = self.base_layer
    a, b = self.lora_A[name].weight, self.lora_B[name].weight
    flat = x.reshape(-1, x.shape[-1])
    low = self.lora_dropout[name](x).reshape(-1, x.shape[-1]) @ a.t()
    out = flat @ base.weight.t() if base.bias is None else torch.addmm(base.bias, flat, base.weight.t())
    # in place, so autocast does not cast for it: the low-rank factors take the output's dtype
    out = out.addmm_(low.to(out.dtype), b.t().to(out.dtype), alpha=self.scaling[name])
    return out.view(*x.shape[:-1], out.shape[-1])


@contextlib.contextmanager
def fused_lora(network: nn.Module) -> Iterator[int]:
    """Run the peft LoRA linear layers of ``network`` through the fused forward inside the block.

    Only plain LoRA on ``nn.Linear`` layers (one active adapter, not merged, no DoRA-style variant)
    takes the fused path; any other layer, or a call with extra arguments, keeps peft's forward.
    On leaving, every layer gets peft's forward back.

    Yields:
        The number of layers switched.

    Example:
        >>> from peft import LoraConfig, get_peft_model
        >>> net = get_peft_model(nn.Sequential(nn.Linear(4, 4)), LoraConfig(r=2, target_modules=["0"]))
        >>> x = torch.randn(3, 4)
        >>> with fused_lora(net) as n:
        ...     y = net(x)
        >>> n, bool(torch.allclose(y, net(x), atol=1e-6))
        (1, True)
    """
    from peft.tuners.lora.layer import Linear as LoraLinear

    switched = []
    try:
        for module in network.modules():
            if type(module) is LoraLinear and type(module.base_layer) is nn.Linear and "forward" not in vars(module):
                module.forward = types.MethodType(_fused_forward, module)
                switched.append(module)
        yield len(switched)
    finally:
        for module in switched:
            del module.forward

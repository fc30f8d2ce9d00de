"""Fused LoRA layers: peft's function, forward and backward, and peft's forward back afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from peft import LoraConfig, get_peft_model
from peft.tuners.lora.layer import Linear as LoraLinear

from stance.config import load_config
from stance.lora import fused_lora
from stance.modeling import _tiny_encoder
from stance.training import train


def _adapted_encoder(dropout: float = 0.1):
    encoder, _ = _tiny_encoder(0)
    model = get_peft_model(encoder, LoraConfig(r=4, lora_alpha=8, lora_dropout=dropout,
                                               target_modules=["query", "key", "value", "dense"]))
    torch.manual_seed(5)
    for name, param in model.named_parameters():
        if "lora_B" in name:  # fresh adapters start at zero, which would hide a wrong product
            torch.nn.init.normal_(param, std=0.2)
    return model


def _run(model, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    model.zero_grad(set_to_none=True)
    torch.manual_seed(11)  # the same dropout masks for both runs
    out = model(input_ids=ids, attention_mask=mask).last_hidden_state
    (out * torch.linspace(-1, 1, out.shape[-1])).sum().backward()
    return out.detach(), {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}


def test_fused_layers_compute_pefts_function_and_gradients() -> None:
    model = _adapted_encoder().train()
    ids = torch.randint(5, 90, (3, 9))
    mask = torch.ones_like(ids)
    mask[1, 6:] = 0
    out, grads = _run(model, ids, mask)
    layers = [m for m in model.modules() if type(m) is LoraLinear]
    with fused_lora(model) as n:
        assert n == len(layers) > 0
        fused_out, fused_grads = _run(model, ids, mask)
    assert torch.allclose(fused_out, out, atol=1e-5)
    assert fused_grads.keys() == grads.keys() and any("lora_A" in k for k in grads)
    assert all(torch.allclose(fused_grads[k], grads[k], atol=1e-5) for k in grads)
    assert not any("forward" in vars(m) for m in layers)  # peft's forward is back
    assert torch.equal(_run(model, ids, mask)[0], out)


def test_fused_layers_run_under_bfloat16_autocast() -> None:
    model = _adapted_encoder().train()
    ids = torch.randint(5, 90, (2, 7))
    with torch.autocast("cpu", dtype=torch.bfloat16):
        torch.manual_seed(2)
        expected = model(input_ids=ids).last_hidden_state.float()
        with fused_lora(model):
            torch.manual_seed(2)
            out = model(input_ids=ids).last_hidden_state.float()
    out.sum().backward()
    assert torch.allclose(out, expected, atol=0.1)
    assert all(p.grad is not None for n, p in model.named_parameters() if "lora_A" in n)


def test_disabled_or_merged_adapters_keep_pefts_forward() -> None:
    model = _adapted_encoder(dropout=0.0).eval()
    ids = torch.randint(5, 90, (2, 7))
    with torch.no_grad():
        adapted = model(input_ids=ids).last_hidden_state
        with model.disable_adapter():
            plain = model(input_ids=ids).last_hidden_state
        assert not torch.allclose(adapted, plain, atol=1e-3)
        with fused_lora(model):
            with model.disable_adapter():
                assert torch.equal(model(input_ids=ids).last_hidden_state, plain)
            model.merge_adapter()
            assert torch.allclose(model(input_ids=ids).last_hidden_state, adapted, atol=1e-5)
            model.unmerge_adapter()
            assert torch.allclose(model(input_ids=ids).last_hidden_state, adapted, atol=1e-5)


def test_layers_get_pefts_forward_back_after_an_error() -> None:
    model = _adapted_encoder()
    with pytest.raises(RuntimeError, match="stop"), fused_lora(model):
        raise RuntimeError("stop")
    assert not any("forward" in vars(m) for m in model.modules() if type(m) is LoraLinear)


def test_the_setting_is_recorded_with_the_model(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    cfg = load_config(root / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=2",
                                                       "training.progress=false", "training.fused_lora=true"])
    out = train(cfg, output_dir=tmp_path / "m", root=root)
    assert "fused_lora: true" in (out / "config.yaml").read_text()
    assert "fused LoRA layers" in (out / "README.md").read_text()
    with pytest.raises(ValueError, match="fused_lora"):
        load_config(root / "configs" / "tiny.yaml", ["training.fused_lora=sometimes"])

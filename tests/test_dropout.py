"""Fast CPU dropout masks: the same Bernoulli masks as torch's, repeatable under a seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from torch import nn

from stance.config import ModelConfig, load_config
from stance.dropout import FastDropout, _attention, fast_dropout, keep_mask
from stance.modeling import StanceClassifier
from stance.training import train


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5])
def test_masks_drop_at_rate_p_and_keep_the_expectation(p: float) -> None:
    torch.manual_seed(0)
    mask = keep_mask((500, 1000), p)
    dropped = float((mask == 0).float().mean())
    assert abs(dropped - p) < 0.004  # 500,000 draws: the standard error is under 0.001
    kept = mask[mask != 0]
    assert torch.allclose(kept, torch.full_like(kept, 1 / (1 - p)), rtol=1e-4)
    assert abs(float(mask.mean()) - 1.0) < 0.01
    # neighbouring elements (the four 16-bit parts of one 64-bit draw) are independent
    lanes = (mask.view(-1, 4) == 0).float()
    corr = torch.corrcoef(lanes.T)
    assert float((corr - torch.eye(4)).abs().max()) < 0.01


def test_masks_follow_torchs_seed() -> None:
    torch.manual_seed(5)
    a = keep_mask((64, 64), 0.2)
    torch.manual_seed(5)
    b = keep_mask((64, 64), 0.2)
    c = keep_mask((64, 64), 0.2)
    assert torch.equal(a, b)
    assert not torch.equal(b, c)
    assert keep_mask((3, 5), 0.2, torch.bfloat16).dtype == torch.bfloat16


def test_bad_probabilities_are_refused() -> None:
    with pytest.raises(ValueError, match=r"in \[0, 1\)"):
        keep_mask((4,), 1.0)
    with pytest.raises(ValueError, match=r"in \[0, 1\)"):
        keep_mask((4,), -0.1)
    with pytest.raises(ValueError, match="rounds to 1"):
        keep_mask((4,), 0.999995)


def test_fast_dropout_scales_kept_values_and_passes_gradients_through_the_mask() -> None:
    torch.manual_seed(1)
    drop = FastDropout(0.25).train()
    x = torch.rand(8, 300, requires_grad=True)
    y = drop(x)
    y.sum().backward()
    mask = (y / x).detach()
    kept = mask != 0
    assert 0 < int(kept.sum()) < mask.numel()
    assert torch.allclose(mask[kept], torch.full_like(mask[kept], 4 / 3))
    assert torch.allclose(x.grad, mask)
    assert torch.equal(drop.eval()(x), x)
    assert torch.equal(FastDropout(0.0).train()(x), x)


def test_attention_without_dropping_matches_sdpa() -> None:
    module = nn.Module()
    module.dropout = nn.Identity()
    q, k, v = (torch.randn(2, 3, 7, 8) for _ in range(3))
    mask = torch.zeros(2, 1, 1, 7)
    mask[0, ..., 5:] = torch.finfo(torch.float32).min
    module.train()
    eager, weights = _attention(module, q, k, v, mask, scaling=8 ** -0.5, dropout=0.5)  # eager path, identity drop
    as_bool, _ = _attention(module, q, k, v, mask == 0, scaling=8 ** -0.5, dropout=0.5)
    module.eval()
    sdpa, _ = _attention(module, q, k, v, mask, scaling=8 ** -0.5, dropout=0.0)
    assert torch.allclose(eager, sdpa, atol=1e-5)
    assert torch.allclose(as_bool, sdpa, atol=1e-5)
    assert float(weights[0, :, :, 5:].abs().max()) == 0.0  # masked keys get no weight


def test_swapping_keeps_inference_and_restores_the_network() -> None:
    clf = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32))
    net = clf.network
    # two inputs of different lengths, so one is padded: the padding mask must survive the swap
    pairs = clf.pairs_for([{"text": "We reject any outside role in these talks."},
                           {"text": "Talks.", "speaker": "the ministry"}])
    before = clf.logits(pairs, batch_size=2)
    config = net.encoder.config
    implementation = config._attn_implementation
    originals = [m for m in net.modules() if type(m) is nn.Dropout]
    with fast_dropout(net) as n:
        assert n == len(originals) > 0
        assert not any(type(m) is nn.Dropout for m in net.modules())
        assert config._attn_implementation != implementation
        assert torch.equal(torch.from_numpy(clf.logits(pairs, batch_size=2)), torch.from_numpy(before))
        net.train()
        batch = clf._encode(pairs * 4)
        calls = []
        hooks = [m.dropout.register_forward_hook(lambda *_: calls.append(1))
                 for m in net.modules() if type(m).__name__ == "BertSelfAttention"]
        net(**batch)
        for hook in hooks:
            hook.remove()
        assert len(calls) == len(hooks) > 0  # attention dropout runs through the replaced modules
        # in eval mode the padding mask keeps a padded input's logits equal to its logits alone
        net.eval()
        alone = net(**clf._encode(pairs[1:]))
        assert torch.allclose(net(**clf._encode(pairs))[1], alone[0], atol=1e-5)
        net.train()
        torch.manual_seed(3)
        first = net(**batch)
        torch.manual_seed(3)
        again = net(**batch)
        assert torch.equal(first, again)
        assert not torch.allclose(first, net(**batch))
    assert [m for m in net.modules() if type(m) is nn.Dropout] == originals
    assert all(m.training for m in originals)  # the mode the network was left in
    assert config._attn_implementation == implementation
    net.eval()
    with fast_dropout(net):
        assert not any(m.training for m in net.modules() if isinstance(m, FastDropout))


def test_training_with_fast_masks_is_repeatable(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    overrides = [f"data.corpus={tiny_corpus}", "training.max_steps=3", "training.progress=false"]

    def weights(name: str, masks: str) -> dict[str, torch.Tensor]:
        cfg = load_config(root / "configs" / "tiny.yaml", [*overrides, f"training.dropout_masks={masks}"])
        out = train(cfg, output_dir=tmp_path / name, root=root)
        if masks == "fast":
            assert "dropout_masks: fast" in (out / "config.yaml").read_text()
            assert "fast dropout masks" in (out / "README.md").read_text()
            assert json.loads((out / "metrics.json").read_text())["steps"] == 3
        return load_file(str(out / "model.safetensors"))

    a, b, c = weights("a", "fast"), weights("b", "fast"), weights("c", "torch")
    assert a.keys() == b.keys() == c.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not all(torch.equal(a[k], c[k]) for k in a)  # another random stream, other weights


def test_unknown_mask_source_is_refused(root: Path) -> None:
    with pytest.raises(ValueError, match="dropout_masks"):
        load_config(root / "configs" / "tiny.yaml", ["training.dropout_masks=numpy"])


def test_training_attention_gets_the_padding_mask(monkeypatch: pytest.MonkeyPatch) -> None:
    import stance.dropout as dropout

    masks = []

    def spy(module, query, key, value, attention_mask, **kwargs):
        masks.append(attention_mask)
        return _attention(module, query, key, value, attention_mask, **kwargs)

    monkeypatch.setattr(dropout, "_attention", spy)
    clf = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=32))
    batch = clf._encode(clf.pairs_for([{"text": "We reject any outside role in these talks."}, {"text": "Talks."}]))
    with fast_dropout(clf.network):
        clf.network.train()
        clf.network(**batch)
    assert masks and all(m is not None for m in masks)
    padded = int((batch["attention_mask"][1] == 0).sum())
    assert padded > 0 and bool((masks[0][1, ..., -padded:] < -1e30).all())  # padded keys get the dtype's minimum


def test_mpnet_attention_dropout_is_swapped_and_inference_unchanged() -> None:
    from transformers import MPNetConfig, MPNetModel

    torch.manual_seed(0)
    cfg = MPNetConfig(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                      intermediate_size=64, max_position_embeddings=160)
    model = MPNetModel(cfg).eval()
    ids = torch.randint(5, 90, (2, 40))
    mask = torch.ones_like(ids)
    mask[1, 25:] = 0
    ids[1, 25:] = 1  # MPNet's pad id
    before = model(input_ids=ids, attention_mask=mask).last_hidden_state
    with fast_dropout(model) as n:
        attention = [m.dropout for m in model.modules() if type(m).__name__ == "MPNetSelfAttention"]
        assert n > 0 and len(attention) == 2 and all(isinstance(d, FastDropout) for d in attention)
        assert torch.equal(model(input_ids=ids, attention_mask=mask).last_hidden_state, before)
        model.train()
        torch.manual_seed(1)
        first = model(input_ids=ids, attention_mask=mask).last_hidden_state
        torch.manual_seed(1)
        assert torch.equal(model(input_ids=ids, attention_mask=mask).last_hidden_state, first)
        assert not torch.allclose(first, before)

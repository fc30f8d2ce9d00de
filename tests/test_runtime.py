"""The numpy runtime computes what the torch classifier computes, and loads without torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import stance
from stance.api import _MODELS_DIR
from stance.encoders import LeanEncoder
from stance.modeling import StanceClassifier
from stance.runtime import EncoderConfig, Labeller, NumpyClassifier, NumpyEncoder, UnsupportedModelError

# Our own writing: a bare statement, a quote with its frame, and a frame long enough to be truncated.
EXAMPLES = [
    {"text": "We reject any outside mediation.", "speaker": "Ilse Varga"},
    {"text": "the envoy would be welcome to host the next round", "speaker": "the foreign minister",
     "before": "The foreign minister said on Monday that", "after": ", adding that both sides had agreed."},
    {"text": "all questions will be settled by the two capitals alone", "speaker": None,
     "before": "Officials met again in the river town. " * 20, "after": " Trade rose in May. " * 20},
]


def _weights(cfg: EncoderConfig, seed: int) -> dict[str, torch.Tensor]:
    torch.manual_seed(seed)
    state = LeanEncoder(cfg).state_dict()
    # LayerNorm weights start at one and biases at zero: randomise them too, so that a mix-up shows
    return {k: v + 0.1 * torch.randn_like(v) for k, v in state.items()}


@pytest.mark.parametrize("model_type", ["bert", "mpnet"])
def test_numpy_encoder_matches_the_torch_encoder_with_padding(model_type: str) -> None:
    cfg = EncoderConfig(model_type=model_type, vocab_size=90, hidden_size=16, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=24, max_position_embeddings=200)
    weights = _weights(cfg, seed=3)
    lean = LeanEncoder(cfg)
    lean.load_state_dict(weights)
    ids = torch.randint(5, 90, (2, 150))  # long enough for MPNet's logarithmic position buckets
    mask = torch.ones_like(ids)
    mask[1, 100:] = 0
    ids[1, 100:] = 0 if model_type == "bert" else 1
    batch = {"input_ids": ids, "attention_mask": mask}
    if model_type == "bert":
        batch["token_type_ids"] = (torch.arange(150) >= 60).long().expand(2, 150)
    with torch.no_grad():
        expected = lean.eval()(**batch).last_hidden_state.numpy()
    got = NumpyEncoder(cfg, {k: v.numpy() for k, v in weights.items()})(**{k: v.numpy() for k, v in batch.items()})
    real = mask.bool().numpy()
    np.testing.assert_allclose(got[real], expected[real], atol=2e-5)


def test_numpy_encoder_names_weights_that_do_not_fit() -> None:
    cfg = EncoderConfig(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16)
    weights = {k: v.numpy() for k, v in _weights(cfg, seed=0).items()}
    with pytest.raises(ValueError, match=r"wrong shapes for embeddings\.word_embeddings\.weight \(49, 8\)"):
        NumpyEncoder(cfg, {**weights, "embeddings.word_embeddings.weight": np.zeros((49, 8), np.float32)})
    del weights["encoder.layer.0.output.dense.bias"]
    with pytest.raises(ValueError, match=r"missing \['encoder\.layer\.0\.output\.dense\.bias'\]"):
        NumpyEncoder(cfg, weights)


def test_gelu_matches_torch() -> None:
    from stance.runtime import _gelu

    x = torch.linspace(-12, 12, 20001)
    # 2e-6: torch's own erf differs by up to about 1e-6 between CPUs (AVX2 against AVX-512 kernels)
    np.testing.assert_allclose(_gelu(x.numpy()), torch.nn.functional.gelu(x).numpy(), atol=2e-6)


def test_tiny_model_gives_the_same_logits_in_numpy_and_torch(tiny_model: StanceClassifier, tiny_model_dir: Path) -> None:
    fast = NumpyClassifier.from_pretrained(tiny_model_dir)
    pairs = tiny_model.pairs_for(EXAMPLES)
    np.testing.assert_allclose(fast.logits(pairs), tiny_model.logits(pairs), atol=1e-4)
    assert [p.label for p in fast.predict_examples(EXAMPLES)] == [p.label for p in tiny_model.predict_examples(EXAMPLES)]


@pytest.mark.parametrize("name", ["default", "accurate"])
def test_shipped_models_give_the_same_predictions_in_numpy_and_torch(name: str) -> None:
    fast, slow = stance.load(name), stance.load(name, runtime="torch")
    assert isinstance(fast, NumpyClassifier) and isinstance(slow, StanceClassifier)
    pairs = slow.pairs_for(EXAMPLES)
    np.testing.assert_allclose(fast.logits(pairs, batch_size=2), slow.logits(pairs, batch_size=2), atol=1e-4)
    art = "The minister said the talks would stay strictly bilateral. Trade rose in May."
    spans = [(17, 57, "the minister"), (59, 77)]
    a, b = fast.label_quotes(art, spans), slow.label_quotes(art, spans)
    assert [p.label for p in a] == [p.label for p in b]
    assert max(abs(p.score - q.score) for p, q in zip(a, b)) < 1e-4


def test_predict_needs_no_torch() -> None:
    code = ("import sys, stance; p = stance.predict(['We will talk only bilaterally.'])[0]; "
            "print(p.label, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["bilateral", "False"]


def test_runtime_choice_is_checked() -> None:
    with pytest.raises(ValueError, match=r"runtime should be one of 'auto', 'numpy', 'torch', got 'jax'"):
        stance.load("default", runtime="jax")


def test_a_model_numpy_cannot_run_falls_back_to_torch_unless_numpy_is_required(
        tiny_model_dir: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "gelu-new"
    shutil.copytree(tiny_model_dir, folder)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "hidden_act": "gelu_new"}))
    with pytest.raises(UnsupportedModelError, match="runtime='torch'"):
        stance.load(folder, runtime="numpy")
    assert isinstance(stance.load(folder), StanceClassifier)


def test_both_runtimes_share_the_input_checks(tiny_model_dir: Path) -> None:
    fast = NumpyClassifier.from_pretrained(tiny_model_dir)
    assert isinstance(fast, Labeller)
    with pytest.raises(TypeError, match="wrap it in a list"):
        fast.predict("one statement")
    with pytest.raises(ValueError, match="out of range"):
        fast.label_quotes("Short.", [(0, 99)])
    with pytest.raises(ValueError, match="batch_size should be a whole number"):
        fast.predict(["ok"], batch_size=0)
    assert fast.predict([]) == []


def test_shipped_default_loads_from_its_folder_in_numpy() -> None:
    clf = NumpyClassifier.from_pretrained(_MODELS_DIR / "default")
    assert clf.path == _MODELS_DIR / "default" and "NumpyClassifier(name=" in repr(clf)
    assert clf.predict(["Any talks will be strictly bilateral."])[0].label == "bilateral"

"""The lean inference encoders and tokenizer compute what transformers computes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from stance.encoders import EncoderConfig, LeanEncoder, PairTokenizer, load_lean_encoder

FIRST = ["We reject any outside mediation.", "Trade rose in May.",
         "The envoy said both sides must talk directly, without anyone's help, as agreed in 1972. " * 4]
SECOND = ["speaker: Ilse Varga. context: she said [QUOTE] on Monday.", "",
          "speaker: the ministry. context: " + "Officials met again in the capital. " * 12]


def _compare(hf_model: torch.nn.Module, batch: dict[str, torch.Tensor]) -> None:
    hf_model.eval()
    lean = load_lean_encoder(EncoderConfig.from_json(_save_config(hf_model)), hf_model.state_dict())
    with torch.no_grad():
        expected = hf_model(**batch).last_hidden_state
        got = lean(**batch).last_hidden_state
    real = batch["attention_mask"].bool()
    assert torch.allclose(expected[real], got[real], atol=1e-5)


def _save_config(hf_model: torch.nn.Module) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    hf_model.config.save_pretrained(str(folder))
    return folder


def test_lean_bert_matches_transformers_with_padding_and_token_types() -> None:
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=48, max_position_embeddings=64)
    ids = torch.randint(5, 120, (3, 20))
    mask = torch.ones_like(ids)
    mask[1, 12:] = 0
    ids[1, 12:] = 0
    types = torch.zeros_like(ids)
    types[:, 8:] = 1
    _compare(BertModel(cfg, add_pooling_layer=False),
             {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})


def test_lean_mpnet_matches_transformers_with_relative_positions_and_padding() -> None:
    from transformers import MPNetConfig, MPNetModel

    torch.manual_seed(0)
    cfg = MPNetConfig(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                      intermediate_size=48, max_position_embeddings=200)
    ids = torch.randint(5, 120, (2, 150))  # long enough for the logarithmic position buckets
    mask = torch.ones_like(ids)
    ids[1, 90:] = 1  # MPNet's pad id
    mask[1, 90:] = 0
    _compare(MPNetModel(cfg), {"input_ids": ids, "attention_mask": mask})


def test_weights_that_do_not_fit_are_refused() -> None:
    cfg = EncoderConfig(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16)
    state = LeanEncoder(cfg).state_dict()
    del state["encoder.layer.0.output.dense.weight"]
    with pytest.raises(ValueError, match=r"missing.*output\.dense\.weight"):
        load_lean_encoder(cfg, state, "broken.safetensors")


def test_weights_of_another_size_are_refused() -> None:
    small = EncoderConfig(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16)
    big = EncoderConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16)
    with pytest.raises(ValueError, match=r"wrong shapes for .*\(expected \(50, 8\)\)"):
        load_lean_encoder(small, LeanEncoder(big).state_dict(), "big.safetensors")


def test_unsupported_architectures_are_named() -> None:
    with pytest.raises(ValueError, match="got model_type 'roberta'"):
        EncoderConfig(model_type="roberta")


@pytest.mark.parametrize("folder", ["default", "accurate"])
def test_pair_tokenizer_matches_transformers(folder: str) -> None:
    from transformers import AutoTokenizer

    from stance.api import _MODELS_DIR

    path = _MODELS_DIR / folder
    model_type = "mpnet" if folder == "accurate" else "bert"
    hf = AutoTokenizer.from_pretrained(str(path))
    ours = PairTokenizer(path, model_type)
    for second in (SECOND, None):
        expected = dict(hf(FIRST, second, truncation="longest_first", max_length=64, padding=True, return_tensors="pt"))
        got = ours(FIRST, second, max_length=64)
        assert sorted(expected) == sorted(got)
        for key in expected:
            assert torch.equal(expected[key], got[key]), key


def test_pair_tokenizer_refuses_mismatched_input() -> None:
    from stance.api import _MODELS_DIR

    tok = PairTokenizer(_MODELS_DIR / "default")
    with pytest.raises(TypeError, match="lists of strings"):
        tok("one text")
    with pytest.raises(ValueError, match="2 texts but 1 text pairs"):
        tok(["a", "b"], ["c"])


def test_loading_does_not_change_how_other_layers_initialise() -> None:
    import threading

    cfg = EncoderConfig(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16)
    state = LeanEncoder(cfg).state_dict()
    threads = [threading.Thread(target=lambda: [load_lean_encoder(cfg, state) for _ in range(20)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    torch.manual_seed(0)
    fresh = torch.nn.Linear(64, 64)
    assert 0.01 < fresh.weight.std().item() < 0.2  # kaiming-uniform initialised, not left as raw memory
    assert 0.01 < LeanEncoder(cfg).encoder.layer[0].intermediate.dense.weight.std().item() < 1.0


def test_a_bert_checkpoint_with_a_task_head_loads_its_encoder() -> None:
    from transformers import BertConfig, BertForMaskedLM

    torch.manual_seed(0)
    hf = BertForMaskedLM(BertConfig(vocab_size=60, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                    intermediate_size=32, max_position_embeddings=32)).eval()
    lean = load_lean_encoder(EncoderConfig.from_json(_save_config(hf)), hf.state_dict())
    ids = torch.randint(5, 60, (2, 9))
    with torch.no_grad():
        assert torch.allclose(hf.bert(input_ids=ids).last_hidden_state, lean(input_ids=ids).last_hidden_state, atol=1e-5)


def test_a_folder_without_tokenizer_json_is_explained(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no tokenizer\.json"):
        PairTokenizer(tmp_path)


def test_shipped_model_predicts_without_transformers_model_code() -> None:
    code = ("import sys, stance; stance.load('default').predict(['We will talk only bilaterally.']); "
            "print(sorted(m for m in sys.modules if m.startswith('transformers')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

import stance
from stance.config import ModelConfig
from stance.modeling import StanceClassifier
from stance.types import LABELS, Prediction

STATEMENTS = ["We reject any outside mediation.", "The envoy offered to host talks.", "Trade rose in May."]


def test_saved_model_holds_safetensors_and_json_only(tiny_model_dir: Path) -> None:
    names = {p.name for p in tiny_model_dir.rglob("*") if p.is_file()}
    assert {"config.json", "stance_config.json", "head.safetensors", "config.yaml", "metrics.json", "README.md"} <= names
    assert not [n for n in names if n.endswith((".bin", ".pt", ".pkl", ".pickle"))]
    config = json.loads((tiny_model_dir / "config.json").read_text())
    assert config["id2label"] == {str(i): label for i, label in enumerate(LABELS)}
    card = (tiny_model_dir / "README.md").read_text()
    assert "macro_f1" in card and "## Evaluation" in card
    assert "| split_sizes |" not in card and "split sizes train " in card  # sizes in prose, not as an empty row


def test_save_then_load_gives_identical_logits(tiny_model: StanceClassifier, tmp_path: Path) -> None:
    pairs = tiny_model.pairs_for([{"text": t, "speaker": "Ilse Varga"} for t in STATEMENTS])
    before = tiny_model.logits(pairs)
    tiny_model.save_pretrained(tmp_path / "again")
    after = StanceClassifier.from_pretrained(tmp_path / "again").logits(pairs)
    np.testing.assert_array_equal(before, after)


def test_predict_returns_one_calibrated_prediction_per_statement(tiny_model: StanceClassifier) -> None:
    preds = tiny_model.predict(STATEMENTS)
    assert len(preds) == 3 and all(isinstance(p, Prediction) for p in preds)
    for p in preds:
        assert p.label in LABELS
        assert set(p.scores) == set(LABELS)
        assert sum(p.scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert p.score == max(p.scores.values())


def test_predictions_do_not_depend_on_batching(tiny_model: StanceClassifier) -> None:
    one_by_one = [tiny_model.predict([t])[0].scores for t in STATEMENTS]
    together = [p.scores for p in tiny_model.predict(STATEMENTS, batch_size=2)]
    for a, b in zip(one_by_one, together):
        assert a == pytest.approx(b, abs=1e-5)


def test_label_quotes_reads_the_frame_around_the_quote(tiny_model: StanceClassifier) -> None:
    article = "The ministry denied that the envoy had any role. Later it praised the harvest."
    start = article.index("the envoy")
    end = article.index(" role") + 5
    captured = []
    original = tiny_model.pairs_for

    def spy(examples):
        captured.extend(examples)
        return original(examples)

    tiny_model.pairs_for = spy  # type: ignore[method-assign]
    try:
        preds = tiny_model.label_quotes(article, [(start, end, "the ministry"), (0, 12)])
    finally:
        del tiny_model.pairs_for
    assert len(preds) == 2
    assert captured[0]["before"] == "The ministry denied that"
    assert captured[0]["speaker"] == "the ministry"
    assert captured[1]["speaker"] is None


def test_temperature_changes_scores_but_not_labels(tiny_model: StanceClassifier) -> None:
    t0 = tiny_model.temperature
    try:
        tiny_model.temperature = 1.0
        sharp = tiny_model.predict(STATEMENTS)
        tiny_model.temperature = 5.0
        soft = tiny_model.predict(STATEMENTS)
    finally:
        tiny_model.temperature = t0
    assert [p.label for p in sharp] == [p.label for p in soft]
    assert all(s.score <= h.score + 1e-6 for s, h in zip(soft, sharp))


def test_mean_and_cls_pooling_differ() -> None:
    torch.manual_seed(0)
    mean = StanceClassifier.from_config(ModelConfig(tiny=True, pooling="mean", max_length=32), seed=1)
    cls = StanceClassifier.from_config(ModelConfig(tiny=True, pooling="cls", max_length=32), seed=1)
    pairs = mean.pairs_for([{"text": t} for t in STATEMENTS])
    assert not np.allclose(mean.logits(pairs), cls.logits(pairs))


def test_a_prediction_does_not_depend_on_its_batch(tiny_model: StanceClassifier, tiny_model_dir: Path) -> None:
    lone = {"text": "We reject any outside mediation."}  # no speaker, no frame: an empty second segment
    others = [{"text": t, "speaker": "Jon Arvo", "before": "Arvo said", "after": "."} for t in STATEMENTS]
    for model in (tiny_model, stance.load(tiny_model_dir)):
        alone = model.logits(model.pairs_for([lone]))
        mixed = model.logits(model.pairs_for([lone, *others]))
        np.testing.assert_allclose(mixed[:1], alone, atol=1e-5)


def test_speaker_and_context_can_be_switched_off() -> None:
    clf = StanceClassifier.from_config(ModelConfig(tiny=True, use_speaker=False, use_context=False))
    pairs = clf.pairs_for([{"text": "We reject it.", "speaker": "Jon Arvo", "before": "Arvo said", "after": "."}])
    assert pairs == [("We reject it.", "")]


def test_inline_layout_keeps_the_quote_in_its_sentence(tmp_path: Path) -> None:
    clf = StanceClassifier.from_config(ModelConfig(tiny=True, input_format="inline", max_length=48), seed=1)
    example = {"text": "no outside party has a role", "speaker": "Jon Arvo", "before": "Arvo insisted that", "after": "."}
    assert clf.pairs_for([example, {"text": "We reject it."}]) == [
        ("Arvo insisted that « no outside party has a role » .", "speaker: Jon Arvo."), ("« We reject it. »", "")]
    pair = StanceClassifier.from_config(ModelConfig(tiny=True, max_length=48), seed=1)
    assert pair.pairs_for([example])[0][0] == "no outside party has a role"
    clf.save_pretrained(tmp_path / "inline")
    expected = clf.logits(clf.pairs_for([example]))
    for loaded in (StanceClassifier.from_pretrained(tmp_path / "inline"), stance.load(tmp_path / "inline")):
        assert loaded.model_config.input_format == "inline"
        np.testing.assert_allclose(loaded.logits(loaded.pairs_for([example])), expected, atol=1e-4)
    assert "the quote inside its sentence between « » marks" in (tmp_path / "inline" / "README.md").read_text()
    # a model saved before the setting existed has no such key and reads pairs
    meta_file = tmp_path / "inline" / "stance_config.json"
    meta = json.loads(meta_file.read_text())
    del meta["model"]["input_format"]
    meta_file.write_text(json.dumps(meta))
    assert StanceClassifier.from_pretrained(tmp_path / "inline").pairs_for([example])[0][0] == "no outside party has a role"


def test_quote_pooling_reads_the_quote_in_its_sentence(tmp_path: Path) -> None:
    clf = StanceClassifier.from_config(ModelConfig(tiny=True, input_format="inline", pooling="quote", max_length=48), seed=1)
    framed = {"text": "no outside party has a role", "speaker": "Jon Arvo", "before": "Arvo insisted that", "after": "."}
    batch = clf._encode(clf.pairs_for([framed, {"text": "We reject it."}]))
    tokens = [clf.tokenizer.convert_ids_to_tokens(row[mask.bool()].tolist())
              for row, mask in zip(batch["input_ids"], batch["pool_mask"])]
    assert tokens == [["«", "no", "outside", "party", "has", "a", "role"], ["«", "we", "reject", "it", "."]]
    # marks the article itself uses are not taken for the quote's
    marked = dict(framed, before="« Never », Arvo said, and insisted that")
    encoded = clf._encode(clf.pairs_for([marked]))
    assert clf.tokenizer.convert_ids_to_tokens(encoded["input_ids"][0][encoded["pool_mask"][0].bool()].tolist()) == tokens[0]
    mean = StanceClassifier.from_config(ModelConfig(tiny=True, input_format="inline", max_length=48), seed=1)
    assert not np.allclose(mean.logits(mean.pairs_for([framed])), clf.logits(clf.pairs_for([framed])))
    # the frame still matters (the quote's tokens attend to it), and the saved model pools the same way
    other_frame = dict(framed, before="Arvo denied that")
    assert not np.allclose(clf.logits(clf.pairs_for([framed])), clf.logits(clf.pairs_for([other_frame])))
    clf.save_pretrained(tmp_path / "quote")
    for loaded in (StanceClassifier.from_pretrained(tmp_path / "quote"), stance.load(tmp_path / "quote")):
        np.testing.assert_allclose(loaded.logits(loaded.pairs_for([framed, other_frame])),
                                   clf.logits(clf.pairs_for([framed, other_frame])), atol=1e-4)


def test_loading_a_folder_that_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a saved stance model"):
        StanceClassifier.from_pretrained(tmp_path)


def test_merged_lora_adapter_matches_peft(tmp_path: Path) -> None:
    from peft import LoraConfig, get_peft_model

    from stance.modeling import _tiny_encoder, merge_lora_adapter

    encoder, tokenizer = _tiny_encoder(seed=3)
    peft_model = get_peft_model(encoder, LoraConfig(r=4, lora_alpha=8, target_modules=["query", "value", "dense"]))
    torch.manual_seed(0)
    for name, p in peft_model.named_parameters():
        if "lora_B" in name:
            torch.nn.init.normal_(p, std=0.05)  # peft starts B at zero; make the adapter do something
    batch = tokenizer(["We reject any mediation.", "The envoy will host talks."], padding=True, return_tensors="pt")
    peft_model.eval()
    with torch.no_grad():
        expected = peft_model(**batch).last_hidden_state
    peft_model.save_pretrained(str(tmp_path / "adapter"))
    fresh, _ = _tiny_encoder(seed=3)
    merged = merge_lora_adapter(fresh, tmp_path / "adapter").eval()
    with torch.no_grad():
        got = merged(**batch).last_hidden_state
    assert torch.allclose(expected, got, atol=1e-5)


def test_lora_on_the_upper_layers_only() -> None:
    from stance.config import LoraConfig

    clf = StanceClassifier.from_config(ModelConfig(base="minilm", max_length=32, lora=LoraConfig(r=4, layers=(4, 5))))
    trainable = [n for n, p in clf.network.named_parameters() if p.requires_grad]
    adapted = {int(n.split("layer.")[1].split(".")[0]) for n in trainable if "lora_" in n}
    assert adapted == {4, 5}
    assert any(n.startswith("classifier") for n in trainable)
    batch = clf._encode(clf.pairs_for([{"text": t} for t in STATEMENTS]))
    clf.network.train()
    clf.network(**batch).sum().backward()
    grads = {n: p.grad for n, p in clf.network.named_parameters() if p.requires_grad}
    assert all(g is not None and g.abs().sum() > 0 for n, g in grads.items() if "lora_B" in n)  # A gets none while B is 0
    with pytest.raises(ValueError, match=r"layers 0 to 5 .* got \[6\]"):
        StanceClassifier.from_config(ModelConfig(base="minilm", lora=LoraConfig(layers=(6,))))


def test_merged_lora_adapter_on_some_layers_matches_peft(tmp_path: Path) -> None:
    from peft import LoraConfig, get_peft_model

    from stance.modeling import _tiny_encoder, merge_lora_adapter

    encoder, tokenizer = _tiny_encoder(seed=4)
    peft_model = get_peft_model(encoder, LoraConfig(r=4, lora_alpha=8, target_modules=["query", "dense"],
                                                    layers_to_transform=[1]))
    for name, p in peft_model.named_parameters():
        if "lora_B" in name:
            torch.nn.init.normal_(p, std=0.05)
    batch = tokenizer(["The envoy will host talks."], return_tensors="pt")
    peft_model.eval()
    with torch.no_grad():
        expected = peft_model(**batch).last_hidden_state
    peft_model.save_pretrained(str(tmp_path / "adapter"))
    merged = merge_lora_adapter(_tiny_encoder(seed=4)[0], tmp_path / "adapter").eval()
    with torch.no_grad():
        assert torch.allclose(expected, merged(**batch).last_hidden_state, atol=1e-5)
        assert not torch.allclose(expected, _tiny_encoder(seed=4)[0].eval()(**batch).last_hidden_state, atol=1e-3)


def test_shipped_adapters_hold_few_megabytes() -> None:
    from stance.api import _MODELS_DIR

    for name in ("default", "accurate"):
        folder = _MODELS_DIR / name
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        assert size < 16 * 2**20, f"{name} is {size / 2**20:.1f} MiB"
        assert (folder / "adapter" / "adapter_model.safetensors").is_file()
        assert not (folder / "model.safetensors").exists()


def test_training_without_a_validation_split_keeps_the_final_weights(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.config import load_config
    from stance.training import train

    cfg = load_config(root / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=3",
                                                     "data.validation_fraction=0", "training.evaluations_per_epoch=8"])
    out = train(cfg, output_dir=tmp_path / "m", root=root)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["best_step"] == metrics["steps"] == 3
    assert metrics["history"] == []


def test_validate_from_skips_early_validation_and_changes_no_weight(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.config import load_config
    from stance.training import train

    overrides = [f"data.corpus={tiny_corpus}", "training.max_steps=6", "training.progress=false",
                 "training.evaluations_per_epoch=20"]
    every = train(load_config(root / "configs" / "tiny.yaml", overrides), output_dir=tmp_path / "every", root=root)
    late = train(load_config(root / "configs" / "tiny.yaml", [*overrides, "training.validate_from=0.6"]),
                 output_dir=tmp_path / "late", root=root)
    steps = {name: [h["step"] for h in json.loads((out / "metrics.json").read_text())["history"]]
             for name, out in [("every", every), ("late", late)]}
    assert steps["every"][0] < 4 and steps["every"][-1] == 6
    assert steps["late"] and all(s >= 3.6 for s in steps["late"]) and steps["late"][-1] == 6
    assert set(steps["late"]) < set(steps["every"])
    # the last step is validated even when validate_from is 1
    only_last = train(load_config(root / "configs" / "tiny.yaml", [*overrides, "training.validate_from=1"]),
                      output_dir=tmp_path / "last", root=root)
    assert [h["step"] for h in json.loads((only_last / "metrics.json").read_text())["history"]] == [6]
    # skipping passes draws nothing at random: the shared steps have the same losses and validation
    # scores, and the late run selects the best of its own steps
    history = {name: {h["step"]: h for h in json.loads((out / "metrics.json").read_text())["history"]}
               for name, out in [("every", every), ("late", late)]}
    assert all(history["late"][s] == history["every"][s] for s in history["late"])
    best = max(history["late"], key=lambda s: (history["late"][s]["val_macro_f1"], -s))
    assert json.loads((late / "metrics.json").read_text())["best_step"] == best


def test_length_grouped_order_is_a_permutation_with_less_padding() -> None:
    from stance.training import length_grouped_order

    rng = np.random.default_rng(3)
    lengths = np.concatenate([rng.integers(20, 60, 300), rng.integers(400, 700, 200)])
    order = rng.permutation(len(lengths))
    grouped = length_grouped_order(order, lengths, 16, np.random.default_rng(0))
    assert sorted(grouped.tolist()) == list(range(len(lengths)))

    def padding(o: np.ndarray) -> int:
        return sum(int(lengths[o[i:i + 16]].max() * len(o[i:i + 16]) - lengths[o[i:i + 16]].sum())
                   for i in range(0, len(o), 16))

    assert padding(grouped) < padding(order) / 3


def test_training_with_length_grouped_batches(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.config import load_config
    from stance.training import train

    cfg = load_config(root / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=3",
                                                     "training.group_by_length=true", "training.progress=false"])
    out = train(cfg, output_dir=tmp_path / "m", root=root)
    assert json.loads((out / "metrics.json").read_text())["steps"] == 3
    assert "group_by_length: true" in (out / "config.yaml").read_text()


def test_training_in_bfloat16_records_the_precision(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.config import load_config
    from stance.training import native_bf16, train

    overrides = [f"data.corpus={tiny_corpus}", "training.max_steps=3", "training.progress=false"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # on a CPU without native bfloat16, bf16 warns that it is slow
        out = train(load_config(root / "configs" / "tiny.yaml", [*overrides, "training.precision=bf16"]),
                    output_dir=tmp_path / "bf16", root=root)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["precision"] == "bf16" and np.isfinite(metrics["validation"]["macro_f1"])
    assert "bfloat16 autocast" in (out / "README.md").read_text()
    # the saved weights stay float32, and loading gives float32 logits
    clf = StanceClassifier.from_pretrained(out)
    assert all(p.dtype == torch.float32 for p in clf.network.parameters())
    assert clf.logits(clf.pairs_for([{"text": STATEMENTS[0]}])).dtype == np.float32
    auto = train(load_config(root / "configs" / "tiny.yaml", [*overrides, "training.precision=auto"]),
                 output_dir=tmp_path / "auto", root=root)
    expected = "bf16" if native_bf16(torch.device("cpu")) else "fp32"
    assert json.loads((auto / "metrics.json").read_text())["precision"] == expected


def test_bf16_without_native_support_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    from stance import training

    monkeypatch.setattr(training, "native_bf16", lambda device: False)
    with pytest.warns(UserWarning, match="no native bfloat16"):
        assert training._resolve_precision("bf16", torch.device("cpu")) == "bf16"
    assert training._resolve_precision("auto", torch.device("cpu")) == "fp32"
    monkeypatch.setattr(training, "native_bf16", lambda device: True)
    assert training._resolve_precision("auto", torch.device("cpu")) == "bf16"


def test_one_view_per_statement_per_epoch(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    from stance.config import load_config
    from stance.data import build_dataset
    from stance.training import epoch_units, train

    overrides = [f"data.corpus={tiny_corpus}", "data.max_examples=null", "training.progress=false"]
    cfg = load_config(root / "configs" / "tiny.yaml", [*overrides, "training.statement_views=one"])
    rows = build_dataset(cfg.data, root=root)["train"].to_list()
    units = epoch_units(rows, "one")
    assert sorted(i for u in units for i in u) == list(range(len(rows)))  # every row in exactly one unit
    for unit in units:
        if rows[unit[0]]["source"] == "statement":  # a statement's bare and framed examples, together
            assert {rows[i]["group"] for i in unit} == {rows[unit[0]]["group"]}
            assert sum(r["source"] == "statement" and r["group"] == rows[unit[0]]["group"] for r in rows) == len(unit)
        else:
            assert len(unit) == 1
    assert any(len(u) == 2 for u in units) and len(units) < len(rows)
    assert epoch_units(rows, "all") == [[i] for i in range(len(rows))]

    out = train(cfg, output_dir=tmp_path / "one", root=root)
    steps = math.ceil(math.ceil(len(units) / cfg.training.batch_size) * cfg.training.epochs)
    assert json.loads((out / "metrics.json").read_text())["steps"] == steps
    assert "statement_views: one" in (out / "config.yaml").read_text()
    assert "one view of each statement per epoch" in (out / "README.md").read_text()
    with pytest.raises(ValueError, match="statement_views"):
        load_config(root / "configs" / "tiny.yaml", ["training.statement_views=some"])


def test_context_dropout_reads_article_quotes_without_the_sentence_before(root: Path, tiny_corpus: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from stance.config import load_config
    from stance.context import own_sentence
    from stance.data import build_dataset
    from stance.training import _own_sentence_pairs, train

    overrides = [f"data.corpus={tiny_corpus}", "training.max_steps=6", "training.progress=false"]
    cfg = load_config(root / "configs" / "tiny.yaml", [*overrides, "training.context_dropout=1.0"])
    rows = build_dataset(cfg.data, root=root)["train"].to_list()
    clf = StanceClassifier.from_config(cfg.model, seed=0)
    full, cut = clf.pairs_for(rows), _own_sentence_pairs(clf, rows)
    assert cut and all(rows[i]["source"] == "article" for i in cut)
    for i, (quote, frame) in cut.items():
        before = rows[i]["before"]
        previous = before[: len(before) - len(own_sentence(before))].strip() if own_sentence(before) else before
        assert quote == full[i][0]  # the quote itself is read as always
        assert previous and previous in full[i][1] and previous not in frame
        assert own_sentence(before) in frame
    # rows left alone: statements, and article quotes whose context holds no earlier sentence
    assert all(r["source"] == "statement" or own_sentence(r["before"]) == r["before"].strip()
               for i, r in enumerate(rows) if i not in cut)

    read: list[tuple[str, str]] = []
    encode = StanceClassifier._encode

    def record(self: StanceClassifier, pairs: list[tuple[str, str]]) -> dict:
        if not torch.is_inference_mode_enabled():  # training batches (validation runs in inference mode)
            read.extend(pairs)
        return encode(self, pairs)

    monkeypatch.setattr(StanceClassifier, "_encode", record)
    out = train(cfg, output_dir=tmp_path / "cut", root=root)
    assert set(read) & set(cut.values())  # with probability 1, no cut article quote is read in full
    assert not set(read) & {full[i] for i in cut}
    assert "context_dropout: 1.0" in (out / "config.yaml").read_text()
    assert "only their own sentence as context 100% of the time" in (out / "README.md").read_text()
    with pytest.raises(ValueError, match="context_dropout"):
        load_config(root / "configs" / "tiny.yaml", ["training.context_dropout=1.5"])


def test_epoch_order_reads_one_row_per_unit_and_keeps_the_old_order_for_single_rows() -> None:
    from stance.training import epoch_order

    # one row per unit: the same draws as rng.permutation over the rows (old configs retrain the same)
    single = [[i] for i in range(50)]
    assert epoch_order(single, np.random.default_rng(7)).tolist() == np.random.default_rng(7).permutation(50).tolist()
    units = [[0, 1], [2], [3, 4], [5]]
    rng = np.random.default_rng(0)
    seen: set[int] = set()
    for _ in range(30):
        order = epoch_order(units, rng).tolist()
        assert len(order) == len(units) and all(sum(i in u for i in order) == 1 for u in units)
        seen.update(order)
    assert seen == set(range(6))  # over epochs, every view of a statement is read


def test_model_card_names_the_adapted_layers(tmp_path: Path) -> None:
    from stance.model_card import write_model_card

    meta = {"encoder_weights": "adapter", "labels": list(LABELS), "name": "m",
            "model": {"base": "minilm", "pooling": "mean", "use_speaker": True, "use_context": True,
                      "context_chars": 300, "max_length": 112, "lora": {"layers": [1, 2]}}}
    write_model_card(tmp_path, meta, {})
    assert "adapters on encoder layers 1, 2 only" in (tmp_path / "README.md").read_text()
    meta["model"]["lora"]["layers"] = None
    write_model_card(tmp_path, meta, {})
    assert "adapters on encoder layers" not in (tmp_path / "README.md").read_text()


def test_weight_average_is_the_debiased_moving_average_and_gives_the_weights_back() -> None:
    from stance.training import _WeightAverage

    w = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    average = _WeightAverage([w], decay=0.5)
    with pytest.raises(RuntimeError, match="no steps yet"):
        average.copy_to_weights()
    average.update()
    with average.swapped_in():  # one step: the average is that step's weights, not half of them
        assert torch.allclose(w, torch.tensor([1.0, -2.0]))
    with torch.no_grad():
        w.copy_(torch.tensor([3.0, 4.0]))
    average.update()
    with average.swapped_in():  # weights 0.25 and 0.5 for the two steps, over their sum 0.75
        assert torch.allclose(w, torch.tensor([(0.25 * 1 + 0.5 * 3) / 0.75, (0.25 * -2 + 0.5 * 4) / 0.75]))
    assert torch.equal(w.detach(), torch.tensor([3.0, 4.0]))
    with pytest.raises(RuntimeError, match="stop"), average.swapped_in():
        raise RuntimeError("stop")
    assert torch.equal(w.detach(), torch.tensor([3.0, 4.0]))


def test_training_with_a_weight_average_selects_and_saves_the_averaged_weights(root: Path, tiny_corpus: Path,
                                                                              tmp_path: Path) -> None:
    from stance.config import load_config
    from stance.training import train

    overrides = [f"data.corpus={tiny_corpus}", "training.max_steps=4", "training.progress=false",
                 "training.evaluations_per_epoch=20"]
    plain = train(load_config(root / "configs" / "tiny.yaml", overrides), output_dir=tmp_path / "plain", root=root)
    averaged = train(load_config(root / "configs" / "tiny.yaml", [*overrides, "training.ema_decay=0.9"]),
                     output_dir=tmp_path / "ema", root=root)
    assert "ema_decay: 0.9" in (averaged / "config.yaml").read_text()
    # validating the average puts the network's own weights back: training runs on exactly as without it
    history = {name: json.loads((out / "metrics.json").read_text())["history"]
               for name, out in [("plain", plain), ("ema", averaged)]}
    assert [h["loss"] for h in history["ema"]] == [h["loss"] for h in history["plain"]]
    assert all(h["weights"] == "moving average" for h in history["ema"]) and "weights" not in history["plain"][0]
    assert "moving average (decay 0.9)" in (averaged / "README.md").read_text()
    # same seed and batches: only the averaging differs, so the saved weights differ
    pairs = [(s, "") for s in STATEMENTS]
    a, b = StanceClassifier.from_pretrained(plain), StanceClassifier.from_pretrained(averaged)
    assert not np.allclose(a.logits(pairs), b.logits(pairs))
    # the saved model is the one validated: reloading it reproduces the selected validation score
    from stance.data import build_dataset
    from stance.training import classification_metrics

    metrics = json.loads((averaged / "metrics.json").read_text())
    rows = build_dataset(load_config(averaged / "config.yaml").data, root=root)["validation"].to_list()
    scored = classification_metrics([r["label"] for r in rows], b.logits(b.pairs_for(rows)).argmax(1))
    assert len(rows) == metrics["validation"]["n"]
    assert scored["macro_f1"] == metrics["validation"]["macro_f1"] and scored["accuracy"] == metrics["validation"]["accuracy"]
    with pytest.raises(ValueError, match="ema_decay"):
        load_config(root / "configs" / "tiny.yaml", ["training.ema_decay=1.0"])


def test_training_with_a_weight_average_and_no_validation_split_keeps_the_final_average(root: Path, tiny_corpus: Path,
                                                                                      tmp_path: Path,
                                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from stance.config import load_config
    from stance.training import _WeightAverage, train

    finals: list[list[torch.Tensor]] = []
    original = _WeightAverage.copy_to_weights

    def record(self: _WeightAverage) -> None:
        original(self)
        finals.append([p.detach().clone() for p in self.params])

    monkeypatch.setattr(_WeightAverage, "copy_to_weights", record)
    cfg = load_config(root / "configs" / "tiny.yaml", [f"data.corpus={tiny_corpus}", "training.max_steps=3",
                                                     "training.progress=false", "data.validation_fraction=0",
                                                     "training.ema_decay=0.9"])
    out = train(cfg, output_dir=tmp_path / "m", root=root)
    assert len(finals) == 1  # nothing validated: the average is written into the weights once, at the end
    saved = [p.detach() for p in StanceClassifier.from_pretrained(out).network.parameters() if p.requires_grad]
    assert len(saved) == len(finals[0]) and all(torch.allclose(a, b) for a, b in zip(saved, finals[0]))
    assert "no validation split: the final weights, their moving average (decay 0.9)" in (out / "README.md").read_text()

from __future__ import annotations

from pathlib import Path

from stance.baselines import KeywordBaseline, TfidfBaseline, load_baseline
from stance.config import load_config
from stance.training import train


def test_keyword_rules_on_clear_statements() -> None:
    kb = KeywordBaseline()
    labels = [p.label for p in kb.predict(["We welcome mediation by the UN.", "Talks will be strictly bilateral.",
                                           "The floods killed forty people."])]
    assert labels == ["mediation", "bilateral", "unrelated"]


def test_tfidf_trains_from_config_saves_json_and_reloads(root: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    cfg = load_config(root / "configs" / "tfidf.yaml", [f"data.corpus={tiny_corpus}", "data.test_fraction=0.2"])
    out = train(cfg, output_dir=tmp_path / "tfidf", root=root)
    assert (out / "baseline.json").is_file() and not list(out.glob("*.pkl"))
    model = load_baseline(str(out))
    assert isinstance(model, TfidfBaseline)
    texts = ["We reject any third-party role.", "The UN should mediate."]
    again = load_baseline(str(out)).predict(texts)
    assert [p.scores for p in model.predict(texts)] == [p.scores for p in again]


def test_baselines_label_quotes_in_context() -> None:
    article = "The ministry said talks must stay bilateral. Trade grew."
    start = article.index("talks")
    preds = KeywordBaseline().label_quotes(article, [(start, article.index(". Trade"), "the ministry")])
    assert preds[0].label == "bilateral"


def test_tfidf_rows_are_scikit_learns_without_importing_it() -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    model = load_baseline("tfidf")
    texts = ["Only bilateral, only.", "", "a b c", "Ça va? Naïve café: “quoted” words… India's India’s 2019-20 x_y",
             "speaker: Jon Arvo. context: He said [QUOTE] . || talks talks talks must stay strictly bilateral",
             "UNRELATED WHEAT exports rose; the MINISTER said nothing about mediation mediation"]
    vec = TfidfVectorizer(ngram_range=model.ngram_range, sublinear_tf=True, vocabulary=model.vocabulary)
    vec.idf_ = model.idf
    expected = vec.transform(texts).toarray()
    for text, row in zip(texts, expected):
        cols, values = model.features(text)
        got = np.zeros_like(row)
        got[cols] = values
        np.testing.assert_allclose(got, row, rtol=1e-12, atol=1e-15)
    assert np.count_nonzero(expected[4]) > 5 and np.count_nonzero(expected[1]) == 0

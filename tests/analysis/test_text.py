import pytest

from analysis.text import (
    STOPWORDS,
    features,
    irony_cues,
    mark_negation,
    normalise,
    stem,
    stems,
    tokenise,
)


def test_normalise_keeps_danish_letters_and_unifies_punctuation() -> None:
    assert normalise("  Ærlig  TALT…  “Hurtigt” – nej ") == 'ærlig talt... "hurtigt" - nej'
    assert normalise("veeeeent") == "veent"
    assert normalise("jeg kan ikke forstaa brevet") == "jeg kan ikke forstå brevet"


def test_tokenise_numbers_and_punctuation() -> None:
    assert tokenise("kun 9 måneder, ikke-dansk!") == [
        "kun",
        "NUM",
        "måneder",
        ",",
        "ikke-dansk",
        "!",
    ]


def test_stopwords_are_shipped_and_keep_negations() -> None:
    assert {"og", "det", "jeg"} <= STOPWORDS
    assert not {"ikke", "aldrig", "ingen", "intet", "hverken", "uden"} & STOPWORDS


def test_stemmer_matches_nltk_snowball_danish() -> None:
    snowball = pytest.importorskip("nltk.stem.snowball")
    ref = snowball.SnowballStemmer("danish")
    words = (
        "sagsbehandlerne sagsbehandleren ventetiden afgørelsen afgørelser inddragelse "
        "kommunikationen tilgængelighed fuldstændigt hurtigst lykkeligst løst utroligt "
        "mulighederne forklarede forklaringer kontaktpersoner telefonen besked beskeder "
        "igst ikke ingen aldrig tillid tilliden børnene datteren ærligt pænt sæt kendt"
    ).split()
    import json
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "analysis" / "corpus"
    for f in corpus.glob("train_*.jsonl"):
        for line in f.read_text("utf-8").splitlines():
            words.extend(t for t in tokenise(normalise(json.loads(line)["text"])) if t.isalpha())
    assert [stem(w) for w in words] == [ref.stem(w) for w in words]


def test_negation_scope() -> None:
    marked = mark_negation(tokenise(normalise("Det var ikke svært at få fat i dem, og de lyttede")))
    assert "NEG_svært" in marked and "NEG_få" in marked
    assert "lyttede" in marked  # scope ends at the comma
    assert "NEG_svær" in stems(normalise("ikke svær"))


def test_features_have_unigrams_and_bigrams() -> None:
    f = features(normalise("sendt rundt mellem afdelinger"))
    assert "send" in f and "send rund" in f


@pytest.mark.parametrize(
    "text",
    [
        "super hurtigt, kun 9 måneder for at få svar",
        "Tak for ingenting.",
        "Virkelig effektivt... det tog kun 14 uger",
        "Det var en 'hurtig' behandling",
    ],
)
def test_irony_cues(text: str) -> None:
    assert irony_cues(normalise(text)) >= 1


def test_no_irony_in_plain_praise() -> None:
    assert irony_cues(normalise("Det gik hurtigt, og hun var god til at forklare.")) == 0

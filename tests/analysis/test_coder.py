import json
from pathlib import Path

import pytest

from analysis.codebook import STANDARD_KEYS, CustomTheme, load_codebook
from analysis.coder import DEFAULT, Coding, code, load_model
from analysis.train import CORPUS_DIR, Example, evaluate, load_examples, train

MODEL_FILE = Path(__file__).resolve().parents[2] / "analysis" / "models" / "coder-v1.json"


def test_codebook_has_the_nine_themes_with_danish_labels_and_rules() -> None:
    cb = load_codebook()
    assert sorted(cb.keys) == sorted(STANDARD_KEYS) and len(cb.keys) == 9
    for t in cb.themes:
        assert t.label and t.definition and len(t.rules) >= 10


def test_custom_theme_is_coded_by_its_rules() -> None:
    cb = load_codebook([CustomTheme("parkering", "Parkering", regexes=(r"\bparkering\w*",))])
    assert "parkering" in cb.keys
    coding = code("Der var ingen parkeringspladser ved rådhuset.", codebook=cb)
    assert "parkering" in coding.themes
    with pytest.raises(ValueError):
        load_codebook([CustomTheme("Bad Key!", "x")])
    with pytest.raises(ValueError):
        load_codebook([CustomTheme("tillid", "dublet")])
    with pytest.raises(ValueError):
        load_codebook([CustomTheme("ok_key", "x", regexes=("(",))])


def test_empty_text_is_neutral_without_themes() -> None:
    assert code("") == Coding((), "neutral")
    assert code("   \n") == Coding((), "neutral")


def test_negation_not_an_accessibility_complaint() -> None:
    c = code("Det var ikke svært at få fat i dem.")
    assert c.sentiment == "positiv"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Det tog en evighed før vi hørte noget.", "sagsbehandlingstid"),
        ("Telefonen blev aldrig taget, uanset hvornår jeg ringede.", "tilgaengelighed"),
        ("Min datter blev aldrig spurgt om hvad hun selv ønskede.", "inddragelse"),
        ("Vi har haft fire forskellige sagsbehandlere på to år.", "samarbejde"),
        ("Vi er blevet sendt rundt mellem tre afdelinger.", "samarbejde"),
        ("Jeg forstod ikke brevet, der var alt for mange svære ord.", "kommunikation"),
        ("Jeg fik afslag uden begrundelse og ingen klagevejledning.", "afgoerelse"),
        ("Jeg stoler ikke længere på kommunen.", "tillid"),
    ],
)
def test_phrase_examples_give_themes(text: str, theme: str) -> None:
    assert theme in code(text).themes


@pytest.mark.parametrize(
    "text",
    [
        "super hurtigt, kun 9 måneder for at få svar på ansøgningen",
        "Tak for ingenting. Ingen har ringet tilbage.",
    ],
)
def test_irony_is_negative(text: str) -> None:
    assert code(text).sentiment == "negativ"


def test_shipped_model_loads_lazily_and_round_trips() -> None:
    model = DEFAULT.get()
    assert model.version == "coder-v1"
    assert set(model.themes) == set(STANDARD_KEYS)
    assert DEFAULT.get() is model
    again = load_model(json.dumps(model.to_json()))
    text = "Sagsbehandleren svarede aldrig på mine mails, og det tog fem måneder."
    assert code(text, again) == code(text, model)
    assert load_model(MODEL_FILE).version == "coder-v1"


def test_code_is_deterministic_and_sorted() -> None:
    text = "Vi ventede et halvt år, og ingen fortalte os hvad der skulle ske."
    a, b = code(text), code(text)
    assert a == b and list(a.themes) == sorted(a.themes)


@pytest.fixture(scope="module")
def trained() -> object:
    return train(load_examples(sorted(CORPUS_DIR.glob("train_*.jsonl"))))


def test_cross_validated_scores_on_train(trained: object) -> None:
    from analysis.train import TrainResult

    assert isinstance(trained, TrainResult)
    # Honest figures reached (see report): CV micro-F1 is below the 0.85 goal.
    assert trained.cv.micro_f1 >= 0.72
    assert trained.cv.sentiment_accuracy >= 0.80
    assert set(trained.cv.per_theme_f1) == set(STANDARD_KEYS)


def test_train_accepts_extra_examples_and_custom_theme(trained: object) -> None:
    base = load_examples(sorted(CORPUS_DIR.glob("train_*.jsonl")))
    templates = [
        "Parkeringen ved {} var et mareridt.",
        "Jeg fandt aldrig en parkeringsplads ved {}.",
        "Parkering ved {} er umulig om morgenen.",
        "Der mangler parkeringspladser foran {}.",
        "Vi kørte rundt længe for at finde parkering ved {}.",
        "Parkeringsforholdene ved {} er for dårlige.",
    ]
    places = ["rådhuset", "jobcentret", "borgerservice", "skolen", "plejecentret"]
    extra = [Example(t.format(p), ("parkering",), "negativ") for t in templates for p in places]
    cb = load_codebook([CustomTheme("parkering", "Parkering", regexes=(r"\bparkering",))])
    result = train(base, extra, codebook=cb)
    assert "parkering" in result.themes
    assert "parkering" in result.model.themes
    assert "parkering" in code("Parkeringen ved biblioteket var umulig.", result.model, cb).themes


def test_heldout_figures() -> None:
    held = load_examples([CORPUS_DIR / "heldout.jsonl"])
    scores = evaluate(held, DEFAULT.get())
    # Reported only; asserted at what the shipped model honestly reaches.
    assert scores.micro_f1 >= 0.55  # goal 0.85: NOT reached (see report)
    assert scores.sentiment_accuracy >= 0.70  # goal 0.80: NOT reached

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.codebook import STANDARD_KEYS, CustomTheme, load_codebook
from analysis.coder import DEFAULT, Coding, code, load_model
from analysis.train import (
    CORPUS_DIR,
    Example,
    _recoded_heldout,
    evaluate,
    load_examples,
    train,
)

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


@pytest.mark.slow
def test_cross_validated_scores_on_train() -> None:
    examples = load_examples(sorted(CORPUS_DIR.glob("train_*.jsonl")))
    assert len(examples) >= 16000  # train_1..train_42
    trained = train(examples)
    # Honest figures reached (see the closing note): CV micro-F1 0.83, below the 0.85 goal;
    # "information" is the hardest theme (0.76).
    assert trained.cv.micro_f1 >= 0.81
    assert trained.cv.sentiment_accuracy >= 0.87
    assert set(trained.cv.per_theme_f1) == set(STANDARD_KEYS)
    assert all(f >= 0.74 for f in trained.cv.per_theme_f1.values())


def test_train_accepts_extra_examples_and_custom_theme() -> None:
    base = load_examples(sorted(CORPUS_DIR.glob("train_*.jsonl")))[::4]
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
    result = train(base, extra, codebook=cb, folds=3)
    assert "parkering" in result.themes
    assert "parkering" in result.model.themes
    assert "parkering" in code("Parkeringen ved biblioteket var umulig.", result.model, cb).themes


def test_heldout_figures() -> None:
    held = load_examples([CORPUS_DIR / "heldout.jsonl"])
    scores = evaluate(held, DEFAULT.get())
    # Reported only (never tuned on); asserted at what the shipped model honestly reaches.
    assert scores.micro_f1 >= 0.70  # goal 0.85: NOT reached (0.71, see the closing note)
    assert scores.sentiment_accuracy >= 0.87  # goal 0.80: reached (0.89)


def test_heldout_against_independent_blind_coders() -> None:
    # Two blind coders re-coded the held-out texts; they agree with each other at 0.97 and with
    # the held-out author at 0.86, so both views of the model's figure are reported.
    recoded = _recoded_heldout()
    assert set(recoded) == {"coder_a", "coder_b"}
    for examples in recoded.values():
        assert len(examples) == 150
        assert evaluate(examples, DEFAULT.get()).micro_f1 >= 0.70  # 0.723 and 0.714


def test_rule_hits_find_phrases_not_loose_words() -> None:
    cb = load_codebook()
    hits = cb.rule_hits("vi blev sendt rundt mellem afdelingerne", "")
    assert 0 in hits["samarbejde"]  # \bsendt rundt
    assert "samarbejde" not in cb.rule_hits("vi blev ikke sendt noget", "")


@pytest.mark.parametrize(
    "text",
    [
        "ikke-sendt rundt",  # hyphenated token: the part after the hyphen is a word start
        "Vi er blevet SENDT RUNDT!",
        "først 3 afslag, så sendt rundt",
    ],
)
def test_rule_index_finds_the_same_hits_as_plain_regex_search(text: str) -> None:
    from analysis.text import normalise

    cb = load_codebook()
    norm = normalise(text)
    expected = {
        t.key: [i for i, r in enumerate(t.rules) if r.kind == "regex" and r.compiled.search(norm)]
        for t in cb.themes
    }
    expected = {k: v for k, v in expected.items() if v}
    assert cb.rule_hits(norm, "") == expected


def test_rule_index_agrees_with_plain_regex_search_on_the_corpus() -> None:
    from analysis.text import normalise

    cb = load_codebook()
    for ex in load_examples(sorted(CORPUS_DIR.glob("train_*.jsonl"))):
        norm = normalise(ex.text)
        for t in cb.themes:
            got = set(cb.rule_hits(norm, "").get(t.key, ()))
            want = {
                i for i, r in enumerate(t.rules) if r.kind == "regex" and r.compiled.search(norm)
            }
            assert got == want, (t.key, norm)


def test_duration_and_contrast_features() -> None:
    from analysis.coder import extract_features

    f = extract_features("Det tog fem uger og et halvt år, men de var søde.")
    assert f["DUR"] > 0 and f["CONTRAST"] == 1.0
    assert "DUR" not in extract_features("Vi havde fem børn med.")


def test_model_json_round_trip_keeps_codings_identical() -> None:
    model = DEFAULT.get()
    again = load_model(model.to_json())
    texts = [e.text for e in load_examples([CORPUS_DIR / "train_1.jsonl"])][:40]
    assert [code(t, again) for t in texts] == [code(t, model) for t in texts]


def test_shipped_fast_copy_belongs_to_the_shipped_json_and_gives_the_same_model() -> None:
    """analyse-jsonl loads the .npy copy of the shipped weights; it must be the JSON's (after a
    retrain: ``python -m analysis.train --out analysis/models/coder-v1.json`` writes both)."""
    from importlib import resources

    from analysis.coder import _load_fast_copy

    package = resources.files("analysis")
    data = package.joinpath("models/coder-v1.json").read_bytes()
    fast = _load_fast_copy(data, package, "models/coder-v1")
    assert fast is not None, "the .npy copy is missing or stale: rerun analysis.train"
    from_json = load_model(json.loads(data))
    assert fast.vocabulary == from_json.vocabulary
    assert np.array_equal(fast.weights, from_json.weights)
    assert np.array_equal(fast.bias, from_json.bias)
    assert (fast.themes, fast.sentiments, fast.thresholds, fast.version) == (
        from_json.themes,
        from_json.sentiments,
        from_json.thresholds,
        from_json.version,
    )


def test_a_stale_fast_copy_is_ignored(tmp_path: Path) -> None:
    from analysis.coder import _load_fast_copy, write_fast_copy

    model_json = tmp_path / "m.json"
    model_json.write_text(json.dumps(DEFAULT.get().to_json()), "utf-8")
    write_fast_copy(model_json)
    assert _load_fast_copy(model_json.read_bytes(), tmp_path, "m") is not None
    changed = model_json.read_bytes().replace(b'"version": "coder-v1"', b'"version": "coder-v2"')
    assert _load_fast_copy(changed, tmp_path, "m") is None


def test_train_command_writes_only_with_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --out the command only reports: the shipped model is replaced on purpose only."""
    import analysis.train as train_module

    small = train(load_examples([CORPUS_DIR / "train_1.jsonl"]), folds=2)
    monkeypatch.setattr(train_module, "train", lambda examples: small)
    shipped = train_module.MODEL_FILE.read_bytes()
    assert train_module.main([]) == 0
    assert "Ingen model skrevet" in capsys.readouterr().out
    assert train_module.MODEL_FILE.read_bytes() == shipped
    out = tmp_path / "m.json"
    assert train_module.main(["--out", str(out)]) == 0
    assert load_model(out).vocabulary == small.model.vocabulary
    assert out.with_name("m.weights.npy").exists()

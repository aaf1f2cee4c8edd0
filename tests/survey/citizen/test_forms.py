"""The reusable pieces: parse_answers, split_steps and the _questions.html partial."""

from __future__ import annotations

from flask import render_template_string

from survey.citizen.forms import (
    QuestionView,
    choices,
    display_values,
    parse_answers,
    split_steps,
)
from survey.extensions import db
from survey.models import Borgerrejse, QuestionKind, QuestionOrigin, StandardSet

from .pages import parse

LIKERT = QuestionView("L1", QuestionKind.LIKERT, "Enig?", "Agree?")
JANEJ = QuestionView("J1", QuestionKind.JANEJ, "Ja?", "Yes?")
CHOICE = QuestionView(
    "C1", QuestionKind.CHOICE, "Hvilken?", "Which?", QuestionOrigin.FOKUS,
    ({"code": "a", "da": "Æble", "en": "Apple"}, {"code": "b", "da": "Banan", "en": "Banana"}),
)
TEXT = QuestionView("T1", QuestionKind.TEXT, "Fortæl", "Tell")
ALL = [LIKERT, JANEJ, CHOICE, TEXT]


def test_parse_accepts_allowed_values_and_skips_blanks():
    clean, errors = parse_answers(
        ALL, {"L1": "vi", "J1": "nej", "C1": "b", "T1": "Linje\r\nto"}, max_length=50
    )
    assert errors == {}
    assert clean == {"L1": "vi", "J1": "nej", "C1": "b", "T1": "Linje\nto"}
    clean, errors = parse_answers(ALL, {"L1": "", "T1": "   \n"}, max_length=50)
    assert clean == {} and errors == {}


def test_parse_rejects_values_not_allowed():
    submitted = {"L1": "6", "J1": "ja ", "C1": "c", "T1": "ok"}
    clean, errors = parse_answers(ALL, submitted, max_length=50)
    assert set(errors) == {"L1", "C1"}
    assert clean == {"J1": "ja", "T1": "ok"}
    assert errors["L1"] == "Vælg et af svarene til »Enig?«."


def test_parse_text_length_and_control_characters_in_both_languages():
    _, errors = parse_answers([TEXT], {"T1": "x" * 11}, lang="en", max_length=10)
    assert errors["T1"] == ("The answer to “Tell” is too long. Write at most 10 characters "
                            "(you have written 11).")
    _, errors = parse_answers([TEXT], {"T1": "a\x07b"}, max_length=10)
    assert "usynlige tegn" in errors["T1"]
    clean, errors = parse_answers([TEXT], {"T1": "a\tb\nc"}, max_length=10)
    assert clean == {"T1": "a\tb\nc"} and not errors
    shown = display_values([TEXT, LIKERT], {"T1": "a\x00b\x7f", "L1": "3"})
    assert shown == {"T1": "ab", "L1": "3"}


def test_parse_uses_the_configured_max_length(app):
    with app.app_context():
        app.config["FREE_TEXT_MAX_LENGTH"] = 3
        _, errors = parse_answers([TEXT], {"T1": "abcd"})
        assert "højst 3 tegn" in errors["T1"]


def test_parse_handles_odd_input_types():
    clean, errors = parse_answers(ALL, {"L1": ["2", "3"], "J1": None, "T1": 5}, max_length=5)
    assert clean == {"L1": "2"} and errors == {}


def test_choices_are_translated():
    assert choices(CHOICE, "en") == [("a", "Apple"), ("b", "Banana")]
    assert choices(LIKERT, "da")[-1] == ("vi", "Ved ikke")
    assert choices(JANEJ, "en") == [("ja", "Yes"), ("nej", "No"), ("vi", "Don't know")]
    assert choices(TEXT, "da") == []


def test_split_steps_for_a_real_round(app, survey_round):
    with app.app_context():
        rnd = db.session.get(Borgerrejse, survey_round)
        steps = split_steps(rnd.questions)
    assert [s.codes for s in steps] == [
        ["S01", "S02", "S03", "S04", "S05", "S06"],
        ["S07", "S08", "S09", "S10", "S11", "F01"],
        ["S12", "S13", "S14"],
    ]
    assert [s.kind for s in steps] == ["closed", "closed", "text"]


def test_split_steps_puts_focus_text_last_and_drops_empty_steps():
    focus_text = QuestionView("F02", QuestionKind.TEXT, "Mere?", "More?", QuestionOrigin.FOKUS)
    steps = split_steps([focus_text, TEXT, CHOICE])
    assert [s.codes for s in steps] == [["C1"], ["T1", "F02"]]
    assert [s.number for s in steps] == [1, 2]


def test_partial_renders_standard_questions_without_invitation(app):
    """The advisor's preview can render a standard set (no round, no invitation)."""
    with app.test_request_context():
        std = db.session.scalars(db.select(StandardSet)).first()
        html = render_template_string(
            '{% from "citizen/_questions.html" import render_questions, error_summary %}'
            "{{ error_summary(qs, errors, 'en') }}{{ render_questions(qs, values, errors, 'en') }}",
            qs=std.questions, values={"S01": "5", "S12": "<b>hej</b>"},
            errors={"S02": "Choose one"},
        )
    page = parse(f'<form method="post">{html}</form>')
    assert page.form.checked == {"S01": "5"}
    assert page.form.textareas["S12"] == "<b>hej</b>"
    assert "&lt;b&gt;hej&lt;/b&gt;" in html
    assert "Strongly agree" in html and "The municipality got started on my case quickly." in html
    assert '<a href="#S02-1">Choose one</a>' in html
    assert 'aria-describedby="S02-fejl"' in html
    assert html.count("<fieldset") == 11 and html.count("<textarea") == 3


def test_partial_included_with_context(app):
    with app.test_request_context():
        html = render_template_string(
            '{% include "citizen/_questions.html" %}', questions=[CHOICE, TEXT], lang="da",
        )
    assert "Æble" in html and 'name="T1"' in html and "Højst 5000 tegn" in html

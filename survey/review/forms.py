"""Forms of the advisor's review screens (Danish messages)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from .operations import KIND_LABELS, PII_KINDS, SENTIMENTS

_DANISH = {
    "This field is required.": "Feltet skal udfyldes.",
    "Not a valid choice.": "Vælg en af mulighederne.",
    "Not a valid choice": "Vælg en af mulighederne.",
    "'%(value)s' is not a valid choice for this field.": "Vælg en af mulighederne.",
    "'%(value)s' are not valid choices for this field.": "Vælg blandt mulighederne.",
    "Invalid input.": "Ugyldigt indhold.",
    "Not a valid date value.": "Skriv en gyldig dato, fx 2025-03-31 eller 31-03-2025.",
    "Not a valid date value": "Skriv en gyldig dato, fx 2025-03-31 eller 31-03-2025.",
    "Invalid Choice: could not coerce.": "Vælg en af mulighederne.",
    "Invalid Choice: could not coerce": "Vælg en af mulighederne.",
}


class _Translations:
    def gettext(self, string: str) -> str:
        return _DANISH.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        text = singular if n == 1 else plural
        if "characters" in text:
            return "Teksten har en forkert længde."
        return _DANISH.get(text, text)


class DanishForm(FlaskForm):
    class Meta:
        def get_translations(self, form: Any) -> _Translations:
            return _Translations()


def choices(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as WTForms ``SelectChoice`` objects (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActionForm(DanishForm):
    """A button-only form: CSRF protection and nothing else."""


class RedactForm(DanishForm):
    fragment = StringField(
        "Tekst, der skal skjules",
        validators=[
            DataRequired("Skriv den tekst, der skal skjules, præcis som den står."),
            Length(max=500, message="Teksten må højst være 500 tegn."),
        ],
    )
    kind = SelectField(
        "Slags oplysning",
        choices=choices((kind, KIND_LABELS[kind]) for kind in PII_KINDS),
        validators=[DataRequired("Vælg, hvilken slags oplysning det er.")],
    )


class EditTextForm(DanishForm):
    text = TextAreaField(
        "Anonymiseret tekst",
        validators=[
            DataRequired("Den anonymiserede tekst må ikke være tom."),
            Length(max=10000, message="Teksten må højst være 10.000 tegn."),
        ],
    )


class CodingForm(DanishForm):
    themes = MultiCheckboxField("Emner", choices=[], validate_choice=False)
    sentiment = RadioField(
        "Stemning",
        choices=choices(SENTIMENTS.items()),
        validators=[DataRequired("Vælg en stemning.")],
    )


class PromoteTopicForm(DanishForm):
    key = StringField(
        "Nøgle (små bogstaver a–z, tal og _)",
        validators=[
            DataRequired("Skriv en nøgle."),
            Regexp(
                r"^[a-z][a-z0-9_]{1,39}$",
                message="Nøglen skal være 2–40 tegn: små bogstaver a–z, tal og _, "
                "og den skal begynde med et bogstav.",
            ),
        ],
    )
    label = StringField(
        "Navn på emnet",
        validators=[
            DataRequired("Skriv et navn på emnet."),
            Length(max=200, message="Navnet må højst være 200 tegn."),
        ],
    )
    definition = TextAreaField(
        "Beskrivelse", validators=[Length(max=2000, message="Højst 2.000 tegn.")]
    )
    phrases = TextAreaField(
        "Udtryk, der peger på emnet (ét pr. linje)",
        validators=[
            DataRequired("Skriv mindst ét udtryk."),
            Length(max=5000, message="Højst 5.000 tegn."),
        ],
    )

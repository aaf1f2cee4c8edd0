"""Forms for rounds and their questionnaires (Danish messages throughout)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from analysis.aggregate import THEME_LABELS

from ..models import QuestionKind, RoundState

# --------------------------------------------------------------------------- Danish messages

_DANISH = {
    "This field is required.": "Feltet skal udfyldes.",
    "Not a valid date value.": "Skriv en gyldig dato, fx 2025-03-31 eller 31-03-2025.",
    "Not a valid choice.": "Vælg en af mulighederne.",
    "Not a valid choice": "Vælg en af mulighederne.",
    "Invalid Choice: could not coerce.": "Vælg en af mulighederne.",
    "Invalid Choice: could not coerce": "Vælg en af mulighederne.",
    "Not a valid integer value.": "Skriv et helt tal.",
    "Invalid input.": "Ugyldigt indhold.",
}


class DanishTranslations:
    """WTForms' built-in messages in Danish (no Babel needed)."""

    def gettext(self, string: str) -> str:
        return _DANISH.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if "between" in singular:
            return "Teksten har en forkert længde."
        return _DANISH.get(singular if n == 1 else plural, singular if n == 1 else plural)


class DanishForm(FlaskForm):
    class Meta:
        def get_translations(self, form: Any) -> DanishTranslations:
            return DanishTranslations()


DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]

def select_choices(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as WTForms ``SelectChoice`` objects (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


THEME_CHOICES = select_choices([("", "Intet tema"), *THEME_LABELS.items()])

KIND_CHOICES = select_choices([
    (QuestionKind.LIKERT.value, "Enig/uenig (skala 1–5 og »ved ikke«)"),
    (QuestionKind.JANEJ.value, "Ja/nej (og »ved ikke«)"),
    (QuestionKind.CHOICE.value, "Vælg én af flere svarmuligheder"),
    (QuestionKind.TEXT.value, "Fritekst"),
])

OPTIONS_HINT = (
    "Kun ved »Vælg én«: én svarmulighed pr. linje, enten som »kode;dansk;english« eller som "
    "»dansk;english« eller bare »dansk« – så laves koden automatisk."
)


class RoundForm(DanishForm):
    fagcenter_id = SelectField(
        "Fagcenter", coerce=int, validators=[DataRequired("Vælg et fagcenter.")]
    )
    title = StringField(
        "Titel",
        validators=[
            DataRequired("Skriv en titel."),
            Length(max=200, message="Titlen må højst have 200 tegn."),
        ],
    )
    period_start = DateField(
        "Periodens første dag", format=DATE_FORMATS,
        validators=[InputRequired("Skriv periodens første dag.")],
    )
    period_end = DateField(
        "Periodens sidste dag", format=DATE_FORMATS,
        validators=[InputRequired("Skriv periodens sidste dag.")],
    )

    def validate_period_end(self, field: DateField) -> None:
        if self.period_start.data and field.data and field.data <= self.period_start.data:
            raise ValidationError("Periodens sidste dag skal ligge efter den første dag.")


class RoundFilterForm(DanishForm):
    class Meta:
        csrf = False

        def get_translations(self, form: Any) -> DanishTranslations:
            return DanishTranslations()

    centre = SelectField("Fagcenter", validators=[Optional()])
    state = SelectField(
        "Status",
        choices=select_choices([("", "Alle")] + [(s.value, s.label) for s in RoundState]),
        validators=[Optional()],
    )


def _slug(text: str) -> str:
    ascii_text = (
        text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    )
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:20]


_CODE = re.compile(r"^[a-z0-9_]{1,32}$")


def parse_options(text: str) -> list[dict[str, str]]:
    """Lines »kode;dansk;english«, »dansk;english« or »dansk«; raises ValueError (Danish)."""
    options: list[dict[str, str]] = []
    used: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) > 3:
            raise ValueError(f"Linje {number} har for mange semikolonner (højst to).")
        if len(parts) == 3:
            code, da, en = parts
            code = code.lower()
            if not _CODE.match(code):
                raise ValueError(
                    f"Koden »{code}« i linje {number} må kun have små bogstaver a–z, tal og _."
                )
        else:
            da = parts[0]
            en = parts[1] if len(parts) == 2 else ""
            code = _slug(da) or f"svar{number}"
        if not da:
            raise ValueError(f"Linje {number} mangler den danske tekst.")
        if code == "vi":
            raise ValueError("Koden »vi« er forbeholdt »ved ikke«. Vælg en anden kode.")
        base, n = code, 2
        while code in used:
            if len(parts) == 3:
                raise ValueError(f"Koden »{code}« bruges mere end én gang.")
            code = f"{base}_{n}"
            n += 1
        used.add(code)
        options.append({"code": code, "da": da, "en": en or da})
    return options


def options_to_text(options: list[dict[str, str]]) -> str:
    return "\n".join(f"{o['code']};{o.get('da', '')};{o.get('en', '')}" for o in options)


class QuestionTextForm(DanishForm):
    """The advisor edits a question's texts (and, for choice questions, its options)."""

    text_da = TextAreaField(
        "Spørgsmål på dansk",
        validators=[DataRequired("Skriv spørgsmålet på dansk."), Length(max=1000)],
    )
    text_en = TextAreaField(
        "Spørgsmål på engelsk",
        validators=[DataRequired("Skriv spørgsmålet på engelsk."), Length(max=1000)],
    )
    options = TextAreaField("Svarmuligheder", validators=[Optional()])

    parsed_options: list[dict[str, str]] | None = None

    def validate_options(self, field: TextAreaField) -> None:
        self.parsed_options = None
        if not getattr(self, "_is_choice", False):
            return
        try:
            parsed = parse_options(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from error
        if len(parsed) < 2:
            raise ValidationError("Skriv mindst to svarmuligheder, én pr. linje.")
        self.parsed_options = parsed


class FocusQuestionForm(QuestionTextForm):
    kind = RadioField(
        "Svartype", choices=KIND_CHOICES, default=QuestionKind.LIKERT.value,
        validators=[DataRequired("Vælg en svartype.")],
    )
    theme = SelectField("Tema", choices=THEME_CHOICES, default="", validators=[Optional()])

    def validate(self, extra_validators: Any = None) -> bool:
        self._is_choice = self.kind.data == QuestionKind.CHOICE.value
        return super().validate(extra_validators)


class ConfirmForm(DanishForm):
    """A POST with only the CSRF token: confirmations and small actions."""

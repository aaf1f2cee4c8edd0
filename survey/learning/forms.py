"""Forms of learning points (Danish messages)."""

from __future__ import annotations

from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..review.forms import DanishForm, MultiCheckboxField

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


class PointForm(DanishForm):
    title = StringField(
        "Titel",
        validators=[DataRequired("Skriv en titel."), Length(max=200, message="Højst 200 tegn.")],
    )
    description = TextAreaField(
        "Beskrivelse", validators=[Length(max=5000, message="Højst 5.000 tegn.")]
    )
    themes = MultiCheckboxField("Emner", choices=[], validate_choice=False)
    quotes = MultiCheckboxField(
        "Godkendte citater som dokumentation", choices=[], validate_choice=False
    )
    figures = TextAreaField(
        "Tal som dokumentation (én pr. linje: »betegnelse: værdi«)",
        validators=[Length(max=5000, message="Højst 5.000 tegn.")],
    )
    owner = SelectField("Ansvarligt fagcenter", coerce=int, choices=[], validate_choice=False)
    due_date = DateField(
        "Frist (valgfri)",
        validators=[Optional()],
        format=DATE_FORMATS,
        render_kw={"type": "date"},
    )


class StatusForm(DanishForm):
    status = RadioField(
        "Ny status",
        choices=[],
        validate_choice=False,
        validators=[DataRequired("Vælg en ny status.")],
    )
    note = TextAreaField(
        "Begrundelse eller note (skal udfyldes ved fravalg)",
        validators=[Length(max=5000, message="Højst 5.000 tegn.")],
    )


class ResponseForm(DanishForm):
    text = TextAreaField(
        "Fagcentrets svar",
        validators=[
            DataRequired("Skriv fagcentrets svar."),
            Length(max=5000, message="Højst 5.000 tegn."),
        ],
    )


class NoteForm(DanishForm):
    text = TextAreaField(
        "Note om fremdrift",
        validators=[
            DataRequired("Skriv en note om fremdriften."),
            Length(max=5000, message="Højst 5.000 tegn."),
        ],
    )

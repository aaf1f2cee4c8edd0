"""Forms of the brief pages (Danish messages)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

MAX_HOVEDPUNKTER = 3000


class HovedpunkterForm(FlaskForm):
    godt = TextAreaField(
        "Det virker",
        validators=[Length(max=MAX_HOVEDPUNKTER,
                           message=f"Skriv højst {MAX_HOVEDPUNKTER} tegn under »Det virker«.")],
    )
    bedre = TextAreaField(
        "Det kan blive bedre",
        validators=[Length(max=MAX_HOVEDPUNKTER,
                           message=f"Skriv højst {MAX_HOVEDPUNKTER} tegn under »Det kan blive "
                                   "bedre«.")],
    )


class AnnualForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only reads

    year = IntegerField(
        "År",
        validators=[
            InputRequired(message="Skriv et årstal, fx 2025."),
            NumberRange(min=2000, max=2100, message="Skriv et årstal mellem 2000 og 2100."),
        ],
    )

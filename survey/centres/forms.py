"""Forms for the fagcentre (Danish messages)."""

from __future__ import annotations

import re

from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..rounds.forms import DanishForm

_CODE = re.compile(r"^[A-ZÆØÅ0-9]{2,16}$")


class CentreForm(DanishForm):
    name = StringField(
        "Navn",
        validators=[
            DataRequired("Skriv centrets navn."),
            Length(max=200, message="Navnet må højst have 200 tegn."),
        ],
    )
    code = StringField(
        "Kode",
        validators=[DataRequired("Skriv centrets kode, fx CSI.")],
        filters=[lambda value: value.strip().upper() if isinstance(value, str) else value],
    )
    active = BooleanField("Aktivt (kan få nye borgerrejser)")
    staff_names = TextAreaField("Medarbejdernavne")

    def validate_code(self, field: StringField) -> None:
        if not _CODE.match(field.data or ""):
            raise ValidationError(
                "Koden skal være 2–16 store bogstaver eller tal, uden mellemrum, fx CSI."
            )

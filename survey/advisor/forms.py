from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..auth.passwords import MIN_LENGTH
from ..models import QuestionKind, Role
from ..seed import PRINCIPLES

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]
NO_CENTRE = 0


def _email_check(_form: Any, field: Any) -> None:
    if field.data and not EMAIL.match(field.data.strip()):
        raise ValidationError("Skriv en gyldig e-mail, fx navn@kommune.dk.")


class _RoleCentre:
    """Shared rule: a centre contact must belong to a centre."""

    role: SelectField
    fagcenter_id: SelectField

    def validate_fagcenter_id(self, field: Any) -> None:
        if self.role.data == Role.CENTRE.value and not field.data:
            raise ValidationError("Vælg det fagcenter, centerkontakten hører til.")


class UserCreateForm(_RoleCentre, FlaskForm):
    email = StringField("E-mail", validators=[
        DataRequired("Skriv brugerens e-mail."), Length(max=254, message="E-mailen er for lang."),
        _email_check,
    ])
    role = SelectField("Rolle", choices=ROLE_CHOICES,
                       validators=[DataRequired("Vælg en rolle.")])
    fagcenter_id = SelectField("Fagcenter (kun for centerkontakter)", coerce=int,
                               validators=[Optional()])
    password = PasswordField("Første adgangskode (valgfri)", validators=[
        Optional(),
        Length(min=MIN_LENGTH, message=f"Adgangskoden skal have mindst {MIN_LENGTH} tegn."),
    ])


class UserEditForm(_RoleCentre, FlaskForm):
    role = SelectField("Rolle", choices=ROLE_CHOICES,
                       validators=[DataRequired("Vælg en rolle.")])
    fagcenter_id = SelectField("Fagcenter (kun for centerkontakter)", coerce=int,
                               validators=[Optional()])


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField("Ny adgangskode (valgfri)", validators=[
        Optional(),
        Length(min=MIN_LENGTH, message=f"Adgangskoden skal have mindst {MIN_LENGTH} tegn."),
    ])


class ConfirmForm(FlaskForm):
    """A bare POST form for buttons (CSRF only)."""


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    handling = SelectField("Vis handling", validators=[Optional()])


# --------------------------------------------------------------------------- standard questions

PRINCIPLE_CHOICES = [SelectChoice(0, "Intet princip")] + [
    SelectChoice(n, f"{n}. {text}") for n, text in PRINCIPLES.items()
]
NEW_KIND_CHOICES = [
    SelectChoice(kind.value, kind.label)
    for kind in (QuestionKind.LIKERT, QuestionKind.JANEJ, QuestionKind.TEXT)
]


class QuestionRowForm(Form):
    code = HiddenField()
    kind = SelectField("Type", choices=NEW_KIND_CHOICES, default=QuestionKind.LIKERT.value)
    position = IntegerField("Rækkefølge", validators=[
        InputRequired("Skriv et nummer for rækkefølgen."),
        NumberRange(min=1, max=999, message="Rækkefølgen skal være et tal fra 1 til 999."),
    ])
    text_da = TextAreaField("Tekst på dansk", validators=[
        DataRequired("Skriv spørgsmålet på dansk."),
        Length(max=500, message="Teksten må højst have 500 tegn."),
    ])
    text_en = TextAreaField("Tekst på engelsk", validators=[
        DataRequired("Skriv spørgsmålet på engelsk."),
        Length(max=500, message="Teksten må højst have 500 tegn."),
    ])
    theme = StringField("Tema (nøgle, fx tilgaengelighed)", validators=[
        Optional(), Length(max=64, message="Temaet må højst have 64 tegn."),
        Regexp(r"^[a-z0-9_æøå]+$",
               message="Temaet skrives med små bogstaver, tal og _ (fx sagsbehandlingstid)."),
    ])
    principle = SelectField("Princip", choices=PRINCIPLE_CHOICES, coerce=int, default=0)
    remove = BooleanField("Fjern spørgsmålet i den nye version")

    def validate(self, extra_validators: Any = None) -> bool:
        if self.remove.data:  # a row being removed is not checked
            return True
        return super().validate(extra_validators)


class StandardSetForm(FlaskForm):
    questions = FieldList(FormField(QuestionRowForm), min_entries=0)
    note = StringField("Note om ændringen", validators=[
        DataRequired("Skriv kort, hvad der er ændret."),
        Length(max=500, message="Noten må højst have 500 tegn."),
    ])

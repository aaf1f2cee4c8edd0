from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from .csv_import import EMAIL

MAX_COUNT = 10_000

OUTPUT_CHOICES = [
    SelectChoice("breve", "Breve til print (PDF)"),
    SelectChoice("links", "Fil med koder og links (CSV)"),
    SelectChoice("begge", "Begge dele (ZIP med PDF og CSV)"),
]
EMAIL_ONLY = SelectChoice("ingen", "Ingen fil – kun e-mail (alle modtagere skal have en e-mail)")


def _output_field(with_email_only: bool) -> RadioField:
    return RadioField(
        "Hvad vil du have med det samme?",
        choices=OUTPUT_CHOICES + ([EMAIL_ONLY] if with_email_only else []),
        default="breve",
        validators=[InputRequired("Vælg, hvad du vil have.")],
    )


class _EmailChoice:
    def validate_output_with_email(self) -> bool:
        if self.output.data == "ingen" and not self.send_email.data:  # type: ignore[attr-defined]
            self.output.errors = list(self.output.errors) + [  # type: ignore[attr-defined]
                "»Kun e-mail« kræver, at du sætter flueben ved »Send e-mail«."
            ]
            return False
        return True


class CsvInviteForm(FlaskForm, _EmailChoice):
    file = FileField("CSV-fil med modtagere", validators=[FileRequired("Vælg en CSV-fil.")])
    output = _output_field(True)
    send_email = BooleanField("Send også e-mail til modtagere, der har en e-mail-adresse")

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        ok = super().validate(extra_validators)
        return self.validate_output_with_email() and ok


class CountInviteForm(FlaskForm):
    count = IntegerField(
        "Antal invitationer",
        validators=[
            InputRequired("Skriv et antal."),
            NumberRange(1, MAX_COUNT, f"Skriv et tal fra 1 til {MAX_COUNT:,}.".replace(",", ".")),
        ],
    )
    output = _output_field(False)


class SingleInviteForm(FlaskForm, _EmailChoice):
    name = StringField(
        "Navn", validators=[DataRequired("Skriv modtagerens navn."), Length(max=200)]
    )
    address = TextAreaField(
        "Adresse", validators=[Optional(), Length(max=1000, message="Adressen er for lang.")]
    )
    email = StringField(
        "E-mail (kan udelades)",
        validators=[Optional(), Regexp(EMAIL, message="E-mailen ser forkert ud."), Length(max=254)],
    )
    reference = StringField(
        "Reference (kan udelades)",
        validators=[Optional(), Length(max=200, message="Referencen er for lang.")],
    )
    output = _output_field(True)
    send_email = BooleanField("Send også en e-mail, hvis der er en e-mail-adresse")

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        ok = super().validate(extra_validators)
        if ok and not (self.address.data or "").strip() and not (self.email.data or "").strip():
            self.address.errors = list(self.address.errors) + ["Skriv en adresse eller en e-mail."]
            ok = False
        if ok and self.output.data == "ingen" and not (self.email.data or "").strip():
            self.email.errors = list(self.email.errors) + ["»Kun e-mail« kræver en e-mail."]
            ok = False
        return self.validate_output_with_email() and ok


class ReminderForm(FlaskForm):
    letters = BooleanField("Breve (PDF) til dem, der har en postadresse", default=True)
    send_email = BooleanField("E-mail til dem, der har en e-mail-adresse")
    confirm = BooleanField(
        "Jeg forstår, at de gamle links og koder holder op med at virke "
        "for dem, der får en påmindelse",
        validators=[DataRequired("Bekræft, at de gamle links og koder holder op med at virke.")],
    )

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        ok = super().validate(extra_validators)
        if not (self.letters.data or self.send_email.data):
            self.letters.errors = list(self.letters.errors) + [
                "Vælg breve, e-mail eller begge dele."
            ]
            ok = False
        return ok

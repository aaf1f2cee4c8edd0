"""Forms for interviews and paper imports, and the session side of one-time form nonces.

The questions themselves are not WTForms fields: they are parsed with
``survey.citizen.forms.parse_answers`` from ``request.form`` (field names = question codes) and
rendered with ``templates/citizen/_questions.html``.
"""

from __future__ import annotations

import secrets

from flask import session
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField
from wtforms.validators import DataRequired, ValidationError

from ..rounds.forms import select_choices

CONSENT_LABEL = "Borgeren har givet samtykke til, at svarene indgår anonymt i borgerrejsen"
CONSENT_MISSING = (
    "Sæt kryds, når borgeren har givet samtykke. Uden samtykke kan interviewet ikke gemmes."
)
LANGUAGE_CHOICES = select_choices([("da", "Dansk"), ("en", "Engelsk")])
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

SESSION_KEY = "interview_nonces"
MAX_OPEN_FORMS = 10


class InterviewForm(FlaskForm):
    samtykke = BooleanField(CONSENT_LABEL, validators=[DataRequired(message=CONSENT_MISSING)])
    nonce = HiddenField()
    sprog = HiddenField(default="da")


class _MaxSize:
    def __call__(self, form: FlaskForm, field: FileField) -> None:
        data = field.data
        if data is None:
            return
        stream = data.stream
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
        if size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"Filen er for stor ({size // 1024} KB). Den må højst fylde "
                f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )


class PaperImportForm(FlaskForm):
    fil = FileField(
        "CSV-fil med de indtastede papirsvar",
        validators=[FileRequired(message="Vælg en CSV-fil."), _MaxSize()],
    )
    sprog = RadioField(
        "Skemaernes sprog", choices=LANGUAGE_CHOICES, default="da",
        validators=[DataRequired(message="Vælg sprog.")],
    )


# --------------------------------------------------------------------------- session nonces


def issue_nonce() -> str:
    """A fresh nonce for a new interview form, remembered in the signed session."""
    nonce = secrets.token_urlsafe(18)
    issued = [n for n in session.get(SESSION_KEY, []) if isinstance(n, str)]
    session[SESSION_KEY] = (issued + [nonce])[-MAX_OPEN_FORMS:]
    return nonce


def nonce_issued(nonce: str) -> bool:
    return bool(nonce) and nonce in session.get(SESSION_KEY, [])


def forget_nonce(nonce: str) -> None:
    session[SESSION_KEY] = [n for n in session.get(SESSION_KEY, []) if n != nonce]

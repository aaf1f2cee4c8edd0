from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from .passwords import MIN_LENGTH


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired("Skriv din e-mail.")])
    password = PasswordField("Adgangskode", validators=[DataRequired("Skriv din adgangskode.")])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Nuværende adgangskode",
        validators=[DataRequired("Skriv din nuværende adgangskode.")],
    )
    new = PasswordField(
        "Ny adgangskode",
        validators=[
            DataRequired("Skriv en ny adgangskode."),
            Length(min=MIN_LENGTH, message=f"Adgangskoden skal have mindst {MIN_LENGTH} tegn."),
        ],
    )
    repeat = PasswordField(
        "Gentag ny adgangskode",
        validators=[EqualTo("new", message="De to nye adgangskoder er ikke ens.")],
    )

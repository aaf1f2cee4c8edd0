"""Security headers and error pages for every response."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, render_template, request
from sqlalchemy.exc import DataError, DisconnectionError, InterfaceError, OperationalError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, Map

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

ERROR_TEXTS = {
    400: ("Forkert forespørgsel", "Siden kunne ikke forstå det, der blev sendt. Prøv igen."),
    404: ("Siden findes ikke", "Vi kan ikke finde siden. Tjek adressen, eller gå tilbage."),
    405: ("Ikke tilladt", "Den handling kan ikke bruges her."),
    410: ("Ikke længere aktiv", "Siden er ikke længere aktiv."),
    413: ("For meget data", "Det, der blev sendt, er for stort."),
    429: (
        "For mange forsøg",
        "Der er lavet for mange forsøg fra din forbindelse. Vent 10 minutter, og prøv igen.",
    ),
    500: ("Der skete en fejl", "Der skete en fejl hos os. Prøv igen om lidt."),
    503: ("Prøv igen om lidt", "Tjenesten er midlertidigt utilgængelig. Prøv igen om lidt."),
}

LOGIN_LIMIT_TEXT = (
    "For mange forsøg på at logge ind",
    "Der er lavet for mange forsøg på at logge ind fra din forbindelse. "
    "Vent et par minutter, og prøv igen. Har du glemt din adgangskode, "
    "så kontakt borgerrådgiveren.",
)


# Citizens with little Danish land on these pages too (a mistyped link, an expired round).
ERROR_TEXTS_EN = {
    404: "We cannot find the page. Check the address, or go back.",
    410: "This page is no longer active.",
    429: "Too many attempts were made from your connection. Wait 10 minutes and try again.",
    500: "Something went wrong on our side. Please try again in a moment.",
    503: "The service is temporarily unavailable. Please try again in a moment.",
}


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` ids: beyond PostgreSQL's integer range the URL does not match (404) instead
    of failing in the database (500)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def install(app: Flask) -> None:
    # Before the blueprints add their routes, which look the converter up.
    app.url_map.converters["int"] = DatabaseIdConverter

    @app.before_request
    def drop_nul_bytes() -> None:
        # PostgreSQL cannot store NUL characters: staff forms drop them (the citizen's forms
        # explain invisible characters to the citizen instead, see survey/citizen/forms.py).
        if request.method != "POST" or (request.endpoint or "").startswith("citizen."):
            return
        items = list(request.form.items(multi=True))
        if any("\x00" in value for _, value in items):
            request.form = ImmutableMultiDict(  # type: ignore[misc]
                (key, value.replace("\x00", "")) for key, value in items
            )

    @app.errorhandler(DataError)
    def unstorable_value(error: DataError) -> tuple[str, int]:
        # A value the database cannot hold (a number out of range …): nothing is stored.
        app.logger.warning("Værdi kunne ikke gemmes: %s", type(error.orig).__name__)
        title, text = ERROR_TEXTS[400]
        return render_template("error.html", code=400, title=title, text=text), 400

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if app.config.get("PRODUCTION"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint and request.endpoint.startswith("citizen."):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        code = error.code or 500
        if code < 400:
            return error
        title, text = ERROR_TEXTS.get(code, (error.name, error.description or ""))
        if code == 429 and request.endpoint == "auth.login":
            title, text = LOGIN_LIMIT_TEXT
        return render_template(
            "error.html", code=code, title=title, text=text, text_en=ERROR_TEXTS_EN.get(code)
        ), code

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    def database_unavailable(error: Exception) -> tuple[str, int, dict[str, str]]:
        app.logger.warning("Databasen svarede ikke: %s", type(error).__name__)
        title, text = ERROR_TEXTS[503]
        return (
            render_template(
                "error.html", code=503, title=title, text=text, text_en=ERROR_TEXTS_EN[503]
            ),
            503,
            {"Retry-After": "5"},
        )

"""Shared helpers for the rounds and centres tests."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import csrf_token


def post(client: FlaskClient, url: str, data: dict[str, Any] | None = None) -> TestResponse:
    """POST with a CSRF token taken from a signed-in page."""
    token = csrf_token(client.get("/konto/adgangskode").get_data(as_text=True))
    payload = {"csrf_token": token, **(data or {})}
    return client.post(url, data=payload)


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="flash[^"]*">([^<]*)</p>', html)


def add_responses(
    app: Flask, round_id: int, answers: list[dict[str, str]], language: str = "da"
) -> None:
    """Submit answers the way citizens do (held, then released in one shuffled batch)."""
    from survey.citizen.operations import hold, release_held_responses
    from survey.extensions import db
    from survey.models import Channel

    with app.app_context():
        for item in answers:
            hold(round_id, Channel.WEB, language, item)
        release_held_responses(round_id, force=True)
        db.session.commit()

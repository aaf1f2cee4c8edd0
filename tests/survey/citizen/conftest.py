from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .pages import Page, parse, submit


@pytest.fixture
def survey_round(make_round: Callable[..., int]) -> int:
    """An open CSI round: 14 standard questions and one approved focus choice question (F01)."""
    return make_round(state="aaben")


@pytest.fixture
def invite(make_invitations: Callable[..., list[Any]], survey_round: int) -> Callable[..., Any]:
    def factory(round_id: int | None = None) -> Any:
        return make_invitations(round_id or survey_round, 1)[0]

    return factory


def path_of(url: str) -> str:
    return url.removeprefix("http://localhost")


def start_survey(client: FlaskClient, path: str) -> Page:
    """Landing page → "Start" → step 1."""
    landing = parse(client.get(path))
    started = submit(client, landing, action="start", url=path)
    assert started.status_code == 303, started.status_code
    page = parse(client.get(started.headers["Location"]))
    return page


def answer_all(client: FlaskClient, path: str, lang: str = "da") -> Any:
    """Go through the whole survey and send; returns the final response."""
    page = start_survey(client, path + (f"?lang={lang}" if lang != "da" else ""))
    step1 = {f"S0{i}": "4" for i in range(1, 7)}
    response = submit(client, page, step1)
    page = parse(client.get(response.headers["Location"]))
    step2 = {"S07": "5", "S08": "3", "S09": "ja", "S10": "2", "S11": "vi", "F01": "tlf"}
    response = submit(client, page, step2)
    page = parse(client.get(response.headers["Location"]))
    step3 = {"S12": "Min rådgiver ringede tilbage.", "S13": "Svar hurtigere.", "S14": ""}
    return submit(client, page, step3)


@pytest.fixture
def fresh_client(app: Flask) -> Callable[[], FlaskClient]:
    return app.test_client

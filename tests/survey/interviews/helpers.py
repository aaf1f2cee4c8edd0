"""Helpers for the interview and paper tests."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import csrf_token

FULL_ANSWERS = {
    "S01": "4", "S02": "2", "S03": "vi", "S04": "5", "S05": "1", "S06": "3", "S07": "5",
    "S08": "4", "S09": "ja", "S10": "2", "S11": "3", "F01": "tlf",
    "S12": "Hun ringede tilbage samme dag.", "S13": "Brevet var svært at forstå.", "S14": "",
}


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def nonce_of(html: str) -> str:
    match = re.search(r'<input[^>]*name="nonce"[^>]*>', html)
    assert match, "no nonce field in page"
    value = re.search(r'value="([^"]*)"', match.group(0))
    assert value, "nonce field has no value"
    return value.group(1)


def interview_url(round_id: int, lang: str | None = None) -> str:
    return f"/borgerrejser/{round_id}/interview" + (f"?lang={lang}" if lang else "")


def post_interview(client: FlaskClient, round_id: int, page_html: str, answers: dict[str, str],
                   consent: bool = True, lang: str = "da", **extra: Any) -> TestResponse:
    data: dict[str, Any] = {
        "csrf_token": csrf_token(page_html), "nonce": nonce_of(page_html), "sprog": lang,
        **answers, **extra,
    }
    if consent:
        data["samtykke"] = "y"
    return client.post(interview_url(round_id), data=data)


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="flash[^"]*">([^<]*)</p>', html)

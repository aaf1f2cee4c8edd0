"""A real double click: two POSTs of the same interview form at the same time."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from survey.extensions import db
from survey.models import HeldResponse, Response

from .helpers import FULL_ANSWERS, interview_url, post_interview, text_of

ROUNDS = 3


def _race(app: Flask, round_id: int, page: str, session_cookie: str) -> list[Any]:
    """POST the same form from two clients carrying the same session cookie, at once."""
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        client.set_cookie("session", session_cookie)
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def post(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = post_interview(clients[index], round_id, page, FULL_ANSWERS)
        except BaseException as error:  # surfaced below
            results[index] = error

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return [result.status_code for result in results]


def test_concurrent_posts_of_one_form_store_exactly_one_interview(app, advisor_client,
                                                                  make_round):
    round_id = make_round(state="aaben")
    for attempt in range(ROUNDS):
        page = text_of(advisor_client.get(interview_url(round_id)))
        cookie = advisor_client.get_cookie("session")
        assert cookie is not None
        assert _race(app, round_id, page, cookie.value) == [303, 303]
        with app.app_context():
            held = db.session.scalar(select(func.count()).select_from(HeldResponse))
            released = db.session.scalar(select(func.count()).select_from(Response))
        assert held + released == attempt + 1

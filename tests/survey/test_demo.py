from __future__ import annotations

import re

from sqlalchemy import func, select

from survey.extensions import db
from survey.models import Borgerrejse, Fagcenter, FreeText, Response, RoundState, User

LINE_FORMAT = [
    re.compile(r"^ROUND_ID=\d+$"),
    re.compile(r"^ADVISOR_EMAIL=\S+@\S+$"),
    re.compile(r"^ADVISOR_PASSWORD=\S+$"),
    re.compile(r"^LINK=http://localhost/s/[A-Za-z0-9_-]{22,}$"),
    re.compile(r"^LINK=http://localhost/s/[A-Za-z0-9_-]{22,}$"),
    re.compile(r"^LINK=http://localhost/s/[A-Za-z0-9_-]{22,}$"),
]


def _demo_lines(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    lines = [
        line for line in result.output.splitlines() if "=" in line and line.split("=")[0].isupper()
    ]
    return lines


def test_demo_prints_contract_lines(empty_app):
    lines = _demo_lines(empty_app)
    assert len(lines) == 6
    for line, pattern in zip(lines, LINE_FORMAT, strict=True):
        assert pattern.match(line), line


def test_demo_twice_no_duplicates_and_new_links(empty_app):
    app = empty_app
    client = app.test_client()
    first = _demo_lines(app)
    second = _demo_lines(app)
    assert first[0] == second[0], "same open round both times"
    assert set(first[3:]).isdisjoint(second[3:]), "fresh links each time"
    with app.app_context():
        assert db.session.scalar(select(func.count(Fagcenter.id))) == 7
        assert db.session.scalar(select(func.count(Borgerrejse.id))) == 2
        emails = list(db.session.scalars(select(User.email)))
        assert len(emails) == len(set(emails))
        earlier = db.session.scalar(
            select(Borgerrejse).where(Borgerrejse.state == RoundState.AFRAPPORTERET)
        )
        assert earlier is not None
        responses = db.session.scalar(
            select(func.count(Response.id)).where(Response.borgerrejse_id == earlier.id)
        )
        assert responses == 30
        texts = db.session.scalar(select(func.count(FreeText.id)))
        assert texts >= 60
    round_id = int(second[0].split("=")[1])
    with app.app_context():
        assert db.session.get(Borgerrejse, round_id).state is RoundState.AABEN
    # A fresh link opens the citizen landing page.
    path = second[3].split("=", 1)[1].removeprefix("http://localhost")
    assert client.get(path).status_code == 200

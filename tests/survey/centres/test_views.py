"""Fagcentre: the advisor lists and edits them; others get 404 on the edit screens."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.survey.rounds.helpers import post, text_of


def _centre(app: Flask, code: str) -> tuple[int, str, str, bool, str] | None:
    from survey.extensions import db
    from survey.models import Fagcenter

    with app.app_context():
        c = db.session.scalar(select(Fagcenter).where(Fagcenter.code == code))
        return None if c is None else (c.id, c.code, c.name, c.active, c.staff_names)


def test_advisor_lists_the_seven_centres(app: Flask, advisor_client: FlaskClient) -> None:
    html = text_of(advisor_client.get("/fagcentre/"))
    for code in ("CSI", "CBAK", "CSO", "CUP", "CBB", "CTMB", "CAE"):
        assert f"<td>{code}</td>" in html
    assert "Center for Arealer og Ejendomme" in html


def test_advisor_edits_centre_and_staff_names(app: Flask, advisor_client: FlaskClient) -> None:
    from survey.extensions import db
    from survey.models import AuditEvent

    centre_id = _centre(app, "CAE")[0]  # type: ignore[index]
    form = text_of(advisor_client.get(f"/fagcentre/{centre_id}/rediger"))
    assert "Medarbejdernavne" in form and 'value="CAE"' in form
    response = post(
        advisor_client,
        f"/fagcentre/{centre_id}/rediger",
        {
            "name": "Center for Arealer, Ejendomme og Veje",
            "code": " caev ",
            "active": "",
            "staff_names": "  Mette   Holm \n\nJonas Berg\nmette holm\n",
        },
    )
    assert response.status_code == 303
    assert _centre(app, "CAEV") == (
        centre_id,
        "CAEV",
        "Center for Arealer, Ejendomme og Veje",
        False,
        "Mette Holm\nJonas Berg",
    )
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "centre_updated"))
        assert (
            event is not None
            and "Mette" not in event.detail
            and "navne på listen: 2" in event.detail
        )


def test_duplicate_or_bad_code_is_refused_in_danish(
    app: Flask, advisor_client: FlaskClient
) -> None:
    centre_id = _centre(app, "CAE")[0]  # type: ignore[index]
    taken = post(
        advisor_client,
        f"/fagcentre/{centre_id}/rediger",
        {"name": "Nyt navn", "code": "CSI", "active": "y", "staff_names": ""},
    )
    assert taken.status_code == 200
    assert "Koden »CSI« bruges allerede af et andet fagcenter." in text_of(taken)
    assert 'value="Nyt navn"' in text_of(taken)
    bad = post(
        advisor_client,
        f"/fagcentre/{centre_id}/rediger",
        {"name": "", "code": "C S", "active": "y", "staff_names": ""},
    )
    assert "Skriv centrets navn." in text_of(bad) and "Koden skal være" in text_of(bad)
    assert _centre(app, "CAE")[2] == "Center for Arealer og Ejendomme"  # type: ignore[index]


def test_centre_and_management_cannot_edit(
    app: Flask, login_as: Callable[..., FlaskClient]
) -> None:
    centre_id = _centre(app, "CSI")[0]  # type: ignore[index]
    for client in (login_as("centre", "CSI"), login_as("management")):
        assert client.get("/fagcentre/").status_code == 404
        assert client.get(f"/fagcentre/{centre_id}/rediger").status_code == 404
        assert (
            post(
                client,
                f"/fagcentre/{centre_id}/rediger",
                {"name": "X", "code": "XX", "staff_names": ""},
            ).status_code
            == 404
        )
    assert _centre(app, "CSI")[2] == "Center for Social Indsats"  # type: ignore[index]


def test_centre_dashboard_without_rounds(app: Flask, login_as: Callable[..., FlaskClient]) -> None:
    centre_id = _centre(app, "CUP")[0]  # type: ignore[index]
    html = text_of(login_as("centre", "CUP").get(f"/fagcentre/{centre_id}"))
    assert "Centret har endnu ingen borgerrejser." in html

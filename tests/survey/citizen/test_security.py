"""CSRF on the citizen forms and rate limiting of failed look-ups."""

from __future__ import annotations

from sqlalchemy import func, select

from survey.extensions import db
from survey.models import Draft, HeldResponse

from .conftest import path_of, start_survey
from .pages import parse, submit

LIMIT = 20


def test_csrf_is_on_in_the_test_app(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_post_without_csrf_token_is_rejected_and_keeps_the_answers(app, client, invite):
    path = path_of(invite().url)
    page = start_survey(client, path)
    response = submit(client, page, {"S01": "4", "S02": "vi"}, drop_csrf=True)
    assert response.status_code == 400
    again = parse(response)
    assert "Dine svar står stadig i formularen" in again.text()
    assert again.form.checked == {"S01": "4", "S02": "vi"}
    assert "csrf_token" in again.form.hidden
    with app.app_context():
        draft = db.session.scalar(select(Draft))
        assert draft.step == 1 and draft.answers == {}
    # With the fresh token in the re-drawn form it goes through.
    assert submit(client, again).status_code == 303


def test_final_step_without_csrf_token_sends_nothing(app, client, invite):
    path = path_of(invite().url)
    page = start_survey(client, path)
    for _ in range(2):
        page = parse(client.get(submit(client, page).headers["Location"]))
    response = submit(client, page, {"S12": "Hej"}, drop_csrf=True)
    assert response.status_code == 400
    assert parse(response).form.textareas["S12"] == "Hej"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HeldResponse)) == 0


def test_forged_token_and_landing_and_code_without_csrf(client, invite):
    issued = invite()
    path = path_of(issued.url)
    landing = parse(client.get(path))
    data = {**landing.form.hidden, "csrf_token": "forfalsket", "action": "start"}
    assert client.post(path, data=data).status_code == 400
    response = client.post("/kode", data={"code": issued.code})
    assert response.status_code == 400
    assert "Skriv din kode" in parse(response).text()
    with client.session_transaction() as session:
        assert "invitation_id" not in session
    assert client.post("/s/findes-ikke", data={}).status_code == 404


def _wrong_code(client, page) -> int:
    return client.post("/kode", data={**page.form.hidden, "code": "AAAA-BBBB-CCCC"}).status_code


def test_failed_lookups_are_limited_but_valid_links_never(app, client, invite):
    issued = invite()
    for n in range(LIMIT):
        assert client.get(f"/s/ukendt-{n}").status_code == 404
    response = client.get("/s/ukendt-igen")
    assert response.status_code == 429
    assert "For mange forsøg" in response.get_data(as_text=True)
    assert client.get("/s/endnu-et-forsoeg").status_code == 429

    # A citizen with a valid link from the same address is never limited.
    path = path_of(issued.url)
    assert client.get(path).status_code == 200
    page = start_survey(client, path)
    for _ in range(2):
        response = submit(client, page)
        assert response.status_code == 303
        page = parse(client.get(response.headers["Location"]))
    response = submit(client, page, {"S12": "Tak"})
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).status_code == 200
    assert client.get(path).status_code == 200  # "allerede besvaret"

    # Wrong codes from that address are limited too; a good code still works.
    other = invite()
    page = parse(client.get("/kode"))
    assert _wrong_code(client, page) == 429
    ok = client.post("/kode", data={**page.form.hidden, "code": other.code})
    assert ok.status_code == 303


def test_wrong_codes_count_as_failed_lookups(app, client):
    page = parse(client.get("/kode"))
    for _ in range(LIMIT):
        assert _wrong_code(client, page) == 400
    assert _wrong_code(client, page) == 429
    assert client.get("/s/ukendt").status_code == 429


def test_limit_is_per_address(app, invite):
    attacker = app.test_client()
    for n in range(LIMIT + 1):
        attacker.get(f"/s/ukendt-{n}")
    assert attacker.get("/s/ukendt").status_code == 429
    neighbour = app.test_client()
    response = neighbour.get("/s/ukendt", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert response.status_code == 404


def test_successful_lookups_do_not_count(app, client, invite):
    path = path_of(invite().url)
    for _ in range(LIMIT * 2):
        assert client.get(path).status_code == 200
    assert client.get("/s/ukendt").status_code == 404


def test_limit_follows_config(app, client):
    app.config["FAILED_LOOKUP_LIMIT"] = "2 per 10 minutes"
    assert client.get("/s/a").status_code == 404
    assert client.get("/s/b").status_code == 404
    assert client.get("/s/c").status_code == 429

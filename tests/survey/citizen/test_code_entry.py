"""Entering the short code from the letter at /kode, and answering through /s/kode."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey.extensions import db
from survey.models import HeldResponse, Invitation
from survey.tokens import hash_secret

from .conftest import path_of
from .pages import parse, submit


def _enter(client, typed: str, lang: str | None = None):
    page = parse(client.get("/kode" + (f"?lang={lang}" if lang else "")))
    return submit(client, page, {"code": typed}, action="")


def _variants(code: str) -> list[str]:
    plain = code.replace("-", "")
    return [
        code,  # XXXX-XXXX-XXXX as printed
        code.lower(),
        f"  {plain[:4]} {plain[4:8]} {plain[8:]} ",
        " ".join(plain.lower()),
    ]


def test_code_page(client):
    response = client.get("/kode")
    assert response.status_code == 200
    page = parse(response)
    assert page.html_lang == "da"
    assert "Skriv din kode" in page.text()
    assert 'for="code"' in page.html and 'aria-describedby="code-hint"' in page.html
    assert parse(client.get("/kode?lang=en")).html_lang == "en"


def test_start_page_links_each_language_to_its_own_code_page(client):
    client.get("/kode?lang=en")  # English chosen earlier in the session
    start = client.get("/").get_data(as_text=True)
    assert 'href="/kode?lang=da">Skriv din kode' in start
    assert parse(client.get("/kode?lang=da")).html_lang == "da"
    assert 'href="/kode?lang=en"' in start


@pytest.mark.parametrize("variant", range(4))
def test_good_codes_lead_to_the_survey(client, invite, variant):
    issued = invite()
    typed = _variants(issued.code)[variant]
    response = _enter(client, typed)
    assert response.status_code == 303
    assert path_of(response.headers["Location"]) == "/s/kode"
    landing = client.get("/s/kode")
    assert landing.status_code == 200
    page = parse(landing)
    assert "Dine svar kan ikke kobles til dig" in page.text()
    assert page.form.action == "/s/kode"
    with client.session_transaction() as session:
        assert session["invitation_id"] == issued.invitation_id
        assert issued.token not in str(dict(session))


def test_code_letters_that_look_alike_are_forgiven(app, client, invite):
    issued = invite()
    with app.app_context():
        invitation = db.session.get(Invitation, issued.invitation_id)
        invitation.code_hash = hash_secret("01ABCDEFGH1V")
        db.session.commit()
    response = _enter(client, "oL-abcd-efgh-IU")
    assert response.status_code == 303
    with client.session_transaction() as session:
        assert session["invitation_id"] == issued.invitation_id


@pytest.mark.parametrize(
    "typed", ["ABCD-EFGH-JKMN", "123", "ÆØÅ-ÆØÅÆ-ØÅÆØ", "x" * 500, "AAAA AAAA AAAA\x00"]
)
def test_wrong_codes_get_a_message_on_the_same_page(client, invite, typed):
    invite()
    response = _enter(client, typed)
    assert response.status_code == 400
    page = parse(response)
    assert "Koden kan ikke bruges" in page.text()
    assert '<a href="#code">' in page.html
    assert 'aria-describedby="code-hint code-fejl"' in page.html
    assert len(page.post_forms) == 1
    with client.session_transaction() as session:
        assert "invitation_id" not in session


def test_empty_code_and_english_message(client):
    response = _enter(client, "   ")
    assert response.status_code == 400
    assert "Skriv koden fra brevet" in parse(response).text()
    response = _enter(client, "nope", lang="en")
    assert response.status_code == 400
    assert "The code cannot be used" in parse(response).text()


def test_code_for_a_round_in_draft_is_a_wrong_code(client, make_round, make_invitations):
    issued = make_invitations(make_round(state="kladde"), 1)[0]
    response = _enter(client, issued.code)
    assert response.status_code == 400
    assert "Koden kan ikke bruges" in parse(response).text()


def test_code_survey_without_a_session_goes_to_the_code_page(client):
    response = client.get("/s/kode")
    assert response.status_code == 303
    assert path_of(response.headers["Location"]) == "/kode"
    assert client.get("/s/kode/gemt").status_code == 303


def test_full_journey_by_code(app, client, invite):
    issued = invite()
    assert _enter(client, issued.code.lower(), lang="en").status_code == 303
    page = parse(client.get("/s/kode"))
    assert page.html_lang == "en"
    started = submit(client, page, action="start")
    assert path_of(started.headers["Location"]) == "/s/kode"
    page = parse(client.get("/s/kode"))
    assert "Step 1 of 3" in page.text()
    saved = submit(client, page, {"S01": "5"}, action="save")
    assert path_of(saved.headers["Location"]) == "/s/kode/gemt"
    saved_page = parse(client.get("/s/kode/gemt"))
    assert "type the code from the letter again" in saved_page.text()

    # Later, in a new browser: the code again resumes at the saved step with the answers.
    later = app.test_client()
    assert _enter(later, issued.code).status_code == 303
    page = parse(later.get("/s/kode"))
    assert "Step 1 of 3" in page.text()  # the draft remembers English
    assert page.form.checked == {"S01": "5"}
    for _ in range(2):
        page = parse(later.get(submit(later, page).headers["Location"]))
    response = submit(later, page, {"S12": "Fint."})
    assert response.status_code == 303
    assert path_of(response.headers["Location"]) == "/tak?lang=en"
    with later.session_transaction() as session:
        assert "invitation_id" not in session
    with app.app_context():
        held = db.session.scalar(select(HeldResponse))
        assert held.answers == {"S01": "5", "S12": "Fint."}

    # The code is used up; the link, too.
    response = _enter(app.test_client(), issued.code)
    assert response.status_code == 303
    again = client.get("/s/kode")
    assert again.status_code == 200 and "already been answered" in parse(again).text()
    assert "allerede besvaret" in parse(app.test_client().get(path_of(issued.url))).text()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HeldResponse)) == 1


def test_code_entry_link_is_kept(app):
    with app.test_request_context():
        from flask import url_for

        assert url_for("citizen.code_entry") == "/kode"

"""The advisor's review screen through the test client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from survey.extensions import db
from survey.models import AuditEvent, CodingExample, FreeText, ReviewStatus
from tests.conftest import csrf_token

RAW = "Jeg ringede til Mette Hansen på 12345678 om min søn på 7 år med autisme."
ANON = "Jeg ringede til [NAVN 1] på [TELEFON] om min søn på 7 år med autisme."
SPANS = [
    {"start": 16, "end": 28, "kind": "NAVN", "placeholder": "[NAVN 1]"},
    {"start": 32, "end": 40, "kind": "TELEFON", "placeholder": "[TELEFON]"},
]


@pytest.fixture
def answer(app, make_round, make_free_text):
    round_id = make_round("CSI", state="lukket")
    text_id = make_free_text(
        round_id, RAW, anonymised=ANON, spans=SPANS, themes=["tilgaengelighed"], sentiment="negativ"
    )
    return round_id, text_id


def _text(app, text_id):
    import uuid

    with app.app_context():
        t = db.session.get(FreeText, uuid.UUID(text_id))
        db.session.expunge(t)
        return t


def _post(client, url, data=None, page=None):
    html = client.get(page or url.rsplit("/", 1)[0]).get_data(as_text=True)
    payload = {"csrf_token": csrf_token(html), **(data or {})}
    return client.post(url, data=payload)


def test_answer_page_shows_anonymised_text_with_marks_and_progress(advisor_client, answer):
    round_id, text_id = answer
    html = advisor_client.get(f"/gennemgang/svar/{text_id}").get_data(as_text=True)
    assert '<mark class="pii">[NAVN 1]</mark>' in html
    assert '<mark class="pii">[TELEFON]</mark>' in html
    assert "0 af 1 gennemgået" in html
    assert "Mette" not in html and "12345678" not in html  # raw text hidden until asked
    assert "Jeg ringede til" in html
    assert "review.js" in html and "<script>" not in html
    assert "Tilgængelighed" in html and "Negativ" in html


def test_anonymised_text_is_escaped(advisor_client, app, make_round, make_free_text):
    round_id = make_round("CSI", state="lukket")
    text_id = make_free_text(round_id, "<b>hej</b> [NAVN 1]")
    html = advisor_client.get(f"/gennemgang/svar/{text_id}").get_data(as_text=True)
    assert '&lt;b&gt;hej&lt;/b&gt; <mark class="pii">[NAVN 1]</mark>' in html


def test_raw_text_view_is_a_logged_post(advisor_client, app, answer):
    _, text_id = answer
    page = f"/gennemgang/svar/{text_id}"
    assert advisor_client.get(page + "/raatekst").status_code == 405
    response = _post(advisor_client, page + "/raatekst", page=page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'Jeg ringede til <mark class="pii" title="Navn">Mette Hansen</mark> på ' in html
    assert '<mark class="pii" title="Telefonnummer">12345678</mark>' in html
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "view_raw_text")
        ).all()
        assert [e.target for e in events] == [f"free_text:{text_id}"]
        assert "Mette" not in events[0].detail


def test_raw_text_deleted_after_retention(advisor_client, app, make_round, make_free_text):
    round_id = make_round("CSI", state="lukket")
    text_id = make_free_text(
        round_id,
        None,
        anonymised="Tak for hjælpen, [NAVN 1].",
        spans=[{"start": 16, "end": 20, "kind": "NAVN", "placeholder": "[NAVN 1]"}],
    )
    page = f"/gennemgang/svar/{text_id}"
    html = advisor_client.get(page).get_data(as_text=True)
    assert "Råteksten er slettet efter udløb af opbevaringsperioden" in html
    assert "Kan ikke fortrydes" in html
    response = _post(advisor_client, page + "/raatekst", page=page)
    assert response.status_code == 302
    response = _post(advisor_client, page + "/fortryd/0", page=page)
    assert response.status_code == 302
    follow = advisor_client.get(page).get_data(as_text=True)
    assert "kan ikke fortrydes" in follow.lower()
    assert _text(app, text_id).anonymised_text == "Tak for hjælpen, [NAVN 1]."


def test_add_and_undo_redaction(advisor_client, app, answer):
    _, text_id = answer
    page = f"/gennemgang/svar/{text_id}"
    response = _post(advisor_client, page + "/skjul", {"fragment": "autisme", "kind": "DATO"}, page)
    assert response.status_code == 302
    text = _text(app, text_id)
    assert (
        text.anonymised_text
        == "Jeg ringede til [NAVN 1] på [TELEFON] om min søn på 7 år med [DATO]."
    )
    assert text.reviewed_by_advisor is True
    assert {"start": 64, "end": 71, "kind": "DATO"}.items() <= text.pii_spans[-1].items()

    # a new name gets the next number; the same name keeps its number
    _post(advisor_client, page + "/skjul", {"fragment": "søn", "kind": "NAVN"}, page)
    assert "[NAVN 2]" in _text(app, text_id).anonymised_text

    # undo the telephone redaction (index 1): the original digits come back
    response = _post(advisor_client, page + "/fortryd/1", page=page)
    assert response.status_code == 302
    text = _text(app, text_id)
    assert "på 12345678 om" in text.anonymised_text
    assert [s["kind"] for s in text.pii_spans] == ["NAVN", "NAVN", "DATO"]


def test_redaction_of_text_not_present_keeps_input_and_explains(advisor_client, app, answer):
    _, text_id = answer
    page = f"/gennemgang/svar/{text_id}"
    response = _post(
        advisor_client, page + "/skjul", {"fragment": "Lyngby skole", "kind": "INSTITUTION"}, page
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "står ikke i den anonymiserede tekst" in html
    assert 'value="Lyngby skole"' in html
    assert _text(app, text_id).anonymised_text == ANON


def test_manual_edit_generalises_text(advisor_client, app, answer):
    _, text_id = answer
    page = f"/gennemgang/svar/{text_id}"
    edited = ANON.replace("min søn på 7 år med autisme", "mit barn")
    response = _post(advisor_client, page + "/rediger", {"text": edited}, page)
    assert response.status_code == 302
    text = _text(app, text_id)
    assert text.anonymised_text == "Jeg ringede til [NAVN 1] på [TELEFON] om mit barn."
    assert text.reviewed_by_advisor

    response = _post(advisor_client, page + "/rediger", {"text": "   "}, page)
    assert response.status_code == 422
    assert "må ikke være tom" in response.get_data(as_text=True)


def test_theme_correction_creates_coding_example(advisor_client, app, answer):
    _, text_id = answer
    page = f"/gennemgang/svar/{text_id}"
    response = _post(
        advisor_client,
        page + "/kodning",
        {"themes": ["kommunikation", "tilgaengelighed"], "sentiment": "blandet"},
        page,
    )
    assert response.status_code == 302
    text = _text(app, text_id)
    assert text.themes == ["kommunikation", "tilgaengelighed"]
    assert text.sentiment == "blandet"
    assert text.reviewed_by_advisor
    with app.app_context():
        examples = db.session.scalars(select(CodingExample)).all()
        assert [(e.text, e.themes, e.sentiment) for e in examples] == [
            (ANON, ["kommunikation", "tilgaengelighed"], "blandet")
        ]
        assert "Mette" not in examples[0].text

    bad = _post(
        advisor_client, page + "/kodning", {"themes": ["findes_ikke"], "sentiment": "x"}, page
    )
    assert bad.status_code == 422


def test_approve_quote_revoke_and_audit(advisor_client, app, answer, make_free_text):
    round_id, text_id = answer
    other = make_free_text(round_id, "Et andet svar")
    page = f"/gennemgang/svar/{text_id}"
    response = _post(advisor_client, page + "/status", {"status": "godkendt"}, page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/gennemgang/svar/{other}")  # on to the next
    assert _text(app, text_id).review_status is ReviewStatus.GODKENDT
    html = advisor_client.get(page).get_data(as_text=True)
    assert "1 af 2 gennemgået" in html

    _post(advisor_client, page + "/status", {"status": "gennemgaaet", "fortryd": "1"}, page)
    text = _text(app, text_id)
    assert text.review_status is ReviewStatus.GENNEMGAAET and text.reviewed_by_advisor
    with app.app_context():
        actions = [
            e.action
            for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            if e.target == f"free_text:{text_id}"
        ]
    assert actions == ["quote_approved", "quote_revoked"]


def test_not_quote_and_queue(advisor_client, app, answer, make_free_text):
    round_id, text_id = answer
    second = make_free_text(round_id, "Andet")
    html = advisor_client.get("/gennemgang/").get_data(as_text=True)
    assert "0 af 2 gennemgået" in html
    first_target = advisor_client.get("/gennemgang/naeste").headers["Location"]
    assert first_target.rsplit("/", 1)[-1] in {text_id, second}
    page = f"/gennemgang/svar/{text_id}"
    _post(advisor_client, page + "/status", {"status": "gennemgaaet"}, page)
    _post(
        advisor_client,
        f"/gennemgang/svar/{second}/status",
        {"status": "gennemgaaet"},
        f"/gennemgang/svar/{second}",
    )
    assert _text(app, text_id).review_status is ReviewStatus.GENNEMGAAET
    assert advisor_client.get("/gennemgang/naeste").headers["Location"].endswith("/gennemgang/")
    assert "2 af 2 gennemgået" in advisor_client.get(f"/gennemgang/runde/{round_id}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role,centre", [("centre", "CSI"), ("management", None)])
def test_review_pages_are_404_for_other_roles(login_as, answer, role, centre):
    round_id, text_id = answer
    client = login_as(role, centre)
    for url in (
        "/gennemgang/",
        f"/gennemgang/runde/{round_id}",
        f"/gennemgang/svar/{text_id}",
        "/gennemgang/model",
        f"/gennemgang/runde/{round_id}/emner",
        "/gennemgang/naeste",
    ):
        assert client.get(url).status_code == 404, url
    html = login_as("advisor").get(f"/gennemgang/svar/{text_id}").get_data(as_text=True)
    token = csrf_token(html)
    assert client.post(
        f"/gennemgang/svar/{text_id}/raatekst", data={"csrf_token": token}
    ).status_code in (400, 404)


def test_unknown_answer_is_404(advisor_client):
    assert advisor_client.get("/gennemgang/svar/ikke-et-id").status_code == 404
    assert (
        advisor_client.get("/gennemgang/svar/00000000-0000-4000-8000-000000000000").status_code
        == 404
    )


def test_page_works_without_js_buttons_present(advisor_client, answer):
    _, text_id = answer
    html = advisor_client.get(f"/gennemgang/svar/{text_id}").get_data(as_text=True)
    for label in (
        "Godkend som citat",
        "Gennemgået, ikke citat",
        "Vis råtekst",
        "Skjul teksten",
        "Gem teksten",
        "Gem emner og stemning",
        "Fortryd skjulning 1",
    ):
        assert label in html, label
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)

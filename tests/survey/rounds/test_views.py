"""Rounds through the test client: create, focus questions, transitions, preview, access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.survey.rounds.helpers import add_responses, flashes, post, text_of


def _count(app: Flask, model: Any, *where: Any) -> int:
    from survey.extensions import db

    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _round(app: Flask, round_id: int) -> Any:
    from survey.extensions import db
    from survey.models import Borgerrejse

    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        return {
            "state": rnd.state.value,
            "codes": [q.code for q in rnd.questions],
            "questions": {
                q.code: (q.text_da, q.approved, q.kind.value, q.options, q.theme)
                for q in rnd.questions
            },
            "ids": {q.code: q.id for q in rnd.questions},
        }


def _centre_id(app: Flask, code: str) -> int:
    from survey.extensions import db
    from survey.models import Fagcenter

    with app.app_context():
        return int(db.session.scalar(select(Fagcenter.id).where(Fagcenter.code == code)))


def _audit_actions(app: Flask) -> list[tuple[str, str, str]]:
    from survey.extensions import db
    from survey.models import AuditEvent

    with app.app_context():
        return [
            (e.action, e.target, e.detail)
            for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


# --------------------------------------------------------------------------- create


def test_advisor_creates_round_with_standard_questions(
    app: Flask, advisor_client: FlaskClient
) -> None:
    page = advisor_client.get("/borgerrejser/ny")
    assert page.status_code == 200
    assert "Periodens sidste dag" in text_of(page)
    response = post(
        advisor_client,
        "/borgerrejser/ny",
        {
            "fagcenter_id": _centre_id(app, "CSO"),
            "title": "Forår 2025",
            "period_start": "2025-03-01",
            "period_end": "31-05-2025",
        },
    )
    assert response.status_code == 303
    round_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    data = _round(app, round_id)
    assert data["state"] == "kladde"
    assert data["codes"][:3] == ["S01", "S02", "S03"] and len(data["codes"]) == 14
    assert ("round_created", f"borgerrejse:{round_id}", "CSO") in _audit_actions(app)
    detail = text_of(advisor_client.get(f"/borgerrejser/{round_id}"))
    assert "Forår 2025" in detail and "Center for Sundhed og Omsorg" in detail
    assert "Kladde" in detail and "1. marts 2025" in detail and "31. maj 2025" in detail


def test_create_rejects_end_before_start_in_danish_and_keeps_input(
    app: Flask, advisor_client: FlaskClient
) -> None:
    from survey.models import Borgerrejse

    response = post(
        advisor_client,
        "/borgerrejser/ny",
        {
            "fagcenter_id": _centre_id(app, "CSI"),
            "title": "Min titel",
            "period_start": "2025-05-01",
            "period_end": "2025-04-01",
        },
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "Periodens sidste dag skal ligge efter den første dag." in html
    assert 'href="#period_end"' in html  # error summary links to the field
    assert 'value="Min titel"' in html
    assert _count(app, Borgerrejse) == 0


def test_create_rejects_bad_date_and_missing_centre(
    app: Flask, advisor_client: FlaskClient
) -> None:
    response = post(
        advisor_client,
        "/borgerrejser/ny",
        {
            "fagcenter_id": "0",
            "title": "",
            "period_start": "i morgen",
            "period_end": "",
        },
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "Vælg et fagcenter." in html
    assert "Skriv en titel." in html
    assert "Skriv en gyldig dato" in html
    assert "Not a valid" not in html


# --------------------------------------------------------------------------- focus questions


def test_centre_proposes_advisor_approves_then_opens(
    app: Flask,
    login_as: Callable[..., FlaskClient],
    advisor_client: FlaskClient,
    make_round: Callable[..., int],
) -> None:
    round_id = make_round("CSI", state="kladde", focus=False)
    centre = login_as("centre", "CSI")
    form = centre.get(f"/borgerrejser/{round_id}/fokusspoergsmaal")
    assert form.status_code == 200 and "Foreslå et fokusspørgsmål" in text_of(form)
    response = post(
        centre,
        f"/borgerrejser/{round_id}/fokusspoergsmaal",
        {
            "text_da": "Hvordan fik du kontakt til os?",
            "text_en": "How did you contact us?",
            "kind": "choice",
            "theme": "tilgaengelighed",
            "options": "tlf;Telefon;Phone\nBorgerservice;Citizen service\nE-mail",
        },
    )
    assert response.status_code == 303
    data = _round(app, round_id)
    text_da, approved, kind, options, theme = data["questions"]["F01"]
    assert (text_da, approved, kind, theme) == (
        "Hvordan fik du kontakt til os?",
        False,
        "choice",
        "tilgaengelighed",
    )
    assert options == [
        {"code": "tlf", "da": "Telefon", "en": "Phone"},
        {"code": "borgerservice", "da": "Borgerservice", "en": "Citizen service"},
        {"code": "e_mail", "da": "E-mail", "en": "E-mail"},
    ]
    # A second proposal gets the next code.
    post(
        centre,
        f"/borgerrejser/{round_id}/fokusspoergsmaal",
        {
            "text_da": "Blev du mødt venligt?",
            "text_en": "Were you met kindly?",
            "kind": "janej",
            "theme": "",
        },
    )
    assert _round(app, round_id)["questions"]["F02"][1] is False

    # Opening is blocked while proposals wait.
    confirm = text_of(advisor_client.get(f"/borgerrejser/{round_id}/aabn"))
    assert "endnu ikke er godkendt eller afvist" in confirm
    blocked = post(advisor_client, f"/borgerrejser/{round_id}/aabn")
    assert blocked.status_code == 303
    assert any(
        "ikke er godkendt" in f
        for f in flashes(text_of(advisor_client.get(blocked.headers["Location"])))
    )
    assert _round(app, round_id)["state"] == "kladde"

    ids = _round(app, round_id)["ids"]
    assert (
        post(
            advisor_client, f"/borgerrejser/{round_id}/spoergsmaal/{ids['F01']}/godkend"
        ).status_code
        == 303
    )
    assert (
        post(advisor_client, f"/borgerrejser/{round_id}/spoergsmaal/{ids['F02']}/fjern").status_code
        == 303
    )
    data = _round(app, round_id)
    assert data["questions"]["F01"][1] is True and "F02" not in data["codes"]

    page = text_of(advisor_client.get(f"/borgerrejser/{round_id}/aabn"))
    assert "Spørgeskemaet låses" in page
    opened = post(advisor_client, f"/borgerrejser/{round_id}/aabn")
    assert opened.status_code == 303
    assert _round(app, round_id)["state"] == "aaben"
    actions = [a for a, _, _ in _audit_actions(app)]
    for expected in (
        "focus_question_proposed",
        "focus_question_approved",
        "focus_question_rejected",
        "round_opened",
    ):
        assert expected in actions


def test_focus_question_validation_keeps_input(
    app: Flask, login_as: Callable[..., FlaskClient], make_round: Callable[..., int]
) -> None:
    round_id = make_round("CSI", state="kladde", focus=False)
    centre = login_as("centre", "CSI")
    response = post(
        centre,
        f"/borgerrejser/{round_id}/fokusspoergsmaal",
        {
            "text_da": "Hvilken vej kom du ind?",
            "text_en": "",
            "kind": "choice",
            "options": "kun én",
            "theme": "ukendt",
        },
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "Skriv spørgsmålet på engelsk." in html
    assert "Skriv mindst to svarmuligheder" in html
    assert "Vælg en af mulighederne." in html
    assert "Hvilken vej kom du ind?" in html and "kun én" in html
    assert "F01" not in _round(app, round_id)["codes"]


def test_advisor_adds_approved_focus_question(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round("CSI", state="kladde", focus=False)
    post(
        advisor_client,
        f"/borgerrejser/{round_id}/fokusspoergsmaal",
        {
            "text_da": "Fik du hjælp?",
            "text_en": "Did you get help?",
            "kind": "likert",
            "theme": "",
        },
    )
    assert _round(app, round_id)["questions"]["F01"][1] is True


def test_advisor_edits_reorders_removes_and_restores(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round("CSI", state="kladde")
    ids = _round(app, round_id)["ids"]
    edit_url = f"/borgerrejser/{round_id}/spoergsmaal/{ids['S02']}"
    assert "Jeg kunne få fat i min sagsbehandler" in text_of(advisor_client.get(edit_url))
    response = post(
        advisor_client,
        edit_url,
        {"text_da": "Jeg kunne få fat i centret.", "text_en": "I could reach the centre."},
    )
    assert response.status_code == 303
    assert _round(app, round_id)["questions"]["S02"][0] == "Jeg kunne få fat i centret."

    empty = post(advisor_client, edit_url, {"text_da": "", "text_en": "x"})
    assert empty.status_code == 200 and "Skriv spørgsmålet på dansk." in text_of(empty)

    post(
        advisor_client, f"/borgerrejser/{round_id}/spoergsmaal/{ids['S02']}/flyt", {"retning": "op"}
    )
    assert _round(app, round_id)["codes"][:3] == ["S02", "S01", "S03"]
    post(
        advisor_client,
        f"/borgerrejser/{round_id}/spoergsmaal/{ids['S02']}/flyt",
        {"retning": "ned"},
    )
    assert _round(app, round_id)["codes"][:3] == ["S01", "S02", "S03"]

    post(advisor_client, f"/borgerrejser/{round_id}/spoergsmaal/{ids['S10']}/fjern")
    assert "S10" not in _round(app, round_id)["codes"]
    detail = text_of(advisor_client.get(f"/borgerrejser/{round_id}"))
    assert "Sæt et fjernet standardspørgsmål ind igen" in detail
    post(advisor_client, f"/borgerrejser/{round_id}/spoergsmaal/gendan", {"code": "S10"})
    assert _round(app, round_id)["codes"][-1] == "S10"
    bad = post(advisor_client, f"/borgerrejser/{round_id}/spoergsmaal/gendan", {"code": "S99"})
    assert bad.status_code == 303


def test_questions_locked_after_open(
    app: Flask,
    advisor_client: FlaskClient,
    login_as: Callable[..., FlaskClient],
    make_round: Callable[..., int],
) -> None:
    round_id = make_round("CSI", state="aaben")
    ids = _round(app, round_id)["ids"]
    before = _round(app, round_id)
    detail = text_of(advisor_client.get(f"/borgerrejser/{round_id}"))
    assert "Spørgsmålene er låst, fordi borgerrejsen er åbnet" in detail
    assert f"/spoergsmaal/{ids['S01']}/fjern" not in detail

    edit = post(
        advisor_client,
        f"/borgerrejser/{round_id}/spoergsmaal/{ids['S01']}",
        {"text_da": "Ændret", "text_en": "Changed"},
    )
    assert edit.status_code == 303
    post(advisor_client, f"/borgerrejser/{round_id}/spoergsmaal/{ids['S01']}/fjern")
    post(
        advisor_client, f"/borgerrejser/{round_id}/spoergsmaal/{ids['S03']}/flyt", {"retning": "op"}
    )
    focus = post(
        login_as("centre", "CSI"),
        f"/borgerrejser/{round_id}/fokusspoergsmaal",
        {"text_da": "Nyt?", "text_en": "New?", "kind": "likert"},
    )
    assert focus.status_code == 303
    assert _round(app, round_id) == before
    page = text_of(
        advisor_client.get(
            f"/borgerrejser/{round_id}/spoergsmaal/{ids['S01']}", follow_redirects=True
        )
    )
    assert "Spørgsmålene er låst" in page


# --------------------------------------------------------------------------- close & report


def test_close_deletes_contact_data_drafts_and_stops_links(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    from survey.citizen.operations import (
        InvitationState,
        find_by_token,
        hold,
        invitation_state,
        save_draft,
    )
    from survey.extensions import db
    from survey.invitations.operations import RecipientData, issue_invitations
    from survey.models import (
        Borgerrejse,
        Channel,
        Draft,
        HeldResponse,
        Invitation,
        Recipient,
        Response,
    )

    round_id = make_round("CSI", state="aaben")
    other_id = make_round("CSO", state="aaben")
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        issued = issue_invitations(
            rnd,
            recipients=[
                RecipientData(name="Anna Jensen", address="Vej 1", email="a@example.dk"),
                RecipientData(name="Bo Hansen", address="Vej 2"),
            ],
        )
        other = issue_invitations(
            db.session.get(Borgerrejse, other_id), recipients=[RecipientData(name="Carl")]
        )
        save_draft(find_by_token(issued[0].token), {"S01": "4"}, "da", 1)
        hold(round_id, Channel.WEB, "da", {"S01": "5", "S07": "4"})
        db.session.commit()
        assert invitation_state(find_by_token(issued[1].token)) is InvitationState.OK

    page = text_of(advisor_client.get(f"/borgerrejser/{round_id}/luk"))
    assert "kontaktdata" in page and "links og koder holder op med at virke" in page
    response = post(advisor_client, f"/borgerrejser/{round_id}/luk")
    assert response.status_code == 303

    in_round = Invitation.borgerrejse_id == round_id
    assert _round(app, round_id)["state"] == "lukket"
    with app.app_context():
        assert (
            db.session.scalar(select(func.count(Recipient.id)).join(Invitation).where(in_round))
            == 0
        )
        assert db.session.scalar(select(func.count(Draft.id)).join(Invitation).where(in_round)) == 0
        # Another round's contact data is untouched.
        assert db.session.scalar(select(func.count(Recipient.id))) == 1
        assert db.session.scalar(select(func.count(HeldResponse.id))) == 0
        assert (
            db.session.scalar(
                select(func.count(Response.id)).where(Response.borgerrejse_id == round_id)
            )
            == 1
        )
        for item in issued:
            invitation = find_by_token(item.token)
            assert invitation is not None
            assert invitation_state(invitation) is InvitationState.CLOSED
        assert invitation_state(find_by_token(other[0].token)) is InvitationState.OK
    closed = [e for e in _audit_actions(app) if e[0] == "round_closed"]
    assert closed == [
        (
            "round_closed",
            f"borgerrejse:{round_id}",
            "frigivet=1; kontaktdata_slettet=2; kladder_slettet=1",
        )
    ]
    assert "Anna" not in str(_audit_actions(app))


def test_wrong_transition_flashes_danish_message(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round("CSI", state="aaben")
    response = post(advisor_client, f"/borgerrejser/{round_id}/afrapporter")
    assert response.status_code == 303
    html = text_of(advisor_client.get(response.headers["Location"]))
    assert "Kun en lukket borgerrejse kan afrapporteres." in flashes(html)
    assert _round(app, round_id)["state"] == "aaben"
    page = text_of(advisor_client.get(f"/borgerrejser/{round_id}/afrapporter"))
    assert "Det kan ikke lade sig gøre endnu" in page


def test_report_makes_round_reported(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round("CSI", state="lukket")
    page = text_of(advisor_client.get(f"/borgerrejser/{round_id}/afrapporter"))
    assert "synlig for fagcentret og for ledelsen" in page and "mindst 5 besvarelser" in page
    assert post(advisor_client, f"/borgerrejser/{round_id}/afrapporter").status_code == 303
    assert _round(app, round_id)["state"] == "afrapporteret"
    assert "round_reported" in [a for a, _, _ in _audit_actions(app)]


# --------------------------------------------------------------------------- list, preview


def test_index_filters_and_centre_sees_only_own(
    app: Flask,
    advisor_client: FlaskClient,
    login_as: Callable[..., FlaskClient],
    make_round: Callable[..., int],
) -> None:
    make_round("CSI", state="kladde", title="CSI kladde")
    make_round("CSI", state="aaben", title="CSI åben")
    make_round("CSO", state="aaben", title="CSO åben")
    everything = text_of(advisor_client.get("/borgerrejser/"))
    assert all(t in everything for t in ("CSI kladde", "CSI åben", "CSO åben"))
    open_only = text_of(advisor_client.get("/borgerrejser/?state=aaben"))
    assert "CSI kladde" not in open_only and "CSO åben" in open_only
    cso = text_of(advisor_client.get(f"/borgerrejser/?centre={_centre_id(app, 'CSO')}"))
    assert "CSO åben" in cso and "CSI åben" not in cso
    centre = text_of(login_as("centre", "CSI").get("/borgerrejser/"))
    assert "CSI kladde" in centre and "CSO åben" not in centre


def test_preview_in_both_languages(
    app: Flask, login_as: Callable[..., FlaskClient], make_round: Callable[..., int]
) -> None:
    round_id = make_round("CSI", state="kladde")
    centre = login_as("centre", "CSI")
    da = text_of(centre.get(f"/borgerrejser/{round_id}/forhaandsvisning"))
    assert "<legend>Jeg blev behandlet med respekt.</legend>" in da
    assert 'name="S07" value="vi"' in da and "Helt enig" in da and "Telefon" in da
    assert '<textarea id="q-S12" name="S12"' in da or 'name="S12"' in da
    en = text_of(centre.get(f"/borgerrejser/{round_id}/forhaandsvisning?lang=en"))
    assert "I was treated with respect." in en and "Strongly agree" in en and "Phone" in en
    assert 'lang="en"' in en


# --------------------------------------------------------------------------- access


def test_other_centre_and_management_get_404(
    app: Flask, login_as: Callable[..., FlaskClient], make_round: Callable[..., int]
) -> None:
    round_id = make_round("CSI", state="kladde")
    other = login_as("centre", "CSO")
    management = login_as("management")
    for path in ("", "/resultater", "/forhaandsvisning", "/fokusspoergsmaal"):
        assert other.get(f"/borgerrejser/{round_id}{path}").status_code == 404
        assert management.get(f"/borgerrejser/{round_id}{path}").status_code == 404
    assert management.get("/borgerrejser/").status_code == 404
    assert (
        post(
            other,
            f"/borgerrejser/{round_id}/fokusspoergsmaal",
            {"text_da": "x", "text_en": "y", "kind": "likert"},
        ).status_code
        == 404
    )
    assert "F02" not in _round(app, round_id)["codes"]


def test_centre_cannot_use_advisor_actions(
    app: Flask, login_as: Callable[..., FlaskClient], make_round: Callable[..., int]
) -> None:
    round_id = make_round("CSI", state="kladde")
    centre = login_as("centre", "CSI")
    ids = _round(app, round_id)["ids"]
    assert centre.get("/borgerrejser/ny").status_code == 404
    assert centre.get(f"/borgerrejser/{round_id}/aabn").status_code == 404
    assert post(centre, f"/borgerrejser/{round_id}/aabn").status_code == 404
    assert post(centre, f"/borgerrejser/{round_id}/eksport.csv").status_code == 404
    assert (
        post(centre, f"/borgerrejser/{round_id}/spoergsmaal/{ids['S01']}/fjern").status_code == 404
    )
    assert _round(app, round_id)["state"] == "kladde"
    detail = text_of(centre.get(f"/borgerrejser/{round_id}"))
    assert "Foreslå et fokusspørgsmål" in detail and "Åbn borgerrejsen" not in detail


def test_unknown_round_and_foreign_question_404(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    a = make_round("CSI", state="kladde")
    b = make_round("CSO", state="kladde")
    foreign = _round(app, b)["ids"]["S01"]
    assert advisor_client.get("/borgerrejser/99999").status_code == 404
    assert advisor_client.get(f"/borgerrejser/{a}/spoergsmaal/{foreign}").status_code == 404


def test_participation_on_detail(
    app: Flask,
    advisor_client: FlaskClient,
    login_as: Callable[..., FlaskClient],
    make_round: Callable[..., int],
    make_invitations: Callable[..., list[Any]],
) -> None:
    round_id = make_round("CSI", state="aaben")
    make_invitations(round_id, 10)
    add_responses(app, round_id, [{"S01": "4"}] * 3)
    advisor = text_of(advisor_client.get(f"/borgerrejser/{round_id}"))
    assert "<td>10</td>" in advisor and '3 <span class="badge"' in advisor
    centre = text_of(login_as("centre", "CSI").get(f"/borgerrejser/{round_id}"))
    assert "færre end 5" in centre and "30 %" not in centre
    assert dt.date.today()  # the page renders dates without errors

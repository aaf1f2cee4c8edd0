"""Recording an interview on a citizen's behalf (channel interview)."""

from __future__ import annotations

from sqlalchemy import func, select

from survey.extensions import db
from survey.models import AuditEvent, Channel, FreeText, HeldResponse, Response, UsedFormNonce
from tests.conftest import csrf_token

from .helpers import FULL_ANSWERS, flashes, interview_url, nonce_of, post_interview, text_of


def _held(app, round_id):
    with app.app_context():
        return list(db.session.scalars(
            select(HeldResponse).where(HeldResponse.borgerrejse_id == round_id)))


def _count_responses(app, round_id, channel=None):
    with app.app_context():
        stmt = select(func.count()).select_from(Response).where(Response.borgerrejse_id == round_id)
        if channel is not None:
            stmt = stmt.where(Response.channel == channel)
        return db.session.scalar(stmt)


def test_form_shows_consent_and_every_question(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    html = text_of(advisor_client.get(interview_url(round_id)))
    assert "Borgeren har givet samtykke til, at svarene indgår anonymt i borgerrejsen" in html
    assert 'type="checkbox"' in html and 'name="samtykke"' in html
    for code in FULL_ANSWERS:
        assert f'name="{code}"' in html
    assert "Jeg blev behandlet med respekt." in html
    assert nonce_of(html)


def test_english_interview_shows_english_questions(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    html = text_of(advisor_client.get(interview_url(round_id, "en")))
    assert "I was treated with respect." in html
    assert 'lang="en"' in html
    assert 'name="sprog" type="hidden" value="en"' in html


def test_interview_with_consent_is_held_with_channel_interview(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id)))
    response = post_interview(advisor_client, round_id, page, FULL_ANSWERS)
    assert response.status_code == 303
    follow = text_of(advisor_client.get(response.headers["Location"]))
    assert any("Interviewet er gemt anonymt" in f for f in flashes(follow))
    held = _held(app, round_id)
    assert len(held) == 1
    assert held[0].channel is Channel.INTERVIEW and held[0].language == "da"
    expected = {k: v for k, v in FULL_ANSWERS.items() if v}
    assert held[0].answers == expected
    with app.app_context():
        events = list(db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "interview_recorded")))
        assert len(events) == 1
        assert events[0].target == f"borgerrejse:{round_id}"
        # no content in the audit log
        assert "ringede" not in events[0].detail and "tlf" not in events[0].detail


def test_english_interview_is_stored_as_english(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id, "en")))
    response = post_interview(advisor_client, round_id, page, {"S01": "5"}, lang="en")
    assert response.status_code == 303
    held = _held(app, round_id)
    assert [h.language for h in held] == ["en"]


def test_without_consent_nothing_is_stored_and_input_kept(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id)))
    response = post_interview(advisor_client, round_id, page, FULL_ANSWERS, consent=False)
    assert response.status_code == 200
    html = text_of(response)
    assert "Sæt kryds, når borgeren har givet samtykke" in html
    assert 'href="#samtykke"' in html
    assert "Hun ringede tilbage samme dag." in html
    assert 'id="S01-4" name="S01" value="4" checked' in html
    assert 'id="F01-tlf" name="F01" value="tlf" checked' in html
    assert _held(app, round_id) == []
    # the same form (same nonce) can be sent again once consent is given
    again = post_interview(advisor_client, round_id, html, FULL_ANSWERS)
    assert again.status_code == 303
    assert len(_held(app, round_id)) == 1


def test_validation_errors_keep_everything_entered(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id)))
    answers = dict(FULL_ANSWERS, S02="9", S13="x" * 5001)
    response = post_interview(advisor_client, round_id, page, answers)
    assert response.status_code == 200
    html = text_of(response)
    assert "Interviewet er ikke gemt endnu" in html
    assert 'href="#S02-1"' in html and 'href="#S13"' in html
    assert "er for langt" in html
    assert "Hun ringede tilbage samme dag." in html
    assert "x" * 5001 in html
    assert 'name="S01" value="4" checked' in html
    assert '<input checked id="samtykke" name="samtykke"' in html
    assert _held(app, round_id) == []


def test_control_characters_are_refused_and_shown_cleaned(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id)))
    response = post_interview(advisor_client, round_id, page, {"S12": "God\x00 hjælp\x07"})
    assert response.status_code == 200
    html = text_of(response)
    assert "usynlige tegn" in html
    assert "God hjælp" in html
    assert _held(app, round_id) == []


def test_empty_interview_is_not_saved(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id)))
    response = post_interview(advisor_client, round_id, page, {"S12": "   "})
    assert response.status_code == 200
    assert "Udfyld mindst ét svar" in text_of(response)
    assert _held(app, round_id) == []


def test_double_submit_creates_one_response(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id)))
    first = post_interview(advisor_client, round_id, page, FULL_ANSWERS)
    second = post_interview(advisor_client, round_id, page, FULL_ANSWERS)
    assert first.status_code == 303 and second.status_code == 303
    follow = text_of(advisor_client.get(second.headers["Location"]))
    assert any("Interviewet er allerede gemt" in f for f in flashes(follow))
    assert len(_held(app, round_id)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UsedFormNonce)) == 1


def test_double_click_with_the_same_session_cookie_creates_one_response(
    app, advisor_client, make_round
):
    """A double click sends the second POST before the first answer updates the cookie."""
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id)))
    cookie = advisor_client.get_cookie("session")
    assert cookie is not None
    stale_session = cookie.value
    first = post_interview(advisor_client, round_id, page, FULL_ANSWERS)
    assert first.status_code == 303
    advisor_client.set_cookie("session", stale_session)  # the cookie the second click carried
    second = post_interview(advisor_client, round_id, page, FULL_ANSWERS)
    assert second.status_code == 303
    assert len(_held(app, round_id)) == 1


def test_unknown_nonce_keeps_input_and_saves_nothing(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(round_id)))
    page = page.replace(nonce_of(page), "ukendt-nonce")
    response = post_interview(advisor_client, round_id, page, FULL_ANSWERS)
    assert response.status_code == 200
    html = text_of(response)
    assert "Formularen var for gammel" in html
    assert "Hun ringede tilbage samme dag." in html
    assert nonce_of(html) != "ukendt-nonce"
    assert _held(app, round_id) == []
    assert post_interview(advisor_client, round_id, html, FULL_ANSWERS).status_code == 303
    assert len(_held(app, round_id)) == 1


def test_five_interviews_are_released_and_analysed(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    k = app.config["RELEASE_BATCH_SIZE"]
    answers = dict(FULL_ANSWERS, S13="Sagsbehandleren Mette Hansen svarede aldrig.")
    for n in range(k):
        page = text_of(advisor_client.get(interview_url(round_id)))
        assert post_interview(advisor_client, round_id, page, answers).status_code == 303
        if n < k - 1:
            assert _count_responses(app, round_id) == 0  # held until a batch of k is ready
    assert _held(app, round_id) == []
    assert _count_responses(app, round_id, Channel.INTERVIEW) == k
    with app.app_context():
        texts = list(db.session.scalars(
            select(FreeText).join(Response).where(Response.borgerrejse_id == round_id)))
        assert len(texts) == 2 * k
        assert all(t.analyser_version for t in texts)
        s13 = [t for t in texts if t.question.code == "S13"]
        assert all("Mette Hansen" not in (t.anonymised_text or "") for t in s13)
        assert all(t.anonymised_text for t in s13)


def test_closed_round_refuses_interviews(app, advisor_client, make_round):
    open_id = make_round(state="aaben")
    page = text_of(advisor_client.get(interview_url(open_id)))
    closed_id = make_round(state="lukket", title="Lukket")
    html = text_of(advisor_client.get(interview_url(closed_id)))
    assert "kun optages interview, mens borgerrejsen er åben" in html
    assert 'name="S01"' not in html
    # a form from an open round posted to the closed round saves nothing
    response = advisor_client.post(interview_url(closed_id), data={
        "csrf_token": csrf_token(page),
        "nonce": nonce_of(page), "samtykke": "y", "S01": "4",
    })
    assert response.status_code == 200
    assert "Interviewet er ikke gemt" in text_of(response)
    assert _held(app, closed_id) == []


def test_round_detail_links_to_the_new_pages_for_the_advisor_only(
    app, advisor_client, login_as, make_round
):
    round_id = make_round(state="aaben")
    html = text_of(advisor_client.get(f"/borgerrejser/{round_id}"))
    assert f"/borgerrejser/{round_id}/interview" in html
    assert f"/borgerrejser/{round_id}/papirskema.pdf" in html
    assert f"/borgerrejser/{round_id}/papirsvar-skabelon.csv" in html
    assert f"/borgerrejser/{round_id}/papirsvar" in html
    centre = login_as("centre", "CSI")
    centre_html = text_of(centre.get(f"/borgerrejser/{round_id}"))
    assert "/interview" not in centre_html and "papirskema" not in centre_html

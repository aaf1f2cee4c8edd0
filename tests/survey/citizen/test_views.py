"""The citizen's journey through the survey: landing, steps, drafts, sending, end states."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from survey.citizen import operations
from survey.extensions import db
from survey.models import (
    Answer,
    Borgerrejse,
    Draft,
    FreeText,
    HeldResponse,
    Invitation,
    InvitationStatus,
    Response,
)

from .conftest import answer_all, path_of, start_survey
from .pages import parse, submit

STEP1 = {"S01": "4", "S02": "2", "S03": "5", "S04": "vi", "S05": "1", "S06": "3"}
STEP2 = {"S07": "5", "S08": "3", "S09": "nej", "S10": "2", "S11": "4", "F01": "mail"}
STEP3 = {"S12": "Sagsbehandleren lyttede.\nTak for det.", "S13": "Hurtigere svar.", "S14": ""}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _draft(app):
    with app.app_context():
        draft = db.session.scalar(select(Draft))
        return None if draft is None else (draft.step, dict(draft.answers), draft.language)


def test_landing_page_in_danish(app, client, invite):
    path = path_of(invite().url)
    response = client.get(path)
    assert response.status_code == 200
    page = parse(response)
    text = page.text()
    assert page.html_lang == "da"
    assert "Borgerrådgiveren i Lyngby-Taarbæk Kommune spørger dig" in text
    assert "uafhængig" in text
    assert "Center for Social Indsats" in text
    assert "5–10 minutter" in text
    assert "Dine svar kan ikke kobles til dig" in text
    assert "Hvad sker der med dine svar?" in text
    assert "<details" in page.html
    assert app.config["PRIVACY_CONTROLLER"] in text
    assert app.config["PRIVACY_DPO"] in text
    assert app.config["PRIVACY_RETENTION_DA"] in text
    assert "Datatilsynet" in text and "Retsgrundlag" in text
    assert "/tilgaengelighed?lang=da" in page.links
    assert f"{path}?lang=en" in page.links
    assert response.headers["Cache-Control"] == "no-store"
    assert "staff" not in text and "Log ud" not in text


def test_landing_page_in_english_and_language_sticks(app, client, invite):
    path = path_of(invite().url)
    page = parse(client.get(f"{path}?lang=en"))
    assert page.html_lang == "en"
    text = page.text()
    assert "Your answers cannot be linked to you" in text
    assert "about 5–10 minutes" in text
    assert app.config["PRIVACY_RETENTION_EN"] in text
    assert f"{path}?lang=da" in page.links
    # The choice sticks (session) without the parameter.
    assert parse(client.get(path)).html_lang == "en"


def test_accessibility_statement_page(client, app):
    page = parse(client.get("/tilgaengelighed"))
    assert page.html_lang == "da"
    assert "WCAG 2.1" in page.text()
    assert app.config["ACCESSIBILITY_STATEMENT_URL"] in page.links
    english = client.get("/tilgaengelighed?lang=en")
    assert english.status_code == 200 and parse(english).html_lang == "en"


def test_full_journey_in_danish(app, client, fresh_client, invite):
    issued = invite()
    path = path_of(issued.url)

    page = start_survey(client, path)
    assert "Trin 1 af 3" in page.text()
    assert sorted(page.form.radios) == ["S01", "S02", "S03", "S04", "S05", "S06"]
    assert page.form.radios["S01"] == ["1", "2", "3", "4", "5", "vi"]
    assert "Helt uenig" in page.text() and "Ved ikke" in page.text()

    response = submit(client, page, STEP1)
    assert response.status_code == 303
    assert path_of(response.headers["Location"]) == path
    assert _draft(app) == (2, STEP1, "da")

    # The citizen leaves and comes back later with the same link (another browser).
    other = fresh_client()
    page = parse(other.get(path))
    assert "Trin 2 af 3" in page.text()
    assert sorted(page.form.radios) == ["F01", "S07", "S08", "S09", "S10", "S11"]
    assert page.form.radios["S09"] == ["ja", "nej", "vi"]
    assert page.form.radios["F01"] == ["tlf", "mail", "moede"]
    assert "Telefon" in page.text()

    # Back to step 1 keeps the answers of step 2 and shows those of step 1.
    response = submit(other, page, STEP2, action="back")
    assert response.status_code == 303
    page = parse(other.get(path))
    assert "Trin 1 af 3" in page.text()
    assert page.form.checked == STEP1
    page = parse(other.get(submit(other, page).headers["Location"]))
    assert page.form.checked == STEP2

    # Save and continue later.
    response = submit(other, page, action="save")
    assert response.status_code == 303
    assert path_of(response.headers["Location"]) == f"{path}/gemt"
    saved = client.get(response.headers["Location"])
    assert saved.status_code == 200
    assert "Dine svar er gemt" in parse(saved).text()
    assert path in parse(saved).links

    page = parse(client.get(path))
    assert "Trin 2 af 3" in page.text()
    page = parse(client.get(submit(client, page).headers["Location"]))
    assert "Trin 3 af 3" in page.text()
    assert set(page.form.textareas) == {"S12", "S13", "S14"}
    assert page.form.buttons[0][2] == "Send svar"

    response = submit(client, page, STEP3)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert path_of(location) == "/tak?lang=da"
    assert issued.token not in location
    thanks = client.get(location)
    assert thanks.status_code == 200
    assert "Tak for dine svar" in parse(thanks).text()

    again = client.get(path)
    assert again.status_code == 200
    assert "allerede besvaret" in parse(again).text()
    assert parse(again).post_forms == []

    with app.app_context():
        invitation = db.session.get(Invitation, issued.invitation_id)
        assert invitation.status is InvitationStatus.BRUGT
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
        held = db.session.scalars(select(HeldResponse)).all()
        assert len(held) == 1  # fewer than k=5: held back, not yet a Response
        assert held[0].language == "da"
        texts = {"S12": "Sagsbehandleren lyttede.\nTak for det.", "S13": "Hurtigere svar."}
        assert held[0].answers == {**STEP1, **STEP2, **texts}
        assert "invitation_id" not in HeldResponse.__table__.columns
        assert not any("invitation" in c.name for c in HeldResponse.__table__.columns)
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0

        assert operations.release_held_responses(invitation.borgerrejse_id, force=True) == 1
        db.session.commit()
        response_row = db.session.scalar(select(Response))
        assert response_row.language == "da"
        answers = {a.question.code: a.value for a in response_row.answers}
        assert answers == {**STEP1, **STEP2}
        stored = {f.question.code: f.raw_text for f in response_row.free_texts}
        assert stored == texts


def test_full_journey_in_english(app, client, invite):
    issued = invite()
    path = path_of(issued.url)
    landing = parse(client.get(f"{path}?lang=en"))
    assert landing.html_lang == "en"
    started = submit(client, landing, action="start")
    assert started.status_code == 303

    # A different browser later: the draft remembers English.
    other = app.test_client()
    page = parse(other.get(path))
    assert page.html_lang == "en"
    assert "Step 1 of 3" in page.text()
    assert "Strongly disagree" in page.text() and "Don't know" in page.text()
    assert page.form.buttons[0][2] == "Next"
    assert [b[2] for b in page.form.buttons] == ["Next", "Save and continue later", "Back"]
    page = parse(other.get(submit(other, page, STEP1).headers["Location"]))
    assert "Step 2 of 3" in page.text()
    assert "Phone" in page.text() and "Yes" in page.text()
    page = parse(other.get(submit(other, page, STEP2).headers["Location"]))
    assert "In your own words" in page.text()
    assert page.form.buttons[0][2] == "Send answers"
    response = submit(other, page, {"S12": "Kind staff.", "S13": "", "S14": "Nothing else."})
    assert response.status_code == 303
    assert path_of(response.headers["Location"]) == "/tak?lang=en"
    thanks = other.get(response.headers["Location"])
    assert thanks.status_code == 200 and parse(thanks).html_lang == "en"
    assert "Thank you for your answers" in parse(thanks).text()
    again = other.get(path)
    assert again.status_code == 200
    assert "already been answered" in parse(again).text()
    with app.app_context():
        held = db.session.scalar(select(HeldResponse))
        assert held.language == "en"
        assert held.answers["S12"] == "Kind staff." and "S13" not in held.answers


def test_switching_language_mid_survey_updates_the_draft(app, client, invite):
    path = path_of(invite().url)
    page = start_survey(client, path)
    submit(client, page, STEP1)
    page = parse(client.get(f"{path}?lang=en"))
    assert page.html_lang == "en" and "Step 2 of 3" in page.text()
    assert _draft(app)[2] == "en"
    assert parse(app.test_client().get(path)).html_lang == "en"


def test_five_submissions_are_released_as_responses(app, make_invitations, survey_round):
    issued = make_invitations(survey_round, 5)
    for n, item in enumerate(issued):
        response = answer_all(app.test_client(), path_of(item.url))
        assert response.status_code == 303
        with app.app_context():
            held = db.session.scalar(select(func.count()).select_from(HeldResponse))
            responses = db.session.scalar(select(func.count()).select_from(Response))
        assert (held, responses) == ((n + 1, 0) if n < 4 else (0, 5))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 5 * 12
        texts = db.session.scalars(select(FreeText.raw_text)).all()
        assert sorted(texts) == sorted(["Min rådgiver ringede tilbage.", "Svar hurtigere."] * 5)


def test_no_question_is_required(app, client, invite):
    path = path_of(invite().url)
    page = start_survey(client, path)
    for _ in range(2):
        response = submit(client, page)
        assert response.status_code == 303
        page = parse(client.get(response.headers["Location"]))
    response = submit(client, page)
    assert response.status_code == 303 and "/tak" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(HeldResponse)).answers == {}


# --------------------------------------------------------------------------- validation


def _at_step3(client, path):
    page = start_survey(client, path)
    page = parse(client.get(submit(client, page, STEP1).headers["Location"]))
    return parse(client.get(submit(client, page, STEP2).headers["Location"]))


def test_over_long_free_text_is_rejected_and_kept(app, client, invite):
    path = path_of(invite().url)
    page = _at_step3(client, path)
    long_text = "ø" * 5001
    response = submit(client, page, {"S12": long_text, "S13": "Kort svar."})
    assert response.status_code == 400
    again = parse(response)
    assert "er for langt" in again.text() and "højst 5000 tegn" in again.text()
    assert again.form.textareas["S12"] == long_text
    assert again.form.textareas["S13"] == "Kort svar."
    assert '<a href="#S12">' in again.html
    assert 'aria-describedby="S12-hint S12-fejl"' in again.html
    assert again.html.count('aria-invalid="true"') == 1
    assert again.html_lang == "da" and "Fejl:" in again.html
    assert _draft(app)[0] == 3  # nothing saved, still at step 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HeldResponse)) == 0
    exactly = submit(client, again, {"S12": "a" * 5000})
    assert exactly.status_code == 303


def test_max_length_follows_config(app, client, invite):
    app.config["FREE_TEXT_MAX_LENGTH"] = 10
    page = _at_step3(client, path_of(invite().url))
    assert "Højst 10 tegn" in page.text()
    response = submit(client, page, {"S12": "elleve tegn"})
    assert response.status_code == 400
    assert "Skriv højst 10 tegn" in parse(response).text()


def test_control_characters_are_rejected_not_a_500(app, client, invite):
    path = path_of(invite().url)
    page = _at_step3(client, path)
    response = submit(client, page, {"S12": "God\x00 hjælp\x1b", "S13": "Linje 1\r\nLinje 2\tslut"})
    assert response.status_code == 400
    again = parse(response)
    assert "usynlige tegn" in again.text()
    assert again.form.textareas["S12"] == "God hjælp"
    assert again.form.textareas["S13"] == "Linje 1\r\nLinje 2\tslut"
    assert '<a href="#S12">' in again.html
    # Sending again (the characters are gone now) works; newlines and tabs are fine.
    response = submit(client, again)
    assert response.status_code == 303
    with app.app_context():
        held = db.session.scalar(select(HeldResponse))
        assert held.answers["S12"] == "God hjælp"
        assert held.answers["S13"] == "Linje 1\nLinje 2\tslut"


def test_control_characters_in_a_closed_answer(client, invite):
    page = start_survey(client, path_of(invite().url))
    response = submit(client, page, {"S01": "4\x00"})
    assert response.status_code == 400
    assert "Vælg et af svarene" in parse(response).text()


def test_bad_likert_value_keeps_the_other_answers(app, client, invite):
    path = path_of(invite().url)
    page = start_survey(client, path)
    response = submit(client, page, {**STEP1, "S03": "7"})
    assert response.status_code == 400
    again = parse(response)
    question = "Jeg fik svar på mine henvendelser inden for rimelig tid."
    assert f"Vælg et af svarene til »{question}«" in again.text()
    assert '<a href="#S03-1">' in again.html
    assert 'aria-describedby="S03-fejl"' in again.html
    assert again.form.checked == {k: v for k, v in STEP1.items() if k != "S03"}
    assert "Trin 1 af 3" in again.text()
    assert _draft(app) == (1, {}, "da")


def test_bad_values_for_ja_nej_and_choice(client, invite):
    page = start_survey(client, path_of(invite().url))
    page = parse(client.get(submit(client, page, STEP1).headers["Location"]))
    response = submit(client, page, {**STEP2, "S09": "måske", "F01": "brevdue"})
    assert response.status_code == 400
    again = parse(response)
    assert again.html.count('class="field-errors"') == 2
    assert '<a href="#S09-ja">' in again.html and '<a href="#F01-tlf">' in again.html
    assert again.form.checked["S07"] == "5"


def test_validation_message_in_english(client, invite):
    page = _at_step3(client, path_of(invite().url) + "?lang=en")
    response = submit(client, page, {"S13": "x" * 6000})
    assert response.status_code == 400
    text = parse(response).text()
    assert "is too long" in text and "There is a problem" in text


def test_posting_a_bogus_step_number_never_fails(client, invite):
    path = path_of(invite().url)
    page = start_survey(client, path)
    data = {**page.form.hidden, "step": "x' or 1=1", "action": "next"}
    assert client.post(path, data=data).status_code in (303, 400)
    data["step"] = "99"
    assert client.post(path, data=data).status_code in (303, 400)


# --------------------------------------------------------------------------- the database is down


def _boom(*_args, **_kwargs):
    raise OperationalError("UPDATE draft", {}, Exception("server closed the connection"))


def test_database_down_while_saving_a_step(app, client, invite, monkeypatch):
    path = path_of(invite().url)
    page = start_survey(client, path)
    monkeypatch.setattr(operations, "save_draft", _boom)
    response = submit(client, page, STEP1)
    assert response.status_code == 503
    again = parse(response)
    message = "Vi kunne ikke gemme lige nu – prøv igen om lidt. Dine svar står stadig i formularen."
    assert message in again.text()
    assert again.form.checked == STEP1
    monkeypatch.undo()
    assert submit(client, again).status_code == 303
    assert _draft(app) == (2, STEP1, "da")


def test_database_down_while_sending(app, client, invite, monkeypatch):
    issued = invite()
    path = path_of(issued.url)
    page = _at_step3(client, path + "?lang=en")
    monkeypatch.setattr(operations, "submit", _boom)
    response = submit(client, page, {"S12": "Tak for hjælpen."})
    assert response.status_code == 503
    again = parse(response)
    assert "We could not save right now" in again.text()
    assert again.form.textareas["S12"] == "Tak for hjælpen."
    with app.app_context():
        assert db.session.get(Invitation, issued.invitation_id).status is not InvitationStatus.BRUGT
    monkeypatch.undo()
    assert submit(client, again).status_code == 303


def test_database_down_while_releasing_still_thanks_the_citizen(
    app, make_invitations, survey_round, monkeypatch
):
    """The submission is stored before the release; a failed release waits for the next one."""
    issued = make_invitations(survey_round, 6)
    for item in issued[:4]:
        assert answer_all(app.test_client(), path_of(item.url)).status_code == 303
    monkeypatch.setattr(operations, "release_held_responses", _boom)
    response = answer_all(app.test_client(), path_of(issued[4].url))
    assert response.status_code == 303 and "/tak" in response.headers["Location"]
    with app.app_context():
        held = db.session.scalar(select(func.count()).select_from(HeldResponse))
        used = db.session.scalar(
            select(func.count()).select_from(Invitation)
            .where(Invitation.status == InvitationStatus.BRUGT)
        )
    assert (held, used) == (5, 5)
    monkeypatch.undo()
    assert answer_all(app.test_client(), path_of(issued[5].url)).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 6
        assert db.session.scalar(select(func.count()).select_from(HeldResponse)) == 0


# --------------------------------------------------------------------------- end states


def test_unknown_token_is_a_plain_404(client, invite):
    invite()
    response = client.get("/s/dette-link-findes-ikke-0123456789abcdef")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.get_data(as_text=True)
    assert client.get("/s/" + "x" * 300).status_code == 404
    assert client.post("/s/ukendt", data={}).status_code in (400, 404)


def test_round_in_draft_is_404(app, client, make_round, make_invitations):
    round_id = make_round(state="kladde")
    issued = make_invitations(round_id, 1)[0]
    response = client.get(path_of(issued.url))
    assert response.status_code == 404
    assert "Siden findes ikke" in response.get_data(as_text=True)


def test_expired_invitation_is_410(app, client, invite):
    issued = invite()
    with app.app_context():
        invitation = db.session.get(Invitation, issued.invitation_id)
        invitation.expires_at = dt.datetime.now() - dt.timedelta(days=1)
        db.session.commit()
    response = client.get(path_of(issued.url))
    assert response.status_code == 410
    assert "Linket er udløbet" in parse(response).text()
    english = client.get(path_of(issued.url) + "?lang=en")
    assert english.status_code == 410 and "The link has expired" in parse(english).text()


def test_expiry_between_steps_answers_410_on_post(app, client, invite):
    issued = invite()
    page = start_survey(client, path_of(issued.url))
    with app.app_context():
        invitation = db.session.get(Invitation, issued.invitation_id)
        invitation.expires_at = dt.datetime.now() - dt.timedelta(minutes=1)
        db.session.commit()
    assert submit(client, page, STEP1).status_code == 410


@pytest.mark.parametrize("state", ["lukket", "afrapporteret"])
def test_closed_round_is_410(app, client, make_round, make_invitations, state):
    round_id = make_round(state="aaben")
    issued = make_invitations(round_id, 1)[0]
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        rnd.close()
        if state == "afrapporteret":
            rnd.report()
        db.session.commit()
    response = client.get(path_of(issued.url))
    assert response.status_code == 410
    assert "Undersøgelsen er lukket" in parse(response).text()


# --------------------------------------------------------------------------- structure & a11y


def _assert_one_form_first_button_forward(page, forward_values):
    assert len(page.post_forms) == 1
    assert len(page.forms) == 1
    buttons = page.form.buttons
    assert buttons, "no submit button"
    assert buttons[0][1] in forward_values
    assert "csrf_token" in page.form.hidden


def test_every_page_has_one_form_with_the_forward_button_first(client, invite):
    path = path_of(invite().url)
    landing = parse(client.get(path))
    _assert_one_form_first_button_forward(landing, {"start"})
    assert landing.form.buttons[0][2] == "Start spørgeskemaet"
    page = start_survey(client, path)
    for number in (1, 2, 3):
        _assert_one_form_first_button_forward(page, {"next"})
        assert [b[1] for b in page.form.buttons] == ["next", "save", "back"]
        assert page.form.buttons[1][2] == "Gem og fortsæt senere"
        assert page.form.buttons[2][2] == "Tilbage"
        assert f"Trin {number} af 3" in page.text()
        assert '<meta name="viewport"' in page.html
        assert page.html_lang == "da"
        if number < 3:
            assert page.form.buttons[0][2] == "Næste"
            page = parse(client.get(submit(client, page).headers["Location"]))
    assert page.form.buttons[0][2] == "Send svar"
    code_page = parse(client.get("/kode"))
    _assert_one_form_first_button_forward(code_page, {None})


def test_questions_are_fieldsets_with_legends_and_labels(client, invite):
    page = start_survey(client, path_of(invite().url))
    html = page.html
    assert html.count("<fieldset") == 6 and html.count("<legend>") == 6
    for value in ("1", "2", "3", "4", "5", "vi"):
        assert f'<label for="S01-{value}">' in html
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert "style=" not in html and "<script" not in html


def test_no_personal_data_or_token_in_logs(app, client, invite, caplog):
    issued = invite()
    caplog.set_level(logging.DEBUG)
    answer_all(client, path_of(issued.url))
    assert issued.token not in caplog.text
    assert "Min rådgiver ringede tilbage" not in caplog.text

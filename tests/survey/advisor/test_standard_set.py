"""Maintaining the standard question set: new versions; old rounds keep their copies."""

from __future__ import annotations

import re

from sqlalchemy import select

from survey.extensions import db
from survey.models import AuditEvent, Borgerrejse, StandardSet
from tests.conftest import csrf_token

PATH = "/raadgiver/standardspoergsmaal/ny"
NAME = r'name="(questions-\d+-[a-z_]+)"'


def _form_data(html):
    """Every field of the edit form as the browser would send it (checkboxes unticked)."""
    data = {"csrf_token": csrf_token(html)}
    for name, value in re.findall(r'<input[^>]*' + NAME + r'[^>]*value="([^"]*)"', html):
        data[name] = value
    for name, value in re.findall(r'<input[^>]*value="([^"]*)"[^>]*' + NAME, html):
        data[value] = name
    for name, body in re.findall(r'<textarea[^>]*' + NAME + r'[^>]*>\s*([^<]*)</textarea>', html):
        data[name] = body.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"')
    for name, body in re.findall(r'<select[^>]*' + NAME + r'[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body)
        first = re.search(r'<option[^>]*value="([^"]*)"', body)
        data[name] = (selected.group(1) or selected.group(2)) if selected else first.group(1)
    for key in [k for k in data if k.endswith("-remove")]:
        del data[key]
    return data


def _row_index(data, code):
    return next(k.split("-")[1] for k, v in data.items() if k.endswith("-code") and v == code)


def test_view_shows_latest_version(advisor_client):
    html = advisor_client.get("/raadgiver/standardspoergsmaal").get_data(as_text=True)
    assert "Version 1 (gældende)" in html
    assert "Kommunen gik hurtigt i gang med min sag." in html
    assert "Vi går hurtigt i gang" in html


def test_new_version_edits_removes_and_adds(app, advisor_client, make_round):
    old_round = make_round("CSI", "kladde", title="Gammel runde")
    html = advisor_client.get(PATH).get_data(as_text=True)
    data = _form_data(html)
    s04 = _row_index(data, "S04")
    data[f"questions-{s04}-text_da"] = "Jeg forstod de breve, jeg fik."
    data[f"questions-{s04}-text_en"] = "I understood the letters I received."
    data[f"questions-{s04}-theme"] = "kommunikation"
    data[f"questions-{s04}-principle"] = "2"
    data[f"questions-{_row_index(data, 'S10')}-remove"] = "y"

    # Add a row without saving: everything typed so far is kept.
    response = advisor_client.post(PATH, data={**data, "tilfoej": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Jeg forstod de breve, jeg fik." in html
    assert "Nyt spørgsmål" in html
    with app.app_context():
        assert db.session.scalar(select(StandardSet).where(StandardSet.version == 2)) is None

    data = _form_data(html)
    data[f"questions-{_row_index(data, 'S10')}-remove"] = "y"
    new = _row_index(data, "")
    data[f"questions-{new}-kind"] = "janej"
    data[f"questions-{new}-text_da"] = "Blev du ringet op, som aftalt?"
    data[f"questions-{new}-text_en"] = "Were you called back as agreed?"
    data[f"questions-{new}-theme"] = "tilgaengelighed"
    data[f"questions-{new}-principle"] = "1"
    data[f"questions-{new}-position"] = "3"
    data["note"] = "S04 omformuleret, S10 fjernet, nyt om opringning"
    response = advisor_client.post(PATH, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]

    with app.app_context():
        v2 = db.session.scalar(select(StandardSet).where(StandardSet.version == 2))
        by_code = {q.code: q for q in v2.questions}
        assert "S10" not in by_code
        assert by_code["S04"].text_da == "Jeg forstod de breve, jeg fik."
        assert by_code["S04"].principle == 2
        added = by_code["S15"]
        assert added.kind.value == "janej" and added.position == 3
        assert added.theme == "tilgaengelighed"
        assert [q.position for q in v2.questions] == list(range(1, len(v2.questions) + 1))
        # The old round keeps its copy of version 1.
        rnd = db.session.get(Borgerrejse, old_round)
        assert rnd.standard_set_version == 1
        old_texts = {q.code: q.text_da for q in rnd.questions}
        assert old_texts["S04"] == "Jeg forstod den information og vejledning, jeg fik."
        assert "S10" in old_texts
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "standard_set_created"))
        assert event.target == "version 2" and "S10" in event.detail

    new_round = make_round("CSI", "kladde", title="Ny runde")
    with app.app_context():
        rnd = db.session.get(Borgerrejse, new_round)
        assert rnd.standard_set_version == 2
        assert "S15" in {q.code for q in rnd.questions}

    html = advisor_client.get("/raadgiver/standardspoergsmaal").get_data(as_text=True)
    assert "Version 2 (gældende)" in html
    old = advisor_client.get("/raadgiver/standardspoergsmaal?version=1").get_data(as_text=True)
    assert "Jeg forstod den information og vejledning, jeg fik." in old
    assert advisor_client.get("/raadgiver/standardspoergsmaal?version=9").status_code == 404


def test_validation_errors_are_danish_and_keep_input(app, advisor_client):
    data = _form_data(advisor_client.get(PATH).get_data(as_text=True))
    s01 = _row_index(data, "S01")
    data[f"questions-{s01}-text_da"] = ""
    data[f"questions-{s01}-theme"] = "Ikke Gyldigt!"
    data[f"questions-{_row_index(data, 'S02')}-text_en"] = "Edited but kept"
    data["note"] = ""
    html = advisor_client.post(PATH, data=data).get_data(as_text=True)
    assert "Skriv spørgsmålet på dansk." in html
    assert "Temaet skrives med små bogstaver" in html
    assert "Skriv kort, hvad der er ændret." in html
    assert f'href="#questions-{s01}-text_da"' in html
    assert "Edited but kept" in html
    assert 'value="Ikke Gyldigt!"' in html
    with app.app_context():
        assert db.session.scalar(select(StandardSet).where(StandardSet.version == 2)) is None


def test_no_change_and_tampered_codes_are_refused(app, advisor_client):
    data = _form_data(advisor_client.get(PATH).get_data(as_text=True))
    data["note"] = "ingenting"
    html = advisor_client.post(PATH, data=data).get_data(as_text=True)
    assert "Der er ingen ændringer" in html
    data[f"questions-{_row_index(data, 'S01')}-code"] = "S99"
    html = advisor_client.post(PATH, data=data).get_data(as_text=True)
    assert "Spørgsmålet S99 findes ikke" in html
    removing_all = {k: v for k, v in data.items()}
    for key in [k for k in data if k.endswith("-code")]:
        removing_all[key.replace("-code", "-remove")] = "y"
    html = advisor_client.post(PATH, data=removing_all).get_data(as_text=True)
    assert "mindst ét spørgsmål" in html
    with app.app_context():
        assert db.session.scalar(select(StandardSet).where(StandardSet.version == 2)) is None


def test_standard_questions_are_advisor_only(login_as):
    for role, centre in (("centre", "CSI"), ("management", None)):
        client = login_as(role, centre)
        assert client.get("/raadgiver/standardspoergsmaal").status_code == 404
        assert client.get(PATH).status_code == 404

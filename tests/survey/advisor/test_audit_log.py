"""The audit log page: newest first, 50 per page, filter by action, Danish dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from survey import audit
from survey.advisor.operations import danish_datetime
from survey.extensions import db
from survey.models import AuditEvent, User


def _add_events(app, count, action="export", start=None, user_email=None):
    start = start or dt.datetime(2025, 1, 1, 12, 0)
    with app.app_context():
        user_id = None
        if user_email:
            user_id = db.session.scalar(select(User.id).where(User.email == user_email))
        for i in range(count):
            db.session.add(AuditEvent(action=action, target=f"borgerrejse {i}", detail="",
                                      user_id=user_id, at=start + dt.timedelta(minutes=i)))
        db.session.commit()


def test_log_shows_who_what_target_when_newest_first(app, make_user, login_as):
    make_user("advisor", email="eksport@kommune.dk")
    _add_events(app, 3, action="export", user_email="eksport@kommune.dk")
    client = login_as("advisor")
    html = client.get("/raadgiver/log").get_data(as_text=True)
    assert "eksport@kommune.dk" in html
    assert "borgerrejse 2" in html
    # Newest first: the sign-in just now, then borgerrejse 2, 1, 0.
    positions = [html.index(s) for s in ("<td>Logget ind</td>", "borgerrejse 2", "borgerrejse 1")]
    assert positions == sorted(positions)
    assert html.index("borgerrejse 1") < html.index("borgerrejse 0")
    # 2025-01-01 12:02 UTC is 13.02 in Copenhagen (winter time).
    assert "1.1.2025 kl. 13.02" in html


def test_danish_datetime_handles_summer_time():
    assert danish_datetime(dt.datetime(2025, 7, 15, 8, 5)) == "15.7.2025 kl. 10.05"
    assert danish_datetime(None) == ""


def test_log_is_paginated_by_50(app, advisor_client):
    _add_events(app, 120, action="export")  # plus the advisor's own sign-in = 121
    first = advisor_client.get("/raadgiver/log").get_data(as_text=True)
    assert first.count("<tr>") == 51  # header + 50
    assert "Side 1 af 3." in first
    assert "side=2" in first
    third = advisor_client.get("/raadgiver/log?side=3").get_data(as_text=True)
    assert third.count("<tr>") == 1 + 21
    assert "borgerrejse 0<" in third
    assert "<td>Logget ind</td>" not in third
    # A page past the end shows the last page, never an error.
    assert "Side 3 af 3." in advisor_client.get("/raadgiver/log?side=99").get_data(as_text=True)
    assert advisor_client.get("/raadgiver/log?side=abc").status_code == 200


def test_log_filters_by_action(app, advisor_client):
    _add_events(app, 2, action="export")
    _add_events(app, 1, action="raw_text_viewed")
    html = advisor_client.get("/raadgiver/log?handling=raw_text_viewed").get_data(as_text=True)
    assert html.count("<tr>") == 2
    assert "1 hændelse" in html
    assert '<option selected value="raw_text_viewed">' in html or \
        'value="raw_text_viewed" selected' in html
    html = advisor_client.get("/raadgiver/log?handling=export").get_data(as_text=True)
    assert html.count("<tr>") == 3
    # An unknown action shows everything instead of failing.
    html = advisor_client.get("/raadgiver/log?handling=<script>").get_data(as_text=True)
    assert html.count("<tr>") == 1 + 4
    assert "<script>" not in html


def test_record_uses_the_signed_in_user(app, make_user):
    user_id = make_user("advisor", email="hvem@kommune.dk")
    with app.test_request_context():
        from flask_login import login_user

        with app.app_context():
            user = db.session.get(User, user_id)
            login_user(user)
            event = audit.record("export", target="borgerrejse 7")
            assert event.user_id == user_id
            db.session.rollback()


def test_sensitive_actions_of_this_package_never_log_passwords(app, advisor_client):
    from tests.conftest import TEST_PASSWORD

    with app.app_context():
        for event in db.session.scalars(select(AuditEvent)):
            assert TEST_PASSWORD not in event.target + event.detail


def test_log_is_advisor_only(login_as):
    for role, centre in (("centre", "CSI"), ("management", None)):
        assert login_as(role, centre).get("/raadgiver/log").status_code == 404


def test_log_targets_are_readable_links(app, make_user, make_round, advisor_client):
    from survey.models import Borgerrejse, Channel, FreeText, Response

    round_id = make_round(state="aaben", title="Forårsrunden i CSI")
    user_id = make_user("centre", "CSI", email="kontakt@csi.kommune.dk")
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        question = next(q for q in rnd.questions if q.code == "S12")
        response = Response(borgerrejse_id=round_id, channel=Channel.WEB, language="da",
                            submitted_on=dt.date.today())
        text = FreeText(question_id=question.id, raw_text="HEMMELIG BORGERTEKST")
        response.free_texts.append(text)
        db.session.add(response)
        db.session.flush()
        text_id = str(text.id)
        for target in (f"borgerrejse:{round_id}", f"free_text:{text_id}", f"user:{user_id}",
                       "borgerrejse:99999", "free_text:ikke-et-id", "år:2025"):
            db.session.add(AuditEvent(action="export", target=target, detail=""))
        db.session.commit()
    html = advisor_client.get("/raadgiver/log").get_data(as_text=True)
    assert (f'<a href="/borgerrejser/{round_id}">Borgerrejse: Forårsrunden i CSI</a>') in html
    assert f'<a href="/gennemgang/svar/{text_id}">Fritekstsvar</a>' in html
    assert f'<a href="/raadgiver/brugere/{user_id}">kontakt@csi.kommune.dk</a>' in html
    assert "Borgerrejse 99999 (slettet)" in html and "Fritekstsvar (slettet)" in html
    assert "<td>år:2025</td>" in html
    assert f"free_text:{text_id}" not in html and f"borgerrejse:{round_id}<" not in html
    assert "HEMMELIG BORGERTEKST" not in html


def test_every_recorded_action_has_a_danish_label():
    import re
    from pathlib import Path

    from survey.advisor.operations import ACTION_LABELS

    pattern = re.compile(r'(?:audit\.)?record\(\s*"([a-z_]+)"')
    source = Path(__file__).resolve().parents[3] / "survey"
    actions = {
        m.group(1) for path in source.rglob("*.py") for m in pattern.finditer(path.read_text())
    }
    assert actions, "no audit actions found"
    missing = sorted(actions - set(ACTION_LABELS))
    assert not missing, f"audit actions without a Danish label: {missing}"

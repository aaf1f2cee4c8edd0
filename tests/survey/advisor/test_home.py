"""The advisor's overview: rounds by state, free texts awaiting review, overdue learning points."""

from __future__ import annotations

import datetime as dt

from survey.extensions import db
from survey.models import (
    Borgerrejse,
    Channel,
    FreeText,
    Laeringspunkt,
    LaeringspunktStatus,
    Response,
    ReviewStatus,
)


def _seed_work(app, round_id):
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        text_q = next(q for q in rnd.questions if q.code == "S12")
        response = Response(borgerrejse_id=rnd.id, channel=Channel.WEB, language="da",
                            submitted_on=dt.date.today())
        for status in (ReviewStatus.NY, ReviewStatus.NY, ReviewStatus.GODKENDT):
            response.free_texts.append(FreeText(
                question_id=text_q.id, raw_text="HEMMELIG BORGERTEKST", review_status=status))
        db.session.add(response)
        today = dt.date.today()
        past, future = today - dt.timedelta(days=3), today + dt.timedelta(days=3)
        for title, due, status in (
            ("Ring tilbage inden for to dage", past, LaeringspunktStatus.AFTALT),
            ("Fremtidigt punkt", future, LaeringspunktStatus.AFTALT),
            ("Gennemført punkt", past, LaeringspunktStatus.GENNEMFOERT),
        ):
            db.session.add(Laeringspunkt(borgerrejse_id=rnd.id, owner_fagcenter_id=rnd.fagcenter_id,
                                         title=title, due_date=due, status=status))
        db.session.commit()


def test_overview_lists_rounds_by_state_and_counts(app, advisor_client, make_round):
    ids = {state: make_round("CSI", state, title=f"Runde {state}")
           for state in ("kladde", "aaben", "lukket", "afrapporteret")}
    _seed_work(app, ids["afrapporteret"])
    response = advisor_client.get("/raadgiver/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for label in ("Kladde (1)", "Åben (1)", "Lukket (1)", "Afrapporteret (1)"):
        assert label in html
    assert "2 fritekster venter på gennemgang" in html
    assert "1 læringspunkt er over fristen" in html
    assert "Ring tilbage inden for to dage" in html
    assert "Fremtidigt punkt" not in html and "Gennemført punkt" not in html
    assert "HEMMELIG BORGERTEKST" not in html
    assert "Logget ind" in html  # recent audit events
    with app.app_context():
        detail_exists = "rounds.detail" in app.view_functions
    for state, round_id in ids.items():
        assert f"Runde {state}" in html
        if detail_exists:
            assert f'href="/borgerrejser/{round_id}' in html


def test_overview_survives_without_round_detail_endpoint(app, advisor_client, make_round):
    make_round("CSI", "aaben", title="Uden link")
    saved = app.view_functions.pop("rounds.detail", None)
    try:
        html = advisor_client.get("/raadgiver/").get_data(as_text=True)
        assert "Uden link" in html
    finally:
        if saved is not None:
            app.view_functions["rounds.detail"] = saved


def test_overview_is_advisor_only(login_as):
    for role, centre in (("centre", "CSI"), ("management", None)):
        assert login_as(role, centre).get("/raadgiver/").status_code == 404


def test_recent_events_name_the_user_once_and_link_targets(app, make_user, login_as,
                                                           make_round):
    from tests.conftest import login

    round_id = make_round(state="aaben", title="Runde med link")
    make_user("advisor", email="en.gang@kommune.dk")
    client = app.test_client()
    login(client, "en.gang@kommune.dk")
    from survey import audit

    with app.test_request_context():
        audit.record("round_opened", target=f"borgerrejse:{round_id}", user_id=None)
        db.session.commit()
    html = client.get("/raadgiver/").get_data(as_text=True)
    recent = html[html.index('id="log"'):]
    line = next(li for li in recent.split("<li>") if "Logget ind" in li)
    assert line.count("en.gang@kommune.dk") == 1
    assert f'<a href="/borgerrejser/{round_id}">Borgerrejse: Runde med link</a>' in recent
    assert "(system)" in recent

"""Learning points through the test client: writing, status, access, history, figures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from survey.extensions import db
from survey.models import (
    AuditEvent,
    Borgerrejse,
    Laeringspunkt,
    LaeringspunktStatus,
)
from tests.conftest import csrf_token


def _post(client, url, data, page):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _point(app, point_id):
    with app.app_context():
        point = db.session.get(Laeringspunkt, point_id)
        events = [
            (e.kind, e.from_status, e.to_status, e.note, e.user_id)
            for e in sorted(point.events, key=lambda e: (e.at, e.id))
        ]
        return point.status, point.reason_rejected, point.centre_response, events


def test_advisor_writes_point_with_quotes_and_figures(
    advisor_client, app, make_round, make_free_text
):
    round_id = make_round("CSI", state="lukket")
    quote = make_free_text(
        round_id,
        "Rå",
        anonymised="Jeg kunne aldrig få fat i nogen.",
        themes=["tilgaengelighed"],
        status="godkendt",
        reviewed=True,
    )
    unapproved = make_free_text(round_id, "Rå 2", anonymised="Ikke godkendt tekst")
    page = f"/laeringspunkter/runde/{round_id}/nyt"
    html = advisor_client.get(page).get_data(as_text=True)
    assert "Jeg kunne aldrig få fat i nogen." in html
    assert "Ikke godkendt tekst" not in html
    with app.app_context():
        csi = db.session.get(Borgerrejse, round_id).fagcenter_id
    assert f'<option selected value="{csi}">' in html or f'value="{csi}" selected' in html

    response = _post(
        advisor_client,
        page,
        {
            "title": "Bedre telefontid",
            "description": "Udvid telefontiden.",
            "themes": ["tilgaengelighed"],
            "quotes": [quote, unapproved],
            "figures": "S02 gennemsnit: 2,4\nSvar i alt: 37",
            "owner": str(csi),
            "due_date": "2030-01-31",
        },
        page,
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        point = db.session.scalars(select(Laeringspunkt)).one()
        assert point.status is LaeringspunktStatus.FORESLAAET
        assert point.evidence_quote_ids == [quote]  # only approved quotes can be linked
        assert point.evidence_figures == [
            {"label": "S02 gennemsnit", "value": "2,4"},
            {"label": "Svar i alt", "value": "37"},
        ]
        assert point.due_date == dt.date(2030, 1, 31)
        point_id = point.id
    html = advisor_client.get(f"/laeringspunkter/{point_id}").get_data(as_text=True)
    assert "Jeg kunne aldrig få fat i nogen." in html and "S02 gennemsnit" in html
    assert "Oprettet (Foreslået)" in html


def test_bad_figures_keep_input(advisor_client, make_round):
    round_id = make_round("CSI", state="lukket")
    page = f"/laeringspunkter/runde/{round_id}/nyt"
    response = _post(
        advisor_client, page, {"title": "T", "figures": "uden kolon", "owner": "1"}, page
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "skriv »betegnelse: værdi«" in html
    assert 'value="T"' in html and "uden kolon" in html


def test_status_machine_and_fravalgt_needs_reason(advisor_client, app, make_round, make_point):
    round_id = make_round("CSI", state="lukket")
    point_id = make_point(round_id)
    page = f"/laeringspunkter/{point_id}"
    url = page + "/status"
    # foreslået → gennemført is not allowed
    response = _post(advisor_client, url, {"status": "gennemfoert"}, page)
    assert response.status_code == 422
    assert "kan ikke gå fra »Foreslået« til »Gennemført«" in response.get_data(as_text=True)
    # fravalgt without a reason
    response = _post(advisor_client, url, {"status": "fravalgt", "note": "  "}, page)
    assert response.status_code == 422
    assert "Skriv hvorfor læringspunktet fravælges." in response.get_data(as_text=True)
    assert _point(app, point_id)[0] is LaeringspunktStatus.FORESLAAET
    for status in ("aftalt", "i_gang", "gennemfoert"):
        assert (
            _post(
                advisor_client, url, {"status": status, "note": f"til {status}"}, page
            ).status_code
            == 302
        )
    status, _, _, events = _point(app, point_id)
    assert status is LaeringspunktStatus.GENNEMFOERT
    assert [(e[1], e[2]) for e in events] == [
        ("foreslaaet", "aftalt"),
        ("aftalt", "i_gang"),
        ("i_gang", "gennemfoert"),
    ]
    with app.app_context():
        audit = [
            e.detail
            for e in db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "learning_point_status")
                .order_by(AuditEvent.id)
            )
        ]
    assert audit == ["foreslaaet->aftalt", "aftalt->i_gang", "i_gang->gennemfoert"]


def test_fravalgt_with_reason(advisor_client, app, make_round, make_point):
    point_id = make_point(make_round("CSI", state="lukket"))
    page = f"/laeringspunkter/{point_id}"
    assert (
        _post(
            advisor_client, page + "/status", {"status": "fravalgt", "note": "Løst af ny lov"}, page
        ).status_code
        == 302
    )
    status, reason, _, events = _point(app, point_id)
    assert status is LaeringspunktStatus.FRAVALGT and reason == "Løst af ny lov"
    assert "Fravalgt fordi: Løst af ny lov" in _get(advisor_client, page)


def _get(client, url):
    return client.get(url).get_data(as_text=True)


def test_centre_contact_follows_up_once_reported(app, login_as, make_round, make_point):
    open_round = make_round("CSI", state="lukket")
    hidden = make_point(open_round, title="Ikke afrapporteret")
    reported = make_round("CSI", state="afrapporteret")
    point_id = make_point(reported, title="Kortere svartid")
    centre = login_as("centre", "CSI")
    assert centre.get(f"/laeringspunkter/{hidden}").status_code == 404
    overview = _get(centre, "/laeringspunkter/")
    assert "Kortere svartid" in overview and "Ikke afrapporteret" not in overview

    page = f"/laeringspunkter/{point_id}"
    html = _get(centre, page)
    assert "Fravalgt" not in html.split("Ny status")[1].split("</fieldset>")[0]
    assert (
        _post(centre, page + "/status", {"status": "fravalgt", "note": "nej"}, page).status_code
        == 422
    )
    assert _post(centre, page + "/status", {"status": "aftalt"}, page).status_code == 302
    assert (
        _post(centre, page + "/svar", {"text": "Vi udvider telefontiden."}, page).status_code == 302
    )
    assert (
        _post(centre, page + "/note", {"text": "Ny vagtplan fra 1. marts."}, page).status_code
        == 302
    )
    assert _post(centre, page + "/status", {"status": "i_gang"}, page).status_code == 302
    status, _, response, events = _point(app, point_id)
    assert status is LaeringspunktStatus.I_GANG and response == "Vi udvider telefontiden."
    assert [e[0] for e in events] == ["status", "svar", "note", "status"]
    html = _get(centre, page)
    assert "Vi udvider telefontiden." in html and "Ny vagtplan fra 1. marts." in html
    assert "Foreslået → Aftalt" in html and "Aftalt → I gang" in html
    # a centre cannot edit the point itself
    assert centre.get(page + "/rediger").status_code == 404


def test_other_centre_gets_404(app, login_as, make_round, make_point):
    point_id = make_point(make_round("CSI", state="afrapporteret"))
    other = login_as("centre", "CSO")
    page = f"/laeringspunkter/{point_id}"
    assert other.get(page).status_code == 404
    token = csrf_token(_get(other, "/laeringspunkter/"))
    assert (
        other.post(page + "/status", data={"csrf_token": token, "status": "aftalt"}).status_code
        == 404
    )
    assert "Bedre tilgængelighed" not in _get(other, "/laeringspunkter/")
    assert _point(app, point_id)[0] is LaeringspunktStatus.FORESLAAET


def test_management_reads_reported_only(app, login_as, make_round, make_point):
    point_id = make_point(make_round("CSI", state="afrapporteret"), title="Synlig")
    hidden = make_point(make_round("CSO", state="lukket"), title="Skjult")
    manager = login_as("management")
    page = f"/laeringspunkter/{point_id}"
    html = _get(manager, page)
    assert "Synlig" in html and "Gem status" not in html and "Gem svaret" not in html
    assert manager.get(f"/laeringspunkter/{hidden}").status_code == 404
    overview = _get(manager, "/laeringspunkter/")
    assert "Synlig" in overview and "Skjult" not in overview and "ikke ændre" in overview
    token = csrf_token(overview)
    for action in ("status", "svar", "note"):
        response = manager.post(
            f"{page}/{action}", data={"csrf_token": token, "status": "aftalt", "text": "x"}
        )
        assert response.status_code == 404
    assert _point(app, point_id)[0] is LaeringspunktStatus.FORESLAAET
    assert manager.get(f"/laeringspunkter/runde/{point_id}/nyt").status_code == 404


def test_overview_filters_and_overdue(advisor_client, make_round, make_point):
    csi = make_round("CSI", state="afrapporteret")
    cso = make_round("CSO", state="afrapporteret")
    make_point(csi, title="Forsinket punkt", due=dt.date.today() - dt.timedelta(days=1))
    make_point(
        csi,
        title="Kommunikationspunkt",
        themes=("kommunikation",),
        status="aftalt",
        due=dt.date.today() + dt.timedelta(days=10),
    )
    make_point(cso, title="Sundhedspunkt", owner="CSO")
    html = _get(advisor_client, "/laeringspunkter/")
    assert html.count("Fristen er overskredet") == 1
    assert "Forsinket punkt" in html and "Sundhedspunkt" in html
    html = _get(advisor_client, "/laeringspunkter/?status=aftalt")
    assert "Kommunikationspunkt" in html and "Forsinket punkt" not in html
    html = _get(advisor_client, "/laeringspunkter/?tema=kommunikation")
    assert "Kommunikationspunkt" in html and "Sundhedspunkt" not in html
    with advisor_client.application.app_context():
        from survey.models import Fagcenter

        cso_id = db.session.scalar(select(Fagcenter.id).where(Fagcenter.code == "CSO"))
    html = _get(advisor_client, f"/laeringspunkter/?center={cso_id}")
    assert "Sundhedspunkt" in html and "Forsinket punkt" not in html
    assert advisor_client.get("/laeringspunkter/?status=xx&center=abc").status_code == 200


def test_edit_is_kept_in_history(advisor_client, app, make_round, make_point):
    point_id = make_point(make_round("CSI", state="lukket"))
    page = f"/laeringspunkter/{point_id}/rediger"
    html = _get(advisor_client, page)
    assert 'value="Bedre tilgængelighed"' in html
    with app.app_context():
        owner = db.session.get(Laeringspunkt, point_id).owner_fagcenter_id
    response = _post(
        advisor_client,
        page,
        {
            "title": "Bedre tilgængelighed",
            "description": "Ny",
            "themes": ["tilgaengelighed"],
            "owner": str(owner),
            "figures": "",
            "due_date": "",
        },
        page,
    )
    assert response.status_code == 302
    events = _point(app, point_id)[3]
    assert events[-1][0] == "redigering" and "beskrivelse" in events[-1][3]


def _suggestion_round(app, make_round, make_free_text, add_responses, negatives, likert_n):
    round_id = make_round("CSI", state="lukket")
    for _ in range(negatives):
        make_free_text(
            round_id,
            "x",
            anonymised="Ingen tog telefonen",
            themes=["tilgaengelighed"],
            sentiment="negativ",
        )
    add_responses(round_id, likert_n, {"S07": "1", "S08": "2", "S01": "5"})
    return round_id


def test_suggestions_respect_small_number_rule(
    advisor_client, app, make_round, make_free_text, add_responses
):
    few = _suggestion_round(app, make_round, make_free_text, add_responses, negatives=4, likert_n=4)
    html = _get(advisor_client, f"/laeringspunkter/runde/{few}")
    assert "Der er ingen forslag" in html
    assert "Lav et læringspunkt om" not in html

    enough = _suggestion_round(
        app, make_round, make_free_text, add_responses, negatives=6, likert_n=5
    )
    html = _get(advisor_client, f"/laeringspunkter/runde/{enough}")
    assert "Negative fritekstsvar om tilgængelighed: 6" in html
    assert "Procesretfærdighed: gennemsnit af standardspørgsmål (1–5): 1,5" in html
    assert "S07 gennemsnit (1–5): 1,0" in html
    assert "Sagsbehandlingstid" not in html.split("Forslag fra svarene")[1].split("tidligere")[0]
    # one click: a prefilled form
    html = _get(advisor_client, f"/laeringspunkter/runde/{enough}/nyt?forslag=tilgaengelighed")
    assert "Tilgængelighed: hvad kan vi gøre bedre?" in html
    assert "Negative fritekstsvar om tilgængelighed: 6" in html
    assert (
        'value="tilgaengelighed" checked' in html
        or 'checked id="themes-' in html
        or "checked" in html
    )


def test_earlier_points_before_after(app, advisor_client, make_round, make_point, add_responses):
    from survey.learning.operations import earlier_points_with_figures

    earlier = make_round("CSI", state="afrapporteret", title="Forår")
    add_responses(earlier, 5, {"S02": "2", "S03": "2"})
    add_responses(earlier, 3, {"S11": "3"})  # below k = 5
    point_id = make_point(
        earlier, title="Telefontid", themes=("tilgaengelighed", "tillid"), status="i_gang"
    )
    with app.app_context():
        rnd = db.session.get(Borgerrejse, earlier)
        rnd.period_start -= dt.timedelta(days=200)
        db.session.commit()
    current = make_round("CSI", state="lukket", title="Efterår")
    add_responses(current, 6, {"S02": "4", "S03": "5"})
    with app.app_context():
        points = earlier_points_with_figures(current)
    assert [p.id for p in points] == [point_id]
    point = points[0]
    assert point.status is LaeringspunktStatus.I_GANG
    access, trust = point.figures
    assert (access.theme, str(access.before), str(access.after), str(access.change)) == (
        "tilgaengelighed",
        "2,0",
        "4,5",
        "+2,5",
    )
    assert (str(trust.before), str(trust.after), str(trust.change)) == (
        "færre end 5",
        "–",
        "færre end 5",
    )  # hidden; nobody answered; a change needs both
    html = _get(advisor_client, f"/laeringspunkter/runde/{current}")
    assert "Telefontid" in html and "+2,5" in html and "I gang" in html
    with app.app_context():
        assert earlier_points_with_figures(earlier) == []
        assert earlier_points_with_figures(99999) == []


def test_round_points_access(login_as, make_round):
    closed = make_round("CSI", state="lukket")
    reported = make_round("CSI", state="afrapporteret")
    centre = login_as("centre", "CSI")
    assert centre.get(f"/laeringspunkter/runde/{closed}").status_code == 404
    assert centre.get(f"/laeringspunkter/runde/{reported}").status_code == 200
    assert login_as("centre", "CSO").get(f"/laeringspunkter/runde/{reported}").status_code == 404
    assert login_as("management").get(f"/laeringspunkter/runde/{closed}").status_code == 404
    html = login_as("management").get(f"/laeringspunkter/runde/{reported}").get_data(as_text=True)
    assert "Forslag fra svarene" not in html
    assert centre.get(f"/laeringspunkter/runde/{reported}/nyt").status_code == 404

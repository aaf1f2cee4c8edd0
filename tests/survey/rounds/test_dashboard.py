"""Dashboards under the small-number rule, and the CSV export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.survey.rounds.helpers import add_responses, post, text_of


def _row(html: str, label: str) -> str:
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", html, re.S)
    assert match, label
    return match.group(1)


def _answers(s07: list[str], extra: dict[str, str] | None = None) -> list[dict[str, str]]:
    return [{"S06": v, "S07": v, "S08": v, **(extra or {})} for v in s07]


def test_small_groups_hidden_from_centre_but_shown_to_advisor(
    app: Flask,
    advisor_client: FlaskClient,
    login_as: Callable[..., FlaskClient],
    make_round: Callable[..., int],
    make_invitations: Callable[..., list[object]],
) -> None:
    round_id = make_round("CSI", state="aaben")
    make_invitations(round_id, 20)
    # 7 responses: six "4" and one "2" → the "2" is primary-suppressed, the "4" complementary.
    add_responses(app, round_id, _answers(["4"] * 6 + ["2"], {"S09": "ja"}))
    centre = text_of(login_as("centre", "CSI").get(f"/borgerrejser/{round_id}/resultater"))
    advisor = text_of(advisor_client.get(f"/borgerrejser/{round_id}/resultater"))

    assert "<td>7</td>" in _row(centre, "Besvarelser")
    assert "35 %" in _row(centre, "Svarprocent (web-svar af inviterede)")
    s07_centre = centre[centre.index('id="svar-S07"') : centre.index('id="svar-S08"')]
    assert _row(s07_centre, "Uenig").count("færre end 5") == 2
    # complementary suppression: the 6 is hidden only to protect the 1, so it reads "skjult"
    assert _row(s07_centre, "Enig").count("skjult") == 2
    assert "færre end" not in _row(s07_centre, "Enig")
    assert "<td>0</td>" in _row(s07_centre, "Helt enig")  # zero cells are not sensitive
    assert "3,7" in s07_centre  # mean of 7 answers is shown
    s09_centre = centre[centre.index('id="svar-S09"') : centre.index('id="svar-S10"')]
    assert "<td>7</td>" in _row(s09_centre, "Ja")
    # The index: mean of (x−1)/4×100 = (6×75 + 25)/7 ≈ 68.
    assert "68" in _row(centre, "Denne borgerrejse")

    s07_adv = advisor[advisor.index('id="svar-S07"') : advisor.index('id="svar-S08"')]
    assert "færre end 5" not in s07_adv
    assert _row(s07_adv, "Uenig").startswith('<td>1 <span class="badge"')
    assert _row(s07_adv, "Enig").startswith('<td>6 <span class="badge"')
    assert "skjult (sekundært)</span>" in _row(s07_adv, "Enig")
    assert ">under 5</span>" not in _row(s07_adv, "Enig")
    assert ">under 5</span>" in _row(s07_adv, "Uenig")


def test_whole_round_below_k_is_hidden_for_centre(
    app: Flask,
    advisor_client: FlaskClient,
    login_as: Callable[..., FlaskClient],
    make_round: Callable[..., int],
    make_invitations: Callable[..., list[object]],
) -> None:
    round_id = make_round("CSI", state="aaben")
    make_invitations(round_id, 10)
    add_responses(app, round_id, _answers(["5", "5", "1"], {"S12": "Godt forløb."}))
    centre = text_of(login_as("centre", "CSI").get(f"/borgerrejser/{round_id}/resultater"))
    for label in (
        "Besvarelser",
        "Svarprocent (web-svar af inviterede)",
        "Fritekstsvar",
        "Denne borgerrejse",
    ):
        assert "færre end 5" in _row(centre, label), label
    assert "Godt forløb" not in centre
    assert "Hent CSV" not in centre
    advisor = text_of(advisor_client.get(f"/borgerrejser/{round_id}/resultater"))
    assert _row(advisor, "Besvarelser").startswith("<td>3 ")
    assert "67" in _row(advisor, "Denne borgerrejse")  # (100+100+0)/3
    assert "Godt forløb" not in advisor  # raw text is not on the dashboard


def test_k_comes_from_config(
    app: Flask, login_as: Callable[..., FlaskClient], make_round: Callable[..., int]
) -> None:
    app.config["MIN_GROUP_SIZE"] = 3
    round_id = make_round("CSI", state="aaben")
    add_responses(app, round_id, _answers(["5", "5"]))
    centre = text_of(login_as("centre", "CSI").get(f"/borgerrejser/{round_id}/resultater"))
    assert "færre end 3" in _row(centre, "Besvarelser")
    assert "færre end 5" not in centre


def test_centre_dashboard_across_rounds(
    app: Flask,
    advisor_client: FlaskClient,
    login_as: Callable[..., FlaskClient],
    make_round: Callable[..., int],
) -> None:
    from survey.extensions import db
    from survey.models import Fagcenter

    first = make_round("CSI", state="aaben", title="Første runde")
    add_responses(app, first, _answers(["3"] * 6))
    second = make_round("CSI", state="aaben", title="Anden runde")
    add_responses(app, second, _answers(["5"] * 2))
    with app.app_context():
        centre_id = db.session.scalar(select(Fagcenter.id).where(Fagcenter.code == "CSI"))
        other_id = db.session.scalar(select(Fagcenter.id).where(Fagcenter.code == "CSO"))
    centre = login_as("centre", "CSI")
    html = text_of(centre.get(f"/fagcentre/{centre_id}"))
    assert "Første runde" in html and "Anden runde" in html
    responses = _row(html, "Besvarelser")
    assert "<td>6</td>" in responses and "færre end 5" in responses
    index = _row(html, "Procesretfærdighed (0–100)")
    assert "<td>50</td>" in index and "færre end 5" in index
    s07 = _row(html, "S07: Jeg blev behandlet med respekt.")
    assert "<td>3,0</td>" in s07 and "færre end 5" in s07
    assert centre.get(f"/fagcentre/{other_id}").status_code == 404
    assert centre.get(f"/fagcentre/{centre_id}/rediger").status_code == 404
    assert login_as("management").get(f"/fagcentre/{centre_id}").status_code == 404
    advisor = text_of(advisor_client.get(f"/fagcentre/{centre_id}"))
    assert "<td>5,0 <span" in _row(advisor, "S07: Jeg blev behandlet med respekt.")


# --------------------------------------------------------------------------- export


def _export(client: FlaskClient, round_id: int) -> tuple[bytes, list[list[str]]]:
    response = post(client, f"/borgerrejser/{round_id}/eksport.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    return body, rows


def test_export_csv_without_free_text_until_analysed(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    from survey.extensions import db
    from survey.models import AuditEvent, FreeText

    round_id = make_round("CSI", state="aaben")
    add_responses(
        app,
        round_id,
        [
            {"S01": "4", "S09": "ja", "F01": "tlf", "S12": "Anna Jensen var sød."},
            {"S01": "vi", "S13": '=HYPERLINK("http://x")'},
        ],
        language="en",
    )
    with app.app_context():
        # As if the analysis had not run yet (it normally runs when responses are released).
        for text in db.session.scalars(select(FreeText)):
            text.anonymised_text = None
            text.analyser_version = None
        db.session.commit()
    body, rows = _export(advisor_client, round_id)
    assert body.startswith(b"\xef\xbb\xbf")
    header = rows[0]
    assert header[:3] == ["kanal", "sprog", "maaned"]
    assert "S01" in header and "F01" in header and "S12" not in header
    assert len(rows) == 3
    assert {r[header.index("S01")] for r in rows[1:]} == {"4", "vi"}
    assert all(re.fullmatch(r"\d{4}-\d{2}", r[2]) for r in rows[1:])
    assert all(r[0] == "web" and r[1] == "en" for r in rows[1:])
    assert b"Anna" not in body

    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")))
        assert [(e.target, e.detail) for e in events] == [
            (f"borgerrejse:{round_id}", "csv; rækker=2")
        ]
        for text in db.session.scalars(select(FreeText)):
            text.anonymised_text = (
                "[NAVN] var sød." if text.raw_text.startswith("Anna") else text.raw_text
            )
            text.analyser_version = "test-1"
        db.session.commit()

    body, rows = _export(advisor_client, round_id)
    header = rows[0]
    assert "S12" in header and "S13" in header and "S14" in header
    texts = {r[header.index("S12")] for r in rows[1:]} | {r[header.index("S13")] for r in rows[1:]}
    assert "[NAVN] var sød." in texts
    assert '\'=HYPERLINK("http://x")' in texts  # CSV injection escaped
    assert b"Anna" not in body


def test_export_escapes_dangerous_cells() -> None:
    from survey.rounds.export import safe_cell

    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+45 12345678") == "'+45 12345678"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Helt fint") == "Helt fint"
    assert safe_cell("") == ""


# --------------------------------------------------------------------------- participation


def _set_statuses(app: Flask, round_id: int, statuses: list[str]) -> None:
    from survey.extensions import db
    from survey.models import Invitation, InvitationStatus

    with app.app_context():
        invitations = list(db.session.scalars(
            select(Invitation).where(Invitation.borgerrejse_id == round_id).order_by(Invitation.id)
        ))
        for invitation, status in zip(invitations, statuses, strict=True):
            invitation.status = InvitationStatus(status)
        db.session.commit()


def _cell(html: str, cell_id: str) -> int:
    match = re.search(rf'<td id="{cell_id}">(\d+)</td>', html)
    assert match, cell_id
    return int(match.group(1))


def test_round_page_and_invitation_page_count_invitations_alike(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int],
    make_invitations: Callable[..., list[object]],
) -> None:
    round_id = make_round("CSI", state="aaben")
    make_invitations(round_id, 6)
    _set_statuses(app, round_id, ["ikke_sendt", "sendt", "paamindet", "paamindet", "brugt",
                                  "brugt"])
    invitations = text_of(advisor_client.get(f"/borgerrejser/{round_id}/invitationer/"))
    for url in (f"/borgerrejser/{round_id}", f"/borgerrejser/{round_id}/resultater"):
        page = text_of(advisor_client.get(url))
        assert _row(page, "Inviterede") == f"<td>{_cell(invitations, 'antal-lavet')}</td>"
        assert _row(page, "Ikke sendt (kun links)") == (
            f"<td>{_cell(invitations, 'antal-ikke-sendt')}</td>")
        pending = _cell(invitations, "antal-sendt") + _cell(invitations, "antal-paamindet")
        assert _row(page, "Sendt/påmindet (endnu ikke besvaret)") == f"<td>{pending}</td>"
        assert _row(page, "Brugt (besvaret med link eller kode)") == (
            f"<td>{_cell(invitations, 'antal-brugt')}</td>")
        assert '<th scope="row">Sendt</th>' not in page  # the ambiguous label is gone
    assert (_cell(invitations, "antal-lavet"), pending) == (6, 3)


def test_rate_divides_only_web_answers_by_invitations(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int],
    make_invitations: Callable[..., list[object]],
) -> None:
    from survey.citizen.operations import hold, release_held_responses
    from survey.extensions import db
    from survey.models import Channel

    round_id = make_round("CSI", state="aaben")
    make_invitations(round_id, 10)
    add_responses(app, round_id, _answers(["4"] * 6))
    with app.app_context():
        for channel in (Channel.INTERVIEW, Channel.PAPIR) * 3:
            hold(round_id, channel, "da", {"S07": "3"})
        release_held_responses(round_id, force=True)
        db.session.commit()
    empty = make_round("CSO", state="aaben")  # answers, but no invitations at all
    add_responses(app, empty, _answers(["4"] * 7))
    page = text_of(advisor_client.get(f"/borgerrejser/{round_id}/resultater"))
    assert _row(page, "Besvarelser") == "<td>12</td>"
    assert _row(page, "Svarprocent (web-svar af inviterede)") == "<td>60 %</td>"
    other = text_of(advisor_client.get(f"/borgerrejser/{empty}"))
    assert _row(other, "Svarprocent (web-svar af inviterede)") == "<td>–</td>"


def test_open_dashboard_explains_when_held_answers_are_released(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int],
) -> None:
    from survey.citizen.operations import hold
    from survey.extensions import db
    from survey.models import Channel

    round_id = make_round("CSI", state="aaben")
    with app.app_context():
        hold(round_id, Channel.WEB, "da", {"S07": "4"})
        hold(round_id, Channel.WEB, "da", {"S07": "5"})
        db.session.commit()
    page = " ".join(text_of(advisor_client.get(f"/borgerrejser/{round_id}/resultater")).split())
    assert "2 besvarelser venter stadig på at blive lagt over til analysen" in page
    assert ("Svarene lægges over, når der er mindst 5, så ingen kan se, hvem der svarede hvad "
            "– og senest når borgerrejsen lukkes.") in page


# --------------------------------------------------------------------------- code book


def test_codebook_explains_every_column_and_code(
    app: Flask, advisor_client: FlaskClient, login_as: Callable[..., FlaskClient],
    make_round: Callable[..., int],
) -> None:
    round_id = make_round("CSI", state="aaben")
    dashboard = text_of(advisor_client.get(f"/borgerrejser/{round_id}/resultater"))
    assert f'href="/borgerrejser/{round_id}/kodebog.csv"' in dashboard
    assert "<code>vi</code> betyder »ved ikke«" in dashboard
    response = advisor_client.get(f"/borgerrejser/{round_id}/kodebog.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["kolonne", "spoergsmaal", "svartype", "vaerdi", "betydning"]
    meaning = {(r[0], r[3]): r[4] for r in rows[1:]}
    assert meaning[("S01", "1")] == "Helt uenig" and meaning[("S01", "5")] == "Helt enig"
    assert meaning[("S01", "vi")] == "Ved ikke"
    assert meaning[("S09", "ja")] == "Ja" and meaning[("S09", "vi")] == "Ved ikke"
    assert meaning[("F01", "tlf")] == "Telefon" and meaning[("F01", "moede")] == "Møde"
    assert meaning[("kanal", "papir")].startswith("Papir")
    s01 = next(r for r in rows if r[0] == "S01")
    assert s01[2] == "Enig/uenig (1–5)" and s01[1]
    # every column of the export is explained
    export = post(advisor_client, f"/borgerrejser/{round_id}/eksport.csv").get_data()
    header = next(csv.reader(io.StringIO(export.decode("utf-8-sig")), delimiter=";"))
    assert set(header) <= {r[0] for r in rows[1:]}
    assert login_as("centre", "CSI").get(
        f"/borgerrejser/{round_id}/kodebog.csv").status_code == 404

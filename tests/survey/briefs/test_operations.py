"""Assembling brief data: figures through analysis.aggregate, notification on report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token

from .conftest import likert


def test_figures_follow_the_small_number_rule(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
) -> None:
    round_id = make_round(state="aaben")

    def answers(i: int) -> dict[str, str]:
        values = likert(i)
        values["S01"] = "5" if i < 18 else ("4" if i < 20 else "1")  # 18×5, 2×4, 2×1
        return values

    seed_answers(round_id, 22, answers)
    seed_answers(round_id, 3, lambda i: {**likert(i), "S01": "5"}, channel="interview")
    from survey.briefs.operations import build_brief
    from survey.extensions import db
    from survey.models import Borgerrejse

    with app.app_context():
        data = build_brief(db.session.get(Borgerrejse, round_id))
    s01 = next(q for q in data.questions if q.code == "S01")
    cells = {c.code: c for c in s01.cells}
    assert s01.n.text() == "25"
    assert cells["4"].count.suppressed and cells["1"].count.suppressed
    assert cells["4"].count.text() == "færre end 5"
    assert cells["3"].count.text() == "0"
    assert not cells["5"].count.suppressed and cells["5"].count.text() == "21"
    assert data.participation.answered.text() == "25"
    channels = {c.code: c for c in data.participation.channels}
    # interview (3) is hidden; papir is 0, so complementary suppression hides web too
    assert channels["interview"].count.text() == "færre end 5"
    assert channels["web"].count.suppressed and channels["papir"].count.text() == "0"
    assert data.index.current.visible is not None
    assert [g.number for g in data.principles] == [1, 2, 3, 4]
    assert {q.code for q in data.principles[0].questions} >= {"S01", "S02", "S03"}
    assert data.focus and data.focus[0].question.kind == "choice"


def test_notify_reported_writes_outbox_mail_to_centre_and_management(
    app: Flask, make_round: Callable[..., int], make_user: Callable[..., int],
    advisor_client: FlaskClient, tmp_path: Path,
) -> None:
    make_user("centre", "CSI", email="kontakt@csi.test.dk")
    make_user("centre", "CSO", email="kontakt@cso.test.dk")
    make_user("management", email="chef@ledelse.test.dk")
    round_id = make_round(state="lukket")
    outbox = Path(app.config["OUTBOX_DIR"])
    before = set(outbox.glob("*.eml")) if outbox.exists() else set()
    page = advisor_client.get(f"/borgerrejser/{round_id}/afrapporter")
    assert page.status_code == 200
    response = advisor_client.post(f"/borgerrejser/{round_id}/afrapporter",
                                   data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code in (302, 303)
    files = sorted(set(outbox.glob("*.eml")) - before)
    recipients = {message_from_bytes(f.read_bytes())["To"] for f in files}
    assert recipients == {"kontakt@csi.test.dk", "chef@ledelse.test.dk"}
    body = message_from_bytes(files[0].read_bytes()).get_payload(decode=True).decode()
    assert f"/briefs/{round_id}" in body and "afrapporteret" in body


def test_annual_data_groups_per_centre(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
) -> None:
    csi = make_round(state="aaben")
    cso = make_round(centre="CSO", state="aaben")
    seed_answers(csi, 12, likert)
    seed_answers(cso, 3, likert)
    from survey.briefs.operations import build_annual

    with app.app_context():
        data = build_annual(dt.date.today().year)
    rows = {r.centre_code: r for r in data.centres}
    assert rows["CSI"].answered.text() == "12" and rows["CSI"].rounds == 1
    assert rows["CSO"].answered.text() == "færre end 5"
    assert rows["CBB"].rounds == 0
    assert data.total_answered.text() == "15"
    assert data.preliminary

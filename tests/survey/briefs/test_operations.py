"""Assembling brief data: figures through analysis.aggregate, notification on report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token

from .conftest import SAME_QUOTE, THEMELESS, likert


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
    # interview (3) is hidden; papir is 0, so complementary suppression hides web too – and
    # web (22) must not be called "færre end 5"
    assert channels["interview"].count.text() == "færre end 5"
    assert channels["web"].count.suppressed and channels["papir"].count.text() == "0"
    assert channels["web"].count.secondary and channels["web"].count.text() == "skjult"
    # no invitations at all: the rate is undefined, not 100 % or more
    assert data.participation.rate.text() == "–"
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


def _invite(app: Flask, round_id: int, count: int) -> None:
    from survey.extensions import db
    from survey.invitations.operations import issue_invitations
    from survey.models import Borgerrejse

    with app.app_context():
        issue_invitations(db.session.get(Borgerrejse, round_id), count=count)
        db.session.commit()


def test_response_rate_counts_web_answers_of_rounds_with_invitations_only(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
) -> None:
    # An earlier round: 30 answers entered without any invitation (as in the demo).
    earlier = make_round(state="aaben", title="Tidligere")
    seed_answers(earlier, 30, likert)
    # This round: 10 invitations, 6 web answers, 4 interview and 3 paper answers.
    current = make_round(state="aaben", title="Nu")
    _invite(app, current, 10)
    seed_answers(current, 6, likert)
    seed_answers(current, 4, likert, channel="interview")
    seed_answers(current, 3, likert, channel="papir")
    from survey.briefs.operations import build_annual, build_brief
    from survey.extensions import db
    from survey.models import Borgerrejse

    with app.app_context():
        brief = build_brief(db.session.get(Borgerrejse, current))
        earlier_brief = build_brief(db.session.get(Borgerrejse, earlier))
        annual = build_annual(dt.date.today().year)
    assert brief.participation.answered.text() == "13"
    assert brief.participation.rate.text() == "60 %"  # 6 web / 10 invited, not 13/10
    assert earlier_brief.participation.rate.text() == "–"
    csi = next(r for r in annual.centres if r.centre_code == "CSI")
    assert csi.answered.text() == "43" and csi.invited.text() == "10"
    assert csi.rate.text() == "60 %"  # not 43/10 = 430 %
    assert annual.total_rate.text() == "60 %"
    cso = next(r for r in annual.centres if r.centre_code == "CSO")
    assert cso.rate.text() == "–"


def test_held_web_answers_count_in_the_rate(
    app: Flask, make_round: Callable[..., int],
) -> None:
    round_id = make_round(state="aaben")
    _invite(app, round_id, 8)
    from survey.briefs.operations import build_brief
    from survey.citizen.operations import hold
    from survey.extensions import db
    from survey.models import Borgerrejse, Channel

    with app.app_context():
        for _ in range(6):
            hold(round_id, Channel.WEB, "da", {"S01": "4"})
        hold(round_id, Channel.INTERVIEW, "da", {"S01": "4"})
        db.session.commit()
        data = build_brief(db.session.get(Borgerrejse, round_id))
    assert data.participation.held == 7
    assert data.participation.rate.text() == "75 %"


def test_quotes_are_deduplicated_and_themeless_ones_become_other_quotes(
    app: Flask, quotes_round: int,
) -> None:
    from survey.briefs.operations import build_brief
    from survey.extensions import db
    from survey.models import Borgerrejse

    with app.app_context():
        data = build_brief(db.session.get(Borgerrejse, quotes_round))
    theme = next(t for t in data.themes if t.key == "kommunikation")
    assert [q.text for q in theme.quotes] == [SAME_QUOTE]
    others = [q.text for q in data.other_quotes]
    # free texts are kept in random order (ids), so any five of the seven
    assert len(others) == 5 and set(others) <= {THEMELESS.format(i) for i in range(2, 9)}
    assert data.other_quotes_more == 2
    everything = [q.text for t in data.themes for q in t.quotes] + others
    assert len(everything) == len(set(everything))


def test_brief_and_dashboard_agree_on_complementary_suppression(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
) -> None:
    round_id = make_round(state="aaben")

    def answers(i: int) -> dict[str, str]:
        values = likert(i)
        values["S01"] = "1" if i < 3 else ("vi" if i < 9 else "5")  # 3×1, 6×vi, 21×5
        return values

    seed_answers(round_id, 30, answers)
    from survey.briefs.operations import build_brief
    from survey.extensions import db
    from survey.models import Borgerrejse
    from survey.rounds.stats import round_figures

    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        brief = {c.code: c for c in next(q for q in build_brief(rnd).questions
                                         if q.code == "S01").cells}
        dash = {c.code: c for c in next(f for f in round_figures(rnd).questions
                                        if f.question.code == "S01").cells}
    for cells in (brief, dash):
        assert cells["1"].count.text() == "færre end 5" and cells["1"].count.reason == "small"
        assert cells["vi"].count.text() == "skjult" and cells["vi"].count.secondary
        assert cells["vi"].share.text() == "skjult"
        assert cells["vi"].count.text(reveal=True) == "6"

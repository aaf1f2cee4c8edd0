from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from survey.extensions import db
from survey.invitations.operations import RecipientData, issue_invitations
from survey.models import (
    AuditEvent,
    Borgerrejse,
    Channel,
    Draft,
    FreeText,
    Invitation,
    Question,
    QuestionKind,
    QuestionOrigin,
    Recipient,
    Response,
    utcnow,
)
from survey.purge import purge


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _round_with_people(round_id: int, n: int = 2) -> list[int]:
    rnd = db.session.get(Borgerrejse, round_id)
    issued = issue_invitations(
        rnd, recipients=[RecipientData(f"Navn {i}", f"Vej {i}") for i in range(n)]
    )
    return [i.invitation_id for i in issued]


def _free_text(round_id: int, raw: str) -> uuid.UUID:
    question = db.session.scalars(
        select(Question).where(
            Question.borgerrejse_id == round_id, Question.kind == QuestionKind.TEXT
        )
    ).first()
    assert question is not None
    response = Response(
        borgerrejse_id=round_id, channel=Channel.WEB, language="da", submitted_on=dt.date.today()
    )
    text = FreeText(question=question, raw_text=raw, anonymised_text="[NAVN] var sød")
    response.free_texts.append(text)
    db.session.add(response)
    db.session.flush()
    return text.id


def test_purge_deletes_what_has_outlived_its_purpose(
    app: Flask, make_round: Callable[..., int]
) -> None:
    open_id = make_round()
    closed_id = make_round(state="lukket")
    reported_id = make_round(state="afrapporteret")
    recent_reported_id = make_round(state="afrapporteret")
    outbox = Path(app.config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    old_file, new_file = outbox / "old.eml", outbox / "new.eml"
    old_file.write_text("x")
    new_file.write_text("y")
    old = time.time() - 40 * 86400
    os.utime(old_file, (old, old))
    with app.app_context():
        from survey.models import RoundState

        open_invitations = _round_with_people(open_id)
        for rid in (closed_id, reported_id):
            rnd = db.session.get(Borgerrejse, rid)
            rnd.state = RoundState.KLADDE  # issue, then restore the state
            _round_with_people(rid)
            rnd.state = RoundState.LUKKET if rid == closed_id else RoundState.AFRAPPORTERET
        # Drafts: one fresh and one stale in the open round, one in the closed round.
        fresh, stale = (db.session.get(Invitation, i) for i in open_invitations)
        db.session.add(Draft(invitation=fresh, answers={"S01": "4"}))
        db.session.add(
            Draft(
                invitation=stale, answers={"S01": "2"}, updated_at=utcnow() - dt.timedelta(days=100)
            )
        )
        closed_invitation = db.session.scalars(
            select(Invitation).where(Invitation.borgerrejse_id == closed_id)
        ).first()
        db.session.add(Draft(invitation=closed_invitation, answers={"S01": "3"}))
        db.session.flush()
        # Stale draft: bypass onupdate by setting the time after the insert.
        db.session.execute(
            Draft.__table__.update()
            .where(Draft.invitation_id == stale.id)
            .values(updated_at=utcnow() - dt.timedelta(days=100))
        )
        # Raw free text: one round reported 40 days ago, one reported yesterday.
        db.session.get(Borgerrejse, reported_id).reported_at = utcnow() - dt.timedelta(days=40)
        db.session.get(Borgerrejse, recent_reported_id).reported_at = utcnow() - dt.timedelta(
            days=1
        )
        has_text = any(
            q.kind is QuestionKind.TEXT for q in db.session.get(Borgerrejse, reported_id).questions
        )
        if not has_text:
            for rid in (reported_id, recent_reported_id):
                db.session.add(
                    Question(
                        borgerrejse_id=rid,
                        code="T99",
                        position=99,
                        origin=QuestionOrigin.STANDARD,
                        kind=QuestionKind.TEXT,
                        text_da="Fortæl",
                        text_en="Tell",
                    )
                )
            db.session.flush()
        old_text = _free_text(reported_id, "Sagsbehandler Hans var sød")
        recent_text = _free_text(recent_reported_id, "Jens hjalp mig")
        db.session.commit()

        report = purge()
        db.session.commit()
        assert report.recipients == 4
        assert report.drafts == 2
        assert report.outbox_files == 1
        assert report.raw_texts == 1
        assert _count(Recipient) == 2  # the open round's
        assert {r.invitation_id for r in db.session.scalars(select(Recipient))} == set(
            open_invitations
        )
        assert [d.invitation_id for d in db.session.scalars(select(Draft))] == [fresh.id]
        assert not old_file.exists() and new_file.exists()
        purged = db.session.get(FreeText, old_text)
        assert purged.raw_text is None and purged.raw_deleted_at is not None
        assert purged.anonymised_text == "[NAVN] var sød"
        assert db.session.get(FreeText, recent_text).raw_text == "Jens hjalp mig"
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "purge")).one()
        assert "kontaktdata=4" in event.detail and "Navn" not in event.detail

        again = purge()
        db.session.commit()
        assert (again.recipients, again.drafts, again.outbox_files, again.raw_texts) == (0, 0, 0, 0)
        assert _count(Recipient) == 2


def test_purge_command_prints_counts_and_is_idempotent(
    app: Flask, runner: FlaskCliRunner, make_round: Callable[..., int]
) -> None:
    closed_id = make_round(state="lukket")
    with app.app_context():
        from survey.models import RoundState

        rnd = db.session.get(Borgerrejse, closed_id)
        rnd.state = RoundState.KLADDE
        _round_with_people(closed_id, 3)
        rnd.state = RoundState.LUKKET
        db.session.commit()
    first = runner.invoke(args=["purge"])
    assert first.exit_code == 0, first.output
    assert "Kontaktdata slettet: 3" in first.output
    second = runner.invoke(args=["purge"])
    assert second.exit_code == 0
    assert "Kontaktdata slettet: 0" in second.output
    with app.app_context():
        assert _count(Recipient) == 0
        assert _count(Invitation) == 3  # invitations stay (counts), only contact data goes

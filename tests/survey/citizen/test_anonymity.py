"""No response can be linked to an invitation: not by keys, order, time or transaction id."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from survey.citizen.operations import find_by_token, release_held_responses, submit
from survey.extensions import db
from survey.models import Answer, FreeText, HeldResponse, Invitation, Response


def _submit_all(app, issued, answers):
    with app.app_context():
        for item in issued:
            invitation = find_by_token(item.token)
            assert submit(invitation, answers, "da").accepted
            db.session.commit()  # as the citizen view does: durable before the release
            release_held_responses(invitation.borgerrejse_id)
            db.session.commit()


def test_released_rows_share_no_transaction_id_with_invitations(app, backend, make_round,
                                                               make_invitations):
    if backend != "postgresql":
        pytest.skip("transaction ids (xmin) exist only on PostgreSQL")
    round_id = make_round()
    issued = make_invitations(round_id, 5)
    _submit_all(app, issued, {"S01": "4", "S13": "Det tog lang tid"})
    with app.app_context():
        invitation_xids = set(db.session.scalars(
            text("SELECT xmin::text FROM invitation WHERE borgerrejse_id = :r"), {"r": round_id}))
        response_xids = set(db.session.scalars(
            text("SELECT xmin::text FROM response WHERE borgerrejse_id = :r"), {"r": round_id}))
        answer_xids = set(db.session.scalars(text("SELECT xmin::text FROM answer")))
        text_xids = set(db.session.scalars(text("SELECT xmin::text FROM free_text")))
        assert len(response_xids) == 1  # one shuffled batch
        assert not invitation_xids & (response_xids | answer_xids | text_xids)


def test_release_waits_for_k_and_leaves_nothing_linkable(app, make_round, make_invitations):
    round_id = make_round()
    issued = make_invitations(round_id, 5)
    _submit_all(app, issued[:4], {"S01": "2"})
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Response.id))) == 0
        assert db.session.scalar(select(db.func.count(HeldResponse.id))) == 4
    _submit_all(app, issued[4:], {"S01": "5"})
    with app.app_context():
        assert db.session.scalar(select(db.func.count(HeldResponse.id))) == 0
        responses = list(db.session.scalars(select(Response)))
        assert len(responses) == 5
        assert all(r.id.version == 4 for r in responses)
        invitation_ids = {str(i) for i in db.session.scalars(select(Invitation.id))}
        for table in (Response, Answer, FreeText):
            columns = set(table.__table__.columns.keys())
            assert not columns & {"invitation_id", "created_at", "token_hash"}
        assert all(str(r.id) not in invitation_ids for r in responses)

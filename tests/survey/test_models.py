from __future__ import annotations

import pytest
from sqlalchemy import inspect

from survey.extensions import db
from survey.models import Borgerrejse, RoundState, TransitionError


def test_round_transitions_are_guarded(app, make_round):
    round_id = make_round(state="kladde")
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        with pytest.raises(TransitionError):
            rnd.close()
        with pytest.raises(TransitionError):
            rnd.report()
        rnd.open()
        assert rnd.state is RoundState.AABEN
        assert rnd.questions_locked
        with pytest.raises(TransitionError, match="kladde"):
            rnd.open()
        rnd.close()
        rnd.report()
        assert rnd.state is RoundState.AFRAPPORTERET


def test_round_without_questions_cannot_open(app, make_round):
    round_id = make_round(state="kladde")
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        rnd.questions.clear()
        with pytest.raises(TransitionError, match="ingen spørgsmål"):
            rnd.open()


def test_unapproved_focus_question_blocks_opening(app, make_round):
    round_id = make_round(state="kladde")
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        rnd.questions[-1].approved = False
        with pytest.raises(TransitionError, match="fokusspørgsmål"):
            rnd.open()


def test_no_path_from_response_tables_to_invitations(app):
    """Anonymity by schema: no foreign key chain leads from answers to invitations/recipients."""
    with app.app_context():
        inspector = inspect(db.engine)
        answer_side = ["response", "answer", "free_text", "held_response"]
        forbidden = {"invitation", "recipient", "draft"}
        for table in answer_side:
            seen: set[str] = set()
            stack = [table]
            while stack:
                current = stack.pop()
                for fk in inspector.get_foreign_keys(current):
                    target = fk["referred_table"]
                    assert target not in forbidden, f"{current} → {target}"
                    if target not in seen:
                        seen.add(target)
                        stack.append(target)
            columns = {c["name"] for c in inspector.get_columns(table)}
            assert not columns & {"invitation_id", "token_hash", "code_hash", "recipient_id",
                                  "created_at", "ip", "user_agent"}

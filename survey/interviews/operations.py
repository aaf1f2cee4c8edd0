"""Writes for interviews and paper answers (flush only; the request or command commits).

Both reuse the citizen's anonymity path: ``hold`` writes a ``HeldResponse`` (no key to anyone)
and ``release_held_responses`` moves held responses to the response tables in shuffled batches
of at least k, where the analysis pipeline runs on them. Nothing here stores who answered; the
audit log gets the action and counts only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete

from .. import audit
from ..citizen.forms import QuestionView, split_steps
from ..citizen.operations import hold, release_held_responses
from ..extensions import db
from ..models import Borgerrejse, Channel, RoundState, TransitionError, UsedFormNonce
from ..tokens import hash_secret

# Used nonces are kept this long; a form's nonce only lives in a session of at most 8 hours.
NONCE_KEEP_DAYS = 2
IMPORT_STATES = (RoundState.AABEN, RoundState.LUKKET)


def questions_in_order(rnd: Borgerrejse) -> list[QuestionView]:
    """The approved questions in the citizen's order (closed first, then free text)."""
    steps = split_steps([q for q in rnd.questions if q.approved])
    return [q for step in steps for q in step.questions]


# --------------------------------------------------------------------------- one-time nonces


def nonce_used(nonce: str) -> bool:
    return db.session.get(UsedFormNonce, hash_secret(nonce)) is not None


def consume_nonce(nonce: str) -> bool:
    """Mark a form nonce as used; False when it already was (a double submit).

    ``INSERT … ON CONFLICT DO NOTHING``: a concurrent second request waits for the first one's
    transaction and then inserts nothing, so exactly one of them gets True.
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    today = dt.date.today()
    stmt = (
        insert(UsedFormNonce)
        .values(nonce_hash=hash_secret(nonce), used_on=today)
        .on_conflict_do_nothing(index_elements=["nonce_hash"])
        .returning(UsedFormNonce.nonce_hash)
    )
    # RETURNING, not rowcount: some drivers report -1 for ON CONFLICT statements.
    inserted = db.session.execute(stmt).scalar() is not None
    if inserted:
        cutoff = today - dt.timedelta(days=NONCE_KEEP_DAYS)
        db.session.execute(delete(UsedFormNonce).where(UsedFormNonce.used_on < cutoff))
    return inserted


# --------------------------------------------------------------------------- interviews


def ensure_accepts_interviews(rnd: Borgerrejse) -> None:
    if not rnd.accepts_answers:
        raise TransitionError(
            "Der kan kun optages interview, mens borgerrejsen er åben. "
            f"Borgerrejsen har status »{rnd.state.label}«."
        )


def record_interview(rnd: Borgerrejse, answers: dict[str, str], language: str) -> int:
    """Hold an interview's answers (channel interview) and release if a batch is full.

    Returns how many held responses were released now (0 while fewer than k wait).
    """
    ensure_accepts_interviews(rnd)
    hold(rnd.id, Channel.INTERVIEW, language, answers)
    released = release_held_responses(rnd.id)
    audit.record("interview_recorded", target=f"borgerrejse:{rnd.id}")
    return released


# --------------------------------------------------------------------------- paper answers


def ensure_can_import(rnd: Borgerrejse) -> None:
    if rnd.state not in IMPORT_STATES:
        raise TransitionError(
            "Papirsvar kan kun indlæses, når borgerrejsen er åben eller lukket. "
            f"Borgerrejse {rnd.id} har status »{rnd.state.label}«."
        )


@dataclass(frozen=True)
class ImportResult:
    count: int
    released: int


def import_paper_responses(
    rnd: Borgerrejse, rows: list[dict[str, str]], language: str, source: str
) -> ImportResult:
    """Hold every row (channel papir) and release; forced when the round is already closed."""
    ensure_can_import(rnd)
    for answers in rows:
        hold(rnd.id, Channel.PAPIR, language, answers)
    released = release_held_responses(rnd.id, force=rnd.state is RoundState.LUKKET)
    audit.record(
        "paper_responses_imported", target=f"borgerrejse:{rnd.id}",
        detail=f"besvarelser={len(rows)}; kilde={source}",
    )
    return ImportResult(count=len(rows), released=released)

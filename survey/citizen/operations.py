"""The citizen's side: finding an invitation, drafts, submitting, releasing held responses.

Anonymity: submitting consumes the invitation and writes a ``HeldResponse`` that has no key to
it. Held responses are moved to ``Response``/``Answer``/``FreeText`` rows with fresh random
keys, in shuffled batches of at least ``RELEASE_BATCH_SIZE`` (and all of them when the round
closes), so neither ids, order, timestamps nor PostgreSQL transaction ids link the two.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import (
    Answer,
    Borgerrejse,
    Channel,
    Draft,
    FreeText,
    HeldResponse,
    Invitation,
    InvitationStatus,
    QuestionKind,
    Response,
    RoundState,
    utcnow,
)
from ..tokens import hash_secret, matches, normalise_code

_rng = random.SystemRandom()


class InvitationState(Enum):
    OK = "ok"
    USED = "brugt"
    EXPIRED = "udloebet"
    CLOSED = "lukket"
    NOT_OPEN = "ikke_aaben"


def _with_survey() -> list[Any]:
    """Load what every survey page needs with the invitation (2 queries instead of 5)."""
    return [
        joinedload(Invitation.draft),
        joinedload(Invitation.borgerrejse).joinedload(Borgerrejse.fagcenter),
        joinedload(Invitation.borgerrejse).selectinload(Borgerrejse.questions),
    ]


def get_invitation(invitation_id: int) -> Invitation | None:
    return db.session.get(Invitation, invitation_id, options=_with_survey())


def find_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 128:
        return None
    digest = hash_secret(token)
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == digest).options(*_with_survey())
    )
    if invitation is None or not matches(token, invitation.token_hash):
        return None
    return invitation


def find_by_code(typed: str) -> Invitation | None:
    code = normalise_code(typed)
    if code is None:
        return None
    digest = hash_secret(code)
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.code_hash == digest).options(*_with_survey())
    )
    if invitation is None or invitation.code_hash is None:
        return None
    if not matches(code, invitation.code_hash):
        return None
    return invitation


def invitation_state(invitation: Invitation) -> InvitationState:
    if invitation.status is InvitationStatus.BRUGT:
        return InvitationState.USED
    rnd = invitation.borgerrejse
    if rnd.state in (RoundState.LUKKET, RoundState.AFRAPPORTERET):
        return InvitationState.CLOSED
    if invitation.is_expired():
        return InvitationState.EXPIRED
    if rnd.state is not RoundState.AABEN:
        return InvitationState.NOT_OPEN
    return InvitationState.OK


def save_draft(invitation: Invitation, answers: dict[str, Any], language: str, step: int) -> Draft:
    draft = invitation.draft
    if draft is None:
        draft = Draft(invitation=invitation, answers={}, language=language, step=step)
        db.session.add(draft)
    merged = dict(draft.answers or {})
    merged.update(answers)
    draft.answers = {k: v for k, v in merged.items() if v not in (None, "")}
    draft.language = language
    draft.step = step
    db.session.flush()
    return draft


@dataclass(frozen=True)
class SubmitResult:
    accepted: bool  # False: the invitation had already been used (double submit)


def submit(invitation: Invitation, answers: dict[str, str], language: str) -> SubmitResult:
    """Consume the invitation and hold the answers, atomically; exactly once under races."""
    consumed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.status != InvitationStatus.BRUGT)
        .values(status=InvitationStatus.BRUGT)
        .execution_options(synchronize_session=False)
    )
    if consumed.rowcount != 1:
        return SubmitResult(accepted=False)
    db.session.execute(delete(Draft).where(Draft.invitation_id == invitation.id))
    hold(invitation.borgerrejse_id, Channel.WEB, language, answers)
    db.session.expire(invitation)
    return SubmitResult(accepted=True)


def hold(round_id: int, channel: Channel, language: str, answers: dict[str, str]) -> None:
    clean = {k: v for k, v in answers.items() if isinstance(v, str) and v.strip()}
    db.session.add(
        HeldResponse(
            id=uuid.uuid4(), borgerrejse_id=round_id, channel=channel, language=language,
            submitted_on=dt.date.today(), answers=clean,
        )
    )
    db.session.flush()


AfterRelease = Callable[[list[FreeText]], None]
_after_release_hooks: list[AfterRelease] = []


def on_release(hook: AfterRelease) -> AfterRelease:
    """Register work to run on newly released free texts (the analysis pipeline)."""
    if hook not in _after_release_hooks:
        _after_release_hooks.append(hook)
    return hook


def release_held_responses(round_id: int, force: bool = False) -> int:
    """Move held responses of a round to the response tables if at least k wait (or force).

    Rows are locked on PostgreSQL so two releasing requests never move the same response.
    """
    k = int(current_app.config.get("RELEASE_BATCH_SIZE", 5))
    stmt = select(HeldResponse).where(HeldResponse.borgerrejse_id == round_id)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    held = list(db.session.scalars(stmt))
    if not held or (len(held) < k and not force):
        return 0
    rnd = db.session.get(Borgerrejse, round_id)
    assert rnd is not None
    questions = {q.code: q for q in rnd.questions}
    _rng.shuffle(held)
    released_texts: list[FreeText] = []
    released = 0
    for item in held:
        # Delete first and count: only the request whose DELETE removed the row releases it
        # (SQLite has no row locks, and two requests may have read the same held rows).
        gone = db.session.execute(
            delete(HeldResponse)
            .where(HeldResponse.id == item.id)
            .execution_options(synchronize_session=False)
        )
        db.session.expunge(item)
        if gone.rowcount != 1:
            continue
        response = _materialise(item, questions)
        released_texts.extend(response.free_texts)
        released += 1
    db.session.flush()
    for hook in _after_release_hooks:
        hook(released_texts)
    return released


def _materialise(item: HeldResponse, questions: dict[str, Any]) -> Response:
    response = Response(
        id=uuid.UUID(bytes=secrets.token_bytes(16), version=4),
        borgerrejse_id=item.borgerrejse_id, channel=item.channel, language=item.language,
        submitted_on=item.submitted_on,
    )
    for code, value in sorted(item.answers.items(), key=lambda _: _rng.random()):
        question = questions.get(code)
        if question is None:
            continue
        if question.kind is QuestionKind.TEXT:
            response.free_texts.append(FreeText(question=question, raw_text=value))
        elif value in question.allowed_values():
            response.answers.append(Answer(question=question, value=value))
    db.session.add(response)
    return response


def purge_stale_drafts(older_than_days: int) -> int:
    cutoff = utcnow() - dt.timedelta(days=older_than_days)
    result = db.session.execute(delete(Draft).where(Draft.updated_at < cutoff))
    return int(result.rowcount or 0)


def set_draft_language(invitation: Invitation, language: str) -> None:
    """Remember the citizen's language choice on an existing draft."""
    draft = invitation.draft
    if draft is not None and draft.language != language:
        draft.language = language
        db.session.flush()

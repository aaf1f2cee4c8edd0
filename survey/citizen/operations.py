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
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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
    """Load what every survey page needs with the invitation, in one query: its draft, round and
    centre. The round's questions come from ``questionnaire`` (locked once the round is open)."""
    return [
        joinedload(Invitation.draft),
        joinedload(Invitation.borgerrejse).joinedload(Borgerrejse.fagcenter),
    ]


# Built once: every citizen page runs one of these, and reusing the statement object spares
# SQLAlchemy building it and computing its cache key on each request.
_BY_TOKEN = (
    select(Invitation).where(Invitation.token_hash == bindparam("digest")).options(*_with_survey())
)
_BY_CODE = (
    select(Invitation).where(Invitation.code_hash == bindparam("digest")).options(*_with_survey())
)


def get_invitation(invitation_id: int) -> Invitation | None:
    return db.session.get(Invitation, invitation_id, options=_with_survey())


def find_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 128:
        return None
    digest = hash_secret(token)
    invitation = db.session.scalar(_BY_TOKEN, {"digest": digest})
    if invitation is None or not matches(token, invitation.token_hash):
        return None
    return invitation


def find_by_code(typed: str) -> Invitation | None:
    code = normalise_code(typed)
    if code is None:
        return None
    digest = hash_secret(code)
    invitation = db.session.scalar(_BY_CODE, {"digest": digest})
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


def save_draft(invitation: Invitation, answers: dict[str, Any], language: str, step: int) -> None:
    """Merge ``answers`` into the invitation's draft and move it to ``step``.

    One upsert statement (no unit of work: a draft is written on every survey step, and two
    tabs sending the first step at once must not collide on the one-draft-per-link key).
    """
    draft = invitation.draft
    merged = dict(draft.answers or {}) if draft is not None else {}
    merged.update(answers)
    values = {
        "answers": {k: v for k, v in merged.items() if v not in (None, "")},
        "language": language,
        "step": step,
        "updated_at": utcnow(),
    }
    dialect = db.engine.dialect.name
    upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(Draft).values(
        invitation_id=invitation.id, **values
    )
    db.session.execute(
        upsert.on_conflict_do_update(index_elements=[Draft.invitation_id], set_=values)
    )
    if draft is not None:
        db.session.expire(draft)


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
    """Register work to run on newly released free texts (the analysis pipeline).

    Hooks run before the batch is written (without autoflush): what they set on the texts is
    part of the rows' INSERT; a hook that flushes writes the batch itself.
    """
    if hook not in _after_release_hooks:
        _after_release_hooks.append(hook)
    return hook


_HELD_WAITING = (
    select(func.count())
    .select_from(HeldResponse)
    .where(HeldResponse.borgerrejse_id == bindparam("round_id"))
)


def release_due(round_id: int) -> bool:
    """Whether at least k held responses of the round wait (counted without locks).

    Called in the submitting request's own transaction, before its commit: most submits find
    fewer than k and so need no second transaction at all.
    """
    k = int(current_app.config.get("RELEASE_BATCH_SIZE", 5))
    return int(db.session.scalar(_HELD_WAITING, {"round_id": round_id}) or 0) >= k


def release_held_responses(round_id: int, force: bool = False) -> int:
    """Move held responses of a round to the response tables if at least k wait (or force).

    Rows are locked on PostgreSQL so two releasing requests never move the same response.
    """
    k = int(current_app.config.get("RELEASE_BATCH_SIZE", 5))
    waiting = db.session.scalar(_HELD_WAITING, {"round_id": round_id})
    # Counted without locks first: locking rows writes to the database (and makes the commit
    # wait for the disk), which most submits, with fewer than k waiting, need not do.
    if not waiting or (waiting < k and not force):
        return 0
    stmt = select(HeldResponse).where(HeldResponse.borgerrejse_id == round_id)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    held = list(db.session.scalars(stmt))
    if not held or (len(held) < k and not force):
        return 0
    # One DELETE for the batch; only the rows this request's DELETE removed are released by it
    # (SQLite has no row locks, and two requests may have read the same held rows).
    gone = set(
        db.session.scalars(
            delete(HeldResponse)
            .where(HeldResponse.id.in_([item.id for item in held]))
            .returning(HeldResponse.id)
            .execution_options(synchronize_session=False)
        )
    )
    for item in held:
        db.session.expunge(item)
    mine = [item for item in held if item.id in gone]
    if not mine:
        return 0
    rnd = db.session.get(Borgerrejse, round_id)
    assert rnd is not None
    questions = {q.code: q for q in rnd.questions}
    _rng.shuffle(mine)
    released_texts: list[FreeText] = []
    answer_rows: list[dict[str, Any]] = []
    for item in mine:
        response = _materialise(item, questions, answer_rows)
        released_texts.extend(response.free_texts)
    # The free texts are analysed before they are written, so each row is inserted once and
    # complete; the hooks' own reads must not write half the batch meanwhile (no autoflush).
    with db.session.no_autoflush:
        for hook in _after_release_hooks:
            hook(released_texts)
    db.session.flush()  # responses and free texts, in the batch's shuffled order
    if answer_rows:  # plain rows in one statement: nothing reads them back in this request
        db.session.execute(insert(Answer), answer_rows)
    return len(mine)


def _materialise(
    item: HeldResponse, questions: dict[str, Any], answer_rows: list[dict[str, Any]]
) -> Response:
    """A response with its free texts (added to the session) and its closed answers (appended
    to ``answer_rows``, to be inserted after the responses), in a random order."""
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
            answer_rows.append({
                "id": uuid.uuid4(), "response_id": response.id, "question_id": question.id,
                "value": value,
            })
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

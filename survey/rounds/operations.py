"""Writes for rounds and their questionnaires (flush, never commit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from .. import audit
from ..citizen.operations import release_held_responses
from ..extensions import db
from ..models import (
    Borgerrejse,
    Draft,
    Fagcenter,
    Invitation,
    Question,
    QuestionKind,
    QuestionOrigin,
    Recipient,
    StandardQuestion,
    StandardSet,
    TransitionError,
)


def latest_standard_set() -> StandardSet:
    std = db.session.scalar(select(StandardSet).order_by(StandardSet.version.desc()).limit(1))
    if std is None:
        raise LookupError(
            "Der findes intet sæt af standardspørgsmål. Kør »borgerrejse demo« eller seed."
        )
    return std


def create_round(
    fagcenter: Fagcenter,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    standard_set: StandardSet | None = None,
) -> Borgerrejse:
    """A new draft round with a copy of the (latest) standard question set."""
    std = standard_set or latest_standard_set()
    rnd = Borgerrejse(
        fagcenter=fagcenter,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        standard_set_version=std.version,
    )
    db.session.add(rnd)
    for sq in std.questions:
        rnd.questions.append(
            Question(
                code=sq.code, position=sq.position, origin=QuestionOrigin.STANDARD, kind=sq.kind,
                text_da=sq.text_da, text_en=sq.text_en, theme=sq.theme, principle=sq.principle,
                options=list(sq.options or []), approved=True,
            )
        )
    db.session.flush()
    return rnd


def next_focus_code(rnd: Borgerrejse) -> str:
    count = db.session.scalar(
        select(func.count(Question.id)).where(
            Question.borgerrejse_id == rnd.id, Question.origin == QuestionOrigin.FOKUS
        )
    ) or 0
    used = {q.code for q in rnd.questions}
    n = count + 1
    while f"F{n:02d}" in used:
        n += 1
    return f"F{n:02d}"


def add_focus_question(
    rnd: Borgerrejse,
    kind: QuestionKind,
    text_da: str,
    text_en: str,
    theme: str | None = None,
    options: list[dict[str, str]] | None = None,
    approved: bool = False,
) -> Question:
    if rnd.questions_locked:
        raise TransitionError("Spørgsmålene er låst, fordi borgerrejsen er åbnet.")
    position = max((q.position for q in rnd.questions), default=0) + 1
    question = Question(
        code=next_focus_code(rnd), position=position, origin=QuestionOrigin.FOKUS, kind=kind,
        text_da=text_da.strip(), text_en=text_en.strip(), theme=theme or None,
        options=options or [], approved=approved,
    )
    rnd.questions.append(question)
    db.session.flush()
    return question


# --------------------------------------------------------------------------- questionnaire editing


def _require_draft(rnd: Borgerrejse) -> None:
    if rnd.questions_locked:
        raise TransitionError(
            "Spørgsmålene er låst, fordi borgerrejsen er åbnet. Et åbent spørgeskema kan ikke "
            "ændres, så alle svar kan sammenlignes."
        )


def _renumber(rnd: Borgerrejse) -> None:
    for position, question in enumerate(sorted(rnd.questions, key=lambda q: q.position), start=1):
        question.position = position


def update_question(
    question: Question,
    text_da: str,
    text_en: str,
    options: list[dict[str, str]] | None = None,
    theme: str | None = None,
    kind: QuestionKind | None = None,
) -> Question:
    rnd = question.borgerrejse
    _require_draft(rnd)
    question.text_da = text_da.strip()
    question.text_en = text_en.strip()
    if question.origin is QuestionOrigin.FOKUS:
        if kind is not None:
            question.kind = kind
        question.theme = theme or None
        if options is not None:
            question.options = options if question.kind is QuestionKind.CHOICE else []
    elif options is not None and question.kind is QuestionKind.CHOICE:
        question.options = options
    db.session.flush()
    audit.record("question_edited", target=f"borgerrejse:{rnd.id}", detail=question.code)
    return question


def move_question(question: Question, direction: int) -> None:
    """Swap a question with its neighbour (direction −1 up, +1 down)."""
    rnd = question.borgerrejse
    _require_draft(rnd)
    ordered = sorted(rnd.questions, key=lambda q: q.position)
    index = ordered.index(question)
    other = index + (1 if direction > 0 else -1)
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position
        db.session.flush()


def remove_question(question: Question) -> str:
    """Remove a question from this round (standard question, or reject a focus question)."""
    rnd = question.borgerrejse
    _require_draft(rnd)
    code = question.code
    rnd.questions.remove(question)
    db.session.flush()
    _renumber(rnd)
    db.session.flush()
    fokus = question.origin is QuestionOrigin.FOKUS
    action = "focus_question_rejected" if fokus else "question_removed"
    audit.record(action, target=f"borgerrejse:{rnd.id}", detail=code)
    return code


def approve_focus_question(question: Question) -> None:
    rnd = question.borgerrejse
    _require_draft(rnd)
    if question.origin is not QuestionOrigin.FOKUS:
        raise TransitionError("Kun fokusspørgsmål skal godkendes.")
    question.approved = True
    db.session.flush()
    audit.record("focus_question_approved", target=f"borgerrejse:{rnd.id}", detail=question.code)


def missing_standard_questions(rnd: Borgerrejse) -> list[StandardQuestion]:
    """Standard questions of the round's set that were removed from it."""
    std = db.session.scalar(
        select(StandardSet).where(StandardSet.version == rnd.standard_set_version)
    )
    if std is None:
        return []
    present = {q.code for q in rnd.questions}
    return [sq for sq in std.questions if sq.code not in present]


def restore_standard_question(rnd: Borgerrejse, code: str) -> Question:
    _require_draft(rnd)
    for sq in missing_standard_questions(rnd):
        if sq.code == code:
            position = max((q.position for q in rnd.questions), default=0) + 1
            question = Question(
                code=sq.code, position=position, origin=QuestionOrigin.STANDARD, kind=sq.kind,
                text_da=sq.text_da, text_en=sq.text_en, theme=sq.theme, principle=sq.principle,
                options=list(sq.options or []), approved=True,
            )
            rnd.questions.append(question)
            db.session.flush()
            audit.record("question_restored", target=f"borgerrejse:{rnd.id}", detail=code)
            return question
    raise LookupError("Standardspørgsmålet findes ikke eller er allerede med.")


# --------------------------------------------------------------------------- state changes

CloseHook = Callable[[Borgerrejse], None]
_close_hooks: list[CloseHook] = []


def on_close(hook: CloseHook) -> CloseHook:
    """Register more work to run when a round closes (after contact data is deleted)."""
    if hook not in _close_hooks:
        _close_hooks.append(hook)
    return hook


def open_round(rnd: Borgerrejse) -> None:
    rnd.open()  # TransitionError with a Danish message when blocked
    db.session.flush()
    audit.record("round_opened", target=f"borgerrejse:{rnd.id}")


@dataclass(frozen=True)
class CloseResult:
    released: int
    recipients_deleted: int
    drafts_deleted: int


def close_round(rnd: Borgerrejse) -> CloseResult:
    """Close a round: stop answers, release every held response, delete contact data and drafts.

    Links stop working because ``invitation_state`` answers CLOSED for a closed round.
    """
    rnd.close()
    db.session.flush()
    released = release_held_responses(rnd.id, force=True)
    invitation_ids = select(Invitation.id).where(Invitation.borgerrejse_id == rnd.id)
    recipients = db.session.execute(
        delete(Recipient).where(Recipient.invitation_id.in_(invitation_ids))
    )
    drafts = db.session.execute(delete(Draft).where(Draft.invitation_id.in_(invitation_ids)))
    for invitation in rnd.invitations:
        db.session.expire(invitation, ["recipient", "draft"])
    result = CloseResult(
        released=released,
        recipients_deleted=int(recipients.rowcount or 0),
        drafts_deleted=int(drafts.rowcount or 0),
    )
    for hook in _close_hooks:
        hook(rnd)
    db.session.flush()
    audit.record(
        "round_closed",
        target=f"borgerrejse:{rnd.id}",
        detail=(
            f"frigivet={result.released}; kontaktdata_slettet={result.recipients_deleted}; "
            f"kladder_slettet={result.drafts_deleted}"
        ),
    )
    return result


def report_round(rnd: Borgerrejse) -> None:
    rnd.report()
    db.session.flush()
    audit.record("round_reported", target=f"borgerrejse:{rnd.id}")

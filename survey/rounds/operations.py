"""Writes for rounds and their questionnaires (flush, never commit)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    Borgerrejse,
    Fagcenter,
    Question,
    QuestionKind,
    QuestionOrigin,
    StandardSet,
    TransitionError,
)


def latest_standard_set() -> StandardSet:
    std = db.session.scalar(select(StandardSet).order_by(StandardSet.version.desc()).limit(1))
    if std is None:
        raise LookupError("Der findes intet sæt af standardspørgsmål. Kør »borgerrejse demo« eller seed.")
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

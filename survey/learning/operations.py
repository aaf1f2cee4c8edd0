"""Learning points (læringspunkter): suggestions, writing, status, history (flush, never commit).

Public read API for other packages
----------------------------------
``earlier_points_with_figures(round_id) -> list[EarlierPoint]``
    The learning points of the same centre's EARLIER rounds (oldest first), each with its status
    and, per theme of the point that has standard Likert questions, the before/after figures:
    ``ThemeChange.before`` = the mean of the theme's standard questions in the point's own round,
    ``after`` = the same in ``round_id``, ``change`` = after − before. All three are
    ``analysis.aggregate.Shown`` figures under the small-number rule (print them with
    ``str(shown)``/``shown.text()``: "færre end 5" when hidden; a change is hidden when either
    side is). Safe for briefs: no free text, only titles, statuses, centre responses and figures.

``theme_mean(round_id, theme, k) -> Shown``
    The pooled mean (1–5) of a theme's standard Likert questions in a round: each response's
    mean over its valid answers, then the mean over responses; base = contributing responses.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from analysis.aggregate import (
    LIKERT_SCALE,
    THEME_LABELS,
    Shown,
    compare,
    likert_summary,
    theme_summary,
)

from .. import audit
from ..extensions import db
from ..models import (
    Answer,
    Borgerrejse,
    Fagcenter,
    FreeText,
    Laeringspunkt,
    LaeringspunktEvent,
    LaeringspunktStatus,
    Question,
    QuestionKind,
    QuestionOrigin,
    Role,
    TransitionError,
    User,
)
from ..review.operations import approved_quotes, theme_label

CENTRE_STATUSES = (
    LaeringspunktStatus.AFTALT,
    LaeringspunktStatus.I_GANG,
    LaeringspunktStatus.GENNEMFOERT,
)
# A theme is suggested from the standard questions when its mean is below this (scale 1–5).
LOW_MEAN = 4.0
MAX_SUGGESTIONS = 5


def min_group_size() -> int:
    return int(current_app.config.get("MIN_GROUP_SIZE", 5))


# --------------------------------------------------------------------------- access


def can_view(user: User, point: Laeringspunkt) -> bool:
    if user.role is Role.ADVISOR:
        return True
    if not point.borgerrejse.is_reported:
        return False
    if user.role is Role.CENTRE:
        return user.fagcenter_id == point.owner_fagcenter_id
    return user.role is Role.MANAGEMENT


def can_edit(user: User, point: Laeringspunkt) -> bool:
    """Write the point itself (title, themes, evidence, owner, due date): the advisor."""
    return user.role is Role.ADVISOR


def can_follow_up(user: User, point: Laeringspunkt) -> bool:
    """Record responses, progress notes and status: the advisor, and the owner centre's contact
    once the round is reported."""
    if user.role is Role.ADVISOR:
        return True
    return (
        user.role is Role.CENTRE
        and user.fagcenter_id == point.owner_fagcenter_id
        and point.borgerrejse.is_reported
    )


def allowed_moves(user: User, point: Laeringspunkt) -> list[LaeringspunktStatus]:
    if not can_follow_up(user, point):
        return []
    moves = [s for s in LaeringspunktStatus if point.can_move_to(s)]
    if user.role is Role.CENTRE:
        moves = [s for s in moves if s in CENTRE_STATUSES]
    return moves


# --------------------------------------------------------------------------- figures


def _likert_codes(round_id: int, theme: str) -> list[str]:
    return list(
        db.session.scalars(
            select(Question.code)
            .where(
                Question.borgerrejse_id == round_id,
                Question.origin == QuestionOrigin.STANDARD,
                Question.kind == QuestionKind.LIKERT,
                Question.theme == theme,
            )
            .order_by(Question.position)
        )
    )


def _answers(round_id: int, codes: list[str]) -> dict[str, dict[str, str]]:
    if not codes:
        return {}
    rows = db.session.execute(
        select(Answer.response_id, Question.code, Answer.value)
        .join(Question, Answer.question_id == Question.id)
        .where(Question.borgerrejse_id == round_id, Question.code.in_(codes))
    )
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for response_id, code, value in rows:
        out[str(response_id)][code] = value
    return out


def theme_mean(round_id: int, theme: str, k: int) -> Shown:
    codes = _likert_codes(round_id, theme)
    means = []
    for answers in _answers(round_id, codes).values():
        valid = [float(v) for v in answers.values() if v in LIKERT_SCALE]
        if valid:
            means.append(math.fsum(valid) / len(valid))
    value = math.fsum(means) / len(means) if means else None
    return Shown.of(value, len(means), k, "mean")


def has_standard_questions(round_id: int, theme: str) -> bool:
    return bool(_likert_codes(round_id, theme))


# --------------------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class Suggestion:
    theme: str
    label: str
    negative: Shown | None  # negative free-text answers about the theme
    mean: Shown | None  # mean of the theme's standard questions
    figures: tuple[Figure, ...]
    reasons: tuple[str, ...]

    @property
    def title(self) -> str:
        return f"{self.label}: hvad kan vi gøre bedre?"


def _codings(round_id: int) -> list[tuple[list[str], str]]:
    rows = db.session.execute(
        select(
            FreeText.themes,
            FreeText.sentiment,
            FreeText.analyser_version,
            FreeText.reviewed_by_advisor,
        )
        .join(Question, FreeText.question_id == Question.id)
        .where(Question.borgerrejse_id == round_id)
    )
    return [
        (list(themes or []), sentiment or "neutral")
        for themes, sentiment, version, reviewed in rows
        if version is not None or reviewed or themes
    ]


def suggestions(rnd: Borgerrejse, k: int | None = None) -> list[Suggestion]:
    """Themes with the most negative answers and the lowest standard-question scores.

    Only figures the small-number rule lets through are used: a theme whose negative count or
    mean is hidden is not suggested on that ground, and no hidden figure is given as evidence.
    """
    k = min_group_size() if k is None else k
    negative: dict[str, Shown] = {}
    mentions: dict[str, Shown] = {}
    for row in theme_summary(_codings(rnd.id), k).rows:
        cell = row.sentiments.get("negativ")
        if cell is not None and not cell.suppressed and (cell.value or 0) > 0:
            negative[row.theme] = cell
            mentions[row.theme] = row.mentions

    means: dict[str, Shown] = {}
    question_means: dict[str, list[Figure]] = defaultdict(list)
    themes = {
        q.theme
        for q in rnd.questions
        if q.theme and q.origin is QuestionOrigin.STANDARD and q.kind is QuestionKind.LIKERT
    }
    for theme in sorted(themes):
        shown = theme_mean(rnd.id, theme, k)
        if shown.suppressed or shown.value is None or shown.value >= LOW_MEAN:
            continue
        means[theme] = shown
        codes = _likert_codes(rnd.id, theme)
        per_response = _answers(rnd.id, codes)
        for code in codes:
            summary = likert_summary(a[code] for a in per_response.values() if code in a)
            q_mean = summary.shown_mean(k)
            if not q_mean.suppressed:
                question_means[theme].append(Figure(f"{code} gennemsnit (1–5)", q_mean.text()))

    out = []
    for theme in dict.fromkeys([*negative, *means]):
        label = theme_label(theme)
        figures: list[Figure] = []
        reasons: list[str] = []
        if theme in negative:
            figures.append(
                Figure(f"Negative fritekstsvar om {label.lower()}", negative[theme].text())
            )
            figures.append(Figure(f"Fritekstsvar om {label.lower()} i alt", mentions[theme].text()))
            reasons.append(f"{negative[theme].text()} negative fritekstsvar")
        if theme in means:
            figures.append(
                Figure(f"{label}: gennemsnit af standardspørgsmål (1–5)", means[theme].text())
            )
            figures.extend(question_means[theme])
            reasons.append(f"gennemsnit {means[theme].text()} på standardspørgsmålene")
        out.append(
            Suggestion(
                theme, label, negative.get(theme), means.get(theme), tuple(figures), tuple(reasons)
            )
        )
    out.sort(
        key=lambda s: (
            -(s.negative.value or 0) if s.negative else 0,
            s.mean.value if s.mean and s.mean.value is not None else 6.0,
        )
    )
    return out[:MAX_SUGGESTIONS]


def suggestion_for(rnd: Borgerrejse, theme: str) -> Suggestion | None:
    for suggestion in suggestions(rnd):
        if suggestion.theme == theme:
            return suggestion
    return None


# --------------------------------------------------------------------------- writing


@dataclass
class PointData:
    title: str
    description: str = ""
    themes: list[str] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)
    figures: list[dict[str, str]] = field(default_factory=list)
    owner_fagcenter_id: int | None = None
    due_date: dt.date | None = None


def parse_figures(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """Lines "betegnelse: værdi" → [{"label", "value"}]; returns (figures, Danish errors)."""
    figures: list[dict[str, str]] = []
    errors: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, value = line.rpartition(":")
        if not sep or not label.strip() or not value.strip():
            errors.append(f"Linje {number}: skriv »betegnelse: værdi«, fx »S02 gennemsnit: 2,4«.")
            continue
        figures.append({"label": label.strip()[:200], "value": value.strip()[:100]})
    return figures, errors


def format_figures(figures: list[dict[str, Any]]) -> str:
    return "\n".join(f"{f.get('label', '')}: {f.get('value', '')}" for f in figures or [])


def _event(
    point: Laeringspunkt,
    user: User | None,
    kind: str,
    note: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
) -> LaeringspunktEvent:
    event = LaeringspunktEvent(
        laeringspunkt=point,
        user_id=user.id if user is not None else None,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    db.session.add(event)
    return event


def _valid_quote_ids(round_id: int, wanted: list[str]) -> list[str]:
    approved = {q.id for q in approved_quotes(round_id)}
    return [q for q in dict.fromkeys(wanted) if q in approved]


def create_point(rnd: Borgerrejse, data: PointData, user: User) -> Laeringspunkt:
    point = Laeringspunkt(
        borgerrejse=rnd,
        owner_fagcenter_id=data.owner_fagcenter_id or rnd.fagcenter_id,
        title=data.title.strip(),
        description=data.description.strip(),
        themes=list(dict.fromkeys(data.themes)),
        evidence_figures=data.figures,
        evidence_quote_ids=_valid_quote_ids(rnd.id, data.quote_ids),
        due_date=data.due_date,
        status=LaeringspunktStatus.FORESLAAET,
    )
    db.session.add(point)
    db.session.flush()
    _event(
        point,
        user,
        "status",
        "Læringspunktet er oprettet.",
        None,
        LaeringspunktStatus.FORESLAAET.value,
    )
    db.session.flush()
    audit.record("learning_point_created", target=f"laeringspunkt:{point.id}")
    return point


FIELD_LABELS = {
    "title": "titel",
    "description": "beskrivelse",
    "themes": "emner",
    "evidence_quote_ids": "citater",
    "evidence_figures": "tal",
    "owner_fagcenter_id": "ansvarligt fagcenter",
    "due_date": "frist",
}


def update_point(point: Laeringspunkt, data: PointData, user: User) -> list[str]:
    new_values: dict[str, Any] = {
        "title": data.title.strip(),
        "description": data.description.strip(),
        "themes": list(dict.fromkeys(data.themes)),
        "evidence_quote_ids": _valid_quote_ids(point.borgerrejse_id, data.quote_ids),
        "evidence_figures": data.figures,
        "owner_fagcenter_id": data.owner_fagcenter_id or point.owner_fagcenter_id,
        "due_date": data.due_date,
    }
    changed = [name for name, value in new_values.items() if getattr(point, name) != value]
    for name in changed:
        setattr(point, name, new_values[name])
    if changed:
        _event(
            point,
            user,
            "redigering",
            "Ændret: " + ", ".join(FIELD_LABELS[name] for name in changed) + ".",
        )
    db.session.flush()
    return changed


def change_status(
    point: Laeringspunkt, new: LaeringspunktStatus, user: User, note: str = ""
) -> None:
    """Move the status (the model guards the transitions; fravalgt needs a reason)."""
    if new not in allowed_moves(user, point):
        if not point.can_move_to(new):
            point.move_to(new, note)  # raises the model's Danish TransitionError
        raise TransitionError(f"Du kan ikke sætte læringspunktet til »{new.label}«.")
    before = point.status
    point.move_to(new, reason=note)
    _event(point, user, "status", note.strip(), before.value, new.value)
    db.session.flush()
    audit.record(
        "learning_point_status",
        target=f"laeringspunkt:{point.id}",
        detail=f"{before.value}->{new.value}",
    )


def add_response(point: Laeringspunkt, text: str, user: User) -> None:
    """The owner centre's response to the learning point (kept, and the latest shown)."""
    if not text.strip():
        raise TransitionError("Skriv fagcentrets svar.")
    point.centre_response = text.strip()
    _event(point, user, "svar", text.strip())
    db.session.flush()


def add_note(point: Laeringspunkt, text: str, user: User) -> None:
    if not text.strip():
        raise TransitionError("Skriv en note om fremdriften.")
    _event(point, user, "note", text.strip())
    db.session.flush()


def history(point: Laeringspunkt) -> list[LaeringspunktEvent]:
    return list(
        db.session.scalars(
            select(LaeringspunktEvent)
            .options(selectinload(LaeringspunktEvent.user))
            .where(LaeringspunktEvent.laeringspunkt_id == point.id)
            .order_by(LaeringspunktEvent.at, LaeringspunktEvent.id)
        )
    )


def status_label(value: str | None) -> str:
    if not value:
        return "–"
    try:
        return LaeringspunktStatus(value).label
    except ValueError:
        return value


# --------------------------------------------------------------------------- reading


def visible_points(
    user: User,
    status: LaeringspunktStatus | None = None,
    theme: str | None = None,
    centre_id: int | None = None,
    round_id: int | None = None,
) -> list[Laeringspunkt]:
    stmt = (
        select(Laeringspunkt)
        .join(Borgerrejse, Laeringspunkt.borgerrejse_id == Borgerrejse.id)
        .options(
            selectinload(Laeringspunkt.borgerrejse), selectinload(Laeringspunkt.owner_fagcenter)
        )
        .order_by(Borgerrejse.period_start.desc(), Laeringspunkt.id)
    )
    if user.role is not Role.ADVISOR:
        from ..models import RoundState

        stmt = stmt.where(Borgerrejse.state == RoundState.AFRAPPORTERET)
        if user.role is Role.CENTRE:
            stmt = stmt.where(Laeringspunkt.owner_fagcenter_id == user.fagcenter_id)
        elif user.role is not Role.MANAGEMENT:
            return []
    if status is not None:
        stmt = stmt.where(Laeringspunkt.status == status)
    if centre_id is not None:
        stmt = stmt.where(Laeringspunkt.owner_fagcenter_id == centre_id)
    if round_id is not None:
        stmt = stmt.where(Laeringspunkt.borgerrejse_id == round_id)
    points = list(db.session.scalars(stmt))
    if theme:
        points = [p for p in points if theme in (p.themes or [])]
    return points


def filter_centres(user: User) -> list[Fagcenter]:
    stmt = select(Fagcenter).order_by(Fagcenter.code)
    if user.role is Role.CENTRE:
        stmt = stmt.where(Fagcenter.id == user.fagcenter_id)
    return list(db.session.scalars(stmt))


def evidence_quotes(point: Laeringspunkt) -> list[Any]:
    """The point's linked quotes that are STILL approved (a revoked approval drops out)."""
    wanted = set(point.evidence_quote_ids or [])
    return [q for q in approved_quotes(point.borgerrejse_id) if q.id in wanted]


# --------------------------------------------------------------------------- earlier rounds


@dataclass(frozen=True)
class ThemeChange:
    theme: str
    label: str
    before: Shown
    after: Shown
    change: Shown


@dataclass(frozen=True)
class EarlierPoint:
    id: int
    round_id: int
    round_title: str
    round_period: str
    title: str
    description: str
    status: LaeringspunktStatus
    status_label: str
    owner_centre: str
    due_date: dt.date | None
    overdue: bool
    centre_response: str
    reason_rejected: str
    figures: tuple[ThemeChange, ...]


def earlier_rounds(rnd: Borgerrejse) -> list[Borgerrejse]:
    """The same centre's rounds before this one (by period, then id), oldest first."""
    return list(
        db.session.scalars(
            select(Borgerrejse)
            .where(
                Borgerrejse.fagcenter_id == rnd.fagcenter_id,
                Borgerrejse.id != rnd.id,
                or_(
                    Borgerrejse.period_start < rnd.period_start,
                    (Borgerrejse.period_start == rnd.period_start) & (Borgerrejse.id < rnd.id),
                ),
            )
            .order_by(Borgerrejse.period_start, Borgerrejse.id)
        )
    )


def earlier_points_with_figures(round_id: int, k: int | None = None) -> list[EarlierPoint]:
    """See the module doc. Empty for an unknown round."""
    rnd = db.session.get(Borgerrejse, round_id)
    if rnd is None:
        return []
    k = min_group_size() if k is None else k
    after_cache: dict[str, Shown] = {}
    out = []
    for earlier in earlier_rounds(rnd):
        points = sorted(earlier.learning_points, key=lambda p: p.id)
        for point in points:
            figures = []
            for theme in point.themes or []:
                if not has_standard_questions(earlier.id, theme) and not has_standard_questions(
                    rnd.id, theme
                ):
                    continue
                before = theme_mean(earlier.id, theme, k)
                if theme not in after_cache:
                    after_cache[theme] = theme_mean(rnd.id, theme, k)
                after = after_cache[theme]
                change = compare(after, [before]).change_since_previous
                assert change is not None
                figures.append(ThemeChange(theme, theme_label(theme), before, after, change))
            out.append(
                EarlierPoint(
                    id=point.id,
                    round_id=earlier.id,
                    round_title=earlier.title,
                    round_period=f"{earlier.period_start:%d.%m.%Y}–{earlier.period_end:%d.%m.%Y}",
                    title=point.title,
                    description=point.description,
                    status=point.status,
                    status_label=point.status.label,
                    owner_centre=point.owner_fagcenter.name,
                    due_date=point.due_date,
                    overdue=point.is_overdue(),
                    centre_response=point.centre_response,
                    reason_rejected=point.reason_rejected,
                    figures=tuple(figures),
                )
            )
    return out


def theme_choices() -> list[tuple[str, str]]:
    from ..review.operations import theme_choices as choices

    return choices() or list(THEME_LABELS.items())

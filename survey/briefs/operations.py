"""Assembling briefs from the database: set-based queries in, ``analysis.brief_data`` out.

Every figure is computed and suppressed by ``analysis.aggregate`` (the one place of the
small-number rule); this module only counts rows with ``GROUP BY`` and hands the counts over.
Only approved (``GODKENDT``) anonymised quotes are read; raw text is never selected.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask import current_app
from sqlalchemy import String, cast, func, or_, select

from analysis.aggregate import (
    INDEX_QUESTIONS,
    THEME_LABELS,
    Shown,
    choice_summary,
    compare,
    janej_summary,
    likert_summary,
    pooled_response_rate,
    procesretfaerdighed_index,
    response_rate,
    shown_cells,
    shown_shares,
    theme_summary,
)
from analysis.brief_data import (
    AnnualData,
    BriefData,
    CellData,
    CentreLearningRow,
    CentreYearRow,
    FigurePair,
    FocusQuestionData,
    IndexData,
    IndexPoint,
    LearningPointData,
    ParticipationData,
    PrincipleGroup,
    QuestionData,
    Quote,
    StatusCount,
    ThemeAcrossRow,
    ThemeData,
    danish_date,
)

from .. import audit
from ..extensions import db
from ..models import (
    Answer,
    Borgerrejse,
    Channel,
    Fagcenter,
    FreeText,
    HeldResponse,
    Invitation,
    Laeringspunkt,
    LaeringspunktStatus,
    Question,
    QuestionKind,
    QuestionOrigin,
    Response,
    Role,
    RoundState,
    User,
)
from ..rounds.stats import earlier_rounds
from ..seed import JANEJ_LABELS_DA, LIKERT_LABELS_DA, PRINCIPLES

QUOTES_PER_THEME = 3
OTHER_QUOTES = 5  # at most this many "Andre citater"; the brief says how many more exist
CLOSED_STATES = (RoundState.LUKKET, RoundState.AFRAPPORTERET)


def min_group_size() -> int:
    return int(current_app.config.get("MIN_GROUP_SIZE", 5))


# --------------------------------------------------------------------------- counting helpers


def _expand(counts: Mapping[str, int]) -> Iterator[str]:
    """Counts back into values, so ``analysis.aggregate`` computes every figure itself."""
    return itertools.chain.from_iterable(itertools.repeat(v, n) for v, n in counts.items())


def _answer_counts(round_ids: Sequence[int]) -> dict[tuple[int, str], dict[str, int]]:
    """{(round id, question code): {value: count}} with one GROUP BY."""
    result: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    if not round_ids:
        return result
    rows = db.session.execute(
        select(Question.borgerrejse_id, Question.code, Answer.value, func.count())
        .join(Question, Answer.question_id == Question.id)
        .where(Question.borgerrejse_id.in_(round_ids))
        .group_by(Question.borgerrejse_id, Question.code, Answer.value)
    )
    for round_id, code, value, count in rows:
        result[(round_id, code)][value] = int(count)
    return result


def _index_answers(round_ids: Sequence[int]) -> dict[int, list[dict[str, str]]]:
    """{round id: [answers to S06–S08 of one response]} (only the index questions are read)."""
    per_response: dict[Any, dict[str, str]] = defaultdict(dict)
    round_of: dict[Any, int] = {}
    if round_ids:
        rows = db.session.execute(
            select(Question.borgerrejse_id, cast(Answer.response_id, String), Question.code,
                   Answer.value)
            .join(Question, Answer.question_id == Question.id)
            .where(
                Question.borgerrejse_id.in_(round_ids),
                Question.origin == QuestionOrigin.STANDARD,
                Question.code.in_(INDEX_QUESTIONS),
            )
        )
        for round_id, response_id, code, value in rows:
            per_response[response_id][code] = value
            round_of[response_id] = round_id
    result: dict[int, list[dict[str, str]]] = defaultdict(list)
    for response_id, answers in per_response.items():
        result[round_of[response_id]].append(answers)
    return result


def _index(answer_lists: Iterable[list[dict[str, str]]], k: int) -> Shown:
    return procesretfaerdighed_index(itertools.chain.from_iterable(answer_lists)).shown(k)


def _coding_counts(
    round_ids: Sequence[int],
) -> dict[int, list[tuple[list[str], str, int]]]:
    """{round id: [(themes, sentiment, count)]} of analysed free texts, grouped in SQL."""
    result: dict[int, list[tuple[list[str], str, int]]] = defaultdict(list)
    if not round_ids:
        return result
    themes_text = cast(FreeText.themes, String)
    rows = db.session.execute(
        select(Question.borgerrejse_id, themes_text, FreeText.sentiment, func.count())
        .join(Question, FreeText.question_id == Question.id)
        .where(
            Question.borgerrejse_id.in_(round_ids),
            or_(FreeText.analyser_version.is_not(None), FreeText.reviewed_by_advisor.is_(True)),
        )
        .group_by(Question.borgerrejse_id, themes_text, FreeText.sentiment)
    )
    for round_id, raw_themes, sentiment, count in rows:
        try:
            themes = [str(t) for t in json.loads(raw_themes or "[]")]
        except (TypeError, ValueError):
            themes = []
        result[round_id].append((themes, sentiment or "neutral", int(count)))
    return result


def _codings(groups: Iterable[tuple[list[str], str, int]]) -> Iterator[tuple[list[str], str]]:
    for themes, sentiment, count in groups:
        yield from itertools.repeat((themes, sentiment), count)


def _theme_rows(groups: list[tuple[list[str], str, int]], k: int) -> list[ThemeData]:
    summary = theme_summary(_codings(groups), k)
    rows = []
    for row in summary.rows:
        counts = {s: int(shown.value or 0) for s, shown in row.sentiments.items()}
        shares = shown_shares(counts, k)
        rows.append(
            ThemeData(
                key=row.theme, label=row.label, mentions=row.mentions,
                negative=row.sentiments["negativ"], negative_share=shares["negativ"],
            )
        )
    return rows


def _cells(counts: Mapping[str, int], labels: Mapping[str, str], k: int) -> tuple[CellData, ...]:
    shown_counts = shown_cells(counts, k)
    shares = shown_shares(counts, k)
    return tuple(
        CellData(code, labels.get(code, code), shown_counts[code], shares[code]) for code in counts
    )


def _question_data(
    question: Question, counts: Mapping[str, int], texts: int, k: int
) -> QuestionData:
    base = dict(code=question.code, text=question.text_da, kind=question.kind.value,
                principle=question.principle)
    if question.kind is QuestionKind.LIKERT:
        summary = likert_summary(_expand(counts))
        return QuestionData(
            **base, n=summary.shown_n(k),  # type: ignore[arg-type]
            cells=_cells(summary.counts, LIKERT_LABELS_DA, k), mean=summary.shown_mean(k),
        )
    if question.kind in (QuestionKind.JANEJ, QuestionKind.CHOICE):
        if question.kind is QuestionKind.JANEJ:
            category = janej_summary(_expand(counts))
            labels: dict[str, str] = JANEJ_LABELS_DA
        else:
            category = choice_summary(_expand(counts), [o["code"] for o in question.options])
            labels = {o["code"]: o.get("da") or o["code"] for o in question.options}
        return QuestionData(
            **base, n=category.shown_n(k),  # type: ignore[arg-type]
            cells=_cells(category.counts, labels, k),
        )
    return QuestionData(**base, n=Shown.of(float(texts), texts, k))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- quotes


def _quote_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _approved_quotes(round_id: int) -> list[tuple[str, list[str], str]]:
    """(anonymised text, themes, question code) of GODKENDT free texts only, without repeats.

    The rule lives in ``survey.review.operations.approved_quotes`` (only approved,
    anonymised text); the brief never reads raw or unapproved text. Several citizens may have
    written the same words: identical texts (ignoring case and spacing) become one quote, with
    the themes of all of them, so the web brief and the PDF never print a quote twice.
    """
    from ..review.operations import approved_quotes

    result: list[tuple[str, list[str], str]] = []
    index_of: dict[str, int] = {}
    for q in approved_quotes(round_id):
        text = q.text.strip()
        if not text:
            continue
        key = _quote_key(text)
        if key in index_of:
            themes = result[index_of[key]][1]
            themes.extend(t for t in q.themes if t not in themes)
            continue
        index_of[key] = len(result)
        result.append((text, list(dict.fromkeys(q.themes)), q.question_code))
    return result


# --------------------------------------------------------------------------- learning points


def _point_data(
    point: Laeringspunkt, figures: tuple[FigurePair, ...] = (), today: dt.date | None = None
) -> LearningPointData:
    return LearningPointData(
        title=point.title,
        description=point.description or "",
        status=point.status.label,
        status_key=point.status.value,
        themes=tuple(THEME_LABELS.get(t, t) for t in (point.themes or [])),
        due_date=point.due_date,
        round_title=point.borgerrejse.title if point.borgerrejse else "",
        centre_response=point.centre_response or "",
        evidence=tuple(
            (str(item.get("label", "")), str(item.get("value", "")))
            for item in (point.evidence_figures or [])
            if isinstance(item, dict)
        ),
        figures=figures,
        overdue=point.is_overdue(today),
    )


def _earlier_points(rnd: Borgerrejse, k: int) -> tuple[LearningPointData, ...]:
    """Earlier learning points of the centre with before/after figures.

    The figures come from ``survey.learning.operations.earlier_points_with_figures`` (the mean of
    the theme's standard questions in the point's round and in this one, as ``Shown``).
    """
    from ..learning.operations import earlier_points_with_figures

    result = []
    for point in earlier_points_with_figures(rnd.id, k):
        result.append(
            LearningPointData(
                title=point.title,
                description=point.description or "",
                status=point.status_label,
                status_key=point.status.value,
                themes=tuple(f.label for f in point.figures),
                due_date=point.due_date,
                round_title=f"{point.round_title} ({point.round_period})",
                centre_response=point.centre_response or "",
                figures=tuple(
                    FigurePair(f"{f.label} (gennemsnit 1–5)", f.before, f.after, f.change)
                    for f in point.figures
                ),
                overdue=point.overdue,
            )
        )
    return tuple(result)


# --------------------------------------------------------------------------- the brief


def _round_label(rnd: Borgerrejse) -> str:
    return f"{rnd.title} ({danish_date(rnd.period_start)})"


def _web_and_held(round_ids: Sequence[int]) -> tuple[dict[int, int], dict[int, int]]:
    """({round id: web responses, released and held}, {round id: held responses})."""
    web: dict[int, int] = defaultdict(int)
    held: dict[int, int] = defaultdict(int)
    if not round_ids:
        return web, held
    for model in (Response, HeldResponse):
        for round_id, channel, count in db.session.execute(
            select(model.borgerrejse_id, model.channel, func.count())
            .where(model.borgerrejse_id.in_(round_ids))
            .group_by(model.borgerrejse_id, model.channel)
        ):
            if channel is Channel.WEB:
                web[round_id] += int(count)
            if model is HeldResponse:
                held[round_id] += int(count)
    return web, held


def participation_data(rnd: Borgerrejse, k: int) -> ParticipationData:
    """Invitations, responses per channel and the response rate (web responses / invitations,
    see ``analysis.aggregate.response_rate``)."""
    invited = db.session.scalar(
        select(func.count(Invitation.id)).where(Invitation.borgerrejse_id == rnd.id)
    ) or 0
    web_counts, held_counts = _web_and_held([rnd.id])
    held = held_counts.get(rnd.id, 0)
    web = web_counts.get(rnd.id, 0)
    channel_counts = dict.fromkeys((c.value for c in Channel), 0)
    for channel, count in db.session.execute(
        select(Response.channel, func.count())
        .where(Response.borgerrejse_id == rnd.id)
        .group_by(Response.channel)
    ):
        channel_counts[channel.value] = int(count)
    answered = sum(channel_counts.values()) + held
    return ParticipationData(
        invited=Shown.of(float(invited), invited, k),
        answered=Shown.of(float(answered), answered, k),
        rate=response_rate(web, invited, k),
        channels=_cells(channel_counts, {c.value: c.label for c in Channel}, k),
        held=held,
        web=Shown.of(float(web), web, k),
    )


def build_brief(rnd: Borgerrejse, k: int | None = None, today: dt.date | None = None) -> BriefData:
    """Everything the brief shows, read with a handful of grouped queries."""
    k = min_group_size() if k is None else k
    earlier = earlier_rounds(rnd)
    all_closed = list(
        db.session.scalars(select(Borgerrejse.id).where(Borgerrejse.state.in_(CLOSED_STATES)))
    )

    counts = _answer_counts([rnd.id])
    text_counts: dict[int, int] = {
        qid: int(n)
        for qid, n in db.session.execute(
            select(FreeText.question_id, func.count())
            .join(Question, FreeText.question_id == Question.id)
            .where(Question.borgerrejse_id == rnd.id)
            .group_by(FreeText.question_id)
        )
    }
    questions = [
        _question_data(q, counts.get((rnd.id, q.code), {}), text_counts.get(q.id, 0), k)
        for q in rnd.questions
    ]
    by_code = {q.code: data for q, data in zip(rnd.questions, questions, strict=True)}
    standard = tuple(
        data for q, data in zip(rnd.questions, questions, strict=True)
        if q.origin is QuestionOrigin.STANDARD
    )
    principles = tuple(
        PrincipleGroup(
            number=number, title=title,
            questions=tuple(d for d in questions if d.principle == number and d.is_closed),
        )
        for number, title in PRINCIPLES.items()
    )

    # procesretfærdighed: this round, the centre's earlier rounds, all centres
    index_ids = sorted({rnd.id, *(r.id for r in earlier), *all_closed})
    index_answers = _index_answers(index_ids)
    current = _index([index_answers.get(rnd.id, [])], k)
    earlier_points = [
        IndexPoint(_round_label(r), _index([index_answers.get(r.id, [])], k)) for r in earlier
    ]
    all_centres = _index((index_answers.get(rid, []) for rid in all_closed), k)
    comparison = compare(current, [p.value for p in earlier_points], all_centres)
    index = IndexData(
        current=current, earlier=tuple(earlier_points), all_centres=all_centres,
        change_since_previous=comparison.change_since_previous,
        difference_to_all=comparison.difference_to_all,
    )

    # themes and approved quotes (already without repeats)
    theme_rows = _theme_rows(_coding_counts([rnd.id]).get(rnd.id, []), k)
    quotes = _approved_quotes(rnd.id)
    used: set[int] = set()
    themes = []
    for row in theme_rows:
        chosen = []
        for i, (text, quote_themes, _code) in enumerate(quotes):
            if i not in used and row.key in quote_themes and len(chosen) < QUOTES_PER_THEME:
                chosen.append(Quote(text))
                used.add(i)
        themes.append(
            ThemeData(row.key, row.label, row.mentions, row.negative, row.negative_share,
                      tuple(chosen))
        )
    n_texts = sum(text_counts.values())

    focus = []
    for q in rnd.questions:
        if q.origin is not QuestionOrigin.FOKUS:
            continue
        picked = [i for i, (_text, _t, code) in enumerate(quotes) if code == q.code]
        picked = picked[:QUOTES_PER_THEME]
        used.update(picked)
        focus.append(FocusQuestionData(by_code[q.code], tuple(Quote(quotes[i][0])
                                                              for i in picked)))

    # every other approved quote ("Andre citater"): those without a theme first
    rest = sorted((i for i in range(len(quotes)) if i not in used),
                  key=lambda i: (bool(quotes[i][1]), i))
    other_quotes = tuple(Quote(quotes[i][0]) for i in rest[:OTHER_QUOTES])

    new_points = tuple(
        _point_data(p, today=today)
        for p in sorted(rnd.learning_points, key=lambda p: (p.created_at, p.id))
    )
    return BriefData(
        round_id=rnd.id,
        title=rnd.title,
        centre_code=rnd.fagcenter.code,
        centre_name=rnd.fagcenter.name,
        period_start=rnd.period_start,
        period_end=rnd.period_end,
        state=rnd.state.value,
        state_label=rnd.state.label,
        generated_on=today or dt.date.today(),
        municipality=str(current_app.config.get("MUNICIPALITY_NAME", "")),
        k=k,
        hovedpunkter_godt=rnd.hovedpunkter_godt or "",
        hovedpunkter_bedre=rnd.hovedpunkter_bedre or "",
        participation=participation_data(rnd, k),
        questions=standard,
        principles=principles,
        index=index,
        free_texts=Shown.of(float(n_texts), n_texts, k),
        themes=tuple(themes),
        focus=tuple(focus),
        new_points=new_points,
        earlier_points=_earlier_points(rnd, k),
        principle_titles=dict(PRINCIPLES),
        other_quotes=other_quotes,
        other_quotes_more=max(len(rest) - OTHER_QUOTES, 0),
    )


# --------------------------------------------------------------------------- suggestions


def suggest_hovedpunkter(data: BriefData) -> tuple[str, str]:
    """Editable starting points for the advisor, made from the shown figures only.

    They are put in the form's text fields; the brief never prints them unless the advisor
    saves them as her own.
    """
    rated = sorted(
        (q for q in data.questions
         if q.kind == "likert" and q.mean is not None and q.mean.visible is not None),
        key=lambda q: q.mean.visible if q.mean and q.mean.visible is not None else 0.0,
    )
    good = [
        f"- {q.text} (gennemsnit {q.mean.text()} af 5)"
        for q in reversed(rated) if q.mean and (q.mean.visible or 0) >= 3.5
    ][:2]
    better = [
        f"- {q.text} (gennemsnit {q.mean.text()} af 5)"
        for q in rated if q.mean and (q.mean.visible or 0) < 3.0
    ][:2]
    negative = sorted(
        (t for t in data.themes
         if t.negative_share.visible is not None and (t.negative_share.visible or 0) >= 50),
        key=lambda t: -(t.negative_share.visible or 0.0),
    )
    better += [
        f"- {t.label}: nævnt i {t.mentions.text()} svar, heraf {t.negative_share.text()} negative"
        for t in negative[:2]
    ]
    index = data.index.current
    if index.visible is not None:
        line = f"- Procesretfærdighed: indeks {index.text()} af 100"
        (good if index.visible >= 60 else better).append(line)
    empty = "- (Der er ikke tal nok til forslag her. Skriv dine egne hovedpunkter.)"
    return "\n".join(good) or empty, "\n".join(better) or empty


# --------------------------------------------------------------------------- writes


def save_hovedpunkter(rnd: Borgerrejse, godt: str, bedre: str) -> None:
    rnd.hovedpunkter_godt = godt.strip()
    rnd.hovedpunkter_bedre = bedre.strip()
    db.session.flush()
    audit.record("brief_hovedpunkter_saved", target=f"borgerrejse:{rnd.id}")


# --------------------------------------------------------------------------- visibility


def visible_rounds(user: User) -> list[Borgerrejse]:
    """Rounds whose brief the user may open.

    Advisor: all; centre contact: own centre once reported; management: all reported.
    """
    stmt = select(Borgerrejse).order_by(Borgerrejse.period_start.desc(), Borgerrejse.id.desc())
    if user.role is Role.ADVISOR:
        return list(db.session.scalars(stmt))
    stmt = stmt.where(Borgerrejse.state == RoundState.AFRAPPORTERET)
    if user.role is Role.CENTRE:
        stmt = stmt.where(Borgerrejse.fagcenter_id == user.fagcenter_id)
    elif user.role is not Role.MANAGEMENT:
        return []
    return list(db.session.scalars(stmt))


# --------------------------------------------------------------------------- annual overview


def annual_rounds(year: int) -> list[Borgerrejse]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return list(
        db.session.scalars(
            select(Borgerrejse)
            .where(
                Borgerrejse.state != RoundState.KLADDE,
                Borgerrejse.period_start <= end,
                Borgerrejse.period_end >= start,
            )
            .order_by(Borgerrejse.period_start, Borgerrejse.id)
        )
    )


def build_annual(year: int, k: int | None = None, today: dt.date | None = None) -> AnnualData:
    k = min_group_size() if k is None else k
    today = today or dt.date.today()
    rounds = annual_rounds(year)
    ids = [r.id for r in rounds]
    centres = list(db.session.scalars(select(Fagcenter).order_by(Fagcenter.code)))
    rounds_of: dict[int, list[int]] = defaultdict(list)
    for r in rounds:
        rounds_of[r.fagcenter_id].append(r.id)

    def grouped(stmt: Any) -> dict[int, int]:
        return {rid: int(n) for rid, n in db.session.execute(stmt)} if ids else {}

    invited = grouped(
        select(Invitation.borgerrejse_id, func.count())
        .where(Invitation.borgerrejse_id.in_(ids)).group_by(Invitation.borgerrejse_id)
    )
    answered = grouped(
        select(Response.borgerrejse_id, func.count())
        .where(Response.borgerrejse_id.in_(ids)).group_by(Response.borgerrejse_id)
    )
    for rid, n in grouped(
        select(HeldResponse.borgerrejse_id, func.count())
        .where(HeldResponse.borgerrejse_id.in_(ids)).group_by(HeldResponse.borgerrejse_id)
    ).items():
        answered[rid] = answered.get(rid, 0) + n
    web, _held = _web_and_held(ids)
    index_answers = _index_answers(ids)

    def per_round(round_ids: Iterable[int]) -> list[tuple[int, int]]:
        """(web responses, invitations) per round, for the pooled response rate."""
        return [(web.get(r, 0), invited.get(r, 0)) for r in round_ids]

    rows = []
    for centre in centres:
        mine = rounds_of.get(centre.id, [])
        inv = sum(invited.get(r, 0) for r in mine)
        ans = sum(answered.get(r, 0) for r in mine)
        rows.append(
            CentreYearRow(
                centre_code=centre.code, centre_name=centre.name, rounds=len(mine),
                invited=Shown.of(float(inv), inv, k), answered=Shown.of(float(ans), ans, k),
                rate=pooled_response_rate(per_round(mine), k),
                index=_index((index_answers.get(r, []) for r in mine), k),
            )
        )
    total_inv = sum(invited.values())
    total_ans = sum(answered.values())

    # themes across centres
    codings = _coding_counts(ids)
    overall = _theme_rows(list(itertools.chain.from_iterable(codings.values())), k)
    per_centre: dict[str, dict[str, Shown]] = {}
    for centre in centres:
        groups = list(
            itertools.chain.from_iterable(codings.get(r, []) for r in rounds_of.get(centre.id, []))
        )
        per_centre[centre.code] = {t.key: t.mentions for t in _theme_rows(groups, k)}
    zero = Shown.of(0.0, 0, k)
    themes = tuple(
        ThemeAcrossRow(
            key=t.key, label=t.label, mentions=t.mentions, negative_share=t.negative_share,
            per_centre=tuple(
                (c.code, per_centre[c.code].get(t.key, zero)) for c in centres
                if rounds_of.get(c.id)
            ),
        )
        for t in overall
    )

    # learning points of the year's rounds, by status
    statuses = list(LaeringspunktStatus)
    point_counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
        (s.value for s in statuses), 0))
    if ids:
        for owner, status, n in db.session.execute(
            select(Laeringspunkt.owner_fagcenter_id, Laeringspunkt.status, func.count())
            .where(Laeringspunkt.borgerrejse_id.in_(ids))
            .group_by(Laeringspunkt.owner_fagcenter_id, Laeringspunkt.status)
        ):
            point_counts[owner][status.value] = int(n)
    overdue: dict[int, int] = {}
    if ids:
        overdue = {
            owner: int(n)
            for owner, n in db.session.execute(
                select(Laeringspunkt.owner_fagcenter_id, func.count())
                .where(
                    Laeringspunkt.borgerrejse_id.in_(ids),
                    Laeringspunkt.due_date < today,
                    Laeringspunkt.status.in_([
                        LaeringspunktStatus.FORESLAAET, LaeringspunktStatus.AFTALT,
                        LaeringspunktStatus.I_GANG,
                    ]),
                )
                .group_by(Laeringspunkt.owner_fagcenter_id)
            )
        }
    learning = tuple(
        CentreLearningRow(
            centre_code=c.code,
            counts=tuple(
                StatusCount(s.value, s.label, point_counts[c.id][s.value]) for s in statuses
            ),
            overdue=overdue.get(c.id, 0),
        )
        for c in centres
        if c.id in point_counts
    )
    totals = tuple(
        StatusCount(s.value, s.label, sum(row[s.value] for row in point_counts.values()))
        for s in statuses
    )
    preliminary = year >= today.year or any(r.state is RoundState.AABEN for r in rounds)
    return AnnualData(
        year=year, generated_on=today,
        municipality=str(current_app.config.get("MUNICIPALITY_NAME", "")), k=k,
        preliminary=preliminary, centres=tuple(rows),
        total_answered=Shown.of(float(total_ans), total_ans, k),
        total_invited=Shown.of(float(total_inv), total_inv, k),
        total_rate=pooled_response_rate(per_round(ids), k),
        all_index=_index(index_answers.values(), k),
        themes=themes, learning=learning, learning_totals=totals,
        rounds_included=tuple(f"{r.fagcenter.code}: {r.title}" for r in rounds),
    )


# --------------------------------------------------------------------------- notification


def _recipients(rnd: Borgerrejse) -> list[str]:
    users = db.session.scalars(
        select(User).where(
            User.active.is_(True),
            or_(
                (User.role == Role.CENTRE) & (User.fagcenter_id == rnd.fagcenter_id),
                User.role == Role.MANAGEMENT,
            ),
        ).order_by(User.id)
    )
    return [u.email for u in users if u.email]


def notify_reported(rnd: Borgerrejse) -> int:
    """E-mail the centre's contacts and management that the brief is ready. Returns count.

    Call it right after the round has been set to afrapporteret. Sending problems are logged
    (without addresses) and do not undo the report; the brief is in the app either way.
    """
    from ..invitations.mail import deliver
    from ..invitations.operations import InviteError

    config = current_app.config
    link = f"{config['BASE_URL']}/briefs/{rnd.id}"
    messages = []
    for address in _recipients(rnd):
        message = EmailMessage()
        message["Subject"] = f"Ny læringsbrief: {rnd.fagcenter.name}"
        message["From"] = config["MAIL_FROM"]
        message["To"] = address
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].split("@")[-1])
        message.set_content(
            "\n".join([
                "Hej",
                "",
                f"Borgerrådgiveren har afrapporteret borgerrejsen »{rnd.title}« i "
                f"{rnd.fagcenter.name} ({danish_date(rnd.period_start)} – "
                f"{danish_date(rnd.period_end)}).",
                "",
                "Læringsbriefen kan nu læses som PDF og som webside, når du er logget ind:",
                link,
                "",
                "Briefen indeholder kun anonymiserede og godkendte citater.",
                "",
                "Venlig hilsen",
                str(config.get("ADVISOR_NAME", "Borgerrådgiveren")),
                str(config.get("MUNICIPALITY_NAME", "")),
            ])
        )
        messages.append(message)
    try:
        sent = deliver(messages)
    except InviteError:
        current_app.logger.warning("Besked om afrapportering kunne ikke sendes (runde %s)", rnd.id)
        sent = 0
    audit.record("brief_notified", target=f"borgerrejse:{rnd.id}", detail=f"modtagere={sent}")
    return sent

"""Figures of rounds and centres, read from the database and computed by ``analysis.aggregate``.

Screens and the PDF briefs take their figures from here, so the small-number rule is applied
in one place (``analysis.aggregate``). Reads only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from analysis.aggregate import (
    CategorySummary,
    Comparison,
    LikertSummary,
    Shown,
    ThemeSummary,
    choice_summary,
    compare,
    janej_summary,
    likert_summary,
    procesretfaerdighed_index,
    response_rate,
    theme_summary,
)

from ..extensions import db
from ..invitations.operations import invitation_counts
from ..models import (
    Answer,
    Borgerrejse,
    Channel,
    Fagcenter,
    FreeText,
    HeldResponse,
    Question,
    QuestionKind,
    Response,
    RoundState,
)
from ..seed import JANEJ_LABELS_DA, LIKERT_LABELS_DA


def min_group_size() -> int:
    return int(current_app.config.get("MIN_GROUP_SIZE", 5))


@dataclass(frozen=True)
class Cell:
    code: str
    label: str
    count: Shown
    share: Shown


@dataclass(frozen=True)
class QuestionFigures:
    question: Question
    n: Shown
    cells: tuple[Cell, ...] = ()
    mean: Shown | None = None
    summary: LikertSummary | CategorySummary | None = None


@dataclass(frozen=True)
class Participation:
    """Invitations by status and responses. The invitation numbers come from
    ``survey.invitations.operations.invitation_counts``, the same function as the invitation
    page's, so both pages show the same numbers."""

    invited: int  # invitations made
    not_sent: int  # made, but no letter or e-mail went out (links only)
    pending: int  # sent or reminded, not (yet) answered
    used: int  # answered with the link or code
    responses: int  # released Response rows
    held: int  # submitted, waiting to be released
    web: int  # responses by link or code (released and held): the rate's numerator
    responded: Shown
    rate: Shown  # web responses / invitations; "–" without invitations
    release_batch: int = 5  # held responses are released once this many wait


@dataclass(frozen=True)
class RoundFigures:
    k: int
    participation: Participation
    questions: tuple[QuestionFigures, ...]
    index: Shown
    index_comparison: Comparison
    free_texts: Shown
    analysed_free_texts: int
    themes: ThemeSummary
    answers_by_response: dict[str, dict[str, str]] = field(default_factory=dict)


def _count_by_channel(
    model: type[Response] | type[HeldResponse], round_id: int
) -> dict[Channel, int]:
    rows = db.session.execute(
        select(model.channel, func.count()).where(model.borgerrejse_id == round_id)
        .group_by(model.channel)
    )
    return {channel: int(n) for channel, n in rows}


def participation(rnd: Borgerrejse, k: int) -> Participation:
    counts = invitation_counts(rnd.id)
    released = _count_by_channel(Response, rnd.id)
    waiting = _count_by_channel(HeldResponse, rnd.id)
    responses, held = sum(released.values()), sum(waiting.values())
    web = released.get(Channel.WEB, 0) + waiting.get(Channel.WEB, 0)
    responded = responses + held
    return Participation(
        invited=counts.made, not_sent=counts.not_sent, pending=counts.sent + counts.reminded,
        used=counts.used, responses=responses, held=held, web=web,
        responded=Shown.of(float(responded), responded, k),
        rate=response_rate(web, counts.made, k),
        release_batch=int(current_app.config.get("RELEASE_BATCH_SIZE", 5)),
    )


def answers_by_response(round_ids: Sequence[int]) -> dict[str, dict[str, str]]:
    """{response id: {question code: value}} of released closed answers."""
    if not round_ids:
        return {}
    rows = db.session.execute(
        select(Answer.response_id, Question.code, Answer.value)
        .join(Question, Answer.question_id == Question.id)
        .where(Question.borgerrejse_id.in_(round_ids))
    )
    result: dict[str, dict[str, str]] = defaultdict(dict)
    for response_id, code, value in rows:
        result[str(response_id)][code] = value
    return dict(result)


def question_figures(question: Question, values: list[str], texts: int, k: int) -> QuestionFigures:
    if question.kind is QuestionKind.LIKERT:
        likert = likert_summary(values)
        counts, shares = likert.shown_counts(k), likert.shown_shares(k)
        cells = tuple(
            Cell(code, LIKERT_LABELS_DA[code], counts[code], shares[code]) for code in likert.counts
        )
        return QuestionFigures(question, likert.shown_n(k), cells, likert.shown_mean(k), likert)
    if question.kind in (QuestionKind.JANEJ, QuestionKind.CHOICE):
        if question.kind is QuestionKind.JANEJ:
            summary = janej_summary(values)
            labels = JANEJ_LABELS_DA
        else:
            summary = choice_summary(values, [o["code"] for o in question.options])
            labels = {o["code"]: o.get("da") or o["code"] for o in question.options}
        counts, shares = summary.shown_counts(k), summary.shown_shares(k)
        cells = tuple(
            Cell(code, labels.get(code, code), counts[code], shares[code])
            for code in summary.counts
        )
        return QuestionFigures(question, summary.shown_n(k), cells, None, summary)
    return QuestionFigures(question, Shown.of(float(texts), texts, k))


def round_index(rnd: Borgerrejse, k: int) -> Shown:
    return procesretfaerdighed_index(answers_by_response([rnd.id]).values()).shown(k)


def _all_centres_index(k: int) -> Shown:
    ids = list(
        db.session.scalars(
            select(Borgerrejse.id).where(
                Borgerrejse.state.in_([RoundState.LUKKET, RoundState.AFRAPPORTERET])
            )
        )
    )
    return procesretfaerdighed_index(answers_by_response(ids).values()).shown(k)


def earlier_rounds(rnd: Borgerrejse) -> list[Borgerrejse]:
    """The same centre's earlier closed or reported rounds, oldest first."""
    return list(
        db.session.scalars(
            select(Borgerrejse)
            .where(
                Borgerrejse.fagcenter_id == rnd.fagcenter_id,
                Borgerrejse.id != rnd.id,
                Borgerrejse.period_start < rnd.period_start,
                Borgerrejse.state.in_([RoundState.LUKKET, RoundState.AFRAPPORTERET]),
            )
            .order_by(Borgerrejse.period_start, Borgerrejse.id)
        )
    )


def round_figures(rnd: Borgerrejse, k: int | None = None) -> RoundFigures:
    k = min_group_size() if k is None else k
    by_response = answers_by_response([rnd.id])
    values: dict[str, list[str]] = defaultdict(list)
    for answers in by_response.values():
        for code, value in answers.items():
            values[code].append(value)
    text_rows = list(
        db.session.execute(
            select(FreeText.question_id, FreeText.themes, FreeText.sentiment,
                   FreeText.analyser_version)
            .join(Question, FreeText.question_id == Question.id)
            .where(Question.borgerrejse_id == rnd.id)
        )
    )
    texts_per_question: dict[int, int] = defaultdict(int)
    codings: list[tuple[list[str], str]] = []
    for question_id, themes, sentiment, version in text_rows:
        texts_per_question[question_id] += 1
        if version is not None or themes:
            codings.append((list(themes or []), sentiment or "neutral"))
    questions = tuple(
        question_figures(q, values.get(q.code, []), texts_per_question.get(q.id, 0), k)
        for q in rnd.questions
    )
    index = procesretfaerdighed_index(by_response.values()).shown(k)
    earlier = [round_index(r, k) for r in earlier_rounds(rnd)]
    n_texts = len(text_rows)
    return RoundFigures(
        k=k,
        participation=participation(rnd, k),
        questions=questions,
        index=index,
        index_comparison=compare(index, earlier, _all_centres_index(k)),
        free_texts=Shown.of(float(n_texts), n_texts, k),
        analysed_free_texts=len(codings),
        themes=theme_summary(codings, k),
        answers_by_response=by_response,
    )


# --------------------------------------------------------------------------- per centre


@dataclass(frozen=True)
class CentreRoundColumn:
    round: Borgerrejse
    responses: Shown
    index: Shown
    means: dict[str, Shown]


@dataclass(frozen=True)
class CentreFigures:
    k: int
    columns: tuple[CentreRoundColumn, ...]
    rows: tuple[tuple[str, str], ...]  # (question code, Danish text) of Likert questions
    all_centres_means: dict[str, Shown]
    all_centres_index: Shown
    latest_index_comparison: Comparison | None


def _means(
    by_response: dict[str, dict[str, str]], codes: Sequence[str], k: int
) -> dict[str, Shown]:
    values: dict[str, list[str]] = defaultdict(list)
    for answers in by_response.values():
        for code, value in answers.items():
            values[code].append(value)
    return {code: likert_summary(values.get(code, [])).shown_mean(k) for code in codes}


def centre_figures(centre: Fagcenter, k: int | None = None) -> CentreFigures:
    k = min_group_size() if k is None else k
    rounds = list(
        db.session.scalars(
            select(Borgerrejse)
            .where(Borgerrejse.fagcenter_id == centre.id)
            .order_by(Borgerrejse.period_start, Borgerrejse.id)
        )
    )
    rows: dict[str, str] = {}
    for rnd in rounds:
        for q in rnd.questions:
            if q.kind is QuestionKind.LIKERT and q.code not in rows:
                rows[q.code] = q.text_da
    ordered = sorted(rows.items(), key=lambda item: (not item[0].startswith("S"), item[0]))
    codes = [code for code, _ in ordered]
    columns = []
    for rnd in rounds:
        by_response = answers_by_response([rnd.id])
        columns.append(
            CentreRoundColumn(
                round=rnd,
                responses=participation(rnd, k).responded,
                index=procesretfaerdighed_index(by_response.values()).shown(k),
                means=_means(by_response, codes, k),
            )
        )
    all_ids = list(
        db.session.scalars(
            select(Borgerrejse.id).where(
                Borgerrejse.state.in_([RoundState.LUKKET, RoundState.AFRAPPORTERET])
            )
        )
    )
    all_by_response = answers_by_response(all_ids)
    all_index = procesretfaerdighed_index(all_by_response.values()).shown(k)
    latest = None
    if columns:
        latest = compare(columns[-1].index, [c.index for c in columns[:-1]], all_index)
    return CentreFigures(
        k=k,
        columns=tuple(columns),
        rows=tuple(ordered),
        all_centres_means=_means(all_by_response, codes, k),
        all_centres_index=all_index,
        latest_index_comparison=latest,
    )

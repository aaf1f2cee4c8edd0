"""The data a learning brief (or the annual overview) is made of: plain frozen dataclasses.

``survey.briefs.operations`` builds these from the database; ``survey.briefs.pdf`` and the
HTML templates only read them. No ORM object ever reaches a renderer. Every figure is a
:class:`analysis.aggregate.Shown`, so the small-number rule has already been applied (by
``analysis.aggregate``) and a renderer prints ``shown.text()``. Every text that may come from a
citizen is an *approved, anonymised* quote; renderers still escape everything.

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .aggregate import Shown

# The Likert cells in the order they are drawn, with Danish labels.
LIKERT_ORDER: tuple[str, ...] = ("1", "2", "3", "4", "5", "vi")


@dataclass(frozen=True)
class CellData:
    """One answer category of a closed question: its count and its share of the answers."""

    code: str
    label: str
    count: Shown
    share: Shown


@dataclass(frozen=True)
class QuestionData:
    code: str
    text: str
    kind: str  # likert | janej | choice | text
    principle: int | None
    n: Shown  # answers to the question ("ved ikke" included)
    cells: tuple[CellData, ...] = ()
    mean: Shown | None = None  # Likert 1–5, "ved ikke" excluded

    @property
    def is_closed(self) -> bool:
        return self.kind != "text"

    @property
    def any_hidden(self) -> bool:
        return self.n.suppressed or any(c.count.suppressed for c in self.cells)


@dataclass(frozen=True)
class PrincipleGroup:
    """One of the municipality's principles of "Mødet med borgeren" and its questions."""

    number: int
    title: str
    questions: tuple[QuestionData, ...]


@dataclass(frozen=True)
class IndexPoint:
    label: str  # e.g. "Forår 2025" or the round title
    value: Shown


@dataclass(frozen=True)
class IndexData:
    """The procesretfærdighed index (0–100) next to earlier rounds and all centres."""

    current: Shown
    earlier: tuple[IndexPoint, ...]
    all_centres: Shown | None
    change_since_previous: Shown | None
    difference_to_all: Shown | None
    questions: tuple[str, ...] = ("S06", "S07", "S08")


@dataclass(frozen=True)
class Quote:
    text: str  # approved anonymised text only


@dataclass(frozen=True)
class ThemeData:
    key: str
    label: str
    mentions: Shown
    negative: Shown  # count of negative mentions
    negative_share: Shown  # percent of the mentions
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class ParticipationData:
    invited: Shown
    answered: Shown  # every channel, held responses included
    rate: Shown  # web responses / invitations ("–" without invitations)
    channels: tuple[CellData, ...]
    held: int = 0  # submitted, not yet released (only while open)
    web: Shown | None = None  # responses by link or code: the numerator of the rate


@dataclass(frozen=True)
class FigurePair:
    """A before/after figure of an earlier learning point."""

    label: str
    before: Shown
    after: Shown
    change: Shown | None = None


@dataclass(frozen=True)
class LearningPointData:
    title: str
    description: str
    status: str  # Danish label
    status_key: str
    themes: tuple[str, ...] = ()
    due_date: dt.date | None = None
    round_title: str = ""
    centre_response: str = ""
    evidence: tuple[tuple[str, str], ...] = ()  # (label, value) recorded as evidence
    figures: tuple[FigurePair, ...] = ()
    overdue: bool = False


@dataclass(frozen=True)
class FocusQuestionData:
    question: QuestionData
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class BriefData:
    round_id: int
    title: str
    centre_code: str
    centre_name: str
    period_start: dt.date
    period_end: dt.date
    state: str  # kladde | aaben | lukket | afrapporteret
    state_label: str
    generated_on: dt.date
    municipality: str
    k: int
    hovedpunkter_godt: str
    hovedpunkter_bedre: str
    participation: ParticipationData
    questions: tuple[QuestionData, ...]
    principles: tuple[PrincipleGroup, ...]
    index: IndexData
    free_texts: Shown
    themes: tuple[ThemeData, ...]
    focus: tuple[FocusQuestionData, ...]
    new_points: tuple[LearningPointData, ...]
    earlier_points: tuple[LearningPointData, ...]
    channels_used: tuple[str, ...] = ()
    principle_titles: dict[int, str] = field(default_factory=dict)
    # Approved quotes not shown under a theme or focus question (e.g. texts without a theme),
    # at most a handful, and how many more there are.
    other_quotes: tuple[Quote, ...] = ()
    other_quotes_more: int = 0

    @property
    def preliminary(self) -> bool:
        """Before the round is closed the brief is marked "Foreløbig" on every page."""
        return self.state in ("kladde", "aaben")

    @property
    def has_answers(self) -> bool:
        return (self.participation.answered.value or 0) > 0

    @property
    def all_suppressed(self) -> bool:
        return self.has_answers and self.participation.answered.suppressed

    @property
    def period_text(self) -> str:
        return f"{danish_date(self.period_start)} – {danish_date(self.period_end)}"


# --------------------------------------------------------------------------- annual overview


@dataclass(frozen=True)
class CentreYearRow:
    centre_code: str
    centre_name: str
    rounds: int
    invited: Shown
    answered: Shown
    rate: Shown
    index: Shown


@dataclass(frozen=True)
class ThemeAcrossRow:
    key: str
    label: str
    mentions: Shown
    negative_share: Shown
    per_centre: tuple[tuple[str, Shown], ...]  # (centre code, mentions)


@dataclass(frozen=True)
class StatusCount:
    status_key: str
    label: str
    count: int  # learning points are not citizen figures: never suppressed


@dataclass(frozen=True)
class CentreLearningRow:
    centre_code: str
    counts: tuple[StatusCount, ...]
    overdue: int


@dataclass(frozen=True)
class AnnualData:
    year: int
    generated_on: dt.date
    municipality: str
    k: int
    preliminary: bool
    centres: tuple[CentreYearRow, ...]
    total_answered: Shown
    total_invited: Shown
    total_rate: Shown
    all_index: Shown
    themes: tuple[ThemeAcrossRow, ...]
    learning: tuple[CentreLearningRow, ...]
    learning_totals: tuple[StatusCount, ...]
    rounds_included: tuple[str, ...] = ()

    @property
    def has_answers(self) -> bool:
        return (self.total_answered.value or 0) > 0


# --------------------------------------------------------------------------- helpers

_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def danish_date(day: dt.date) -> str:
    """``3. februar 2026``."""
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"

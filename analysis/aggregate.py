"""Aggregation and the small-number rule: the ONE place where figures are computed.

Screens and PDF briefs use these functions and print figures through :class:`Shown`, so a
figure below the limit reads the same everywhere: "færre end 5" (with the configured k), and a
cell hidden only to protect another one (complementary suppression) reads "skjult".

Pure Python: no Flask, no SQLAlchemy.

The small-number rule (``suppress``)
------------------------------------
A figure is shown only when the number of responses it is computed from (its *base*) is at
least ``k`` (``MIN_GROUP_SIZE``, default 5). For a set of cells that add up to a total which
is itself shown (a distribution of answers):

1. *Primary suppression*: every cell with ``0 < count < k`` is hidden. A cell of 0 is not
   sensitive (nobody is described by it) and is shown as 0.
2. *Total below k*: if the total is below ``k`` the total is hidden by the caller; then rule 1
   already hides every non-zero cell (each is at most the total).
3. *Complementary suppression*: if, after rule 1, exactly one non-zero cell is hidden and the
   total is shown, the hidden cell would be ``total - sum(shown)``. The smallest shown
   non-zero cell is then hidden too (ties: the first in the given order). Hiding a 0 cell
   would not help (the remainder still equals the sensitive cell), so 0 cells are never
   chosen. Hiding two or more non-zero cells leaves their sum, not the single values.

So after ``suppress`` with a total of at least ``k``, the number of hidden cells is never
exactly one.

Every hidden :class:`Shown` carries its *reason*: ``"small"`` (rules 1–2: the figure itself
rests on fewer than k responses; printed "færre end k") or ``"complementary"`` (rule 3: the
figure is k or more but hidden so a small one cannot be worked out; printed "skjult").

The response rate (``response_rate``)
-------------------------------------
Web responses (the citizen answered with a link or short code, which uses the invitation) in
percent of the round's invitations. Interview and paper answers are entered by the advisor
without an invitation, so they count as responses but never in the rate. A round without
invitations has no rate ("–"). Over several rounds (``pooled_response_rate``) the rate is the
sum of web responses over the sum of invitations, of the rounds that have invitations only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

DEFAULT_K = 5

LIKERT_SCALE: tuple[str, ...] = ("1", "2", "3", "4", "5")
LIKERT_CELLS: tuple[str, ...] = (*LIKERT_SCALE, "vi")
JANEJ_CELLS: tuple[str, ...] = ("ja", "nej", "vi")
DONT_KNOW = "vi"

# The procesretfærdighed index: mean over these Likert questions of (x − 1) / 4 × 100.
INDEX_QUESTIONS: tuple[str, ...] = ("S06", "S07", "S08")

SENTIMENTS: tuple[str, ...] = ("positiv", "negativ", "neutral", "blandet")

# The nine theme keys used by the coder, with Danish labels.
THEME_LABELS: dict[str, str] = {
    "sagsbehandlingstid": "Sagsbehandlingstid",
    "tilgaengelighed": "Tilgængelighed",
    "kommunikation": "Kommunikation",
    "information": "Information",
    "inddragelse": "Inddragelse",
    "procesretfaerdighed": "Procesretfærdighed",
    "afgoerelse": "Afgørelse",
    "samarbejde": "Samarbejde",
    "tillid": "Tillid",
}

Kind = Literal["count", "mean", "percent", "index", "diff"]
# Why a figure is hidden: "" (shown), "small" (fewer than k) or "complementary" (hidden only so
# that a small figure elsewhere cannot be worked out from the total).
Reason = Literal["", "small", "complementary"]
SMALL: Reason = "small"
COMPLEMENTARY: Reason = "complementary"


# --------------------------------------------------------------------------- Shown


def format_number(value: float, decimals: int) -> str:
    """Danish number format: decimal comma, no thousands separator below 10 000."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",")


def small_number_text(k: int) -> str:
    return f"færre end {k}"


# Printed for a cell hidden by complementary suppression (its own count may well be k or more).
COMPLEMENTARY_TEXT = "skjult"
COMPLEMENTARY_EXPLANATION = "skjult for at beskytte en lille gruppe"


def complementary_note(k: int) -> str:
    """One sentence explaining "skjult", for a note under a table."""
    return (
        f"»{COMPLEMENTARY_TEXT}«: tallet er {COMPLEMENTARY_EXPLANATION} – ellers kunne et "
        f"tal under {k} regnes ud af totalen."
    )


@dataclass(frozen=True)
class Shown:
    """A figure with its base and whether the small-number rule hides it.

    ``value`` is always the real figure (None when nothing could be computed); the advisor may
    see it, everyone else gets :meth:`text` without ``reveal`` ("færre end k", or "skjult" for
    a figure hidden by complementary suppression, see ``reason``).
    """

    value: float | None
    base: int
    suppressed: bool
    k: int = DEFAULT_K
    kind: Kind = "count"
    reason: Reason = ""

    def __post_init__(self) -> None:
        # A hidden figure without a stated reason is hidden because it is small.
        if self.suppressed and not self.reason:
            object.__setattr__(self, "reason", SMALL)
        elif not self.suppressed and self.reason:
            object.__setattr__(self, "reason", "")

    @classmethod
    def of(cls, value: float | None, base: int, k: int, kind: Kind = "count") -> Shown:
        # A base of 0 describes nobody, so it is not hidden (the value is then None or 0).
        return cls(value=value, base=base, suppressed=0 < base < k, k=k, kind=kind)

    @classmethod
    def hidden_if(
        cls,
        value: float | None,
        base: int,
        k: int,
        hidden: bool,
        kind: Kind = "count",
        reason: Reason = SMALL,
    ) -> Shown:
        return cls(
            value=value,
            base=base,
            suppressed=hidden,
            k=k,
            kind=kind,
            reason=reason if hidden else "",
        )

    @property
    def secondary(self) -> bool:
        """Hidden only to protect another, small figure (complementary suppression)."""
        return self.suppressed and self.reason == COMPLEMENTARY

    @property
    def explanation(self) -> str:
        """Why the figure is hidden, in a sentence ("" when it is shown)."""
        if not self.suppressed:
            return ""
        if self.secondary:
            return (
                f"{COMPLEMENTARY_EXPLANATION[0].upper()}{COMPLEMENTARY_EXPLANATION[1:]}: "
                f"ellers kunne et tal under {self.k} regnes ud."
            )
        return f"Bygger på færre end {self.k} besvarelser."

    @property
    def visible(self) -> float | None:
        """The value as others may see it: None when suppressed."""
        return None if self.suppressed else self.value

    def text(self, reveal: bool = False) -> str:
        if self.suppressed and not reveal:
            return COMPLEMENTARY_TEXT if self.secondary else small_number_text(self.k)
        if self.value is None:
            return "–"
        return self.format(self.value)

    def format(self, value: float) -> str:
        if self.kind == "count":
            return str(int(round(value)))
        if self.kind == "mean":
            return format_number(value, 1)
        if self.kind == "percent":
            return f"{format_number(value, 0)} %"
        if self.kind == "index":
            return format_number(value, 0)
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        return f"{sign}{format_number(abs(value), 1)}"

    def __str__(self) -> str:
        return self.text()


# --------------------------------------------------------------------------- suppress


def suppression_reasons(counts: Mapping[str, int], k: int) -> dict[str, Reason]:
    """Why each cell is hidden under the small-number rule: "" (shown), "small" or
    "complementary" (see the module doc). Same keys, same order."""
    if k < 1:
        raise ValueError("k skal være mindst 1")
    small = {key for key, count in counts.items() if 0 < count < k}
    total = sum(counts.values())
    complementary: set[str] = set()
    if len(small) == 1 and total >= k:
        candidates = [
            (count, index, key)
            for index, (key, count) in enumerate(counts.items())
            if key not in small and count > 0
        ]
        if candidates:
            complementary.add(min(candidates)[2])
    return {
        key: (SMALL if key in small else COMPLEMENTARY if key in complementary else "")
        for key in counts
    }


def suppress(counts: Mapping[str, int], k: int) -> dict[str, int | None]:
    """Apply the small-number rule to cells that add up to a total (see the module doc).

    Returns the same keys, in the same order; a hidden cell is ``None``.
    """
    reasons = suppression_reasons(counts, k)
    return {key: (None if reasons[key] else count) for key, count in counts.items()}


def shown_cells(
    counts: Mapping[str, int], k: int, total_base: int | None = None
) -> dict[str, Shown]:
    """``suppress`` as :class:`Shown` counts, each with its reason. If the total is below k
    every non-zero cell is hidden (as small)."""
    total = sum(counts.values()) if total_base is None else total_base
    reasons = suppression_reasons(counts, k)
    out: dict[str, Shown] = {}
    for key, count in counts.items():
        reason: Reason = SMALL if (total < k and count > 0) else reasons[key]
        out[key] = Shown.hidden_if(float(count), count, k, bool(reason), "count", reason or SMALL)
    return out


def shown_shares(counts: Mapping[str, int], k: int) -> dict[str, Shown]:
    """Percent shares of each cell, hidden exactly where (and why) the count is hidden."""
    total = sum(counts.values())
    cells = shown_cells(counts, k)
    out: dict[str, Shown] = {}
    for key, count in counts.items():
        share = (count / total * 100) if total else None
        cell = cells[key]
        out[key] = Shown.hidden_if(
            share, count, k, cell.suppressed, "percent", cell.reason or SMALL
        )
    return out


# --------------------------------------------------------------------------- summaries


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


@dataclass(frozen=True)
class LikertSummary:
    counts: dict[str, int]  # keys "1".."5" and "vi"
    n: int  # all answers, "vi" included
    n_valid: int  # answers 1–5
    mean: float | None  # mean of 1–5, "vi" excluded

    @property
    def dont_know(self) -> int:
        return self.counts[DONT_KNOW]

    def shown_n(self, k: int) -> Shown:
        return Shown.of(float(self.n), self.n, k)

    def shown_counts(self, k: int) -> dict[str, Shown]:
        return shown_cells(self.counts, k)

    def shown_shares(self, k: int) -> dict[str, Shown]:
        return shown_shares(self.counts, k)

    def shown_mean(self, k: int) -> Shown:
        return Shown.of(self.mean, self.n_valid, k, "mean")


def likert_summary(values: Iterable[str]) -> LikertSummary:
    counts = dict.fromkeys(LIKERT_CELLS, 0)
    for value in values:
        if value in counts:
            counts[value] += 1
    scores = [float(v) for v in LIKERT_SCALE for _ in range(counts[v])]
    return LikertSummary(
        counts=counts, n=sum(counts.values()), n_valid=len(scores), mean=_mean(scores)
    )


@dataclass(frozen=True)
class CategorySummary:
    """Counts of a yes/no or choice question, in the order of its options."""

    counts: dict[str, int]
    n: int

    def shown_n(self, k: int) -> Shown:
        return Shown.of(float(self.n), self.n, k)

    def shown_counts(self, k: int) -> dict[str, Shown]:
        return shown_cells(self.counts, k)

    def shown_shares(self, k: int) -> dict[str, Shown]:
        return shown_shares(self.counts, k)


def janej_summary(values: Iterable[str]) -> CategorySummary:
    return choice_summary(values, JANEJ_CELLS)


def choice_summary(values: Iterable[str], option_codes: Sequence[str]) -> CategorySummary:
    counts = dict.fromkeys(option_codes, 0)
    for value in values:
        if value in counts:
            counts[value] += 1
    return CategorySummary(counts=counts, n=sum(counts.values()))


# --------------------------------------------------------------------------- index


@dataclass(frozen=True)
class IndexResult:
    """The procesretfærdighed index, 0–100.

    Pooled: the mean of (x − 1) / 4 × 100 over all non-"vi" answers to S06–S08 of all
    responses. ``n`` is the number of responses contributing at least one such answer (the
    base of the small-number rule); ``answers`` the number of pooled answers.
    """

    value: float | None
    n: int
    answers: int

    def shown(self, k: int) -> Shown:
        return Shown.of(self.value, self.n, k, "index")


def procesretfaerdighed_index(
    answers_per_response: Iterable[Mapping[str, str]],
    questions: Sequence[str] = INDEX_QUESTIONS,
) -> IndexResult:
    scores: list[float] = []
    contributing = 0
    for answers in answers_per_response:
        mine = [answers.get(code) for code in questions]
        valid = [float(v) for v in mine if v in LIKERT_SCALE]
        if valid:
            contributing += 1
            scores.extend((v - 1) / 4 * 100 for v in valid)
    return IndexResult(value=_mean(scores), n=contributing, answers=len(scores))


# --------------------------------------------------------------------------- comparisons


@dataclass(frozen=True)
class Comparison:
    """A figure next to the same centre's earlier rounds and to all centres.

    A difference is suppressed when either of its two figures is suppressed.
    """

    current: Shown
    earlier: tuple[Shown, ...]
    all_centres: Shown | None
    change_since_previous: Shown | None
    difference_to_all: Shown | None

    @property
    def previous(self) -> Shown | None:
        return self.earlier[-1] if self.earlier else None


def _difference(a: Shown, b: Shown) -> Shown:
    value = a.value - b.value if a.value is not None and b.value is not None else None
    hidden = a.suppressed or b.suppressed
    reason: Reason = SMALL if SMALL in (a.reason, b.reason) else COMPLEMENTARY if hidden else ""
    return Shown(
        value=value,
        base=min(a.base, b.base),
        suppressed=hidden,
        k=a.k,
        kind="diff",
        reason=reason,
    )


def compare(
    current: Shown, earlier: Sequence[Shown], all_centres: Shown | None = None
) -> Comparison:
    """``earlier``: the same centre's earlier rounds, oldest first."""
    previous = earlier[-1] if earlier else None
    return Comparison(
        current=current,
        earlier=tuple(earlier),
        all_centres=all_centres,
        change_since_previous=_difference(current, previous) if previous else None,
        difference_to_all=_difference(current, all_centres) if all_centres else None,
    )


# --------------------------------------------------------------------------- themes


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    label: str
    mentions: Shown
    sentiments: dict[str, Shown] = field(default_factory=dict)


@dataclass(frozen=True)
class ThemeSummary:
    """Per theme: mentions and the split on sentiment.

    A text may carry several themes, so themes do not add up to a total and are each checked
    on their own (base = mentions ≥ k). Within a theme the sentiments do add up to its
    mentions, so they go through ``suppress`` (complementary suppression included); when the
    mentions are hidden, every sentiment of that theme is hidden too.
    """

    rows: tuple[ThemeRow, ...]
    texts: Shown


def theme_summary(codings: Iterable[tuple[list[str], str]], k: int) -> ThemeSummary:
    mentions: dict[str, int] = {}
    split: dict[str, dict[str, int]] = {}
    n_texts = 0
    for themes, sentiment in codings:
        n_texts += 1
        for theme in dict.fromkeys(themes):
            mentions[theme] = mentions.get(theme, 0) + 1
            bucket = split.setdefault(theme, dict.fromkeys(SENTIMENTS, 0))
            bucket[sentiment if sentiment in bucket else "neutral"] += 1
    order = [t for t in THEME_LABELS if t in mentions] + sorted(
        t for t in mentions if t not in THEME_LABELS
    )
    rows = []
    for theme in order:
        count = mentions[theme]
        rows.append(
            ThemeRow(
                theme=theme,
                label=THEME_LABELS.get(theme, theme),
                mentions=Shown.of(float(count), count, k),
                sentiments=shown_cells(split[theme], k, total_base=count),
            )
        )
    rows.sort(key=lambda row: -(row.mentions.value or 0))
    return ThemeSummary(rows=tuple(rows), texts=Shown.of(float(n_texts), n_texts, k))


# --------------------------------------------------------------------------- participation


def response_rate(web_responded: int, invited: int, k: int) -> Shown:
    """Web responses in percent of invitations (see the module doc).

    ``web_responded`` counts only answers given with a link or code (channel web); interview
    and paper answers are never divided by invitations. Undefined ("–", value None, not
    hidden) when there are no invitations; hidden when fewer than k answered on the web.
    """
    if invited <= 0:
        return Shown.of(None, 0, k, "percent")
    return Shown.of(web_responded / invited * 100, web_responded, k, "percent")


def pooled_response_rate(rounds: Iterable[tuple[int, int]], k: int) -> Shown:
    """The response rate over several rounds, each given as ``(web responses, invitations)``.

    Rounds without invitations are left out (their web answers are not in the numerator
    either); "–" when no round has invitations.
    """
    web = invited = 0
    for round_web, round_invited in rounds:
        if round_invited > 0:
            web += round_web
            invited += round_invited
    return response_rate(web, invited, k)

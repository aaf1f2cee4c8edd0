"""The advisor's review of analysed free text (flush, never commit).

Public read API for other packages
----------------------------------
``approved_quotes(round_id, theme=None) -> list[QuoteData]``
    The ONLY way free text may leave the advisor's screens (briefs, learning points, any page
    for centres or management): it returns the anonymised text of answers the advisor approved
    as quotes (``ReviewStatus.GODKENDT``), never raw text and never unreviewed text. ``theme``
    limits to quotes coded with that theme key. Ordered by question position.

Redactions
----------
``FreeText.pii_spans`` holds ``{"start", "end", "kind", "placeholder"}`` over the raw text.
Redactions are applied to the current anonymised text (so the advisor's manual edits survive);
undoing one puts the original fragment (read from the raw text, while it exists) back in place of
the matching occurrence of its placeholder.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import func, select

from analysis.aggregate import THEME_LABELS

from .. import audit
from ..extensions import db
from ..models import (
    Borgerrejse,
    CodingExample,
    CustomTheme,
    FreeText,
    Question,
    ReviewStatus,
    utcnow,
)

PII_KINDS: tuple[str, ...] = (
    "NAVN",
    "CPR",
    "TELEFON",
    "EMAIL",
    "ADRESSE",
    "SAGSNR",
    "INSTITUTION",
    "DATO",
)
KIND_LABELS: dict[str, str] = {
    "NAVN": "Navn",
    "CPR": "CPR-nummer",
    "TELEFON": "Telefonnummer",
    "EMAIL": "E-mail",
    "ADRESSE": "Adresse",
    "SAGSNR": "Sagsnummer",
    "INSTITUTION": "Institution (fx skole)",
    "DATO": "Dato",
}
SENTIMENTS: dict[str, str] = {
    "positiv": "Positiv",
    "negativ": "Negativ",
    "neutral": "Neutral",
    "blandet": "Blandet",
}
_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(PII_KINDS) + r")(?: \d+)?\]")
_NAME_NUMBER = re.compile(r"\[NAVN (\d+)\]")


class ReviewError(ValueError):
    """A review action that cannot be done; the message is Danish."""


# --------------------------------------------------------------------------- reading


def theme_choices() -> list[tuple[str, str]]:
    """The nine theme keys and the advisor's custom themes, as (key, label)."""
    choices = list(THEME_LABELS.items())
    for theme in db.session.scalars(select(CustomTheme).order_by(CustomTheme.label)):
        if theme.key not in THEME_LABELS:
            choices.append((theme.key, theme.label))
    return choices


def theme_label(key: str) -> str:
    if key in THEME_LABELS:
        return THEME_LABELS[key]
    custom = db.session.scalar(select(CustomTheme.label).where(CustomTheme.key == key))
    return custom or key


def get_free_text(text_id: str | uuid.UUID) -> FreeText | None:
    try:
        key = text_id if isinstance(text_id, uuid.UUID) else uuid.UUID(str(text_id))
    except ValueError:
        return None
    return db.session.get(FreeText, key)


def round_texts(round_id: int) -> list[FreeText]:
    """The round's free texts in a stable review order (question, then id)."""
    return list(
        db.session.scalars(
            select(FreeText)
            .join(Question, FreeText.question_id == Question.id)
            .where(Question.borgerrejse_id == round_id)
            .order_by(Question.position, FreeText.id)
        )
    )


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int
    approved: int

    @property
    def text(self) -> str:
        return f"{self.reviewed} af {self.total} gennemgået"


def progress(round_id: int) -> Progress:
    rows = db.session.execute(
        select(FreeText.review_status, func.count(FreeText.id))
        .join(Question, FreeText.question_id == Question.id)
        .where(Question.borgerrejse_id == round_id)
        .group_by(FreeText.review_status)
    ).all()
    counts = {status: int(n) for status, n in rows}
    total = sum(counts.values())
    return Progress(
        reviewed=total - counts.get(ReviewStatus.NY, 0),
        total=total,
        approved=counts.get(ReviewStatus.GODKENDT, 0),
    )


@dataclass(frozen=True)
class RoundQueue:
    round: Borgerrejse
    progress: Progress


def queue() -> list[RoundQueue]:
    """Rounds with free text, newest first, with their review progress."""
    ids = list(
        db.session.scalars(
            select(Question.borgerrejse_id)
            .join(FreeText, FreeText.question_id == Question.id)
            .distinct()
        )
    )
    rounds = (
        list(
            db.session.scalars(
                select(Borgerrejse).where(Borgerrejse.id.in_(ids)).order_by(Borgerrejse.id.desc())
            )
        )
        if ids
        else []
    )
    return [RoundQueue(rnd, progress(rnd.id)) for rnd in rounds]


def next_unreviewed(round_id: int | None = None, after: FreeText | None = None) -> FreeText | None:
    """The next answer not yet reviewed: in the round (after ``after`` if given), else any round."""
    if round_id is None:
        for item in queue():
            if item.progress.reviewed < item.progress.total:
                return next_unreviewed(item.round.id)
        return None
    texts = round_texts(round_id)
    start = 0
    if after is not None and after in texts:
        start = texts.index(after) + 1
    for text in texts[start:] + texts[:start]:
        if text.review_status is ReviewStatus.NY and text is not after:
            return text
    return None


@dataclass(frozen=True)
class Position:
    index: int  # 1-based
    total: int
    previous_id: str | None
    next_id: str | None


def position(text: FreeText) -> Position:
    texts = round_texts(text.question.borgerrejse_id)
    index = texts.index(text)
    return Position(
        index=index + 1,
        total=len(texts),
        previous_id=str(texts[index - 1].id) if index > 0 else None,
        next_id=str(texts[index + 1].id) if index + 1 < len(texts) else None,
    )


# --------------------------------------------------------------------------- rendering


def highlight_placeholders(text: str | None) -> Markup:
    """The anonymised text, escaped, with every placeholder wrapped in ``<mark class="pii">``."""
    if not text:
        return Markup("")
    parts: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        parts.append(f'<mark class="pii">{escape(match.group(0))}</mark>')
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


def highlight_spans(raw: str | None, spans: list[dict[str, Any]]) -> Markup:
    """The raw text, escaped, with each PII span marked (and its kind given to screen readers)."""
    if not raw:
        return Markup("")
    parts: list[str] = []
    last = 0
    for span in sorted(_valid_spans(raw, spans), key=lambda s: s["start"]):
        start, end = int(span["start"]), int(span["end"])
        if start < last:
            continue
        parts.append(str(escape(raw[last:start])))
        label = KIND_LABELS.get(str(span.get("kind")), str(span.get("kind")))
        parts.append(f'<mark class="pii" title="{escape(label)}">{escape(raw[start:end])}</mark>')
        last = end
    parts.append(str(escape(raw[last:])))
    return Markup("".join(parts))


def _valid_spans(raw: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for span in spans or []:
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start < end <= len(raw):
            out.append(span)
    return out


@dataclass(frozen=True)
class RedactionRow:
    index: int
    kind: str
    kind_label: str
    placeholder: str
    original: str | None  # None once the raw text is deleted


def redactions(text: FreeText) -> list[RedactionRow]:
    rows = []
    for index, span in enumerate(text.pii_spans or []):
        kind = str(span.get("kind", ""))
        original = None
        if text.raw_text is not None:
            try:
                original = text.raw_text[int(span["start"]) : int(span["end"])]
            except (KeyError, TypeError, ValueError):
                original = None
        rows.append(
            RedactionRow(
                index=index,
                kind=kind,
                kind_label=KIND_LABELS.get(kind, kind),
                placeholder=str(span.get("placeholder") or f"[{kind}]"),
                original=original,
            )
        )
    return rows


# --------------------------------------------------------------------------- writing


def _touch(text: FreeText) -> None:
    text.reviewed_by_advisor = True
    text.reviewed_at = utcnow()


def view_raw_text(text: FreeText) -> None:
    """Record that the advisor deliberately looked at the raw text."""
    audit.record("view_raw_text", target=f"free_text:{text.id}")


def _placeholder_for(text: FreeText, fragment: str, kind: str) -> str:
    spans = text.pii_spans or []
    if kind != "NAVN":
        return f"[{kind}]"
    raw = text.raw_text or ""
    for span in spans:
        if span.get("kind") == "NAVN" and span.get("placeholder"):
            try:
                same = raw[int(span["start"]) : int(span["end"])].casefold() == fragment.casefold()
            except (KeyError, TypeError, ValueError):
                same = False
            if same:
                return str(span["placeholder"])
    used = [int(n) for n in _NAME_NUMBER.findall(text.anonymised_text or "")]
    used += [
        int(m.group(1))
        for s in spans
        if (m := _NAME_NUMBER.fullmatch(str(s.get("placeholder") or "")))
    ]
    return f"[NAVN {max(used, default=0) + 1}]"


def add_redaction(text: FreeText, fragment: str, kind: str) -> int:
    """Redact every occurrence of ``fragment`` in the anonymised text; returns the count."""
    if kind not in PII_KINDS:
        raise ReviewError("Vælg, hvilken slags oplysning der skal skjules.")
    if not fragment.strip():
        raise ReviewError("Skriv den tekst, der skal skjules, præcis som den står.")
    fragment = fragment.strip()
    current = text.anonymised_text or ""
    if fragment not in current:
        raise ReviewError(
            f"Teksten »{fragment}« står ikke i den anonymiserede tekst. "
            "Skriv den præcis, som den står."
        )
    if _PLACEHOLDER.fullmatch(fragment):
        raise ReviewError("Teksten er allerede skjult.")
    placeholder = _placeholder_for(text, fragment, kind)
    count = current.count(fragment)
    text.anonymised_text = current.replace(fragment, placeholder)
    spans = list(text.pii_spans or [])
    if text.raw_text is not None:
        taken = [(int(s["start"]), int(s["end"])) for s in _valid_spans(text.raw_text, spans)]
        for match in re.finditer(re.escape(fragment), text.raw_text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            spans.append(
                {
                    "start": match.start(),
                    "end": match.end(),
                    "kind": kind,
                    "placeholder": placeholder,
                    "manual": True,
                }
            )
            taken.append((match.start(), match.end()))
    spans.sort(key=lambda s: (int(s["start"]), int(s["end"])))
    text.pii_spans = spans
    _touch(text)
    db.session.flush()
    return count


def undo_redaction(text: FreeText, index: int) -> str:
    """Put one redaction's original fragment back (needs the raw text); returns the fragment."""
    spans = list(text.pii_spans or [])
    if not 0 <= index < len(spans):
        raise ReviewError("Den skjulte oplysning findes ikke længere. Genindlæs siden.")
    if text.raw_text is None:
        raise ReviewError(
            "Råteksten er slettet efter udløb af opbevaringsperioden, så skjulningen kan ikke "
            "fortrydes. Ret i stedet teksten i hånden."
        )
    span = spans[index]
    try:
        original = text.raw_text[int(span["start"]) : int(span["end"])]
    except (KeyError, TypeError, ValueError) as error:
        raise ReviewError("Den skjulte oplysning kan ikke findes i råteksten.") from error
    placeholder = str(span.get("placeholder") or f"[{span.get('kind')}]")
    nth = sum(
        1 for s in spans[:index] if str(s.get("placeholder") or f"[{s.get('kind')}]") == placeholder
    )
    current = text.anonymised_text or ""
    positions = [m.start() for m in re.finditer(re.escape(placeholder), current)]
    if not positions:
        raise ReviewError(
            f"Pladsholderen {placeholder} står ikke længere i teksten, så den kan ikke fortrydes."
        )
    at = positions[min(nth, len(positions) - 1)]
    text.anonymised_text = current[:at] + original + current[at + len(placeholder) :]
    del spans[index]
    text.pii_spans = spans
    _touch(text)
    db.session.flush()
    return original


def edit_text(text: FreeText, new_text: str) -> None:
    """Store the advisor's own wording of the anonymised text (e.g. a generalisation)."""
    cleaned = new_text.replace("\r\n", "\n").strip()
    if not cleaned:
        raise ReviewError("Den anonymiserede tekst må ikke være tom.")
    if text.review_status is ReviewStatus.GODKENDT and cleaned != (text.anonymised_text or ""):
        audit.record("quote_edited", target=f"free_text:{text.id}")
    text.anonymised_text = cleaned
    _touch(text)
    db.session.flush()


def correct_coding(text: FreeText, themes: list[str], sentiment: str) -> bool:
    """Save corrected themes and sentiment; a change is kept as a ``CodingExample``.

    Returns True when the coding changed. Only the anonymised text goes into the example; one
    example per text (a later correction of the same text replaces the earlier one).
    """
    allowed = {key for key, _ in theme_choices()}
    unknown = [t for t in themes if t not in allowed]
    if unknown:
        raise ReviewError("Et af de valgte emner findes ikke.")
    if sentiment not in SENTIMENTS:
        raise ReviewError("Vælg en stemning.")
    new_themes = sorted(dict.fromkeys(themes))
    changed = new_themes != sorted(text.themes or []) or sentiment != text.sentiment
    text.themes = new_themes
    text.sentiment = sentiment
    _touch(text)
    if changed and text.anonymised_text:
        example = db.session.scalar(
            select(CodingExample).where(CodingExample.text == text.anonymised_text).limit(1)
        )
        if example is None:
            example = CodingExample(text=text.anonymised_text, themes=[], sentiment=sentiment)
            db.session.add(example)
        example.themes = new_themes
        example.sentiment = sentiment
    db.session.flush()
    return changed


def set_status(text: FreeText, status: ReviewStatus) -> None:
    """Approve as quote, mark reviewed (not a quote), or revoke an approval (→ reviewed)."""
    before = text.review_status
    if status is ReviewStatus.GODKENDT and not (text.anonymised_text or "").strip():
        raise ReviewError("Et svar uden anonymiseret tekst kan ikke godkendes som citat.")
    if status is ReviewStatus.NY:
        raise ReviewError("Et gennemgået svar kan ikke sættes tilbage til ikke gennemgået.")
    text.review_status = status
    _touch(text)
    db.session.flush()
    if status is ReviewStatus.GODKENDT and before is not ReviewStatus.GODKENDT:
        audit.record("quote_approved", target=f"free_text:{text.id}")
    elif before is ReviewStatus.GODKENDT and status is not ReviewStatus.GODKENDT:
        audit.record("quote_revoked", target=f"free_text:{text.id}")


# --------------------------------------------------------------------------- public read API


@dataclass(frozen=True)
class QuoteData:
    """An approved, anonymised quote: safe to show outside the advisor's screens."""

    id: str
    round_id: int
    question_code: str
    question_text: str
    text: str
    themes: tuple[str, ...]
    sentiment: str | None


def approved_quotes(round_id: int, theme: str | None = None) -> list[QuoteData]:
    """Only ``GODKENDT`` answers of the round, anonymised text only (see the module doc)."""
    rows = db.session.execute(
        select(FreeText, Question)
        .join(Question, FreeText.question_id == Question.id)
        .where(
            Question.borgerrejse_id == round_id,
            FreeText.review_status == ReviewStatus.GODKENDT,
            FreeText.anonymised_text.is_not(None),
        )
        .order_by(Question.position, FreeText.id)
    ).all()
    quotes = []
    for text, question in rows:
        if not (text.anonymised_text or "").strip():
            continue
        if theme is not None and theme not in (text.themes or []):
            continue
        quotes.append(
            QuoteData(
                id=str(text.id),
                round_id=round_id,
                question_code=question.code,
                question_text=question.text_da,
                text=text.anonymised_text or "",
                themes=tuple(text.themes or []),
                sentiment=text.sentiment,
            )
        )
    return quotes

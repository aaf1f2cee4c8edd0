"""Parsing and validating citizen answers; the code-entry form.

Reusable pieces (independent of invitations; the advisor's preview and interview recording use
them too):

``parse_answers(questions, data, lang="da", max_length=None) -> (clean, errors)``
    ``questions``: question-like objects (``Question``, ``StandardQuestion`` or ``QuestionView``)
    with ``code``, ``kind``, ``text_da``, ``text_en`` and ``options``. ``data``: a mapping of
    submitted values keyed by question code (``request.form`` works). Returns ``clean``:
    ``{code: value}`` for the answered, valid questions only (closed answers are allowed codes:
    Likert ``1``–``5``/``vi``, ``ja``/``nej``/``vi`` or an option code; free text with ``\\r\\n``
    normalised to ``\\n``), and ``errors``: ``{code: message}`` in ``lang`` for values that are
    not allowed, text longer than ``max_length`` (default ``FREE_TEXT_MAX_LENGTH``) and text
    with control characters other than newline, carriage return and tab. No question is required.

``display_values(questions, data) -> {code: str}``
    What to show again in the form after an error: everything entered, with the control
    characters that cannot be stored removed.

``choices(question, lang) -> [(value, label)]``
    The radio options of a closed question in ``lang`` (empty for free text).

The template partial ``templates/citizen/_questions.html`` renders questions with these values
and errors: ``{% from "citizen/_questions.html" import render_questions %}`` then
``{{ render_questions(questions, values, errors, lang) }}``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import current_app, has_app_context
from flask_wtf import FlaskForm
from wtforms import StringField

from ..models import QuestionKind, QuestionOrigin
from ..seed import JANEJ_LABELS_DA, JANEJ_LABELS_EN, LIKERT_LABELS_DA, LIKERT_LABELS_EN
from .i18n import t

DEFAULT_MAX_LENGTH = 5000
_ALLOWED_CONTROL = {"\n", "\r", "\t"}


class QuestionLike(Protocol):
    code: str
    kind: QuestionKind
    text_da: str
    text_en: str
    options: Any


@dataclass(frozen=True)
class QuestionView:
    """A detached copy of a question: rendering it never touches the database."""

    code: str
    kind: QuestionKind
    text_da: str
    text_en: str
    origin: QuestionOrigin = QuestionOrigin.STANDARD
    options: tuple[dict[str, str], ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, question: Any) -> QuestionView:
        return cls(
            code=question.code, kind=question.kind, text_da=question.text_da,
            text_en=question.text_en or "",
            origin=getattr(question, "origin", None) or QuestionOrigin.STANDARD,
            options=tuple(dict(o) for o in (question.options or [])),
        )

    def text(self, lang: str) -> str:
        return question_text(self, lang)


def question_text(question: QuestionLike, lang: str) -> str:
    return question.text_en if lang == "en" and question.text_en else question.text_da


def allowed_values(question: QuestionLike) -> list[str]:
    return [value for value, _ in choices(question, "da")]


def choices(question: QuestionLike, lang: str) -> list[tuple[str, str]]:
    english = lang == "en"
    if question.kind is QuestionKind.LIKERT:
        labels = LIKERT_LABELS_EN if english else LIKERT_LABELS_DA
        return list(labels.items())
    if question.kind is QuestionKind.JANEJ:
        labels = JANEJ_LABELS_EN if english else JANEJ_LABELS_DA
        return list(labels.items())
    if question.kind is QuestionKind.CHOICE:
        return [
            (o["code"], (o.get("en") if english and o.get("en") else o.get("da")) or o["code"])
            for o in (question.options or [])
        ]
    return []


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROL for ch in text)


def strip_control_characters(text: str) -> str:
    return "".join(
        ch for ch in text if not (unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROL)
    )


def _max_length(max_length: int | None) -> int:
    if max_length is not None:
        return max_length
    if has_app_context():
        return int(current_app.config.get("FREE_TEXT_MAX_LENGTH", DEFAULT_MAX_LENGTH))
    return DEFAULT_MAX_LENGTH


def _first(data: Mapping[str, Any], code: str) -> str:
    value = data.get(code, "")
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def parse_answers(
    questions: Iterable[QuestionLike],
    data: Mapping[str, Any],
    lang: str = "da",
    max_length: int | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Validate submitted answers; see the module docstring. Never raises on bad input."""
    limit = _max_length(max_length)
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in questions:
        raw = _first(data, question.code)
        label = question_text(question, lang)
        if question.kind is QuestionKind.TEXT:
            text = raw.replace("\r\n", "\n").replace("\r", "\n")
            if has_control_characters(text):
                errors[question.code] = t("error_control_chars", lang, question=label)
                continue
            if len(text) > limit:
                errors[question.code] = t(
                    "error_too_long", lang, question=label, max=limit, length=len(text)
                )
                continue
            if text.strip():
                clean[question.code] = text
            continue
        value = raw.strip()
        if not value:
            continue
        if value not in allowed_values(question):
            errors[question.code] = t("error_bad_choice", lang, question=label)
            continue
        clean[question.code] = value
    return clean, errors


def display_values(questions: Iterable[QuestionLike], data: Mapping[str, Any]) -> dict[str, str]:
    """Everything entered, ready to be shown again (unstorable control characters removed)."""
    return {q.code: strip_control_characters(_first(data, q.code)) for q in questions}


# --------------------------------------------------------------------------- survey steps


@dataclass(frozen=True)
class Step:
    number: int  # 1-based
    kind: str  # "closed" | "text"
    questions: tuple[QuestionView, ...]

    @property
    def codes(self) -> list[str]:
        return [q.code for q in self.questions]


FIRST_STEP_SIZE = 6


def split_steps(questions: Sequence[Any]) -> list[Step]:
    """The round's questions (ordered by position) in steps.

    Step 1: the first six standard closed questions (S01–S06); step 2: the remaining standard
    closed questions and the focus block's closed questions; step 3: all free-text questions
    (standard S12–S14, then the focus block's). Empty steps are left out.
    """
    views = [QuestionView.of(q) for q in questions]
    closed_std = [
        q for q in views if q.kind is not QuestionKind.TEXT and q.origin is QuestionOrigin.STANDARD
    ]
    closed_focus = [
        q for q in views
        if q.kind is not QuestionKind.TEXT and q.origin is not QuestionOrigin.STANDARD
    ]
    texts = [q for q in views if q.kind is QuestionKind.TEXT]
    texts.sort(key=lambda q: q.origin is not QuestionOrigin.STANDARD)  # stable: standard first
    groups: list[tuple[str, list[QuestionView]]] = [
        ("closed", closed_std[:FIRST_STEP_SIZE]),
        ("closed", closed_std[FIRST_STEP_SIZE:] + closed_focus),
        ("text", texts),
    ]
    steps: list[Step] = []
    for kind, group in groups:
        if group:
            steps.append(Step(number=len(steps) + 1, kind=kind, questions=tuple(group)))
    return steps


# --------------------------------------------------------------------------- code entry


class CodeForm(FlaskForm):
    """The 12-character code from the letter; labels and messages are rendered per language."""

    code = StringField()

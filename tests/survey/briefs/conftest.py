"""Helpers for the brief tests: seed answers (through the real hold/release path) and read PDFs."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from flask import Flask

from survey.models import ReviewStatus


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def seed_answers(app: Flask) -> Callable[..., None]:
    """Hold and release ``n`` responses with the given answers (a dict or a per-index callable)."""

    def factory(round_id: int, n: int, answers: dict[str, str] | Callable[[int], dict[str, str]],
                channel: str = "web") -> None:
        from survey.citizen.operations import hold, release_held_responses
        from survey.extensions import db
        from survey.models import Channel

        with app.app_context():
            for i in range(n):
                values = answers(i) if callable(answers) else answers
                hold(round_id, Channel(channel), "da", dict(values))
            release_held_responses(round_id, force=True)
            db.session.commit()

    return factory


@pytest.fixture
def set_texts(app: Flask) -> Callable[..., None]:
    """Overwrite the analysis of free texts whose raw text contains a key."""

    def factory(round_id: int, changes: Sequence[tuple[str, dict[str, Any]]]) -> None:
        from sqlalchemy import select

        from survey.extensions import db
        from survey.models import FreeText, Question

        with app.app_context():
            texts = list(db.session.scalars(
                select(FreeText).join(Question).where(Question.borgerrejse_id == round_id)
            ))
            for needle, values in changes:
                matched = [t for t in texts if t.raw_text and needle in t.raw_text]
                assert matched, needle
                for text in matched:
                    for key, value in values.items():
                        setattr(text, key, value)
                    text.reviewed_by_advisor = True
            db.session.commit()

    return factory


@pytest.fixture
def brief_pdf(app: Flask) -> Callable[[int], bytes]:
    def factory(round_id: int) -> bytes:
        from survey.briefs.operations import build_brief
        from survey.briefs.pdf import BriefRenderer
        from survey.extensions import db
        from survey.models import Borgerrejse

        with app.app_context():
            return BriefRenderer(build_brief(db.session.get(Borgerrejse, round_id))).render()

    return factory


@pytest.fixture
def set_state(app: Flask) -> Callable[[int, str], None]:
    def factory(round_id: int, state: str) -> None:
        from survey.extensions import db
        from survey.models import Borgerrejse
        from survey.rounds.operations import close_round, report_round

        with app.app_context():
            rnd = db.session.get(Borgerrejse, round_id)
            if state in ("lukket", "afrapporteret") and rnd.state.value == "aaben":
                close_round(rnd)
            if state == "afrapporteret":
                report_round(rnd)
            db.session.commit()

    return factory


LIKERT_ALL = {f"S{n:02d}": "4" for n in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11)}


def likert(i: int) -> dict[str, str]:
    """A spread of Likert answers so that every category has at least k at n=30."""
    value = str(i % 5 + 1)
    answers = {code: value for code in LIKERT_ALL}
    answers["S09"] = ("ja", "nej", "vi")[i % 3]
    return answers



SAME_QUOTE = "Sagsbehandleren lyttede til mig DUBLET5521"
THEMELESS = "Citat uden tema ZZ{}"


@pytest.fixture
def quotes_round(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_texts: Callable[..., None], set_state: Callable[..., None],
) -> int:
    """A reported round with two identical approved quotes under one theme and seven approved
    quotes without any theme (so only five are shown under "Andre citater", two more exist)."""
    round_id = make_round(state="aaben")

    def answers(i: int) -> dict[str, str]:
        values = likert(i)
        values["S12"] = f"Rå tekst nummer {i}."
        return values

    seed_answers(round_id, 12, answers)
    changes: list[tuple[str, dict[str, Any]]] = [
        (f"nummer {i}.", {"anonymised_text": f"  {SAME_QUOTE} ", "themes": ["kommunikation"],
                          "review_status": ReviewStatus.GODKENDT, "sentiment": "positiv",
                          "analyser_version": "t"})
        for i in (0, 1)
    ]
    changes += [
        (f"nummer {i}.", {"anonymised_text": THEMELESS.format(i), "themes": [],
                          "review_status": ReviewStatus.GODKENDT, "sentiment": "neutral",
                          "analyser_version": "t"})
        for i in range(2, 9)
    ]
    changes += [
        (f"nummer {i}.", {"themes": ["kommunikation"], "sentiment": "positiv",
                          "analyser_version": "t"})
        for i in range(9, 12)
    ]
    set_texts(round_id, changes)
    set_state(round_id, "afrapporteret")
    return round_id

"""Factories for the review tests: free-text answers placed straight in the response tables."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask


@pytest.fixture
def make_free_text(app: Flask) -> Callable[..., str]:
    """Create one released response with one free text on ``question`` (default S13)."""

    def factory(
        round_id: int,
        raw: str | None = "Tekst",
        *,
        anonymised: str | None = None,
        spans: list[dict[str, Any]] | None = None,
        themes: list[str] | None = None,
        sentiment: str | None = "neutral",
        status: str = "ny",
        question: str = "S13",
        reviewed: bool = False,
        version: str | None = "test",
    ) -> str:
        from sqlalchemy import select

        from survey.extensions import db
        from survey.models import Channel, FreeText, Question, Response, ReviewStatus

        with app.app_context():
            q = db.session.scalar(
                select(Question).where(
                    Question.borgerrejse_id == round_id, Question.code == question
                )
            )
            response = Response(
                id=uuid.uuid4(),
                borgerrejse_id=round_id,
                channel=Channel.WEB,
                language="da",
                submitted_on=dt.date.today(),
            )
            text = FreeText(
                question=q,
                raw_text=raw,
                anonymised_text=anonymised if anonymised is not None else raw,
                pii_spans=spans or [],
                themes=themes or [],
                sentiment=sentiment,
                review_status=ReviewStatus(status),
                reviewed_by_advisor=reviewed,
                analyser_version=version,
            )
            response.free_texts.append(text)
            db.session.add(response)
            db.session.commit()
            return str(text.id)

    return factory

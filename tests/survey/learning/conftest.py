"""Factories for learning point tests: responses with Likert answers and learning points."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from flask import Flask

from tests.survey.review.conftest import make_free_text  # noqa: F401  (fixture)


@pytest.fixture
def add_responses(app: Flask) -> Callable[..., None]:
    """``add_responses(round_id, n, {"S02": "2"})``: n released responses with these answers."""

    def factory(round_id: int, n: int, answers: dict[str, str]) -> None:
        from sqlalchemy import select

        from survey.extensions import db
        from survey.models import Answer, Channel, Question, Response

        with app.app_context():
            questions = {
                q.code: q
                for q in db.session.scalars(
                    select(Question).where(Question.borgerrejse_id == round_id)
                )
            }
            for _ in range(n):
                response = Response(
                    id=uuid.uuid4(),
                    borgerrejse_id=round_id,
                    channel=Channel.WEB,
                    language="da",
                    submitted_on=dt.date.today(),
                )
                for code, value in answers.items():
                    response.answers.append(Answer(question=questions[code], value=value))
                db.session.add(response)
            db.session.commit()

    return factory


@pytest.fixture
def make_point(app: Flask) -> Callable[..., int]:
    def factory(
        round_id: int,
        title: str = "Bedre tilgængelighed",
        themes: tuple[str, ...] = ("tilgaengelighed",),
        status: str = "foreslaaet",
        owner: str | None = None,
        due: dt.date | None = None,
    ) -> int:
        from sqlalchemy import select

        from survey.extensions import db
        from survey.models import Borgerrejse, Fagcenter, Laeringspunkt, LaeringspunktStatus

        with app.app_context():
            rnd = db.session.get(Borgerrejse, round_id)
            owner_id = rnd.fagcenter_id
            if owner:
                owner_id = db.session.scalar(select(Fagcenter.id).where(Fagcenter.code == owner))
            point = Laeringspunkt(
                borgerrejse=rnd,
                owner_fagcenter_id=owner_id,
                title=title,
                themes=list(themes),
                status=LaeringspunktStatus(status),
                due_date=due,
            )
            db.session.add(point)
            db.session.commit()
            return point.id

    return factory

"""The per-process cache of an open round's locked questionnaire (survey/citizen/questionnaire.py)
and the other per-request savings of the citizen pages: what is cached, and when it is not used."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, text, update

from survey.citizen import questionnaire
from survey.extensions import db
from survey.models import Borgerrejse, Question, RoundState
from survey.rounds.operations import close_round

from .conftest import path_of, start_survey
from .pages import parse, submit


@contextmanager
def question_reads(app) -> Iterator[list[str]]:
    """The SQL statements that read the question table while the block runs."""
    seen: list[str] = []

    def listener(conn, cursor, statement, params, context, executemany):  # noqa: ANN001
        if "FROM question" in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _builds(app) -> int:
    with app.test_request_context():
        return questionnaire.builds()


def _remembered(app, round_id: int):
    with app.test_request_context():
        return questionnaire.remembered(round_id)


def test_questions_of_an_open_round_are_read_once(app, fresh_client, survey_round,
                                                  make_invitations):
    first, second = make_invitations(survey_round, 2)
    with question_reads(app) as reads:
        page = start_survey(fresh_client(), path_of(first.url))
        assert "S01" in page.form.radios
        assert len(reads) == 1
        other = fresh_client()
        landing = other.get(path_of(second.url))
        assert landing.status_code == 200
        page = start_survey(other, path_of(second.url))
        assert sorted(page.form.radios) == ["S01", "S02", "S03", "S04", "S05", "S06"]
        assert len(reads) == 1  # the second citizen's pages come from the cache
    assert _builds(app) == 1
    cached = _remembered(app, survey_round)
    assert cached is not None and "F01" in cached.known_codes
    assert [step.kind for step in cached.steps] == ["closed", "closed", "text"]


def test_closing_the_round_ends_the_survey_and_drops_the_entry(app, client, survey_round,
                                                               invite):
    path = path_of(invite().url)
    page = start_survey(client, path)
    assert _remembered(app, survey_round) is not None
    with app.app_context():
        close_round(db.session.get(Borgerrejse, survey_round))
        db.session.commit()
    response = submit(client, page, {"S01": "4"})
    assert response.status_code == 410
    assert "afsluttet" in response.get_data(as_text=True).lower()
    assert _remembered(app, survey_round) is None
    assert client.get(path).status_code == 410


def test_an_entry_is_used_only_for_the_same_opening(app, client, survey_round, invite):
    """Another round under the same id (ids come back after TRUNCATE … RESTART IDENTITY) or a
    round opened anew never gets the steps cached for the old one."""
    path = path_of(invite().url)
    start_survey(client, path)
    assert _builds(app) == 1
    with app.app_context():
        db.session.execute(
            update(Question)
            .where(Question.borgerrejse_id == survey_round, Question.code == "S01")
            .values(text_da="Et helt andet spørgsmål?")
        )
        db.session.execute(
            text("UPDATE borgerrejse SET opened_at = opened_at - interval '1 day' WHERE id = :r")
            if db.engine.dialect.name == "postgresql"
            else text("UPDATE borgerrejse SET opened_at = datetime(opened_at, '-1 day') "
                      "WHERE id = :r"),
            {"r": survey_round},
        )
        db.session.commit()
    page = parse(client.get(path))
    assert "Et helt andet spørgsmål?" in page.text()
    assert _builds(app) == 2


def test_a_round_that_is_not_open_is_never_cached(app, make_round):
    round_id = make_round(state="kladde")
    with app.test_request_context():
        rnd = db.session.get(Borgerrejse, round_id)
        assert rnd.state is RoundState.KLADDE
        built = questionnaire.for_round(rnd)
        assert built.steps
        assert questionnaire.remembered(round_id) is None
        assert questionnaire.builds() == 0


def test_the_remembered_steps_still_redraw_a_step_when_the_commit_fails(
    app, client, invite, monkeypatch
):
    """The database goes away at the commit: the step comes back (503) from the cached steps."""
    from sqlalchemy.exc import OperationalError

    path = path_of(invite().url)
    page = start_survey(client, path)
    answers = {"S01": "4", "S02": "2"}
    original = db.session.commit

    def failing_commit() -> None:
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(db.session, "commit", failing_commit)
    response = submit(client, page, answers)
    monkeypatch.setattr(db.session, "commit", original)
    assert response.status_code == 503
    again = parse(response)
    assert again.form.checked == answers


def test_citizen_pages_load_no_user_and_resend_no_cookie(app, client, invite):
    path = path_of(invite().url)
    first = client.get(path)
    assert first.status_code == 200
    cookies = [v for k, v in first.headers.items() if k == "Set-Cookie"]
    assert all(c.startswith("session=") for c in cookies)  # no remember-cookie clearing
    again = client.get(path)
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers  # nothing in the session changed

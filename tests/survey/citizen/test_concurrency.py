"""Two tabs, a double click or two concurrent POSTs of the last step: exactly one response."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from survey.extensions import db
from survey.models import HeldResponse, Invitation, InvitationStatus, Response

from .conftest import path_of, start_survey
from .pages import parse, submit

ROUNDS = 4


def _race(app, path: str, answers: list[dict[str, str]]) -> list[tuple[int, str]]:
    first = app.test_client()
    page = start_survey(first, path)
    for _ in range(2):
        page = parse(first.get(submit(first, page).headers["Location"]))
    second = app.test_client()
    pages = [page, parse(second.get(path))]
    assert "Trin 3 af 3" in pages[1].text()

    barrier = threading.Barrier(2)
    results: list[tuple[int, str] | BaseException] = [None, None]  # type: ignore[list-item]

    def post(index: int, client) -> None:
        try:
            barrier.wait(timeout=10)
            response = submit(client, pages[index], answers[index])
            results[index] = (response.status_code, response.get_data(as_text=True)
                              if response.status_code != 303 else response.headers["Location"])
        except BaseException as error:  # surfaced below
            results[index] = error

    threads = [threading.Thread(target=post, args=(i, c)) for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


def test_concurrent_double_submit_gives_exactly_one_response(app, make_invitations, survey_round):
    issued = make_invitations(survey_round, ROUNDS)
    for n, item in enumerate(issued):
        results = _race(app, path_of(item.url), [{"S12": "Fra fane A"}, {"S12": "Fra fane B"}])
        statuses = sorted(status for status, _ in results)
        winners = [body for status, body in results if status == 303]
        assert len(winners) >= 1, results
        assert all(path_of(w) == "/tak?lang=da" for w in winners)
        for status, body in results:
            if status != 303:
                assert status == 200 and "allerede besvaret" in body, (status, body[:300])
        assert statuses in ([200, 303], [303, 303])
        with app.app_context():
            held = db.session.scalars(select(HeldResponse)).all()
            released = db.session.scalar(select(func.count()).select_from(Response))
            assert len(held) + released == n + 1
            assert db.session.get(Invitation, item.invitation_id).status is InvitationStatus.BRUGT
    with app.app_context():
        texts = [h.answers.get("S12") for h in db.session.scalars(select(HeldResponse))]
        assert all(text in ("Fra fane A", "Fra fane B") for text in texts)


def test_double_click_sequential(app, client, invite):
    issued = invite()
    path = path_of(issued.url)
    page = start_survey(client, path)
    for _ in range(2):
        page = parse(client.get(submit(client, page).headers["Location"]))
    first = submit(client, page, {"S12": "En"})
    second = submit(client, page, {"S12": "En"})
    assert first.status_code == 303
    assert second.status_code == 200 and "allerede besvaret" in parse(second).text()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HeldResponse)) == 1


def test_both_requests_reach_the_atomic_update(app, make_invitations, survey_round, monkeypatch):
    """Force the overlap: the first request holds its transaction open after consuming the
    invitation, so the second one passes the "already used?" check and must lose in submit."""
    import time

    from survey.citizen import operations

    real_submit = operations.submit
    outcomes: list[bool] = []
    lock = threading.Lock()

    def slow_submit(invitation, answers, language):
        result = real_submit(invitation, answers, language)
        with lock:
            outcomes.append(result.accepted)
        if result.accepted:
            time.sleep(0.4)  # keep the row locked, uncommitted, while the other request arrives
        return result

    monkeypatch.setattr(operations, "submit", slow_submit)
    for item in make_invitations(survey_round, 2):
        outcomes.clear()
        results = _race(app, path_of(item.url), [{"S13": "A"}, {"S13": "B"}])
        assert sorted(outcomes) == [False, True]
        assert sorted(status for status, _ in results) == [200, 303]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HeldResponse)) == 2

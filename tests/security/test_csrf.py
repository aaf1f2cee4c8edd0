"""Every POST endpoint refuses a request without a CSRF token or with a wrong one: 400, and not
a single row of any table changes."""

from __future__ import annotations

from typing import Any

from tests.conftest import csrf_token
from tests.security.support import role_for, routes, snapshot


def code_client(app: Any, make_invitations: Any, round_id: int) -> Any:
    """A citizen who has typed a valid short code (the code's survey lives in the session)."""
    client = app.test_client()
    issued = make_invitations(round_id, 1)[0]
    page = client.get("/kode").get_data(as_text=True)
    response = client.post("/kode", data={"code": issued.code, "csrf_token": csrf_token(page)})
    assert response.status_code == 303
    return client


def test_every_post_without_or_with_a_wrong_csrf_token_is_rejected(
    app: Any, setup: Any, make_invitations: Any,
) -> None:
    posts = routes(app, setup.world, "POST")
    by_code = code_client(app, make_invitations, setup.world.rounds["aaben"].round_id)
    assert len({r.endpoint for r in posts}) >= 30
    before = snapshot(app)
    foreign = setup.tokens["anonymous"]  # valid, but for another session
    failures = []
    for route in posts:
        role = role_for(route)
        client = by_code if route.endpoint == "citizen.code_survey" else setup.clients[role]
        own = setup.tokens[role]
        for label, data in (("uden token", {}), ("forkert token", {"csrf_token": "forkert"}),
                            ("andens token", {"csrf_token": foreign if role != "anonymous"
                                              else setup.tokens["advisor"]}),
                            ("ændret token", {"csrf_token": own[:-2] + "xx"})):
            response = client.post(route.url, data={**data, "title": "x", "text": "y"})
            if response.status_code != 400:
                failures.append(f"POST {route.url} ({route.endpoint}) {label}: "
                                f"{response.status_code}")
            response.close()
    assert not failures, "\n".join(failures)
    assert snapshot(app) == before, "a POST without a valid CSRF token wrote to the database"

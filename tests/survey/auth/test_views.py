"""Sign-in, sign-out, password change and the session limits, through the test client."""

from __future__ import annotations

import time

from sqlalchemy import select

from survey.extensions import db
from survey.models import AuditEvent, User
from tests.conftest import TEST_PASSWORD, csrf_token, login


def _email(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).email


def _post_login(client, email, password, **kwargs):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}, **kwargs
    )


def test_login_redirects_each_role_home(app, make_user):
    for role, centre, target in (
        ("advisor", None, "/raadgiver/"),
        ("centre", "CSI", "/borgerrejser/"),
        ("management", None, "/briefs/"),
    ):
        client = app.test_client()
        response = _post_login(client, _email(app, make_user(role, centre)), TEST_PASSWORD)
        assert response.status_code == 303
        assert response.headers["Location"].endswith(target)


def test_wrong_password_shows_danish_error_and_keeps_email(app, client, make_user):
    email = _email(app, make_user("advisor"))
    response = _post_login(client, email, "forkert-adgangskode")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "E-mail eller adgangskode er forkert." in html
    assert f'value="{email}"' in html
    assert client.get("/raadgiver/").status_code == 302


def test_empty_form_lists_errors_linked_to_fields(client):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    html = client.post("/login", data={"csrf_token": token}).get_data(as_text=True)
    assert 'href="#email">Skriv din e-mail.' in html
    assert 'href="#password">Skriv din adgangskode.' in html


def test_inactive_user_cannot_sign_in(app, client, make_user):
    user_id = make_user("advisor")
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    response = _post_login(client, _email(app, user_id), TEST_PASSWORD)
    assert response.status_code == 200
    assert "forkert" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_rejected(app, client, make_user):
    email = _email(app, make_user("advisor"))
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "Forkert forespørgsel" in response.get_data(as_text=True)


def test_next_parameter_only_allows_local_paths(app, make_user):
    email = _email(app, make_user("advisor"))
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        client = app.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        response = client.post(
            f"/login?next={evil}",
            data={"email": email, "password": TEST_PASSWORD, "csrf_token": token},
        )
        assert response.headers["Location"] == "/raadgiver/"
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=/raadgiver/log",
        data={"email": email, "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/raadgiver/log"


def test_login_and_logout_are_audited(app, client, make_user):
    email = _email(app, make_user("advisor"))
    login(client, email)
    page = client.get("/raadgiver/")
    response = client.post("/logout", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 303
    assert client.get("/raadgiver/").status_code == 302
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["login", "logout"]


def test_logout_requires_post(advisor_client):
    assert advisor_client.get("/logout").status_code == 405
    assert advisor_client.get("/raadgiver/").status_code == 200


def test_password_change_signs_out_other_sessions(app, make_user):
    email = _email(app, make_user("advisor"))
    first, second = app.test_client(), app.test_client()
    login(first, email)
    login(second, email)
    assert second.get("/raadgiver/").status_code == 200

    page = first.get("/konto/adgangskode")
    response = first.post("/konto/adgangskode", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)),
        "current": TEST_PASSWORD,
        "new": "en-helt-ny-adgangskode", "repeat": "en-helt-ny-adgangskode",
    })
    assert response.status_code == 303
    assert first.get("/raadgiver/").status_code == 200  # this session continues
    assert second.get("/raadgiver/").status_code == 302  # the other one is signed out

    fresh = app.test_client()
    assert _post_login(fresh, email, TEST_PASSWORD).status_code == 200
    login(fresh, email, "en-helt-ny-adgangskode")


def test_password_change_validation_messages(advisor_client):
    page = advisor_client.get("/konto/adgangskode")
    html = advisor_client.post("/konto/adgangskode", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)),
        "current": "forkert-forkert", "new": "kort", "repeat": "andet",
    }).get_data(as_text=True)
    assert "Adgangskoden skal have mindst 10 tegn." in html
    assert "De to nye adgangskoder er ikke ens." in html
    page = advisor_client.get("/konto/adgangskode")
    html = advisor_client.post("/konto/adgangskode", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)),
        "current": "forkert-forkert",
        "new": "lang-nok-adgangskode", "repeat": "lang-nok-adgangskode",
    }).get_data(as_text=True)
    assert "Den nuværende adgangskode er forkert." in html


def test_idle_session_is_signed_out_with_danish_message(advisor_client):
    assert advisor_client.get("/raadgiver/").status_code == 200
    with advisor_client.session_transaction() as sess:
        sess["last_seen"] = int(time.time()) - 61 * 60
    response = advisor_client.get("/raadgiver/log")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=/raadgiver/log")
    page = advisor_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ikke har været aktiv i 60 minutter" in page
    assert advisor_client.get("/raadgiver/").status_code == 302


def test_activity_keeps_the_session_alive(advisor_client):
    with advisor_client.session_transaction() as sess:
        sess["last_seen"] = int(time.time()) - 59 * 60
    assert advisor_client.get("/raadgiver/").status_code == 200
    with advisor_client.session_transaction() as sess:
        assert time.time() - sess["last_seen"] < 5


def test_session_has_an_absolute_lifetime(advisor_client):
    with advisor_client.session_transaction() as sess:
        sess["signed_in_at"] = int(time.time()) - 8 * 3600 - 1
    response = advisor_client.get("/raadgiver/")
    assert response.status_code == 303
    page = advisor_client.get("/login").get_data(as_text=True)
    assert "mere end 8 timer" in page


def test_session_cookie_is_permanent_with_eight_hours(app, client, make_user):
    login(client, _email(app, make_user("advisor")))
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only
    assert cookie.expires is not None
    assert 7.9 * 3600 < cookie.expires.timestamp() - time.time() <= 8 * 3600 + 5

"""Security headers on every response, CSRF over HTTPS and production cookies."""

from __future__ import annotations

import pytest

from survey import create_app
from tests.conftest import TEST_PASSWORD, csrf_token, make_test_app

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_secure_headers(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.request.path)
    csp = response.headers["Content-Security-Policy"]
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";")}
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["script-src"] == "script-src 'self'"
    assert "'unsafe-inline'" not in csp
    assert directives["default-src"] == "default-src 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path, status", [
    ("/", 200),
    ("/login", 200),
    ("/kode", 200),  # citizen page
    ("/findes-ikke", 404),
    ("/raadgiver/", 302),  # redirect to login
    ("/static/app.css", 200),
])
def test_headers_on_anonymous_pages(client, path, status):
    response = client.get(path)
    try:
        assert response.status_code == status
        assert_secure_headers(response)
    finally:
        response.close()


def test_headers_on_staff_pages_and_errors(advisor_client, login_as):
    for path in ("/raadgiver/", "/raadgiver/brugere", "/raadgiver/log", "/konto/adgangskode"):
        response = advisor_client.get(path)
        assert response.status_code == 200, path
        assert_secure_headers(response)
    management = login_as("management")
    response = management.get("/raadgiver/brugere")
    assert response.status_code == 404
    assert_secure_headers(response)
    response = advisor_client.get("/logout")
    assert response.status_code == 405
    assert "Ikke tilladt" in response.get_data(as_text=True)
    assert_secure_headers(response)


def test_citizen_page_is_not_cached(client):
    response = client.get("/kode")
    assert response.headers["Cache-Control"] == "no-store"


def test_csrf_failure_page_has_headers(client):
    response = client.post("/login", data={"email": "a@b.dk", "password": "x"})
    assert response.status_code == 400
    assert_secure_headers(response)


def test_server_error_page_is_danish_and_has_headers(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/test-fejl")
    def boom():
        raise RuntimeError("test")

    response = app.test_client().get("/test-fejl")
    assert response.status_code == 500
    assert "Der skete en fejl" in response.get_data(as_text=True)
    assert_secure_headers(response)


def test_templates_contain_no_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "<script>" in text or "<script " in text and "src=" not in text or 'style="' in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


# --------------------------------------------------------------------------- HTTPS + CSRF


def _dispose(app):
    from survey.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def https_app(backend, tmp_path, request):
    app = make_test_app(backend, tmp_path, request, BASE_URL="https://localhost")
    yield app
    _dispose(app)


def _https_login(app, referrer):
    from survey.auth.passwords import hash_password
    from survey.extensions import db
    from survey.models import Role, User

    with app.app_context():
        db.session.add(User(email="https@test.dk", role=Role.ADVISOR,
                            password_hash=hash_password(TEST_PASSWORD)))
        db.session.commit()
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    page = client.get("/login", base_url="https://localhost")
    headers = {"Referer": referrer} if referrer else {}
    return client, client.post(
        "/login",
        base_url="https://localhost",
        headers=headers,
        data={"email": "https@test.dk", "password": TEST_PASSWORD,
              "csrf_token": csrf_token(page.get_data(as_text=True))},
    )


def test_https_login_with_same_origin_referrer_passes_csrf(https_app):
    client, response = _https_login(https_app, "https://localhost/login")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert client.get("/raadgiver/", base_url="https://localhost").status_code == 200


def test_https_login_with_foreign_referrer_fails_csrf(https_app):
    _, response = _https_login(https_app, "https://evil.example/login")
    assert response.status_code == 400
    assert "Forkert forespørgsel" in response.get_data(as_text=True)


def test_https_login_without_referrer_fails_csrf(https_app):
    _, response = _https_login(https_app, None)
    assert response.status_code == 400


# --------------------------------------------------------------------------- production


def test_production_without_secret_key_raises_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("BORGERREJSE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="BORGERREJSE_SECRET_KEY mangler"):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_session_cookie_is_secure_httponly_lax(backend, tmp_path, request):
    contacts = {k: "br@kommune.dk" for k in ("MAIL_FROM", "ADVISOR_CONTACT", "PRIVACY_DPO")}
    app = make_test_app(backend, tmp_path, request, ENV="production", SECRET_KEY="p" * 48,
                        BASE_URL="https://localhost", ADVISOR_CONTACT_EN="br@kommune.dk",
                        **contacts)
    request.addfinalizer(lambda: _dispose(app))
    assert app.config["PRODUCTION"] is True
    client, response = _https_login(app, "https://localhost/login")
    assert response.status_code == 303
    cookie_headers = [v for k, v in response.headers.items() if k == "Set-Cookie"]
    session_cookie = next(v for v in cookie_headers if v.startswith("session="))
    parts = {p.strip().split("=")[0].lower(): p.strip() for p in session_cookie.split(";")}
    assert "secure" in parts
    assert "httponly" in parts
    assert parts["samesite"] == "SameSite=Lax"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")

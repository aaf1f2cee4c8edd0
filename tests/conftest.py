"""Shared fixtures (flaskr style): ``app``, ``client``, ``runner`` and factories.

Every test that uses ``app`` runs on SQLite and, when ``BORGERREJSE_TEST_DATABASE_URL`` is set,
on PostgreSQL too. Each pytest process gets its own PostgreSQL schema, so parallel runs on a
shared server never see each other's rows.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

PG_URL = os.environ.get("BORGERREJSE_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TEST_PASSWORD = "korrekt-hest-batteri"


def _pg_url() -> str:
    url = PG_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Argon2's production cost makes each test user take ~0.1 s; tests use the cheapest profile."""
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    from survey.auth import passwords

    original = passwords._hasher
    passwords._hasher = PasswordHasher.from_parameters(CHEAPEST)
    try:
        yield
    finally:
        passwords._hasher = original


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[str]:
    schema = f"t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    engine = create_engine(_pg_url())
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


_pg_tables_created: set[str] = set()


def database_config(backend: str, tmp_path: Any, request: pytest.FixtureRequest) -> dict[str, Any]:
    if backend == "sqlite":
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}"}
    schema = request.getfixturevalue("pg_schema")
    return {
        "SQLALCHEMY_DATABASE_URI": _pg_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "connect_args": {"options": f"-csearch_path={schema}"},
        },
        "PG_SCHEMA": schema,
    }


def make_test_app(
    backend: str, tmp_path: Any, request: pytest.FixtureRequest, **extra: Any
) -> Flask:
    from survey import create_app
    from survey.extensions import db

    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "BASE_URL": "http://localhost",
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "RATELIMIT_ENABLED": True,
        **database_config(backend, tmp_path, request),
        **extra,
    }
    app = create_app(config)
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
        else:
            schema = config["PG_SCHEMA"]
            if schema not in _pg_tables_created:
                db.create_all()
                _pg_tables_created.add(schema)
            else:
                _truncate_all(db)
        from survey.seed import seed_all

        seed_all()
        db.session.commit()
    return app


def _truncate_all(db: Any) -> None:
    names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app(backend: str, tmp_path: Any, request: pytest.FixtureRequest) -> Iterator[Flask]:
    app = make_test_app(backend, tmp_path, request)
    yield app
    from survey.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


# --------------------------------------------------------------------------- factories


@pytest.fixture
def make_user(app: Flask) -> Callable[..., Any]:
    from survey.auth.passwords import hash_password
    from survey.extensions import db
    from survey.models import Fagcenter, Role, User

    counter = iter(range(1, 10_000))

    def factory(
        role: str = "advisor",
        centre: str | None = None,
        email: str | None = None,
        password: str = TEST_PASSWORD,
    ) -> int:
        with app.app_context():
            fagcenter = None
            if centre:
                from sqlalchemy import select

                fagcenter = db.session.scalar(select(Fagcenter).where(Fagcenter.code == centre))
            user = User(
                email=email or f"{role}{next(counter)}@test.dk",
                role=Role(role),
                fagcenter=fagcenter,
                password_hash=hash_password(password),
            )
            db.session.add(user)
            db.session.commit()
            return user.id

    return factory


def login(client: FlaskClient, email: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real form, CSRF token included."""
    page = client.get("/login")
    token = csrf_token(page.get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in page"
    return match.group(1)


@pytest.fixture
def login_as(app: Flask, make_user: Callable[..., int]) -> Callable[..., FlaskClient]:
    """A fresh signed-in test client for a new user of the given role."""

    def factory(role: str = "advisor", centre: str | None = None) -> FlaskClient:
        from survey.extensions import db
        from survey.models import User

        user_id = make_user(role, centre)
        with app.app_context():
            email = db.session.get(User, user_id).email
        new_client = app.test_client()
        login(new_client, email)
        return new_client

    return factory


@pytest.fixture
def advisor_client(login_as: Callable[..., FlaskClient]) -> FlaskClient:
    return login_as("advisor")


@pytest.fixture
def make_round(app: Flask) -> Callable[..., int]:
    """Create a round (default: CSI, open) and return its id."""

    def factory(
        centre: str = "CSI", state: str = "aaben", title: str = "Testrunde", focus: bool = True
    ) -> int:
        from sqlalchemy import select

        from survey.extensions import db
        from survey.models import Fagcenter, QuestionKind
        from survey.rounds.operations import add_focus_question, create_round

        with app.app_context():
            fagcenter = db.session.scalar(select(Fagcenter).where(Fagcenter.code == centre))
            today = dt.date.today()
            rnd = create_round(
                fagcenter, title, today - dt.timedelta(days=10), today + dt.timedelta(days=30)
            )
            if focus:
                add_focus_question(
                    rnd,
                    QuestionKind.CHOICE,
                    "Hvordan kontaktede du os først?",
                    "How did you first contact us?",
                    theme="tilgaengelighed",
                    options=[
                        {"code": "tlf", "da": "Telefon", "en": "Phone"},
                        {"code": "mail", "da": "E-mail", "en": "E-mail"},
                        {"code": "moede", "da": "Møde", "en": "Meeting"},
                    ],
                    approved=True,
                )
            if state in ("aaben", "lukket", "afrapporteret"):
                rnd.open()
            if state in ("lukket", "afrapporteret"):
                rnd.close()
            if state == "afrapporteret":
                rnd.report()
            db.session.commit()
            return rnd.id

    return factory


@pytest.fixture
def make_invitations(app: Flask) -> Callable[..., list[Any]]:
    """Issue invitations for a round; returns ``IssuedInvitation`` objects (token, code, url)."""

    def factory(round_id: int, count: int = 1) -> list[Any]:
        from survey.extensions import db
        from survey.invitations.operations import issue_invitations
        from survey.models import Borgerrejse

        with app.app_context():
            rnd = db.session.get(Borgerrejse, round_id)
            issued = issue_invitations(rnd, count=count)
            db.session.commit()
            return issued

    return factory


@pytest.fixture
def empty_app(backend: str, tmp_path: Any) -> Iterator[Flask]:
    """An app on a brand-new, empty database (no tables): for migrations and ``demo``."""
    from survey import create_app
    from survey.extensions import db

    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "BASE_URL": "http://localhost",
        "OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    schema = None
    admin = None
    if backend == "sqlite":
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        schema = f"e_{uuid.uuid4().hex[:12]}"
        admin = create_engine(_pg_url())
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        config["SQLALCHEMY_DATABASE_URI"] = _pg_url()
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema}"}
        }
    app = create_app(config)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()

"""Pooled PostgreSQL connections: pinged only after sitting idle; a dead one is replaced."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from survey import database
from survey.extensions import db


def _pool_connection_pid(app: Flask) -> int:
    with app.app_context():
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.commit()
        db.session.remove()
    return int(pid)


def _terminate(app: Flask, pid: int) -> None:
    """End a backend from outside the app's pool (as a database restart would)."""
    with app.app_context():
        outside = create_engine(db.engine.url, poolclass=NullPool)
    with outside.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()
    outside.dispose()


def test_a_connection_in_steady_use_is_not_pinged_and_replaced_after_it_fails(
    app: Flask, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgresql":
        pytest.skip("kun PostgreSQL har en pulje med ping")
    monkeypatch.setattr(database, "IDLE_PING_SECONDS", 3600.0)
    pid = _pool_connection_pid(app)
    _terminate(app, pid)
    # No ping: the request that meets the dead connection fails (the 503 page) ...
    with pytest.raises(OperationalError):
        _pool_connection_pid(app)
    # ... and the next one gets a new connection.
    assert _pool_connection_pid(app) != pid


def test_a_connection_killed_while_idle_is_replaced_before_use(
    app: Flask, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgresql":
        pytest.skip("kun PostgreSQL har en pulje med ping")
    pid = _pool_connection_pid(app)
    _terminate(app, pid)
    # Steady use would not ping; an idle connection is checked first and, being dead, replaced.
    monkeypatch.setattr(database, "IDLE_PING_SECONDS", 0.0)
    assert _pool_connection_pid(app) != pid

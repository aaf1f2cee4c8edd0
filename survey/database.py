"""One commit per request; SQLite tuned for a server and a CLI writing at the same time."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Response
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from .extensions import db


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# A pooled connection unused for this long is pinged before use (PostgreSQL may have been
# restarted meanwhile). One in steady use is not: under load a ping per request was a fifth
# of the database round trips, and a connection that died anyway fails its request with the
# 503 page and is replaced, with the rest of the pool, by SQLAlchemy's disconnect handling.
IDLE_PING_SECONDS = 2.0
_RETURNED_AT = "borgerrejse_returned_at"


def _remember_return(_dbapi_connection: Any, record: Any) -> None:
    record.info[_RETURNED_AT] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    returned = record.info.get(_RETURNED_AT)
    if returned is not None and time.monotonic() - returned < IDLE_PING_SECONDS:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not dbapi_connection.autocommit:
            dbapi_connection.rollback()
    except Exception as error:
        # The pool drops this connection and checks out (or opens) another one.
        raise DisconnectionError() from error


def install(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            event.listen(engine.pool, "checkout", _ping_if_idle)
            event.listen(engine.pool, "checkin", _remember_return)

    @app.after_request
    def commit_once(response: Response) -> Response:
        # Operations only flush; the request commits once, and anything but success rolls back.
        if response.status_code < 400:
            try:
                db.session.commit()
            except DATABASE_DOWN as error:
                # The database went away at the commit: nothing is stored, so the request's
                # answer must not claim success. The error handlers answer 503 (citizen pages
                # with the form and what was entered).
                db.session.rollback()
                return _answer_for(app, error, response)
        else:
            db.session.rollback()
        return response


DATABASE_DOWN = (OperationalError, InterfaceError, DisconnectionError)
# Set by the handlers that ran before this one (after_request runs in reverse order).
_KEPT_HEADERS = (
    "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
    "Permissions-Policy", "Strict-Transport-Security", "Cache-Control",
)


def _answer_for(app: Flask, error: Exception, original: Response) -> Response:
    replacement = app.make_response(app.handle_user_exception(error))
    for name in _KEPT_HEADERS:
        if name in original.headers:
            replacement.headers[name] = original.headers[name]
    return replacement

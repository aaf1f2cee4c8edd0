"""One commit per request; SQLite tuned for a server and a CLI writing at the same time."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def install(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)

    @app.after_request
    def commit_once(response: Response) -> Response:
        # Operations only flush; the request commits once, and anything but success rolls back.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

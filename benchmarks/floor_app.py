"""The floor for load tests: Flask + SQLAlchemy on the same stack and database, serving one
form and inserting the same rows unvalidated. Our service's throughput is reported as a ratio
to this app's, driven the same way in the same run.

Run: gunicorn -w 4 'benchmarks.floor_app:create_floor_app()' with FLOOR_DATABASE_URL set.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid

from flask import Flask, redirect, render_template_string, request
from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    create_engine,
    text,
)
from sqlalchemy.engine import Engine

metadata = MetaData()
floor_response = Table(
    "floor_response",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("channel", String(16)),
    Column("language", String(2)),
    Column("submitted_on", Date),
)
floor_answer = Table(
    "floor_answer",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("response_id", Uuid, ForeignKey("floor_response.id")),
    Column("code", String(16)),
    Column("value", Text),
)

LIKERT = [f"S{i:02d}" for i in range(1, 12) if i != 9]
TEXTS = ["S12", "S13", "S14"]


# Rendered per request with Jinja, as the minimal Flask app on the same stack would do; the
# template is compiled once. No session, no CSRF, no validation, no draft, no i18n.
FORM_TEMPLATE = """<!doctype html><html lang="da"><body><form method="post">
{% for code in likert %}<fieldset><legend>{{ code }}</legend>
{% for value in ("1", "2", "3", "4", "5", "vi") %}<label><input type="radio" name="{{ code }}"
 value="{{ value }}">{{ value }}</label>{% endfor %}</fieldset>{% endfor %}
<fieldset><legend>S09</legend>{% for value in ("ja", "nej", "vi") %}<label><input type="radio"
 name="S09" value="{{ value }}">{{ value }}</label>{% endfor %}</fieldset>
{% for code in texts %}<label for="{{ code }}">{{ code }}</label>
<textarea id="{{ code }}" name="{{ code }}"></textarea>{% endfor %}
<button type="submit" name="handling" value="send">Send</button></form></body></html>"""


def _create_tables(engine: Engine) -> None:
    """Workers start at the same time: on PostgreSQL one at a time creates the tables."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(424242)"))
        metadata.create_all(conn, checkfirst=True)


def create_floor_app() -> Flask:
    app = Flask(__name__)
    engine = create_engine(os.environ["FLOOR_DATABASE_URL"], pool_pre_ping=True)
    _create_tables(engine)

    @app.get("/f/<token>")
    def form(token: str) -> str:
        return render_template_string(FORM_TEMPLATE, likert=LIKERT, texts=TEXTS)

    @app.post("/f/<token>")
    def submit(token: str):  # type: ignore[no-untyped-def]
        response_id = uuid.uuid4()
        with engine.begin() as conn:
            conn.execute(
                floor_response.insert().values(
                    id=response_id, channel="web", language="da", submitted_on=dt.date.today()
                )
            )
            rows = [
                {"id": uuid.uuid4(), "response_id": response_id, "code": k, "value": v}
                for k, v in request.form.items()
                if k != "handling" and v
            ]
            if rows:
                conn.execute(floor_answer.insert(), rows)
        return redirect("/f/tak", code=303)

    @app.get("/f/tak")
    def thanks() -> str:
        return "<!doctype html><html lang='da'><body><h1>Tak for dine svar</h1></body></html>"

    return app

"""Migrations from an empty database produce exactly the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from survey.extensions import db


def test_upgrade_from_empty_matches_models_and_downgrades(empty_app):
    from flask_migrate import downgrade, upgrade

    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"migrations differ from the models: {diff}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            leftover = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert {d[1].name for d in leftover if d[0] == "add_table"} == {
            t.name for t in db.metadata.sorted_tables
        }

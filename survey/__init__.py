"""Borgerrejse: the Flask application factory."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = PROJECT_ROOT / "templates"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def create_app(test_config: dict[str, Any] | None = None, *, serve: bool = True) -> Flask:
    """The app. ``serve=False`` (the command line) skips what only a serving process needs."""
    from flask import Flask

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(TEMPLATE_DIR),
        static_folder="static",
    )

    from .config import load_config

    load_config(app, test_config)

    from . import logging_setup

    logging_setup.install(app)

    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    # current_user reaches templates lazily (survey.access), not loaded for every page.
    login_manager.init_app(app, add_context_processor=False)

    from . import access, database, http

    database.install(app)
    access.install(app)
    http.install(app)
    __import__("survey.analysis_service", fromlist=["install"]).install(app)

    from .advisor.views import bp as advisor_bp
    from .auth.views import bp as auth_bp
    from .briefs.views import bp as briefs_bp
    from .centres.views import bp as centres_bp
    from .citizen.views import bp as citizen_bp
    from .invitations.views import bp as invitations_bp
    from .learning.views import bp as learning_bp
    from .review.views import bp as review_bp
    from .rounds.views import bp as rounds_bp

    for blueprint in (
        auth_bp,
        citizen_bp,
        advisor_bp,
        centres_bp,
        rounds_bp,
        invitations_bp,
        review_bp,
        learning_bp,
        briefs_bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(__import__("survey.interviews.views", fromlist=["bp"]).bp)

    from .cli import register_commands

    register_commands(app)
    if not app.testing:
        if serve:
            __import__("survey.analysis_service", fromlist=["warm_up"]).warm_up()
        # Everything loaded so far (analysis lexicons and models: ~120 000 objects) lives as
        # long as the process; frozen, the garbage collector no longer walks it, which took
        # 70–300 ms pauses out of the request latencies.
        gc.collect()
        gc.freeze()
    return app

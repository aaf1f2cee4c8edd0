"""The ``borgerrejse`` console script: a Flask CLI group plus the project's own commands.

``analyse-jsonl`` is dispatched before Flask is imported: it is pure analysis and its start-up
must stay small. The command definitions live in ``survey.commands`` and each feature's
``commands`` module.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "analyse-jsonl":
        from analysis.cli import main as analyse_main

        sys.exit(analyse_main(sys.argv[2:]))
    from flask.cli import FlaskGroup

    cli = FlaskGroup(create_app=_create_app, help="Borgerrejse – kommandoer til drift og data.")
    cli.main(prog_name="borgerrejse")


def _create_app() -> Flask:
    from . import create_app

    return create_app(serve=False)  # a command does not serve requests: no analysis warm-up


def register_commands(app: Flask) -> None:
    from .commands import analyse_jsonl_command, create_user_command, demo_command, seed_command

    app.cli.add_command(demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_command)
    app.cli.add_command(analyse_jsonl_command)
    __import__("survey.invitations.commands", fromlist=["register"]).register(app)
    __import__("survey.review.commands", fromlist=["register"]).register(app)
    __import__("survey.briefs.commands", fromlist=["register"]).register(app)
    __import__("survey.interviews.commands", fromlist=["register"]).register(app)

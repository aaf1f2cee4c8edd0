"""CLI: ``borgerrejse import-responses ROUND_ID FILE.csv [--language da|en]``.

Imports typed-in paper answers (channel papir). The whole file is checked first and imported
completely or not at all. Exit 0 on success (prints the count); 1 when the round does not exist,
is not open or closed, or the file has errors (each one is listed); 2 on usage errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext


def register(app: Flask) -> None:
    app.cli.add_command(import_responses_command)


@click.command("import-responses")
@click.argument("round_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--language", "--sprog", "language", type=click.Choice(["da", "en"]), default="da",
    show_default=True, help="Sproget på papirskemaerne.",
)
@with_appcontext
def import_responses_command(round_id: int, file: Path, language: str) -> None:
    """Indlæs indtastede papirsvar (CSV med spørgsmålskoder som kolonner)."""
    from ..extensions import db
    from ..models import Borgerrejse, TransitionError
    from .operations import ensure_can_import, import_paper_responses, questions_in_order
    from .paper import PaperImportError, parse_responses_csv

    rnd = db.session.get(Borgerrejse, round_id)
    if rnd is None:
        click.echo(f"Borgerrejse {round_id} findes ikke.", err=True)
        sys.exit(1)
    try:
        ensure_can_import(rnd)
        parsed = parse_responses_csv(questions_in_order(rnd), file.read_bytes())
        result = import_paper_responses(rnd, parsed.rows, language, source="cli")
    except TransitionError as error:
        db.session.rollback()
        click.echo(str(error), err=True)
        sys.exit(1)
    except PaperImportError as error:
        db.session.rollback()
        click.echo(f"Filen er afvist; intet er indlæst ({error.total} fejl):", err=True)
        for message in error.errors:
            click.echo(f"  {message}", err=True)
        sys.exit(1)
    except OSError as error:
        db.session.rollback()
        click.echo(f"Kunne ikke læse filen ({error.strerror}); intet er indlæst.", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"{result.count} besvarelser fra papir indlæst til borgerrejse {rnd.id}.")

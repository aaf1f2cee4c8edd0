"""``borgerrejse brief ROUND_ID -o FILE.pdf`` and ``borgerrejse annual YEAR -o FILE.pdf``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext


def register(app: Flask) -> None:
    app.cli.add_command(brief_command)
    app.cli.add_command(annual_command)


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        click.echo(f"Kunne ikke skrive {path}: {error.strerror or error}", err=True)
        sys.exit(1)


@click.command("brief")
@click.argument("round_id", type=int)
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Hvor PDF-filen skal gemmes.")
@with_appcontext
def brief_command(round_id: int, output: Path) -> None:
    """Lav læringsbriefen for en borgerrejse som PDF (»Foreløbig« indtil den er lukket)."""
    from .. import audit
    from ..extensions import db
    from ..models import Borgerrejse
    from .operations import build_brief
    from .pdf import BriefRenderer

    rnd = db.session.get(Borgerrejse, round_id)
    if rnd is None:
        click.echo(f"Borgerrejse {round_id} findes ikke.", err=True)
        sys.exit(1)
    data = build_brief(rnd)
    pdf = BriefRenderer(data).render()
    _write(output, pdf)
    # Like a download on the web: the log says a brief of this round left the system.
    audit.record("brief_generated", target=f"borgerrejse:{rnd.id}", detail="cli", user_id=None)
    db.session.commit()
    note = " (foreløbig)" if data.preliminary else ""
    click.echo(f"Læringsbrief{note} gemt i {output}")


@click.command("annual")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Hvor PDF-filen skal gemmes.")
@with_appcontext
def annual_command(year: int, output: Path) -> None:
    """Lav årsoverblikket på tværs af fagcentre som PDF."""
    from .operations import build_annual
    from .pdf import AnnualRenderer

    data = build_annual(year)
    _write(output, AnnualRenderer(data).render())
    click.echo(f"Årsoverblik for {year} gemt i {output}")

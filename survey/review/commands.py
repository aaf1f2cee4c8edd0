"""CLI: ``borgerrejse analyse-round ROUND_ID``.

Analyses the round's free-text answers that are not analysed yet or were analysed by an older
analyser version. Answers the advisor has reviewed are never overwritten. Prints the counts;
exits 1 with a Danish message when the round does not exist or the analysis is unavailable.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext


def register(app: Flask) -> None:
    app.cli.add_command(analyse_round_command)


@click.command("analyse-round")
@click.argument("round_id", type=int)
@with_appcontext
def analyse_round_command(round_id: int) -> None:
    """Anonymisér og kod de fritekstsvar, der ikke er analyseret med den nyeste version."""
    from ..analysis_service import AnalysisUnavailable, analyse_round
    from ..extensions import db
    from ..models import Borgerrejse

    rnd = db.session.get(Borgerrejse, round_id)
    if rnd is None:
        click.echo(f"Borgerrejse {round_id} findes ikke.", err=True)
        sys.exit(1)
    try:
        result = analyse_round(rnd)
    except AnalysisUnavailable as error:
        db.session.rollback()
        click.echo(str(error), err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Analyseret: {result.analysed}")
    click.echo(f"Sprunget over (gennemgået af rådgiveren): {result.skipped_reviewed}")
    click.echo(f"Allerede analyseret med den nyeste version: {result.already_current}")
    if result.without_raw_text:
        click.echo(f"Uden råtekst (slettet efter opbevaringsperioden): {result.without_raw_text}")

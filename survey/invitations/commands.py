"""CLI: ``borgerrejse invite`` and ``borgerrejse purge``.

``invite ROUND_ID (--count N | --recipients FILE.csv) [--letters FILE.pdf] [--links FILE.csv]``
exits 0 on success, 1 when the round does not exist or is not a draft/open (or the CSV file is
refused), and 2 on usage errors, among them when neither --letters nor --links is given: the
links could never be shown again, so that is checked before anything is made.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext


def register(app: Flask) -> None:
    from ..purge import purge_command

    app.cli.add_command(invite_command)
    app.cli.add_command(purge_command)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


@click.command("invite")
@click.argument("round_id", type=int)
@click.option("--count", type=click.IntRange(1, 100_000), help="Antal anonyme invitationer.")
@click.option(
    "--recipients",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV-fil med modtagere (navn, adresse, email, reference).",
)
@click.option(
    "--letters", type=click.Path(dir_okay=False, path_type=Path), help="Skriv breve (PDF) hertil."
)
@click.option(
    "--links", type=click.Path(dir_okay=False, path_type=Path), help="Skriv links (CSV) hertil."
)
@with_appcontext
def invite_command(
    round_id: int,
    count: int | None,
    recipients: Path | None,
    letters: Path | None,
    links: Path | None,
) -> None:
    """Lav invitationer til en borgerrejse og skriv breve og/eller links med det samme."""
    ctx = click.get_current_context()
    if count is not None and recipients is not None:
        raise click.UsageError("Brug enten --count eller --recipients, ikke begge.", ctx)
    if count is None and recipients is None:
        raise click.UsageError("Angiv --count N eller --recipients FIL.csv.", ctx)
    if letters is None and links is None:
        raise click.UsageError(
            "Angiv --letters FIL.pdf og/eller --links FIL.csv. Links og koder kan kun vises, "
            "når de laves, så uden en af dem ville invitationerne være tabt.",
            ctx,
        )
    for target in (letters, links):
        if target is not None and not target.parent.exists():
            raise click.UsageError(f"Mappen {target.parent} findes ikke.", ctx)

    from ..extensions import db
    from ..models import Borgerrejse, TransitionError
    from .csv_import import CsvImportError, parse_recipients_csv
    from .operations import InviteError, ensure_can_invite, invite

    rnd = db.session.get(Borgerrejse, round_id)
    if rnd is None:
        click.echo(f"Borgerrejse {round_id} findes ikke.", err=True)
        sys.exit(1)
    try:
        ensure_can_invite(rnd)
        people = None
        if recipients is not None:
            people = parse_recipients_csv(recipients.read_bytes()).recipients
        batch = invite(
            rnd,
            source="cli",
            count=count or 0,
            recipients=people,
            letters=letters is not None,
            links=links is not None,
        )
        if letters is not None and batch.letters_pdf is not None:
            _write_atomically(letters, batch.letters_pdf)
        if links is not None and batch.links_csv is not None:
            _write_atomically(links, batch.links_csv)
    except (TransitionError, InviteError) as error:
        db.session.rollback()
        click.echo(str(error), err=True)
        sys.exit(1)
    except CsvImportError as error:
        db.session.rollback()
        click.echo("Filen er afvist; intet er indlæst:", err=True)
        for message in error.errors:
            click.echo(f"  {message}", err=True)
        sys.exit(1)
    except OSError as error:
        db.session.rollback()
        click.echo(f"Kunne ikke skrive filen ({error.strerror}); intet er lavet.", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"{len(batch.issued)} invitationer lavet til borgerrejse {rnd.id}.")
    if letters is not None:
        click.echo(f"Breve: {letters}")
    if links is not None:
        click.echo(f"Links: {links} (gem filen sikkert; linkene kan ikke vises igen)")

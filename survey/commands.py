"""The project's own general commands: demo, seed, create-user, analyse-jsonl."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext


@click.command("analyse-jsonl", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def analyse_jsonl_command(args: tuple[str, ...]) -> None:
    """Anonymisér og kod fritekst: IN.jsonl OUT.jsonl [--known-names FIL]."""
    from analysis.cli import main as analyse_main

    sys.exit(analyse_main(list(args)))


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Opret de syv fagcentre og standardspørgsmålene (kan køres flere gange)."""
    from .extensions import db
    from .seed import seed_all

    seed_all()
    db.session.commit()
    click.echo("Fagcentre og standardspørgsmål er på plads.")


@click.command("demo")
@click.option("--links", default=3, show_default=True, help="Antal nye borgerlinks.")
@with_appcontext
def demo_command(links: int) -> None:
    """Migrér, seed og lav en demo-borgerrejse med nye borgerlinks."""
    from flask_migrate import upgrade

    from .demo import run_demo
    from .extensions import db

    upgrade()
    result = run_demo(links=links)
    db.session.commit()
    click.echo(f"ROUND_ID={result.round_id}")
    click.echo(f"ADVISOR_EMAIL={result.advisor_email}")
    click.echo(f"ADVISOR_PASSWORD={result.advisor_password}")
    for issued in result.links:
        click.echo(f"LINK={issued.url}")


@click.command("create-user")
@click.option("--email", required=True, help="Brugerens e-mail.")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["advisor", "centre", "management"]),
    help="Rolle: advisor (borgerrådgiver), centre (centerkontakt) eller management (ledelse).",
)
@click.option(
    "--centre", "centre_code", default=None, help="Fagcentrets kode (kræves for centre)."
)
@with_appcontext
def create_user_command(email: str, role: str, centre_code: str | None) -> None:
    """Opret eller opdatér en bruger. Adgangskoden læses fra standard input."""
    from sqlalchemy import func, select

    from . import audit
    from .auth.passwords import MIN_LENGTH, hash_password
    from .extensions import db
    from .models import Fagcenter, Role, User

    password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_LENGTH:
        raise click.ClickException(f"Adgangskoden skal have mindst {MIN_LENGTH} tegn.")
    centre = None
    if role == "centre":
        if not centre_code:
            raise click.ClickException("En centerkontakt skal have --centre med fagcenterets kode.")
        centre = db.session.scalar(select(Fagcenter).where(Fagcenter.code == centre_code.upper()))
        if centre is None:
            raise click.ClickException(f"Fagcentret »{centre_code}« findes ikke.")
    elif centre_code:
        raise click.ClickException("--centre bruges kun sammen med --role centre.")
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    created = user is None
    if user is None:
        user = User(email=email.strip().lower(), role=Role(role), password_hash="")
        db.session.add(user)
    user.role = Role(role)
    user.fagcenter = centre
    user.active = True
    user.password_hash = hash_password(password)
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()
    audit.record(
        "user_created" if created else "user_updated", target=user.email, detail=f"rolle={role}"
    )
    db.session.commit()
    click.echo(f"{'Oprettet' if created else 'Opdateret'}: {user.email} ({user.role.label})")

"""Deleting personal data when it is no longer needed: ``borgerrejse purge`` (run daily).

- contact data (``Recipient`` rows) of closed and reported rounds;
- unsubmitted drafts older than DRAFT_RETENTION_DAYS, and all drafts of closed/reported rounds;
- outbox files (development e-mails) older than OUTBOX_RETENTION_DAYS;
- raw free text of rounds reported more than RAW_TEXT_RETENTION_DAYS ago (``raw_text`` becomes
  None, ``raw_deleted_at`` is set; the anonymised text stays).

Running it again changes nothing more (idempotent). Each run is audit-logged with counts only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Select, delete, select, update

from . import audit
from .extensions import db
from .models import (
    Borgerrejse,
    Draft,
    FreeText,
    Invitation,
    Recipient,
    Response,
    RoundState,
    utcnow,
)

CLOSED_STATES = (RoundState.LUKKET, RoundState.AFRAPPORTERET)


@dataclass(frozen=True)
class PurgeReport:
    recipients: int
    drafts: int
    outbox_files: int
    raw_texts: int

    def summary(self) -> str:
        return (
            f"kontaktdata={self.recipients}; kladder={self.drafts}; "
            f"udbakkefiler={self.outbox_files}; råtekster={self.raw_texts}"
        )


def _closed_invitations() -> Select[tuple[int]]:
    return (
        select(Invitation.id)
        .join(Borgerrejse, Invitation.borgerrejse_id == Borgerrejse.id)
        .where(Borgerrejse.state.in_(CLOSED_STATES))
    )


def purge(now: dt.datetime | None = None) -> PurgeReport:
    """Delete what has outlived its purpose; flush only (the caller commits)."""
    now = now or utcnow()
    config = current_app.config

    recipients = (
        db.session.execute(
            delete(Recipient)
            .where(Recipient.invitation_id.in_(_closed_invitations()))
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )

    draft_cutoff = now - dt.timedelta(days=int(config["DRAFT_RETENTION_DAYS"]))
    drafts = (
        db.session.execute(
            delete(Draft)
            .where(
                (Draft.updated_at < draft_cutoff) | Draft.invitation_id.in_(_closed_invitations())
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )

    raw_cutoff = now - dt.timedelta(days=int(config["RAW_TEXT_RETENTION_DAYS"]))
    reported_responses = (
        select(Response.id)
        .join(Borgerrejse, Response.borgerrejse_id == Borgerrejse.id)
        .where(
            Borgerrejse.state == RoundState.AFRAPPORTERET,
            Borgerrejse.reported_at.is_not(None),
            Borgerrejse.reported_at < raw_cutoff,
        )
    )
    raw_texts = (
        db.session.execute(
            update(FreeText)
            .where(FreeText.raw_text.is_not(None), FreeText.response_id.in_(reported_responses))
            .values(raw_text=None, raw_deleted_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )

    outbox_files = _purge_outbox(
        Path(config["OUTBOX_DIR"]), now - dt.timedelta(days=int(config["OUTBOX_RETENTION_DAYS"]))
    )
    db.session.expire_all()
    report = PurgeReport(int(recipients), int(drafts), outbox_files, int(raw_texts))
    audit.record("purge", target="system", detail=report.summary())
    return report


def _purge_outbox(folder: Path, cutoff: dt.datetime) -> int:
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.eml"):
        try:
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)
            if modified < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another purge got there first
            continue
    return removed


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Slet kontaktdata, gamle kladder, gamle udbakkefiler og rå fritekst efter reglerne."""
    report = purge()
    db.session.commit()
    labels = {
        "recipients": "Kontaktdata slettet",
        "drafts": "Kladder slettet",
        "outbox_files": "Udbakkefiler slettet",
        "raw_texts": "Rå fritekster slettet",
    }
    for key, value in asdict(report).items():
        click.echo(f"{labels[key]}: {value}")

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from survey.extensions import db
from survey.models import AuditEvent, Invitation, InvitationStatus, Recipient

from .helpers import db_dump, pdf_qr_codes, pdf_texts, read_links_csv


def _invitations(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Invitation)) or 0)


def test_invite_count_writes_letters_and_links(
    app: Flask, runner: FlaskCliRunner, make_round: Callable[..., int], tmp_path: Path
) -> None:
    round_id = make_round()
    letters, links = tmp_path / "breve.pdf", tmp_path / "links.csv"
    result = runner.invoke(
        args=[
            "invite",
            str(round_id),
            "--count",
            "3",
            "--letters",
            str(letters),
            "--links",
            str(links),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "3 invitationer" in result.output
    rows = read_links_csv(links.read_bytes())
    assert len(rows) == 3
    pdf = letters.read_bytes()
    for row, text, qr in zip(rows, pdf_texts(pdf), pdf_qr_codes(pdf), strict=True):
        assert row["url"] in text and row["code"] in text and qr == [row["url"]]
    with app.app_context():
        assert set(db.session.scalars(select(Invitation.status))) == {InvitationStatus.SENDT}
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "invitations_issued")
            )
            == 1
        )
    dump = db_dump(app)
    assert all(r["url"].rsplit("/", 1)[1] not in dump and r["code"] not in dump for r in rows)


def test_invite_recipients_links_only(
    app: Flask, runner: FlaskCliRunner, make_round: Callable[..., int], tmp_path: Path
) -> None:
    round_id = make_round(state="kladde")
    source = tmp_path / "m.csv"
    source.write_bytes(
        "Navn;Adresse;Reference\r\nSøren Ærø;Vej 1;X1\r\n\r\nBo;Vej 2;X2\r\n".encode("cp1252")
    )
    links = tmp_path / "links.csv"
    result = runner.invoke(
        args=["invite", str(round_id), "--recipients", str(source), "--links", str(links)]
    )
    assert result.exit_code == 0, result.output
    rows = read_links_csv(links.read_bytes())
    assert [(r["name"], r["reference"]) for r in rows] == [("Søren Ærø", "X1"), ("Bo", "X2")]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Recipient)) == 2


def test_exit_2_without_output_creates_nothing(
    app: Flask, runner: FlaskCliRunner, make_round: Callable[..., int], tmp_path: Path
) -> None:
    round_id = make_round()
    result = runner.invoke(args=["invite", str(round_id), "--count", "3"])
    assert result.exit_code == 2
    assert "--letters" in result.output
    assert _invitations(app) == 0
    # Also when the round does not exist: the missing output is a usage error first.
    assert runner.invoke(args=["invite", "9999", "--count", "3"]).exit_code == 2


@pytest.mark.parametrize(
    "extra",
    [
        ["--count", "2", "--recipients", "RECIPIENTS"],
        [],
        ["--count", "0"],
        ["--count", "x"],
    ],
)
def test_usage_errors_exit_2(
    app: Flask,
    runner: FlaskCliRunner,
    make_round: Callable[..., int],
    tmp_path: Path,
    extra: list[str],
) -> None:
    round_id = make_round()
    source = tmp_path / "m.csv"
    source.write_text("navn;adresse\nA;Vej 1\n")
    args = [
        "invite",
        str(round_id),
        *[str(source) if a == "RECIPIENTS" else a for a in extra],
        "--letters",
        str(tmp_path / "b.pdf"),
    ]
    result = runner.invoke(args=args)
    assert result.exit_code == 2, result.output
    assert _invitations(app) == 0
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("state", ["lukket", "afrapporteret"])
def test_exit_1_when_round_not_open(
    app: Flask, runner: FlaskCliRunner, make_round: Callable[..., int], tmp_path: Path, state: str
) -> None:
    round_id = make_round(state=state)
    result = runner.invoke(
        args=["invite", str(round_id), "--count", "2", "--links", str(tmp_path / "l.csv")]
    )
    assert result.exit_code == 1
    assert "kladde eller åben" in result.output
    assert _invitations(app) == 0
    assert not (tmp_path / "l.csv").exists()


def test_exit_1_when_round_missing(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        args=["invite", "9999", "--count", "2", "--links", str(tmp_path / "l.csv")]
    )
    assert result.exit_code == 1
    assert "findes ikke" in result.output


def test_exit_1_on_refused_csv_nothing_made(
    app: Flask, runner: FlaskCliRunner, make_round: Callable[..., int], tmp_path: Path
) -> None:
    round_id = make_round()
    source = tmp_path / "m.csv"
    source.write_text("navn;adresse;cpr\nA;Vej 1;010190-1234\n")
    result = runner.invoke(
        args=[
            "invite",
            str(round_id),
            "--recipients",
            str(source),
            "--links",
            str(tmp_path / "l.csv"),
        ]
    )
    assert result.exit_code == 1
    assert "CPR" in result.output
    assert _invitations(app) == 0
    assert not (tmp_path / "l.csv").exists()

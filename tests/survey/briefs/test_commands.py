"""``borgerrejse brief`` and ``borgerrejse annual``: exit codes and files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskCliRunner

from .conftest import likert, pdf_text


def test_brief_command_writes_a_pdf_in_any_state(
    runner: FlaskCliRunner, make_round: Callable[..., int], seed_answers: Callable[..., None],
    tmp_path: Path,
) -> None:
    draft = make_round(state="kladde")
    out = tmp_path / "kladde.pdf"
    result = runner.invoke(args=["brief", str(draft), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "foreløbig" in result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "Foreløbig" in pdf_text(out.read_bytes())

    reported = make_round(state="aaben")
    seed_answers(reported, 8, likert)
    runner.invoke(args=["brief", str(reported), "-o", str(tmp_path / "x.pdf")])
    from survey.extensions import db
    from survey.models import Borgerrejse
    from survey.rounds.operations import close_round, report_round

    with runner.app.app_context():
        rnd = db.session.get(Borgerrejse, reported)
        close_round(rnd)
        report_round(rnd)
        db.session.commit()
    out2 = tmp_path / "sub" / "afrapporteret.pdf"
    result = runner.invoke(args=["brief", str(reported), "-o", str(out2)])
    assert result.exit_code == 0, result.output
    assert "foreløbig" not in pdf_text(out2.read_bytes()).lower()


def test_brief_command_unknown_round_exits_1(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out = tmp_path / "nej.pdf"
    result = runner.invoke(args=["brief", "987654", "-o", str(out)])
    assert result.exit_code == 1
    assert "findes ikke" in result.output
    assert not out.exists()


def test_annual_command(
    runner: FlaskCliRunner, make_round: Callable[..., int], seed_answers: Callable[..., None],
    tmp_path: Path,
) -> None:
    round_id = make_round(state="aaben")
    seed_answers(round_id, 6, likert)
    out = tmp_path / "aar.pdf"
    year = dt.date.today().year
    result = runner.invoke(args=["annual", str(year), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert f"Borgerrejser {year}" in text and "Center for Social Indsats" in text
    assert runner.invoke(args=["annual", "1800", "-o", str(out)]).exit_code != 0


def test_brief_command_writes_an_audit_entry(
    runner: FlaskCliRunner, make_round: Callable[..., int], tmp_path: Path,
) -> None:
    from sqlalchemy import select

    from survey.extensions import db
    from survey.models import AuditEvent

    round_id = make_round(state="aaben")
    result = runner.invoke(args=["brief", str(round_id), "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 0, result.output
    with runner.app.app_context():
        events = list(db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "brief_generated")))
    assert [(e.target, e.user_id, e.detail) for e in events] == [
        (f"borgerrejse:{round_id}", None, "cli")
    ]
    # an unknown round writes nothing
    runner.invoke(args=["brief", "987654", "-o", str(tmp_path / "x.pdf")])
    with runner.app.app_context():
        count = len(list(db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "brief_generated"))))
    assert count == 1

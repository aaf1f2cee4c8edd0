from __future__ import annotations

import email
import email.policy
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey.citizen.operations import find_by_code, find_by_token, submit
from survey.extensions import db
from survey.invitations.operations import (
    RecipientData,
    invitation_counts,
    invite,
    issue_invitations,
    remind,
    reminder_plan,
)
from survey.models import AuditEvent, Borgerrejse, Invitation, InvitationStatus
from tests.conftest import csrf_token

from .helpers import pdf_qr_codes, pdf_texts


def _setup(app: Flask, round_id: int) -> dict[str, object]:
    """Four invitations: one used, one with address, one with e-mail only, one anonymous."""
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        people = [
            RecipientData("Brugt Person", "Vej 1, 2800 Lyngby"),
            RecipientData("Adresse Person", "Vej 2, 2800 Lyngby", reference="R2"),
            RecipientData("Mail Person", "", "mail@example.dk"),
        ]
        batch = invite(rnd, source="csv", recipients=people, letters=True, links=False)
        anonymous = invite(rnd, source="antal", count=1, letters=False, links=True)
        used = find_by_token(batch.issued[0].token)
        submit(used, {}, "da")
        db.session.commit()
        return {"issued": batch.issued, "anonymous": anonymous.issued[0]}


def test_reminders_only_for_unused_with_new_secrets(
    app: Flask, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    setup = _setup(app, round_id)
    issued = setup["issued"]
    anonymous = setup["anonymous"]
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        plan = reminder_plan(rnd)
        assert (plan.with_address, plan.with_email, plan.without_contact) == (1, 1, 1)
        batch = remind(rnd, letters=True, send_email=True)
        db.session.commit()
        reminded = {item.invitation_id: item for item in batch.issued}
        # The used one and the anonymous one are not reminded.
        assert set(reminded) == {issued[1].invitation_id, issued[2].invitation_id}
        assert batch.letters == 1 and batch.emails == 1
        # Old link and code stop working; the new ones work for the same invitation.
        for old in issued[1:]:
            assert find_by_token(old.token) is None
            assert find_by_code(old.code) is None
            new = reminded[old.invitation_id]
            assert new.token != old.token
            assert find_by_token(new.token).id == old.invitation_id
            assert find_by_code(new.code.lower()).id == old.invitation_id
        # The anonymous invitation keeps its link.
        assert find_by_token(anonymous.token) is not None
        statuses = {i.id: i.status for i in db.session.scalars(select(Invitation))}
        assert statuses[issued[0].invitation_id] is InvitationStatus.BRUGT
        assert statuses[issued[1].invitation_id] is InvitationStatus.PAAMINDET
        assert statuses[issued[2].invitation_id] is InvitationStatus.PAAMINDET
        assert statuses[anonymous.invitation_id] is InvitationStatus.IKKE_SENDT
        counts = invitation_counts(round_id)
        assert (counts.made, counts.used, counts.reminded, counts.not_sent) == (4, 1, 2, 1)
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "reminders_issued")
        ).one()
        assert "antal=2" in event.detail and "Person" not in event.detail
    [text] = pdf_texts(batch.letters_pdf)
    new = reminded[issued[1].invitation_id]
    assert "Påmindelse" in text and "Adresse Person" in text
    assert new.url in text and new.code in text
    assert pdf_qr_codes(batch.letters_pdf) == [[new.url]]
    [eml] = Path(app.config["OUTBOX_DIR"]).glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["To"] == "mail@example.dk"
    assert message["Subject"].startswith("Påmindelse")
    body = message.get_content()
    new_mail = reminded[issued[2].invitation_id]
    assert new_mail.url in body and new_mail.code in body and "Kære Mail Person" in body


def test_reminder_page_shows_counts_and_needs_confirmation(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    setup = _setup(app, round_id)
    url = f"/borgerrejser/{round_id}/invitationer/paamindelser"
    page = advisor_client.get(url)
    html = page.get_data(as_text=True)
    assert '<td id="plan-adresse">1</td>' in html and '<td id="plan-anonyme">1</td>' in html
    assert "Person" not in html
    token = csrf_token(html)
    refused = advisor_client.post(url, data={"letters": "y", "csrf_token": token})
    assert refused.status_code == 400
    assert "Bekræft" in refused.get_data(as_text=True)
    with app.app_context():
        assert find_by_token(setup["issued"][1].token) is not None
    response = advisor_client.post(url, data={"letters": "y", "confirm": "y", "csrf_token": token})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(pdf_texts(response.data)) == 1
    with app.app_context():
        assert find_by_token(setup["issued"][1].token) is None
        # Only letters were chosen: the e-mail-only invitation keeps its old link.
        assert find_by_token(setup["issued"][2].token) is not None


def test_reminders_with_nobody_to_reach(app: Flask, make_round: Callable[..., int]) -> None:
    import pytest

    from survey.invitations.operations import InviteError

    round_id = make_round()
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        issue_invitations(rnd, count=2)
        with pytest.raises(InviteError, match="ingen ubrugte"):
            remind(rnd, letters=True, send_email=False)


def test_ten_thousand_invitations_from_csv_quickly(
    app: Flask, make_round: Callable[..., int]
) -> None:
    from survey.invitations.csv_import import parse_recipients_csv

    round_id = make_round()
    data = (
        "navn;adresse\n" + "".join(f"Person {i};Vej {i}, 2800 Lyngby\n" for i in range(10_000))
    ).encode()
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        start = time.perf_counter()
        people = parse_recipients_csv(data).recipients
        batch = invite(rnd, source="csv", recipients=people, letters=False, links=True)
        db.session.commit()
        elapsed = time.perf_counter() - start
        assert invitation_counts(round_id).made == 10_000
    assert len(batch.links_csv.splitlines()) == 10_001
    assert elapsed < 15, elapsed

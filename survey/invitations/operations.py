"""Making invitations. Secrets exist in clear only in the returned ``IssuedInvitation``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app

from ..extensions import db
from ..models import Borgerrejse, Invitation, Recipient, RoundState, TransitionError, utcnow
from ..tokens import format_code, hash_secret, new_code, new_token


@dataclass(frozen=True)
class RecipientData:
    name: str = ""
    address: str = ""
    email: str = ""
    reference: str = ""


@dataclass(frozen=True)
class IssuedInvitation:
    invitation_id: int
    token: str
    code: str  # formatted XXXX-XXXX-XXXX
    url: str
    recipient: RecipientData | None


def citizen_url(token: str) -> str:
    base = current_app.config["BASE_URL"]
    return f"{base}/s/{token}"


def issue_invitations(
    rnd: Borgerrejse,
    count: int = 0,
    recipients: list[RecipientData] | None = None,
    valid_days: int | None = None,
) -> list[IssuedInvitation]:
    if rnd.state not in (RoundState.KLADDE, RoundState.AABEN):
        raise TransitionError("Der kan kun laves invitationer til en kladde eller en åben borgerrejse.")
    days = valid_days or rnd.invitation_days
    expires = max(
        utcnow() + dt.timedelta(days=days),
        dt.datetime.combine(rnd.period_end, dt.time(23, 59, 59)),
    )
    wanted: list[RecipientData | None] = list(recipients or []) or [None] * count
    issued: list[tuple[Invitation, str, str, RecipientData | None]] = []
    for data in wanted:
        token, code = new_token(), new_code()
        invitation = Invitation(
            borgerrejse=rnd, token_hash=hash_secret(token), code_hash=hash_secret(code),
            expires_at=expires,
        )
        if data is not None:
            invitation.recipient = Recipient(
                name=data.name, address=data.address, email=data.email, reference=data.reference
            )
        db.session.add(invitation)
        issued.append((invitation, token, code, data))
    db.session.flush()
    return [
        IssuedInvitation(inv.id, token, format_code(code), citizen_url(token), data)
        for inv, token, code, data in issued
    ]


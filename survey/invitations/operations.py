"""Making invitations. Secrets exist in clear only in the returned ``IssuedInvitation``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..models import (
    Borgerrejse,
    Invitation,
    InvitationStatus,
    Recipient,
    RoundState,
    TransitionError,
    utcnow,
)
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
        raise TransitionError(
            "Der kan kun laves invitationer til en kladde eller en åben borgerrejse."
        )
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
            borgerrejse=rnd,
            token_hash=hash_secret(token),
            code_hash=hash_secret(code),
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


# --------------------------------------------------------------------------- batches


class InviteError(ValueError):
    """An invitation batch that cannot be made; the message is Danish."""


CHANNEL_LABELS = {"csv": "CSV-fil", "antal": "anonyme", "en": "én modtager", "cli": "kommandolinje"}


def ensure_can_invite(rnd: Borgerrejse) -> None:
    if rnd.state not in (RoundState.KLADDE, RoundState.AABEN):
        raise TransitionError(
            f"Borgerrejsen er {rnd.state.label.lower()}. Der kan kun laves invitationer og "
            "påmindelser, mens den er en kladde eller åben."
        )


@dataclass(frozen=True)
class InvitationCounts:
    made: int
    not_sent: int
    sent: int
    reminded: int
    used: int

    @property
    def unused(self) -> int:
        return self.made - self.used


def invitation_counts(round_id: int) -> InvitationCounts:
    """Counts per status. Deliberately no per-recipient view: nobody sees who answered."""
    rows = db.session.execute(
        select(Invitation.status, func.count(Invitation.id))
        .where(Invitation.borgerrejse_id == round_id)
        .group_by(Invitation.status)
    ).all()
    by_status = {status: int(n) for status, n in rows}
    return InvitationCounts(
        made=sum(by_status.values()),
        not_sent=by_status.get(InvitationStatus.IKKE_SENDT, 0),
        sent=by_status.get(InvitationStatus.SENDT, 0),
        reminded=by_status.get(InvitationStatus.PAAMINDET, 0),
        used=by_status.get(InvitationStatus.BRUGT, 0),
    )


@dataclass
class Batch:
    """What one batch produced. The files exist only in memory, to be handed over once."""

    issued: list[IssuedInvitation]
    letters_pdf: bytes | None = None
    links_csv: bytes | None = None
    letters: int = 0
    emails: int = 0

    def zip_bytes(self, stem: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            if self.letters_pdf is not None:
                archive.writestr(f"{stem}-breve.pdf", self.letters_pdf)
            if self.links_csv is not None:
                archive.writestr(f"{stem}-links.csv", self.links_csv)
        return buffer.getvalue()


def links_csv(issued: list[IssuedInvitation]) -> bytes:
    """``code,url`` and, when any recipient was given, its columns (UTF-8 with BOM for Excel)."""
    with_recipients = any(item.recipient is not None for item in issued)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["code", "url"]
    if with_recipients:
        header += ["name", "address", "email", "reference"]
    writer.writerow(header)
    for item in issued:
        row = [item.code, item.url]
        if with_recipients:
            r = item.recipient or RecipientData()
            row += [r.name, r.address, r.email, r.reference]
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _mark(ids: list[int], status: InvitationStatus, only_from: InvitationStatus | None) -> None:
    for start in range(0, len(ids), 500):
        stmt = update(Invitation).where(Invitation.id.in_(ids[start : start + 500]))
        if only_from is not None:
            stmt = stmt.where(Invitation.status == only_from)
        db.session.execute(stmt.values(status=status).execution_options(synchronize_session=False))


def produce_outputs(
    rnd: Borgerrejse,
    issued: list[IssuedInvitation],
    *,
    letters: bool,
    links: bool,
    send_email: bool,
    reminder: bool = False,
) -> Batch:
    """Letters, the links file and e-mails for freshly issued (or re-issued) invitations.

    E-mail goes to every recipient with an address when ``send_email``; letters go to all the
    others too, except someone reached by e-mail who has no postal address. Invitations that got
    a letter or an e-mail become SENDT (reminders are marked PAAMINDET by the caller).
    """
    from .letters import render_letters
    from .mail import build_message, deliver

    batch = Batch(issued=issued)
    emailed = [i for i in issued if send_email and i.recipient is not None and i.recipient.email]
    emailed_ids = {i.invitation_id for i in emailed}
    lettered = [
        i
        for i in issued
        if letters
        and not (
            i.invitation_id in emailed_ids and i.recipient is not None and not i.recipient.address
        )
    ]
    if letters:
        batch.letters_pdf = render_letters(rnd, lettered, reminder=reminder)
        batch.letters = len(lettered)
    if links:
        batch.links_csv = links_csv(issued)
    if emailed:
        batch.emails = deliver([build_message(rnd, item, reminder=reminder) for item in emailed])
    if not reminder:
        sent_ids = sorted({i.invitation_id for i in lettered} | emailed_ids)
        _mark(sent_ids, InvitationStatus.SENDT, only_from=InvitationStatus.IKKE_SENDT)
    db.session.flush()
    return batch


def invite(
    rnd: Borgerrejse,
    *,
    source: str,
    count: int = 0,
    recipients: list[RecipientData] | None = None,
    letters: bool,
    links: bool,
    send_email: bool = False,
) -> Batch:
    """Make a batch of invitations and, at the same moment, everything that carries the secrets."""
    ensure_can_invite(rnd)
    if not (letters or links or (send_email and recipients)):
        raise InviteError(
            "Vælg breve, en fil med links eller e-mail; ellers kan linkene aldrig vises."
        )
    if not recipients and count < 1:
        raise InviteError("Der skal laves mindst én invitation.")
    issued = issue_invitations(rnd, count=count, recipients=recipients)
    batch = produce_outputs(rnd, issued, letters=letters, links=links, send_email=send_email)
    audit.record(
        "invitations_issued",
        target=f"borgerrejse:{rnd.id}",
        detail=(
            f"antal={len(issued)}; kilde={CHANNEL_LABELS.get(source, source)}; "
            f"breve={batch.letters}; e-mails={batch.emails}; linkfil={'ja' if links else 'nej'}"
        ),
    )
    return batch


@dataclass(frozen=True)
class ReminderPlan:
    with_address: int
    with_email: int
    without_contact: int
    expired: int


def _reminder_candidates(rnd: Borgerrejse) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .options(selectinload(Invitation.recipient))
            .where(
                Invitation.borgerrejse_id == rnd.id,
                Invitation.status != InvitationStatus.BRUGT,
            )
            .order_by(Invitation.id)
        )
    )


def reminder_plan(rnd: Borgerrejse) -> ReminderPlan:
    now = utcnow()
    with_address = with_email = without_contact = expired = 0
    for inv in _reminder_candidates(rnd):
        if inv.is_expired(now):
            expired += 1
        elif inv.recipient is None or not (inv.recipient.address or inv.recipient.email):
            without_contact += 1
        else:
            with_address += bool(inv.recipient.address)
            with_email += bool(inv.recipient.email)
    return ReminderPlan(with_address, with_email, without_contact, expired)


def remind(rnd: Borgerrejse, *, letters: bool, send_email: bool) -> Batch:
    """Reminders for unused invitations, with a NEW link and code in each.

    The first link and code are not stored (only their hashes), so a reminder cannot repeat
    them. Instead each reminded invitation gets a fresh token and code: the hashes are replaced,
    the old link and code stop working at once, and the reminder carries the new ones. That also
    helps the citizen who threw the first letter away. A saved draft stays with the invitation.
    Only invitations that are not used, not expired and that this reminder can actually reach
    (a postal address for letters, an e-mail for e-mail) are re-issued; anonymous invitations
    keep their link, since nobody knows where to send a reminder. Status becomes PAAMINDET.
    """
    ensure_can_invite(rnd)
    if not (letters or send_email):
        raise InviteError("Vælg breve, e-mail eller begge dele.")
    now = utcnow()
    chosen: list[Invitation] = []
    for inv in _reminder_candidates(rnd):
        r = inv.recipient
        if inv.is_expired(now) or r is None:
            continue
        if (letters and r.address) or (send_email and r.email):
            chosen.append(inv)
    issued: list[IssuedInvitation] = []
    for inv in chosen:
        token, code = new_token(), new_code()
        inv.token_hash = hash_secret(token)
        inv.code_hash = hash_secret(code)
        inv.status = InvitationStatus.PAAMINDET
        r = inv.recipient
        assert r is not None
        data = RecipientData(name=r.name, address=r.address, email=r.email, reference=r.reference)
        issued.append(IssuedInvitation(inv.id, token, format_code(code), citizen_url(token), data))
    db.session.flush()
    if not issued:
        raise InviteError("Der er ingen ubrugte invitationer, som en påmindelse kan nå.")
    # Letters only to those with a postal address; e-mail to those with an e-mail address.
    letter_items = [i for i in issued if letters and i.recipient and i.recipient.address]
    batch = produce_outputs(
        rnd, letter_items, letters=letters, links=False, send_email=False, reminder=True
    )
    batch.issued = issued
    if send_email:
        from .mail import build_message, deliver

        mails = [i for i in issued if i.recipient and i.recipient.email]
        batch.emails = deliver([build_message(rnd, i, reminder=True) for i in mails])
    audit.record(
        "reminders_issued",
        target=f"borgerrejse:{rnd.id}",
        detail=f"antal={len(issued)}; breve={batch.letters}; e-mails={batch.emails}",
    )
    return batch

"""Invitation and reminder e-mails: SMTP when ``SMTP_HOST`` is set, else ``.eml`` files.

In development the messages land in ``OUTBOX_DIR`` (one file each, random names that say
nothing about the recipient); ``borgerrejse purge`` deletes them after OUTBOX_RETENTION_DAYS.
Nothing about the recipients is logged.
"""

from __future__ import annotations

import os
import secrets
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

from ..models import Borgerrejse, utcnow
from .letters import _texts, letter_paragraphs
from .operations import InviteError, IssuedInvitation


def build_message(rnd: Borgerrejse, item: IssuedInvitation, reminder: bool = False) -> EmailMessage:
    assert item.recipient is not None and item.recipient.email
    texts = _texts(rnd)
    title, paragraphs = letter_paragraphs(texts, reminder)
    name = item.recipient.name.strip()
    body = [f"Kære {name}" if name else "Kære borger", ""]
    for paragraph in paragraphs:
        body += [paragraph, ""]
    body += [
        "Sådan svarer du: Åbn linket herunder.",
        item.url,
        "",
        f"Du kan også skrive koden på {texts.code_url}",
        f"Kode: {item.code}",
        "",
        "Linket og koden er kun til dig og kan bruges én gang. Du kan gemme og fortsætte senere.",
        "",
        "Venlig hilsen",
        texts.advisor_name,
        texts.municipality,
        texts.advisor_contact,
        "",
        "In English: Open the link to answer the survey. You can choose English.",
    ]
    message = EmailMessage()
    message["Subject"] = title
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = item.recipient.email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=current_app.config["MAIL_FROM"].split("@")[-1])
    message.set_content("\n".join(body))
    return message


def deliver(messages: list[EmailMessage]) -> int:
    """Send over SMTP when configured, else write ``.eml`` files to the outbox. Returns count."""
    if not messages:
        return 0
    config = current_app.config
    if config.get("SMTP_HOST"):
        try:
            with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=30) as smtp:
                if config.get("SMTP_STARTTLS"):
                    smtp.starttls()
                if config.get("SMTP_USER"):
                    smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
                for message in messages:
                    smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            current_app.logger.warning("SMTP fejlede: %s", type(error).__name__)
            raise InviteError(
                "E-mailserveren svarede ikke, så der er ikke lavet nogen invitationer. "
                "Prøv igen, eller vælg breve i stedet."
            ) from None
        return len(messages)
    outbox = Path(config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    for message in messages:
        path = outbox / f"{stamp}-{secrets.token_hex(8)}.eml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(bytes(message))
    return len(messages)

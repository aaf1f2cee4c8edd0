"""Readable targets for the audit log: ``borgerrejse:3`` becomes the round's title with a link.

The audit log stores targets as short strings (``borgerrejse:N``, ``free_text:UUID``,
``user:N``, ``laeringspunkt:N`` or an e-mail). ``describe_targets`` turns a page of events into
labels and links with one query per kind, for the advisor's log and overview (both advisor
only, so a link to a free text's review page is fine). Unknown targets are shown as stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, url_for
from sqlalchemy import select
from werkzeug.routing import BuildError

from ..extensions import db
from ..models import AuditEvent, Borgerrejse, FreeText, Laeringspunkt, User


@dataclass(frozen=True)
class Target:
    label: str
    url: str | None = None


def _url(endpoint: str, **values: object) -> str | None:
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def _split(target: str) -> tuple[str, str]:
    kind, sep, key = target.partition(":")
    return (kind, key) if sep else ("", target)


def describe_targets(events: Iterable[AuditEvent]) -> dict[int, Target]:
    """{event id: Target} for the given events."""
    events = list(events)
    keys: dict[str, set[str]] = {"borgerrejse": set(), "free_text": set(), "user": set(),
                                 "laeringspunkt": set()}
    for event in events:
        kind, key = _split(event.target or "")
        if kind in keys:
            keys[kind].add(key)

    def ints(values: set[str]) -> list[int]:
        return [int(v) for v in values if v.isdigit()]

    def uuids(values: set[str]) -> list[uuid.UUID]:
        out = []
        for v in values:
            try:
                out.append(uuid.UUID(v))
            except ValueError:
                continue
        return out

    rounds = {
        rid: title for rid, title in db.session.execute(
            select(Borgerrejse.id, Borgerrejse.title).where(
                Borgerrejse.id.in_(ints(keys["borgerrejse"])))
        )
    } if keys["borgerrejse"] else {}
    users = {
        uid: email for uid, email in db.session.execute(
            select(User.id, User.email).where(User.id.in_(ints(keys["user"])))
        )
    } if keys["user"] else {}
    points = {
        pid: title for pid, title in db.session.execute(
            select(Laeringspunkt.id, Laeringspunkt.title).where(
                Laeringspunkt.id.in_(ints(keys["laeringspunkt"])))
        )
    } if keys["laeringspunkt"] else {}
    texts = {
        str(tid) for tid in db.session.scalars(
            select(FreeText.id).where(FreeText.id.in_(uuids(keys["free_text"])))
        )
    } if keys["free_text"] else set()

    result: dict[int, Target] = {}
    for event in events:
        raw = event.target or ""
        kind, key = _split(raw)
        target = Target(raw)
        if kind == "borgerrejse" and key.isdigit():
            title = rounds.get(int(key))
            target = (Target(f"Borgerrejse: {title}", _url("rounds.detail", round_id=int(key)))
                      if title is not None else Target(f"Borgerrejse {key} (slettet)"))
        elif kind == "free_text":
            try:
                text_id = str(uuid.UUID(key))
            except ValueError:
                text_id = ""
            target = (Target("Fritekstsvar", _url("review.answer", text_id=text_id))
                      if text_id in texts else Target("Fritekstsvar (slettet)"))
        elif kind == "user" and key.isdigit():
            email = users.get(int(key))
            target = (Target(email, _url("advisor.user_edit", user_id=int(key)))
                      if email is not None else Target(f"Bruger {key} (slettet)"))
        elif kind == "laeringspunkt" and key.isdigit():
            title = points.get(int(key))
            target = (Target(f"Læringspunkt: {title}", _url("learning.detail", point_id=int(key)))
                      if title is not None else Target(f"Læringspunkt {key} (slettet)"))
        result[event.id] = target
    return result

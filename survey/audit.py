"""The audit log of sensitive actions (who, what, when). Never stores citizen text."""

from __future__ import annotations

from flask_login import current_user

from .extensions import db
from .models import AuditEvent


def record(
    action: str, target: str = "", detail: str = "", user_id: int | None = None
) -> AuditEvent:
    if user_id is None and current_user and getattr(current_user, "is_authenticated", False):
        user_id = current_user.id
    event = AuditEvent(action=action, target=target[:200], detail=detail, user_id=user_id)
    db.session.add(event)
    db.session.flush()
    return event

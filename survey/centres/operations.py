"""Writes for the fagcentre (flush, never commit). Staff names are never written to the log."""

from __future__ import annotations

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import Fagcenter


def normalise_staff_names(text: str) -> str:
    """One name per line, trimmed, empty lines and repeats removed (order kept)."""
    names: dict[str, None] = {}
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names[name] = None
    return "\n".join(names)


def staff_name_list(centre: Fagcenter) -> list[str]:
    return [n for n in (centre.staff_names or "").splitlines() if n.strip()]


def code_taken(code: str, except_id: int | None = None) -> bool:
    stmt = select(Fagcenter.id).where(Fagcenter.code == code)
    if except_id is not None:
        stmt = stmt.where(Fagcenter.id != except_id)
    return db.session.scalar(stmt) is not None


def update_centre(
    centre: Fagcenter, name: str, code: str, active: bool, staff_names: str
) -> Fagcenter:
    if code_taken(code, except_id=centre.id):
        raise ValueError(f"Koden »{code}« bruges allerede af et andet fagcenter.")
    changes = []
    if centre.name != name.strip():
        changes.append("navn")
    if centre.code != code:
        changes.append("kode")
    if centre.active != active:
        changes.append("aktiv")
    normalised = normalise_staff_names(staff_names)
    if (centre.staff_names or "") != normalised:
        changes.append("medarbejdernavne")
    centre.name = name.strip()
    centre.code = code
    centre.active = active
    centre.staff_names = normalised
    db.session.flush()
    if changes:
        audit.record(
            "centre_updated",
            target=f"fagcenter:{centre.id}",
            detail=f"ændret: {', '.join(changes)}; navne på listen: {len(staff_name_list(centre))}",
        )
    return centre

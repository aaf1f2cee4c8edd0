"""The advisor's administration: users and the standard question set (flush, never commit)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from .. import audit
from ..auth.passwords import MIN_LENGTH, hash_password
from ..extensions import db
from ..models import (
    AuditEvent,
    Borgerrejse,
    Fagcenter,
    FreeText,
    Laeringspunkt,
    LaeringspunktStatus,
    QuestionKind,
    ReviewStatus,
    Role,
    RoundState,
    StandardQuestion,
    StandardSet,
    User,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
AUDIT_PAGE_SIZE = 50


class AdminError(ValueError):
    """A refused administrative change; the message is Danish and shown to the advisor."""


# --------------------------------------------------------------------------- users


def generate_password() -> str:
    """A readable one-time password: 4 groups of 4 (about 80 bits), no look-alike characters."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_taken(email: str, except_id: int | None = None) -> bool:
    stmt = select(User.id).where(func.lower(User.email) == normalise_email(email))
    if except_id is not None:
        stmt = stmt.where(User.id != except_id)
    return db.session.scalar(stmt) is not None


def _active_advisors(except_id: int | None = None) -> int:
    stmt = select(func.count(User.id)).where(User.role == Role.ADVISOR, User.active.is_(True))
    if except_id is not None:
        stmt = stmt.where(User.id != except_id)
    return db.session.scalar(stmt) or 0


def _scope(role: Role, fagcenter: Fagcenter | None) -> Fagcenter | None:
    if role is Role.CENTRE:
        if fagcenter is None:
            raise AdminError("Vælg det fagcenter, centerkontakten hører til.")
        return fagcenter
    return None


def _describe(user: User) -> str:
    text = f"rolle: {user.role.label}"
    if user.fagcenter is not None:
        text += f", fagcenter: {user.fagcenter.code}"
    return text


@dataclass
class CreatedUser:
    user: User
    generated_password: str | None


def create_user(email: str, role: Role, fagcenter: Fagcenter | None,
                password: str | None = None) -> CreatedUser:
    email = normalise_email(email)
    if email_taken(email):
        raise AdminError("Der findes allerede en bruger med den e-mail.")
    if password and len(password) < MIN_LENGTH:
        raise AdminError(f"Adgangskoden skal have mindst {MIN_LENGTH} tegn.")
    generated = None if password else generate_password()
    user = User(email=email, role=role, fagcenter=_scope(role, fagcenter),
                password_hash=hash_password(password or generated or ""), active=True)
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", target=user.email, detail=_describe(user))
    return CreatedUser(user, generated)


def change_role(user: User, role: Role, fagcenter: Fagcenter | None, acting: User) -> bool:
    """Returns whether anything changed."""
    new_centre = _scope(role, fagcenter)
    if user.role is Role.ADVISOR and role is not Role.ADVISOR:
        if user.id == acting.id:
            raise AdminError("Du kan ikke fjerne din egen rolle som borgerrådgiver.")
        if user.active and _active_advisors(except_id=user.id) == 0:
            raise AdminError("Der skal altid være mindst én aktiv borgerrådgiver.")
    if user.role is role and user.fagcenter_id == (new_centre.id if new_centre else None):
        return False
    before = _describe(user)
    user.role = role
    user.fagcenter = new_centre
    # A new role or centre starts over: the user's open sessions are signed out.
    user.session_version += 1
    db.session.flush()
    audit.record("user_role_changed", target=user.email, detail=f"{before} → {_describe(user)}")
    return True


def set_active(user: User, active: bool, acting: User) -> None:
    if user.active == active:
        return
    if not active:
        if user.id == acting.id:
            raise AdminError("Du kan ikke deaktivere dig selv.")
        if user.role is Role.ADVISOR and _active_advisors(except_id=user.id) == 0:
            raise AdminError("Den sidste aktive borgerrådgiver kan ikke deaktiveres.")
        user.session_version += 1
    user.active = active
    db.session.flush()
    audit.record("user_reactivated" if active else "user_deactivated", target=user.email)


def reset_password(user: User, password: str | None = None) -> str:
    """Sets a new (given or generated) password, signs the user out everywhere; returns it."""
    new = password or generate_password()
    if len(new) < MIN_LENGTH:
        raise AdminError(f"Adgangskoden skal have mindst {MIN_LENGTH} tegn.")
    user.password_hash = hash_password(new)
    user.session_version += 1
    db.session.flush()
    audit.record("user_password_reset", target=user.email)
    return new


def users_in_order() -> list[User]:
    return list(db.session.scalars(
        select(User).order_by(User.active.desc(), User.role, func.lower(User.email))
    ))


# --------------------------------------------------------------------------- audit log

ACTION_LABELS: dict[str, str] = {
    "login": "Logget ind",
    "login_failed": "Mislykket log ind",
    "logout": "Logget ud",
    "password_changed": "Skiftede egen adgangskode",
    "user_created": "Bruger oprettet",
    "user_role_changed": "Rolle eller fagcenter ændret",
    "user_deactivated": "Bruger deaktiveret",
    "user_reactivated": "Bruger genaktiveret",
    "user_password_reset": "Adgangskode nulstillet",
    "standard_set_created": "Ny version af standardspørgsmål",
    "round_created": "Borgerrejse oprettet",
    "round_opened": "Borgerrejse åbnet",
    "round_closed": "Borgerrejse lukket",
    "round_reported": "Borgerrejse afrapporteret",
    "question_edited": "Spørgsmål rettet",
    "question_restored": "Spørgsmål genskabt",
    "focus_question_added": "Fokusspørgsmål tilføjet",
    "focus_question_proposed": "Fokusspørgsmål foreslået",
    "focus_question_approved": "Fokusspørgsmål godkendt",
    "invitations_issued": "Invitationer dannet",
    "reminders_issued": "Påmindelser dannet",
    "view_raw_text": "Rå fritekst vist",
    "quote_edited": "Citat rettet",
    "quote_approved": "Citat godkendt",
    "quote_revoked": "Citat trukket tilbage",
    "custom_theme_created": "Tema oprettet",
    "coder_trained": "Kodningsmodel trænet",
    "coder_accepted": "Kodningsmodel taget i brug",
    "coder_discarded": "Kodningsmodel kasseret",
    "export": "Eksport",
    "purge": "Sletning",
    "brief_downloaded": "Læringsbrief hentet",
    "brief_notified": "Læringsbrief sendt",
    "brief_hovedpunkter_saved": "Hovedpunkter gemt",
    "annual_downloaded": "Årsoversigt hentet",
    "learning_point_created": "Læringspunkt oprettet",
    "learning_point_status": "Læringspunkt skiftede status",
    "centre_updated": "Fagcenter ændret",
    "brief_generated": "Læringsbrief lavet (kommandolinje)",
    "interview_recorded": "Interview registreret",
    "paper_responses_imported": "Papirsvar indlæst",
    "user_updated": "Bruger opdateret",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


def danish_datetime(value: dt.datetime | None) -> str:
    """UTC (naive, as stored) → local time, e.g. ``3.2.2025 kl. 14.05``."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone(COPENHAGEN)
    return f"{local.day}.{local.month}.{local.year} kl. {local:%H.%M}"


def danish_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day}.{value.month}.{value.year}"


@dataclass
class AuditPage:
    events: list[AuditEvent]
    page: int
    pages: int
    total: int


def audit_actions() -> list[str]:
    stmt = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return list(db.session.scalars(stmt))


def audit_page(page: int = 1, action: str | None = None,
               per_page: int = AUDIT_PAGE_SIZE) -> AuditPage:
    stmt = select(AuditEvent)
    count = select(func.count(AuditEvent.id))
    if action:
        stmt = stmt.where(AuditEvent.action == action)
        count = count.where(AuditEvent.action == action)
    total = db.session.scalar(count) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    events = list(db.session.scalars(
        stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    ))
    return AuditPage(events, page, pages, total)


# --------------------------------------------------------------------------- overview


@dataclass
class Overview:
    rounds_by_state: dict[RoundState, list[Borgerrejse]]
    free_texts_awaiting: int
    overdue_learning_points: list[Laeringspunkt]
    recent_events: list[AuditEvent]


def overview(today: dt.date | None = None) -> Overview:
    today = today or dt.date.today()
    rounds: dict[RoundState, list[Borgerrejse]] = {state: [] for state in RoundState}
    for rnd in db.session.scalars(
        select(Borgerrejse).order_by(Borgerrejse.period_start.desc(), Borgerrejse.id.desc())
    ):
        rounds[rnd.state].append(rnd)
    awaiting = db.session.scalar(
        select(func.count(FreeText.id)).where(FreeText.review_status == ReviewStatus.NY)
    ) or 0
    open_states = (LaeringspunktStatus.FORESLAAET, LaeringspunktStatus.AFTALT,
                   LaeringspunktStatus.I_GANG)
    candidates = db.session.scalars(
        select(Laeringspunkt)
        .where(Laeringspunkt.due_date < today, Laeringspunkt.status.in_(open_states))
        .order_by(Laeringspunkt.due_date)
    )
    overdue = [lp for lp in candidates if lp.is_overdue(today)]
    recent = list(db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(10)
    ))
    return Overview(rounds, awaiting, overdue, recent)


# --------------------------------------------------------------------------- standard questions

THEME_PATTERN = re.compile(r"^[a-z0-9_æøå]*$")


def latest_set() -> StandardSet | None:
    return db.session.scalar(select(StandardSet).order_by(StandardSet.version.desc()).limit(1))


def all_sets() -> list[StandardSet]:
    return list(db.session.scalars(select(StandardSet).order_by(StandardSet.version.desc())))


def _free_codes(used: set[str]) -> Iterator[str]:
    """S-codes are never reused across versions, so a removed question's code stays its own."""
    n = 1
    while True:
        code = f"S{n:02d}"
        if code not in used:
            used.add(code)
            yield code
        n += 1


@dataclass
class QuestionDraft:
    code: str  # "" for a new question
    kind: QuestionKind
    text_da: str
    text_en: str
    theme: str | None
    principle: int | None
    position: int


def create_standard_set_version(drafts: list[QuestionDraft], note: str = "") -> StandardSet:
    """A new version from the edited questions. Rounds keep the copies they already have."""
    current = latest_set()
    if not drafts:
        raise AdminError("Et sæt standardspørgsmål skal have mindst ét spørgsmål.")
    previous = {q.code: q for q in (current.questions if current else [])}

    def sort_key(pair: tuple[int, QuestionDraft]) -> tuple[int, int, int]:
        # A new or moved question given number N goes before the one already at N.
        index, draft = pair
        old = previous.get(draft.code)
        stays = old is not None and old.position == draft.position
        return (draft.position, 1 if stays else 0, index)

    ordered = [d for _, d in sorted(enumerate(drafts), key=sort_key)]
    # Validate everything before anything is added to the session.
    codes_seen: set[str] = set()
    for draft in ordered:
        if draft.code:
            if draft.code not in previous or draft.code in codes_seen:
                raise AdminError(f"Spørgsmålet {draft.code} findes ikke i den gældende version.")
            codes_seen.add(draft.code)
    unchanged = current is not None and [
        (d.code, d.text_da.strip(), d.text_en.strip(), d.theme or None, d.principle or None)
        for d in ordered
    ] == [(q.code, q.text_da, q.text_en, q.theme, q.principle) for q in current.questions]
    if unchanged:
        raise AdminError("Der er ingen ændringer i forhold til den gældende version.")

    free_codes = _free_codes(set(db.session.scalars(select(StandardQuestion.code))))
    new_set = StandardSet(version=(current.version + 1) if current else 1, note=note.strip())
    new_count = 0
    for position, draft in enumerate(ordered, start=1):
        if draft.code:
            old = previous[draft.code]
            kind, options, code = old.kind, list(old.options or []), draft.code
        else:
            new_count += 1
            kind, options, code = draft.kind, [], next(free_codes)
        new_set.questions.append(StandardQuestion(
            code=code, position=position, kind=kind, text_da=draft.text_da.strip(),
            text_en=draft.text_en.strip(), theme=draft.theme or None,
            principle=draft.principle or None, options=options,
        ))
    db.session.add(new_set)
    db.session.flush()
    removed = sorted(set(previous) - codes_seen)
    detail = f"{len(new_set.questions)} spørgsmål"
    if removed:
        detail += f"; fjernet: {', '.join(removed)}"
    if new_count:
        detail += f"; nye: {new_count}"
    audit.record("standard_set_created", target=f"version {new_set.version}", detail=detail)
    return new_set

"""Who may see what. Anything outside a user's scope answers 404, never 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, abort
from flask_login import current_user
from sqlalchemy import select

from .extensions import db, login_manager
from .models import Borgerrejse, Fagcenter, Role, RoundState, User

F = TypeVar("F", bound=Callable[..., Any])


def install(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log ind for at se siden."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @app.context_processor
    def lazy_current_user() -> dict[str, Any]:
        # The proxy, not the user: a page that never asks (every citizen page) never loads a
        # user, which with strong session protection would rewrite the citizen's session cookie
        # and clear a remember cookie on every response.
        return {"current_user": current_user}

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        try:
            raw_id, version = user_id.split(":", 1)
            user = db.session.get(User, int(raw_id))
        except (ValueError, TypeError):
            return None
        if user is None or not user.active or str(user.session_version) != version:
            return None
        return user


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Signed-in users with another role get 404, as if the page did not exist."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


advisor_required = roles_required(Role.ADVISOR)
staff_required = roles_required(Role.ADVISOR, Role.CENTRE, Role.MANAGEMENT)


def can_see_round(user: User, rnd: Borgerrejse) -> bool:
    if user.role is Role.ADVISOR:
        return True
    if user.role is Role.CENTRE:
        return user.fagcenter_id == rnd.fagcenter_id
    return False


def can_see_reported(user: User, rnd: Borgerrejse) -> bool:
    """Briefs and learning points: centre (own) and management once reported; advisor always."""
    if user.role is Role.ADVISOR:
        return True
    if rnd.state is not RoundState.AFRAPPORTERET:
        return False
    if user.role is Role.CENTRE:
        return user.fagcenter_id == rnd.fagcenter_id
    return user.role is Role.MANAGEMENT


def round_or_404(
    round_id: int, check: Callable[[User, Borgerrejse], bool] = can_see_round
) -> Borgerrejse:
    rnd = db.session.get(Borgerrejse, round_id)
    if rnd is None or not check(cast(User, current_user), rnd):
        abort(404)
    return rnd


def visible_centres(user: User) -> list[Fagcenter]:
    stmt = select(Fagcenter).order_by(Fagcenter.code)
    if user.role is Role.CENTRE:
        stmt = stmt.where(Fagcenter.id == user.fagcenter_id)
    return list(db.session.scalars(stmt))

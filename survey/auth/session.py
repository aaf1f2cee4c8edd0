"""Server-side session limits: an idle timeout and an absolute lifetime.

``PERMANENT_SESSION_LIFETIME`` only sets the cookie's expiry, which Flask renews on every
request; the times kept in the signed session make both limits hold on the server.
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user
from flask_login.config import COOKIE_NAME
from werkzeug.wrappers import Response

DEFAULT_IDLE_MINUTES = 60

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"


def idle_limit_seconds() -> int:
    return int(current_app.config.get("SESSION_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)) * 60


def absolute_limit_seconds() -> int:
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return int(getattr(lifetime, "total_seconds", lambda: lifetime)())


def start(now: float | None = None) -> None:
    """Call right after login_user: the clock of both limits starts now."""
    stamp = int(now if now is not None else time.time())
    session[SIGNED_IN_AT] = stamp
    session[LAST_SEEN] = stamp


def expired_reason(now: float | None = None) -> str | None:
    now = now if now is not None else time.time()
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if not isinstance(signed_in_at, int) or not isinstance(last_seen, int):
        return "Log ind igen."
    if now - last_seen > idle_limit_seconds():
        minutes = idle_limit_seconds() // 60
        return (
            f"Du er blevet logget ud, fordi du ikke har været aktiv i {minutes} minutter. "
            "Log ind igen."
        )
    if now - signed_in_at > absolute_limit_seconds():
        hours = absolute_limit_seconds() // 3600
        return (
            f"Du er blevet logget ud, fordi du har været logget ind i mere end {hours} timer. "
            "Log ind igen."
        )
    return None


def _may_be_signed_in() -> bool:
    """Flask-Login finds a user only in the session or in its remember cookie."""
    if "_user_id" in session:
        return True
    return current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies


def enforce_session_limits() -> Response | None:
    """Runs before every request (registered by the auth blueprint).

    A request that cannot carry a signed-in user (every citizen's) never loads ``current_user``:
    loading it costs a hash of the client's address and user agent, and Flask-Login's strong
    session protection would rewrite an anonymous session's cookie on every response.
    """
    if request.endpoint in (None, "static"):
        return None
    if not _may_be_signed_in() or not current_user.is_authenticated:
        return None
    reason = expired_reason()
    if reason is None:
        session[LAST_SEEN] = int(time.time())
        return None
    logout_user()
    session.clear()
    flash(reason, "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else ""
    if target and not target.startswith("/login"):
        return redirect(url_for("auth.login", next=target), code=303)
    return redirect(url_for("auth.login"), code=303)

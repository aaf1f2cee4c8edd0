from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from .. import audit
from ..extensions import limiter
from ..models import Role
from . import session as session_limits
from .forms import ChangePasswordForm, LoginForm
from .operations import authenticate, change_password

bp = Blueprint("auth", __name__)
bp.before_app_request(session_limits.enforce_session_limits)


def _home_for(role: Role) -> str:
    if role is Role.ADVISOR:
        return url_for("advisor.home")
    if role is Role.CENTRE:
        return url_for("rounds.index")
    return url_for("briefs.index")


def _login_limit() -> str:
    return str(current_app.config["LOGIN_LIMIT"])


def _safe_next(target: str) -> str | None:
    """Only a local path; never another host (``//x``, ``/\\x``) or a scheme."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.get("/")
def home() -> Response | str:
    if current_user.is_authenticated:
        return redirect(_home_for(current_user.role))
    return render_template("auth/home.html")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> Response | str:
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            session.clear()
            login_user(user)
            session.permanent = True
            session_limits.start()
            audit.record("login", target=user.email, user_id=user.id)
            target = _safe_next(request.args.get("next", "")) or _home_for(user.role)
            return redirect(target, code=303)
        audit.record("login_failed", target="")
        flash("E-mail eller adgangskode er forkert.", "error")
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    if current_user.is_authenticated:
        audit.record("logout", target=current_user.email)
    logout_user()
    session.clear()
    flash("Du er logget ud.", "success")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/konto/adgangskode", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_view() -> Response | str:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if authenticate(current_user.email, form.current.data or "") is None:
            form.current.errors = ["Den nuværende adgangskode er forkert."]
        else:
            user = current_user._get_current_object()
            change_password(user, form.new.data or "")
            # The new session_version signs out every other session; this one continues.
            login_user(user)
            audit.record("password_changed", target=user.email)
            flash("Din adgangskode er skiftet. Du er logget ud alle andre steder.", "success")
            return redirect(url_for("auth.change_password"), code=303)
    return render_template("auth/change_password.html", form=form)

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from .. import audit
from ..models import Role
from .forms import ChangePasswordForm, LoginForm
from .operations import authenticate, change_password

bp = Blueprint("auth", __name__)


def _home_for(role: Role) -> str:
    if role is Role.ADVISOR:
        return url_for("advisor.home")
    if role is Role.CENTRE:
        return url_for("rounds.index")
    return url_for("briefs.index")


@bp.get("/")
def home() -> Response | str:
    if current_user.is_authenticated:
        return redirect(_home_for(current_user.role))
    return render_template("auth/home.html")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            session.clear()
            login_user(user)
            session.permanent = True
            audit.record("login", target=user.email, user_id=user.id)
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = _home_for(user.role)
            return redirect(target, code=303)
        flash("E-mail eller adgangskode er forkert.", "error")
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
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
            change_password(current_user, form.new.data or "")
            login_user(current_user)
            audit.record("password_changed", target=current_user.email)
            flash("Din adgangskode er skiftet.", "success")
            return redirect(url_for("auth.change_password"), code=303)
    return render_template("auth/change_password.html", form=form)


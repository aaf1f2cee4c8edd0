from __future__ import annotations

from flask import Blueprint, render_template

from ..access import advisor_required

bp = Blueprint("advisor", __name__, url_prefix="/raadgiver")


@bp.get("/")
@advisor_required
def home() -> str:
    # Placeholder until the feature package is built out.
    return render_template("error.html", code=200, title="Overblik", text="Under opbygning.")


@bp.get("/brugere")
@advisor_required
def users() -> str:
    return render_template("error.html", code=200, title="Brugere", text="Under opbygning.")


@bp.get("/log")
@advisor_required
def audit_log() -> str:
    return render_template("error.html", code=200, title="Log", text="Under opbygning.")

from __future__ import annotations

from flask import Blueprint, render_template

from ..access import advisor_required

bp = Blueprint("invitations", __name__, url_prefix="/invitationer")


@bp.get("/")
@advisor_required
def index() -> str:
    # Placeholder until the feature package is built out.
    return render_template("error.html", code=200, title="Invitationer", text="Under opbygning.")

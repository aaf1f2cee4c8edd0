from __future__ import annotations

from flask import Blueprint, render_template

from ..access import advisor_required

bp = Blueprint("centres", __name__, url_prefix="/fagcentre")


@bp.get("/")
@advisor_required
def index() -> str:
    # Placeholder until the feature package is built out.
    return render_template("error.html", code=200, title="Fagcentre", text="Under opbygning.")

from __future__ import annotations

from flask import Blueprint, render_template

from ..access import advisor_required

bp = Blueprint("review", __name__, url_prefix="/gennemgang")


@bp.get("/")
@advisor_required
def index() -> str:
    # Placeholder until the feature package is built out.
    return render_template("error.html", code=200, title="Gennemgang", text="Under opbygning.")

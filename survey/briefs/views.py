from __future__ import annotations

from flask import Blueprint, render_template

from ..access import staff_required

bp = Blueprint("briefs", __name__, url_prefix="/briefs")


@bp.get("/")
@staff_required
def index() -> str:
    # Placeholder until the feature package is built out.
    return render_template("error.html", code=200, title="Læringsbriefs", text="Under opbygning.")

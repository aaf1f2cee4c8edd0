from __future__ import annotations

from flask import Blueprint, render_template

from ..access import staff_required

bp = Blueprint("learning", __name__, url_prefix="/laeringspunkter")


@bp.get("/")
@staff_required
def overview() -> str:
    # Placeholder until the feature package is built out.
    return render_template("error.html", code=200, title="Læringspunkter", text="Under opbygning.")

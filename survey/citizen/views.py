from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("citizen", __name__)


@bp.get("/kode")
def code_entry() -> str:
    return render_template("error.html", code=200, title="Skriv din kode", text="Under opbygning.")

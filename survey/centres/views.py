"""Fagcentre: the advisor lists and edits them; a centre contact sees its own dashboard."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..access import advisor_required, roles_required
from ..extensions import db
from ..models import Borgerrejse, Fagcenter, Role, User
from ..rounds.stats import centre_figures
from .forms import CentreForm
from .operations import staff_name_list, update_centre

bp = Blueprint("centres", __name__, url_prefix="/fagcentre")


def _centre_or_404(centre_id: int) -> Fagcenter:
    centre = db.session.get(Fagcenter, centre_id)
    user = cast(User, current_user)
    if centre is None:
        abort(404)
    if user.role is Role.CENTRE and user.fagcenter_id != centre.id:
        abort(404)
    return centre


@bp.get("/")
@advisor_required
def index() -> str:
    centres = list(db.session.scalars(select(Fagcenter).order_by(Fagcenter.code)))
    counts = {
        centre_id: count
        for centre_id, count in db.session.execute(
            select(Borgerrejse.fagcenter_id, func.count(Borgerrejse.id)).group_by(
                Borgerrejse.fagcenter_id
            )
        )
    }
    return render_template(
        "centres/index.html", centres=centres, counts=counts,
        staff_counts={c.id: len(staff_name_list(c)) for c in centres},
    )


@bp.route("/<int:centre_id>/rediger", methods=["GET", "POST"])
@advisor_required
def edit(centre_id: int) -> Response | str:
    centre = _centre_or_404(centre_id)
    form = CentreForm(obj=centre)
    if form.validate_on_submit():
        try:
            update_centre(
                centre, form.name.data or "", form.code.data or "", bool(form.active.data),
                form.staff_names.data or "",
            )
        except ValueError as error:
            form.code.errors = [str(error)]
        else:
            flash(f"{centre.name} er gemt.", "success")
            return redirect(url_for("centres.index"), code=303)
    return render_template("centres/edit.html", centre=centre, form=form)


@bp.get("/<int:centre_id>")
@roles_required(Role.ADVISOR, Role.CENTRE)
def detail(centre_id: int) -> str:
    centre = _centre_or_404(centre_id)
    reveal = cast(User, current_user).role is Role.ADVISOR
    return render_template(
        "centres/detail.html", centre=centre, fig=centre_figures(centre), reveal=reveal
    )

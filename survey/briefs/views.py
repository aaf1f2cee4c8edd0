"""Brief pages: the list, the HTML brief, the PDF download, hovedpunkter and the annual PDF.

Scope: the advisor sees every brief; centre contacts (own centre) and management only once the
round is afrapporteret. Everything else answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from .. import audit
from ..access import advisor_required, can_see_reported, round_or_404, staff_required
from ..models import Borgerrejse, Role, User
from . import operations as ops
from .forms import AnnualForm, HovedpunkterForm
from .pdf import AnnualRenderer, BriefRenderer

bp = Blueprint("briefs", __name__, url_prefix="/briefs")


def _pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _filename(rnd: Borgerrejse) -> str:
    return f"laeringsbrief-{rnd.fagcenter.code.lower()}-{rnd.id}.pdf"


@bp.get("/")
@staff_required
def index() -> str:
    user = cast(User, current_user)
    rounds = ops.visible_rounds(user)
    form = AnnualForm(request.args if "year" in request.args else None,
                      data=None if "year" in request.args else {"year": dt.date.today().year})
    return render_template("briefs/index.html", rounds=rounds, form=form,
                           is_advisor=user.role is Role.ADVISOR)


@bp.get("/<int:round_id>")
@staff_required
def show(round_id: int) -> str:
    rnd = round_or_404(round_id, can_see_reported)
    data = ops.build_brief(rnd)
    form = None
    suggested = False
    if cast(User, current_user).role is Role.ADVISOR:
        form = HovedpunkterForm(
            data={"godt": rnd.hovedpunkter_godt, "bedre": rnd.hovedpunkter_bedre}
        )
        if not rnd.hovedpunkter_godt.strip() and not rnd.hovedpunkter_bedre.strip():
            form.godt.data, form.bedre.data = ops.suggest_hovedpunkter(data)
            suggested = True
    return render_template("briefs/brief.html", data=data, rnd=rnd, form=form,
                           suggested=suggested, filename=_filename(rnd))


@bp.post("/<int:round_id>/hovedpunkter")
@advisor_required
def save_hovedpunkter(round_id: int) -> ResponseReturnValue:
    rnd = round_or_404(round_id, can_see_reported)
    form = HovedpunkterForm()
    if not form.validate_on_submit():
        data = ops.build_brief(rnd)
        return render_template("briefs/brief.html", data=data, rnd=rnd, form=form,
                               suggested=False, filename=_filename(rnd)), 400
    ops.save_hovedpunkter(rnd, form.godt.data or "", form.bedre.data or "")
    flash("Hovedpunkterne er gemt. De står nu i briefen.", "success")
    return redirect(url_for("briefs.show", round_id=rnd.id, _anchor="hovedpunkter"), 303)


@bp.get("/<int:round_id>.pdf")
@staff_required
def pdf(round_id: int) -> Response:
    rnd = round_or_404(round_id, can_see_reported)
    data = ops.build_brief(rnd)
    body = BriefRenderer(data).render()
    audit.record("brief_downloaded", target=f"borgerrejse:{rnd.id}")
    return _pdf(body, _filename(rnd))


@bp.get("/aar.pdf")
@advisor_required
def annual() -> ResponseReturnValue:
    args = (request.args if request.args.get("year")
            else MultiDict({"year": str(dt.date.today().year)}))
    form = AnnualForm(args)
    if not form.validate():
        user = cast(User, current_user)
        return render_template("briefs/index.html", rounds=ops.visible_rounds(user), form=form,
                               is_advisor=True), 400
    year = int(form.year.data or 0)
    if year <= 0:
        abort(404)
    body = AnnualRenderer(ops.build_annual(year)).render()
    audit.record("annual_downloaded", target=f"år:{year}")
    return _pdf(body, f"borgerrejser-aarsoverblik-{year}.pdf")

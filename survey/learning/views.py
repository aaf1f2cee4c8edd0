"""Learning points: overview, per round, writing (advisor), follow-up (owner centre), reading."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from ..access import advisor_required, can_see_reported, round_or_404, staff_required
from ..extensions import db
from ..models import Borgerrejse, Laeringspunkt, LaeringspunktStatus, Role, TransitionError, User
from ..review.forms import choices
from ..review.operations import approved_quotes
from . import operations as ops
from .forms import NoteForm, PointForm, ResponseForm, StatusForm

bp = Blueprint("learning", __name__, url_prefix="/laeringspunkter")

Page = str | WerkzeugResponse | tuple[str, int]


def _user() -> User:
    return cast(User, current_user)


def _status_arg(value: str | None) -> LaeringspunktStatus | None:
    try:
        return LaeringspunktStatus(value) if value else None
    except ValueError:
        return None


@bp.get("/")
@staff_required
def overview() -> str:
    user = _user()
    status = _status_arg(request.args.get("status"))
    theme = request.args.get("tema") or None
    centre_id = request.args.get("center", type=int)
    centres = ops.filter_centres(user)
    if centre_id is not None and centre_id not in {c.id for c in centres}:
        centre_id = None
    points = ops.visible_points(user, status=status, theme=theme, centre_id=centre_id)
    return render_template(
        "learning/overview.html",
        points=points,
        statuses=list(LaeringspunktStatus),
        themes=ops.theme_choices(),
        centres=centres,
        chosen={"status": status.value if status else "", "tema": theme or "", "center": centre_id},
        read_only=user.role is Role.MANAGEMENT,
    )


@bp.get("/runde/<int:round_id>")
@staff_required
def round_points(round_id: int) -> str:
    rnd = round_or_404(round_id, can_see_reported)
    user = _user()
    return render_template(
        "learning/round.html",
        rnd=rnd,
        points=ops.visible_points(user, round_id=rnd.id),
        earlier=ops.earlier_points_with_figures(rnd.id),
        suggestions=ops.suggestions(rnd) if user.role is Role.ADVISOR else [],
        is_advisor=user.role is Role.ADVISOR,
        k=ops.min_group_size(),
    )


def _point_form(rnd: Borgerrejse, formdata: object = None, **data: object) -> PointForm:
    form = (
        PointForm(formdata=formdata, **data)
        if formdata is not None
        else PointForm(formdata=None, **data)
    )
    form.themes.choices = choices(ops.theme_choices())
    form.quotes.choices = choices(
        (q.id, f"{q.question_code}: {q.text}") for q in approved_quotes(rnd.id)
    )
    form.owner.choices = choices(
        (c.id, f"{c.code} – {c.name}") for c in ops.filter_centres(_user())
    )
    return form


def _data(form: PointForm) -> tuple[ops.PointData | None, list[str]]:
    figures, errors = ops.parse_figures(form.figures.data or "")
    if errors:
        return None, errors
    return ops.PointData(
        title=form.title.data or "",
        description=form.description.data or "",
        themes=list(form.themes.data or []),
        quote_ids=list(form.quotes.data or []),
        figures=figures,
        owner_fagcenter_id=form.owner.data or None,
        due_date=form.due_date.data,
    ), []


@bp.route("/runde/<int:round_id>/nyt", methods=["GET", "POST"])
@advisor_required
def create(round_id: int) -> Page:
    rnd = round_or_404(round_id)
    if request.method == "POST":
        form = _point_form(rnd, request.form)
        if form.validate_on_submit():
            data, errors = _data(form)
            if data is not None:
                point = ops.create_point(rnd, data, _user())
                flash("Læringspunktet er oprettet som »Foreslået«.", "success")
                return redirect(url_for("learning.detail", point_id=point.id))
            form.figures.errors = errors
        return render_template("learning/form.html", rnd=rnd, form=form, point=None), 422
    prefill: dict[str, object] = {"owner": rnd.fagcenter_id}
    theme = request.args.get("forslag")
    if theme:
        suggestion = ops.suggestion_for(rnd, theme)
        if suggestion is not None:
            prefill.update(
                title=suggestion.title,
                description="Forslag ud fra borgerrejsen: " + "; ".join(suggestion.reasons) + ".",
                themes=[suggestion.theme],
                figures="\n".join(f"{f.label}: {f.value}" for f in suggestion.figures),
                quotes=[q.id for q in approved_quotes(rnd.id, theme=suggestion.theme)][:3],
            )
    return render_template(
        "learning/form.html", rnd=rnd, form=_point_form(rnd, **prefill), point=None
    )


def _point_or_404(point_id: int) -> Laeringspunkt:
    point = db.session.get(Laeringspunkt, point_id)
    if point is None or not ops.can_view(_user(), point):
        abort(404)
    return point


def _render_detail(point: Laeringspunkt, status: int = 200, **forms: object) -> tuple[str, int]:
    user = _user()
    moves = ops.allowed_moves(user, point)
    status_form = forms.get("status_form") or StatusForm(formdata=None)
    assert isinstance(status_form, StatusForm)
    status_form.status.choices = choices((s.value, s.label) for s in moves)
    html = render_template(
        "learning/detail.html",
        point=point,
        rnd=point.borgerrejse,
        quotes=ops.evidence_quotes(point),
        events=ops.history(point),
        status_label=ops.status_label,
        can_edit=ops.can_edit(user, point),
        can_follow_up=ops.can_follow_up(user, point),
        moves=moves,
        status_form=status_form,
        response_form=forms.get("response_form") or ResponseForm(formdata=None),
        note_form=forms.get("note_form") or NoteForm(formdata=None),
    )
    return html, status


@bp.get("/<int:point_id>")
@staff_required
def detail(point_id: int) -> tuple[str, int]:
    return _render_detail(_point_or_404(point_id))


@bp.route("/<int:point_id>/rediger", methods=["GET", "POST"])
@advisor_required
def edit(point_id: int) -> Page:
    point = _point_or_404(point_id)
    rnd = point.borgerrejse
    if request.method == "POST":
        form = _point_form(rnd, request.form)
        if form.validate_on_submit():
            data, errors = _data(form)
            if data is not None:
                changed = ops.update_point(point, data, _user())
                flash("Ændringerne er gemt." if changed else "Der var intet at gemme.", "success")
                return redirect(url_for("learning.detail", point_id=point.id))
            form.figures.errors = errors
        return render_template("learning/form.html", rnd=rnd, form=form, point=point), 422
    form = _point_form(
        rnd,
        title=point.title,
        description=point.description,
        themes=list(point.themes or []),
        quotes=list(point.evidence_quote_ids or []),
        figures=ops.format_figures(point.evidence_figures),
        owner=point.owner_fagcenter_id,
        due_date=point.due_date,
    )
    return render_template("learning/form.html", rnd=rnd, form=form, point=point)


def _follow_up_or_404(point_id: int) -> Laeringspunkt:
    point = _point_or_404(point_id)
    if not ops.can_follow_up(_user(), point):
        abort(404)
    return point


@bp.post("/<int:point_id>/status")
@staff_required
def change_status(point_id: int) -> Page:
    point = _follow_up_or_404(point_id)
    form = StatusForm()
    form.status.choices = choices((s.value, s.label) for s in ops.allowed_moves(_user(), point))
    if form.validate_on_submit():
        new = _status_arg(form.status.data)
        try:
            if new is None:
                raise TransitionError("Vælg en ny status.")
            ops.change_status(point, new, _user(), form.note.data or "")
        except TransitionError as error:
            target = form.note if new is LaeringspunktStatus.FRAVALGT else form.status
            target.errors = [str(error)]
        else:
            flash(f"Status er nu »{point.status.label}«.", "success")
            return redirect(url_for("learning.detail", point_id=point.id))
    return _render_detail(point, 422, status_form=form)


@bp.post("/<int:point_id>/svar")
@staff_required
def respond(point_id: int) -> Page:
    point = _follow_up_or_404(point_id)
    form = ResponseForm()
    if form.validate_on_submit():
        ops.add_response(point, form.text.data or "", _user())
        flash("Fagcentrets svar er gemt.", "success")
        return redirect(url_for("learning.detail", point_id=point.id))
    return _render_detail(point, 422, response_form=form)


@bp.post("/<int:point_id>/note")
@staff_required
def note(point_id: int) -> Page:
    point = _follow_up_or_404(point_id)
    form = NoteForm()
    if form.validate_on_submit():
        ops.add_note(point, form.text.data or "", _user())
        flash("Noten er gemt.", "success")
        return redirect(url_for("learning.detail", point_id=point.id))
    return _render_detail(point, 422, note_form=form)

"""The advisor's administration: overview, users, audit log and standard questions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..access import advisor_required
from ..extensions import db
from ..models import Fagcenter, QuestionKind, Role, RoundState, User
from ..seed import PRINCIPLES
from . import operations as ops
from .forms import (
    NO_CENTRE,
    AuditFilterForm,
    ConfirmForm,
    ResetPasswordForm,
    StandardSetForm,
    UserCreateForm,
    UserEditForm,
)

bp = Blueprint("advisor", __name__, url_prefix="/raadgiver")


@bp.app_template_filter("dk_tidspunkt")
def _dk_datetime(value: Any) -> str:
    return ops.danish_datetime(value)


@bp.app_template_filter("dk_dato")
def _dk_date(value: Any) -> str:
    return ops.danish_date(value)


def _url_or_none(endpoint: str, **values: Any) -> str | None:
    """Links to pages other features provide; missing ones are shown without a link."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def _acting() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _centre_choices() -> list[tuple[int, str]]:
    centres = db.session.scalars(select(Fagcenter).order_by(Fagcenter.code))
    return [SelectChoice(NO_CENTRE, "Intet fagcenter")] + [
        SelectChoice(c.id, f"{c.code} – {c.name}") for c in centres
    ]


def _centre(centre_id: int | None) -> Fagcenter | None:
    return db.session.get(Fagcenter, centre_id) if centre_id else None


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


# --------------------------------------------------------------------------- overview


@bp.get("/")
@advisor_required
def home() -> str:
    overview = ops.overview()
    round_links = {
        rnd.id: _url_or_none("rounds.detail", round_id=rnd.id)
        for rounds in overview.rounds_by_state.values() for rnd in rounds
    }
    return render_template(
        "advisor/home.html",
        overview=overview,
        states=list(RoundState),
        round_links=round_links,
        rounds_url=_url_or_none("rounds.index"),
        review_url=_url_or_none("review.index"),
        learning_url=_url_or_none("learning.overview"),
        action_label=ops.action_label,
    )


# --------------------------------------------------------------------------- users


@bp.get("/brugere")
@advisor_required
def users() -> str:
    return render_template("advisor/users.html", users=ops.users_in_order())


@bp.route("/brugere/ny", methods=["GET", "POST"])
@advisor_required
def user_new() -> Response | str:
    form = UserCreateForm()
    form.fagcenter_id.choices = _centre_choices()
    if form.validate_on_submit():
        try:
            created = ops.create_user(
                form.email.data or "", Role(form.role.data), _centre(form.fagcenter_id.data),
                form.password.data or None,
            )
        except ops.AdminError as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            if created.generated_password:
                # Shown once, in this response only; never stored in the session or a flash.
                return render_template("advisor/password_shown.html", user=created.user,
                                       password=created.generated_password, created=True)
            flash(f"Brugeren {created.user.email} er oprettet.", "success")
            return redirect(url_for("advisor.users"), code=303)
    return render_template("advisor/user_new.html", form=form)


@bp.route("/brugere/<int:user_id>", methods=["GET", "POST"])
@advisor_required
def user_edit(user_id: int) -> Response | str:
    user = _user_or_404(user_id)
    form = UserEditForm(data={"role": user.role.value,
                              "fagcenter_id": user.fagcenter_id or NO_CENTRE})
    form.fagcenter_id.choices = _centre_choices()
    if form.validate_on_submit():
        try:
            changed = ops.change_role(user, Role(form.role.data), _centre(form.fagcenter_id.data),
                                      _acting())
        except ops.AdminError as error:
            form.role.errors = [*form.role.errors, str(error)]
        else:
            flash("Rollen er ændret." if changed else "Der var ingen ændringer.", "success")
            return redirect(url_for("advisor.user_edit", user_id=user.id), code=303)
    return render_template("advisor/user_edit.html", user=user, form=form,
                           confirm=ConfirmForm(), reset_form=ResetPasswordForm(formdata=None),
                           is_self=user.id == _acting().id)


def _set_active(user_id: int, active: bool) -> Response:
    user = _user_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        ops.set_active(user, active, _acting())
    except ops.AdminError as error:
        flash(str(error), "error")
    else:
        flash(f"{user.email} er {'genaktiveret' if active else 'deaktiveret'}.", "success")
    return redirect(url_for("advisor.user_edit", user_id=user.id), code=303)


@bp.post("/brugere/<int:user_id>/deaktiver")
@advisor_required
def user_deactivate(user_id: int) -> Response:
    return _set_active(user_id, False)


@bp.post("/brugere/<int:user_id>/aktiver")
@advisor_required
def user_reactivate(user_id: int) -> Response:
    return _set_active(user_id, True)


@bp.post("/brugere/<int:user_id>/adgangskode")
@advisor_required
def user_reset_password(user_id: int) -> Response | str:
    user = _user_or_404(user_id)
    reset_form = ResetPasswordForm()
    if reset_form.validate_on_submit():
        given = reset_form.new_password.data or None
        password = ops.reset_password(user, given)
        if given is None:
            return render_template("advisor/password_shown.html", user=user, password=password,
                                   created=False)
        flash(f"Adgangskoden for {user.email} er skiftet, og brugeren er logget ud.", "success")
        return redirect(url_for("advisor.user_edit", user_id=user.id), code=303)
    form = UserEditForm(data={"role": user.role.value,
                              "fagcenter_id": user.fagcenter_id or NO_CENTRE}, formdata=None)
    form.fagcenter_id.choices = _centre_choices()
    return render_template("advisor/user_edit.html", user=user, form=form, confirm=ConfirmForm(),
                           reset_form=reset_form, is_self=user.id == _acting().id)


# --------------------------------------------------------------------------- audit log


@bp.get("/log")
@advisor_required
def audit_log() -> str:
    actions = ops.audit_actions()
    form = AuditFilterForm(request.args)
    form.handling.choices = [SelectChoice("", "Alle handlinger")] + [
        SelectChoice(a, ops.action_label(a)) for a in actions
    ]
    action = request.args.get("handling", "")
    if action not in actions:
        action = ""
    page_number = request.args.get("side", 1, type=int) or 1
    page = ops.audit_page(page_number, action or None)
    return render_template("advisor/audit_log.html", page=page, form=form, action=action,
                           action_label=ops.action_label)


# --------------------------------------------------------------------------- standard questions


@bp.get("/standardspoergsmaal")
@advisor_required
def standard_set() -> str:
    version = request.args.get("version", type=int)
    sets = ops.all_sets()
    shown = next((s for s in sets if s.version == version), None) if version else None
    if version and shown is None:
        abort(404)
    return render_template("advisor/standard_set.html", sets=sets,
                           shown=shown or (sets[0] if sets else None), principles=PRINCIPLES)


def _form_errors(form: StandardSetForm) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for entry in form.questions.entries:
        for field in entry.form:
            errors.extend((field.id, message) for message in field.errors)
    errors.extend((form.note.id, message) for message in form.note.errors)
    return errors


@bp.route("/standardspoergsmaal/ny", methods=["GET", "POST"])
@advisor_required
def standard_set_new() -> Response | str:
    current = ops.latest_set()
    if request.method == "GET":
        form = StandardSetForm(data={"questions": [
            {"code": q.code, "kind": q.kind.value, "position": q.position, "text_da": q.text_da,
             "text_en": q.text_en, "theme": q.theme or "", "principle": q.principle or 0}
            for q in (current.questions if current else [])
        ]})
    else:
        form = StandardSetForm()
    existing = {q.code: q for q in (current.questions if current else [])}
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and "tilfoej" in request.form:
        # Add an empty row without saving; everything entered so far is kept.
        entry = form.questions.append_entry()
        entry.form.position.data = len(form.questions.entries)
        entry.form.kind.data = QuestionKind.LIKERT.value
    elif form.validate_on_submit():
        drafts = [
            ops.QuestionDraft(
                code=e.form.code.data or "", kind=QuestionKind(e.form.kind.data),
                text_da=e.form.text_da.data or "", text_en=e.form.text_en.data or "",
                theme=(e.form.theme.data or "").strip() or None,
                principle=e.form.principle.data or None, position=e.form.position.data or 0,
            )
            for e in form.questions.entries if not e.form.remove.data
        ]
        try:
            new_set = ops.create_standard_set_version(drafts, form.note.data or "")
        except ops.AdminError as error:
            errors.append((form.note.id, str(error)))
        else:
            flash(f"Version {new_set.version} af standardspørgsmålene er gemt. Nye borgerrejser "
                  "bruger den; eksisterende borgerrejser beholder deres spørgsmål.", "success")
            return redirect(url_for("advisor.standard_set"), code=303)
    elif request.method == "POST":
        errors = _form_errors(form)
    return render_template("advisor/standard_set_edit.html", form=form, current=current,
                           existing=existing, errors=errors)

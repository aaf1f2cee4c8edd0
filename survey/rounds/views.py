"""Rounds: list, create, detail, questionnaire, transitions, preview, dashboard, export.

Advisor: everything. Centre contacts: their own centre's rounds (read, propose focus questions
while a draft, figures under the small-number rule). Management: 404 on every rounds screen.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import audit
from ..access import advisor_required, roles_required, round_or_404, visible_centres
from ..briefs.operations import notify_reported
from ..extensions import db
from ..models import (
    AuditEvent,
    Borgerrejse,
    Fagcenter,
    Question,
    QuestionKind,
    QuestionOrigin,
    Role,
    RoundState,
    TransitionError,
    User,
)
from . import operations as ops
from .audit_targets import Target, describe_targets
from .export import codebook_csv, export_csv, free_text_analysed
from .forms import (
    THEME_CHOICES,
    ConfirmForm,
    FocusQuestionForm,
    QuestionTextForm,
    RoundFilterForm,
    RoundForm,
    options_to_text,
    select_choices,
)
from .stats import participation, round_figures

bp = Blueprint("rounds", __name__, url_prefix="/borgerrejser")


@bp.app_template_global("audit_targets")
def audit_targets(events: list[AuditEvent]) -> dict[int, Target]:
    """Readable labels and links for audit events' targets (the advisor's log and overview)."""
    return describe_targets(events)

rounds_staff_required = roles_required(Role.ADVISOR, Role.CENTRE)

Reply = str | WerkzeugResponse | tuple[str, int]


def _user() -> User:
    return cast(User, current_user)


def _is_advisor() -> bool:
    return _user().role is Role.ADVISOR


def _to_detail(rnd: Borgerrejse, anchor: str = "") -> WerkzeugResponse:
    url = url_for("rounds.detail", round_id=rnd.id) + (f"#{anchor}" if anchor else "")
    return redirect(url, code=303)


def _question_or_404(rnd: Borgerrejse, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.borgerrejse_id != rnd.id:
        abort(404)
    return question


# --------------------------------------------------------------------------- list & create


@bp.get("/")
@rounds_staff_required
def index() -> str:
    user = _user()
    centres = visible_centres(user)
    form = RoundFilterForm(request.args)
    form.centre.choices = select_choices([("", "Alle")] + [(str(c.id), c.name) for c in centres])
    stmt = select(Borgerrejse).order_by(Borgerrejse.period_start.desc(), Borgerrejse.id.desc())
    if user.role is Role.CENTRE:
        stmt = stmt.where(Borgerrejse.fagcenter_id == user.fagcenter_id)
    centre_value = request.args.get("centre", "")
    if centre_value.isdigit():
        stmt = stmt.where(Borgerrejse.fagcenter_id == int(centre_value))
    state_value = request.args.get("state", "")
    if state_value in {s.value for s in RoundState}:
        stmt = stmt.where(Borgerrejse.state == RoundState(state_value))
    rounds = list(db.session.scalars(stmt))
    return render_template(
        "rounds/index.html", rounds=rounds, form=form, is_advisor=_is_advisor(),
        filtered=bool(centre_value or state_value),
    )


def _centre_choices() -> list[tuple[int, str]]:  # used with select_choices
    centres = db.session.scalars(
        select(Fagcenter).where(Fagcenter.active.is_(True)).order_by(Fagcenter.name)
    )
    return [(c.id, f"{c.name} ({c.code})") for c in centres]


@bp.route("/ny", methods=["GET", "POST"])
@advisor_required
def create() -> Reply:
    form = RoundForm()
    form.fagcenter_id.choices = select_choices([(0, "Vælg fagcenter"), *_centre_choices()])
    if form.validate_on_submit():
        centre = db.session.get(Fagcenter, form.fagcenter_id.data)
        if centre is None or not centre.active:
            form.fagcenter_id.errors = ["Vælg et fagcenter."]
        else:
            try:
                rnd = ops.create_round(
                    centre, form.title.data or "", form.period_start.data,  # type: ignore[arg-type]
                    form.period_end.data,  # type: ignore[arg-type]
                )
            except LookupError as error:
                flash(str(error), "error")
                return render_template("rounds/create.html", form=form), 200
            audit.record("round_created", target=f"borgerrejse:{rnd.id}", detail=centre.code)
            flash("Borgerrejsen er oprettet som kladde.", "success")
            return _to_detail(rnd)
    return render_template("rounds/create.html", form=form)


# --------------------------------------------------------------------------- detail


@bp.get("/<int:round_id>")
@rounds_staff_required
def detail(round_id: int) -> str:
    rnd = round_or_404(round_id)
    figures = participation(rnd, _k())
    pending = [q for q in rnd.questions if q.origin is QuestionOrigin.FOKUS and not q.approved]
    return render_template(
        "rounds/detail.html", rnd=rnd, part=figures, is_advisor=_is_advisor(),
        blockers=rnd.open_blockers() if rnd.state is RoundState.KLADDE else [],
        pending=pending, missing=ops.missing_standard_questions(rnd) if _is_advisor() else [],
        form=ConfirmForm(), RoundState=RoundState, QuestionOrigin=QuestionOrigin,
        can_propose=rnd.state is RoundState.KLADDE,
    )


def _k() -> int:
    from .stats import min_group_size

    return min_group_size()


# --------------------------------------------------------------------------- transitions

TRANSITIONS: dict[str, dict[str, object]] = {
    "open": {
        "title": "Åbn borgerrejsen",
        "button": "Ja, åbn borgerrejsen",
        "from": RoundState.KLADDE,
        "consequences": [
            "Spørgeskemaet låses. Ingen spørgsmål kan ændres, flyttes, fjernes eller tilføjes "
            "bagefter, så alle svar kan sammenlignes.",
            "Borgere med et link eller en kode kan begynde at svare.",
            "Fagcentret kan ikke længere foreslå fokusspørgsmål til denne borgerrejse.",
        ],
        "done": "Borgerrejsen er åbnet. Spørgeskemaet er nu låst.",
    },
    "close": {
        "title": "Luk borgerrejsen",
        "button": "Ja, luk borgerrejsen og slet kontaktdata",
        "from": RoundState.AABEN,
        "consequences": [
            "Der kan ikke længere svares. Alle links og koder holder op med at virke.",
            "Alle modtageres kontaktdata (navn, adresse, e-mail og reference) slettes for altid.",
            "Gemte, ikke indsendte besvarelser (kladder) slettes.",
            "Indsendte besvarelser, der venter, bliver lagt over til analysen.",
            "Det kan ikke fortrydes.",
        ],
        "done": "Borgerrejsen er lukket. Kontaktdata og kladder er slettet.",
    },
    "report": {
        "title": "Afrapportér borgerrejsen",
        "button": "Ja, afrapportér",
        "from": RoundState.LUKKET,
        "consequences": [
            "Læringsbriefen bliver synlig for fagcentret og for ledelsen.",
            "Fagcentret og ledelsen ser kun tal, der bygger på mindst "
            "{k} besvarelser, og kun godkendte citater.",
            "Det kan ikke fortrydes.",
        ],
        "done": "Borgerrejsen er afrapporteret. Briefen er nu synlig for fagcenter og ledelse.",
    },
}


def _transition(round_id: int, action: str) -> Reply:
    rnd = round_or_404(round_id)
    spec = TRANSITIONS[action]
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            if action == "open":
                ops.open_round(rnd)
            elif action == "close":
                ops.close_round(rnd)
            else:
                ops.report_round(rnd)
                notify_reported(rnd)  # e-mail centre contacts and management (briefs)
        except TransitionError as error:
            flash(str(error), "error")
            return _to_detail(rnd)
        flash(str(spec["done"]), "success")
        return _to_detail(rnd)
    problems: list[str] = []
    if action == "open":
        problems = rnd.open_blockers()
    elif rnd.state is not spec["from"]:
        problems = [f"Borgerrejsen har status »{rnd.state.label}«, så det kan ikke lade sig gøre."]
    consequences = [str(c).format(k=_k()) for c in cast(list[str], spec["consequences"])]
    return render_template(
        "rounds/confirm.html", rnd=rnd, spec=spec, consequences=consequences, form=form,
        problems=problems, action=action,
        part=participation(rnd, _k()) if action == "close" else None,
    )


@bp.route("/<int:round_id>/aabn", methods=["GET", "POST"])
@advisor_required
def open_round(round_id: int) -> Reply:
    return _transition(round_id, "open")


@bp.route("/<int:round_id>/luk", methods=["GET", "POST"])
@advisor_required
def close_round(round_id: int) -> Reply:
    return _transition(round_id, "close")


@bp.route("/<int:round_id>/afrapporter", methods=["GET", "POST"])
@advisor_required
def report_round(round_id: int) -> Reply:
    return _transition(round_id, "report")


# --------------------------------------------------------------------------- questions


def _locked_redirect(rnd: Borgerrejse) -> WerkzeugResponse | None:
    if rnd.questions_locked:
        flash(
            "Spørgsmålene er låst, fordi borgerrejsen er åbnet. Et åbent spørgeskema kan ikke "
            "ændres, så alle svar kan sammenlignes.",
            "error",
        )
        return _to_detail(rnd, "spoergsmaal")
    return None


@bp.route("/<int:round_id>/spoergsmaal/<int:question_id>", methods=["GET", "POST"])
@advisor_required
def edit_question(round_id: int, question_id: int) -> Reply:
    rnd = round_or_404(round_id)
    question = _question_or_404(rnd, question_id)
    locked = _locked_redirect(rnd)
    if locked:
        return locked
    fokus = question.origin is QuestionOrigin.FOKUS
    form: QuestionTextForm
    if fokus:
        form = FocusQuestionForm(
            text_da=question.text_da, text_en=question.text_en, kind=question.kind.value,
            theme=question.theme or "", options=options_to_text(question.options or []),
        )
    else:
        form = QuestionTextForm(
            text_da=question.text_da, text_en=question.text_en,
            options=options_to_text(question.options or []),
        )
        form._is_choice = question.kind is QuestionKind.CHOICE  # type: ignore[attr-defined]
    if form.validate_on_submit():
        try:
            if isinstance(form, FocusQuestionForm):
                ops.update_question(
                    question, form.text_da.data or "", form.text_en.data or "",
                    options=form.parsed_options or [], theme=form.theme.data or None,
                    kind=QuestionKind(form.kind.data),
                )
            else:
                ops.update_question(
                    question, form.text_da.data or "", form.text_en.data or "",
                    options=form.parsed_options,
                )
        except TransitionError as error:
            flash(str(error), "error")
            return _to_detail(rnd, "spoergsmaal")
        flash(f"Spørgsmål {question.code} er gemt.", "success")
        return _to_detail(rnd, "spoergsmaal")
    return render_template(
        "rounds/question_edit.html", rnd=rnd, question=question, form=form, fokus=fokus,
        is_choice=question.kind is QuestionKind.CHOICE,
    )


def _question_action(round_id: int, question_id: int) -> tuple[Borgerrejse, Question]:
    rnd = round_or_404(round_id)
    question = _question_or_404(rnd, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return rnd, question


@bp.post("/<int:round_id>/spoergsmaal/<int:question_id>/flyt")
@advisor_required
def move_question(round_id: int, question_id: int) -> Reply:
    rnd, question = _question_action(round_id, question_id)
    direction = -1 if request.form.get("retning") == "op" else 1
    try:
        ops.move_question(question, direction)
    except TransitionError as error:
        flash(str(error), "error")
    return _to_detail(rnd, f"q-{question.id}")


@bp.post("/<int:round_id>/spoergsmaal/<int:question_id>/fjern")
@advisor_required
def remove_question(round_id: int, question_id: int) -> Reply:
    rnd, question = _question_action(round_id, question_id)
    fokus = question.origin is QuestionOrigin.FOKUS
    try:
        code = ops.remove_question(question)
    except TransitionError as error:
        flash(str(error), "error")
        return _to_detail(rnd, "spoergsmaal")
    if fokus:
        flash(f"Fokusspørgsmål {code} er afvist og slettet.", "success")
    else:
        flash(f"Spørgsmål {code} er fjernet fra denne borgerrejse.", "success")
    return _to_detail(rnd, "spoergsmaal")


@bp.post("/<int:round_id>/spoergsmaal/<int:question_id>/godkend")
@advisor_required
def approve_question(round_id: int, question_id: int) -> Reply:
    rnd, question = _question_action(round_id, question_id)
    try:
        ops.approve_focus_question(question)
    except TransitionError as error:
        flash(str(error), "error")
        return _to_detail(rnd, "spoergsmaal")
    flash(f"Fokusspørgsmål {question.code} er godkendt.", "success")
    return _to_detail(rnd, f"q-{question.id}")


@bp.post("/<int:round_id>/spoergsmaal/gendan")
@advisor_required
def restore_question(round_id: int) -> Reply:
    rnd = round_or_404(round_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        question = ops.restore_standard_question(rnd, request.form.get("code", ""))
    except (TransitionError, LookupError) as error:
        flash(str(error), "error")
        return _to_detail(rnd, "spoergsmaal")
    flash(f"Spørgsmål {question.code} er sat ind igen, sidst i skemaet.", "success")
    return _to_detail(rnd, "spoergsmaal")


@bp.route("/<int:round_id>/fokusspoergsmaal", methods=["GET", "POST"])
@rounds_staff_required
def propose_focus(round_id: int) -> Reply:
    rnd = round_or_404(round_id)
    locked = _locked_redirect(rnd)
    if locked:
        return locked
    form = FocusQuestionForm()
    if form.validate_on_submit():
        advisor = _is_advisor()
        try:
            question = ops.add_focus_question(
                rnd, QuestionKind(form.kind.data), form.text_da.data or "",
                form.text_en.data or "", theme=form.theme.data or None,
                options=form.parsed_options or [], approved=advisor,
            )
        except TransitionError as error:
            flash(str(error), "error")
            return _to_detail(rnd)
        audit.record(
            "focus_question_added" if advisor else "focus_question_proposed",
            target=f"borgerrejse:{rnd.id}", detail=question.code,
        )
        if advisor:
            flash(f"Fokusspørgsmål {question.code} er tilføjet.", "success")
        else:
            flash(
                f"Tak. Fokusspørgsmål {question.code} er sendt til borgerrådgiveren, "
                "som godkender det, før borgerrejsen åbnes.",
                "success",
            )
        return _to_detail(rnd, "spoergsmaal")
    return render_template(
        "rounds/focus_new.html", rnd=rnd, form=form, is_advisor=_is_advisor(),
        theme_choices=THEME_CHOICES,
    )


# --------------------------------------------------------------------------- preview


CITIZEN_PARTIAL = "citizen/_questions.html"
OWN_PARTIAL = "rounds/_preview_questions.html"


def _question_partial() -> str:
    """The citizen's own partial when it exists, otherwise our mirror of its markup."""
    from flask import current_app
    from jinja2 import TemplateNotFound

    try:
        current_app.jinja_env.get_template(CITIZEN_PARTIAL)
    except TemplateNotFound:
        return OWN_PARTIAL
    return CITIZEN_PARTIAL


@bp.get("/<int:round_id>/forhaandsvisning")
@rounds_staff_required
def preview(round_id: int) -> str:
    from ..citizen.forms import choices, split_steps

    rnd = round_or_404(round_id)
    lang = "en" if request.args.get("lang") == "en" else "da"
    questions = [q for q in rnd.questions if q.approved]
    partial = _question_partial()
    return render_template(
        "rounds/preview.html", rnd=rnd, lang=lang, steps=split_steps(questions),
        partial=partial, own_partial=partial == OWN_PARTIAL, choices_for=choices,
        pending=len(rnd.questions) - len(questions),
    )


# --------------------------------------------------------------------------- dashboard & export


@bp.get("/<int:round_id>/resultater")
@rounds_staff_required
def dashboard(round_id: int) -> str:
    rnd = round_or_404(round_id)
    figures = round_figures(rnd)
    return render_template(
        "rounds/dashboard.html", rnd=rnd, fig=figures, reveal=_is_advisor(),
        is_advisor=_is_advisor(), QuestionKind=QuestionKind,
        can_export=_is_advisor(), form=ConfirmForm(),
        texts_analysed=free_text_analysed(rnd) if _is_advisor() else False,
    )


@bp.post("/<int:round_id>/eksport.csv")
@advisor_required
def export(round_id: int) -> Reply:
    rnd = round_or_404(round_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    body, rows = export_csv(rnd)
    audit.record("export", target=f"borgerrejse:{rnd.id}", detail=f"csv; rækker={rows}")
    filename = f"borgerrejse-{rnd.id}-besvarelser.csv"
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/<int:round_id>/kodebog.csv")
@advisor_required
def codebook(round_id: int) -> Reply:
    """What the export's columns and codes mean (no citizen data, so a plain link)."""
    rnd = round_or_404(round_id)
    filename = f"borgerrejse-{rnd.id}-kodebog.csv"
    return Response(
        codebook_csv(rnd).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

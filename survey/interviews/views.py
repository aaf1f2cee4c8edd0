"""Advisor pages: record an interview, print the paper questionnaire, import paper answers.

Everything here is for the advisor only; other roles get 404 (``advisor_required``).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as WerkzeugResponse

from ..access import advisor_required, round_or_404
from ..citizen.forms import display_values, parse_answers, split_steps
from ..models import Borgerrejse, RoundState, TransitionError
from . import operations as ops
from .forms import (
    InterviewForm,
    PaperImportForm,
    forget_nonce,
    issue_nonce,
    nonce_issued,
)
from .paper import (
    PaperImportError,
    PaperSheet,
    accepted_values_text,
    csv_template,
    parse_responses_csv,
    render_paper_pdf,
    value_guide,
)

bp = Blueprint("interviews", __name__, url_prefix="/borgerrejser")

Reply = str | WerkzeugResponse | tuple[str, int]

ALREADY_SAVED = (
    "Interviewet er allerede gemt. Formularen blev sendt mere end én gang, men svarene er kun "
    "gemt én gang."
)
STALE_FORM = (
    "Formularen var for gammel, så interviewet er ikke gemt endnu. Alt, hvad du har indtastet, "
    "står her stadig. Tjek svarene, og tryk på »Gem interviewet« igen."
)
NO_ANSWERS = "Udfyld mindst ét svar, før interviewet gemmes."


def _lang(value: str | None) -> str:
    return "en" if value == "en" else "da"


_questions = ops.questions_in_order


# --------------------------------------------------------------------------- interview


def _interview_page(rnd: Borgerrejse, form: InterviewForm, lang: str,
                    values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                    general: list[str] | None = None, notice: str | None = None) -> str:
    return render_template(
        "interviews/record.html", rnd=rnd, form=form, lang=lang,
        steps=split_steps([q for q in rnd.questions if q.approved]),
        values=values or {}, errors=errors or {}, general=general or [], notice=notice,
        is_open=rnd.accepts_answers,
    )


@bp.route("/<int:round_id>/interview", methods=["GET", "POST"])
@advisor_required
def record(round_id: int) -> Reply:
    rnd = round_or_404(round_id)
    if request.method == "GET" or not rnd.accepts_answers:
        asked = request.args.get("lang") if request.method == "GET" else request.form.get("sprog")
        lang = _lang(asked)
        form = InterviewForm(formdata=None, sprog=lang,
                             nonce=issue_nonce() if rnd.accepts_answers else "")
        if request.method == "POST":
            flash(f"Interviewet er ikke gemt. Borgerrejsen har status »{rnd.state.label}«, og "
                  "der kan kun optages interview, mens den er åben.", "error")
        return _interview_page(rnd, form, lang)

    form = InterviewForm()
    lang = _lang(form.sprog.data)
    nonce = form.nonce.data or ""
    if nonce and ops.nonce_used(nonce):
        flash(ALREADY_SAVED, "info")
        return redirect(url_for(".record", round_id=rnd.id, lang=lang), code=303)
    questions = _questions(rnd)
    values = display_values(questions, request.form)
    clean, errors = parse_answers(questions, request.form, lang=lang)
    consent_ok = form.validate()
    if not nonce_issued(nonce):
        form.nonce.data = issue_nonce()
        return _interview_page(rnd, form, lang, values, errors, notice=STALE_FORM)
    general = [NO_ANSWERS] if not clean and not errors else []
    if errors or general or not consent_ok:
        return _interview_page(rnd, form, lang, values, errors, general)
    if not ops.consume_nonce(nonce):
        flash(ALREADY_SAVED, "info")
        return redirect(url_for(".record", round_id=rnd.id, lang=lang), code=303)
    try:
        ops.record_interview(rnd, clean, lang)
    except TransitionError as error:  # the round was closed meanwhile
        flash(str(error), "error")
        return _interview_page(rnd, form, lang, values, errors)
    forget_nonce(nonce)
    flash("Interviewet er gemt anonymt. Svarene indgår i borgerrejsen sammen med de andre "
          "besvarelser. Du kan optage et nyt interview nedenfor.", "success")
    return redirect(url_for(".record", round_id=rnd.id, lang=lang), code=303)


# --------------------------------------------------------------------------- paper


def _sheet(rnd: Borgerrejse) -> PaperSheet:
    config = current_app.config
    return PaperSheet(
        round_id=rnd.id, title=rnd.title, centre_name=rnd.fagcenter.name,
        municipality=config["MUNICIPALITY_NAME"], advisor_name=config["ADVISOR_NAME"],
        advisor_contact=config["ADVISOR_CONTACT"], questions=tuple(_questions(rnd)),
        deadline=rnd.period_end, draft=rnd.state is RoundState.KLADDE,
    )


@bp.get("/<int:round_id>/papirskema.pdf")
@advisor_required
def paper_pdf(round_id: int) -> Response:
    rnd = round_or_404(round_id)
    lang = _lang(request.args.get("lang"))
    body = render_paper_pdf(_sheet(rnd), lang)
    filename = f"papirskema-{rnd.id}-{lang}.pdf"
    return Response(
        body, mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


@bp.get("/<int:round_id>/papirsvar-skabelon.csv")
@advisor_required
def csv_template_download(round_id: int) -> Response:
    rnd = round_or_404(round_id)
    filename = f"papirsvar-skabelon-{rnd.id}.csv"
    return Response(
        csv_template(_questions(rnd)), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


@bp.route("/<int:round_id>/papirsvar", methods=["GET", "POST"])
@advisor_required
def import_paper(round_id: int) -> Reply:
    rnd = round_or_404(round_id)
    form = PaperImportForm()
    questions = _questions(rnd)
    can_import = rnd.state in ops.IMPORT_STATES
    problems: list[str] = []
    total = 0
    if request.method == "POST" and not can_import:
        flash(f"Papirsvar kan kun indlæses, når borgerrejsen er åben eller lukket. Borgerrejsen "
              f"har status »{rnd.state.label}«.", "error")
    elif form.validate_on_submit():
        data = form.fil.data.read()
        try:
            parsed = parse_responses_csv(questions, data)
            result = ops.import_paper_responses(rnd, parsed.rows, form.sprog.data or "da", "web")
        except PaperImportError as error:
            problems, total = error.errors, error.total
        except TransitionError as error:
            problems, total = [str(error)], 1
        else:
            flash(f"{result.count} besvarelser fra papir er indlæst.", "success")
            return redirect(url_for(".import_paper", round_id=rnd.id), code=303)
    limit = int(current_app.config.get("FREE_TEXT_MAX_LENGTH", 5000))
    guide = [(q, accepted_values_text(q, limit), value_guide(q)) for q in questions]
    return render_template(
        "interviews/import.html", rnd=rnd, form=form, problems=problems, total=total,
        can_import=can_import, guide=guide,
    )

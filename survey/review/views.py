"""The advisor's review of free text, the coder's retraining and emerging topics (advisor only)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from ..access import advisor_required, round_or_404
from ..models import FreeText, ReviewStatus
from . import operations as ops
from . import training
from .forms import (
    ActionForm,
    CodingForm,
    EditTextForm,
    PromoteTopicForm,
    RedactForm,
    choices,
)

bp = Blueprint("review", __name__, url_prefix="/gennemgang")

Page = str | WerkzeugResponse | tuple[str, int]

RAW_DELETED = "Råteksten er slettet efter udløb af opbevaringsperioden."


@bp.app_template_filter("theme_label")
def theme_label_filter(key: str) -> str:
    """The Danish label of a theme key (the nine themes and the advisor's own)."""
    return ops.theme_label(key)


@bp.get("/")
@advisor_required
def index() -> str:
    return render_template("review/index.html", queue=ops.queue(), form=ActionForm())


@bp.get("/naeste")
@advisor_required
def next_in_queue() -> WerkzeugResponse:
    text = ops.next_unreviewed()
    if text is None:
        flash("Alle fritekstsvar er gennemgået.", "success")
        return redirect(url_for("review.index"))
    return redirect(url_for("review.answer", text_id=text.id))


@bp.get("/runde/<int:round_id>")
@advisor_required
def round_list(round_id: int) -> str:
    rnd = round_or_404(round_id)
    return render_template(
        "review/round.html",
        rnd=rnd,
        texts=ops.round_texts(rnd.id),
        progress=ops.progress(rnd.id),
    )


@bp.get("/runde/<int:round_id>/naeste")
@advisor_required
def round_next(round_id: int) -> WerkzeugResponse:
    rnd = round_or_404(round_id)
    text = ops.next_unreviewed(rnd.id)
    if text is None:
        flash("Alle fritekstsvar i borgerrejsen er gennemgået.", "success")
        return redirect(url_for("review.round_list", round_id=rnd.id))
    return redirect(url_for("review.answer", text_id=text.id))


def _text_or_404(text_id: str) -> FreeText:
    text = ops.get_free_text(text_id)
    if text is None:
        abort(404)
    return text


def _coding_form(text: FreeText, formdata: Any = None) -> CodingForm:
    form = (
        CodingForm(formdata=formdata)
        if formdata is not None
        else CodingForm(
            formdata=None, themes=list(text.themes or []), sentiment=text.sentiment or "neutral"
        )
    )
    form.themes.choices = choices(ops.theme_choices())
    return form


def _render_answer(
    text: FreeText,
    *,
    show_raw: bool = False,
    status: int = 200,
    redact_form: RedactForm | None = None,
    edit_form: EditTextForm | None = None,
    coding_form: CodingForm | None = None,
) -> tuple[str, int]:
    rnd = text.question.borgerrejse
    html = render_template(
        "review/answer.html",
        text=text,
        rnd=rnd,
        progress=ops.progress(rnd.id),
        position=ops.position(text),
        anonymised=ops.highlight_placeholders(text.anonymised_text),
        raw=ops.highlight_spans(text.raw_text, text.pii_spans or []) if show_raw else None,
        show_raw=show_raw,
        raw_deleted=text.raw_text is None,
        raw_deleted_text=RAW_DELETED,
        redactions=ops.redactions(text),
        redact_form=redact_form or RedactForm(formdata=None),
        edit_form=edit_form or EditTextForm(formdata=None, text=text.anonymised_text or ""),
        coding_form=coding_form or _coding_form(text),
        action_form=ActionForm(),
        sentiments=ops.SENTIMENTS,
        statuses=ReviewStatus,
    )
    return html, status


@bp.get("/svar/<text_id>")
@advisor_required
def answer(text_id: str) -> tuple[str, int]:
    return _render_answer(_text_or_404(text_id))


@bp.post("/svar/<text_id>/raatekst")
@advisor_required
def show_raw(text_id: str) -> Page:
    text = _text_or_404(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if text.raw_text is None:
        flash(RAW_DELETED, "info")
        return redirect(url_for("review.answer", text_id=text.id))
    ops.view_raw_text(text)
    return _render_answer(text, show_raw=True)


@bp.post("/svar/<text_id>/skjul")
@advisor_required
def redact(text_id: str) -> Page:
    text = _text_or_404(text_id)
    form = RedactForm()
    if form.validate_on_submit():
        try:
            count = ops.add_redaction(text, form.fragment.data or "", form.kind.data or "")
        except ops.ReviewError as error:
            form.fragment.errors = [str(error)]
        else:
            flash(f"Teksten er skjult ({count} sted{'er' if count != 1 else ''}).", "success")
            return redirect(url_for("review.answer", text_id=text.id))
    return _render_answer(text, status=422, redact_form=form)


@bp.post("/svar/<text_id>/fortryd/<int:index>")
@advisor_required
def undo(text_id: str, index: int) -> Page:
    text = _text_or_404(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        ops.undo_redaction(text, index)
    except ops.ReviewError as error:
        flash(str(error), "error")
    else:
        flash("Skjulningen er fortrudt; den oprindelige tekst står igen i svaret.", "success")
    return redirect(url_for("review.answer", text_id=text.id))


@bp.post("/svar/<text_id>/rediger")
@advisor_required
def edit(text_id: str) -> Page:
    text = _text_or_404(text_id)
    form = EditTextForm()
    if form.validate_on_submit():
        try:
            ops.edit_text(text, form.text.data or "")
        except ops.ReviewError as error:
            form.text.errors = [str(error)]
        else:
            flash("Den anonymiserede tekst er gemt.", "success")
            return redirect(url_for("review.answer", text_id=text.id))
    return _render_answer(text, status=422, edit_form=form)


@bp.post("/svar/<text_id>/kodning")
@advisor_required
def coding(text_id: str) -> Page:
    text = _text_or_404(text_id)
    form = _coding_form(text, formdata=request.form)
    if form.validate_on_submit():
        try:
            changed = ops.correct_coding(
                text, list(form.themes.data or []), form.sentiment.data or ""
            )
        except ops.ReviewError as error:
            form.themes.errors = [str(error)]
        else:
            flash(
                "Rettelsen er gemt og bruges, når modellen trænes igen."
                if changed
                else "Emner og stemning er bekræftet.",
                "success",
            )
            return redirect(url_for("review.answer", text_id=text.id))
    return _render_answer(text, status=422, coding_form=form)


@bp.post("/svar/<text_id>/status")
@advisor_required
def set_status(text_id: str) -> Page:
    text = _text_or_404(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    wanted = request.form.get("status", "")
    try:
        status = ReviewStatus(wanted)
        ops.set_status(text, status)
    except (ValueError, ops.ReviewError) as error:
        message = str(error) if isinstance(error, ops.ReviewError) else "Vælg en gyldig handling."
        flash(message, "error")
        return redirect(url_for("review.answer", text_id=text.id))
    messages = {
        ReviewStatus.GODKENDT: "Svaret er godkendt som citat.",
        ReviewStatus.GENNEMGAAET: "Svaret er markeret som gennemgået (ikke citat).",
    }
    if request.form.get("fortryd") == "1":
        flash("Godkendelsen som citat er trukket tilbage.", "success")
        return redirect(url_for("review.answer", text_id=text.id))
    flash(messages[status], "success")
    following = ops.next_unreviewed(text.question.borgerrejse_id, after=text)
    if following is None:
        return redirect(url_for("review.round_list", round_id=text.question.borgerrejse_id))
    return redirect(url_for("review.answer", text_id=following.id))


# --------------------------------------------------------------------------- retraining


@bp.get("/model")
@advisor_required
def model() -> str:
    return render_template("review/model.html", **training.overview(), form=ActionForm())


@bp.post("/model/traen")
@advisor_required
def train() -> Page:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        record = training.train_new_model()
    except training.TrainingError as error:
        flash(str(error), "error")
        return redirect(url_for("review.model"))
    flash(f"En ny model ({record.version}) er trænet. Sammenlign tallene, og vælg.", "success")
    return redirect(url_for("review.model"))


@bp.post("/model/<int:model_id>/<action>")
@advisor_required
def decide_model(model_id: int, action: str) -> Page:
    if not ActionForm().validate_on_submit() or action not in ("accepter", "kasser"):
        abort(400 if action in ("accepter", "kasser") else 404)
    try:
        if action == "accepter":
            record = training.accept(model_id)
            flash(f"Model {record.version} er nu i brug til nye analyser.", "success")
        else:
            training.discard(model_id)
            flash("Modellen er kasseret.", "success")
    except LookupError:
        abort(404)
    except training.TrainingError as error:
        flash(str(error), "error")
    return redirect(url_for("review.model"))


# --------------------------------------------------------------------------- emerging topics


@bp.get("/runde/<int:round_id>/emner")
@advisor_required
def topics(round_id: int) -> str:
    rnd = round_or_404(round_id)
    result = training.emerging_topics(rnd.id)
    forms = [
        PromoteTopicForm(
            formdata=None,
            prefix=f"t{index}",
            key=topic.key,
            label=topic.label,
            phrases="\n".join(topic.terms),
            definition="",
        )
        for index, topic in enumerate(result.topics)
    ]
    return render_template("review/topics.html", rnd=rnd, result=result, forms=forms)


@bp.post("/runde/<int:round_id>/emner/nyt-emne")
@advisor_required
def promote_topic(round_id: int) -> Page:
    rnd = round_or_404(round_id)
    prefix = request.form.get("prefix", "t0")
    if not prefix.startswith("t") or not prefix[1:].isdigit():
        abort(400)
    form = PromoteTopicForm(prefix=prefix)
    if form.validate_on_submit():
        try:
            theme = training.promote_topic(
                rnd,
                form.key.data or "",
                form.label.data or "",
                form.definition.data or "",
                form.phrases.data or "",
            )
        except training.TrainingError as error:
            form.key.errors = [str(error)]
        else:
            flash(f"Emnet »{theme.label}« er oprettet og kan nu vælges i gennemgangen.", "success")
            return redirect(url_for("review.topics", round_id=rnd.id))
    result = training.emerging_topics(rnd.id)
    forms: list[PromoteTopicForm] = []
    for index, topic in enumerate(result.topics):
        if f"t{index}" == prefix:
            forms.append(form)
        else:
            forms.append(
                PromoteTopicForm(
                    formdata=None,
                    prefix=f"t{index}",
                    key=topic.key,
                    label=topic.label,
                    phrases="\n".join(topic.terms),
                )
            )
    if not any(f is form for f in forms):
        forms.append(form)
    return render_template("review/topics.html", rnd=rnd, result=result, forms=forms), 422

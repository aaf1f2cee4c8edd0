"""The advisor's invitation screens. Only counts are shown, never who answered.

Each invite form answers its POST with the file itself (letters PDF, links CSV or a ZIP of both)
as an attachment: links and codes exist only in that response and are never stored or shown
again. The request commits once after the response is made (see ``survey.database``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..access import advisor_required, round_or_404
from ..extensions import db
from ..models import Borgerrejse, RoundState, TransitionError, utcnow
from .csv_import import CsvImportError, parse_recipients_csv
from .forms import CountInviteForm, CsvInviteForm, ReminderForm, SingleInviteForm
from .operations import (
    Batch,
    InviteError,
    RecipientData,
    ensure_can_invite,
    invitation_counts,
    invite,
    remind,
    reminder_plan,
)

bp = Blueprint("invitations", __name__)

ROUND_PREFIX = "/borgerrejser/<int:round_id>/invitationer"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# About 4–6 ms a letter: larger batches would outlast a web worker's timeout.
MAX_WEB_LETTERS = 2000
TOO_MANY_LETTERS = (
    "Højst 2.000 breve ad gangen her. Del filen op, vælg kun filen med links, eller brug "
    "kommandoen »borgerrejse invite« på serveren."
)


def _can_invite(rnd: Borgerrejse) -> bool:
    return rnd.state in (RoundState.KLADDE, RoundState.AABEN)


@bp.get("/invitationer/")
@advisor_required
def index() -> str:
    rounds = list(db.session.scalars(select(Borgerrejse).order_by(Borgerrejse.period_start.desc())))
    rows = [(rnd, invitation_counts(rnd.id)) for rnd in rounds]
    return render_template("invitations/index.html", rows=rows)


@bp.get(f"{ROUND_PREFIX}/")
@advisor_required
def round_page(round_id: int) -> str:
    rnd = round_or_404(round_id)
    return render_template(
        "invitations/round.html",
        rnd=rnd,
        counts=invitation_counts(rnd.id),
        can_invite=_can_invite(rnd),
    )


def _closed(rnd: Borgerrejse, template: str, form: Any, status: int = 200) -> tuple[str, int]:
    return render_template(template, rnd=rnd, form=form, can_invite=False), status


def _download(batch: Batch, output: str, rnd: Borgerrejse, kind: str) -> Response:
    stem = f"borgerrejse-{rnd.id}-{kind}-{utcnow():%Y%m%d-%H%M%S}"
    if output == "breve" and batch.letters_pdf is not None:
        data, mimetype, name = batch.letters_pdf, "application/pdf", f"{stem}-breve.pdf"
    elif output == "links" and batch.links_csv is not None:
        data, mimetype, name = batch.links_csv, "text/csv; charset=utf-8", f"{stem}-links.csv"
    else:
        data, mimetype, name = batch.zip_bytes(stem), "application/zip", f"{stem}.zip"
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _outputs(output: str) -> tuple[bool, bool]:
    return output in ("breve", "begge"), output in ("links", "begge")


def _finish(batch: Batch, output: str, rnd: Borgerrejse, kind: str) -> Response:
    if output == "ingen":
        flash(
            f"{len(batch.issued)} invitationer er lavet, og {batch.emails} e-mails er sendt.",
            "success",
        )
        return redirect(url_for("invitations.round_page", round_id=rnd.id), code=303)
    return _download(batch, output, rnd, kind)


@bp.route(f"{ROUND_PREFIX}/csv", methods=["GET", "POST"])
@advisor_required
def csv_invite(round_id: int) -> Response | str | tuple[str, int]:
    rnd = round_or_404(round_id)
    form = CsvInviteForm()
    template = "invitations/csv.html"
    if not _can_invite(rnd):
        return _closed(rnd, template, form, 409 if form.is_submitted() else 200)
    if form.validate_on_submit():
        data = form.file.data.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            form.file.errors = ["Filen er større end 5 MB. Del den op i flere filer."]
        else:
            try:
                people = parse_recipients_csv(data).recipients
                if form.output.data == "ingen" and any(not p.email for p in people):
                    missing = sum(1 for p in people if not p.email)
                    raise InviteError(
                        f"{missing} modtagere har ingen e-mail. Vælg breve eller en fil med links."
                    )
                letters, links = _outputs(form.output.data)
                if letters and len(people) > MAX_WEB_LETTERS:
                    raise InviteError(TOO_MANY_LETTERS)
                batch = invite(
                    rnd,
                    source="csv",
                    recipients=people,
                    letters=letters,
                    links=links,
                    send_email=bool(form.send_email.data),
                )
                return _finish(batch, form.output.data, rnd, "csv")
            except CsvImportError as error:
                form.file.errors = [
                    "Filen er afvist, og intet er indlæst. Vælg filen igen, når den er rettet."
                ] + error.errors
            except (InviteError, TransitionError) as error:
                form.file.errors = [str(error)]
    status = 400 if form.is_submitted() else 200
    return render_template(template, rnd=rnd, form=form, can_invite=True), status


@bp.route(f"{ROUND_PREFIX}/antal", methods=["GET", "POST"])
@advisor_required
def count_invite(round_id: int) -> Response | str | tuple[str, int]:
    rnd = round_or_404(round_id)
    form = CountInviteForm()
    template = "invitations/count.html"
    if not _can_invite(rnd):
        return _closed(rnd, template, form, 409 if form.is_submitted() else 200)
    if form.validate_on_submit():
        letters, links = _outputs(form.output.data)
        try:
            if letters and int(form.count.data) > MAX_WEB_LETTERS:
                raise InviteError(TOO_MANY_LETTERS)
            batch = invite(
                rnd, source="antal", count=int(form.count.data), letters=letters, links=links
            )
            return _finish(batch, form.output.data, rnd, "anonyme")
        except (InviteError, TransitionError) as error:
            form.count.errors = [str(error)]
    status = 400 if form.is_submitted() else 200
    return render_template(template, rnd=rnd, form=form, can_invite=True), status


@bp.route(f"{ROUND_PREFIX}/en", methods=["GET", "POST"])
@advisor_required
def single_invite(round_id: int) -> Response | str | tuple[str, int]:
    rnd = round_or_404(round_id)
    form = SingleInviteForm()
    template = "invitations/single.html"
    if not _can_invite(rnd):
        return _closed(rnd, template, form, 409 if form.is_submitted() else 200)
    if form.validate_on_submit():
        person = RecipientData(
            name=(form.name.data or "").strip(),
            address=(form.address.data or "").strip().replace("\r\n", "\n"),
            email=(form.email.data or "").strip(),
            reference=(form.reference.data or "").strip(),
        )
        letters, links = _outputs(form.output.data)
        try:
            batch = invite(
                rnd,
                source="en",
                recipients=[person],
                letters=letters,
                links=links,
                send_email=bool(form.send_email.data),
            )
            return _finish(batch, form.output.data, rnd, "modtager")
        except (InviteError, TransitionError) as error:
            form.name.errors = [str(error)]
    status = 400 if form.is_submitted() else 200
    return render_template(template, rnd=rnd, form=form, can_invite=True), status


@bp.route(f"{ROUND_PREFIX}/paamindelser", methods=["GET", "POST"])
@advisor_required
def reminders(round_id: int) -> Response | str | tuple[str, int]:
    rnd = round_or_404(round_id)
    form = ReminderForm()
    template = "invitations/reminders.html"
    if not _can_invite(rnd):
        return _closed(rnd, template, form, 409 if form.is_submitted() else 200)
    plan = reminder_plan(rnd)
    if form.validate_on_submit():
        try:
            ensure_can_invite(rnd)
            batch = remind(
                rnd, letters=bool(form.letters.data), send_email=bool(form.send_email.data)
            )
            if batch.letters_pdf is not None and batch.letters:
                if batch.emails:
                    flash(f"{batch.emails} påmindelser er sendt som e-mail.", "success")
                return _download(batch, "breve", rnd, "paamindelser")
            flash(f"{len(batch.issued)} påmindelser er sendt som e-mail.", "success")
            return redirect(url_for("invitations.round_page", round_id=rnd.id), code=303)
        except (InviteError, TransitionError) as error:
            form.letters.errors = [str(error)]
    status = 400 if form.is_submitted() else 200
    return render_template(template, rnd=rnd, form=form, plan=plan, can_invite=True), status

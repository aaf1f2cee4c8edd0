"""The citizen's pages: landing, survey steps, code entry, thank-you and end states.

Two ways in, one set of views: ``/s/<token>`` (the link in the letter, e-mail or QR code) and
``/s/kode`` after typing the short code at ``/kode`` (the code is checked once; the invitation
id then lives in the signed session, because the token itself is never stored in clear). Both
resolve to an ``Entry`` and are served by ``_survey``.

Failed look-ups (unknown tokens, wrong codes) are counted per address; past
``FAILED_LOOKUP_LIMIT`` further failures answer 429. Valid links are never limited. Nothing
about the citizen (address, user agent, answers) is logged or stored beyond the draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError
from limits import parse_many
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..extensions import db, limiter
from ..models import Invitation
from . import operations, questionnaire
from .forms import CodeForm, Step, choices, display_values, parse_answers
from .i18n import DEFAULT_LANGUAGE, format_date, normalise_language, t
from .operations import InvitationState

bp = Blueprint("citizen", __name__)

SESSION_INVITATION = "invitation_id"
SESSION_LANGUAGE = "lang"
# The round whose survey the citizen has open: lets a page be redrawn when the database is down.
SESSION_ROUND = "round_id"
DB_ERRORS = (OperationalError, InterfaceError)
_LIMIT_SCOPE = "citizen-failed-lookup"

ViewResult = str | Response | tuple[str, int]


# --------------------------------------------------------------------------- template helpers


@bp.app_template_global("citizen_t")
def citizen_t(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    return t(key, lang, **values)


@bp.app_template_global("citizen_choices")
def citizen_choices(question: Any, lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
    return choices(question, lang)


def _render(template: str, lang: str, status: int = 200, **context: Any) -> tuple[str, int]:
    def tr(key: str, **values: Any) -> str:
        return t(key, lang, **values)

    other = "en" if lang == "da" else "da"
    html = render_template(
        template, page_lang=lang, lang=lang, tr=tr, other_lang=other,
        lang_switch_url=f"{request.path}?lang={other}", **context,
    )
    return html, status


# --------------------------------------------------------------------------- entry & language


@dataclass(frozen=True)
class Entry:
    """The invitation being answered and how the citizen got here (link token or code)."""

    invitation: Invitation
    token: str | None  # None: entered with the short code; the invitation id is in the session

    @property
    def by_code(self) -> bool:
        return self.token is None

    def url(self, page: str = "survey", **args: Any) -> str:
        if self.token is None:
            return url_for(f"citizen.code_{page}", **args)
        return url_for(f"citizen.{page}", token=self.token, **args)


@limiter.request_filter
def _no_route_limits_on_citizen_pages() -> bool:
    """Citizen routes carry no route limits: the limiter's per-request check is skipped for them.

    The failed-lookup limit below does not depend on it: it is counted by hand, on failures only.
    """
    return request.blueprint == "citizen"


@bp.before_request
def _pages_read_without_a_transaction() -> None:
    """On PostgreSQL a survey page (GET) runs its statements in autocommit mode.

    It only reads, apart from a language switch that updates one draft row: a transaction
    would add a BEGIN and a COMMIT round trip to its single SELECT. Forms (POST) keep their
    transaction and the one commit per request.
    """
    if request.method == "GET" and request.endpoint in _READING_PAGES:
        # (A session already in a transaction, as in tests sharing one, keeps it.)
        if db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
            db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


_READING_PAGES = frozenset(
    {"citizen.survey", "citizen.code_survey", "citizen.saved", "citizen.code_saved"}
)


def _count_failed_lookup() -> None:
    """Count one failed look-up for this address; answer 429 once over the limit."""
    if not limiter.enabled:
        return
    try:
        items = parse_many(current_app.config["FAILED_LOOKUP_LIMIT"])
        key = get_remote_address() or "ukendt"
        allowed = [limiter.limiter.hit(item, _LIMIT_SCOPE, key) for item in items]
    except Exception:  # the limiter's storage is down: never lock citizens out because of it
        current_app.logger.warning("Begrænsning af forsøg kunne ikke tjekkes.")
        return
    if not all(allowed):
        abort(429)


def _usable(invitation: Invitation | None) -> bool:
    # A round still in draft (kladde) looks exactly like an unknown link.
    return (
        invitation is not None
        and operations.invitation_state(invitation) is not InvitationState.NOT_OPEN
    )


def _entry_from_token(token: str) -> Entry:
    invitation = operations.find_by_token(token)
    if invitation is None or not _usable(invitation):
        _count_failed_lookup()
        abort(404)
    return Entry(invitation, token)


def _entry_from_session() -> Entry | None:
    raw = session.get(SESSION_INVITATION)
    invitation = operations.get_invitation(raw) if isinstance(raw, int) else None
    if invitation is None or not _usable(invitation):
        session.pop(SESSION_INVITATION, None)
        return None
    return Entry(invitation, None)


def _requested_language() -> str | None:
    lang = None
    if request.method == "POST":
        lang = normalise_language(request.form.get("lang"))
    return lang or normalise_language(request.args.get("lang"))


def _language(invitation: Invitation | None = None) -> str:
    """Explicit choice (``?lang=``/form) > the draft's language > the session's > Danish."""
    requested = _requested_language()
    if requested:
        if session.get(SESSION_LANGUAGE) != requested:  # unchanged: the cookie is not re-sent
            session[SESSION_LANGUAGE] = requested
        return requested
    draft = invitation.draft if invitation is not None else None
    if draft is not None and normalise_language(draft.language):
        return draft.language
    return normalise_language(session.get(SESSION_LANGUAGE)) or DEFAULT_LANGUAGE


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class SurveyPage:
    """Everything needed to draw a survey page, read before any write (so a failed write can
    still be answered with the form and what the citizen entered)."""

    entry: Entry
    lang: str
    steps: Sequence[Step]
    centre_name: str
    deadline: str
    survey_url: str
    known_codes: frozenset[str]

    @property
    def total(self) -> int:
        return len(self.steps)


def _page(entry: Entry, lang: str) -> SurveyPage:
    invitation = entry.invitation
    rnd = invitation.borgerrejse
    survey = questionnaire.for_round(rnd)  # the round is open: its questions are locked
    if session.get(SESSION_ROUND) != rnd.id:
        session[SESSION_ROUND] = rnd.id
    deadline_day: dt.date = invitation.expires_at.date()
    return SurveyPage(
        entry=entry, lang=lang, steps=survey.steps, centre_name=survey.centre_name,
        deadline=format_date(deadline_day, lang), survey_url=entry.url("survey"),
        known_codes=survey.known_codes,
    )


def _status_page(kind: str, lang: str, status: int) -> tuple[str, int]:
    return _render(
        "citizen/status.html", lang, status,
        title=t(f"{kind}_title", lang), text=t(f"{kind}_text", lang),
    )


def _end_state(entry: Entry, lang: str) -> tuple[str, int] | None:
    state = operations.invitation_state(entry.invitation)
    if state is InvitationState.USED:
        return _status_page("used", lang, 200)
    if state is InvitationState.EXPIRED:
        return _status_page("expired", lang, 410)
    if state is InvitationState.CLOSED:
        questionnaire.forget(entry.invitation.borgerrejse_id)  # its steps are never served again
        return _status_page("closed", lang, 410)
    return None


def _render_landing(page: SurveyPage, status: int = 200, **context: Any) -> tuple[str, int]:
    return _render(
        "citizen/landing.html", page.lang, status, page=page,
        advisor=current_app.config["ADVISOR_NAME"],
        municipality=current_app.config["MUNICIPALITY_NAME"], **context,
    )


def _render_step(
    page: SurveyPage,
    step: Step,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
    notice: str | None = None,
) -> tuple[str, int]:
    return _render(
        "citizen/step.html", page.lang, status, page=page, step=step, values=values,
        errors=errors or {}, notice=notice, is_last=step.number == page.total,
    )


def _posted_step(page: SurveyPage, current: int) -> int:
    try:
        number = int(request.form.get("step", current))
    except (TypeError, ValueError):
        number = current
    return max(0, min(number, page.total))


def _survey(entry: Entry, csrf_failed: bool = False) -> ViewResult:
    invitation = entry.invitation
    lang = _language(invitation)
    ended = _end_state(entry, lang)
    if ended is not None:
        return ended
    page = _page(entry, lang)
    draft = invitation.draft
    saved_step = max(0, min(draft.step if draft else 0, page.total))
    if request.method == "GET":
        if _requested_language():
            operations.set_draft_language(invitation, lang)
        if saved_step == 0 or not page.steps:
            return _render_landing(page)
        step = page.steps[saved_step - 1]
        return _render_step(page, step, dict(draft.answers or {}) if draft else {})

    number = _posted_step(page, saved_step)
    if number == 0 or not page.steps:
        if csrf_failed:
            return _render_landing(page, 400, notice=t("csrf_expired", lang))
        try:
            operations.save_draft(invitation, {}, lang, 1)
        except DB_ERRORS:
            db.session.rollback()
            return _render_landing(page, 503, notice=t("db_unavailable", lang))
        return redirect(page.survey_url, code=303)

    step = page.steps[number - 1]
    if csrf_failed:
        values = display_values(step.questions, request.form)
        return _render_step(page, step, values, status=400, notice=t("csrf_expired", lang))
    clean, errors = parse_answers(step.questions, request.form, lang)
    if errors:
        return _render_step(page, step, display_values(step.questions, request.form), errors, 400)
    update = {code: clean.get(code, "") for code in step.codes}
    action = request.form.get("action", "next")

    if action not in ("save", "back") and number == page.total:
        return _send(page, step, update)

    if action == "save":
        target, location = number, entry.url("saved")
    elif action == "back":
        target, location = number - 1, page.survey_url
    else:
        target, location = number + 1, page.survey_url
    try:
        operations.save_draft(invitation, update, lang, target)
    except DB_ERRORS:
        db.session.rollback()
        values = display_values(step.questions, request.form)
        return _render_step(page, step, values, status=503, notice=t("db_unavailable", lang))
    return redirect(location, code=303)


def _send(page: SurveyPage, step: Step, update: dict[str, str]) -> ViewResult:
    invitation = page.entry.invitation
    draft = invitation.draft
    merged: dict[str, Any] = dict(draft.answers or {}) if draft else {}
    merged.update(update)
    answers = {
        code: value for code, value in merged.items()
        if code in page.known_codes and isinstance(value, str) and value.strip()
    }
    round_id = invitation.borgerrejse_id
    try:
        result = operations.submit(invitation, answers, page.lang)
        release = result.accepted and operations.release_due(round_id)
        if release:
            # The submission is made durable here (a second commit in this request), so the
            # release below runs in a transaction of its own: on PostgreSQL no response row
            # shares a transaction id with an invitation row.
            db.session.commit()
    except DB_ERRORS:
        db.session.rollback()
        values = display_values(step.questions, request.form)
        return _render_step(page, step, values, status=503, notice=t("db_unavailable", page.lang))
    if release:
        _release_after_submit(round_id)
    session.pop(SESSION_INVITATION, None)
    if not result.accepted:
        # The same invitation was sent a moment ago (another tab, a double click).
        return _status_page("used", page.lang, 200)
    return redirect(url_for("citizen.thanks", lang=page.lang), code=303)


def _release_after_submit(round_id: int) -> None:
    """Release the waiting batch, committed on its own: the submission is already stored, so
    the database going away now must not turn the thank-you page into »prøv igen« (sending
    again would then only say »allerede besvaret«). The batch waits for the next submit."""
    try:
        operations.release_held_responses(round_id)
        db.session.commit()
    except DB_ERRORS:
        db.session.rollback()
        current_app.logger.warning("Svar kunne ikke frigives nu; de frigives ved næste svar.")


def _saved(entry: Entry) -> ViewResult:
    lang = _language(entry.invitation)
    ended = _end_state(entry, lang)
    if ended is not None:
        return ended
    page = _page(entry, lang)
    return _render("citizen/saved.html", lang, page=page)


# --------------------------------------------------------------------------- routes


@bp.route("/s/<token>", methods=["GET", "POST"])
def survey(token: str) -> ViewResult:
    return _survey(_entry_from_token(token))


@bp.route("/s/kode", methods=["GET", "POST"])
def code_survey() -> ViewResult:
    entry = _entry_from_session()
    if entry is None:
        return redirect(url_for("citizen.code_entry"), code=303)
    return _survey(entry)


@bp.get("/s/<token>/gemt")
def saved(token: str) -> ViewResult:
    return _saved(_entry_from_token(token))


@bp.get("/s/kode/gemt")
def code_saved() -> ViewResult:
    entry = _entry_from_session()
    if entry is None:
        return redirect(url_for("citizen.code_entry"), code=303)
    return _saved(entry)


@bp.route("/kode", methods=["GET", "POST"])
def code_entry() -> ViewResult:
    form = CodeForm()
    lang = _language()
    error = None
    if request.method == "POST" and form.validate():
        typed = (form.code.data or "").strip()
        if not typed:
            error = t("code_missing", lang)
        else:
            invitation = operations.find_by_code(typed[:64])
            if invitation is None or not _usable(invitation):
                _count_failed_lookup()
                error = t("code_wrong", lang)
            else:
                session[SESSION_INVITATION] = invitation.id
                args = {"lang": lang} if SESSION_LANGUAGE in session else {}
                return redirect(url_for("citizen.code_survey", **args), code=303)
    return _render_code_entry(form, lang, error)


def _render_code_entry(form: CodeForm, lang: str, error: str | None) -> tuple[str, int]:
    return _render(
        "citizen/code.html", lang, 400 if error else 200, form=form, error=error,
        advisor=current_app.config["ADVISOR_NAME"],
    )


@bp.get("/tak")
def thanks() -> ViewResult:
    return _render("citizen/thanks.html", _language())


@bp.get("/tilgaengelighed")
def accessibility() -> ViewResult:
    return _render("citizen/accessibility.html", _language())


@bp.errorhandler(OperationalError)
@bp.errorhandler(InterfaceError)
def database_unavailable(error: Exception) -> ViewResult:
    """The database is down (also when a commit fails): 503 and »prøv igen om lidt«.

    A survey step that was posted is drawn again with everything the citizen entered (from the
    questions of the round last seen in this process), so nothing typed is lost.
    """
    current_app.logger.warning("Databasen svarede ikke: %s", type(error).__name__)
    try:
        db.session.rollback()
    except DB_ERRORS:  # the connection is gone; the pool replaces it
        pass
    lang = _requested_language() or normalise_language(session.get(SESSION_LANGUAGE))
    lang = lang or DEFAULT_LANGUAGE
    retry = {"Retry-After": "5"}
    page = _remembered_page(lang) if request.method == "POST" else None
    if page is not None:
        number = _posted_step(page, 0)
        if number >= 1:
            step = page.steps[number - 1]
            values = display_values(step.questions, request.form)
            html, _ = _render_step(page, step, values, status=503,
                                   notice=t("db_unavailable", lang))
            return html, 503, retry  # type: ignore[return-value]
    html, _ = _status_page("retry", lang, 503)
    return html, 503, retry  # type: ignore[return-value]


def _remembered_page(lang: str) -> SurveyPage | None:
    """The survey page of the round in the session, built without the database, or None."""
    round_id = session.get(SESSION_ROUND)
    seen = questionnaire.remembered(round_id) if isinstance(round_id, int) else None
    if seen is None or not seen.steps:
        return None
    if request.endpoint == "citizen.survey":
        token = str((request.view_args or {}).get("token", ""))
        url = url_for("citizen.survey", token=token)
    elif request.endpoint == "citizen.code_survey":
        token, url = None, url_for("citizen.code_survey")
    else:
        return None
    return SurveyPage(
        entry=Entry(invitation=None, token=token),  # type: ignore[arg-type]
        lang=lang, steps=seen.steps, centre_name=seen.centre_name, deadline="", survey_url=url,
        known_codes=seen.known_codes,
    )


@bp.errorhandler(CSRFError)
def csrf_failed(error: CSRFError) -> ViewResult:
    """A form without a valid CSRF token saves nothing; the citizen keeps what they entered."""
    handlers: dict[str, Callable[[], ViewResult]] = {
        "citizen.survey": lambda: _survey(
            _entry_from_token(str((request.view_args or {}).get("token", ""))), csrf_failed=True
        ),
        "citizen.code_survey": _csrf_code_survey,
        "citizen.code_entry": lambda: _render_code_entry(
            CodeForm(meta={"csrf": False}), _language(), t("csrf_expired", _language())
        ),
    }
    handler = handlers.get(request.endpoint or "")
    if handler is None or request.method != "POST":
        from ..http import ERROR_TEXTS

        title, text = ERROR_TEXTS[400]
        return render_template("error.html", code=400, title=title, text=text), 400
    try:
        return handler()
    except HTTPException as error_page:  # 404/410/429 while re-rendering: the normal error page
        return current_app.handle_http_exception(error_page)


def _csrf_code_survey() -> ViewResult:
    entry = _entry_from_session()
    if entry is None:
        return redirect(url_for("citizen.code_entry"), code=303)
    return _survey(entry, csrf_failed=True)

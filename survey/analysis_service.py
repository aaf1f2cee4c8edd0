"""Analysis inside the service: anonymise and code free-text answers as they are released.

``analyse_free_texts`` runs ``analysis.anonymise.anonymise`` (with the round's known names: the
recipients' names while they still exist, and the centre's staff list) and ``analysis.coder.code``
on the raw text, and stores the result on the ``FreeText`` rows. Work the advisor has reviewed
(``reviewed_by_advisor``) is never overwritten.

The active coder model is the latest *accepted* ``CoderModel`` (loaded with
``analysis.coder.load_model``), else the coder's shipped default. ``analyser_version`` on each row
combines the anonymiser's and the coder model's versions, so ``borgerrejse analyse-round`` can
find answers analysed by an older analyser.

Registered as a release hook by :func:`install` (called from ``create_app``). If the analysis
modules cannot be imported, release still succeeds: the texts stay unanalysed and a warning (no
citizen text) is logged; ``analyse-round`` can analyse them later.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from .extensions import db
from .models import (
    Borgerrejse,
    CoderModel,
    Fagcenter,
    FreeText,
    Invitation,
    Question,
    Recipient,
)

log = logging.getLogger(__name__)

# Fallback version parts when the analysis modules expose none.
ANONYMISER_FALLBACK_VERSION = "1"
CODER_FALLBACK_VERSION = "1"
# ``FreeText.analyser_version`` is String(32).
VERSION_MAX_LENGTH = 32


class AnalysisUnavailable(RuntimeError):
    """The analysis modules are missing; the message is Danish."""


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def anonymise_module() -> ModuleType | None:
    return _module("analysis.anonymise")


def coder_module() -> ModuleType | None:
    return _module("analysis.coder")


def _version_of(module: ModuleType | None, fallback: str) -> str:
    if module is None:
        return fallback
    for attr in ("VERSION", "__version__", "ANALYSER_VERSION", "MODEL_VERSION"):
        value = getattr(module, attr, None)
        if isinstance(value, str | int) and str(value):
            return str(value)
    return fallback


# --------------------------------------------------------------------------- the coder model

_model_cache: dict[int, Any] = {}


def active_coder_record() -> CoderModel | None:
    """The latest accepted trained model, or None (the shipped default is used)."""
    return db.session.scalar(
        select(CoderModel)
        .where(CoderModel.accepted.is_(True))
        .order_by(CoderModel.created_at.desc(), CoderModel.id.desc())
        .limit(1)
    )


def _load_model(record: CoderModel) -> Any:
    coder = coder_module()
    if coder is None or not hasattr(coder, "load_model"):
        return None
    if record.id not in _model_cache:
        try:
            _model_cache[record.id] = coder.load_model(record.weights)
        except Exception:  # a broken stored model must never stop the release of answers
            log.warning(
                "Kodermodel %s kunne ikke indlæses; standardmodellen bruges.", record.version
            )
            _model_cache[record.id] = None
    return _model_cache[record.id]


def _default_model_version(coder: ModuleType | None) -> str:
    if coder is None:
        return CODER_FALLBACK_VERSION
    default = getattr(coder, "DEFAULT", None)
    try:
        model = default.get() if hasattr(default, "get") else default
        value = getattr(model, "version", None)
    except Exception:  # a missing model file must not stop the service
        value = None
    if isinstance(value, str) and value:
        return value
    return _version_of(coder, CODER_FALLBACK_VERSION)


def custom_codebook() -> Any:
    """The coder's codebook plus the advisor's custom themes (phrases as word rules), or None."""
    from .models import CustomTheme

    themes = list(db.session.scalars(select(CustomTheme).order_by(CustomTheme.id)))
    if not themes:
        return None
    codebook = _module("analysis.codebook")
    text = _module("analysis.text")
    if codebook is None or text is None:
        return None
    extra = []
    for theme in themes:
        regexes = tuple(
            r"\b" + re.escape(text.normalise(p)) + r"\b"
            for p in (theme.phrases or [])
            if p and p.strip()
        )
        extra.append(codebook.CustomTheme(theme.key, theme.label, theme.definition or "", regexes))
    try:
        return codebook.load_codebook(extra)
    except ValueError:
        log.warning("Egne emner kunne ikke lægges i kodebogen; standardkodebogen bruges.")
        return None


@dataclass(frozen=True)
class Analyser:
    """What analyses now: coder model and codebook (None = the coder's defaults) and the version."""

    model: Any
    codebook: Any
    version: str


def _compose(anonymiser: str, coder: str, custom_themes: int) -> str:
    version = f"a{anonymiser}/{coder}" + (f"+t{custom_themes}" if custom_themes else "")
    return version[:VERSION_MAX_LENGTH]


def current_analyser() -> Analyser:
    from .models import CustomTheme

    anonymiser_version = _version_of(anonymise_module(), ANONYMISER_FALLBACK_VERSION)
    coder = coder_module()
    record = active_coder_record()
    model = _load_model(record) if record is not None else None
    coder_version = (
        record.version
        if record is not None and model is not None
        else (_default_model_version(coder))
    )
    codebook = custom_codebook()
    custom = (db.session.scalar(select(func.count(CustomTheme.id))) or 0) if codebook else 0
    return Analyser(
        model=model, codebook=codebook, version=_compose(anonymiser_version, coder_version, custom)
    )


def current_version() -> str:
    return current_analyser().version


# Importable constant: the version of the shipped analysis (no trained model, no custom themes).
ANALYSER_VERSION = _compose(
    _version_of(anonymise_module(), ANONYMISER_FALLBACK_VERSION),
    _default_model_version(coder_module()),
    0,
)


# --------------------------------------------------------------------------- known names


def staff_names(centre: Fagcenter | None) -> list[str]:
    if centre is None or not centre.staff_names:
        return []
    return [line.strip() for line in centre.staff_names.splitlines() if line.strip()]


def known_names(round_id: int) -> list[str]:
    """Names the anonymiser must remove for a round: recipients' names and the centre's staff."""
    names = list(
        db.session.scalars(
            select(Recipient.name)
            .join(Invitation, Recipient.invitation_id == Invitation.id)
            .where(Invitation.borgerrejse_id == round_id, Recipient.name != "")
        )
    )
    rnd = db.session.get(Borgerrejse, round_id)
    names.extend(staff_names(rnd.fagcenter if rnd is not None else None))
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))


# --------------------------------------------------------------------------- analysing


def placeholders_for(anonymised: str, raw: str, spans: Iterable[Any]) -> list[dict[str, Any]]:
    """Span dicts for storage, each with the placeholder the anonymiser wrote in its place.

    The redacted text is the raw text with each span replaced by a bracketed placeholder, so
    walking the spans in order locates each placeholder.
    """
    out: list[dict[str, Any]] = []
    shift = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end, kind = int(span.start), int(span.end), str(span.kind)
        at = start + shift
        placeholder = f"[{kind}]"
        if anonymised[at : at + 1] == "[":
            close = anonymised.find("]", at)
            if close != -1:
                placeholder = anonymised[at : close + 1]
        shift += len(placeholder) - (end - start)
        out.append({"start": start, "end": end, "kind": kind, "placeholder": placeholder})
    return out


def _round_of(text: FreeText) -> int:
    question = text.question or db.session.get(Question, text.question_id)
    assert question is not None
    return question.borgerrejse_id


def analyse_one(text: FreeText, names: Iterable[str], analyser: Analyser) -> bool:
    """Analyse one answer in place. False when it is reviewed or its raw text is gone."""
    if text.reviewed_by_advisor or text.raw_text is None:
        return False
    anonymiser, coder = anonymise_module(), coder_module()
    if anonymiser is None or coder is None:
        raise AnalysisUnavailable(
            "Analysemodulerne (anonymisering og kodning) er ikke installeret."
        )
    result = anonymiser.anonymise(text.raw_text, known_names=list(names))
    coding = coder.code(result.text, analyser.model, analyser.codebook)
    text.anonymised_text = result.text
    text.pii_spans = placeholders_for(result.text, text.raw_text, result.spans)
    text.themes = list(coding.themes)
    text.sentiment = coding.sentiment
    text.analyser_version = analyser.version
    return True


def analyse_free_texts(texts: list[FreeText]) -> int:
    """Anonymise and code the given answers; returns how many were analysed.

    Answers reviewed by the advisor, and answers whose raw text has been deleted, are left alone.
    """
    pending = [t for t in texts if not t.reviewed_by_advisor and t.raw_text is not None]
    if not pending:
        return 0
    analyser = current_analyser()
    by_round: dict[int, list[FreeText]] = defaultdict(list)
    for text in pending:
        by_round[_round_of(text)].append(text)
    analysed = 0
    for round_id, items in by_round.items():
        names = known_names(round_id)
        for text in items:
            analysed += analyse_one(text, names, analyser)
    db.session.flush()
    return analysed


def _after_release(texts: list[FreeText]) -> None:
    try:
        analyse_free_texts(texts)
    except AnalysisUnavailable:
        log.warning("Fritekst blev frigivet uden analyse: analysemodulerne mangler.")


@dataclass(frozen=True)
class RoundAnalysis:
    analysed: int
    skipped_reviewed: int
    already_current: int
    without_raw_text: int


def analyse_round(rnd: Borgerrejse) -> RoundAnalysis:
    """Analyse a round's answers that are unanalysed or analysed by an older analyser version."""
    analyser = current_analyser()
    texts = list(
        db.session.scalars(
            select(FreeText)
            .join(Question, FreeText.question_id == Question.id)
            .where(Question.borgerrejse_id == rnd.id)
        )
    )
    names = known_names(rnd.id)
    analysed = reviewed = current = no_raw = 0
    for text in texts:
        if text.reviewed_by_advisor:
            reviewed += 1
        elif text.analyser_version == analyser.version:
            current += 1
        elif text.raw_text is None:
            no_raw += 1
        elif analyse_one(text, names, analyser):
            analysed += 1
    db.session.flush()
    return RoundAnalysis(analysed, reviewed, current, no_raw)


# A made-up answer (name, e-mail, a complaint): enough to reach every lazily loaded part.
WARM_UP_TEXT = (
    "Sagsbehandleren Anne Hansen ringede aldrig tilbage, og jeg ventede i tre måneder på et "
    "svar. Brevet var svært at forstå. Skriv til test@example.dk."
)


def warm_up() -> None:
    """Load now what the analysis loads on first use (the codebook's compiled rules, the name
    lists: about two seconds of CPU), in a process that is about to serve requests; otherwise
    the first citizen whose answer releases a batch waits for it."""
    anonymiser, coder = anonymise_module(), coder_module()
    if anonymiser is None or coder is None:
        return
    try:
        coder.code(anonymiser.anonymise(WARM_UP_TEXT, known_names=["Anne Hansen"]).text)
    except Exception:  # the service starts anyway; the first release loads it instead
        log.warning("Analysen kunne ikke varmes op ved start.")


def install(app: Flask) -> None:
    """Analyse every free-text answer when it reaches the response tables."""
    from .citizen.operations import on_release

    on_release(_after_release)
    app.extensions["borgerrejse_analysis"] = {"analyse_free_texts": analyse_free_texts}


def reset_model_cache() -> None:
    _model_cache.clear()

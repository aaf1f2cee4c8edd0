"""Retraining the theme/sentiment coder and finding emerging topics (advisor only; flush only).

- ``train_new_model``: ``analysis.train.train`` on the shipped corpus plus the advisor's
  corrections (``CodingExample``, anonymised text only); stores a ``CoderModel`` with
  ``accepted=False`` and its cross-validated scores. Nothing changes until the advisor accepts it;
  then ``survey.analysis_service`` uses the latest accepted model for new analyses.
- ``emerging_topics``: ``analysis.topics.emerging_topics`` over a round's anonymised texts.
- ``promote_topic``: turns a topic into a ``CustomTheme``.

Both analysis modules are optional at run time: when missing, the screens say so.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from sqlalchemy import func, select

from analysis.aggregate import THEME_LABELS

from .. import audit
from ..extensions import db
from ..models import (
    Borgerrejse,
    CoderModel,
    CodingExample,
    CustomTheme,
    FreeText,
    Question,
    ReviewStatus,
    utcnow,
)


class TrainingError(ValueError):
    """Training or topic work that cannot be done; the message is Danish."""


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def train_module() -> ModuleType | None:
    module = _module("analysis.train")
    return module if module is not None and hasattr(module, "train") else None


def topics_module() -> ModuleType | None:
    module = _module("analysis.topics")
    return module if module is not None and hasattr(module, "emerging_topics") else None


# --------------------------------------------------------------------------- scores

SCORE_LABELS: dict[str, str] = {
    "theme_f1": "Emner, F1 (micro)",
    "themes_micro_f1": "Emner, F1 (micro)",
    "micro_f1": "Emner, F1 (micro)",
    "theme_micro_f1": "Emner, F1 (micro)",
    "sentiment_accuracy": "Stemning, træfsikkerhed",
    "sentiment_acc": "Stemning, træfsikkerhed",
    "n": "Antal eksempler",
    "examples": "Antal eksempler",
    "n_examples": "Antal eksempler",
}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    return str(value)


def _flat_scores(scores: Any) -> dict[str, float]:
    """Numeric top-level scores (nested dicts flattened with '.')."""
    out: dict[str, float] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, bool):
            return
        if isinstance(value, int | float):
            out[prefix] = float(value)
        elif isinstance(value, Mapping):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)

    walk("", _plain(scores))
    return out


@dataclass(frozen=True)
class ScoreRow:
    key: str
    label: str
    new: str
    current: str


def _fmt(value: float | None, count: bool = False) -> str:
    if value is None:
        return "–"
    if count or value > 1.0:
        return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{value * 100:.1f} %".replace(".", ",")


def score_rows(new: Mapping[str, Any], current: Mapping[str, Any]) -> list[ScoreRow]:
    a, b = _flat_scores(new), _flat_scores(current)
    rows = []
    for key in list(dict.fromkeys([*a.keys(), *b.keys()])):
        if key.startswith("current") or key.startswith("baseline"):
            continue
        label = SCORE_LABELS.get(key.rsplit(".", 1)[-1], key)
        count = key.rsplit(".", 1)[-1] in ("n", "examples", "n_examples")
        rows.append(ScoreRow(key, label, _fmt(a.get(key), count), _fmt(b.get(key), count)))
    return rows


# --------------------------------------------------------------------------- training


def corrections() -> list[dict[str, Any]]:
    return [
        {"text": e.text, "themes": list(e.themes or []), "sentiment": e.sentiment}
        for e in db.session.scalars(select(CodingExample).order_by(CodingExample.id))
    ]


def active_model() -> CoderModel | None:
    return db.session.scalar(
        select(CoderModel)
        .where(CoderModel.accepted.is_(True))
        .order_by(CoderModel.created_at.desc(), CoderModel.id.desc())
        .limit(1)
    )


def candidate_models() -> list[CoderModel]:
    return list(
        db.session.scalars(
            select(CoderModel).where(CoderModel.accepted.is_(False)).order_by(CoderModel.id.desc())
        )
    )


def overview() -> dict[str, Any]:
    active = active_model()
    candidates = []
    for record in candidate_models():
        stored = record.scores or {}
        candidates.append(
            (record, score_rows(stored.get("new") or {}, stored.get("current") or {}))
        )
    return {
        "examples": db.session.scalar(select(func.count(CodingExample.id))) or 0,
        "active": active,
        "candidates": candidates,
        "available": train_module() is not None,
    }


def _scores_dict(scores: Any) -> dict[str, Any]:
    """The headline figures of an ``analysis.train.Scores`` (or a stored dict)."""
    plain = _plain(scores) or {}
    if not isinstance(plain, dict):
        return {}
    return {k: plain[k] for k in ("micro_f1", "sentiment_accuracy", "n") if k in plain}


def _examples(module: ModuleType) -> tuple[list[Any], list[Any]]:
    corpus = sorted(module.CORPUS_DIR.glob("train_*.jsonl"))
    shipped = module.load_examples(corpus)
    extra = [
        module.Example(e["text"], tuple(sorted(e["themes"])), e["sentiment"]) for e in corrections()
    ]
    return shipped, extra


def _codebook() -> Any:
    from ..analysis_service import custom_codebook

    return custom_codebook()


def current_scores(module: ModuleType | None = None) -> dict[str, Any]:
    """Cross-validated scores of the model in use (for the shipped model: its own training)."""
    active = active_model()
    if active is not None:
        return dict((active.scores or {}).get("new") or {})
    module = module or train_module()
    if module is None:
        return {}
    shipped, _extra = _examples(module)
    try:
        return _scores_dict(module.train(shipped, codebook=_codebook()).cv)
    except Exception:
        return {}


def train_new_model() -> CoderModel:
    """Train on the shipped corpus plus the corrections; store it, not yet accepted."""
    module = train_module()
    if module is None:
        raise TrainingError(
            "Træning er ikke tilgængelig i denne installation (analysis.train mangler)."
        )
    shipped, extra = _examples(module)
    stamp = utcnow().strftime("%Y%m%d%H%M%S")
    count = db.session.scalar(select(func.count(CoderModel.id))) or 0
    version = f"coder-{stamp}-{count + 1}"[:32]
    try:
        result = module.train(shipped, extra, codebook=_codebook(), version=version)
    except Exception as error:  # the analysis code must never take the page down
        raise TrainingError("Træningen mislykkedes. Prøv igen, eller kontakt driften.") from error
    record = CoderModel(
        version=version,
        accepted=False,
        scores={
            "new": _scores_dict(result.cv),
            "current": current_scores(module),
            "examples": len(extra),
        },
        weights=json.dumps(result.model_json, ensure_ascii=False),
    )
    db.session.add(record)
    db.session.flush()
    audit.record(
        "coder_trained", target=f"coder_model:{record.id}", detail=f"rettelser={len(extra)}"
    )
    return record


def accept(model_id: int) -> CoderModel:
    record = db.session.get(CoderModel, model_id)
    if record is None:
        raise LookupError(model_id)
    if record.accepted:
        raise TrainingError("Modellen er allerede i brug.")
    coder = _module("analysis.coder")
    if coder is not None and hasattr(coder, "load_model"):
        try:
            coder.load_model(record.weights)
        except Exception as error:
            raise TrainingError(
                "Modellen kan ikke indlæses og kan derfor ikke tages i brug."
            ) from error
    # One model in use at a time: the earlier accepted ones step back (the audit log keeps them).
    for other in db.session.scalars(select(CoderModel).where(CoderModel.accepted.is_(True))):
        other.accepted = False
    record.accepted = True
    db.session.flush()
    from ..analysis_service import reset_model_cache

    reset_model_cache()
    audit.record("coder_accepted", target=f"coder_model:{record.id}")
    return record


def discard(model_id: int) -> None:
    record = db.session.get(CoderModel, model_id)
    if record is None:
        raise LookupError(model_id)
    if record.accepted:
        raise TrainingError("En model i brug kan ikke kasseres.")
    db.session.delete(record)
    db.session.flush()
    audit.record("coder_discarded", target=f"coder_model:{model_id}")


# --------------------------------------------------------------------------- emerging topics


@dataclass(frozen=True)
class TopicExample:
    text_id: str
    text: str
    approved: bool


@dataclass(frozen=True)
class TopicView:
    key: str
    label: str
    terms: tuple[str, ...]
    size: int
    examples: tuple[TopicExample, ...] = ()


@dataclass(frozen=True)
class TopicsResult:
    available: bool
    texts: int
    topics: tuple[TopicView, ...] = field(default_factory=tuple)
    message: str = ""


_KEY_CLEAN = re.compile(r"[^a-z0-9_]+")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def topic_key(terms: tuple[str, ...]) -> str:
    """A key the codebook accepts: a–z first, then a–z, 0–9 or _, 2–40 characters."""
    base = "_".join(terms[:2]).lower().translate(_FOLD)
    key = _KEY_CLEAN.sub("_", base).strip("_")[:40]
    if not key or not key[0].isalpha():
        key = f"emne_{key}".strip("_")[:40]
    return key if len(key) >= 2 else "nyt_emne"


def _round_texts(round_id: int) -> list[FreeText]:
    return list(
        db.session.scalars(
            select(FreeText)
            .join(Question, FreeText.question_id == Question.id)
            .where(
                Question.borgerrejse_id == round_id,
                FreeText.anonymised_text.is_not(None),
            )
            .order_by(Question.position, FreeText.id)
        )
    )


def emerging_topics(round_id: int) -> TopicsResult:
    """Topics in the round's anonymised answers that the themes do not explain (advisor only)."""
    texts = [t for t in _round_texts(round_id) if (t.anonymised_text or "").strip()]
    module = topics_module()
    if module is None:
        return TopicsResult(
            False, len(texts), message="Emnesøgning er ikke tilgængelig i denne installation."
        )
    if not texts:
        return TopicsResult(
            True, 0, message="Borgerrejsen har endnu ingen analyserede fritekstsvar."
        )
    from ..analysis_service import current_analyser

    strings = [t.anonymised_text or "" for t in texts]
    try:
        found = module.emerging_topics(strings, model=current_analyser().model)
    except Exception:
        return TopicsResult(
            True, len(texts), message="Emnesøgningen mislykkedes for denne borgerrejse."
        )
    views = []
    taken = set(THEME_LABELS) | set(db.session.scalars(select(CustomTheme.key)))
    for topic in found:
        terms = tuple(str(term) for term in topic.terms)
        examples = tuple(
            TopicExample(
                str(texts[i].id),
                texts[i].anonymised_text or "",
                texts[i].review_status is ReviewStatus.GODKENDT,
            )
            for i in topic.examples
            if 0 <= i < len(texts)
        )
        key = topic_key(terms)
        while key in taken:
            key = f"{key[:36]}_{len(taken) % 100}"
        taken.add(key)
        label = ", ".join(terms[:3]).capitalize() or "Nyt emne"
        views.append(TopicView(key, label, terms, int(topic.size), examples))
    return TopicsResult(True, len(texts), tuple(views))


def promote_topic(
    rnd: Borgerrejse, key: str, label: str, definition: str, phrases: str
) -> CustomTheme:
    key = key.strip()
    if key in THEME_LABELS or db.session.scalar(
        select(CustomTheme.id).where(CustomTheme.key == key)
    ):
        raise TrainingError(f"Der findes allerede et emne med nøglen »{key}«. Vælg en anden.")
    phrase_list = list(dict.fromkeys(p.strip() for p in phrases.splitlines() if p.strip()))
    if not phrase_list:
        raise TrainingError("Skriv mindst ét udtryk.")
    theme = CustomTheme(
        key=key,
        label=label.strip(),
        definition=definition.strip(),
        phrases=phrase_list,
        fagcenter_id=rnd.fagcenter_id,
    )
    db.session.add(theme)
    db.session.flush()
    audit.record("custom_theme_created", target=f"custom_theme:{theme.id}", detail=key)
    return theme

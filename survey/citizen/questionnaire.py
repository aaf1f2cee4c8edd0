"""The locked questionnaire of an open round, kept in each process.

Once a round leaves ``kladde`` its questions cannot change: ``Borgerrejse.questions_locked``
holds, and every edit in ``survey/rounds/operations.py`` refuses. So the survey steps of an open
round are loaded and split once per process (and app) instead of on every citizen page.

An entry is keyed by the round's id *and* the moment it was opened, and it is used only while
the round, as read from the database in the same request, is open (``aaben``): a round that
closes (or an id that comes back for another round, as after ``TRUNCATE … RESTART IDENTITY``)
never gets the old steps. Whoever sees the round in another state drops its entry. Only
detached copies of the questions are kept (``QuestionView``), never ORM objects.

The last entry of a round also lets a posted step be drawn again while the database is down
(``remembered``), with the centre name as it was last read.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from flask import current_app

from ..models import Borgerrejse, RoundState
from .forms import Step, split_steps

EXTENSION = "borgerrejse_questionnaires"
# Far more open rounds than a municipality runs at once; past it the oldest entry goes.
MAX_ENTRIES = 256


@dataclass
class Questionnaire:
    """The approved questions of a round in survey steps, detached from the database."""

    round_id: int
    opened_at: dt.datetime | None
    steps: tuple[Step, ...]
    known_codes: frozenset[str]
    centre_name: str

    @classmethod
    def of(cls, rnd: Borgerrejse) -> Questionnaire:
        steps = tuple(split_steps([q for q in rnd.questions if q.approved]))
        return cls(
            round_id=rnd.id, opened_at=rnd.opened_at, steps=steps,
            known_codes=frozenset(code for step in steps for code in step.codes),
            centre_name=rnd.fagcenter.name,
        )


@dataclass
class _Cache:
    entries: dict[int, Questionnaire] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    builds: int = 0  # how many times the questions were read from the database (tests)


def _cache() -> _Cache:
    cache = current_app.extensions.get(EXTENSION)
    if cache is None:
        cache = current_app.extensions.setdefault(EXTENSION, _Cache())
    return cache


def for_round(rnd: Borgerrejse) -> Questionnaire:
    """The round's questionnaire: from this process's cache while the round is open."""
    cache = _cache()
    if rnd.state is not RoundState.AABEN or rnd.opened_at is None:
        forget(rnd.id)
        return Questionnaire.of(rnd)
    entry = cache.entries.get(rnd.id)
    if entry is None or entry.opened_at != rnd.opened_at:
        entry = Questionnaire.of(rnd)
        with cache.lock:
            cache.builds += 1
            cache.entries.pop(rnd.id, None)
            cache.entries[rnd.id] = entry
            while len(cache.entries) > MAX_ENTRIES:
                cache.entries.pop(next(iter(cache.entries)))
    elif entry.centre_name != rnd.fagcenter.name:  # a centre may be renamed at any time
        entry.centre_name = rnd.fagcenter.name
    return entry


def forget(round_id: int) -> None:
    """Drop a round's entry (it is no longer open, as seen by the caller)."""
    cache = _cache()
    if round_id in cache.entries:
        with cache.lock:
            cache.entries.pop(round_id, None)


def remembered(round_id: int) -> Questionnaire | None:
    """The last questionnaire this process served for the round, without the database."""
    return _cache().entries.get(round_id)


def builds() -> int:
    return _cache().builds

"""Word lists used by the detectors, loaded once from ``analysis/data``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _read_words(name: str) -> frozenset[str]:
    path = DATA_DIR / name
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        for word in line.split():
            words.add(word.lower())
    return frozenset(words)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return (
        _read_words("first_names_faker_da.txt")
        | _read_words("first_names_extra.txt")
        | _read_words("first_names_international.txt")
    )


@lru_cache(maxsize=1)
def last_names() -> frozenset[str]:
    return _read_words("last_names_faker_da.txt") | _read_words("last_names_extra.txt")


@lru_cache(maxsize=1)
def ambiguous_names() -> frozenset[str]:
    return _read_words("name_ambiguous_words.txt")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    return _read_words("common_words_da.txt")


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Danish towns, areas, regions and countries (lower case)."""
    return _read_words("places_da.txt")


@lru_cache(maxsize=1)
def all_names() -> frozenset[str]:
    return first_names() | last_names()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The shared Danish stop-word list (read only; owned by the coder)."""
    return _read_words("stopwords_da.txt")

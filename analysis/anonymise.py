"""Danish anonymiser for citizen free text.

``anonymise(text, known_names)`` finds personal data (names, CPR numbers, phone numbers, e-mail
addresses, street addresses, case numbers, named institutions and calendar dates) and replaces
each with a placeholder: ``[CPR]``, ``[TELEFON]`` … and numbered names ``[NAVN 1]``, ``[NAVN 2]``
(the same name gets the same number within one answer).

Detectors live in :mod:`analysis.pii`; overlapping hits are merged into one span covering all of
them (the longest / most specific kind names it), so nothing any detector found survives.
The function never raises on any ``str`` and is deterministic.

Speed: cheap pre-checks (digit count, ``@``, keyword substrings of the lower-cased text) decide
which detector families run; every scanning regex starts with a literal or a case-sensitive
character class so the regex engine skips ahead instead of trying each position; word-level
rules work from capitalised words and set look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from analysis.pii import Hit, address, institution, names, numbers
from analysis.pii.lexicon import all_names
from analysis.pii.scan import lower_and_marks, positions

KINDS: tuple[str, ...] = (
    "NAVN",
    "CPR",
    "TELEFON",
    "EMAIL",
    "ADRESSE",
    "SAGSNR",
    "INSTITUTION",
    "DATO",
)

_LABELS = {kind: f"[{kind}]" for kind in KINDS}

# Which kind names a merged span when spans of equal length overlap (most specific first).
_PRIORITY = {
    "CPR": 0,
    "EMAIL": 1,
    "SAGSNR": 2,
    "TELEFON": 3,
    "ADRESSE": 4,
    "INSTITUTION": 5,
    "DATO": 6,
    "NAVN": 7,
}


@dataclass(frozen=True)
class PiiSpan:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Anonymised:
    text: str
    spans: tuple[PiiSpan, ...]


_LETTER_RE = re.compile(r"[^\W\d_]")
_NAME_KEY_RE = re.compile(r"[^\W\d_]+")
_MONTH_WORD_RE = re.compile(
    r"(?:den|d\.) [a-zø]+ (?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)"
)


def detect(
    text: str, known_names: Iterable[str] = (), institutions: Iterable[str] = ()
) -> list[Hit]:
    """All raw detector hits (possibly overlapping), for debugging and evaluation.

    Cheap pre-checks (digit count, ``@``) decide which detector families run at all.
    """
    hits: list[Hit] = []
    # (A one-character test first: memchr-fast, while a multi-character one scans far slower.)
    if "@" in text or ("(" in text and "(at)" in text) or ("[" in text and "[at]" in text):
        hits += numbers.find_email(text)
    # ``low`` is shared by the keyword pre-checks (same length, or ignored by them). Upper-case
    # letters and digits are marked in one pass: capitalised words are matched at those letters
    # only, and the digit patterns scan from the first digit.
    low, marks = lower_and_marks(text)
    upper = positions(marks, b"U")
    digits = marks.count(b"D")
    if digits:
        first = marks.find(b"D")  # the digit patterns scan from here
        if digits >= 10 or (digits >= 6 and ("xxx" in low or "***" in text)):
            hits += numbers.find_cpr(text, low, first)  # "250359-xxxx": a masked serial
        if digits >= 8:
            hits += numbers.find_phone(text, first)
        if digits >= 3:
            hits += numbers.find_sagsnr(text, low, first)
        hits += numbers.find_dates(text, low, first)
        hits += address.find(text, low, first, upper)
    elif _MONTH_WORD_RE.search(low) is not None:
        hits += numbers.find_ordinal_word_dates(text, low)
    if _LETTER_RE.search(text) is not None:
        hits += institution.find(text, institutions, low, upper=upper)
        hits += names.find(text, known_names, upper=upper)
        if hits:
            hits += _propagate(text, hits)
    return hits


_WORD_CHARS_AFTER = ("s", "'s", "’s", "")


def _propagate(text: str, hits: list[Hit]) -> list[Hit]:
    """A word found as an institution or a name is redacted wherever else it is written the same
    way ("i Spiren … Spiren ringede", "Solgården … Solgårdens personale")."""
    words: dict[str, str] = {}
    for start, end, kind in hits:
        if kind != "INSTITUTION" and kind != "NAVN":
            continue
        surface = text[start:end]
        parts = (surface,) if surface.isalpha() else _NAME_KEY_RE.findall(surface)
        for word in parts:
            if (
                len(word) >= 4
                and word not in words
                and text.count(word) > 1
                and word[0].isupper()
                and institution.propagatable(word, kind)
            ):
                words[word] = kind
    if not words:
        return []
    out: list[Hit] = []
    size = len(text)
    for word, kind in words.items():
        pos = text.find(word)
        while pos != -1:
            end = pos + len(word)
            if pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "-_"):
                for tail in _WORD_CHARS_AFTER:
                    stop = end + len(tail)
                    if text.startswith(tail, end) and (
                        stop >= size or not (text[stop].isalnum() or text[stop] in "-_")
                    ):
                        out.append((pos, stop, kind))
                        break
            pos = text.find(word, end)
    return out


def _merge(hits: list[Hit]) -> list[Hit]:
    """Union of overlapping hits; the longest (then most specific) hit names the merged span."""
    merged: list[Hit] = []
    best: list[Hit] = []
    for start, end, kind in sorted([h for h in hits if h[0] < h[1]]):
        if merged and start < merged[-1][1]:
            m_start, m_end, _ = merged[-1]
            b = best[-1]
            if (end - start, -_PRIORITY[kind]) > (b[1] - b[0], -_PRIORITY[b[2]]):
                best[-1] = (start, end, kind)
            merged[-1] = (m_start, max(m_end, end), best[-1][2])
        else:
            merged.append((start, end, kind))
            best.append((start, end, kind))
    return merged


@lru_cache(maxsize=1024)
def _name_key(surface: str) -> tuple[str, ...]:
    """The lower-case words of a name, possessive "-s" of listed names dropped (cached: the same
    names recur across answers)."""
    words = [w.lower() for w in _NAME_KEY_RE.findall(surface)]
    out: list[str] = []
    for w in words:
        if len(w) > 2 and w.endswith("s") and w[:-1] in all_names():
            w = w[:-1]
        out.append(w)
    return tuple(out)


def anonymise(
    text: str, known_names: Iterable[str] = (), *, institutions: Iterable[str] = ()
) -> Anonymised:
    """Redact personal data in ``text``; see the module docstring."""
    if not isinstance(text, str) or not text:
        return Anonymised(text if isinstance(text, str) else "", ())
    spans = _merge(detect(text, known_names, institutions))

    # Number names: the same person (full name, first name alone, possessive) gets the same number.
    numbers_by_key: dict[tuple[str, ...], int] = {}
    labels: list[str] = []
    for start, end, kind in spans:
        if kind != "NAVN":
            labels.append(_LABELS[kind])
            continue
        key = _name_key(text[start:end])
        number = numbers_by_key.get(key)
        if number is None and key and key[-1].endswith("s"):
            # "Xiomaras": the possessive of a name seen before (not in the name lists).
            number = numbers_by_key.get((*key[:-1], key[-1][:-1]))
        if number is None and len(key) == 1:
            for other, other_number in numbers_by_key.items():
                if key[0] in other:
                    number = other_number
                    break
        if number is None and len(key) > 1:
            for part in key:
                if (part,) in numbers_by_key:
                    number = numbers_by_key[(part,)]
                    break
        if number is None:
            number = len(set(numbers_by_key.values())) + 1
        numbers_by_key.setdefault(key, number)
        labels.append(f"[NAVN {number}]")

    pieces: list[str] = []
    pos = 0
    for (start, end, _), label in zip(spans, labels, strict=True):
        pieces.append(text[pos:start])
        pieces.append(label)
        pos = end
    pieces.append(text[pos:])
    return Anonymised("".join(pieces), tuple(PiiSpan(s, e, k) for s, e, k in spans))

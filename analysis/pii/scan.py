"""Scanning helpers shared by the detectors: cheaper ways to reach the positions where a pattern
can match, with the same matches as the plain regex scans they replace.

- Most number patterns start with a digit; their scans start at the first digit of the text,
  which lies halfway through a typical answer. A look-behind still sees the text before that
  position, so the matches are the same.
- Patterns that start with an upper-case letter are matched only where :func:`char_marks`
  marks one (:func:`positions`, :func:`matches_at`).
- An alternation of literal keywords makes the regex engine try every position; plain ``find``
  calls skip ahead to each occurrence instead (:func:`key_starts`, :func:`keyword_matches`).
"""

from __future__ import annotations

import re
from itertools import accumulate


def key_starts(low: str, keys: tuple[str, ...]) -> list[int]:
    """Sorted positions where one of ``keys`` starts a word of ``low`` (no letter, digit or "_"
    before it).

    These are exactly the word-start positions of ``re.finditer("|".join(keys), low)`` when every
    key is made of letters (a final "." aside): a key can only start inside an earlier match right
    after one of its letters.
    """
    out: list[int] = []
    for key in keys:
        pos = low.find(key)
        while pos != -1:
            if pos == 0 or not (low[pos - 1].isalnum() or low[pos - 1] == "_"):
                out.append(pos)
            pos = low.find(key, pos + 1)
    out.sort()
    return out


def occurrences(text: str, keys: tuple[str, ...], start: int = 0) -> list[int]:
    """Sorted positions (from ``start`` on) where one of ``keys`` occurs in ``text``."""
    found: set[int] = set()
    for key in keys:
        pos = text.find(key, start)
        while pos != -1:
            found.add(pos)
            pos = text.find(key, pos + 1)
    return sorted(found)


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` when every match is non-empty and starts at one of the
    sorted positions ``starts``: the pattern is tried only there."""
    out: list[re.Match[str]] = []
    last_end = 0
    for pos in starts:
        if pos < last_end:
            continue  # finditer goes on after the end of the previous match
        m = pattern.match(text, pos)
        if m is not None:
            out.append(m)
            last_end = m.end()
    return out


def keyword_matches(
    pattern: re.Pattern[str], text: str, low: str, keys: tuple[str, ...]
) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a ``pattern`` whose every match is non-empty and
    starts with one of ``keys`` (lower-case letters) matched case-insensitively: the pattern is
    tried only where ``low`` (``text.lower()``) holds a key.

    The case-insensitive engine also matches "ſ" for "s" and "ı" for "i", which lower-casing
    does not map to them; with one of those (or ``low`` of another length: "İ") the pattern
    scans the text itself.
    """
    if len(low) != len(text) or "ſ" in text or "ı" in text:
        return list(pattern.finditer(text))
    return matches_at(pattern, text, occurrences(low, keys))


# One byte per Latin-1 character: "U" for an upper-case letter, "D" for an ASCII digit, "."
# for anything else. Every character outside Latin-1 is encoded as "?", which is marked "U" too
# (it may be an upper-case letter), so the "U" positions hold every upper-case letter.
_MARKS = bytes(
    ord("U")
    if chr(b).isupper() or b == ord("?")
    else ord("D")
    if chr(b).isdigit() and b < 128
    else ord(".")
    for b in range(256)
)


# Every Latin-1 character lower-cases to one Latin-1 character.
_LOWER = bytes(ord(chr(b).lower()) for b in range(256))


def char_marks(text: str) -> bytes:
    """``text`` marked character by character (see ``_MARKS``): two C-level passes that stand in
    for regex scans of the whole text (upper-case letters, digits)."""
    return text.encode("latin-1", "replace").translate(_MARKS)


def lower_and_marks(text: str) -> tuple[str, bytes]:
    """``text.lower()`` and ``char_marks(text)``; a Latin-1 text (nearly every answer) is
    lower-cased by a byte table, several times faster than ``str.lower`` on non-ASCII text."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.lower(), char_marks(text)
    return raw.translate(_LOWER).decode("latin-1"), raw.translate(_MARKS)


_ONE = 1  # ``_ONE.__add__`` adds one in C (no Python-level lambda per item)


def positions(marks: bytes, mark: bytes) -> list[int]:
    """Where the one-byte ``mark`` stands in ``marks`` (the text offsets of those characters).

    Each position is one more than the previous one plus the length of the part between them:
    a running sum over ``split``, all in C (no Python loop over the positions).
    """
    parts = marks.split(mark)
    return list(accumulate(map(_ONE.__add__, map(len, parts[:-1])), initial=-1))[1:]

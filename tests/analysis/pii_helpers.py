"""Checks shared by the anonymiser tests."""

from __future__ import annotations

from analysis.anonymise import anonymise


def covered(text: str, secret: str) -> bool:
    """Every letter and digit of ``secret`` (its first occurrence) lies inside a returned span."""
    result = anonymise(text)
    start = text.index(secret)
    return all(
        any(s.start <= i < s.end for s in result.spans)
        for i in range(start, start + len(secret))
        if text[i].isalnum()
    )


def kind_of(text: str, secret: str) -> str | None:
    """The kind of the span that starts over the first letter of ``secret``, if any."""
    start = text.index(secret)
    for span in anonymise(text).spans:
        if span.start <= start < span.end:
            return span.kind
    return None

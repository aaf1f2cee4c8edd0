"""Small PII detectors used by :mod:`analysis.anonymise`.

Each detector module exposes ``find(text) -> list[Hit]`` where a hit is ``(start, end, kind)`` with
code-point offsets into the text (end exclusive). Detectors never raise on any ``str``.
"""

Hit = tuple[int, int, str]

__all__ = ["Hit"]

"""Pure text analysis for Borgerrejse: anonymisation, theme coding and aggregation.

No Flask or database imports live here. The public names are imported lazily so that
``import analysis`` stays cheap (the CLI's start-up time counts)::

    from analysis import anonymise, code
    anonymise("Min sagsbehandler Mette Hansen ringede aldrig").text
    code("Det tog en evighed, og ingen ringede tilbage").themes
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .anonymise import Anonymised, PiiSpan, anonymise
    from .coder import Coding, code

_EXPORTS = {
    "anonymise": ".anonymise",
    "Anonymised": ".anonymise",
    "PiiSpan": ".anonymise",
    "code": ".coder",
    "Coding": ".coder",
}

__all__ = ["Anonymised", "Coding", "PiiSpan", "anonymise", "code"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)

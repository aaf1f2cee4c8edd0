"""Logging that never carries a citizen's token or code."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask

# Citizen routes carry a secret in the path (/s/<token>) or query (?kode=…).
_SECRET_IN_PATH = re.compile(r"(/s/)[^/\s?\"']+|([?&](?:kode|code|token)=)[^&\s\"']+")


def mask_secrets(text: str) -> str:
    return _SECRET_IN_PATH.sub(lambda m: (m.group(1) or m.group(2)) + "***", text)


def _mask(value: Any) -> Any:
    return mask_secrets(value) if isinstance(value, str) else value


class MaskCitizenSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_secrets(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: _mask(v) for k, v in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_mask(v) for v in record.args)
        return True


_FILTER = MaskCitizenSecrets()


def install(app: Flask) -> None:
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", app.logger.name):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)

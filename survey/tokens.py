"""Invitation secrets: a ≥128-bit link token and a 12-character Crockford base32 code.

Only SHA-256 hashes are stored; both secrets carry enough entropy that an unsalted hash is
not a shortcut for guessing, and a deterministic hash lets the database find the row.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def new_code() -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(12))


def format_code(code: str) -> str:
    return f"{code[0:4]}-{code[4:8]}-{code[8:12]}"


def normalise_code(typed: str) -> str | None:
    """Accept what people type: lower case, spaces, dashes, O for 0, I/L for 1."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_CODE_TRANSLATE)
    if len(cleaned) != 12 or any(ch not in CROCKFORD for ch in cleaned):
        return None
    return cleaned


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)

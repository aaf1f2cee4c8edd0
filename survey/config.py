"""Configuration from the environment (prefix ``BORGERREJSE_``) and the instance folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

ENV_PREFIX = "BORGERREJSE"

DEFAULTS: dict[str, Any] = {
    "ENV": "development",
    "BASE_URL": "http://127.0.0.1:5000",
    # The small-number rule: figures computed from fewer responses are not shown.
    "MIN_GROUP_SIZE": 5,
    # Held responses are released to the response tables in shuffled batches of at least this.
    "RELEASE_BATCH_SIZE": 5,
    "FREE_TEXT_MAX_LENGTH": 5000,
    "RAW_TEXT_RETENTION_DAYS": 30,
    "DRAFT_RETENTION_DAYS": 90,
    "OUTBOX_RETENTION_DAYS": 30,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": False,
    "FAILED_LOOKUP_LIMIT": "20 per 10 minutes",
    "LOGIN_LIMIT": "10 per minute;50 per hour",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "SMTP_HOST": "",
    "SMTP_PORT": 25,
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": False,
    "MAIL_FROM": "borgerraadgiver@kommune.example",
    "MUNICIPALITY_NAME": "Lyngby-Taarbæk Kommune",
    "ADVISOR_NAME": "Borgerrådgiveren",
    "ADVISOR_CONTACT": "borgerraadgiver@kommune.example · tlf. 45 97 30 00",
    "ADVISOR_CONTACT_EN": "borgerraadgiver@kommune.example · phone +45 45 97 30 00",
    # GDPR art. 13 notice shown to citizens; a municipality sets its own values.
    "PRIVACY_CONTROLLER": "Lyngby-Taarbæk Kommune, Lyngby Torv 17, 2800 Kongens Lyngby",
    "PRIVACY_DPO": "Databeskyttelsesrådgiveren, dpo@kommune.example",
    "PRIVACY_RETENTION_DA": (
        "Dine fritekstsvar i rå form slettes senest 30 dage efter, at borgerrejsen er "
        "afrapporteret. "
        "De anonymiserede svar gemmes, så kommunen kan følge udviklingen."
    ),
    "PRIVACY_RETENTION_EN": (
        "Your free-text answers in raw form are deleted at the latest 30 days after the round "
        "has been reported. The anonymised answers are kept so the municipality can follow "
        "developments."
    ),
    "ACCESSIBILITY_STATEMENT_URL": "https://www.was.digst.dk/",
}


# Shown to citizens (privacy notice, letters, e-mails); production refuses the example values.
_CONTACT_SETTINGS = ("MAIL_FROM", "ADVISOR_CONTACT", "ADVISOR_CONTACT_EN", "PRIVACY_DPO")


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "ja", "on"}
    if isinstance(default, int):
        try:
            return int(value)
        except ValueError:
            return default
    return value


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.update(DEFAULTS)
    for key, default in DEFAULTS.items():
        env_value = os.environ.get(f"{ENV_PREFIX}_{key}")
        if env_value is not None:
            app.config[key] = _coerce(env_value, default)
    for key in ("SECRET_KEY", "DATABASE_URL", "OUTBOX_DIR", "REDIS_URL"):
        env_value = os.environ.get(f"{ENV_PREFIX}_{key}")
        if env_value:
            app.config[key] = env_value
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    if test_config:
        app.config.update(test_config)

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)

    if "SQLALCHEMY_DATABASE_URI" not in (test_config or {}):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'borgerrejse.sqlite3'}"
        )
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
        app.config["SQLALCHEMY_DATABASE_URI"] = uri
    engine_options: dict[str, Any] = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("sqlite"):
        engine_options.setdefault("connect_args", {"timeout": 30})
    # PostgreSQL: connections left idle are pinged before use by survey.database (not every
    # checkout, as pool_pre_ping would).
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options

    app.config.setdefault("OUTBOX_DIR", str(instance / "outbox"))
    production = app.config["ENV"] == "production"
    app.config["PRODUCTION"] = production
    if not app.config.get("SECRET_KEY"):
        if production:
            raise RuntimeError(
                "BORGERREJSE_SECRET_KEY mangler. Sæt en lang tilfældig nøgle i miljøet, "
                "før tjenesten startes i produktion."
            )
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    if production:
        placeholders = [k for k in _CONTACT_SETTINGS if ".example" in str(app.config.get(k, ""))]
        if placeholders:
            # The citizen's privacy notice (GDPR art. 13) and the letters name these: the
            # shipped example addresses must not reach a citizen.
            names = ", ".join(f"{ENV_PREFIX}_{k}" for k in placeholders)
            raise RuntimeError(
                f"{names} har stadig eksempelværdien (…kommune.example). Sæt kommunens egne "
                "kontaktoplysninger i miljøet, før tjenesten startes i produktion."
            )
    app.config["SESSION_COOKIE_SECURE"] = production
    app.config["REMEMBER_COOKIE_SECURE"] = production
    app.config["BASE_URL"] = app.config["BASE_URL"].rstrip("/")


def _instance_secret(path: Path) -> str:
    """Create the development key once; concurrent workers all end up reading the same file."""
    if not path.exists():
        candidate = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        candidate.write_text(secrets.token_hex(32))
        os.chmod(candidate, 0o600)
        try:
            os.link(candidate, path)  # atomic: fails if another worker won the race
        except FileExistsError:
            pass
        finally:
            candidate.unlink(missing_ok=True)
    return path.read_text().strip()

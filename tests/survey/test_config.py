from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from survey import create_app
from survey.config import _instance_secret
from survey.logging_setup import MaskCitizenSecrets, mask_secrets

CONTACTS = {
    key: "borgerraadgiver@kommune.dk"
    for key in ("MAIL_FROM", "ADVISOR_CONTACT", "ADVISOR_CONTACT_EN", "PRIVACY_DPO")
}


def test_production_without_secret_key_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("BORGERREJSE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="BORGERREJSE_SECRET_KEY"):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_cookies_are_secure(tmp_path):
    app = create_app({"ENV": "production", "SECRET_KEY": "k" * 40, **CONTACTS,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_production_with_example_contacts_is_a_clear_error(tmp_path):
    settings = {**CONTACTS, "PRIVACY_DPO": "dpo@kommune.example"}
    with pytest.raises(RuntimeError, match="BORGERREJSE_PRIVACY_DPO har stadig eksempelværdien"):
        create_app({"ENV": "production", "SECRET_KEY": "k" * 40, **settings,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_environment_prefix_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("BORGERREJSE_BASE_URL", "https://borgerrejse.kommune.dk/")
    monkeypatch.setenv("BORGERREJSE_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("BORGERREJSE_SECRET_KEY", "s" * 40)
    app = create_app()
    assert app.config["BASE_URL"] == "https://borgerrejse.kommune.dk"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_development_secret_is_created_once_and_shared(tmp_path):
    path = tmp_path / "secret_key"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: _instance_secret(path), range(32)))
    assert len(keys) == 1
    assert len(next(iter(keys))) == 64
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_citizen_tokens_are_masked_in_logs():
    assert mask_secrets('"GET /s/abcDEF123_-xyz?lang=en HTTP/1.1" 200') == (
        '"GET /s/***?lang=en HTTP/1.1" 200'
    )
    assert mask_secrets("POST /kode?kode=ABCD-EFGH-JKMN") == "POST /kode?kode=***"
    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '%s "%s" %s',
                               ("127.0.0.1", "GET /s/SECRETTOKEN HTTP/1.1", 200), None)
    MaskCitizenSecrets().filter(record)
    assert "SECRETTOKEN" not in record.getMessage()

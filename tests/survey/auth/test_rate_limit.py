"""Sign-in attempts are limited per address (Flask-Limiter), in memory or in Redis."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import csrf_token, make_test_app


def _attempt(client, address="10.0.0.1"):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login",
        # An empty password: the form is refused before any (slow) argon2 check, and the
        # attempt still counts against the limit.
        data={"email": "ingen@test.dk", "password": "", "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def _exhaust_minute_limit(client, address="10.0.0.1"):
    for _ in range(10):
        assert _attempt(client, address).status_code == 200
    return _attempt(client, address)


def test_eleventh_attempt_in_a_minute_gets_danish_429(client):
    response = _exhaust_minute_limit(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "For mange forsøg på at logge ind" in html
    assert "Vent et par minutter" in html
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_limit_is_per_address_and_only_for_posts(client):
    assert _exhaust_minute_limit(client, "10.0.0.1").status_code == 429
    assert client.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200
    assert _attempt(client, "10.0.0.2").status_code == 200


def test_hourly_limit_applies_after_the_minute_limit_resets(app, client):
    from survey.extensions import limiter

    # The minute window is the first of "10 per minute;50 per hour"; move the clock past it.
    start = time.time()
    for minute in range(5):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(time, "time", lambda m=minute: start + m * 61)
            for _ in range(10):
                assert _attempt(client).status_code == 200
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(time, "time", lambda: start + 6 * 61)
        assert _attempt(client).status_code == 429
    assert limiter.enabled


def _dispose(app):
    from survey.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _redis_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_url() -> Iterator[str]:
    """Redis on 127.0.0.1:6379; else a private redis-server if installed; else skip (not in CI)."""
    if _redis_answers("127.0.0.1", 6379):
        yield "redis://127.0.0.1:6379/0"
        return
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("Redis svarer ikke på 127.0.0.1:6379, og redis-server findes ikke (CI).")
        pytest.skip("Redis svarer ikke på 127.0.0.1:6379")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if _redis_answers("127.0.0.1", port):
                break
            time.sleep(0.1)
        else:
            pytest.fail("redis-server startede ikke")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_redis_storage_is_used_when_redis_url_is_set(redis_url, tmp_path, request, monkeypatch):
    import redis

    monkeypatch.setenv("BORGERREJSE_REDIS_URL", redis_url)
    prefix = f"test-{uuid.uuid4().hex}"
    app = make_test_app("sqlite", tmp_path, request, RATELIMIT_KEY_PREFIX=prefix)
    request.addfinalizer(lambda: _dispose(app))
    assert app.config["RATELIMIT_STORAGE_URI"] == redis_url
    client = app.test_client()
    response = _exhaust_minute_limit(client, "10.9.9.9")
    assert response.status_code == 429

    connection = redis.Redis.from_url(redis_url)
    try:
        keys = list(connection.scan_iter(match=f"*{prefix}*"))
        assert keys, "the limiter wrote no keys to Redis"
        # A second app (another worker) shares the counters through Redis.
        (tmp_path / "other").mkdir()
        other = make_test_app("sqlite", tmp_path / "other", request, RATELIMIT_KEY_PREFIX=prefix)
        request.addfinalizer(lambda: _dispose(other))
        assert _attempt(other.test_client(), "10.9.9.9").status_code == 429
    finally:
        for key in connection.scan_iter(match=f"*{prefix}*"):
            connection.delete(key)
        connection.close()

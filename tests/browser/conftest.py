"""Real-browser fixtures: the app on a live local server, Debian's Chromium via Playwright.

Browser tests skip only when Chromium is missing and ``CI`` is unset; in CI they always run.
They use PostgreSQL when ``BORGERREJSE_TEST_DATABASE_URL`` is set, else SQLite.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import BACKENDS, make_test_app

CHROMIUM = os.environ.get("BORGERREJSE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not _chromium_available():
        if os.environ.get("CI"):
            pytest.fail("Chromium mangler i CI: apt-get install chromium")
        pytest.skip("Chromium er ikke installeret")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        app.config["BASE_URL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_app(tmp_path: Any, request: pytest.FixtureRequest) -> Iterator[Flask]:
    backend = BACKENDS[-1]  # PostgreSQL when configured (CI), else SQLite
    app = make_test_app(backend, tmp_path, request, RATELIMIT_ENABLED=False)
    yield app
    from survey.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        item.stash.setdefault(_FAILED, True)  # type: ignore[arg-type]


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A desktop page; a screenshot is saved under test-artifacts/ when the test fails."""
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    if request.node.stash.get(_FAILED, False):
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A phone-sized page (375×667, touch)."""
    context = browser.new_context(
        locale="da-DK", viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True,
        device_scale_factor=2,
    )
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    if request.node.stash.get(_FAILED, False):
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-phone.png"), full_page=True)
    context.close()


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe_script: list[str] = []


def axe_violations(pg: Any) -> list[dict[str, Any]]:
    """Run axe-core (bundled by axe-playwright-python) for WCAG 2.1 A and AA rules.

    Only the violations travel back from the browser (the passes are large and slow to send).
    """
    if not _axe_script:
        from axe_playwright_python.sync_playwright import Axe

        _axe_script.append(Axe().axe_script)
    if not pg.evaluate("() => typeof window.axe === 'object'"):
        pg.evaluate(_axe_script[0])
    return list(
        pg.evaluate("(options) => axe.run(document, options).then((r) => r.violations)",
                    AXE_OPTIONS)
    )


def assert_accessible(pg: Any, label: str) -> None:
    violations = axe_violations(pg)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not violations, f"axe fandt fejl på {label}:\n" + "\n".join(summary)


@pytest.fixture
def make_user_live(live_app: Flask) -> Any:
    from sqlalchemy import select

    from survey.auth.passwords import hash_password
    from survey.extensions import db
    from survey.models import Fagcenter, Role, User

    def factory(role: str = "advisor", centre: str | None = None,
                password: str = "korrekt-hest-batteri") -> str:
        with live_app.app_context():
            count = len(list(db.session.scalars(select(User.id))))
            fagcenter = (
                db.session.scalar(select(Fagcenter).where(Fagcenter.code == centre))
                if centre
                else None
            )
            user = User(email=f"{role}{count + 1}@browser.test", role=Role(role),
                        fagcenter=fagcenter, password_hash=hash_password(password))
            db.session.add(user)
            db.session.commit()
            return user.email

    return factory


# --------------------------------------------------------------------------- module-scoped server


@pytest.fixture(scope="module")
def module_app(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Flask]:
    """One app (and database) for a whole test module: journeys and page surveys share it."""
    backend = BACKENDS[-1]
    tmp_path = tmp_path_factory.mktemp("live")
    app = make_test_app(backend, tmp_path, request, RATELIMIT_ENABLED=False)
    yield app
    from survey.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def module_server(module_app: Flask) -> Iterator[LiveServer]:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request lines in test output
    with LiveServer(module_app) as server:
        yield server


def create_user(app: Flask, role: str, centre: str | None = None,
                password: str = "korrekt-hest-batteri") -> str:
    """A staff user in ``app``'s database; returns the e-mail address."""
    from sqlalchemy import func, select

    from survey.auth.passwords import hash_password
    from survey.extensions import db
    from survey.models import Fagcenter, Role, User

    with app.app_context():
        count = db.session.scalar(select(func.count(User.id))) or 0
        fagcenter = (
            db.session.scalar(select(Fagcenter).where(Fagcenter.code == centre)) if centre else None
        )
        email = f"{role}{count + 1}@browser.test"
        db.session.add(User(email=email, role=Role(role), fagcenter=fagcenter,
                            password_hash=hash_password(password)))
        db.session.commit()
        return email


def sign_in(pg: Any, base_url: str, email: str, password: str = "korrekt-hest-batteri") -> None:
    """Sign in through the real login form."""
    pg.goto(base_url + "/login")
    pg.get_by_label("E-mail").fill(email)
    pg.get_by_label("Adgangskode").fill(password)
    pg.get_by_role("button", name="Log ind").click()
    pg.wait_for_load_state()
    assert "/login" not in pg.url, f"log ind mislykkedes for {email}"


class Screens:
    """Named browser contexts for a test; every open page is photographed if the test fails."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.pages: dict[str, Any] = {}

    def open(self, name: str, phone: bool = False, **options: Any) -> Any:
        if phone:
            options = {"viewport": {"width": 375, "height": 667}, "is_mobile": True,
                       "has_touch": True, "device_scale_factor": 2, **options}
        else:
            options = {"viewport": {"width": 1280, "height": 900}, **options}
        context = self.browser.new_context(locale="da-DK", accept_downloads=True, **options)
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        self.pages[name] = pg
        return pg

    def close(self, test_name: str, failed: bool) -> None:
        for name, pg in self.pages.items():
            if failed:
                ARTIFACTS.mkdir(exist_ok=True)
                try:
                    pg.screenshot(path=str(ARTIFACTS / f"{test_name}-{name}.png"), full_page=True)
                except Exception:  # a closed page cannot be photographed; the others still are
                    pass
            pg.context.close()


@pytest.fixture
def screens(browser: Any, request: pytest.FixtureRequest) -> Iterator[Screens]:
    holder = Screens(browser)
    yield holder
    holder.close(request.node.name, request.node.stash.get(_FAILED, False))

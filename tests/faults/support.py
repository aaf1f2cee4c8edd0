"""Helpers for the fault tests: a private PostgreSQL cluster, an app database with an open
round, and a citizen driven over real HTTP (gunicorn) with the load test's form parser.

The private cluster lives in a temporary folder on its own port and is started and stopped with
``pg_ctl``; the shared server on 5432 is never touched.
"""

from __future__ import annotations

import datetime as dt
import glob
import http.cookiejar
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from benchmarks.load import FormParser, NoRedirect, free_port

PG_TEST_URL = os.environ.get("BORGERREJSE_TEST_DATABASE_URL", "")


def pg_admin_url() -> str:
    """The shared test server's maintenance database (for CREATE/DROP DATABASE only)."""
    if not PG_TEST_URL:
        pytest.skip("BORGERREJSE_TEST_DATABASE_URL er ikke sat (PostgreSQL-test)")
    url = PG_TEST_URL.replace("postgresql+psycopg://", "postgresql://")
    return url.rsplit("/", 1)[0] + "/postgres"


# --------------------------------------------------------------------------- private cluster


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


@dataclass
class PrivateCluster:
    bindir: str
    datadir: str
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/app"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, f"{self.bindir}/pg_ctl", "-D", self.datadir, "-w", "-t", "30", *args],
            check=True, capture_output=True, timeout=60,
        )

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._pg_ctl("-o", options, "-l", f"{self.datadir}/server.log", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    """initdb in a temporary folder, started on a free port; removed afterwards."""
    bindir = _pg_bin()
    if bindir is None or shutil.which("runuser") is None:
        pytest.skip("PostgreSQL-programmerne (initdb, pg_ctl) findes ikke på maskinen")
    as_user: list[str] = []
    base = tempfile.mkdtemp(prefix="borgerrejse-pg-")
    datadir = os.path.join(base, "data")
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres")
    os.chmod(base, 0o755)
    cluster = PrivateCluster(bindir, datadir, free_port(), as_user)
    try:
        subprocess.run(
            [*as_user, f"{bindir}/initdb", "-D", datadir, "-U", "postgres", "-A", "trust",
             "--no-sync", "-E", "UTF8", "--locale=C"],
            check=True, capture_output=True, timeout=120,
        )
        cluster.start()
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{cluster.port}/postgres",
                             autocommit=True) as conn:
            conn.execute("CREATE DATABASE app")
        yield cluster
    finally:
        try:
            cluster.stop()
        except (subprocess.SubprocessError, OSError):
            pass
        shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- app data


def prepare_database(url: str, links: int) -> tuple[int, list[str]]:
    """Tables, seed data and an open CSI round with ``links`` invitations; returns link paths."""
    from sqlalchemy import select

    from survey import create_app
    from survey.extensions import db
    from survey.invitations.operations import issue_invitations
    from survey.models import Fagcenter
    from survey.rounds.operations import create_round
    from survey.seed import seed_all

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "fault-test",
                      "BASE_URL": "http://127.0.0.1"}, serve=False)
    with app.app_context():
        db.create_all()
        seed_all()
        centre = db.session.scalar(select(Fagcenter).where(Fagcenter.code == "CSI"))
        today = dt.date.today()
        rnd = create_round(centre, "Fejltest", today - dt.timedelta(days=5),
                           today + dt.timedelta(days=30))
        rnd.open()
        issued = issue_invitations(rnd, count=links)
        db.session.commit()
        round_id = rnd.id
        paths = [urllib.parse.urlsplit(i.url).path for i in issued]
        db.session.remove()
        db.engine.dispose()
    return round_id, paths


def server_env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "BORGERREJSE_DATABASE_URL": db_url,
        "BORGERREJSE_SECRET_KEY": "fault-test-secret-key-0123456789abcdef",
        "BORGERREJSE_BASE_URL": "http://127.0.0.1",
        "BORGERREJSE_ENV": "development",
    })
    env.pop("BORGERREJSE_TEST_DATABASE_URL", None)
    return env


# --------------------------------------------------------------------------- one citizen


@dataclass
class Page:
    status: int
    url: str
    text: str
    location: str = ""

    def form(self) -> FormParser:
        parser = FormParser()
        parser.feed(self.text)
        return parser


class Citizen:
    """A browser without JavaScript: cookies, no automatic redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def open(self, url: str, data: dict[str, str] | None = None) -> Page:
        url = urllib.parse.urljoin(self.base, url)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as resp:
                return Page(resp.status, url, resp.read().decode("utf-8", "replace"),
                            resp.headers.get("Location", ""))
        except urllib.error.HTTPError as exc:
            with exc:
                return Page(exc.code, url, exc.read().decode("utf-8", "replace"),
                            exc.headers.get("Location", ""))

    def follow(self, page: Page) -> Page:
        if page.status in (302, 303):
            return self.open(urllib.parse.urljoin(page.url, page.location))
        return page

    def submit(self, page: Page, answers: dict[str, str], action: str = "next") -> Page:
        form = page.form()
        data: dict[str, Any] = {**form.hidden, **answers, "action": action}
        target = urllib.parse.urljoin(page.url, form.action) if form.action else page.url
        return self.open(target, data)


def wait_until(predicate: Any, timeout: float = 30, interval: float = 0.25) -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    return last

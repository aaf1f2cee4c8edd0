"""SQLite shared by two processes: gunicorn serving citizens while the CLI writes.

``borgerrejse invite … --links`` and ``borgerrejse analyse-round`` run again and again in other
processes while citizens send surveys; WAL and ``busy_timeout`` (survey/database.py) must keep
every request and every command from failing with »database is locked«.
"""

from __future__ import annotations

import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from benchmarks.load import BIN, COUNT_QUERIES, ROOT, gunicorn, run_closed_loop
from tests.faults.support import prepare_database, server_env

pytestmark = pytest.mark.slow


def _sqlite_counts(path: Path, round_id: int) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            name: int(conn.execute(sql.replace("%(r)s", ":r"), {"r": round_id}).fetchone()[0])
            for name, sql in COUNT_QUERIES.items()
        }


def test_cli_and_server_write_the_same_sqlite_file(tmp_path: Path) -> None:
    db_file = tmp_path / "delt.sqlite3"
    url = f"sqlite:///{db_file}"
    round_id, paths = prepare_database(url, 120)
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    env = server_env(url)
    results: list[subprocess.CompletedProcess[str]] = []
    stop = threading.Event()

    def cli_loop() -> None:
        for n in range(3):  # bounded
            if stop.is_set():
                break
            links = tmp_path / f"links{n}.csv"
            for args in (["invite", str(round_id), "--count", "5", "--links", str(links)],
                         ["analyse-round", str(round_id)]):
                results.append(subprocess.run(
                    [str(BIN / "borgerrejse"), *args], cwd=ROOT, env=env, text=True,
                    capture_output=True, timeout=120,
                ))

    with gunicorn("survey:create_app()", env, workers=4) as (base, proc):
        before = _sqlite_counts(db_file, round_id)
        cli = threading.Thread(target=cli_loop)
        cli.start()
        try:
            stats, _ = run_closed_loop(base, paths, 8, 12, (0, 0), "/tak")
        finally:
            stop.set()
            cli.join(timeout=300)
        assert proc.poll() is None

    failed = [r for r in results if r.returncode != 0]
    assert not failed, [r.stderr[-500:] for r in failed]
    assert len(results) >= 2
    assert not any("locked" in r.stderr for r in results)
    assert not stats.errors, sorted(set(stats.errors))  # a 500 would be »GET/POST 500«
    assert stats.thank_yous >= 3
    after = _sqlite_counts(db_file, round_id)
    stored = after["released"] + after["held"] - before["released"] - before["held"]
    assert stored == after["used"] - before["used"] == stats.thank_yous
    assert after["empty"] == after["empty_held"] == after["drafts_of_used"] == 0
    assert after["duplicate_answers"] == 0
    invited = sum(1 for n in range(3) if (tmp_path / f"links{n}.csv").exists())
    assert invited >= 1

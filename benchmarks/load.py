"""Load test: citizens walking the survey against gunicorn (4 workers) on PostgreSQL.

    python benchmarks/load.py                 # full run: saturation + realistic
    python benchmarks/load.py --smoke         # short CI run (well under 2 minutes)
    python benchmarks/load.py --kill-worker   # SIGKILL a worker in the middle of saturation

Invitations are made with ``borgerrejse invite``. The same closed-loop driver runs against a
floor app (Flask + SQLAlchemy, same database, one form, unvalidated inserts) in the same run;
our throughput is printed as a ratio to the floor's. Afterwards the database is checked:
responses equal thank-you pages, no duplicates, no half-written responses.

Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("BORGERREJSE_LOAD_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

SAMPLE_TEXTS = (
    "Sagsbehandleren var venlig, men det tog lang tid at få svar på mine mails.",
    "Jeg blev sendt rundt mellem afdelingerne og vidste ikke, hvad der skulle ske.",
    "Fint forløb. Tak for hjælpen.",
    "Brevet var svært at forstå, og ingen ringede tilbage.",
)


# --------------------------------------------------------------------------- HTML forms


class FormParser(HTMLParser):
    """Collects the single POST form of a page: hidden fields, radio groups, textareas, buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.forms = 0
        self.action: str | None = None
        self.hidden: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.checked: dict[str, str] = {}
        self.textareas: list[str] = []
        self.text_inputs: list[str] = []
        self.buttons: list[tuple[str, str]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "title":
            self._in_title = True
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.in_form = True
            self.forms += 1
            if self.forms == 1:
                self.action = a.get("action") or None
        if not self.in_form or self.forms != 1:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            name = a.get("name", "")
            if kind == "hidden" and name:
                self.hidden[name] = a.get("value", "")
            elif kind == "radio" and name:
                self.radios.setdefault(name, []).append(a.get("value", ""))
                if "checked" in a:
                    self.checked[name] = a.get("value", "")
            elif kind == "submit" and name:
                self.buttons.append((name, a.get("value", "")))
            elif kind in ("text", "email") and name:
                self.text_inputs.append(name)
        elif tag == "textarea" and a.get("name"):
            self.textareas.append(a["name"])
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self.buttons.append((a.get("name", ""), a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def fill_form(parser: FormParser, rng: random.Random) -> dict[str, str]:
    data = dict(parser.hidden)
    for name, values in parser.radios.items():
        if name in parser.checked:
            data[name] = parser.checked[name]
        elif rng.random() < 0.9:
            data[name] = rng.choice(values)
    for name in parser.textareas:
        if rng.random() < 0.7:
            data[name] = rng.choice(SAMPLE_TEXTS)
    if parser.buttons:
        name, value = parser.buttons[0]  # the first submit button moves forward or sends
        if name:
            data[name] = value
    return data


# --------------------------------------------------------------------------- the driver


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    thank_yous: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.requests += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _request(opener: urllib.request.OpenerDirector, url: str, stats: Stats,
             data: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, str, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body)
    started = time.perf_counter()
    try:
        with opener.open(req, timeout=timeout) as resp:
            text = resp.read().decode("utf-8", "replace")
            status, location = resp.status, resp.headers.get("Location", "")
    except urllib.error.HTTPError as exc:
        text = exc.read().decode("utf-8", "replace")
        status, location = exc.code, exc.headers.get("Location", "")
    stats.add(time.perf_counter() - started)
    return status, location, text


def walk_survey(base: str, path: str, stats: Stats, rng: random.Random,
                think: tuple[float, float] = (0.0, 0.0), deadline: float = float("inf"),
                thanks_marker: str = "Tak") -> bool:
    """One citizen: open the link and walk every page to the thank-you page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    url = base + path
    try:
        status, _, text = _request(opener, url, stats)
        for _ in range(12):  # bounded: landing + steps + thank-you
            if status != 200:
                stats.error(f"GET {status}")
                return False
            parser = FormParser()
            parser.feed(text)
            if parser.forms == 0:
                if thanks_marker.lower() in text.lower():
                    with stats.lock:
                        stats.thank_yous += 1
                    return True
                stats.error("side uden formular og uden tak")
                return False
            if think[1] > 0:
                pause = rng.uniform(*think)
                if time.monotonic() + pause > deadline:
                    return False
                time.sleep(pause)
            target = urllib.parse.urljoin(url, parser.action) if parser.action else url
            status, location, text = _request(opener, target, stats, fill_form(parser, rng))
            if status in (302, 303):
                url = urllib.parse.urljoin(target, location)
                status, _, text = _request(opener, url, stats)
            elif status == 200:
                url = target
            else:
                stats.error(f"POST {status}")
                return False
        stats.error("for mange sider")
        return False
    except (OSError, urllib.error.URLError) as exc:
        stats.error(f"{type(exc).__name__}")
        return False


def run_closed_loop(base: str, paths: list[str], users: int, seconds: float,
                    think: tuple[float, float], thanks_marker: str) -> tuple[Stats, float]:
    stats = Stats()
    queue = list(paths)
    queue_lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def citizen(n: int) -> None:
        rng = random.Random(n)
        while time.monotonic() < deadline:
            with queue_lock:
                if not queue:
                    return
                path = queue.pop()
            walk_survey(base, path, stats, rng, think, deadline, thanks_marker)

    started = time.monotonic()
    threads = [threading.Thread(target=citizen, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    return stats, time.monotonic() - started


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99)}


def report(label: str, stats: Stats, elapsed: float) -> float:
    rps = stats.requests / elapsed if elapsed else 0.0
    p = percentiles(stats.latencies)
    print(
        f"{label}: {stats.requests} requests in {elapsed:.1f} s = {rps:.1f} req/s; "
        f"surveys completed {stats.thank_yous} ({stats.thank_yous / elapsed:.1f}/s); "
        f"p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms, p99 {p['p99']:.1f} ms; "
        f"errors {len(stats.errors)}"
        + (f" ({', '.join(sorted(set(stats.errors))[:5])})" if stats.errors else "")
    )
    return rps


# --------------------------------------------------------------------------- infrastructure


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Intet svar på port {port}")


@contextmanager
def fresh_database(name: str) -> Iterator[str]:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], workers: int = 4) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning", app_spec],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port)
        time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def app_env(db_url: str, base_url: str = "http://127.0.0.1") -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "BORGERREJSE_DATABASE_URL": db_url,
        "BORGERREJSE_SECRET_KEY": "load-test-secret-key-0123456789abcdef",
        "BORGERREJSE_BASE_URL": base_url,
        "BORGERREJSE_ENV": "development",
    })
    return env


def borgerrejse(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([str(BIN / "borgerrejse"), *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"borgerrejse {' '.join(args)} fejlede: {result.stderr[-2000:]}")
    return result.stdout


def make_links(env: dict[str, str], count: int) -> tuple[int, list[str]]:
    out = borgerrejse(env, "demo")
    round_id = int(next(line for line in out.splitlines() if line.startswith("ROUND_ID=")).split("=")[1])
    with tempfile.TemporaryDirectory() as tmp:
        links_file = Path(tmp) / "links.csv"
        borgerrejse(env, "invite", str(round_id), "--count", str(count), "--links", str(links_file))
        with links_file.open(encoding="utf-8-sig") as fh:
            urls = [row["url"] for row in csv.DictReader(fh)]
    return round_id, [urllib.parse.urlsplit(u).path for u in urls]


def check_database(db_url: str, round_id: int, thank_yous: int) -> list[str]:
    """Responses equal thank-you pages, no duplicates, no half-written responses."""
    import psycopg

    problems: list[str] = []
    with psycopg.connect(db_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        one = lambda sql: conn.execute(sql, {"r": round_id}).fetchone()[0]  # noqa: E731
        released = one("SELECT count(*) FROM response WHERE borgerrejse_id = %(r)s")
        held = one("SELECT count(*) FROM held_response WHERE borgerrejse_id = %(r)s")
        used = one("SELECT count(*) FROM invitation WHERE borgerrejse_id = %(r)s AND status = 'brugt'")
        empty = one(
            "SELECT count(*) FROM response r WHERE borgerrejse_id = %(r)s AND NOT EXISTS "
            "(SELECT 1 FROM answer a WHERE a.response_id = r.id) AND NOT EXISTS "
            "(SELECT 1 FROM free_text f WHERE f.response_id = r.id)"
        )
        dup_answers = one(
            "SELECT count(*) FROM (SELECT response_id, question_id FROM answer a JOIN response r "
            "ON r.id = a.response_id WHERE r.borgerrejse_id = %(r)s "
            "GROUP BY response_id, question_id HAVING count(*) > 1) d"
        )
    total = released + held
    print(f"database: {released} released + {held} held = {total} responses; "
          f"{used} invitations used; {thank_yous} thank-you pages; {empty} empty; "
          f"{dup_answers} duplicate answers")
    if total != used:
        problems.append(f"responses {total} != used invitations {used}")
    if total < thank_yous:
        problems.append(f"lost submissions: {thank_yous - total}")
    if total > thank_yous:
        # A submit whose thank-you page never arrived (killed worker) may still be stored once.
        print(f"note: {total - thank_yous} stored submissions got no thank-you page")
    if dup_answers:
        problems.append("duplicate answers")
    return problems


# --------------------------------------------------------------------------- scenarios


def saturation(db_url: str, users: int, seconds: float, kill_worker: bool) -> tuple[float, Stats, int]:
    env = app_env(db_url)
    with gunicorn("survey:create_app()", env) as (base, proc):
        env_links = app_env(db_url, base)
        round_id, paths = make_links(env_links, max(200, int(users * seconds * 0.6)))
        killer = None
        if kill_worker:
            killer = threading.Timer(seconds / 2, _kill_one_worker, args=(proc.pid,))
            killer.start()
        stats, elapsed = run_closed_loop(base, paths, users, seconds, (0, 0), "Tak")
        if killer:
            killer.cancel()
    rps = report(f"saturation ({users} citizens, no think time)", stats, elapsed)
    return rps, stats, round_id


def _kill_one_worker(master_pid: int) -> None:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)
        print(f"SIGKILL sent to worker {children[0]}")


def floor(db_url: str, users: int, seconds: float) -> float:
    env = dict(os.environ, FLOOR_DATABASE_URL=db_url)
    with gunicorn("benchmarks.floor_app:create_floor_app()", env) as (base, _):
        paths = [f"/f/{i}" for i in range(max(200, int(users * seconds * 3)))]
        stats, elapsed = run_closed_loop(base, paths, users, seconds, (0, 0), "Tak")
    return report(f"floor ({users} citizens, no think time)", stats, elapsed)


def realistic(db_url: str, users: int, seconds: float) -> tuple[Stats, int]:
    env = app_env(db_url)
    with gunicorn("survey:create_app()", env) as (base, _):
        round_id, paths = make_links(app_env(db_url, base), users * 4)
        stats, elapsed = run_closed_loop(base, paths, users, seconds, (2.0, 5.0), "Tak")
    report(f"realistic ({users} citizens, 2–5 s think time)", stats, elapsed)
    return stats, round_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="short run for CI")
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL one worker mid-load")
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args(argv)

    users_sat, sec_sat = (20, 10.0) if args.smoke else (50, args.seconds)
    users_real, sec_real = (30, 15.0) if args.smoke else (100, 60.0)
    failures: list[str] = []
    with fresh_database("borgerrejse_load") as db_url:
        ours, stats, round_id = saturation(db_url, users_sat, sec_sat, args.kill_worker)
        if stats.errors and not args.kill_worker:
            failures.append(f"saturation errors: {len(stats.errors)}")
        failures += check_database(db_url, round_id, stats.thank_yous)
        floor_rps = floor(db_url, users_sat, sec_sat)
        ratio = ours / floor_rps if floor_rps else 0.0
        print(f"ratio to floor: {ratio:.2f} (target ≥ 0.5)")
        if not args.smoke and ratio < 0.5:
            failures.append(f"ratio {ratio:.2f} < 0.5")
        real_stats, real_round = realistic(db_url, users_real, sec_real)
        p99 = percentiles(real_stats.latencies)["p99"]
        if real_stats.errors:
            failures.append(f"realistic errors: {len(real_stats.errors)}")
        if p99 >= 150:
            failures.append(f"realistic p99 {p99:.0f} ms ≥ 150 ms")
        failures += check_database(db_url, real_round, real_stats.thank_yous)
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("load: all checks passed")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

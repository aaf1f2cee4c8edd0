"""Load test: citizens walking the survey against gunicorn (4 workers) on PostgreSQL.

    python benchmarks/load.py                 # full run: saturation + realistic
    python benchmarks/load.py --smoke         # short CI run (well under 2 minutes)
    python benchmarks/load.py --kill-worker   # SIGKILL a worker in the middle of saturation

Every run ends with a pass/fail verdict (exit status 1 on failure): zero errors, no lost or
half-written submissions, and (full run only) the ratio to the floor ≥ 0.5 and the realistic
p99 < 150 ms. ``--smoke`` fails only on errors and on lost or half-written submissions. With
``--kill-worker`` only connection errors of the killed worker's requests are tolerated, and
each stored submission without a thank-you page must be explained by one of them.

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
    for n, (name, values) in enumerate(parser.radios.items()):
        if name in parser.checked:
            data[name] = parser.checked[name]
        elif n == 0 or rng.random() < 0.9:  # the first is always answered: no empty submission
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
    # POSTs that died with a connection error: the submission may or may not be stored.
    unanswered_posts: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, kind: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.requests += 1
            self.by_kind.setdefault(kind, []).append(seconds)

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
    kind = ("POST " if body is not None else "GET ") + _path_kind(url)
    started = time.perf_counter()
    try:
        with opener.open(req, timeout=timeout) as resp:
            text = resp.read().decode("utf-8", "replace")
            status, location = resp.status, resp.headers.get("Location", "")
    except urllib.error.HTTPError as exc:
        with exc:
            text = exc.read().decode("utf-8", "replace")
            status, location = exc.code, exc.headers.get("Location", "")
    except OSError:
        if body is not None:
            with stats.lock:
                stats.unanswered_posts += 1
        raise
    stats.add(time.perf_counter() - started, kind)
    return status, location, text


def _path_kind(url: str) -> str:
    path = urllib.parse.urlsplit(url).path
    parts = path.strip("/").split("/")
    if len(parts) >= 2 and parts[0] in ("s", "f") and parts[1] not in ("kode", "tak"):
        parts[1] = "*"
    return "/" + "/".join(parts)


def walk_survey(base: str, path: str, stats: Stats, rng: random.Random,
                think: tuple[float, float] = (0.0, 0.0), deadline: float = float("inf"),
                thanks_path: str = "/tak") -> bool:
    """One citizen: open the link and walk every page to the thank-you page.

    A survey counts as sent only when the last POST redirected to ``thanks_path`` and that
    page answered 200 (a "link already used" page never counts).
    """
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
                if urllib.parse.urlsplit(url).path == thanks_path:
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
                    think: tuple[float, float], thanks_path: str) -> tuple[Stats, float]:
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
            walk_survey(base, path, stats, rng, think, deadline, thanks_path)

    started = time.monotonic()
    threads = [threading.Thread(target=citizen, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    return stats, time.monotonic() - started


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "max": ordered[-1] * 1000}


def report(label: str, stats: Stats, elapsed: float, breakdown: bool = False) -> float:
    rps = stats.requests / elapsed if elapsed else 0.0
    p = percentiles(stats.latencies)
    print(
        f"{label}: {stats.requests} requests in {elapsed:.1f} s = {rps:.1f} req/s; "
        f"surveys completed {stats.thank_yous} ({stats.thank_yous / elapsed:.1f}/s); "
        f"p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms, p99 {p['p99']:.1f} ms, "
        f"max {p['max']:.1f} ms; errors {len(stats.errors)}"
        + (f" ({', '.join(sorted(set(stats.errors))[:5])})" if stats.errors else ""),
        flush=True,
    )
    if breakdown:
        for kind, values in sorted(stats.by_kind.items()):
            k = percentiles(values)
            print(f"    {kind:<18} n={len(values):<6} p50 {k['p50']:6.1f}  p95 {k['p95']:6.1f}  "
                  f"p99 {k['p99']:6.1f}  max {k['max']:6.1f} ms")
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


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextmanager
def fresh_database(name: str | None = None, admin_url: str | None = None) -> Iterator[str]:
    """A new, empty PostgreSQL database for one run (dropped afterwards); yields its URL."""
    import psycopg

    admin = _libpq(admin_url or PG_ADMIN_URL)
    name = name or f"borgerrejse_load_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], workers: int = 4
             ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    # The log goes to a file: a pipe nobody reads could fill up and stall the master.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning", app_spec],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    try:
        try:
            wait_for_port(port)
        except RuntimeError:
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", "replace")[-3000:])
            raise
        time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")
        log.close()
        errors = [line for line in tail.splitlines() if "Traceback" in line or "ERROR" in line]
        if errors:
            print(f"gunicorn log ({app_spec}): {len(errors)} error lines, last: {errors[-1][:200]}")


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
    """The demo's open round and ``count`` new links made by ``borgerrejse invite --links``."""
    out = borgerrejse(env, "demo", "--links", "1")
    marker = next(line for line in out.splitlines() if line.startswith("ROUND_ID="))
    round_id = int(marker.split("=")[1])
    with tempfile.TemporaryDirectory() as tmp:
        links_file = Path(tmp) / "links.csv"
        borgerrejse(env, "invite", str(round_id), "--count", str(count), "--links", str(links_file))
        with links_file.open(encoding="utf-8-sig") as fh:
            urls = [row["url"] for row in csv.DictReader(fh)]
    if len(urls) != count:
        raise RuntimeError(f"invite gav {len(urls)} links, ikke {count}")
    return round_id, [urllib.parse.urlsplit(u).path for u in urls]


COUNT_QUERIES = {
    "released": "SELECT count(*) FROM response WHERE borgerrejse_id = %(r)s",
    "held": "SELECT count(*) FROM held_response WHERE borgerrejse_id = %(r)s",
    "used": "SELECT count(*) FROM invitation WHERE borgerrejse_id = %(r)s AND status = 'brugt'",
    # A response (released or held) without a single answer: the client never sends one.
    "empty": (
        "SELECT count(*) FROM response r WHERE borgerrejse_id = %(r)s AND NOT EXISTS "
        "(SELECT 1 FROM answer a WHERE a.response_id = r.id) AND NOT EXISTS "
        "(SELECT 1 FROM free_text f WHERE f.response_id = r.id)"
    ),
    "empty_held": (
        "SELECT count(*) FROM held_response WHERE borgerrejse_id = %(r)s "
        "AND CAST(answers AS text) IN ('{}', 'null')"
    ),
    "duplicate_answers": (
        "SELECT count(*) FROM (SELECT response_id, question_id FROM answer a JOIN response r "
        "ON r.id = a.response_id WHERE r.borgerrejse_id = %(r)s "
        "GROUP BY response_id, question_id HAVING count(*) > 1) d"
    ),
    # A used invitation that still has a draft: the submit was only half done.
    "drafts_of_used": (
        "SELECT count(*) FROM draft d JOIN invitation i ON i.id = d.invitation_id "
        "WHERE i.borgerrejse_id = %(r)s AND i.status = 'brugt'"
    ),
}


def counts(db_url: str, round_id: int) -> dict[str, int]:
    import psycopg

    with psycopg.connect(_libpq(db_url)) as conn:
        return {
            name: int(conn.execute(sql, {"r": round_id}).fetchone()[0])  # type: ignore[index]
            for name, sql in COUNT_QUERIES.items()
        }


def check_database(db_url: str, round_id: int, before: dict[str, int], stats: Stats) -> list[str]:
    """Responses equal thank-you pages, no duplicates, no half-written responses.

    Compares with the counts taken before the scenario, so earlier scenarios on the same round
    do not count. A stored submission without a thank-you page is only accepted when a POST of
    the run died with a connection error (a killed worker) and so may have been stored.
    """
    after = counts(db_url, round_id)
    d = {k: after[k] - before[k] for k in after}
    stored = d["released"] + d["held"]
    problems: list[str] = []
    print(f"database: {d['released']} released + {d['held']} held = {stored} responses; "
          f"{d['used']} invitations used; {stats.thank_yous} thank-you pages; "
          f"{d['empty'] + d['empty_held']} empty; {after['duplicate_answers']} duplicate answers; "
          f"{after['drafts_of_used']} drafts left on used invitations; "
          f"{stats.unanswered_posts} POSTs without an answer", flush=True)
    if stored != d["used"]:
        problems.append(f"responses {stored} != used invitations {d['used']} (half-written)")
    if stored < stats.thank_yous:
        problems.append(f"lost submissions: {stats.thank_yous - stored}")
    surplus = stored - stats.thank_yous
    if surplus > stats.unanswered_posts:
        problems.append(f"{surplus} stored submissions without thank-you page, "
                        f"only {stats.unanswered_posts} unanswered POSTs")
    elif surplus:
        print(f"note: {surplus} stored submissions got no thank-you page "
              f"(their POST lost its connection)")
    if d["empty"] or d["empty_held"]:
        problems.append(f"{d['empty'] + d['empty_held']} responses without answers")
    if after["duplicate_answers"]:
        problems.append("duplicate answers")
    if after["drafts_of_used"]:
        problems.append(f"{after['drafts_of_used']} used invitations still have a draft")
    return problems


# --------------------------------------------------------------------------- scenarios


@dataclass
class Result:
    label: str
    stats: Stats
    elapsed: float
    rps: float
    problems: list[str]


WARM_UP_SURVEYS = 40


def _warm_up(base: str, paths: list[str], thanks_path: str) -> Stats:
    """Not measured: every worker imports, compiles templates and loads the analysis models."""
    stats, _ = run_closed_loop(base, paths, 8, 30, (0, 0), thanks_path)
    return stats


def survey_scenario(db_url: str, label: str, users: int, seconds: float,
                    think: tuple[float, float], links: int, kill_worker: bool = False,
                    workers: int = 4, breakdown: bool = False) -> Result:
    """Citizens walking the real survey on gunicorn; the database checked afterwards."""
    env = app_env(db_url)
    with gunicorn("survey:create_app()", env, workers) as (base, proc):
        round_id, paths = make_links(app_env(db_url, base), links + WARM_UP_SURVEYS)
        before = counts(db_url, round_id)
        warm = _warm_up(base, paths[:WARM_UP_SURVEYS], "/tak")
        killer = None
        if kill_worker:
            killer = threading.Timer(seconds / 2, _kill_one_worker, args=(proc.pid,))
            killer.start()
        stats, elapsed = run_closed_loop(base, paths[WARM_UP_SURVEYS:], users, seconds, think,
                                         "/tak")
        if killer:
            killer.cancel()
            killer.join()
        alive = proc.poll() is None
    rps = report(label, stats, elapsed, breakdown)
    total = Stats(thank_yous=warm.thank_yous + stats.thank_yous,
                  unanswered_posts=warm.unanswered_posts + stats.unanswered_posts)
    problems = check_database(db_url, round_id, before, total)
    if warm.errors:
        problems.append(f"warm-up errors: {sorted(set(warm.errors))}")
    if not alive:
        problems.append("gunicorn master died")
    problems += _error_problems(label, stats, kill_worker)
    return Result(label, stats, elapsed, rps, problems)


CONNECTION_ERRORS = {"ConnectionResetError", "RemoteDisconnected", "URLError",
                     "BrokenPipeError", "IncompleteRead"}


def _error_problems(label: str, stats: Stats, kill_worker: bool) -> list[str]:
    if not stats.errors:
        return []
    if kill_worker:
        # Only the killed worker's request(s) may fail, and only with a broken connection.
        other = [e for e in stats.errors if e not in CONNECTION_ERRORS]
        if other or len(stats.errors) > 5:
            return [f"{label}: {len(stats.errors)} errors ({sorted(set(stats.errors))})"]
        print(f"note: {len(stats.errors)} request(s) lost their connection to the killed worker")
        return []
    return [f"{label}: {len(stats.errors)} errors ({sorted(set(stats.errors))[:5]})"]


def _kill_one_worker(master_pid: int) -> None:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True,
                              text=True).stdout.split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)
        print(f"SIGKILL sent to worker {children[0]}", flush=True)


def floor(db_url: str, users: int, seconds: float) -> Result:
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import create_engine

    from benchmarks.floor_app import metadata

    engine = create_engine(db_url)
    metadata.create_all(engine)  # before the workers start: they would race to create them
    engine.dispose()
    env = dict(os.environ, FLOOR_DATABASE_URL=db_url)
    label = f"floor ({users} citizens, no think time)"
    with gunicorn("benchmarks.floor_app:create_floor_app()", env) as (base, _):
        _warm_up(base, [f"/f/w{i}" for i in range(WARM_UP_SURVEYS)], "/f/tak")
        paths = [f"/f/{i}" for i in range(max(200, int(users * seconds * 10)))]
        stats, elapsed = run_closed_loop(base, paths, users, seconds, (0, 0), "/f/tak")
    rps = report(label, stats, elapsed)
    return Result(label, stats, elapsed, rps, _error_problems(label, stats, False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="short run for CI (on PostgreSQL)")
    parser.add_argument("--kill-worker", action="store_true",
                        help="only the fault check: SIGKILL one worker in the middle of load")
    parser.add_argument("--seconds", type=float, default=None, help="saturation seconds")
    parser.add_argument("--users", type=int, default=None, help="saturation citizens")
    args = parser.parse_args(argv)

    users_sat = args.users or (20 if args.smoke else 50)
    sec_sat = args.seconds or (10.0 if args.smoke else 30.0)
    users_real, sec_real = (30, 15.0) if args.smoke else (100, 60.0)
    sat_links = max(300, int(sec_sat * 90))
    failures: list[str] = []
    started = time.monotonic()
    with fresh_database() as db_url:
        if args.kill_worker:
            result = survey_scenario(db_url, f"saturation with a killed worker ({users_sat} "
                                     "citizens)", users_sat, sec_sat, (0, 0), sat_links,
                                     kill_worker=True)
            failures += result.problems
            if result.stats.thank_yous == 0:
                failures.append("no survey was completed")
        else:
            sat = survey_scenario(db_url, f"saturation ({users_sat} citizens, no think time)",
                                  users_sat, sec_sat, (0, 0), sat_links, breakdown=True)
            failures += sat.problems
            flo = floor(db_url, users_sat, sec_sat)
            failures += flo.problems
            ratio = sat.rps / flo.rps if flo.rps else 0.0
            print(f"ratio to floor: {ratio:.2f} (target ≥ 0.5)", flush=True)
            if not args.smoke and ratio < 0.5:
                failures.append(f"ratio {ratio:.2f} < 0.5")
            real = survey_scenario(db_url, f"realistic ({users_real} citizens, 2–5 s think "
                                   "time)", users_real, sec_real, (2.0, 5.0), users_real * 4,
                                   breakdown=True)
            failures += real.problems
            p99 = percentiles(real.stats.latencies)["p99"]
            if p99 >= 150:
                message = f"realistic p99 {p99:.0f} ms ≥ 150 ms"
                if args.smoke:
                    print(f"note: {message} (not a failure in --smoke)")
                else:
                    failures.append(message)
    print(f"load: {time.monotonic() - started:.0f} s in all")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("load: all checks passed")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

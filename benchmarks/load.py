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
floor app (Flask + SQLAlchemy, same database, one form, unvalidated inserts) in the same run,
both servers up at once and driven in alternating slices (``--slices``), so that other work on
the machine weighs on both alike; our throughput is printed as a ratio to the floor's, in all
and per slice. Afterwards the database is checked:
responses equal thank-you pages, no duplicates, no half-written responses.

The client shares the machine with the servers, so it is kept light and the same for every
app: citizens are threads spread over ``--client-processes`` processes (default 4, so one
interpreter lock does not pace the client), each a plain ``http.client`` browser with its own
cookies, and forms are read by a small tag scanner instead of a full HTML parser. With think
time (the realistic scenario) every page waits for it, the first one too, so citizens arrive
spread out rather than all in the same instant. Each scenario also prints the CPU time per
request of the gunicorn workers, the client and the run's PostgreSQL backends (from /proc):
unlike req/s, these hardly move when other work shares the machine.

Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import csv
import html
import http.client
import multiprocessing
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

# The tags the driver needs, with attribute values that may hold ">" inside quotes.
_TAG = re.compile(r"""<(/?)(form|input|textarea|button|title)\b((?:[^>"']|"[^"]*"|'[^']*')*)>""",
                  re.IGNORECASE)
_ATTR = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _attrs(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(raw)
    }


class FormParser:
    """Collects the single POST form of a page: hidden fields, radio groups, textareas, buttons.

    A scanner for the few tags a form needs, not a full HTML parser: the load client shares the
    machine with the servers, and both apps' pages are parsed by this same code.
    """

    def __init__(self) -> None:
        self.forms = 0
        self.action: str | None = None
        self.hidden: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.checked: dict[str, str] = {}
        self.textareas: list[str] = []
        self.text_inputs: list[str] = []
        self.buttons: list[tuple[str, str]] = []
        self.title = ""

    def feed(self, text: str) -> None:
        in_form = False
        title_start: int | None = None
        for match in _TAG.finditer(text):
            closing, tag = match.group(1), match.group(2).lower()
            if tag == "title":
                if closing and title_start is not None:
                    self.title += html.unescape(text[title_start:match.start()])
                    title_start = None
                elif not closing:
                    title_start = match.end()
                continue
            if closing:
                if tag == "form":
                    in_form = False
                continue
            a = _attrs(match.group(3))
            if tag == "form" and a.get("method", "get").lower() == "post":
                in_form = True
                self.forms += 1
                if self.forms == 1:
                    self.action = a.get("action") or None
            if not in_form or self.forms != 1:
                continue
            self._field(tag, a)

    def _field(self, tag: str, a: dict[str, str]) -> None:
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
    # POSTs that died with a connection error, or whose redirect target did: the submission may
    # or may not be stored, and the citizen saw no thank-you page.
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

    def as_dict(self) -> dict[str, Any]:
        """Picklable (no lock): what a client process hands back."""
        return {"latencies": self.latencies, "errors": self.errors,
                "thank_yous": self.thank_yous, "requests": self.requests,
                "unanswered_posts": self.unanswered_posts, "by_kind": self.by_kind}

    def merge(self, part: dict[str, Any]) -> None:
        with self.lock:
            self.latencies.extend(part["latencies"])
            self.errors.extend(part["errors"])
            self.thank_yous += part["thank_yous"]
            self.requests += part["requests"]
            self.unanswered_posts += part["unanswered_posts"]
            for kind, values in part["by_kind"].items():
                self.by_kind.setdefault(kind, []).extend(values)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


# A connection the server dropped (a killed worker, a restart): the type name is the error.
CLIENT_ERRORS = (OSError, http.client.HTTPException)


class Browser:
    """One citizen's browser without JavaScript: its own cookies, redirects not followed.

    Plain ``http.client`` with a small cookie jar (every cookie of these apps has path ``/``):
    the client shares two cores with the servers, so it does as little as it can. A connection
    the server keeps open is used again; gunicorn's sync workers close each one.
    """

    def __init__(self, base: str, timeout: float = 30) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """``(status, Location, body)`` of one GET (or POST with ``data``)."""
        headers = {"Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        conn = self._conn
        try:
            conn.request("POST" if body is not None else "GET", path, body, headers)
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", "replace")
        except BaseException:
            self.close()
            raise
        for cookie in resp.headers.get_all("Set-Cookie") or ():
            self._set_cookie(cookie)
        if resp.will_close:
            self.close()
        return resp.status, resp.headers.get("Location", ""), text

    def _set_cookie(self, header: str) -> None:
        first, _, rest = header.partition(";")
        name, _, value = first.strip().partition("=")
        attrs = rest.lower().replace(" ", "")
        if "max-age=0" in attrs or "expires=thu,01jan1970" in attrs:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


def _request(browser: Browser, url: str, stats: Stats,
             data: dict[str, str] | None = None) -> tuple[int, str, str]:
    split = urllib.parse.urlsplit(url)
    path = split.path + (f"?{split.query}" if split.query else "")
    kind = ("POST " if data is not None else "GET ") + _path_kind(split.path)
    started = time.perf_counter()
    try:
        status, location, text = browser.request(path, data)
    except CLIENT_ERRORS:
        if data is not None:
            with stats.lock:
                stats.unanswered_posts += 1
        raise
    stats.add(time.perf_counter() - started, kind)
    return status, location, text


def _path_kind(path: str) -> str:
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
    browser = Browser(base)
    url = base + path
    try:
        status, _, text = _request(browser, url, stats)
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
            status, location, text = _request(browser, target, stats, fill_form(parser, rng))
            if status in (302, 303):
                url = urllib.parse.urljoin(target, location)
                try:
                    status, _, text = _request(browser, url, stats)
                except CLIENT_ERRORS:
                    # The citizen never saw where the POST led (as when a browser follows the
                    # redirect): it counts as a POST without an answer, stored or not.
                    with stats.lock:
                        stats.unanswered_posts += 1
                    raise
            elif status == 200:
                url = target
            else:
                stats.error(f"POST {status}")
                return False
        stats.error("for mange sider")
        return False
    except CLIENT_ERRORS as exc:
        stats.error(f"{type(exc).__name__}")
        return False
    finally:
        browser.close()


def _citizens(base: str, paths: list[str], numbers: list[int], deadline: float,
              think: tuple[float, float], thanks_path: str, stats: Stats) -> None:
    """Closed loop in this process: one thread per citizen number, until the deadline."""
    queue = list(paths)
    queue_lock = threading.Lock()

    def citizen(n: int) -> None:
        rng = random.Random(n)
        if think[1] > 0:
            # With think time, the first page waits for it too, like every later one: citizens
            # arrive spread out instead of all opening their link in the same millisecond.
            time.sleep(min(rng.uniform(*think), max(0.0, deadline - time.monotonic())))
        while time.monotonic() < deadline:
            with queue_lock:
                if not queue:
                    return
                path = queue.pop()
            walk_survey(base, path, stats, rng, think, deadline, thanks_path)

    threads = [threading.Thread(target=citizen, args=(n,), daemon=True) for n in numbers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()) + 60)


def _client_process(conn: Any, base: str, paths: list[str], numbers: list[int],
                    deadline: float, think: tuple[float, float], thanks_path: str) -> None:
    stats = Stats()
    try:
        _citizens(base, paths, numbers, deadline, think, thanks_path, stats)
    finally:
        conn.send(stats.as_dict())
        conn.close()


CLIENT_PROCESSES = 4


def run_closed_loop(base: str, paths: list[str], users: int, seconds: float,
                    think: tuple[float, float], thanks_path: str,
                    processes: int = 1) -> tuple[Stats, float]:
    """``users`` citizens, each walking surveys one after the other until ``seconds`` are up.

    With ``processes`` > 1 the citizens are spread over that many client processes (threads in
    each), so one interpreter's lock does not hold back the client; the links are dealt out in
    turn. Every app of a run is driven with the same client.
    """
    stats = Stats()
    started = time.monotonic()
    deadline = started + seconds
    processes = max(1, min(processes, users))
    if processes == 1:
        _citizens(base, paths, list(range(users)), deadline, think, thanks_path, stats)
        return stats, time.monotonic() - started
    ctx = multiprocessing.get_context("fork")
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for i in range(processes):
        receiver, sender = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_client_process, daemon=True,
            args=(sender, base, paths[i::processes], list(range(i, users, processes)),
                  deadline, think, thanks_path),
        )
        proc.start()
        sender.close()
        children.append((proc, receiver))
    for proc, receiver in children:
        try:
            if receiver.poll(max(0.0, deadline - time.monotonic()) + 90):
                stats.merge(receiver.recv())
            else:
                stats.error("klientproces svarede ikke")
        except EOFError:
            stats.error("klientproces døde")
        proc.join(timeout=30)
        if proc.is_alive():
            proc.kill()
            proc.join()
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


@dataclass
class CpuMeter:
    """CPU seconds spent while a scenario runs: gunicorn workers, the client, the database.

    Read from /proc (Linux; elsewhere the figures are 0). The database's share counts the
    backends connected to the run's database that live through the whole scenario.
    """

    workers: list[int]
    db_url: str
    start: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def _now(self) -> tuple[float, float, float]:
        t = os.times()
        client = t.user + t.system + t.children_user + t.children_system
        return _proc_cpu(self.workers), client, _proc_cpu(_backend_pids(self.db_url))

    def __enter__(self) -> CpuMeter:
        self.start = self._now()
        return self

    def __exit__(self, *exc: object) -> None:
        end = self._now()
        self.used = tuple(b - a for a, b in zip(self.start, end, strict=True))



def cpu_line(used: tuple[float, ...], requests: int) -> str:
    """CPU seconds (server, client, database) as milliseconds per request."""
    if not requests:
        return ""
    server, client, database = (1000 * x / requests for x in used)
    return (f"    CPU per request: server {server:.2f} ms, client {client:.2f} ms, "
            f"PostgreSQL {database:.2f} ms")


def _proc_cpu(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.0


def _backend_pids(db_url: str) -> list[int]:
    import psycopg

    name = db_url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(_libpq(db_url), autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s "
                                "AND pid <> pg_backend_pid()", (name,)).fetchall()
    except psycopg.Error:
        return []
    return [int(r[0]) for r in rows]


def worker_pids(master_pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


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
                    workers: int = 4, breakdown: bool = False,
                    processes: int = CLIENT_PROCESSES) -> Result:
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
        with CpuMeter(worker_pids(proc.pid), db_url) as cpu:
            stats, elapsed = run_closed_loop(base, paths[WARM_UP_SURVEYS:], users, seconds,
                                             think, "/tak", processes)
        if killer:
            killer.cancel()
            killer.join()
        alive = proc.poll() is None
    return _survey_result(db_url, label, round_id, before, warm, stats, elapsed, cpu.used,
                          alive, breakdown, kill_worker)


def _survey_result(db_url: str, label: str, round_id: int, before: dict[str, int], warm: Stats,
                   stats: Stats, elapsed: float, cpu_used: tuple[float, ...], alive: bool,
                   breakdown: bool, kill_worker: bool = False) -> Result:
    """Report a survey scenario and check it: the database, warm-up errors, the master."""
    rps = report(label, stats, elapsed, breakdown)
    print(cpu_line(cpu_used, stats.requests), flush=True)
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
    children = worker_pids(master_pid)
    if children:
        os.kill(children[0], signal.SIGKILL)
        print(f"SIGKILL sent to worker {children[0]}", flush=True)


def _floor_tables(db_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import create_engine

    from benchmarks.floor_app import metadata

    engine = create_engine(db_url)
    metadata.create_all(engine)  # before the workers start: they would race to create them
    engine.dispose()


@dataclass
class Interleaved:
    ours: Result
    floor: Result
    slice_ratios: list[float]

    @property
    def ratio(self) -> float:
        return self.ours.rps / self.floor.rps if self.floor.rps else 0.0


def saturation_interleaved(db_url: str, users: int, seconds: float, slices: int,
                           processes: int = CLIENT_PROCESSES) -> Interleaved:
    """Our survey and the floor app, both up at once, driven in alternating slices.

    Each app gets ``seconds`` in all, in ``slices`` turns (ours, floor, ours, floor, …): other
    work on the machine then weighs on both alike, where one long run after the other let a
    neighbour's burst land on one app only. Every slice uses links of its own.
    """
    _floor_tables(db_url)
    turn = seconds / slices
    per_slice = max(150, int(turn * 90))
    ours_stats, floor_stats = Stats(), Stats()
    ours_elapsed = floor_elapsed = 0.0
    ours_cpu = [0.0, 0.0, 0.0]
    floor_cpu = [0.0, 0.0, 0.0]
    slice_ratios: list[float] = []
    floor_env = dict(os.environ, FLOOR_DATABASE_URL=db_url)
    with (gunicorn("survey:create_app()", app_env(db_url)) as (base, proc),
          gunicorn("benchmarks.floor_app:create_floor_app()", floor_env) as (fbase, fproc)):
        round_id, paths = make_links(app_env(db_url, base),
                                     WARM_UP_SURVEYS + slices * per_slice)
        before = counts(db_url, round_id)
        warm = _warm_up(base, paths[:WARM_UP_SURVEYS], "/tak")
        _warm_up(fbase, [f"/f/w{i}" for i in range(WARM_UP_SURVEYS)], "/f/tak")
        for n in range(slices):
            links = paths[WARM_UP_SURVEYS + n * per_slice:WARM_UP_SURVEYS + (n + 1) * per_slice]
            with CpuMeter(worker_pids(proc.pid), db_url) as cpu:
                part, took = run_closed_loop(base, links, users, turn, (0, 0), "/tak", processes)
            ours_stats.merge(part.as_dict())
            ours_elapsed += took
            ours_cpu = [a + b for a, b in zip(ours_cpu, cpu.used, strict=True)]
            fpaths = [f"/f/s{n}-{i}" for i in range(max(200, int(users * turn * 10)))]
            with CpuMeter(worker_pids(fproc.pid), db_url) as fcpu:
                fpart, ftook = run_closed_loop(fbase, fpaths, users, turn, (0, 0), "/f/tak",
                                               processes)
            floor_stats.merge(fpart.as_dict())
            floor_elapsed += ftook
            floor_cpu = [a + b for a, b in zip(floor_cpu, fcpu.used, strict=True)]
            ours_rps = part.requests / took if took else 0.0
            floor_rps = fpart.requests / ftook if ftook else 0.0
            slice_ratios.append(ours_rps / floor_rps if floor_rps else 0.0)
            print(f"  slice {n + 1}/{slices}: ours {ours_rps:.1f} req/s, floor {floor_rps:.1f} "
                  f"req/s, ratio {slice_ratios[-1]:.2f}", flush=True)
        alive = proc.poll() is None
    ours = _survey_result(db_url, f"saturation ({users} citizens, no think time)", round_id,
                          before, warm, ours_stats, ours_elapsed, tuple(ours_cpu), alive,
                          breakdown=True)
    flabel = f"floor ({users} citizens, no think time)"
    frps = report(flabel, floor_stats, floor_elapsed)
    print(cpu_line(tuple(floor_cpu), floor_stats.requests), flush=True)
    return Interleaved(
        ours,
        Result(flabel, floor_stats, floor_elapsed, frps,
               _error_problems(flabel, floor_stats, False)),
        slice_ratios,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="short run for CI (on PostgreSQL)")
    parser.add_argument("--kill-worker", action="store_true",
                        help="only the fault check: SIGKILL one worker in the middle of load")
    parser.add_argument("--seconds", type=float, default=None, help="saturation seconds")
    parser.add_argument("--users", type=int, default=None, help="saturation citizens")
    parser.add_argument("--slices", type=int, default=None,
                        help="turns ours/floor alternate in during saturation (default 3; 2 "
                             "with --smoke)")
    parser.add_argument("--client-processes", type=int, default=CLIENT_PROCESSES,
                        help=f"client processes the citizens are spread over "
                             f"(default {CLIENT_PROCESSES}; the same for every app of the run)")
    args = parser.parse_args(argv)
    procs = args.client_processes
    args.slices = max(1, args.slices or (2 if args.smoke else 3))

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
                                     kill_worker=True, processes=procs)
            failures += result.problems
            if result.stats.thank_yous == 0:
                failures.append("no survey was completed")
        else:
            sat = saturation_interleaved(db_url, users_sat, sec_sat, args.slices, procs)
            failures += sat.ours.problems + sat.floor.problems
            spread = ", ".join(f"{r:.2f}" for r in sat.slice_ratios)
            print(f"ratio to floor: {sat.ratio:.2f} (target ≥ 0.5; slices {spread})", flush=True)
            if not args.smoke and sat.ratio < 0.5:
                failures.append(f"ratio {sat.ratio:.2f} < 0.5")
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

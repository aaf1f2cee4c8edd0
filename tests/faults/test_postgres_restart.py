"""PostgreSQL stopped and started under load (a private cluster, never the shared server).

While the database is away, citizens get a 503 »Prøv igen om lidt« page; a posted survey step
comes back with everything the citizen entered in the form. When the database is back, the
same gunicorn workers serve again without a restart (idle connections are pinged, dead ones
replaced), and the answers sent
again are stored once.
"""

from __future__ import annotations

import random
import threading
import time

import pytest

from benchmarks.load import Stats, counts, gunicorn, run_closed_loop, walk_survey
from tests.faults.support import Citizen, prepare_database, private_cluster, server_env, wait_until

pytestmark = pytest.mark.slow

TEXT = "Min sagsbehandler <ringede> aldrig tilbage – »æøå« & tak alligevel. 7319"


def _to_step(citizen: Citizen, path: str, steps: int) -> object:
    """Open a link, start, and answer ``steps`` closed steps; returns the page reached."""
    page = citizen.open(path)
    assert page.status == 200, page.text[:300]
    page = citizen.follow(citizen.submit(page, {}))
    for _ in range(steps):
        form = page.form()
        answers = {name: values[0] for name, values in form.radios.items()}
        page = citizen.follow(citizen.submit(page, answers))
        assert page.status == 200
    return page


def _background(base: str, paths: list[str], stats: Stats, stop: threading.Event) -> None:
    rng = random.Random(7)
    while paths and not stop.is_set():
        walk_survey(base, paths.pop(), stats, rng, (0.02, 0.1), time.monotonic() + 60, "/tak")


def test_postgres_stopped_and_started_during_load() -> None:
    with private_cluster() as pg:
        round_id, paths = prepare_database(pg.url, 80)
        before = counts(pg.url, round_id)
        with gunicorn("survey:create_app()", server_env(pg.url), workers=2) as (base, proc):
            worker_pids = set(_children(proc.pid))
            # Every worker serves this round before the database goes away.
            warm, _ = run_closed_loop(base, paths[:12], 4, 40, (0, 0), "/tak")
            assert warm.thank_yous == 12 and not warm.errors, warm.errors

            sender = Citizen(base)  # on the last step (free text), about to send
            last = _to_step(sender, paths[12], 2)
            assert "textarea" in last.text
            stepper = Citizen(base)  # on step 1 (closed questions)
            first = _to_step(stepper, paths[13], 0)
            first_answers = {name: values[1] for name, values in first.form().radios.items()}
            assert first_answers

            stats, stop = Stats(), threading.Event()
            pool = list(paths[20:])
            threads = [threading.Thread(target=_background, args=(base, pool, stats, stop))
                       for _ in range(4)]
            for thread in threads:
                thread.start()
            try:
                time.sleep(0.5)
                pg.stop()
                down_started = time.monotonic()
                sent = sender.submit(last, {"S12": TEXT})
                stepped = stepper.submit(first, first_answers)
                landing = Citizen(base).open(paths[14])
                time.sleep(1.0)  # load keeps coming while the database is away
                pg.start()
                gap = time.monotonic() - down_started
                # The service recovers by itself: a fresh citizen can open a link again.
                recovered = wait_until(lambda: Citizen(base).open(paths[15]).status == 200, 30)
                time.sleep(1.0)
            finally:
                stop.set()
                for thread in threads:
                    thread.join(timeout=90)

            # In the gap: 503, plain Danish, and the answers still in the form.
            assert sent.status == 503
            assert "Prøv igen om lidt" in sent.text or "prøv igen om lidt" in sent.text
            assert TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
                in sent.text
            assert f">{TEXT}<" not in sent.text  # escaped, never raw markup
            assert stepped.status == 503
            assert stepped.form().checked == first_answers
            assert landing.status == 503 and "Prøv igen om lidt" in landing.text
            assert recovered, "tjenesten kom ikke op igen efter databasen"

            # Sending again after the gap works: stored once, thank-you page.
            again = sender.submit(sent, {"S12": TEXT})
            assert again.status == 303 and again.location.endswith("/tak?lang=da"), again.status
            second = stepper.submit(stepped, first_answers)
            assert second.status == 303

            assert proc.poll() is None
            assert set(_children(proc.pid)) == worker_pids, "workers were restarted"
            assert not [e for e in stats.errors if "500" in e], stats.errors
            assert stats.thank_yous > 0

        after = counts(pg.url, round_id)
        stored = after["released"] + after["held"] - before["released"] - before["held"]
        used = after["used"] - before["used"]
        assert stored == used  # nothing half-written
        assert stored == warm.thank_yous + stats.thank_yous + 1  # + the resent survey
        assert after["empty"] == after["empty_held"] == after["drafts_of_used"] == 0
        assert gap < 25


def _children(pid: int) -> list[str]:
    import subprocess

    return subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                          text=True).stdout.split()

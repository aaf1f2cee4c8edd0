"""Benchmark the learning brief and the annual overview at realistic size.

Seeds a temporary SQLite database with 20,000 responses over 10 rounds in the seven centres
(one round with 2,000 responses), with closed answers, analysed free texts, approved quotes and
learning points; then, in a fresh process (so that seeding does not count), builds and renders

* the brief of the 2,000-response round (target: < 2 s), and
* the annual overview over all 20,000 responses (target: < 10 s),

and prints seconds, peak RSS (MB) and page counts. Run: ``.venv/bin/python benchmarks/briefs.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOTAL = 20_000
BIG_ROUND = 2_000
ROUNDS = 10
THEMES = ("sagsbehandlingstid", "tilgaengelighed", "kommunikation", "information",
          "inddragelse", "procesretfaerdighed", "afgoerelse", "samarbejde", "tillid")
SENTIMENTS = ("positiv", "negativ", "neutral", "blandet")


def _app(db_path: Path):  # type: ignore[no-untyped-def]
    from survey import create_app

    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench",
        "OUTBOX_DIR": str(db_path.parent / "outbox"),
    })


def seed(db_path: Path, year: int) -> tuple[int, int]:
    """Returns (id of the 2,000-response round, responses seeded)."""
    from sqlalchemy import insert, select

    from survey.extensions import db
    from survey.models import (
        Answer,
        Channel,
        Fagcenter,
        FreeText,
        Invitation,
        Laeringspunkt,
        QuestionKind,
        Response,
        ReviewStatus,
    )
    from survey.rounds.operations import create_round
    from survey.seed import seed_all

    rng = random.Random(7)
    app = _app(db_path)
    with app.app_context():
        db.create_all()
        seed_all()
        centres = list(db.session.scalars(select(Fagcenter).order_by(Fagcenter.code)))
        sizes = [BIG_ROUND] + [(TOTAL - BIG_ROUND) // (ROUNDS - 1)] * (ROUNDS - 1)
        sizes[-1] += TOTAL - sum(sizes)
        rounds = []
        for i, size in enumerate(sizes):
            centre = centres[i % len(centres)]
            start = dt.date(year, 1 + i, 1)
            rnd = create_round(centre, f"Benchmark {i + 1}", start, start + dt.timedelta(days=60))
            rnd.open()
            rounds.append((rnd, size))
        db.session.flush()
        now = dt.datetime(year, 12, 1)
        for rnd, size in rounds:
            questions = list(rnd.questions)
            closed = [q for q in questions if q.kind is not QuestionKind.TEXT]
            texts = [q for q in questions if q.kind is QuestionKind.TEXT][:2]
            lean = rng.uniform(2.2, 4.2)
            db.session.execute(insert(Invitation), [
                {"borgerrejse_id": rnd.id, "token_hash": uuid.uuid4().hex + uuid.uuid4().hex,
                 "code_hash": None, "status": "brugt", "expires_at": now, "created_at": now}
                for _ in range(int(size * 1.6))
            ])
            responses, answers, free = [], [], []
            for n in range(size):
                rid = uuid.uuid4()
                responses.append({"id": rid, "borgerrejse_id": rnd.id,
                                  "channel": Channel.WEB if n % 9 else Channel.INTERVIEW,
                                  "language": "da", "submitted_on": rnd.period_start})
                for q in closed:
                    if q.kind is QuestionKind.LIKERT:
                        v = max(1, min(5, round(rng.gauss(lean, 1.1))))
                        value = "vi" if rng.random() < 0.05 else str(v)
                    else:
                        value = rng.choice(("ja", "ja", "nej", "vi"))
                    answers.append({"id": uuid.uuid4(), "response_id": rid,
                                    "question_id": q.id, "value": value})
                for q in texts:
                    themes = sorted(rng.sample(THEMES, rng.choice((0, 1, 1, 2))))
                    approved = rng.random() < 0.01
                    free.append({
                        "id": uuid.uuid4(), "response_id": rid, "question_id": q.id,
                        "raw_text": None, "anonymised_text": f"Anonymiseret svar {n} om [NAVN].",
                        "pii_spans": [], "themes": themes, "sentiment": rng.choice(SENTIMENTS),
                        "analyser_version": "bench", "reviewed_by_advisor": approved,
                        "review_status": ReviewStatus.GODKENDT if approved else ReviewStatus.NY,
                    })
            db.session.execute(insert(Response), responses)
            db.session.execute(insert(Answer), answers)
            db.session.execute(insert(FreeText), free)
            rnd.close()
            rnd.report()
            for j, theme in enumerate(THEMES[:3]):
                db.session.add(Laeringspunkt(
                    borgerrejse_id=rnd.id, owner_fagcenter_id=rnd.fagcenter_id,
                    title=f"Læringspunkt {j + 1}", description="Bedre svartider.",
                    themes=[theme], evidence_figures=[], evidence_quote_ids=[],
                ))
        db.session.commit()
        big = rounds[0][0].id
        db.session.remove()
        db.engine.dispose()
    return big, TOTAL


def measure(db_path: Path, round_id: int, year: int) -> dict[str, float]:
    from pypdf import PdfReader

    from survey.briefs.operations import build_annual, build_brief
    from survey.briefs.pdf import AnnualRenderer, BriefRenderer
    from survey.extensions import db
    from survey.models import Borgerrejse

    app = _app(db_path)
    out: dict[str, float] = {}
    with app.app_context():
        BriefRenderer  # noqa: B018  (imported before timing: fonts load on first render)
        started = time.perf_counter()
        data = build_brief(db.session.get(Borgerrejse, round_id))
        out["brief_data_s"] = time.perf_counter() - started
        pdf = BriefRenderer(data).render()
        out["brief_s"] = time.perf_counter() - started
        out["brief_pages"] = len(PdfReader(io.BytesIO(pdf)).pages)
        out["brief_responses"] = data.participation.answered.value or 0
        started = time.perf_counter()
        annual = build_annual(year)
        out["annual_data_s"] = time.perf_counter() - started
        pdf = AnnualRenderer(annual).render()
        out["annual_s"] = time.perf_counter() - started
        out["annual_pages"] = len(PdfReader(io.BytesIO(pdf)).pages)
        out["annual_responses"] = annual.total_answered.value or 0
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", nargs=3, metavar=("DB", "ROUND_ID", "YEAR"))
    args = parser.parse_args()
    if args.measure:
        db_path, round_id, year = Path(args.measure[0]), int(args.measure[1]), int(args.measure[2])
        print(json.dumps(measure(db_path, round_id, year)))
        return 0
    year = dt.date.today().year - 1
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        round_id, total = seed(db_path, year)
        print(f"Seedet {total} besvarelser i {time.perf_counter() - started:.1f} s")
        result = subprocess.run(
            [sys.executable, __file__, "--measure", str(db_path), str(round_id), str(year)],
            capture_output=True, text=True, check=True,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    ok_brief = figures["brief_s"] < 2.0
    ok_annual = figures["annual_s"] < 10.0
    ok_rss = figures["peak_rss_mb"] < 300
    print(f"Brief ({figures['brief_responses']:.0f} besvarelser): {figures['brief_s']:.2f} s "
          f"(data {figures['brief_data_s']:.2f} s), {figures['brief_pages']:.0f} sider "
          f"[{'OK' if ok_brief else 'FOR LANGSOM'} < 2 s]")
    print(f"Årsoverblik ({figures['annual_responses']:.0f} besvarelser): "
          f"{figures['annual_s']:.2f} s (data {figures['annual_data_s']:.2f} s), "
          f"{figures['annual_pages']:.0f} sider [{'OK' if ok_annual else 'FOR LANGSOM'} < 10 s]")
    print(f"Højeste RSS under målingen: {figures['peak_rss_mb']:.0f} MB "
          f"[{'OK' if ok_rss else 'FOR MEGET'} < 300 MB]")
    return 0 if ok_brief and ok_annual and ok_rss else 1


if __name__ == "__main__":
    sys.exit(main())

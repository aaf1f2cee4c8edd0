"""How long it takes to make 1,000 invitation letters (PDF with QR codes), in memory.

Run: ``.venv/bin/python benchmarks/letters.py [N]``. Uses a throw-away SQLite database.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(n: int = 1000) -> None:
    from sqlalchemy import select

    from survey import create_app
    from survey.extensions import db
    from survey.invitations.letters import render_letters
    from survey.invitations.operations import RecipientData, issue_invitations
    from survey.models import Fagcenter
    from survey.rounds.operations import create_round
    from survey.seed import seed_all

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "benchmark",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                "OUTBOX_DIR": f"{folder}/outbox",
                "BASE_URL": "https://borgerrejse.kommune.dk",
            }
        )
        with app.app_context():
            db.create_all()
            seed_all()
            centre = db.session.scalar(select(Fagcenter).order_by(Fagcenter.code))
            today = dt.date.today()
            rnd = create_round(centre, "Benchmark", today, today + dt.timedelta(days=30))
            people = [
                RecipientData(f"Borger {i}", f"Testvej {i}, 2. th.\n2800 Kongens Lyngby")
                for i in range(n)
            ]
            start = time.perf_counter()
            issued = issue_invitations(rnd, recipients=people)
            issued_at = time.perf_counter()
            pdf = render_letters(rnd, issued)
            done = time.perf_counter()
            db.session.rollback()
    print(f"{n} invitationer lavet (tokens, hashes, rækker): {issued_at - start:.2f} s")
    print(
        f"{n} breve (PDF, {len(pdf) / 1e6:.1f} MB): {done - issued_at:.2f} s "
        f"({(done - issued_at) / n * 1000:.1f} ms pr. brev)"
    )
    print(f"I alt: {done - start:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

"""What leaves the app: the CSV export and the PDF brief carry hostile citizen text as plain
text (CSV injection neutralised, no PDF markup interpreted); security headers on every page of
every role, error pages included; production cookies; guessing links and codes is limited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from pypdf import PdfReader

from survey.extensions import db
from survey.models import (
    Borgerrejse,
    Channel,
    FreeText,
    Laeringspunkt,
    QuestionKind,
    Response,
    ReviewStatus,
)
from tests.conftest import csrf_token
from tests.security.support import routes
from tests.survey.test_access_matrix import ROLES
from tests.survey.test_http import assert_secure_headers

XSS = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SSTI = "{{7*7}}"
CSV_INJECTION = "=cmd|' /C calc'!A0"
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def _add_hostile_answers(app: Any, round_id: int) -> None:
    """Approved, analysed free texts with markup, a template and a CSV formula (k=5 of them)."""
    texts = [f"Svar {XSS}", f"Svar {IMG}", f"Svar {SSTI}", CSV_INJECTION, "+SUM(A1:A9)",
             "@HYPERLINK(\"http://x\")", "-2+3"]
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        question = next(q for q in rnd.questions if q.kind is QuestionKind.TEXT)
        for text in texts:
            response = Response(borgerrejse_id=round_id, channel=Channel.WEB, language="da",
                                submitted_on=dt.date.today())
            response.free_texts.append(FreeText(
                question_id=question.id, raw_text=text, anonymised_text=text,
                themes=["ventetid"], sentiment="negativ", analyser_version="test",
                review_status=ReviewStatus.GODKENDT, reviewed_by_advisor=True,
            ))
            db.session.add(response)
        rnd.hovedpunkter_godt = f"Godt {XSS} {SSTI}"
        rnd.hovedpunkter_bedre = f"Bedre {IMG}"
        db.session.add(Laeringspunkt(borgerrejse_id=round_id, owner_fagcenter_id=rnd.fagcenter_id,
                                     title=f"Punkt {XSS}", description=CSV_INJECTION))
        db.session.commit()


def test_csv_export_neutralises_formulas_and_keeps_text_literal(app: Any, setup: Any) -> None:
    round_id = setup.world.rounds["afrapporteret"].round_id
    _add_hostile_answers(app, round_id)
    advisor = setup.clients["advisor"]
    page = advisor.get(f"/borgerrejser/{round_id}").get_data(as_text=True)
    response = advisor.post(f"/borgerrejser/{round_id}/eksport.csv",
                            data={"csrf_token": csrf_token(page)})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(DANGEROUS_START)], cells
    assert "'" + CSV_INJECTION in cells  # kept, but as text
    assert f"Svar {XSS}" in cells and f"Svar {IMG}" in cells and f"Svar {SSTI}" in cells


def test_pdf_brief_prints_markup_literally(app: Any, setup: Any) -> None:
    round_id = setup.world.rounds["afrapporteret"].round_id
    _add_hostile_answers(app, round_id)
    response = setup.clients["advisor"].get(f"/briefs/{round_id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(text.split())
    assert XSS in flat  # not swallowed as markup by the PDF library
    assert "<img src=x onerror=alert(1)>" in flat
    assert SSTI in flat and "Godt 49" not in flat
    assert "Svar " + SSTI in flat


def test_security_headers_on_every_get_route_for_every_role(app: Any, setup: Any) -> None:
    checked = 0
    statuses: set[int] = set()
    for route in routes(app, setup.world, "GET"):
        for role in ROLES:
            response = setup.clients[role].get(route.url)
            statuses.add(response.status_code)
            try:
                assert_secure_headers(response)
            finally:
                response.close()
            checked += 1
    assert {200, 404} <= statuses and statuses & {302, 303}
    assert checked > 300


def test_security_headers_on_error_pages(app: Any, login_as: Any) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/sikkerhed-500")
    def boom() -> str:
        raise RuntimeError("test")

    @app.get("/sikkerhed-503")
    def down() -> str:
        from sqlalchemy.exc import OperationalError

        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    advisor_client = login_as("advisor")
    errors = [advisor_client.post("/borgerrejser/ny", data={}),
              advisor_client.get("/findes/ikke"), advisor_client.delete("/login"),
              advisor_client.get("/borgerrejser/99999999999"),
              advisor_client.get("/sikkerhed-500"), advisor_client.get("/sikkerhed-503")]
    anonymous = app.test_client()
    for n in range(21):
        last = anonymous.get(f"/s/gaet-et-link-{n}")
    errors.append(last)
    assert [r.status_code for r in errors] == [400, 404, 405, 404, 500, 503, 429]
    for response in errors:
        assert_secure_headers(response)
        response.close()


def test_guessing_links_and_codes_is_limited_but_a_real_link_works(
    app: Any, make_round: Any, make_invitations: Any,
) -> None:
    """Also covered in tests/survey/citizen/test_security.py; here across both doors at once."""
    round_id = make_round()
    real = make_invitations(round_id, 1)[0]
    guesser = app.test_client()
    statuses = []
    for n in range(10):
        statuses.append(guesser.get(f"/s/gaet{n}").status_code)
    page = guesser.get("/kode").get_data(as_text=True)
    for _ in range(10):
        statuses.append(guesser.post("/kode", data={"code": "AAAA-BBBB-CCCC",
                                                    "csrf_token": csrf_token(page)}).status_code)
    assert statuses == [404] * 10 + [400] * 10
    assert guesser.get("/s/gaet-nr-21").status_code == 429
    assert guesser.post("/kode", data={"code": "AAAA-BBBB-CCCD",
                                       "csrf_token": csrf_token(page)}).status_code == 429
    # The real link and the real code keep working from the same address.
    assert guesser.get("/s/" + real.token).status_code == 200
    response = guesser.post("/kode", data={"code": real.code, "csrf_token": csrf_token(page)})
    assert response.status_code == 303


def test_production_citizen_cookie_is_secure_httponly_lax(tmp_path: Any) -> None:
    """Staff sign-in cookies are checked in tests/survey/test_http.py; this is the citizen's."""
    from survey import create_app
    from survey.seed import seed_all

    contacts = {k: "br@kommune.dk" for k in ("MAIL_FROM", "ADVISOR_CONTACT", "PRIVACY_DPO")}
    app = create_app({"ENV": "production", "SECRET_KEY": "s" * 48,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
                      "BASE_URL": "https://localhost", "ADVISOR_CONTACT_EN": "br@kommune.dk",
                      **contacts})
    try:
        assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
        with app.app_context():
            db.create_all()
            seed_all()
            db.session.commit()
        client = app.test_client()
        response = client.get("/kode?lang=en", base_url="https://localhost")
        cookie = next(v for k, v in response.headers.items()
                      if k == "Set-Cookie" and v.startswith("session="))
        parts = {p.strip().split("=")[0].lower(): p.strip() for p in cookie.split(";")}
        assert "secure" in parts and "httponly" in parts
        assert parts["samesite"] == "SameSite=Lax"
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()

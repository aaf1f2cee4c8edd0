"""Brief pages: scope (404 outside it), the HTML brief, the hovedpunkter form and downloads."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from survey.models import ReviewStatus
from tests.conftest import csrf_token

from .conftest import SAME_QUOTE, THEMELESS, likert, pdf_text


def _reported_round(make_round: Callable[..., int], seed_answers: Callable[..., None],
                    set_state: Callable[..., None], state: str = "afrapporteret") -> int:
    round_id = make_round(state="aaben")
    seed_answers(round_id, 12, likert)
    set_state(round_id, state)
    return round_id


def test_centre_and_management_get_404_before_reported_and_200_after(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], login_as: Callable[..., FlaskClient],
) -> None:
    round_id = _reported_round(make_round, seed_answers, set_state, state="lukket")
    centre = login_as("centre", "CSI")
    other = login_as("centre", "CSO")
    management = login_as("management")
    advisor = login_as("advisor")
    for url in (f"/briefs/{round_id}", f"/briefs/{round_id}.pdf"):
        assert centre.get(url).status_code == 404
        assert management.get(url).status_code == 404
        assert other.get(url).status_code == 404
        assert advisor.get(url).status_code == 200
    set_state(round_id, "afrapporteret")
    for url in (f"/briefs/{round_id}", f"/briefs/{round_id}.pdf"):
        assert centre.get(url).status_code == 200
        assert management.get(url).status_code == 200
        assert other.get(url).status_code == 404
    pdf = centre.get(f"/briefs/{round_id}.pdf")
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert pdf.headers["Cache-Control"] == "no-store"
    assert advisor.get("/briefs/999999").status_code == 404


def test_index_lists_what_each_user_may_see(
    app: Flask, make_round: Callable[..., int], login_as: Callable[..., FlaskClient],
) -> None:
    reported = make_round(state="afrapporteret", title="Afrapporteret CSI-runde")
    make_round(state="aaben", title="Åben CSI-runde")
    make_round(centre="CSO", state="afrapporteret", title="Afrapporteret CSO-runde")
    advisor = login_as("advisor").get("/briefs/").get_data(as_text=True)
    assert all(t in advisor for t in ("Afrapporteret CSI-runde", "Åben CSI-runde",
                                      "Afrapporteret CSO-runde", "Årsoverblik"))
    centre = login_as("centre", "CSI").get("/briefs/").get_data(as_text=True)
    assert "Afrapporteret CSI-runde" in centre
    assert "Åben CSI-runde" not in centre and "CSO-runde" not in centre
    assert "Årsoverblik" not in centre
    assert f"/briefs/{reported}.pdf" in centre
    management = login_as("management").get("/briefs/").get_data(as_text=True)
    assert "Afrapporteret CSI-runde" in management and "Afrapporteret CSO-runde" in management
    assert "Åben CSI-runde" not in management


def test_html_brief_is_accessible_and_holds_only_approved_quotes(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_texts: Callable[..., None], set_state: Callable[..., None],
    login_as: Callable[..., FlaskClient],
) -> None:
    round_id = make_round(state="aaben")

    def answers(i: int) -> dict[str, str]:
        values = likert(i)
        values["S13"] = f"Jens Hansen på Vestergade 3 ringede aldrig {i}"
        return values

    seed_answers(round_id, 10, answers)
    set_texts(round_id, [
        ("aldrig 0", {"anonymised_text": "<script>alert(1)</script> Godkendt HTML-citat",
                      "review_status": ReviewStatus.GODKENDT, "themes": ["tilgaengelighed"],
                      "sentiment": "negativ", "analyser_version": "t"}),
        ("aldrig 1", {"anonymised_text": "IKKEGODKENDT-HTML", "themes": ["tilgaengelighed"],
                      "review_status": ReviewStatus.GENNEMGAAET, "analyser_version": "t"}),
    ])
    set_state(round_id, "afrapporteret")
    html = login_as("management").get(f"/briefs/{round_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Godkendt HTML-citat" in html
    assert "<script>alert" not in html
    assert "IKKEGODKENDT-HTML" not in html
    assert "Jens Hansen" not in html and "Vestergade" not in html
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert '<h2 id="temaer">' in html and "<h3>Princip 1: Vi går hurtigt i gang</h3>" in html
    assert "Skriv hovedpunkter" not in html  # the form is the advisor's
    assert "Borgerrådgiveren har endnu ikke skrevet hovedpunkter." in html


def test_advisor_writes_hovedpunkter_from_editable_suggestions(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], advisor_client: FlaskClient,
    login_as: Callable[..., FlaskClient],
) -> None:
    round_id = _reported_round(make_round, seed_answers, set_state, state="lukket")
    page = advisor_client.get(f"/briefs/{round_id}").get_data(as_text=True)
    assert "forslag ud fra tallene" in page
    assert "Procesretfærdighed: indeks" in page  # prefilled, editable suggestion
    assert "Borgerrådgiveren har endnu ikke skrevet hovedpunkter." in page
    # nothing is printed before she saves
    assert "Procesretfærdighed: indeks" not in pdf_text(
        advisor_client.get(f"/briefs/{round_id}.pdf").data)
    too_long = advisor_client.post(f"/briefs/{round_id}/hovedpunkter", data={
        "csrf_token": csrf_token(page), "godt": "x" * 3001, "bedre": "Mit eget punkt",
    })
    assert too_long.status_code == 400
    body = too_long.get_data(as_text=True)
    assert "Skriv højst 3000 tegn" in body and "Mit eget punkt" in body
    saved = advisor_client.post(f"/briefs/{round_id}/hovedpunkter", data={
        "csrf_token": csrf_token(page), "godt": "- Respektfuld tone", "bedre": "- Hurtigere svar",
    })
    assert saved.status_code == 303
    text = pdf_text(advisor_client.get(f"/briefs/{round_id}.pdf").data)
    assert "Respektfuld tone" in text and "Hurtigere svar" in text
    centre = login_as("centre", "CSI")
    set_state(round_id, "afrapporteret")
    assert centre.post(f"/briefs/{round_id}/hovedpunkter", data={
        "csrf_token": csrf_token(centre.get("/briefs/").get_data(as_text=True)),
        "godt": "x", "bedre": "y",
    }).status_code == 404


def test_annual_pdf_for_the_advisor_only(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], advisor_client: FlaskClient,
    login_as: Callable[..., FlaskClient],
) -> None:
    import datetime as dt

    _reported_round(make_round, seed_answers, set_state)
    year = dt.date.today().year
    response = advisor_client.get(f"/briefs/aar.pdf?year={year}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Besvarelser pr. fagcenter" in pdf_text(response.data)
    bad = advisor_client.get("/briefs/aar.pdf?year=abc")
    assert bad.status_code == 400 and "Skriv et årstal" in bad.get_data(as_text=True)
    assert login_as("management").get(f"/briefs/aar.pdf?year={year}").status_code == 404


def test_html_brief_shows_other_quotes_once_like_the_pdf(
    app: Flask, quotes_round: int, login_as: Callable[..., FlaskClient],
) -> None:
    centre = login_as("centre", "CSI")
    html = centre.get(f"/briefs/{quotes_round}").get_data(as_text=True)
    assert '<h3 id="andre-citater">Andre citater</h3>' in html
    assert html.count(SAME_QUOTE) == 1
    shown = {i for i in range(2, 9) if THEMELESS.format(i) in html}
    assert len(shown) == 5
    assert "Der er 2 godkendte citater mere" in html
    pdf = " ".join(pdf_text(centre.get(f"/briefs/{quotes_round}.pdf").data).split())
    assert {i for i in range(2, 9) if THEMELESS.format(i) in pdf} == shown


def test_html_brief_complementary_cell_and_rate(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], login_as: Callable[..., FlaskClient],
) -> None:
    round_id = make_round(state="aaben")

    def answers(i: int) -> dict[str, str]:
        values = likert(i)
        values["S01"] = "1" if i < 3 else ("vi" if i < 9 else "5")  # 3×1, 6×vi, 21×5
        return values

    seed_answers(round_id, 30, answers)
    set_state(round_id, "afrapporteret")
    html = login_as("management").get(f"/briefs/{round_id}").get_data(as_text=True)
    s01 = html[html.index("<caption>S01."):html.index("<caption>S02.")]
    assert '<th scope="row">Ved ikke</th><td>skjult</td><td>skjult</td>' in s01
    assert '<th scope="row">Helt uenig</th><td>færre end 5</td>' in s01
    assert "skjult for at beskytte en lille gruppe" in s01
    # 30 answers without invitations: no response rate
    assert "<td>0</td><td>30</td><td>–</td>" in html
    assert "Svarprocent: besvarelser via link eller kode (web)" in html

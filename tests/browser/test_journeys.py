"""The whole borgerrejse in a real browser, from the advisor's new round to the centre's brief.

One test walks the journey in order (each step needs the one before it), with separate
browser contexts for the advisor, the centre contact and the citizen (a phone). The citizen
answers with the keyboard only. Four more citizens answer through the Flask test client on
the same app, so that the five responses are released (k = 5) and analysed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from flask import Flask
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import Screens, create_user, sign_in
from tests.conftest import csrf_token

pytestmark = pytest.mark.browser

TITLE = "Borgerrejse efterår – browsertest"
FOCUS_DA = "Hvordan fik du først kontakt med centret?"
QUOTE = "Sagsbehandleren lyttede til mig og forklarede reglerne, så jeg forstod dem."
OTHER_TEXTS = [
    "Jeg fik god hjælp, og sagsbehandleren lyttede til mig.",
    "Sagsbehandleren forklarede tingene godt og lyttede.",
    "Det var rart, at sagsbehandleren lyttede og forklarede reglerne.",
    "Sagsbehandleren lyttede til mine bekymringer og forklarede godt.",
]


# --------------------------------------------------------------------------- keyboard helpers


def focused(pg: Any) -> dict[str, str]:
    return pg.evaluate(
        """() => { const e = document.activeElement; return {
             tag: e.tagName.toLowerCase(), id: e.id || '', name: e.getAttribute('name') || '',
             value: e.value === undefined ? '' : String(e.value),
             text: (e.innerText || e.textContent || '').trim() }; }"""
    )


def tab_to(pg: Any, want: Any, limit: int = 80, key: str = "Tab") -> dict[str, str]:
    """Press Tab until the focused element satisfies ``want``; fail if it is never reached."""
    seen = []
    for _ in range(limit):
        pg.keyboard.press(key)
        now = focused(pg)
        if want(now):
            return now
        seen.append(f"{now['tag']}#{now['id']}:{now['text'][:20]}")
    raise AssertionError(f"Nåede aldrig det ønskede element med {key}. Set: {seen}")


def button(label: str) -> Any:
    return lambda el: el["tag"] == "button" and el["text"] == label


def choose_radio(pg: Any, code: str, steps_right: int) -> None:
    """Tab into the radio group ``code``, check the first option with Space, move with arrows."""
    tab_to(pg, lambda el: el["name"] == code and el["tag"] == "input")
    pg.keyboard.press("Space")
    for _ in range(steps_right):
        pg.keyboard.press("ArrowRight")


def checked(pg: Any, code: str) -> str | None:
    return pg.evaluate(
        "(code) => { const e = document.querySelector(`input[name='${code}']:checked`);"
        " return e ? e.value : null; }",
        code,
    )


# --------------------------------------------------------------------------- other citizens


def answer_with_client(app: Flask, url: str, text: str) -> None:
    """A citizen who answers with plain form posts (no browser): start, three steps, send."""
    client = app.test_client()
    path = urlparse(url).path
    landing = client.get(path)
    assert landing.status_code == 200
    token = csrf_token(landing.get_data(as_text=True))
    started = client.post(path, data={"csrf_token": token, "step": "0", "action": "start"})
    assert started.status_code == 303
    step_answers = [
        {f"S0{i}": str(1 + i % 5) for i in range(1, 7)},
        {"S07": "4", "S08": "5", "S09": "ja", "S10": "4", "S11": "3"},
        {"S12": text},
    ]
    for number, answers in enumerate(step_answers, start=1):
        reply = client.post(path, data={"csrf_token": token, "step": str(number), "action": "next",
                                        "lang": "da", **answers})
        assert reply.status_code == 303, reply.get_data(as_text=True)[:300]
    assert "/tak" in reply.headers["Location"]


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF"), "ikke en PDF"
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def download(pg: Any, action: Any) -> tuple[str, bytes]:
    with pg.expect_download() as info:
        action()
    dl = info.value
    return dl.suggested_filename, Path(dl.path()).read_bytes()


# --------------------------------------------------------------------------- the journey


def test_round_from_creation_to_brief(
    screens: Screens, module_server: Any, module_app: Flask
) -> None:
    base = module_server.url
    advisor_email = create_user(module_app, "advisor")
    centre_email = create_user(module_app, "centre", "CSI")

    # 1. The advisor signs in and creates a round for CSI.
    advisor = screens.open("raadgiver")
    sign_in(advisor, base, advisor_email)
    advisor.goto(base + "/borgerrejser/")
    advisor.get_by_role("link", name="Opret ny borgerrejse").click()
    advisor.get_by_label("Fagcenter").select_option(label="Center for Social Indsats (CSI)")
    advisor.get_by_label("Titel").fill(TITLE)
    today = dt.date.today()
    advisor.get_by_label("Periodens første dag").fill((today - dt.timedelta(days=30)).isoformat())
    advisor.get_by_label("Periodens sidste dag").fill((today + dt.timedelta(days=30)).isoformat())
    advisor.get_by_role("button", name="Opret kladde").click()
    advisor.wait_for_url(re.compile(r"/borgerrejser/\d+$"))
    expect(advisor.get_by_text("Borgerrejsen er oprettet som kladde.")).to_be_visible()
    round_id = int(advisor.url.rsplit("/", 1)[1])
    round_url = f"{base}/borgerrejser/{round_id}"

    # 2. The centre contact (CSI) signs in and proposes a focus question.
    centre = screens.open("fagcenter")
    sign_in(centre, base, centre_email)
    centre.goto(base + "/borgerrejser/")
    centre.get_by_role("link", name=TITLE).click()
    centre.get_by_role("link", name="Foreslå et fokusspørgsmål").click()
    centre.get_by_label("Spørgsmål på dansk").fill(FOCUS_DA)
    centre.get_by_label("Spørgsmål på engelsk").fill("How did you first contact the centre?")
    centre.get_by_label("Vælg én af flere svarmuligheder").check()
    centre.get_by_role("textbox", name="Svarmuligheder").fill(
        "tlf;Telefon;Phone\nmail;E-mail;E-mail\nmoede;Møde;Meeting"
    )
    centre.get_by_role("button", name="Send forslaget").click()
    expect(centre.get_by_text("er sendt til borgerrådgiveren")).to_be_visible()
    expect(centre.get_by_text("Fokus, afventer godkendelse")).to_be_visible()

    # 3. The advisor approves it, opens the round and makes 5 anonymous invitations (CSV).
    advisor.goto(round_url)
    expect(advisor.get_by_text("Borgerrejsen kan ikke åbnes endnu")).to_be_visible()
    advisor.get_by_role("button", name=re.compile(r"^Godkend F")).click()
    expect(advisor.get_by_text(re.compile(r"Fokusspørgsmål F\w+ er godkendt"))).to_be_visible()
    advisor.get_by_role("link", name="Åbn borgerrejsen").click()
    advisor.get_by_role("button", name="Ja, åbn borgerrejsen").click()
    expect(advisor.get_by_text("Borgerrejsen er åbnet.")).to_be_visible()
    advisor.goto(f"{round_url}/invitationer/antal")
    advisor.get_by_label("Antal invitationer").fill("5")
    advisor.get_by_label("Fil med koder og links (CSV)").check()
    name, body = download(
        advisor,
        lambda: advisor.get_by_role("button", name="Lav invitationer og hent filen").click(),
    )
    assert name.endswith("-links.csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    links = [row["url"] for row in rows]
    assert len(links) == 5 and all(link.startswith(base + "/s/") for link in links)
    advisor.goto(f"{round_url}/invitationer/")
    assert advisor.locator("#antal-lavet").inner_text() == "5"

    # 4. A citizen on a phone answers with the keyboard only.
    phone = screens.open("borger", phone=True)
    link = links[0]
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    tab_to(phone, button("Start spørgeskemaet"))
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("Trin 1 af 3")).to_be_visible()
    for number, code in enumerate(["S01", "S02", "S03", "S04", "S05", "S06"]):
        choose_radio(phone, code, number % 4)
    assert checked(phone, "S01") == "1" and checked(phone, "S04") == "4"
    tab_to(phone, button("Næste"))
    phone.keyboard.press("Enter")
    phone.get_by_text("Trin 2 af 3").wait_for()

    # ... switches to English and back (the language link, by keyboard) ...
    tab_to(phone, lambda el: el["tag"] == "a" and el["text"] == "Read in English")
    phone.keyboard.press("Enter")
    phone.get_by_text("Step 2 of 3").wait_for()
    assert phone.locator("html").get_attribute("lang") == "en"
    expect(phone.get_by_role("heading", name="Your experience of the case")).to_be_visible()
    tab_to(phone, lambda el: el["tag"] == "a" and el["text"] == "Læs på dansk")
    phone.keyboard.press("Enter")
    phone.get_by_text("Trin 2 af 3").wait_for()
    assert phone.locator("html").get_attribute("lang") == "da"

    # ... answers step 2 (the approved focus question is there) and saves for later ...
    expect(phone.get_by_text(FOCUS_DA)).to_be_visible()
    for code, moves in [("S07", 3), ("S08", 4), ("S09", 0), ("S10", 2), ("S11", 1)]:
        choose_radio(phone, code, moves)
    focus_code = phone.locator(f"fieldset:has-text('{FOCUS_DA}') input").first.get_attribute("name")
    choose_radio(phone, focus_code, 2)  # tlf -> mail -> moede
    assert checked(phone, focus_code) == "moede"
    tab_to(phone, button("Gem og fortsæt senere"))
    phone.keyboard.press("Enter")
    phone.get_by_role("heading", name="Dine svar er gemt").wait_for()

    # ... resumes later with the same link, where the answers wait ...
    phone.goto(link)
    expect(phone.get_by_text("Trin 2 af 3")).to_be_visible()
    assert checked(phone, "S07") == "4" and checked(phone, "S09") == "ja"
    assert checked(phone, focus_code) == "moede"
    tab_to(phone, button("Næste"))
    phone.keyboard.press("Enter")
    phone.get_by_text("Trin 3 af 3").wait_for()
    tab_to(phone, lambda el: el["tag"] == "textarea" and el["id"] == "S12")
    phone.keyboard.type(QUOTE)
    tab_to(phone, button("Send svar"))
    phone.keyboard.press("Enter")
    phone.get_by_role("heading", name="Tak for dine svar").wait_for()

    # ... and the link cannot be used again.
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Spørgeskemaet er allerede besvaret")).to_be_visible()

    # 5. Four more citizens answer; the fifth response releases the batch for analysis.
    for other_link, text in zip(links[1:], OTHER_TEXTS, strict=True):
        answer_with_client(module_app, other_link, text)

    # 6. The advisor reviews the citizen's answer, approves it as a quote, writes a learning
    #    point, closes and reports the round and downloads the brief.
    advisor.goto(f"{base}/gennemgang/runde/{round_id}")
    advisor.get_by_role("row", name=re.compile("lyttede til mig og forklarede reglerne")) \
        .get_by_role("link").click()
    anonymised = advisor.locator("#anonymiseret").inner_text().strip()
    assert "forklarede reglerne" in anonymised
    # The advisor confirms the coding: the theme »Information« (so the quote has a theme row).
    advisor.get_by_role("group", name="Emner").get_by_label("Information").check()
    advisor.get_by_role("button", name="Gem emner og stemning").click()
    expect(advisor.locator(".flash-success")).to_be_visible()
    expect(advisor.locator("#anonymiseret")).to_have_text(anonymised)
    advisor.get_by_role("button", name="Godkend som citat").click()
    expect(advisor.get_by_text("Svaret er godkendt som citat.")).to_be_visible()

    advisor.goto(f"{base}/laeringspunkter/runde/{round_id}/nyt")
    advisor.get_by_label("Titel").fill("Forklar reglerne ved første møde")
    advisor.get_by_label("Beskrivelse").fill(
        "Borgerne sætter pris på, at reglerne bliver forklaret."
    )
    advisor.get_by_role("group", name="Godkendte citater som dokumentation") \
        .get_by_role("checkbox").first.check()
    advisor.get_by_role("button", name="Gem læringspunktet").click()
    expect(advisor.get_by_text("Læringspunktet er oprettet som »Foreslået«.")).to_be_visible()

    advisor.goto(round_url)
    advisor.get_by_role("link", name="Luk borgerrejsen").click()
    advisor.get_by_role("button", name="Ja, luk borgerrejsen og slet kontaktdata").click()
    expect(advisor.locator(".flash-success")).to_contain_text("Borgerrejsen er lukket.")
    advisor.get_by_role("link", name="Afrapportér borgerrejsen").click()
    advisor.get_by_role("button", name="Ja, afrapportér").click()
    expect(advisor.locator(".flash-success")).to_contain_text("Borgerrejsen er afrapporteret.")

    advisor.goto(f"{base}/briefs/{round_id}")
    name, body = download(
        advisor, lambda: advisor.get_by_role("link", name="Hent briefen som PDF").click()
    )
    assert name.endswith(".pdf")
    text = pdf_text(body)
    assert anonymised.strip(".") in text, "det godkendte citat står ikke i PDF'en"
    assert "Forklar reglerne ved første møde" in text

    # 7. The centre contact sees the brief (web and PDF) and the learning point.
    centre.goto(base + "/briefs/")
    centre.get_by_role("link", name=re.compile(f"Læs briefen for {TITLE}")).click()
    expect(centre.get_by_role("heading", level=1)).to_have_text("Borgerrejse — læringsbrief")
    expect(centre.locator("main dl")).to_contain_text(TITLE)
    expect(centre.get_by_text(anonymised.strip(".")).first).to_be_visible()
    name, body = download(
        centre, lambda: centre.get_by_role("link", name="Hent briefen som PDF").click()
    )
    assert anonymised.strip(".") in pdf_text(body)
    centre.goto(base + "/laeringspunkter/")
    centre.get_by_role("link", name="Forklar reglerne ved første møde").click()
    expect(centre.get_by_role("heading", name="Forklar reglerne ved første møde")).to_be_visible()

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Flask

from survey.extensions import db
from survey.invitations.letters import address_lines, danish_date, render_letters
from survey.invitations.operations import RecipientData, issue_invitations
from survey.models import Borgerrejse

from .helpers import pdf_qr_codes, pdf_texts


def _issue(app: Flask, round_id: int, **kwargs: Any) -> tuple[Borgerrejse, list[Any], bytes]:
    rnd = db.session.get(Borgerrejse, round_id)
    assert rnd is not None
    issued = issue_invitations(rnd, **kwargs)
    return rnd, issued, render_letters(rnd, issued)


def test_each_letter_has_its_link_code_and_a_qr_code_that_decodes_to_the_link(
    app: Flask, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    people = [
        RecipientData("Søren Ærø", "Østergade 3, 2. th.\n2800 Kongens Lyngby"),
        RecipientData("Anna Bæk", "Lyngby Hovedgade 1, 2800 Kongens Lyngby", "anna@example.dk"),
        RecipientData("Mia", "Vej 9, 2830 Virum"),
    ]
    with app.app_context():
        rnd, issued, pdf = _issue(app, round_id, recipients=people)
        deadline = danish_date(rnd.period_end)
    texts = pdf_texts(pdf)
    codes = pdf_qr_codes(pdf)
    assert len(texts) == len(issued) == 3
    for item, text, qr in zip(issued, texts, codes, strict=True):
        assert item.url in text
        assert item.code in text
        assert qr == [item.url]
        assert item.recipient.name in text
        assert f"Svar senest den {deadline}" in text
        assert "http://localhost/kode" in text
        assert "anonym" in text
    assert "2800 Kongens Lyngby" in texts[0] and "Østergade 3, 2. th." in texts[0]
    # One-line addresses are split at the comma for the window.
    assert "Lyngby Hovedgade 1\n2800 Kongens Lyngby" in texts[1]


def test_anonymous_letters_have_no_address_but_link_code_and_qr(
    app: Flask, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    with app.app_context():
        _, issued, pdf = _issue(app, round_id, count=2)
    texts = pdf_texts(pdf)
    for item, text, qr in zip(issued, texts, pdf_qr_codes(pdf), strict=True):
        assert "Kære borger" in text
        assert "Afsender:" not in text
        assert item.url in text and item.code in text
        assert qr == [item.url]


def test_address_block_sits_in_the_envelope_window(
    app: Flask, make_round: Callable[..., int]
) -> None:
    """The name is drawn about 20 mm from the left and 50–90 mm from the top (C5/C65 window)."""
    from io import BytesIO

    from pypdf import PdfReader

    round_id = make_round()
    with app.app_context():
        _, _, pdf = _issue(app, round_id, recipients=[RecipientData("Vinduesmodtager", "Vej 1")])
    positions: list[tuple[float, float]] = []

    def visitor(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if "Vinduesmodtager" in text and "Kære" not in text:
            positions.append((tm[4], tm[5]))

    page = PdfReader(BytesIO(pdf)).pages[0]
    page.extract_text(visitor_text=visitor)
    assert positions
    x, y = positions[0]
    mm = 72 / 25.4
    page_height = float(page.mediabox.height)
    assert 18 * mm <= x <= 25 * mm
    assert 50 * mm <= page_height - y <= 90 * mm


def test_address_lines() -> None:
    assert address_lines("A", "Vej 1, 2800 Lyngby") == ["A", "Vej 1", "2800 Lyngby"]
    assert address_lines("A", "Vej 1, st.\r\n2800 Lyngby") == ["A", "Vej 1, st.", "2800 Lyngby"]
    assert address_lines("", "") == []


def test_thousand_letters_in_reasonable_time(app: Flask, make_round: Callable[..., int]) -> None:
    round_id = make_round()
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        issued = issue_invitations(rnd, count=1000)
        start = time.perf_counter()
        pdf = render_letters(rnd, issued)
        elapsed = time.perf_counter() - start
    assert pdf.startswith(b"%PDF")
    assert elapsed < 30, elapsed

"""Invitation and reminder letters as one PDF, one letter per A4 page (ReportLab).

The address block sits where the window of a Danish C5/C65 window envelope is (about 20 mm
from the left edge and 50 mm from the top of the folded A4 sheet). The QR code is drawn as
vector squares from the ``qrcode`` package's matrix, so it is sharp in print and quick to make.
The PDF is made in memory and handed straight to the advisor: it is never stored.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

import qrcode
from flask import current_app
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..models import Borgerrejse
from .operations import IssuedInvitation

PAGE_W, PAGE_H = A4
LEFT = 20 * mm
RIGHT = PAGE_W - 20 * mm
TEXT_W = RIGHT - LEFT
WINDOW_TOP = 50 * mm  # from the top of the page
WINDOW_W = 90 * mm
QR_SIZE = 38 * mm
QR_MASK = 2

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def danish_date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), without quiet zone; error correction M.

    The mask pattern is fixed instead of trying all eight: every mask is valid QR and scans the
    same, and skipping the search makes the code about ten times faster to compute (1,000
    letters must not take minutes).
    """
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK
    )
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_operators(matrix: list[list[bool]]) -> str:
    """PDF path operators for the dark modules, one rectangle per horizontal run, in module units
    with the origin at the lower left corner."""
    n = len(matrix)
    ops: list[str] = []
    for row_index, row in enumerate(matrix):
        y = n - row_index - 1
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                ops.append(f"{start} {y} {col - start} 1 re")
            else:
                col += 1
    return "\n".join(ops)


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as vector squares with its lower left corner at (x, y)."""
    matrix = qr_matrix(data)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / len(matrix), size / len(matrix))
    canvas.setFillColorRGB(0, 0, 0)
    # Raw operators: ReportLab's path API formats every float and is the slow part here.
    canvas._code.append(qr_operators(matrix) + "\nf")
    canvas.restoreState()


@dataclass(frozen=True)
class LetterTexts:
    municipality: str
    advisor_name: str
    advisor_contact: str
    centre_name: str
    deadline: str
    code_url: str


def _texts(rnd: Borgerrejse) -> LetterTexts:
    config = current_app.config
    return LetterTexts(
        municipality=config["MUNICIPALITY_NAME"],
        advisor_name=config["ADVISOR_NAME"],
        advisor_contact=config["ADVISOR_CONTACT"],
        centre_name=rnd.fagcenter.name,
        deadline=danish_date(rnd.period_end),
        code_url=f"{config['BASE_URL']}/kode",
    )


def address_lines(name: str, address: str) -> list[str]:
    """Name first, then the address; a one-line address is split at its commas."""
    lines = [part.strip() for part in address.replace("\r", "").split("\n") if part.strip()]
    if len(lines) == 1 and "," in lines[0]:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    return ([name.strip()] if name.strip() else []) + lines


def letter_paragraphs(texts: LetterTexts, reminder: bool) -> tuple[str, list[str]]:
    if reminder:
        title = "Påmindelse: Vil du fortælle, hvordan det gik?"
        intro = [
            f"For nogle uger siden skrev jeg til dig om din kontakt med {texts.centre_name}. "
            "Jeg har ikke fået dit svar endnu, og din oplevelse er vigtig.",
            "Du får et nyt link og en ny kode i dette brev. "
            "Det gamle link og den gamle kode virker ikke længere. "
            "Har du allerede svaret lidt, er dine svar gemt.",
        ]
    else:
        title = "Hvordan var din kontakt med kommunen?"
        intro = [
            f"Jeg er borgerrådgiver i {texts.municipality}. Jeg vil gerne høre, hvordan du har "
            f"oplevet din sag hos {texts.centre_name}. "
            "Dine svar hjælper kommunen med at blive bedre.",
        ]
    body = intro + [
        "Du er anonym. Ingen kan se, hvem der har svaret hvad. Er brevet sendt til dit navn og din "
        "adresse, slettes de, når undersøgelsen slutter. Det er frivilligt at svare.",
        f"Det tager cirka 5–10 minutter. Svar senest den {texts.deadline}.",
    ]
    return title, body


def render_letters(
    rnd: Borgerrejse, issued: Iterable[IssuedInvitation], reminder: bool = False
) -> bytes:
    """One letter per invitation; anonymous invitations get a letter without address."""
    texts = _texts(rnd)
    # Binary (Flate only) streams: ASCII85 in pure Python is the slowest step and makes the file
    # a quarter larger. Only the encoding of this document changes; both forms are valid PDF.
    previous_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        return _render(rnd, texts, issued, reminder)
    finally:
        rl_config.useA85 = previous_a85


def _render(
    rnd: Borgerrejse, texts: LetterTexts, issued: Iterable[IssuedInvitation], reminder: bool
) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Påmindelser" if reminder else "Invitationer")
    canvas.setAuthor(texts.advisor_name)
    canvas.setCreator("Borgerrejse")
    today = danish_date(dt.date.today())
    title, paragraphs = letter_paragraphs(texts, reminder)
    count = 0
    for item in issued:
        _draw_letter(canvas, texts, today, title, paragraphs, item)
        canvas.showPage()
        count += 1
    if count == 0:
        canvas.setFont("Helvetica", 11)
        canvas.drawString(LEFT, PAGE_H - 30 * mm, "Ingen breve.")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_letter(
    canvas: Canvas,
    texts: LetterTexts,
    today: str,
    title: str,
    paragraphs: list[str],
    item: IssuedInvitation,
) -> None:
    # Sender, top right
    canvas.setFont("Helvetica-Bold", 10)
    sender_x = 120 * mm
    canvas.drawString(sender_x, PAGE_H - 20 * mm, texts.municipality)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(sender_x, PAGE_H - 25 * mm, texts.advisor_name)
    canvas.drawString(sender_x, PAGE_H - 30 * mm, today)

    # Address window
    if item.recipient is not None and (item.recipient.name or item.recipient.address):
        canvas.setFont("Helvetica", 7)
        canvas.drawString(LEFT, PAGE_H - WINDOW_TOP - 3 * mm, f"Afsender: {texts.municipality}")
        canvas.setFont("Helvetica", 11)
        y = PAGE_H - WINDOW_TOP - 9 * mm
        for line in address_lines(item.recipient.name, item.recipient.address)[:7]:
            for part in simpleSplit(line, "Helvetica", 11, WINDOW_W)[:1]:
                canvas.drawString(LEFT, y, part)
                y -= 4.6 * mm

    # Title and body
    y = PAGE_H - 105 * mm
    canvas.setFont("Helvetica-Bold", 15)
    canvas.drawString(LEFT, y, title)
    y -= 9 * mm
    name = item.recipient.name.strip() if item.recipient is not None else ""
    canvas.setFont("Helvetica", 11)
    canvas.drawString(LEFT, y, f"Kære {name}" if name else "Kære borger")
    y -= 7 * mm
    for paragraph in paragraphs:
        for line in simpleSplit(paragraph, "Helvetica", 11, TEXT_W):
            canvas.drawString(LEFT, y, line)
            y -= 5 * mm
        y -= 2.5 * mm

    # How to answer: QR code on the left, link and code on the right
    y -= 2 * mm
    box_top = y
    qr_y = box_top - QR_SIZE
    draw_qr(canvas, item.url, LEFT, qr_y, QR_SIZE)
    text_x = LEFT + QR_SIZE + 8 * mm
    text_w = RIGHT - text_x
    ty = box_top - 4 * mm
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(text_x, ty, "Sådan svarer du")
    ty -= 6 * mm
    canvas.setFont("Helvetica", 10)
    canvas.drawString(text_x, ty, "Scan QR-koden med din telefon, eller åbn linket:")
    ty -= 5.5 * mm
    link_size = 10.0
    while stringWidth(item.url, "Helvetica", link_size) > text_w and link_size > 6:
        link_size -= 0.5
    canvas.setFont("Helvetica", link_size)
    canvas.drawString(text_x, ty, item.url)
    canvas.linkURL(item.url, (text_x, ty - 1 * mm, text_x + text_w, ty + link_size), relative=0)
    ty -= 8 * mm
    canvas.setFont("Helvetica", 10)
    canvas.drawString(text_x, ty, f"Du kan også skrive koden på {texts.code_url}")
    ty -= 8 * mm
    canvas.setFont("Courier-Bold", 16)
    canvas.drawString(text_x, ty, item.code)
    y = qr_y - 8 * mm

    canvas.setFont("Helvetica", 10)
    for line in simpleSplit(
        "Linket og koden er kun til dig og kan bruges én gang. Du kan gemme og fortsætte senere.",
        "Helvetica",
        10,
        TEXT_W,
    ):
        canvas.drawString(LEFT, y, line)
        y -= 4.6 * mm
    y -= 4 * mm
    canvas.setFont("Helvetica", 11)
    canvas.drawString(LEFT, y, "Venlig hilsen")
    y -= 6 * mm
    canvas.drawString(LEFT, y, texts.advisor_name)
    y -= 5 * mm
    canvas.setFont("Helvetica", 9)
    canvas.drawString(LEFT, y, texts.advisor_contact)

    canvas.setFont("Helvetica-Oblique", 9)
    canvas.drawString(
        LEFT,
        15 * mm,
        "In English: Scan the QR code or open the link to answer the survey. "
        "You can choose English.",
    )

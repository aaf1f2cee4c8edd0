"""Reading what the letters PDF really contains: its text (pypdf) and its QR codes (rendered)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pypdfium2
import zxingcpp
from pypdf import PdfReader

CODE_RE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b")


def pdf_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_qr_codes(data: bytes, scale: float = 3.0) -> list[list[str]]:
    """Render every page and decode the QR codes on it."""
    document = pypdfium2.PdfDocument(data)
    try:
        found: list[list[str]] = []
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=scale).to_pil()
            found.append(
                [
                    r.text
                    for r in zxingcpp.read_barcodes(image)
                    if r.format == zxingcpp.BarcodeFormat.QRCode
                ]
            )
            page.close()
        return found
    finally:
        document.close()


def read_links_csv(data: bytes) -> list[dict[str, Any]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def db_dump(app: Any) -> str:
    """Every value in every table, as text: what someone with a database dump would see."""
    from sqlalchemy import select

    from survey.extensions import db

    parts: list[str] = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)):
                parts.append(" ".join(str(value) for value in row))
    return "\n".join(parts)

"""The paper questionnaire (PDF), its CSV template, and reading typed-in paper answers (CSV).

``render_paper_pdf(sheet) -> bytes`` takes a :class:`PaperSheet` (plain data, no ORM objects)
and draws an A4 questionnaire with ReportLab, using the DejaVu fonts and text helpers of
:mod:`survey.briefs.pdf`. Every question carries its code in small print (so typists can map the
boxes to the CSV columns), and every box its value code (``1``–``5``, ``vi``, ``ja`` …).

``csv_template(questions) -> bytes``: one header row with the question codes, UTF-8 with BOM,
semicolon separated (Danish Excel opens it directly).

``parse_responses_csv(questions, data) -> ParsedResponses`` validates a whole file before
anything is imported and raises :class:`PaperImportError` with every problem (row and column,
in Danish) when one cell is wrong. Accepted: UTF-8 with or without BOM and Windows-1252, comma
or semicolon; empty cells are no answer; empty lines are skipped; unknown columns are refused.
Each row is checked with :func:`survey.citizen.forms.parse_answers`, exactly like the web form.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, has_app_context
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..briefs.pdf import FONT, MARGIN, MUTED, RULE, TEXT_W, P, T, _fonts, clean_text, styles
from ..citizen.forms import (
    DEFAULT_MAX_LENGTH,
    QuestionView,
    allowed_values,
    choices,
    has_control_characters,
    parse_answers,
    strip_control_characters,
)
from ..citizen.i18n import format_date
from ..citizen.i18n import t as citizen_t
from ..invitations.csv_import import decode
from ..models import QuestionKind

# --------------------------------------------------------------------------- texts

TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "da": "Hvordan oplevede du dit forløb hos kommunen?",
        "en": "How did you experience your case with the municipality?",
    },
    "subtitle": {"da": "Spørgeskema på papir", "en": "Paper questionnaire"},
    "draft": {
        "da": "UDKAST – spørgeskemaet kan stadig ændres, før borgerrejsen åbnes.",
        "en": "DRAFT – the questionnaire may still change before the survey opens.",
    },
    "intro_heading": {"da": "Fra borgerrådgiveren", "en": "From the citizen advisor"},
    "how": {
        "da": "Sæt ét kryds ved hvert spørgsmål. Du må gerne springe spørgsmål over. Til sidst "
              "kan du skrive med dine egne ord.",
        "en": "Tick one box for each question. You may skip any question. At the end you can "
              "write in your own words.",
    },
    "anonymous": {
        "da": "Skriv ikke dit navn på skemaet. Dine svar bliver skrevet ind uden navn og kan ikke "
              "kobles til dig. Skriv helst ikke navne eller CPR-numre i dine svar.",
        "en": "Do not write your name on the form. Your answers are typed in without a name and "
              "cannot be linked to you. Please do not write names or CPR numbers in your answers.",
    },
    "return": {
        "da": "Send skemaet i svarkuverten, eller aflever det til borgerrådgiveren. "
              "Har du spørgsmål, så kontakt {contact}.",
        "en": "Send the form in the reply envelope, or hand it to the citizen advisor. "
              "If you have questions, contact {contact}.",
    },
    "closed_heading": {"da": "Dit forløb", "en": "Your case"},
    "text_heading": {"da": "Med dine egne ord", "en": "In your own words"},
    "code": {"da": "Kode", "en": "Code"},
    "page": {"da": "Side {page}", "en": "Page {page}"},
    "footer": {"da": "Borgerrejse nr. {round_id}", "en": "Survey no. {round_id}"},
    "thanks": {"da": "Tak for din hjælp.", "en": "Thank you for your help."},
}


def text(key: str, lang: str, **values: Any) -> str:
    entry = TEXTS[key]
    value = entry.get(lang) or entry["da"]
    return value.format(**values) if values else value


# --------------------------------------------------------------------------- PDF

BOX = "\u2610"  # ☐
TEXT_LINES = 6


@dataclass(frozen=True)
class PaperSheet:
    round_id: int
    title: str
    centre_name: str
    municipality: str
    advisor_name: str
    advisor_contact: str
    questions: tuple[QuestionView, ...]
    deadline: dt.date | None = None
    draft: bool = False


def _styles() -> dict[str, ParagraphStyle]:
    st = styles()
    return {
        "question": ParagraphStyle("pq", parent=st.body, fontName=st.h3.fontName, fontSize=10.5,
                                   leading=14, spaceAfter=0),
        "code": ParagraphStyle("pcode", parent=st.small, fontSize=7, leading=9, alignment=TA_RIGHT,
                               spaceAfter=0),
        "box": ParagraphStyle("pbox", parent=st.body, fontSize=15, leading=17,
                              alignment=TA_CENTER, spaceAfter=0),
        "label": ParagraphStyle("plabel", parent=st.cell, fontSize=8.5, leading=10.5,
                                alignment=TA_CENTER),
        "value": ParagraphStyle("pvalue", parent=st.small, fontSize=6.5, leading=8,
                                alignment=TA_CENTER, spaceAfter=0),
        "option": ParagraphStyle("popt", parent=st.cell, fontSize=9.5, leading=13),
    }


def _question_head(number: int, question: QuestionView, lang: str,
                   ps: dict[str, ParagraphStyle]) -> Table:
    head = Table(
        [[T(f"{number}. {question.text(lang)}", ps["question"]),
          T(f"{text('code', lang)} {question.code}", ps["code"])]],
        colWidths=[TEXT_W - 22 * mm, 22 * mm], hAlign="LEFT",
    )
    head.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return head


def _scale(question: QuestionView, lang: str, ps: dict[str, ParagraphStyle]) -> Table:
    """Boxes side by side (Likert, ja/nej): box, label, small value code."""
    options = choices(question, lang)
    width = TEXT_W / max(len(options), 1)
    row = [
        [P(BOX, ps["box"]), T(label, ps["label"]), T(value, ps["value"])]
        for value, label in options
    ]
    table = Table([row], colWidths=[width] * len(options), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _option_list(question: QuestionView, lang: str, ps: dict[str, ParagraphStyle]) -> Table:
    """One line per option (choice questions can have long labels)."""
    rows = [
        [P(BOX, ps["box"]), T(label, ps["option"]), T(value, ps["code"])]
        for value, label in choices(question, lang)
    ]
    table = Table(rows, colWidths=[10 * mm, TEXT_W - 32 * mm, 22 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def _lines(count: int = TEXT_LINES) -> Table:
    table = Table([[""] for _ in range(count)], colWidths=[TEXT_W], rowHeights=[9 * mm] * count,
                  hAlign="LEFT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]))
    return table


def _question_block(number: int, question: QuestionView, lang: str,
                    ps: dict[str, ParagraphStyle], heading: Flowable | None = None) -> Flowable:
    parts: list[Flowable] = [heading] if heading is not None else []
    parts.append(_question_head(number, question, lang, ps))
    if question.kind is QuestionKind.TEXT:
        parts.append(_lines())
    elif question.kind is QuestionKind.CHOICE:
        parts.append(_option_list(question, lang, ps))
    else:
        parts.append(_scale(question, lang, ps))
    parts.append(Spacer(1, 5 * mm))
    return KeepTogether(parts)


def _intro(sheet: PaperSheet, lang: str) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [
        T(text("title", lang), st.h1),
        T(f"{text('subtitle', lang)} · {sheet.municipality} · {sheet.centre_name}", st.small),
        T(sheet.title, st.small),
    ]
    if sheet.draft:
        story.append(T(text("draft", lang), st.h3))
    story += [
        T(text("intro_heading", lang), st.h2),
        T(citizen_t("landing_who", lang, advisor=sheet.advisor_name,
                    municipality=sheet.municipality)),
        T(citizen_t("landing_why", lang, centre=sheet.centre_name)),
        T(text("how", lang)),
        T(text("anonymous", lang)),
        T(citizen_t("landing_voluntary", lang)),
    ]
    if sheet.deadline is not None:
        story.append(T(citizen_t("deadline", lang, date=format_date(sheet.deadline, lang))))
    story.append(T(text("return", lang, contact=sheet.advisor_contact)))
    return story


def render_paper_pdf(sheet: PaperSheet, lang: str = "da") -> bytes:
    _fonts()
    ps = _styles()
    st = styles()
    story = _intro(sheet, lang)
    closed = [q for q in sheet.questions if q.kind is not QuestionKind.TEXT]
    texts = [q for q in sheet.questions if q.kind is QuestionKind.TEXT]
    number = 0
    for heading, group in (("closed_heading", closed), ("text_heading", texts)):
        if not group:
            continue
        for index, question in enumerate(group):
            number += 1
            head = T(text(heading, lang), st.h2) if index == 0 else None
            story.append(_question_block(number, question, lang, ps, head))
    story.append(T(text("thanks", lang)))
    footer = clean_text(text("footer", lang, round_id=sheet.round_id), 120)

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, 14 * mm, A4[0] - MARGIN, 14 * mm)
        canvas.drawString(MARGIN, 10 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, text("page", lang, page=doc.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=clean_text(f"{text('subtitle', lang)}: {sheet.title}", 200),
        author=clean_text(sheet.advisor_name, 200), subject=text("subtitle", lang),
        lang="en-GB" if lang == "en" else "da-DK", creator="Borgerrejse",
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


# --------------------------------------------------------------------------- CSV template

BOM = "\ufeff"


def csv_template(questions: Sequence[Any]) -> bytes:
    """The header row only: the question codes, UTF-8 with BOM, semicolon separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([q.code for q in questions])
    return (BOM + buffer.getvalue()).encode("utf-8")


def accepted_values_text(question: Any, max_length: int | None = None) -> str:
    """What a typist may write in a question's column, e.g. ``1–5 eller vi``."""
    if question.kind is QuestionKind.LIKERT:
        return "1–5 eller vi"
    if question.kind is QuestionKind.JANEJ:
        return "ja, nej eller vi"
    if question.kind is QuestionKind.CHOICE:
        values = allowed_values(question)
        if len(values) <= 1:
            return "".join(values)
        return ", ".join(values[:-1]) + " eller " + values[-1]
    limit = f", højst {max_length} tegn" if max_length else ""
    return f"fritekst{limit}"


def value_guide(question: Any) -> list[tuple[str, str]]:
    """(value, Danish meaning) for the upload page's guide; empty for free text."""
    return choices(question, "da")


# --------------------------------------------------------------------------- reading answers

MAX_ROWS = 10_000
MAX_ERRORS_SHOWN = 50
SHOWN_VALUE = 40


class PaperImportError(ValueError):
    """The file was refused; ``errors`` are Danish messages with row and column."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(f"… og {len(errors) - MAX_ERRORS_SHOWN} fejl mere.")
        super().__init__(" ".join(shown))
        self.errors = shown
        self.total = len(errors)


@dataclass(frozen=True)
class ParsedResponses:
    rows: list[dict[str, str]] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ";"


def _limit(max_length: int | None) -> int:
    if max_length is not None:
        return max_length
    if has_app_context():
        return int(current_app.config.get("FREE_TEXT_MAX_LENGTH", DEFAULT_MAX_LENGTH))
    return DEFAULT_MAX_LENGTH


def _shown(value: str) -> str:
    value = " ".join(strip_control_characters(value).split())
    return value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 1] + "…"


def _delimiter(text_value: str) -> str:
    first = text_value.split("\n", 1)[0]
    return "," if first.count(",") > first.count(";") else ";"


def _normalise(question: Any, cell: str) -> str:
    """Closed answers in any case; ``ved ikke`` for ``vi``. Free text as typed."""
    if question.kind is QuestionKind.TEXT:
        return cell
    value = cell.strip()
    lookup = {allowed.lower(): allowed for allowed in allowed_values(question)}
    if question.kind in (QuestionKind.LIKERT, QuestionKind.JANEJ):
        lookup.setdefault("ved ikke", "vi")
    return lookup.get(" ".join(value.lower().split()), value)


def _text_problem(cell: str, limit: int) -> str:
    normalised = cell.replace("\r\n", "\n").replace("\r", "\n")
    if has_control_characters(normalised):
        return "teksten indeholder usynlige styretegn, som ikke kan gemmes"
    return f"teksten er for lang ({len(normalised)} tegn; højst {limit})"


def _read_header(header: list[str], by_code: dict[str, Any]) -> tuple[list[Any], list[str]]:
    columns: list[Any] = []
    errors: list[str] = []
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        key = name.strip().lstrip(BOM).strip().upper()
        question = by_code.get(key) if key else None
        if not key:
            columns.append(None)
        elif question is None:
            errors.append(
                f"Kolonne {index}: »{_shown(name)}« er ikke en spørgsmålskode i denne "
                "borgerrejse. Brug overskrifterne fra CSV-skabelonen."
            )
            columns.append(None)
        elif question.code in seen:
            errors.append(f"Kolonne {index}: {question.code} står flere gange i overskriftsrækken.")
            columns.append(None)
        else:
            seen.add(question.code)
            columns.append(question)
    if not seen and not errors:
        errors.append(
            "Første række skal være overskrifterne med spørgsmålskoderne (fx S01;S02;…). "
            "Brug CSV-skabelonen."
        )
    return columns, errors


def parse_responses_csv(
    questions: Sequence[Any], data: bytes, max_length: int | None = None
) -> ParsedResponses:
    """Validate a whole file of typed-in paper answers; raise PaperImportError on any problem."""
    limit = _limit(max_length)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise PaperImportError(["Filen er tom."])
    text_value, encoding = decode(data)
    text_value = text_value.lstrip(BOM)
    delimiter = _delimiter(text_value)
    reader = csv.reader(io.StringIO(text_value, newline=""), delimiter=delimiter)
    by_code = {q.code.upper(): q for q in questions}
    errors: list[str] = []
    rows: list[dict[str, str]] = []
    number = 1
    try:
        header = next(reader, None)
        if header is None:
            raise PaperImportError(["Filen er tom."])
        columns, header_errors = _read_header(header, by_code)
        if header_errors:
            raise PaperImportError(header_errors)
        in_file = [q for q in columns if q is not None]
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                errors.append(f"Filen har mere end {MAX_ROWS} besvarelser. Del den op.")
                break
            clean, row_errors = _check_row(number, cells, columns, in_file, limit)
            if row_errors:
                errors.extend(row_errors)
            else:
                rows.append(clean)
    except csv.Error:
        errors.append(
            f"Række {number + 1}: filen kan ikke læses som CSV her (tjek anførselstegn og "
            "meget lange celler)."
        )
    if errors:
        raise PaperImportError(errors)
    if not rows:
        raise PaperImportError(["Filen indeholder ingen besvarelser (kun overskrifter)."])
    return ParsedResponses(rows=rows, encoding=encoding, delimiter=delimiter)


def _check_row(number: int, cells: list[str], columns: list[Any], in_file: list[Any],
               limit: int) -> tuple[dict[str, str], list[str]]:
    errors: list[str] = []
    for index in range(len(columns), len(cells)):
        if cells[index].strip():
            errors.append(
                f"Række {number}, kolonne {index + 1}: der står »{_shown(cells[index])}« i en "
                "kolonne uden overskrift."
            )
    submitted: dict[str, str] = {}
    raw: dict[str, str] = {}
    for index, cell in enumerate(cells[: len(columns)]):
        question = columns[index]
        if question is None:
            if cell.strip():
                errors.append(
                    f"Række {number}, kolonne {index + 1}: der står »{_shown(cell)}« i en "
                    "kolonne uden overskrift."
                )
            continue
        raw[question.code] = cell
        submitted[question.code] = _normalise(question, cell)
    clean, problems = parse_answers(in_file, submitted, lang="da", max_length=limit)
    for question in in_file:
        if question.code not in problems:
            continue
        cell = raw.get(question.code, "")
        if question.kind is QuestionKind.TEXT:
            errors.append(f"Række {number}, kolonne {question.code}: {_text_problem(cell, limit)}.")
        else:
            errors.append(
                f"Række {number}, kolonne {question.code}: »{_shown(cell)}« er ikke et gyldigt "
                f"svar ({accepted_values_text(question)})"
            )
    return clean, errors

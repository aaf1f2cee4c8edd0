"""CSV export of a round's responses and its code book (reads only; the view audit-logs every
export).

One row per response, ordered by the random response id (never by time). Question codes are
columns; channel, language and the month of submission only. Free-text columns hold only the
anonymised text and are left out while no free text of the round has been analysed. Cells
beginning with = + - @ (or tab/CR) are escaped against CSV injection. UTF-8 with BOM and
semicolons, so Danish Excel opens it directly.

The answers keep their codes (``1``–``5``, ``vi``, ``ja``/``nej``, option codes), since tools
rely on them; ``codebook_csv`` is the companion file that says what every column and code means.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from sqlalchemy import select

from ..extensions import db
from ..models import Answer, Borgerrejse, Channel, FreeText, Question, QuestionKind, Response
from ..seed import JANEJ_LABELS_DA, LIKERT_LABELS_DA

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    if value and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def free_text_analysed(rnd: Borgerrejse) -> bool:
    found = db.session.scalar(
        select(FreeText.id)
        .join(Question, FreeText.question_id == Question.id)
        .where(
            Question.borgerrejse_id == rnd.id,
            (FreeText.analyser_version.is_not(None)) | (FreeText.anonymised_text.is_not(None)),
        )
        .limit(1)
    )
    return found is not None


def export_csv(rnd: Borgerrejse) -> tuple[str, int]:
    """The CSV text (with BOM) and the number of rows."""
    include_text = free_text_analysed(rnd)
    questions = [
        q for q in rnd.questions if q.kind is not QuestionKind.TEXT or include_text
    ]
    responses = list(
        db.session.scalars(
            select(Response).where(Response.borgerrejse_id == rnd.id).order_by(Response.id)
        )
    )
    values: dict[str, dict[int, str]] = defaultdict(dict)
    for response_id, question_id, value in db.session.execute(
        select(Answer.response_id, Answer.question_id, Answer.value)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.borgerrejse_id == rnd.id)
    ):
        values[str(response_id)][question_id] = value
    if include_text:
        for response_id, question_id, text in db.session.execute(
            select(FreeText.response_id, FreeText.question_id, FreeText.anonymised_text)
            .join(Response, FreeText.response_id == Response.id)
            .where(Response.borgerrejse_id == rnd.id)
        ):
            values[str(response_id)][question_id] = text or ""

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["kanal", "sprog", "maaned"] + [q.code for q in questions])
    for response in responses:
        mine = values.get(str(response.id), {})
        row = [
            response.channel.value,
            response.language,
            response.submitted_on.strftime("%Y-%m"),
        ] + [mine.get(q.id, "") for q in questions]
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue(), len(responses)


CODEBOOK_HEADER = ["kolonne", "spoergsmaal", "svartype", "vaerdi", "betydning"]


def _codebook_rows(rnd: Borgerrejse, include_text: bool) -> list[list[str]]:
    rows: list[list[str]] = [
        ["kanal", "Hvordan svaret blev givet", "Kode", c.value,
         {"web": "Web: borgeren svarede selv via link eller kode",
          "interview": "Interview: borgerrådgiveren tastede svarene ind",
          "papir": "Papir: indtastet fra et papirskema"}.get(c.value, c.label)]
        for c in Channel
    ]
    rows += [
        ["sprog", "Sproget, skemaet blev besvaret på", "Kode", "da", "Dansk"],
        ["sprog", "Sproget, skemaet blev besvaret på", "Kode", "en", "Engelsk"],
        ["maaned", "Måneden, svaret blev sendt (ÅÅÅÅ-MM)", "Måned", "", "Kun måned, af hensyn "
         "til anonymiteten"],
    ]
    for q in rnd.questions:
        base = [q.code, q.text_da, q.kind.label]
        if q.kind is QuestionKind.LIKERT:
            rows += [[*base, code, label] for code, label in LIKERT_LABELS_DA.items()]
        elif q.kind is QuestionKind.JANEJ:
            rows += [[*base, code, label] for code, label in JANEJ_LABELS_DA.items()]
        elif q.kind is QuestionKind.CHOICE:
            rows += [[*base, o["code"], o.get("da") or o["code"]] for o in q.options or []]
        elif include_text:
            rows.append([*base, "", "Anonymiseret fritekst"])
        else:
            rows.append([*base, "", "Ikke med i eksporten, før fritekst er anonymiseret"])
        if q.kind is not QuestionKind.TEXT:
            rows.append([*base, "", "Tom: spørgsmålet er ikke besvaret"])
    return rows


def codebook_csv(rnd: Borgerrejse) -> str:
    """What every column and code of ``export_csv`` means (same format: BOM, semicolons).

    One row per column and allowed value: column (question code), question text, answer type,
    value and its meaning, e.g. ``S01;…;Enig/uenig (1–5);vi;Ved ikke``. No citizen data.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CODEBOOK_HEADER)
    for row in _codebook_rows(rnd, free_text_analysed(rnd)):
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()

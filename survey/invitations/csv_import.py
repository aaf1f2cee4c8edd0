"""Reading a CSV file of recipients: validate everything first, import nothing half-way.

Accepted: UTF-8 (with or without BOM) and Excel's Windows-1252; comma or semicolon as
delimiter; header names in Danish or English in any case. Empty lines are skipped. The file is
refused as a whole when any row is wrong, when rows repeat, or when anything looks like a CPR
number (Borgerrejse must never receive CPR numbers).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from .operations import RecipientData

MAX_ROWS = 20_000
MAX_ERRORS_SHOWN = 20

HEADER_ALIASES: dict[str, str] = {
    "navn": "name",
    "name": "name",
    "fulde navn": "name",
    "fuldt navn": "name",
    "full name": "name",
    "adresse": "address",
    "address": "address",
    "postadresse": "address",
    "email": "email",
    "e-mail": "email",
    "e-mailadresse": "email",
    "mail": "email",
    "reference": "reference",
    "ref": "reference",
    "ref.": "reference",
}
CPR_HEADERS = re.compile(r"cpr|personn(umme)?r|person nr|social security|ssn", re.IGNORECASE)
# Six digits (ddmmyy), an optional dash, four digits, with no digit on either side.
CPR_VALUE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})-?\d{4}(?!\d)")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMITS = {"name": 200, "address": 1000, "email": 254, "reference": 200}
FIELD_LABELS = {"name": "navn", "address": "adresse", "email": "e-mail", "reference": "reference"}


class CsvImportError(ValueError):
    """The file was refused; ``errors`` are Danish messages, with line numbers where useful."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(f"… og {len(errors) - MAX_ERRORS_SHOWN} fejl mere.")
        super().__init__(" ".join(shown))
        self.errors = shown


@dataclass(frozen=True)
class ParsedFile:
    recipients: list[RecipientData]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (BOM or not) first; anything that is not valid UTF-8 is read as Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def looks_like_cpr(value: str) -> bool:
    for match in CPR_VALUE.finditer(value):
        day, month, year = (int(g) for g in match.groups())
        try:
            dt.date(2000 + year, month, day)
        except ValueError:
            continue
        return True
    return False


def _sniff_delimiter(text: str) -> str:
    for line in text.splitlines():
        if line.strip().strip(",;"):
            return ";" if line.count(";") > line.count(",") else ","
    return ","


def _normalise_header(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().replace("_", " ").split())


def parse_recipients_csv(data: bytes) -> ParsedFile:
    """Parse and validate the whole file; raise ``CsvImportError`` listing every problem."""
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        raise CsvImportError(
            ["Filen kunne ikke læses. Gem den som CSV (UTF-8), og prøv igen."]
        ) from None
    if "\x00" in text:
        raise CsvImportError(["Filen er ikke en CSV-fil. Gem regnearket som CSV, og prøv igen."])
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')

    header: list[str] | None = None
    columns: list[str | None] = []
    header_line = 0
    errors: list[str] = []
    recipients: list[RecipientData] = []
    lines: list[int] = []
    seen: dict[tuple[str, str, str], int] = {}
    last_line = 0
    try:
        for row in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header, header_line = row, line
                columns, header_errors = _map_header(row)
                if header_errors:
                    raise CsvImportError(header_errors)
                continue
            for index, cell in enumerate(row):
                if looks_like_cpr(cell):
                    column_name = header[index].strip() if index < len(header) else str(index + 1)
                    raise CsvImportError(
                        [
                            f"Linje {line}, kolonnen »{column_name}«, ligner et CPR-nummer. "
                            "Borgerrejse må ikke modtage CPR-numre. "
                            "Fjern dem fra filen, og prøv igen. "
                            "Intet er indlæst."
                        ]
                    )
            if len(row) != len(header):
                errors.append(
                    f"Linje {line} har {len(row)} felter, men overskriften har {len(header)}."
                )
                continue
            values = {"name": "", "address": "", "email": "", "reference": ""}
            for column, cell in zip(columns, row, strict=True):
                if column is not None:
                    values[column] = cell.strip()
            row_errors = _check_row(values)
            if row_errors:
                errors.append(f"Linje {line}: " + " ".join(row_errors))
                continue
            key = (
                " ".join(values["name"].casefold().split()),
                " ".join(values["address"].casefold().split()),
                values["email"].casefold(),
            )
            if key in seen:
                errors.append(f"Linje {line} er den samme modtager som linje {seen[key]}.")
                continue
            seen[key] = line
            recipients.append(RecipientData(**values))
            lines.append(line)
            if len(recipients) > MAX_ROWS:
                raise CsvImportError(
                    [
                        f"Filen har mere end {MAX_ROWS:_} modtagere. "
                        "Del den op i flere filer.".replace("_", ".")
                    ]
                )
    except csv.Error as error:
        raise CsvImportError(
            [f"Linje {reader.line_num} kan ikke læses som CSV ({error}). Tjek anførselstegn."]
        ) from None
    if header is None:
        raise CsvImportError(["Filen er tom."])
    if errors:
        raise CsvImportError(errors)
    if not recipients:
        raise CsvImportError(
            [f"Filen har kun en overskrift (linje {header_line}) og ingen modtagere."]
        )
    return ParsedFile(recipients, encoding, delimiter)


def _map_header(row: list[str]) -> tuple[list[str | None], list[str]]:
    columns: list[str | None] = []
    errors: list[str] = []
    for cell in row:
        name = _normalise_header(cell)
        if CPR_HEADERS.search(name):
            return [], [
                f"Kolonnen »{cell.strip()}« ligner CPR-numre. Borgerrejse må ikke modtage "
                "CPR-numre. Slet kolonnen, og prøv igen. Intet er indlæst."
            ]
        if not name:
            errors.append("En kolonne i overskriften (linje 1) har intet navn.")
            columns.append(None)
            continue
        mapped = HEADER_ALIASES.get(name)
        if mapped is None:
            errors.append(
                f"Kolonnen »{cell.strip()}« kendes ikke. Brug kun kolonnerne navn, adresse, "
                "email og reference (eller name, address, email, reference)."
            )
        elif mapped in columns:
            errors.append(f"Kolonnen for {FIELD_LABELS[mapped]} står der to gange.")
        columns.append(mapped)
    for required in ("name", "address"):
        if required not in columns:
            errors.append(
                f"Filen mangler kolonnen »{FIELD_LABELS[required]}«. Første linje skal være "
                "en overskrift, fx navn;adresse;email;reference."
            )
    return columns, errors


def _check_row(values: dict[str, str]) -> list[str]:
    problems: list[str] = []
    if not values["name"]:
        problems.append("Navn mangler.")
    if not values["address"] and not values["email"]:
        problems.append("Der skal være en adresse eller en e-mail.")
    if values["email"] and not EMAIL.match(values["email"]):
        problems.append(f"E-mailen »{values['email'][:80]}« ser forkert ud.")
    for field, limit in LIMITS.items():
        if len(values[field]) > limit:
            problems.append(f"Feltet {FIELD_LABELS[field]} er længere end {limit} tegn.")
    return problems

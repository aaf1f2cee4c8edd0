from __future__ import annotations

import time

import pytest

from survey.invitations.csv_import import CsvImportError, looks_like_cpr, parse_recipients_csv


def test_plain_utf8_with_english_headers() -> None:
    data = 'name,address,email,reference\nAnna Hansen,"Vej 1, 2800 Lyngby",anna@x.dk,S-1\n'
    parsed = parse_recipients_csv(data.encode())
    assert len(parsed.recipients) == 1
    r = parsed.recipients[0]
    assert (r.name, r.address, r.email, r.reference) == (
        "Anna Hansen",
        "Vej 1, 2800 Lyngby",
        "anna@x.dk",
        "S-1",
    )
    assert parsed.delimiter == ","


def test_utf8_bom_and_danish_headers_any_case() -> None:
    data = "\ufeffNAVN;Adresse;E-mail\nSøren Ærø;Åvej 2, 2800 Lyngby;\n".encode()
    parsed = parse_recipients_csv(data)
    assert parsed.encoding == "utf-8-sig"
    assert parsed.recipients[0].name == "Søren Ærø"
    assert parsed.recipients[0].email == ""


def test_excel_windows_1252_with_semicolons() -> None:
    data = "navn;adresse;reference\r\nSøren Ærø;Østergade 3, 2800 Lyngby;ref æ\r\n".encode("cp1252")
    parsed = parse_recipients_csv(data)
    assert parsed.encoding == "cp1252"
    assert parsed.delimiter == ";"
    assert parsed.recipients[0].name == "Søren Ærø"
    assert parsed.recipients[0].address == "Østergade 3, 2800 Lyngby"
    assert parsed.recipients[0].reference == "ref æ"


def test_empty_lines_are_skipped() -> None:
    data = b"\n\nnavn;adresse\n\nA;Vej 1\n;\n\nB;Vej 2\n\n"
    assert [r.name for r in parse_recipients_csv(data).recipients] == ["A", "B"]


def test_reference_passes_through_unchanged() -> None:
    data = b'navn,adresse,reference\nA,Vej 1,"  Sag 12/34 "\n'
    assert parse_recipients_csv(data).recipients[0].reference == "Sag 12/34"


def test_duplicates_are_refused_with_line_numbers() -> None:
    data = b"navn;adresse\nA;Vej 1\nB;Vej 2\na ;vej  1\n"
    with pytest.raises(CsvImportError) as info:
        parse_recipients_csv(data)
    assert "Linje 4 er den samme modtager som linje 2." in info.value.errors


@pytest.mark.parametrize("header", ["cpr", "CPR-nr", "Personnummer", "cprnr"])
def test_cpr_header_is_refused(header: str) -> None:
    data = f"navn;adresse;{header}\nA;Vej 1;x\n".encode()
    with pytest.raises(CsvImportError) as info:
        parse_recipients_csv(data)
    assert "CPR" in str(info.value)
    assert header in str(info.value)


@pytest.mark.parametrize("value", ["010190-1234", "0101901234", "311299-0000"])
def test_cpr_values_are_refused_in_any_column(value: str) -> None:
    data = f"navn;adresse;reference\nA;Vej 1;sag\nB;Vej 2;{value}\n".encode()
    with pytest.raises(CsvImportError) as info:
        parse_recipients_csv(data)
    message = str(info.value)
    assert "Linje 3" in message and "reference" in message and "CPR" in message


def test_cpr_detector_needs_a_valid_date() -> None:
    assert looks_like_cpr("150585-1234")
    assert not looks_like_cpr("999999-1234")  # no such date
    assert not looks_like_cpr("12345678901")  # eleven digits
    assert not looks_like_cpr("Vejen 12, 2800 Kongens Lyngby")
    assert not looks_like_cpr("Sag 2024-123456")


def test_row_errors_with_line_numbers_and_nothing_imported() -> None:
    data = b"navn;adresse;email\nA;Vej 1;a@x.dk\n;Vej 2;\nC;;\nD;Vej 4;ikke-en-mail\nE;Vej 5\n"
    with pytest.raises(CsvImportError) as info:
        parse_recipients_csv(data)
    errors = info.value.errors
    assert any(e.startswith("Linje 3:") and "Navn mangler" in e for e in errors)
    assert any(e.startswith("Linje 4:") and "adresse eller en e-mail" in e for e in errors)
    assert any(e.startswith("Linje 5:") and "E-mailen" in e for e in errors)
    assert any("Linje 6 har 2 felter" in e for e in errors)


def test_unknown_and_missing_columns() -> None:
    with pytest.raises(CsvImportError) as info:
        parse_recipients_csv(b"navn;telefon\nA;12345678\n")
    message = str(info.value)
    assert "telefon" in message and "adresse" in message


def test_empty_file_and_header_only() -> None:
    with pytest.raises(CsvImportError, match="tom"):
        parse_recipients_csv(b"\n\n")
    with pytest.raises(CsvImportError, match="ingen modtagere"):
        parse_recipients_csv(b"navn;adresse\n")


def test_ten_thousand_rows_quickly() -> None:
    lines = ["navn;adresse;email;reference"] + [
        f"Person {i};Vej {i}, 2800 Kongens Lyngby;p{i}@example.dk;R{i}" for i in range(10_000)
    ]
    data = "\n".join(lines).encode("utf-8")
    start = time.perf_counter()
    parsed = parse_recipients_csv(data)
    elapsed = time.perf_counter() - start
    assert len(parsed.recipients) == 10_000
    assert elapsed < 2.0, elapsed

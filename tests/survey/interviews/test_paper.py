"""The paper questionnaire (PDF), the CSV template and reading typed-in answers."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from survey.citizen.forms import QuestionView
from survey.interviews.paper import PaperImportError, parse_responses_csv
from survey.models import QuestionKind, QuestionOrigin
from survey.seed import STANDARD_SET_V1

from .helpers import text_of


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _round_questions(app, round_id):
    from survey.extensions import db
    from survey.interviews.operations import questions_in_order
    from survey.models import Borgerrejse

    with app.app_context():
        return questions_in_order(db.session.get(Borgerrejse, round_id))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_paper_pdf_has_every_question_code_and_text(app, advisor_client, make_round, lang):
    round_id = make_round(state="aaben")
    url = f"/borgerrejser/{round_id}/papirskema.pdf" + ("?lang=en" if lang == "en" else "")
    response = advisor_client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = _pdf_text(response.data)
    questions = _round_questions(app, round_id)
    assert len(questions) == 15
    for question in questions:
        assert question.code in text, question.code
        wanted = " ".join(question.text(lang).split())
        assert wanted in text, wanted
    if lang == "da":
        assert "Fra borgerrådgiveren" in text
        assert "Helt uenig" in text and "Ved ikke" in text and "Telefon" in text
        assert "Med dine egne ord" in text
        assert "I was treated with respect." not in text
    else:
        assert "From the citizen advisor" in text
        assert "Strongly disagree" in text and "Don't know" in text and "Phone" in text
        assert "Jeg blev behandlet med respekt." not in text
    # the value codes typists write are printed with the boxes
    assert re.search(r"\bvi\b", text) and "tlf" in text
    assert f"{round_id}" in text


def test_paper_pdf_of_a_draft_says_draft(app, advisor_client, make_round):
    round_id = make_round(state="kladde")
    response = advisor_client.get(f"/borgerrejser/{round_id}/papirskema.pdf")
    assert response.status_code == 200
    assert "UDKAST" in _pdf_text(response.data)


def test_csv_template_has_all_codes_bom_and_semicolons(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    response = advisor_client.get(f"/borgerrejser/{round_id}/papirsvar-skabelon.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    body = response.data.decode("utf-8-sig")
    lines = body.splitlines()
    assert len(lines) == 1  # the header row only, no comments
    codes = [q.code for q in _round_questions(app, round_id)]
    assert lines[0].split(";") == codes
    assert set(codes) == {c for c, *_ in STANDARD_SET_V1} | {"F01"}


def test_upload_page_documents_the_accepted_values(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    html = text_of(advisor_client.get(f"/borgerrejser/{round_id}/papirsvar"))
    assert "Vejledning til indtastning" in html
    assert "1–5 eller vi" in html and "ja, nej eller vi" in html
    assert "tlf, mail eller moede" in html
    assert "fritekst, højst 5000 tegn" in html
    for code in ("S01", "S09", "S14", "F01"):
        assert f'<th scope="row">{code}</th>' in html


# --------------------------------------------------------------------------- parser

L, J, C, T = QuestionKind.LIKERT, QuestionKind.JANEJ, QuestionKind.CHOICE, QuestionKind.TEXT
QUESTIONS = [
    QuestionView("S01", L, "Hurtigt i gang", "Started quickly"),
    QuestionView("S03", L, "Svar i tide", "Answers in time"),
    QuestionView("S09", J, "Afgørelse?", "Decision?"),
    QuestionView("F01", C, "Kontakt", "Contact", QuestionOrigin.FOKUS,
                 ({"code": "tlf", "da": "Telefon", "en": "Phone"},
                  {"code": "mail", "da": "E-mail", "en": "E-mail"})),
    QuestionView("S12", T, "Hvad gik godt?", "What went well?"),
]


def _csv(rows, delimiter=";"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def test_parser_reads_rows_and_skips_empty_lines():
    data = _csv([["S01", "S03", "S09", "F01", "S12"], ["4", "vi", "ja", "tlf", "Godt, tak"],
                 [], ["", "", "", "", ""], ["1", "", "NEJ", "Mail", ""]]).encode("utf-8")
    parsed = parse_responses_csv(QUESTIONS, data)
    assert parsed.rows == [
        {"S01": "4", "S03": "vi", "S09": "ja", "F01": "tlf", "S12": "Godt, tak"},
        {"S01": "1", "S09": "nej", "F01": "mail"},
    ]
    assert parsed.delimiter == ";"


def test_parser_reports_row_and_column_in_danish():
    data = _csv([["S01", "S03", "S09"], ["4", "5", "ja"], ["3", "2", "nej"], ["2", "7", "ja"],
                 ["1", "1", "kanske"]]).encode("utf-8")
    with pytest.raises(PaperImportError) as caught:
        parse_responses_csv(QUESTIONS, data)
    assert caught.value.errors == [
        "Række 4, kolonne S03: »7« er ikke et gyldigt svar (1–5 eller vi)",
        "Række 5, kolonne S09: »kanske« er ikke et gyldigt svar (ja, nej eller vi)",
    ]


def test_parser_accepts_windows_1252_with_commas_and_ved_ikke():
    data = _csv([["s01", "S12"], ["Ved ikke", "Sagsbehandleren var sød og hjælpsom"]],
                delimiter=",").encode("cp1252")
    parsed = parse_responses_csv(QUESTIONS, data)
    assert parsed.encoding == "cp1252" and parsed.delimiter == ","
    assert parsed.rows == [{"S01": "vi", "S12": "Sagsbehandleren var sød og hjælpsom"}]


def test_parser_accepts_multiline_free_text_in_quotes():
    data = ('\ufeffS12;S01\r\n"Første linje\r\nanden linje; med semikolon";5\r\n').encode("utf-8")
    parsed = parse_responses_csv(QUESTIONS, data)
    assert parsed.rows == [{"S12": "Første linje\nanden linje; med semikolon", "S01": "5"}]


def test_parser_refuses_unknown_and_duplicate_columns():
    data = _csv([["S01", "Navn", "S01"], ["4", "Hans", "4"]]).encode("utf-8")
    with pytest.raises(PaperImportError) as caught:
        parse_responses_csv(QUESTIONS, data)
    assert caught.value.errors == [
        "Kolonne 2: »Navn« er ikke en spørgsmålskode i denne borgerrejse. "
        "Brug overskrifterne fra CSV-skabelonen.",
        "Kolonne 3: S01 står flere gange i overskriftsrækken.",
    ]


def test_parser_checks_free_text_length_and_control_characters():
    data = _csv([["S12"], ["x" * 21], ["ok\x07"], ["fint"]]).encode("utf-8")
    with pytest.raises(PaperImportError) as caught:
        parse_responses_csv(QUESTIONS, data, max_length=20)
    assert caught.value.errors == [
        "Række 2, kolonne S12: teksten er for lang (21 tegn; højst 20).",
        "Række 3, kolonne S12: teksten indeholder usynlige styretegn, som ikke kan gemmes.",
    ]


def test_parser_refuses_values_outside_the_header_and_empty_files():
    with pytest.raises(PaperImportError) as caught:
        parse_responses_csv(QUESTIONS, _csv([["S01"], ["4", "ekstra"]]).encode())
    assert caught.value.errors == [
        "Række 2, kolonne 2: der står »ekstra« i en kolonne uden overskrift."
    ]
    with pytest.raises(PaperImportError, match="Filen er tom"):
        parse_responses_csv(QUESTIONS, b"\xef\xbb\xbf\r\n")
    with pytest.raises(PaperImportError, match="ingen besvarelser"):
        parse_responses_csv(QUESTIONS, b"S01;S03\r\n;\r\n")


def test_parser_never_raises_anything_else_on_garbage():
    for data in (b"\x00\x01\x02", b'"unterminated\n4', b"S01\n" + b"4\x00\n",
                 b"S01\n\"" + b"x" * 200_000 + b"\"\n", "S01\n½".encode("utf-16")):
        with pytest.raises(PaperImportError):
            parse_responses_csv(QUESTIONS, data)


def test_parser_lists_many_errors_but_caps_them():
    rows = [["S01"]] + [["9"]] * 80
    with pytest.raises(PaperImportError) as caught:
        parse_responses_csv(QUESTIONS, _csv(rows).encode())
    assert caught.value.total == 80
    assert len(caught.value.errors) == 51
    assert caught.value.errors[-1] == "… og 30 fejl mere."

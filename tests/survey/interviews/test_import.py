"""Importing typed-in paper answers: the CLI and the upload form (channel papir)."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from survey.extensions import db
from survey.models import Answer, AuditEvent, Channel, FreeText, HeldResponse, Response
from tests.conftest import csrf_token

from .helpers import flashes, text_of

HEADER = "S01;S02;S03;S09;F01;S12;S13"
GOOD_ROWS = [
    "4;5;vi;ja;tlf;Hun ringede tilbage.;",
    "2;1;3;nej;mail;;Brevet var uforståeligt.",
    "",
    "5;5;5;vi;moede;Godt møde.;Lidt ventetid.",
]


def _file(tmp_path, lines, encoding="utf-8", name="svar.csv"):
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def _counts(app, round_id):
    with app.app_context():
        held = db.session.scalar(select(func.count()).select_from(HeldResponse)
                                 .where(HeldResponse.borgerrejse_id == round_id))
        released = db.session.scalar(select(func.count()).select_from(Response)
                                     .where(Response.borgerrejse_id == round_id))
        return held, released


def test_cli_import_happy_path_in_a_closed_round(app, runner, make_round, tmp_path):
    round_id = make_round(state="lukket")
    path = _file(tmp_path, [HEADER, *GOOD_ROWS])
    result = runner.invoke(args=["import-responses", str(round_id), str(path)])
    assert result.exit_code == 0, result.output
    assert f"3 besvarelser fra papir indlæst til borgerrejse {round_id}." in result.output
    assert _counts(app, round_id) == (0, 3)  # a closed round releases at once
    with app.app_context():
        responses = list(db.session.scalars(
            select(Response).where(Response.borgerrejse_id == round_id)))
        assert {r.channel for r in responses} == {Channel.PAPIR}
        assert {r.language for r in responses} == {"da"}
        values = sorted(
            (a.question.code, a.value) for r in responses for a in r.answers
            if a.question.code in ("S01", "F01")
        )
        assert values == [("F01", "mail"), ("F01", "moede"), ("F01", "tlf"),
                          ("S01", "2"), ("S01", "4"), ("S01", "5")]
        texts = sorted(t.raw_text for t in db.session.scalars(
            select(FreeText).join(Response).where(Response.borgerrejse_id == round_id)))
        assert texts == ["Brevet var uforståeligt.", "Godt møde.", "Hun ringede tilbage.",
                         "Lidt ventetid."]
        assert all(t.analyser_version for t in db.session.scalars(select(FreeText)))
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "paper_responses_imported"))
        assert event is not None and event.detail == "besvarelser=3; kilde=cli"
        assert "ringede" not in event.detail


def test_cli_import_in_an_open_round_holds_until_a_batch_is_full(app, runner, make_round,
                                                                 tmp_path):
    round_id = make_round(state="aaben")
    result = runner.invoke(args=["import-responses", str(round_id),
                                 str(_file(tmp_path, [HEADER, *GOOD_ROWS])), "--language", "en"])
    assert result.exit_code == 0, result.output
    assert _counts(app, round_id) == (3, 0)
    more = _file(tmp_path, [HEADER, "1;1;1;ja;tlf;;", "2;2;2;nej;mail;;"], name="mere.csv")
    assert runner.invoke(args=["import-responses", str(round_id), str(more)]).exit_code == 0
    assert _counts(app, round_id) == (0, 5)
    with app.app_context():
        channels = set(db.session.scalars(select(Response.channel)))
        languages = sorted(db.session.scalars(select(Response.language)))
        assert channels == {Channel.PAPIR}
        assert languages == ["da", "da", "en", "en", "en"]


def test_cli_one_bad_row_imports_nothing_and_lists_row_and_column(app, runner, make_round,
                                                                  tmp_path):
    round_id = make_round(state="lukket")
    lines = [HEADER, GOOD_ROWS[0], GOOD_ROWS[1], "3;4;7;ja;tlf;;", "4;4;4;måske;fax;;"]
    result = runner.invoke(args=["import-responses", str(round_id), str(_file(tmp_path, lines))])
    assert result.exit_code == 1
    assert "Filen er afvist; intet er indlæst (3 fejl):" in result.output
    assert "Række 4, kolonne S03: »7« er ikke et gyldigt svar (1–5 eller vi)" in result.output
    output = result.output
    assert "Række 5, kolonne S09: »måske« er ikke et gyldigt svar (ja, nej eller vi)" in output
    assert "Række 5, kolonne F01: »fax« er ikke et gyldigt svar (tlf, mail eller moede)" in output
    assert _counts(app, round_id) == (0, 0)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "paper_responses_imported")) is None


def test_cli_reads_windows_1252_with_semicolons(app, runner, make_round, tmp_path):
    round_id = make_round(state="lukket")
    path = _file(tmp_path, ["S01;S13", "4;Sagsbehandleren forstod ikke min situation, æv."],
                 encoding="cp1252")
    result = runner.invoke(args=["import-responses", str(round_id), str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        text = db.session.scalar(select(FreeText.raw_text))
        assert text == "Sagsbehandleren forstod ikke min situation, æv."


def test_cli_reads_utf8_with_bom_and_commas(app, runner, make_round, tmp_path):
    round_id = make_round(state="lukket")
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffS01,S12\n5,\"Flot, hurtigt og venligt\"\n".encode())
    result = runner.invoke(args=["import-responses", str(round_id), str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(FreeText.raw_text)) == "Flot, hurtigt og venligt"
        assert db.session.scalar(select(Answer.value)) == "5"


def test_cli_refuses_unknown_column(app, runner, make_round, tmp_path):
    round_id = make_round(state="aaben")
    path = _file(tmp_path, ["S01;CPR;S12", "4;010203-1234;Godt"])
    result = runner.invoke(args=["import-responses", str(round_id), str(path)])
    assert result.exit_code == 1
    assert "Kolonne 2: »CPR« er ikke en spørgsmålskode i denne borgerrejse." in result.output
    assert "010203-1234" not in result.output
    assert _counts(app, round_id) == (0, 0)


def test_cli_wrong_state_and_unknown_round_exit_1(app, runner, make_round, tmp_path):
    path = _file(tmp_path, [HEADER, *GOOD_ROWS])
    for state in ("kladde", "afrapporteret"):
        round_id = make_round(state=state, title=state)
        result = runner.invoke(args=["import-responses", str(round_id), str(path)])
        assert result.exit_code == 1
        assert "kun indlæses, når borgerrejsen er åben eller lukket" in result.output
        assert _counts(app, round_id) == (0, 0)
    result = runner.invoke(args=["import-responses", "9999", str(path)])
    assert result.exit_code == 1
    assert "Borgerrejse 9999 findes ikke." in result.output


# --------------------------------------------------------------------------- upload form


def _upload(client, round_id, data: bytes, lang="da", filename="svar.csv"):
    url = f"/borgerrejser/{round_id}/papirsvar"
    token = csrf_token(text_of(client.get(url)))
    return client.post(url, data={"csrf_token": token, "sprog": lang,
                                  "fil": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_upload_happy_path(app, advisor_client, make_round):
    round_id = make_round(state="lukket")
    data = ("\r\n".join([HEADER, *GOOD_ROWS]) + "\r\n").encode("utf-8-sig")
    response = _upload(advisor_client, round_id, data, lang="en")
    assert response.status_code == 303
    page = text_of(advisor_client.get(response.headers["Location"]))
    assert "3 besvarelser fra papir er indlæst." in flashes(page)
    assert _counts(app, round_id) == (0, 3)
    with app.app_context():
        assert set(db.session.scalars(select(Response.channel))) == {Channel.PAPIR}
        assert set(db.session.scalars(select(Response.language))) == {"en"}
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "paper_responses_imported"))
        assert event.detail == "besvarelser=3; kilde=web" and event.user_id is not None


def test_upload_with_errors_imports_nothing_and_lists_them(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    data = "\r\n".join([HEADER, GOOD_ROWS[0], "", "9;1;1;ja;tlf;;"]).encode("cp1252")
    response = _upload(advisor_client, round_id, data)
    assert response.status_code == 200
    html = text_of(response)
    assert "Filen er afvist – intet er indlæst (1 fejl)" in html
    assert "Række 4, kolonne S01: »9« er ikke et gyldigt svar (1–5 eller vi)" in html
    assert _counts(app, round_id) == (0, 0)


def test_upload_without_a_file_says_so(app, advisor_client, make_round):
    round_id = make_round(state="aaben")
    url = f"/borgerrejser/{round_id}/papirsvar"
    token = csrf_token(text_of(advisor_client.get(url)))
    response = advisor_client.post(url, data={"csrf_token": token, "sprog": "da"},
                                   content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Vælg en CSV-fil." in text_of(response)


def test_upload_page_in_a_draft_round_offers_no_form(app, advisor_client, make_round):
    round_id = make_round(state="kladde")
    html = text_of(advisor_client.get(f"/borgerrejser/{round_id}/papirsvar"))
    assert "kun indlæses, når borgerrejsen er åben eller lukket" in html
    assert 'type="file"' not in html
    response = _upload(advisor_client, round_id, (HEADER + "\r\n4;4;4;ja;tlf;;\r\n").encode())
    assert response.status_code == 200
    assert _counts(app, round_id) == (0, 0)

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from survey.extensions import db
from survey.models import AuditEvent, Invitation, InvitationStatus, Recipient
from tests.conftest import csrf_token

from .helpers import db_dump, pdf_qr_codes, pdf_texts, read_links_csv


def _post(client: FlaskClient, url: str, data: dict, **kwargs):  # type: ignore[no-untyped-def]
    page = client.get(url)
    assert page.status_code == 200
    data = {**data, "csrf_token": csrf_token(page.get_data(as_text=True))}
    return client.post(url, data=data, **kwargs)


def _count(app: Flask, model: type, round_id: int | None = None) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        if model is Invitation and round_id is not None:
            stmt = stmt.where(Invitation.borgerrejse_id == round_id)
        return int(db.session.scalar(stmt) or 0)


CSV = (
    "navn;adresse;email;reference\n"
    "Søren Ærø;Østergade 3, 2800 Kongens Lyngby;;S-1\n"
    "Anna;Vej 2, 2830 Virum;anna@example.dk;S-2\n"
)


def test_csv_upload_returns_zip_with_letters_and_links(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    url = f"/borgerrejser/{round_id}/invitationer/csv"
    response = _post(
        advisor_client,
        url,
        {"file": (io.BytesIO(CSV.encode("cp1252")), "modtagere.csv"), "output": "begge"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    pdf = archive.read(next(n for n in names if n.endswith(".pdf")))
    rows = read_links_csv(archive.read(next(n for n in names if n.endswith(".csv"))))
    assert [r["name"] for r in rows] == ["Søren Ærø", "Anna"]
    assert [r["reference"] for r in rows] == ["S-1", "S-2"]
    assert list(rows[0])[:2] == ["code", "url"]
    texts, qrs = pdf_texts(pdf), pdf_qr_codes(pdf)
    for row, text, qr in zip(rows, texts, qrs, strict=True):
        assert row["url"] in text and row["code"] in text and qr == [row["url"]]
    with app.app_context():
        statuses = list(db.session.scalars(select(Invitation.status)))
        assert statuses == [InvitationStatus.SENDT] * 2
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "invitations_issued")
        ).one()
        assert (
            "antal=2" in event.detail and "Søren" not in event.detail and "Anna" not in event.detail
        )
    # The secrets are not stored: neither links, tokens nor codes appear anywhere in the database.
    dump = db_dump(app)
    for row in rows:
        token = row["url"].rsplit("/", 1)[1]
        assert token not in dump
        assert row["code"] not in dump and row["code"].replace("-", "") not in dump
    # The round page shows counts only – and never the names.
    page = advisor_client.get(f"/borgerrejser/{round_id}/invitationer/").get_data(as_text=True)
    assert '<td id="antal-lavet">2</td>' in page and '<td id="antal-sendt">2</td>' in page
    assert "Søren" not in page and "Anna" not in page


def test_csv_with_cpr_is_refused_and_nothing_is_made(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    data = b"navn;adresse;reference\nA;Vej 1;ok\nB;Vej 2;010190-1234\n"
    response = _post(
        advisor_client,
        f"/borgerrejser/{round_id}/invitationer/csv",
        {"file": (io.BytesIO(data), "m.csv"), "output": "breve"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "CPR" in html and "Linje 3" in html and "intet er indlæst" in html
    assert 'class="error-summary"' in html
    assert _count(app, Invitation) == 0 and _count(app, Recipient) == 0


def test_one_bad_row_imports_nothing(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    data = (
        "navn;adresse\n" + "".join(f"P{i};Vej {i}\n" for i in range(50)) + ";Vej uden navn\n"
    ).encode()
    response = _post(
        advisor_client,
        f"/borgerrejser/{round_id}/invitationer/csv",
        {"file": (io.BytesIO(data), "m.csv"), "output": "links"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Linje 52: Navn mangler." in response.get_data(as_text=True)
    assert _count(app, Invitation) == 0


def test_count_form_gives_links_csv_without_recipient_columns(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round(state="kladde")
    response = _post(
        advisor_client,
        f"/borgerrejser/{round_id}/invitationer/antal",
        {"count": "5", "output": "links"},
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = read_links_csv(response.data)
    assert len(rows) == 5 and list(rows[0]) == ["code", "url"]
    assert len({r["url"] for r in rows}) == 5
    with app.app_context():
        # A links file is not a letter: these are made but not (yet) sent.
        assert set(db.session.scalars(select(Invitation.status))) == {InvitationStatus.IKKE_SENDT}
        assert db.session.scalar(select(func.count()).select_from(Recipient)) == 0


def test_count_form_letters_pdf(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    response = _post(
        advisor_client,
        f"/borgerrejser/{round_id}/invitationer/antal",
        {"count": "3", "output": "breve"},
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(pdf_texts(response.data)) == 3
    with app.app_context():
        assert set(db.session.scalars(select(Invitation.status))) == {InvitationStatus.SENDT}


@pytest.mark.parametrize("count", ["0", "abc", "10001", ""])
def test_count_form_rejects_bad_numbers(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int], count: str
) -> None:
    round_id = make_round()
    response = _post(
        advisor_client,
        f"/borgerrejser/{round_id}/invitationer/antal",
        {"count": count, "output": "breve"},
    )
    assert response.status_code == 400
    assert 'href="#count"' in response.get_data(as_text=True)
    assert _count(app, Invitation) == 0


def test_single_recipient_with_email_writes_eml_to_outbox(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    response = _post(
        advisor_client,
        f"/borgerrejser/{round_id}/invitationer/en",
        {
            "name": "Åse Øby",
            "address": "",
            "email": "aase@example.dk",
            "reference": "",
            "output": "ingen",
            "send_email": "y",
        },
    )
    assert response.status_code == 303
    outbox = list(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))
    assert len(outbox) == 1
    assert "aase" not in outbox[0].name
    message = outbox[0].read_text()
    assert "aase@example.dk" in message
    with app.app_context():
        assert db.session.scalar(select(Invitation.status)) is InvitationStatus.SENDT
        recipient = db.session.scalars(select(Recipient)).one()
        assert recipient.name == "Åse Øby" and recipient.email == "aase@example.dk"
    page = advisor_client.get(f"/borgerrejser/{round_id}/invitationer/").get_data(as_text=True)
    assert "1 invitationer er lavet, og 1 e-mails er sendt." in page


def test_single_recipient_needs_address_or_email_and_keeps_input(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    response = _post(
        advisor_client,
        f"/borgerrejser/{round_id}/invitationer/en",
        {"name": "Bo Ring", "address": "", "email": "", "reference": "R7", "output": "breve"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Skriv en adresse eller en e-mail." in html
    assert 'value="Bo Ring"' in html and 'value="R7"' in html
    assert _count(app, Invitation) == 0


def test_single_recipient_letter(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    response = _post(
        advisor_client,
        f"/borgerrejser/{round_id}/invitationer/en",
        {
            "name": "Bo Ring",
            "address": "Ringvej 4\r\n2800 Kongens Lyngby",
            "email": "",
            "reference": "",
            "output": "breve",
        },
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    [text] = pdf_texts(response.data)
    assert "Bo Ring" in text and "Ringvej 4\n2800 Kongens Lyngby" in text


@pytest.mark.parametrize("state", ["lukket", "afrapporteret"])
def test_closed_round_refuses_with_danish_message(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int], state: str
) -> None:
    round_id = make_round(state=state)
    page = advisor_client.get(f"/borgerrejser/{round_id}/invitationer/antal")
    assert page.status_code == 200
    assert "Der kan ikke laves invitationer" in page.get_data(as_text=True)
    open_round = make_round()
    token_page = advisor_client.get(f"/borgerrejser/{open_round}/invitationer/antal")
    token = csrf_token(token_page.get_data(as_text=True))
    response = advisor_client.post(
        f"/borgerrejser/{round_id}/invitationer/antal",
        data={"count": "2", "output": "breve", "csrf_token": token},
    )
    assert response.status_code == 409
    assert "Der kan ikke laves invitationer" in response.get_data(as_text=True)
    assert _count(app, Invitation) == 0


@pytest.mark.parametrize("role", ["centre", "management"])
def test_only_the_advisor_sees_invitations(
    login_as: Callable[..., FlaskClient], make_round: Callable[..., int], role: str
) -> None:
    round_id = make_round()
    client = login_as(role, "CSI" if role == "centre" else None)
    for path in (
        "/invitationer/",
        f"/borgerrejser/{round_id}/invitationer/",
        f"/borgerrejser/{round_id}/invitationer/csv",
    ):
        assert client.get(path).status_code == 404


def test_unknown_round_is_404(advisor_client: FlaskClient) -> None:
    assert advisor_client.get("/borgerrejser/9999/invitationer/").status_code == 404


def test_overview_lists_rounds_with_counts(
    advisor_client: FlaskClient,
    make_round: Callable[..., int],
    make_invitations: Callable[..., list],
) -> None:
    round_id = make_round(title="Runde med tal")
    make_invitations(round_id, 4)
    html = advisor_client.get("/invitationer/").get_data(as_text=True)
    assert "Runde med tal" in html and "<td>4</td>" in html


def test_too_many_letters_for_the_browser_but_links_are_fine(
    app: Flask, advisor_client: FlaskClient, make_round: Callable[..., int]
) -> None:
    round_id = make_round()
    url = f"/borgerrejser/{round_id}/invitationer/antal"
    refused = _post(advisor_client, url, {"count": "2001", "output": "breve"})
    assert refused.status_code == 400
    assert "Højst 2.000 breve ad gangen" in refused.get_data(as_text=True)
    assert _count(app, Invitation) == 0
    accepted = _post(advisor_client, url, {"count": "2001", "output": "links"})
    assert accepted.status_code == 200
    assert len(read_links_csv(accepted.data)) == 2001

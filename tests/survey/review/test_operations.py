"""approved_quotes, retraining and emerging topics."""

from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy import select

from survey.extensions import db
from survey.models import AuditEvent, CoderModel, CodingExample, CustomTheme
from tests.conftest import csrf_token


def test_approved_quotes_only_approved_anonymised_text(app, make_round, make_free_text):
    from survey.review.operations import QuoteData, approved_quotes

    round_id = make_round("CSI", state="lukket")
    other_round = make_round("CSO", state="lukket")
    approved = make_free_text(
        round_id,
        "Rå: Mette var sød",
        anonymised="[NAVN 1] var sød",
        themes=["inddragelse"],
        status="godkendt",
        reviewed=True,
    )
    make_free_text(round_id, "Rå: ny", anonymised="Ny tekst", status="ny")
    make_free_text(round_id, "Rå: set", anonymised="Set tekst", status="gennemgaaet", reviewed=True)
    make_free_text(
        other_round, "Rå: anden", anonymised="Anden runde", status="godkendt", reviewed=True
    )
    with app.app_context():
        quotes = approved_quotes(round_id)
        assert quotes == [
            QuoteData(
                id=approved,
                round_id=round_id,
                question_code="S13",
                question_text="Hvad kunne kommunen have gjort bedre?",
                text="[NAVN 1] var sød",
                themes=("inddragelse",),
                sentiment="neutral",
            )
        ]
        assert approved_quotes(round_id, theme="inddragelse") == quotes
        assert approved_quotes(round_id, theme="tillid") == []


needs_train = pytest.mark.skipif(
    importlib.util.find_spec("analysis.train") is None
    or importlib.util.find_spec("sklearn") is None,
    reason="analysis.train/scikit-learn mangler",
)


def _post(client, url, data=None, page="/gennemgang/model"):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def test_model_page_counts_examples(advisor_client, app):
    with app.app_context():
        db.session.add(
            CodingExample(text="Lang ventetid", themes=["sagsbehandlingstid"], sentiment="negativ")
        )
        db.session.commit()
    html = advisor_client.get("/gennemgang/model").get_data(as_text=True)
    assert "Dine rettelser: 1" in html
    assert "den medfølgende standardmodel" in html


@needs_train
@pytest.mark.slow
def test_train_accept_and_use_new_model(advisor_client, app, make_round, make_free_text):
    from survey.analysis_service import current_version

    with app.app_context():
        db.session.add(
            CodingExample(
                text="Jeg ventede i et halvt år på svar",
                themes=["sagsbehandlingstid"],
                sentiment="negativ",
            )
        )
        db.session.commit()
        before = current_version()
    response = _post(advisor_client, "/gennemgang/model/traen")
    assert response.status_code == 302
    html = advisor_client.get("/gennemgang/model").get_data(as_text=True)
    assert "Emner, F1 (micro)" in html and "Stemning, træfsikkerhed" in html
    with app.app_context():
        record = db.session.scalars(select(CoderModel)).one()
        assert record.accepted is False
        assert record.scores["examples"] == 1
        assert 0 < record.scores["new"]["micro_f1"] <= 1
        assert record.scores["current"]["micro_f1"] > 0
        model_id = record.id
        assert current_version() == before  # not in use before accepted
    response = _post(advisor_client, f"/gennemgang/model/{model_id}/accepter")
    assert response.status_code == 302
    with app.app_context():
        record = db.session.get(CoderModel, model_id)
        assert record.accepted
        assert record.version in current_version()
        actions = [e.action for e in db.session.scalars(select(AuditEvent))]
        assert "coder_trained" in actions and "coder_accepted" in actions


def test_discard_candidate(advisor_client, app):
    with app.app_context():
        db.session.add(
            CoderModel(
                version="coder-x", accepted=False, scores={"new": {"micro_f1": 0.8}}, weights="{}"
            )
        )
        db.session.commit()
        model_id = db.session.scalars(select(CoderModel.id)).one()
    html = advisor_client.get("/gennemgang/model").get_data(as_text=True)
    assert "Model coder-x" in html and "80,0 %" in html
    assert _post(advisor_client, f"/gennemgang/model/{model_id}/kasser").status_code == 302
    with app.app_context():
        assert db.session.get(CoderModel, model_id) is None
    assert _post(advisor_client, f"/gennemgang/model/{model_id}/accepter").status_code == 404


needs_topics = pytest.mark.skipif(
    importlib.util.find_spec("analysis.topics") is None, reason="analysis.topics mangler"
)


@needs_topics
def test_emerging_topics_and_promote(advisor_client, app, make_round, make_free_text):
    round_id = make_round("CSI", state="lukket")
    for text in [
        "Parkeringspladsen ved rådhuset er altid fuld når man skal til møde",
        "Der var ingen parkeringsplads ved rådhuset, så jeg kom for sent",
        "Parkering ved rådhuset er umulig om formiddagen",
        "Parkeringspladsen ved rådhuset var fuld igen",
        "Jeg måtte parkere langt fra rådhuset fordi parkeringspladsen var fuld",
        "Det tog lang tid at få svar",
    ]:
        make_free_text(round_id, text)
    page = f"/gennemgang/runde/{round_id}/emner"
    response = advisor_client.get(page)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Grundlag: 6 anonymiserede fritekstsvar" in html
    token = csrf_token(html)
    response = advisor_client.post(
        f"/gennemgang/runde/{round_id}/emner/nyt-emne",
        data={
            "csrf_token": token,
            "prefix": "t0",
            "t0-key": "parkering",
            "t0-label": "Parkering",
            "t0-definition": "",
            "t0-phrases": "parkering\nparkeringsplads",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        theme = db.session.scalars(select(CustomTheme)).one()
        assert (theme.key, theme.label, theme.phrases) == (
            "parkering",
            "Parkering",
            ["parkering", "parkeringsplads"],
        )
    # now selectable in the review screen
    from survey.review.operations import theme_choices

    with app.app_context():
        assert ("parkering", "Parkering") in theme_choices()
    # a duplicate key is refused with a Danish message, input kept
    response = advisor_client.post(
        f"/gennemgang/runde/{round_id}/emner/nyt-emne",
        data={
            "csrf_token": token,
            "prefix": "t0",
            "t0-key": "parkering",
            "t0-label": "P2",
            "t0-phrases": "p",
        },
    )
    assert response.status_code == 422
    assert "findes allerede et emne" in response.get_data(as_text=True)
    bad = advisor_client.post(
        f"/gennemgang/runde/{round_id}/emner/nyt-emne",
        data={
            "csrf_token": token,
            "prefix": "t0",
            "t0-key": "Æ x",
            "t0-label": "",
            "t0-phrases": "",
        },
    )
    assert bad.status_code == 422

"""The analysis in the service: free text is analysed on release, and ``analyse-round``."""

from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy import select

from survey.extensions import db
from survey.models import Borgerrejse, Fagcenter, FreeText

needs_coder = pytest.mark.skipif(
    importlib.util.find_spec("analysis.coder") is None,
    reason="analysis.coder er ikke skrevet endnu",
)

RECIPIENT = "Xylander Brumbeck"
STAFF = "Quenby Ravnsholt"


def _setup_round(app, make_round, recipients=(RECIPIENT,)):
    from survey.invitations.operations import RecipientData, issue_invitations

    round_id = make_round("CSI")
    with app.app_context():
        rnd = db.session.get(Borgerrejse, round_id)
        centre = db.session.scalar(select(Fagcenter).where(Fagcenter.code == "CSI"))
        centre.staff_names = f"{STAFF}\n\n  Anden Medarbejder  \n"
        issue_invitations(rnd, recipients=[RecipientData(name=n) for n in recipients])
        db.session.commit()
    return round_id


def _hold(app, round_id, texts):
    from survey.citizen.operations import hold
    from survey.models import Channel

    with app.app_context():
        for text in texts:
            hold(round_id, Channel.WEB, "da", {"S01": "2", "S13": text})
        db.session.commit()


def _release(app, round_id, force=False):
    from survey.citizen.operations import release_held_responses

    with app.app_context():
        released = release_held_responses(round_id, force=force)
        db.session.commit()
        return released


def _texts(app, round_id):
    from survey.models import Question

    with app.app_context():
        rows = db.session.scalars(
            select(FreeText).join(Question).where(Question.borgerrejse_id == round_id)
        ).all()
        return [
            {
                "raw": t.raw_text,
                "anon": t.anonymised_text,
                "version": t.analyser_version,
                "themes": t.themes,
                "sentiment": t.sentiment,
                "spans": t.pii_spans,
            }
            for t in rows
        ]


def test_known_names_are_recipients_and_staff(app, make_round):
    from survey.analysis_service import known_names

    round_id = _setup_round(app, make_round)
    with app.app_context():
        names = known_names(round_id)
    assert names == [RECIPIENT, STAFF, "Anden Medarbejder"]


@needs_coder
def test_free_text_is_analysed_when_released(app, make_round):
    round_id = _setup_round(app, make_round)
    texts = [
        f"Min sagsbehandler {STAFF} ringede aldrig tilbage, og jeg ventede i tre måneder.",
        f"Jeg hedder {RECIPIENT} og fik god hjælp, tak.",
        "Skriv til mig på borger@example.dk hvis I vil vide mere.",
        "Det tog alt for lang tid at få en afgørelse.",
        "Medarbejderen lyttede til mig og var venlig.",
    ]
    _hold(app, round_id, texts[:4])
    assert _release(app, round_id) == 0  # fewer than the batch size: still held
    _hold(app, round_id, texts[4:])
    assert _release(app, round_id) == 5
    rows = _texts(app, round_id)
    assert len(rows) == 5
    for row in rows:
        assert row["version"], row
        assert row["anon"] is not None
        assert row["sentiment"] in {"positiv", "negativ", "neutral", "blandet"}
        assert isinstance(row["themes"], list)
        assert STAFF not in row["anon"] and "Quenby" not in row["anon"]
        assert RECIPIENT not in row["anon"] and "Brumbeck" not in row["anon"]
        assert "borger@example.dk" not in row["anon"]
        for span in row["spans"]:
            assert {"start", "end", "kind", "placeholder"} <= set(span)
            assert span["placeholder"] in row["anon"]
    by_raw = {r["raw"]: r for r in rows}
    assert "[EMAIL]" in by_raw[texts[2]]["anon"]
    assert "[NAVN" in by_raw[texts[0]]["anon"]


def test_release_still_works_when_analysis_is_missing(app, make_round, monkeypatch):
    from survey import analysis_service

    round_id = _setup_round(app, make_round)
    monkeypatch.setattr(analysis_service, "coder_module", lambda: None)
    _hold(app, round_id, ["Fint forløb"] * 5)
    assert _release(app, round_id) == 5
    rows = _texts(app, round_id)
    assert [r["version"] for r in rows] == [None] * 5
    assert [r["anon"] for r in rows] == [None] * 5


def test_placeholders_for_recovers_numbered_names():
    from analysis.anonymise import PiiSpan
    from survey.analysis_service import placeholders_for

    raw = "Anne og Bo og Anne ringede på 12345678."
    anon = "[NAVN 1] og [NAVN 2] og [NAVN 1] ringede på [TELEFON]."
    spans = [
        PiiSpan(0, 4, "NAVN"),
        PiiSpan(8, 10, "NAVN"),
        PiiSpan(14, 18, "NAVN"),
        PiiSpan(30, 38, "TELEFON"),
    ]
    got = placeholders_for(anon, raw, spans)
    assert [s["placeholder"] for s in got] == ["[NAVN 1]", "[NAVN 2]", "[NAVN 1]", "[TELEFON]"]


@needs_coder
def test_analyse_round_counts_and_never_overwrites_reviewed(app, make_round, runner):
    from survey.analysis_service import current_version
    from survey.models import Channel, Question, Response, ReviewStatus

    round_id = _setup_round(app, make_round)
    with app.app_context():
        question = db.session.scalar(
            select(Question).where(Question.borgerrejse_id == round_id, Question.code == "S13")
        )
        version = current_version()
        response = Response(
            borgerrejse_id=round_id,
            channel=Channel.WEB,
            language="da",
            submitted_on=__import__("datetime").date.today(),
        )
        response.free_texts = [
            FreeText(question=question, raw_text=f"Ring til {RECIPIENT}"),  # never analysed
            FreeText(
                question=question,
                raw_text="Gammel",
                anonymised_text="Gammel",
                analyser_version="a0+c0",
            ),  # older version
            FreeText(
                question=question,
                raw_text=f"Hej {RECIPIENT}",
                anonymised_text="Rettet i hånden",
                analyser_version="a0+c0",
                reviewed_by_advisor=True,
                review_status=ReviewStatus.GODKENDT,
            ),
            FreeText(
                question=question,
                raw_text="Aktuel",
                anonymised_text="Aktuel",
                analyser_version=version,
                themes=["tillid"],
            ),
        ]
        db.session.add(response)
        db.session.commit()

    result = runner.invoke(args=["analyse-round", str(round_id)])
    assert result.exit_code == 0, result.output
    assert "Analyseret: 2" in result.output
    assert "Sprunget over (gennemgået af rådgiveren): 1" in result.output
    assert "Allerede analyseret med den nyeste version: 1" in result.output

    rows = {r["raw"]: r for r in _texts(app, round_id)}
    assert rows[f"Hej {RECIPIENT}"]["anon"] == "Rettet i hånden"
    assert rows[f"Hej {RECIPIENT}"]["version"] == "a0+c0"
    assert RECIPIENT not in rows[f"Ring til {RECIPIENT}"]["anon"]
    assert rows["Gammel"]["version"] == version
    assert rows["Aktuel"]["themes"] == ["tillid"]  # current: untouched

    again = runner.invoke(args=["analyse-round", str(round_id)])
    assert "Analyseret: 0" in again.output
    assert "Allerede analyseret med den nyeste version: 3" in again.output


def test_analyse_round_unknown_round_exits_1(runner):
    result = runner.invoke(args=["analyse-round", "9999"])
    assert result.exit_code == 1
    assert "Borgerrejse 9999 findes ikke." in result.output


@needs_coder
def test_known_names_reach_the_anonymiser(app, make_round, monkeypatch):
    """Whatever the anonymiser detects itself, the service hands it the round's known names."""
    import types

    from analysis.anonymise import Anonymised, PiiSpan
    from survey import analysis_service

    seen: list[list[str]] = []

    def fake_anonymise(text, known_names=()):
        names = list(known_names)
        seen.append(names)
        spans, out = [], text
        for name in names:
            at = text.find(name)
            if at >= 0:
                spans.append(PiiSpan(at, at + len(name), "NAVN"))
        for span in sorted(spans, key=lambda s: -s.start):
            out = out[: span.start] + "[NAVN 1]" + out[span.end :]
        return Anonymised(out, tuple(spans))

    fake = types.SimpleNamespace(anonymise=fake_anonymise, VERSION="spy")
    monkeypatch.setattr(analysis_service, "anonymise_module", lambda: fake)
    round_id = _setup_round(app, make_round)
    _hold(app, round_id, [f"Tak til {STAFF}"] * 4 + [f"Jeg er {RECIPIENT}"])
    assert _release(app, round_id) == 5
    assert seen and all(names == [RECIPIENT, STAFF, "Anden Medarbejder"] for names in seen)
    rows = _texts(app, round_id)
    assert sorted(r["anon"] for r in rows) == ["Jeg er [NAVN 1]"] + ["Tak til [NAVN 1]"] * 4
    assert all(r["version"].startswith("aspy/") for r in rows)


def test_a_serving_app_warms_the_analysis_up_and_a_command_does_not(tmp_path, monkeypatch):
    """The analysis loads its rules on first use (~2 s): a server process does that at start,
    not in the first citizen's request that releases a batch."""
    from survey import analysis_service, create_app

    calls: list[int] = []
    monkeypatch.setattr(analysis_service, "warm_up", lambda: calls.append(1))
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'w.sqlite3'}", "SECRET_KEY": "w"}
    create_app(config)
    assert calls == [1]
    create_app(config, serve=False)  # the command line
    create_app({**config, "TESTING": True})
    assert calls == [1]


def test_warm_up_runs_the_whole_analysis_once():
    from survey import analysis_service

    analysis_service.warm_up()  # never raises, whatever the analysis modules do

"""The role matrix: every route of the app, requested as every kind of user.

Walks ``app.url_map``; each endpoint is classified (by prefix or explicitly) into an access
class, and the test asserts for each role what that class promises:

* anonymous → a redirect to the login page (302/303) or 404 on every staff page;
  public pages (citizen pages, sign-in, static files) are listed explicitly;
* a signed-in user outside the page's scope → 404, never 403;
* a centre contact of another centre on a CSI round → 404;
* management on a round that is not reported yet → 404.

Allowed GET requests must not answer 403/404/5xx or send the user to the login page (so a
404 for a denied role is known to come from the access check, not from a wrong id). Allowed
POST requests are not sent, because they would change the shared test data (close rounds,
train models, deactivate users); denied and anonymous POSTs are sent with a valid CSRF token.

An endpoint that is neither classified nor listed in ``PENDING`` fails the test with a list of
the missing ones: a new route must be added to the table below when it is added to the app.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey.extensions import db
from survey.models import (
    Borgerrejse,
    Channel,
    CoderModel,
    Fagcenter,
    FreeText,
    Laeringspunkt,
    Response,
)
from tests.conftest import csrf_token


class Access(enum.Enum):
    PUBLIC = "offentlig"  # anyone, also anonymous
    SIGNED_IN = "logget ind"  # any signed-in role
    STAFF = "alle medarbejdere"  # advisor, centre contacts and management (content is scoped)
    ROUNDS_STAFF = "rådgiver og centre"  # advisor and centre contacts; management 404
    ADVISOR = "kun rådgiver"
    ROUND = "rundens center"  # advisor; centre contacts of the round's centre
    REPORTED = "afrapporteret"  # advisor; own centre and management once the round is reported
    OWN_CENTRE = "eget center"  # advisor; centre contacts of that centre (centre_id)
    FOLLOW_UP = "opfølgning"  # advisor; the owner centre once reported; never management


# Every endpoint under these prefixes has this class unless listed in EXPLICIT.
PREFIXES: dict[str, Access] = {
    "advisor.": Access.ADVISOR,
    "review.": Access.ADVISOR,  # raw citizen text: the advisor only
    "invitations.": Access.ADVISOR,
    "centres.": Access.ADVISOR,
    "citizen.": Access.PUBLIC,
    "interviews.": Access.ADVISOR,  # interviews and paper answers
}

EXPLICIT: dict[str, Access] = {
    "static": Access.PUBLIC,
    "auth.home": Access.PUBLIC,
    "auth.login": Access.PUBLIC,
    "auth.logout": Access.PUBLIC,
    "auth.change_password": Access.SIGNED_IN,
    "centres.detail": Access.OWN_CENTRE,
    # rounds: advisor-only actions unless a centre contact takes part
    "rounds.index": Access.ROUNDS_STAFF,
    "rounds.create": Access.ADVISOR,
    "rounds.detail": Access.ROUND,
    "rounds.propose_focus": Access.ROUND,
    "rounds.preview": Access.ROUND,
    "rounds.dashboard": Access.ROUND,
    "rounds.open_round": Access.ADVISOR,
    "rounds.close_round": Access.ADVISOR,
    "rounds.report_round": Access.ADVISOR,
    "rounds.edit_question": Access.ADVISOR,
    "rounds.move_question": Access.ADVISOR,
    "rounds.remove_question": Access.ADVISOR,
    "rounds.approve_question": Access.ADVISOR,
    "rounds.restore_question": Access.ADVISOR,
    "rounds.export": Access.ADVISOR,
    "rounds.codebook": Access.ADVISOR,
    # briefs and learning points: reported rounds for centre contacts and management
    "briefs.index": Access.STAFF,
    "briefs.show": Access.REPORTED,
    "briefs.pdf": Access.REPORTED,
    "briefs.save_hovedpunkter": Access.ADVISOR,
    "briefs.annual": Access.ADVISOR,
    "learning.overview": Access.STAFF,
    "learning.round_points": Access.REPORTED,
    "learning.detail": Access.REPORTED,
    "learning.create": Access.ADVISOR,
    "learning.edit": Access.ADVISOR,
    "learning.change_status": Access.FOLLOW_UP,
    "learning.respond": Access.FOLLOW_UP,
    "learning.note": Access.FOLLOW_UP,
}

# Endpoints that other features are adding right now and that are not classified yet.
# They are reported (not failed) today; move each into EXPLICIT once its rules are settled.
PENDING: set[str] = set()

# (endpoint, round state) where an allowed GET may answer 404 by design.
ALLOWED_404: set[tuple[str, str]] = set()

ROLES = ("anonymous", "advisor", "centre_csi", "centre_cbak", "management")
STATES = ("kladde", "aaben", "lukket", "afrapporteret")
ROUND_ARGS = {"round_id", "question_id", "text_id", "point_id", "lp_id", "laeringspunkt_id",
              "learning_point_id", "brief_id"}


def classify(endpoint: str) -> Access | None:
    if endpoint in EXPLICIT:
        return EXPLICIT[endpoint]
    for prefix, access in PREFIXES.items():
        if endpoint.startswith(prefix):
            return access
    return None


def allowed(access: Access, role: str, state: str | None) -> bool:
    if access is Access.PUBLIC:
        return True
    if role == "anonymous":
        return False
    reported = state == "afrapporteret"
    return {
        Access.SIGNED_IN: True,
        Access.STAFF: True,
        Access.ROUNDS_STAFF: role != "management",
        Access.ADVISOR: role == "advisor",
        Access.ROUND: role in ("advisor", "centre_csi"),
        Access.REPORTED: role == "advisor" or (role in ("centre_csi", "management") and reported),
        Access.OWN_CENTRE: role in ("advisor", "centre_csi"),
        Access.FOLLOW_UP: role == "advisor" or (role == "centre_csi" and reported),
    }[access]


@dataclass
class RoundData:
    round_id: int
    question_id: int
    text_id: str
    point_id: int


@dataclass
class World:
    rounds: dict[str, RoundData]
    centre_id: int
    user_id: int
    model_id: int
    token: str


def build_world(app: Flask, make_round: Any, make_invitations: Any, make_user: Any) -> World:
    rounds: dict[str, RoundData] = {}
    for state in STATES:
        round_id = make_round("CSI", state, title=f"Matrix {state}")
        with app.app_context():
            rnd = db.session.get(Borgerrejse, round_id)
            text_question = next(q for q in rnd.questions if q.kind.value == "text")
            response = Response(borgerrejse_id=rnd.id, channel=Channel.WEB, language="da",
                                submitted_on=dt.date.today())
            free_text = FreeText(question_id=text_question.id, raw_text="Min sagsbehandler",
                                 anonymised_text="Min sagsbehandler")
            response.free_texts.append(free_text)
            point = Laeringspunkt(borgerrejse_id=rnd.id, owner_fagcenter_id=rnd.fagcenter_id,
                                  title="Ring tilbage", due_date=dt.date.today())
            db.session.add_all([response, point])
            db.session.commit()
            rounds[state] = RoundData(round_id, rnd.questions[0].id, str(free_text.id), point.id)
    token = make_invitations(rounds["aaben"].round_id, 1)[0].token
    user_id = make_user("management", email="matrix-maal@test.dk")
    with app.app_context():
        model = CoderModel(version=f"matrix-{uuid.uuid4().hex[:8]}", weights="{}")
        db.session.add(model)
        db.session.commit()
        centre_id = db.session.scalar(select(Fagcenter.id).where(Fagcenter.code == "CSI"))
        return World(rounds, centre_id, user_id, model.id, token)


def url_values(rule: Any, world: World, state: str) -> dict[str, Any]:
    data = world.rounds[state]
    known: dict[str, Any] = {
        "round_id": data.round_id, "brief_id": data.round_id,
        "question_id": data.question_id, "text_id": data.text_id,
        "point_id": data.point_id, "lp_id": data.point_id, "laeringspunkt_id": data.point_id,
        "learning_point_id": data.point_id,
        "centre_id": world.centre_id, "user_id": world.user_id, "model_id": world.model_id,
        "token": world.token, "filename": "app.css", "index": 0, "action": "afvis",
    }
    values = {}
    for arg in rule.arguments:
        if arg in known:
            values[arg] = known[arg]
        else:  # unknown converter: an existing id (every table has a row 1 here) or a word
            converter = rule._converters[arg]
            values[arg] = 1 if type(converter).__name__ in ("IntegerConverter",) else "1"
    return values


def _is_login_redirect(response: Any) -> bool:
    return response.status_code in (302, 303) and "/login" in response.headers.get("Location", "")


def unclassified_endpoints(app: Flask) -> list[str]:
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    return sorted({e for e in endpoints if classify(e) is None} - PENDING)


def signed_in_clients(app: Flask, login_as: Any) -> tuple[dict[str, FlaskClient], dict[str, str]]:
    clients: dict[str, FlaskClient] = {
        "anonymous": app.test_client(),
        "advisor": login_as("advisor"),
        "centre_csi": login_as("centre", "CSI"),
        "centre_cbak": login_as("centre", "CBAK"),
        "management": login_as("management"),
    }
    tokens = {
        role: csrf_token(c.get("/login" if role == "anonymous" else "/konto/adgangskode")
                         .get_data(as_text=True))
        for role, c in clients.items()
    }
    return clients, tokens


def check_matrix(app: Flask, clients: dict[str, FlaskClient], tokens: dict[str, str],
                 world: World) -> tuple[list[str], int]:
    """Request every classified route as every role; returns (deviations, requests made)."""
    from flask import url_for

    failures: list[str] = []
    checked = 0
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule))
    for rule in rules:
        access = classify(rule.endpoint)
        if access is None:
            continue
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        round_scoped = bool(set(rule.arguments) & ROUND_ARGS)
        for state in STATES if round_scoped else ("aaben",):
            with app.test_request_context():
                url = url_for(rule.endpoint, **url_values(rule, world, state))
            for role in ROLES:
                ok = allowed(access, role, state if round_scoped else None)
                for method in methods:
                    if ok and method != "GET":
                        continue  # see the module docstring
                    data = {"csrf_token": tokens[role]} if method != "GET" else None
                    response = clients[role].open(url, method=method, data=data)
                    status = response.status_code
                    login_redirect = _is_login_redirect(response)
                    response.close()
                    checked += 1
                    where = f"{method} {url} ({rule.endpoint}, {access.value}) som {role}"
                    if ok:
                        public = access is Access.PUBLIC
                        bad = (status in (403, 405) or status >= 500
                               or (status == 404 and not public
                                   and (rule.endpoint, state) not in ALLOWED_404)
                               or (login_redirect and not public))
                        if bad:
                            failures.append(f"{where}: adgang forventet, fik {status}")
                    elif role == "anonymous":
                        if not (login_redirect or status == 404):
                            failures.append(f"{where}: login eller 404 forventet, fik {status}")
                    elif status != 404:
                        failures.append(f"{where}: 404 forventet, fik {status}")
    return failures, checked


def test_every_route_answers_each_role_as_the_matrix_says(
    app: Flask, login_as: Any, make_round: Any, make_invitations: Any, make_user: Any,
) -> None:
    unclassified = unclassified_endpoints(app)
    assert not unclassified, (
        "Disse endpoints er ikke med i adgangsmatricen (tests/survey/test_access_matrix.py). "
        "Tilføj dem til EXPLICIT eller PREFIXES med den adgang, de skal have:\n  "
        + "\n  ".join(unclassified)
    )
    world = build_world(app, make_round, make_invitations, make_user)
    clients, tokens = signed_in_clients(app, login_as)
    failures, checked = check_matrix(app, clients, tokens, world)
    assert checked > 300
    assert not failures, f"{len(failures)} afvigelser fra adgangsmatricen:\n" + "\n".join(failures)


def test_matrix_catches_a_leaky_route_and_an_unclassified_one(
    app: Flask, login_as: Any, make_round: Any, make_invitations: Any, make_user: Any,
) -> None:
    from flask_login import login_required

    @app.get("/raadgiver/laek/<int:round_id>", endpoint="advisor.leak")
    @login_required
    def leak(round_id: int) -> str:  # forgets advisor_required
        return "hemmeligt"

    @app.get("/borgerrejser/helt-ny", endpoint="rounds.brand_new")
    def brand_new() -> str:
        return "ny"

    assert unclassified_endpoints(app) == ["rounds.brand_new"]
    world = build_world(app, make_round, make_invitations, make_user)
    clients, tokens = signed_in_clients(app, login_as)
    failures, _ = check_matrix(app, clients, tokens, world)
    leaks = [f for f in failures if "advisor.leak" in f]
    assert len(leaks) == 3 * len(STATES)  # centre CSI, centre CBAK, management; every state
    assert all("404 forventet, fik 200" in f for f in leaks)
    assert failures == leaks


def test_matrix_classifies_role_rules_as_documented() -> None:
    assert allowed(Access.REPORTED, "management", "afrapporteret")
    assert not allowed(Access.REPORTED, "management", "lukket")
    assert not allowed(Access.ROUND, "centre_cbak", "aaben")
    assert not allowed(Access.ADVISOR, "centre_csi", None)
    assert allowed(Access.PUBLIC, "anonymous", None)
    assert classify("advisor.whatever") is Access.ADVISOR
    assert classify("rounds.not_yet_classified") is None

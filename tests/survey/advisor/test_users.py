"""User administration by the advisor: create, change role/centre, (de)activate, reset."""

from __future__ import annotations

import re

from sqlalchemy import select

from survey.extensions import db
from survey.models import AuditEvent, Fagcenter, Role, User
from tests.conftest import TEST_PASSWORD, csrf_token, login


def _post(client, path, data, page=None):
    html = client.get(page or path).get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(html), **data})


def _user(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def _centre_id(app, code):
    with app.app_context():
        return db.session.scalar(select(Fagcenter.id).where(Fagcenter.code == code))


def _actions(app):
    with app.app_context():
        return [(e.action, e.target) for e in db.session.scalars(
            select(AuditEvent).order_by(AuditEvent.id))]


def test_users_list_shows_every_user(app, advisor_client, make_user):
    make_user("centre", "CSI", email="kontakt@csi.dk")
    html = advisor_client.get("/raadgiver/brugere").get_data(as_text=True)
    assert "kontakt@csi.dk" in html
    assert "Centerkontakt" in html and "CSI" in html


def test_create_user_with_given_password(app, advisor_client):
    response = _post(advisor_client, "/raadgiver/brugere/ny", {
        "email": " Ny.Kontakt@Kommune.dk ", "role": "centre",
        "fagcenter_id": _centre_id(app, "CBAK"), "password": "en-god-adgangskode",
    })
    assert response.status_code == 303
    user = _user(app, "ny.kontakt@kommune.dk")
    assert user.role is Role.CENTRE and user.fagcenter_id == _centre_id(app, "CBAK")
    assert ("user_created", "ny.kontakt@kommune.dk") in _actions(app)
    client = app.test_client()
    login(client, "ny.kontakt@kommune.dk", "en-god-adgangskode")
    assert client.get("/konto/adgangskode").status_code == 200


def test_create_user_with_generated_password_shown_once(app, advisor_client):
    response = _post(advisor_client, "/raadgiver/brugere/ny", {
        "email": "leder@kommune.dk", "role": "management", "fagcenter_id": "0", "password": "",
    })
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    password = re.search(r'class="one-time-password">([^<]+)<', html).group(1)
    assert "vises kun denne ene gang" in html
    assert len(password) >= 16
    # Never put in the session cookie (flash) or in the audit log.
    with advisor_client.session_transaction() as sess:
        assert password not in str(dict(sess))
    with app.app_context():
        assert not any(password in (e.detail + e.target)
                       for e in db.session.scalars(select(AuditEvent)))
    assert password not in advisor_client.get("/raadgiver/brugere").get_data(as_text=True)
    client = app.test_client()
    login(client, "leder@kommune.dk", password)


def test_create_user_validation_in_danish_keeps_input(app, advisor_client, make_user):
    make_user("advisor", email="findes@kommune.dk")
    html = _post(advisor_client, "/raadgiver/brugere/ny", {
        "email": "ikke-en-mail", "role": "centre", "fagcenter_id": "0", "password": "kort",
    }).get_data(as_text=True)
    assert "Skriv en gyldig e-mail" in html
    assert "Vælg det fagcenter, centerkontakten hører til." in html
    assert "Adgangskoden skal have mindst 10 tegn." in html
    assert 'value="ikke-en-mail"' in html
    assert 'href="#fagcenter_id"' in html
    html = _post(advisor_client, "/raadgiver/brugere/ny", {
        "email": "FINDES@kommune.dk", "role": "advisor", "fagcenter_id": "0", "password": "",
    }).get_data(as_text=True)
    assert "Der findes allerede en bruger med den e-mail." in html
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ikke-en-mail")) is None


def test_centre_is_dropped_for_other_roles(app, advisor_client):
    _post(advisor_client, "/raadgiver/brugere/ny", {
        "email": "r2@kommune.dk", "role": "advisor", "fagcenter_id": _centre_id(app, "CSI"),
        "password": "en-god-adgangskode",
    })
    assert _user(app, "r2@kommune.dk").fagcenter_id is None


def test_change_role_and_centre_signs_user_out(app, advisor_client, make_user):
    user_id = make_user("centre", "CSI", email="skift@kommune.dk")
    other = app.test_client()
    login(other, "skift@kommune.dk")
    path = f"/raadgiver/brugere/{user_id}"
    cso = _centre_id(app, "CSO")
    response = _post(advisor_client, path, {"role": "centre", "fagcenter_id": cso})
    assert response.status_code == 303
    user = _user(app, "skift@kommune.dk")
    assert user.fagcenter_id == _centre_id(app, "CSO")
    assert other.get("/konto/adgangskode").status_code == 302
    events = [a for a in _actions(app) if a[0] == "user_role_changed"]
    assert events == [("user_role_changed", "skift@kommune.dk")]
    with app.app_context():
        detail = db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "user_role_changed"))
    assert "CSI" in detail and "CSO" in detail

    html = _post(advisor_client, path,
                 {"role": "centre", "fagcenter_id": "0"}).get_data(as_text=True)
    assert "Vælg det fagcenter" in html
    _post(advisor_client, path, {"role": "management", "fagcenter_id": _centre_id(app, "CSO")})
    user = _user(app, "skift@kommune.dk")
    assert user.role is Role.MANAGEMENT and user.fagcenter_id is None


def test_advisor_cannot_demote_self_or_last_advisor(app, make_user):
    me_id = make_user("advisor", email="mig@kommune.dk")
    client = app.test_client()
    login(client, "mig@kommune.dk")
    html = _post(client, f"/raadgiver/brugere/{me_id}",
                 {"role": "management", "fagcenter_id": "0"}).get_data(as_text=True)
    assert "Du kan ikke fjerne din egen rolle som borgerrådgiver." in html
    assert _user(app, "mig@kommune.dk").role is Role.ADVISOR


def test_deactivate_and_reactivate(app, advisor_client, make_user):
    user_id = make_user("centre", "CSI", email="ud@kommune.dk")
    other = app.test_client()
    login(other, "ud@kommune.dk")
    page = f"/raadgiver/brugere/{user_id}"
    response = _post(advisor_client, f"{page}/deaktiver", {}, page=page)
    assert response.status_code == 303
    assert _user(app, "ud@kommune.dk").active is False
    assert other.get("/konto/adgangskode").status_code == 302
    fresh = app.test_client()
    token = csrf_token(fresh.get("/login").get_data(as_text=True))
    assert fresh.post("/login", data={"email": "ud@kommune.dk", "password": TEST_PASSWORD,
                                      "csrf_token": token}).status_code == 200
    assert "Deaktiveret" in advisor_client.get("/raadgiver/brugere").get_data(as_text=True)

    _post(advisor_client, f"{page}/aktiver", {}, page=page)
    assert _user(app, "ud@kommune.dk").active is True
    login(app.test_client(), "ud@kommune.dk")
    actions = [a for a, _ in _actions(app)]
    assert "user_deactivated" in actions and "user_reactivated" in actions


def test_cannot_deactivate_self(app, make_user):
    me_id = make_user("advisor", email="selv@kommune.dk")
    make_user("advisor", email="kollega@kommune.dk")
    client = app.test_client()
    login(client, "selv@kommune.dk")
    page = f"/raadgiver/brugere/{me_id}"
    assert "Du kan ikke deaktivere dig selv." in client.get(page).get_data(as_text=True)
    response = _post(client, f"{page}/deaktiver", {}, page=page)
    assert response.status_code == 303
    assert "Du kan ikke deaktivere dig selv." in client.get(page).get_data(as_text=True)
    assert _user(app, "selv@kommune.dk").active is True


def test_last_active_advisor_cannot_be_removed(app, make_user):
    from survey.advisor import operations as ops

    first = make_user("advisor", email="a1@kommune.dk")
    second = make_user("advisor", email="a2@kommune.dk")
    with app.app_context():
        a1, a2 = db.session.get(User, first), db.session.get(User, second)
        ops.set_active(a2, False, acting=a1)
        # a2 (now inactive) acting on a1, the only active advisor left:
        for attempt in (lambda: ops.set_active(a1, False, acting=a2),
                        lambda: ops.change_role(a1, Role.MANAGEMENT, None, acting=a2)):
            try:
                attempt()
            except ops.AdminError as error:
                assert "borgerrådgiver" in str(error)
            else:
                raise AssertionError("the last active advisor was removed")
        assert a1.active and a1.role is Role.ADVISOR


def test_reset_password_generated_and_given(app, advisor_client, make_user):
    user_id = make_user("management", email="glemt@kommune.dk")
    other = app.test_client()
    login(other, "glemt@kommune.dk")
    page = f"/raadgiver/brugere/{user_id}"
    response = _post(advisor_client, f"{page}/adgangskode", {"new_password": ""}, page=page)
    assert response.status_code == 200
    password = re.search(r'class="one-time-password">([^<]+)<',
                         response.get_data(as_text=True)).group(1)
    assert other.get("/konto/adgangskode").status_code == 302
    login(app.test_client(), "glemt@kommune.dk", password)

    html = _post(advisor_client, f"{page}/adgangskode", {"new_password": "kort"},
                 page=page).get_data(as_text=True)
    assert "Adgangskoden skal have mindst 10 tegn." in html
    response = _post(advisor_client, f"{page}/adgangskode",
                     {"new_password": "valgt-af-raadgiver"}, page=page)
    assert response.status_code == 303
    login(app.test_client(), "glemt@kommune.dk", "valgt-af-raadgiver")
    resets = [a for a, _ in _actions(app) if a == "user_password_reset"]
    assert resets == ["user_password_reset"] * 2


def test_unknown_user_is_404(advisor_client):
    assert advisor_client.get("/raadgiver/brugere/99999").status_code == 404


def test_other_roles_get_404_on_user_admin(app, login_as, make_user):
    target = make_user("centre", "CSI")
    for role, centre in (("centre", "CSI"), ("management", None)):
        client = login_as(role, centre)
        for path in ("/raadgiver/brugere", "/raadgiver/brugere/ny", f"/raadgiver/brugere/{target}"):
            assert client.get(path).status_code == 404
        token = csrf_token(client.get("/konto/adgangskode").get_data(as_text=True))
        response = client.post(f"/raadgiver/brugere/{target}/deaktiver", data={"csrf_token": token})
        assert response.status_code == 404
    with app.app_context():
        assert db.session.get(User, target).active is True

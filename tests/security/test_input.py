"""Hostile input in every text field of every form and every query parameter.

Forms are found by parsing every page (as the advisor, and the citizen survey as a citizen);
each text field gets the payload, and the page answering the POST as well as every page of the
app afterwards (as advisor, centre contact and management) must show it escaped: never as
markup, never evaluated as a template. SQL-injection strings, 100 kB values, NUL bytes and
invalid UTF-8 never cause a 500 and never change rows other than the one a form is about.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from tests.conftest import csrf_token
from tests.security.support import (
    Form,
    changes,
    forms_of,
    html_of,
    role_for,
    routes,
    snapshot,
)

XSS = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SSTI = "{{7*7}}"
PAYLOAD = f"Xq {XSS} {IMG} {SSTI} Zq"
RAW_MARKERS = (XSS, "<img src=x onerror=alert(1)>", "49 Zq", "onerror=alert(1)>")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

SQLI = ("' OR '1'='1", "x'); DELETE FROM user_account; --", "1; DROP TABLE response; --",
        "\" OR \"\"=\"", "%' OR 1=1 --")
# Skipped: signing in/out and passwords would end the sessions the test relies on.
SKIPPED_ACTIONS = ("/login", "/logout", "/konto/adgangskode")


def assert_escaped(html: str, where: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, f"{where}: »{marker}« står uescapet i siden"


def text_forms(setup: Any, app: Any) -> list[tuple[str, str, Form]]:
    """(role, page url, form) for every POST form with a text field, once per action."""
    seen: set[str] = set()
    found: list[tuple[str, str, Form]] = []
    for route in routes(app, setup.world, "GET"):
        role = role_for(route)
        response = setup.clients[role].get(route.url)
        html = html_of(response)
        response.close()
        for form in forms_of(html):
            action = form.action or route.url
            if form.method != "post" or not form.text_fields or action in seen:
                continue
            if any(action.startswith(skip) for skip in SKIPPED_ACTIONS):
                continue
            seen.add(action)
            found.append((role, action, form))
    return found


def citizen_text_step(client: Any, path: str) -> tuple[str, Form]:
    """Walk a citizen to the free-text step; returns the page's html and its form."""
    page = client.get(path).get_data(as_text=True)
    client.post(path, data={"csrf_token": csrf_token(page), "step": "0"})
    for _ in range(3):
        html = client.get(path).get_data(as_text=True)
        form = next(f for f in forms_of(html) if f.method == "post")
        if form.text_fields:
            return html, form
        client.post(path, data={**form.other, **form.hidden, "action": "next"})
    raise AssertionError("ingen fritekst-side i spørgeskemaet")


def test_script_and_html_in_every_text_field_is_escaped_everywhere(
    app: Any, setup: Any, make_invitations: Any,
) -> None:
    forms = text_forms(setup, app)
    assert len(forms) >= 10, [a for _, a, _ in forms]
    stored_somewhere = 0
    for role, action, form in forms:
        response = setup.clients[role].post(action, data=form.data(PAYLOAD))
        assert response.status_code < 500, (action, response.status_code)
        assert_escaped(html_of(response), f"POST {action}")
        response.close()
    # The citizen survey: free text and the short code.
    citizen = app.test_client()
    path = urllib.parse.urlsplit(
        make_invitations(setup.world.rounds["aaben"].round_id, 1)[0].url).path
    _, form = citizen_text_step(citizen, path)
    response = citizen.post(path, data={**form.data(PAYLOAD), "action": "save"})
    assert response.status_code == 303
    html = citizen.get(path).get_data(as_text=True)
    assert_escaped(html, "borgerens fritekst")
    assert ESCAPED in html
    page = citizen.get("/kode").get_data(as_text=True)
    response = citizen.post("/kode", data={"code": PAYLOAD, "csrf_token": csrf_token(page)})
    assert response.status_code == 400
    assert_escaped(response.get_data(as_text=True), "kode")

    for role in ("advisor", "centre_csi", "management"):
        for route in routes(app, setup.world, "GET"):
            response = setup.clients[role].get(route.url)
            html = html_of(response)
            response.close()
            assert_escaped(html, f"GET {route.url} som {role}")
            stored_somewhere += ESCAPED in html
    assert stored_somewhere >= 5, "the payload was hardly stored anywhere: the test proves little"


ODD_VALUES = [*SQLI, "x" * 100_000, "nul\x00byte", "\ufffe", "9" * 400, "-1"]


def test_injection_long_and_odd_values_never_fail_nor_touch_other_rows(
    app: Any, setup: Any,
) -> None:
    failures = []
    for role, action, form in text_forms(setup, app):
        before = snapshot(app)
        for value in ODD_VALUES:
            response = setup.clients[role].post(action, data=form.data(value))
            if response.status_code >= 500:
                failures.append(f"POST {action} ({value[:20]!r}): {response.status_code}")
            response.close()
        # Only the row the form is about may change (a created row is new, not changed).
        for table, (_, updated, deleted) in changes(before, snapshot(app)).items():
            if deleted or updated > 2:
                failures.append(f"POST {action}: {table}: {updated} opdateret, "
                                f"{deleted} slettet")
    assert not failures, "\n".join(failures)
    with app.app_context():
        from sqlalchemy import func, select

        from survey.extensions import db
        from survey.models import Response, User

        assert db.session.scalar(select(func.count(User.id))) >= 5
        assert db.session.scalar(select(func.count(Response.id))) >= 4


# Trains a coder model on a valid request (a minute of CPU); its input is a form of buttons.
SLOW_ACTIONS = {"review.train"}

QUERY = {"q": SQLI[0], "side": "-1", "page": "99999999999999999999", "status": SQLI[1],
         "tema": SSTI, "lang": "\x00", "centre": "1 OR 1=1", "sort": "id; --"}


def test_query_parameters_and_odd_paths_never_fail(app: Any, setup: Any) -> None:
    failures = []
    get_routes = routes(app, setup.world, "GET")
    for route in get_routes:
        for role in (role_for(route), "centre_csi", "management"):
            url = route.url + "?" + urllib.parse.urlencode(QUERY)
            response = setup.clients[role].get(url)
            if response.status_code >= 500:
                failures.append(f"GET {url} som {role}: {response.status_code}")
            assert_escaped(html_of(response), f"GET {url}")
            response.close()
    odd = ["/s/%FF%FE", "/s/" + "a" * 5000, "/s/%00", "/borgerrejser/99999999999999999999",
           "/borgerrejser/2147483648", "/borgerrejser/-1", "/laeringspunkter/-5",
           "/gennemgang/svar/ikke-et-uuid", "/gennemgang/svar/%FF", "/briefs/9999999999.pdf",
           "/fagcentre/99999999999999999999999", "/raadgiver/brugere/4294967296",
           "/kode?lang=%FF%FE"]
    for path in odd:
        for role in ("anonymous", "advisor"):
            response = setup.clients[role].get(path)
            if response.status_code >= 500 or response.status_code == 200 and "/s/" in path:
                failures.append(f"GET {path} som {role}: {response.status_code}")
            response.close()
    # Invalid UTF-8 and NUL in a posted body, and a body that is not a form at all.
    advisor = setup.clients["advisor"]
    token = setup.tokens["advisor"]
    for route in routes(app, setup.world, "POST"):
        if role_for(route) != "advisor" or route.endpoint in SLOW_ACTIONS:
            continue
        for body in (f"csrf_token={token}&title=%FF%FE%00&text=%C3%28".encode(),
                     b"\xff\xfe\x00\x01" * 50):
            response = advisor.post(route.url, data=body,
                                    content_type="application/x-www-form-urlencoded")
            if response.status_code >= 500:
                failures.append(f"POST {route.url} (ugyldig UTF-8): {response.status_code}")
            response.close()
    assert not failures, "\n".join(failures)


def test_huge_and_negative_ids_answer_404_for_every_role(app: Any, setup: Any) -> None:
    """Extends the access matrix (tests/survey/test_access_matrix.py) to ids that do not
    exist: zero, negative and past the database's integer range, for every role."""
    from flask import url_for

    from tests.survey.test_access_matrix import ROLES, url_values

    failures = []
    checked = 0
    for rule in app.url_map.iter_rules():
        ints = [a for a, c in rule._converters.items()
                if type(c).__name__ in ("IntegerConverter", "DatabaseIdConverter")]
        if not ints or "GET" not in (rule.methods or set()):
            continue
        for bad in (0, -1, 2**31, 10**22):
            values = {**url_values(rule, setup.world, "aaben"), **{a: bad for a in ints}}
            with app.test_request_context():
                url = url_for(rule.endpoint, **values)
            for role in ROLES:
                response = setup.clients[role].get(url)
                status = response.status_code
                response.close()
                checked += 1
                login = status in (302, 303) and role == "anonymous"
                if status != 404 and not login:
                    failures.append(f"GET {url} som {role}: {status}")
    assert checked > 100
    assert not failures, "\n".join(failures[:40])

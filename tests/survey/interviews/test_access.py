"""Every interview/paper page is for the advisor only: other roles get 404, never 403."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token

from .helpers import text_of

PAGES = ["interview", "papirskema.pdf", "papirskema.pdf?lang=en", "papirsvar-skabelon.csv",
         "papirsvar"]


@pytest.mark.parametrize("role, centre", [("centre", "CSI"), ("centre", "CBAK"),
                                          ("management", None)])
def test_other_roles_get_404_on_every_new_page(app, login_as, make_round, role, centre):
    round_id = make_round(state="aaben")
    client = login_as(role, centre)
    token = csrf_token(text_of(client.get("/konto/adgangskode")))
    for page in PAGES:
        url = f"/borgerrejser/{round_id}/{page}"
        assert client.get(url).status_code == 404, url
    for page in ("interview", "papirsvar"):
        url = f"/borgerrejser/{round_id}/{page}"
        response = client.post(url, data={"csrf_token": token, "samtykke": "y", "S01": "4"})
        assert response.status_code == 404, url


def test_anonymous_is_sent_to_login(app, client, make_round):
    round_id = make_round(state="aaben")
    for page in PAGES:
        response = client.get(f"/borgerrejser/{round_id}/{page}")
        assert response.status_code in (302, 303)
        assert "/login" in response.headers["Location"]


def test_advisor_gets_404_for_an_unknown_round(app, advisor_client):
    for page in PAGES:
        assert advisor_client.get(f"/borgerrejser/9999/{page}").status_code == 404

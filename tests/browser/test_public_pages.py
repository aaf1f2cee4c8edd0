from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_login_page_is_accessible_and_signs_in(page, live_server, make_user_live):
    email = make_user_live("advisor")
    page.goto(live_server.url + "/login")
    assert_accessible(page, "log ind")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill("korrekt-hest-batteri")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/raadgiver/**")
    assert page.get_by_role("button", name="Log ud").is_visible()


def test_front_page_is_accessible(page, live_server):
    page.goto(live_server.url + "/")
    assert_accessible(page, "forside")

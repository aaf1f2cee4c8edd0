"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA) on every citizen page and the
main staff pages, 200 % zoom without horizontal scrolling, keyboard reach with a visible focus,
and the survey without JavaScript.

One live server and one seeded database serve the whole module (rounds in every state, used,
expired and fresh invitations, released and analysed answers, an approved quote and a learning
point), so each page is only loaded, not built up through the UI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.browser.conftest import _FAILED, ARTIFACTS, Screens, axe_violations, create_user, sign_in

pytestmark = pytest.mark.browser


# --------------------------------------------------------------------------- the seeded world


@dataclass
class World:
    base: str
    draft_id: int = 0
    open_id: int = 0
    closed_id: int = 0
    reported_id: int = 0
    question_id: int = 0
    text_id: str = ""
    point_id: int = 0
    links: dict[str, str] = field(default_factory=dict)  # purpose -> citizen URL
    codes: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # role -> e-mail


FREE_TEXTS = [
    "Sagsbehandleren lyttede til mig og forklarede reglerne godt.",
    "Jeg ventede længe på svar, men sagsbehandleren var venlig.",
    "Det var svært at komme igennem på telefonen.",
    "Sagsbehandleren forklarede afgørelsen, så jeg forstod den.",
    "Jeg følte mig hørt og fik hjælp til at udfylde ansøgningen.",
]


def _answers(i: int, text: str) -> dict[str, str]:
    answers = {f"S{n:02d}": str(1 + (n + i) % 5) for n in range(1, 12) if n != 9}
    answers.update({"S09": "ja" if i % 2 else "nej", "S12": text})
    return answers


def seed(app: Flask, base: str) -> World:
    from sqlalchemy import select

    from survey.citizen.operations import hold, release_held_responses, submit
    from survey.extensions import db
    from survey.invitations.operations import issue_invitations
    from survey.learning.operations import PointData, create_point
    from survey.models import Channel, Fagcenter, FreeText, QuestionKind, ReviewStatus, User
    from survey.review.operations import set_status
    from survey.rounds.operations import add_focus_question, close_round, create_round, report_round

    world = World(base=base)
    for role, centre in [("advisor", None), ("centre", "CSI"), ("management", None)]:
        world.users[role] = create_user(app, role, centre)
    options = [{"code": "tlf", "da": "Telefon", "en": "Phone"},
               {"code": "mail", "da": "E-mail", "en": "E-mail"}]
    today = dt.date.today()
    with app.test_request_context():
        csi = db.session.scalar(select(Fagcenter).where(Fagcenter.code == "CSI"))
        advisor = db.session.scalar(select(User).where(User.email == world.users["advisor"]))

        def new_round(title: str, approved: bool = True) -> Any:
            rnd = create_round(csi, title, today - dt.timedelta(days=20),
                               today + dt.timedelta(days=20))
            add_focus_question(rnd, QuestionKind.CHOICE, "Hvordan kontaktede du os først?",
                               "How did you first contact us?", theme="tilgaengelighed",
                               options=options, approved=approved)
            return rnd

        draft = new_round("Kladde med forslag", approved=False)
        world.draft_id, world.question_id = draft.id, draft.questions[0].id

        open_round = new_round("Åben borgerrejse")
        open_round.open()
        purposes = ["landing", "used", "expired", "code", "zoom", "nojs", "reflow"]
        issued = issue_invitations(open_round, count=len(purposes))
        invitations = {inv.id: inv for inv in open_round.invitations}
        by_purpose = {}
        for purpose, item in zip(purposes, issued, strict=True):
            world.links[purpose] = item.url
            world.codes[purpose] = item.code
            by_purpose[purpose] = invitations[item.invitation_id]
        submit(by_purpose["used"], {"S01": "4"}, "da")
        by_purpose["expired"].expires_at = dt.datetime(2000, 1, 1)

        closed = new_round("Lukket borgerrejse")
        closed.open()
        world.links["closed"] = issue_invitations(closed, count=1)[0].url
        close_round(closed)

        reported = new_round("Afrapporteret borgerrejse")
        reported.open()
        for i, text in enumerate(FREE_TEXTS):
            hold(reported.id, Channel.WEB, "da", _answers(i, text))
        assert release_held_responses(reported.id) == len(FREE_TEXTS)
        texts = list(db.session.scalars(select(FreeText).join(FreeText.response)
                                        .where(FreeText.response.has(borgerrejse_id=reported.id))))
        quote = next(t for t in texts if t.anonymised_text)
        set_status(quote, ReviewStatus.GODKENDT)
        world.text_id = str(texts[-1].id)
        point = create_point(reported, PointData(
            title="Forklar reglerne tidligt", description="Borgerne vil gerne forstå reglerne.",
            themes=["information"], quote_ids=[str(quote.id)],
            figures=[{"label": "S05 gennemsnit", "value": "3,2"}], owner_fagcenter_id=csi.id,
            due_date=today + dt.timedelta(days=60),
        ), advisor)
        close_round(reported)
        report_round(reported)
        world.open_id, world.closed_id, world.reported_id = open_round.id, closed.id, reported.id
        world.point_id = point.id
        db.session.commit()
    return world


@pytest.fixture(scope="module")
def world(module_app: Flask, module_server: Any) -> World:
    return seed(module_app, module_server.url)


@pytest.fixture(scope="module")
def screens_m(browser: Any) -> Iterator[Screens]:
    holder = Screens(browser)
    yield holder
    holder.close("", False)


@pytest.fixture(autouse=True)
def _photograph_on_failure(request: pytest.FixtureRequest, screens_m: Screens) -> Iterator[None]:
    yield
    if request.node.stash.get(_FAILED, False):
        ARTIFACTS.mkdir(exist_ok=True)
        for name, pg in screens_m.pages.items():
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def staff(world: World, screens_m: Screens) -> dict[str, Any]:
    pages = {}
    for role, email in world.users.items():
        pg = screens_m.open(role)
        sign_in(pg, world.base, email)
        pages[role] = pg
    return pages


class Axe:
    """Runs axe on page after page and reports every violation at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.checked: list[str] = []

    def check(self, pg: Any, label: str) -> None:
        """Check ``pg`` with every <details> opened, so folded content is checked too."""
        self.checked.append(label)
        pg.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        for v in axe_violations(pg):
            targets = [n["target"] for n in v["nodes"]][:3]
            self.problems.append(f"{label}: {v['id']} ({v['impact']}) {v['help']} – {targets}")

    def assert_clean(self) -> None:
        assert not self.problems, "axe fandt fejl:\n" + "\n".join(self.problems)


def _button(pg: Any, name: str) -> Any:
    return pg.get_by_role("button", name=name, exact=True)


# --------------------------------------------------------------------------- citizen pages


def test_every_citizen_page_has_no_axe_violations(world: World, screens_m: Screens) -> None:
    axe = Axe()
    pg = screens_m.open("borger", phone=True)
    link = world.links["landing"]

    pg.goto(link)
    expect(pg.get_by_role("button", name="Start spørgeskemaet")).to_be_visible()
    axe.check(pg, "forside (da)")
    pg.goto(link + "?lang=en")
    expect(pg.get_by_role("button", name="Start the questionnaire")).to_be_visible()
    axe.check(pg, "forside (en)")
    pg.goto(link + "?lang=da")
    _button(pg, "Start spørgeskemaet").click()
    for number in (1, 2, 3):
        expect(pg.get_by_text(f"Trin {number} af 3")).to_be_visible()
        axe.check(pg, f"trin {number}")
        if number == 2:
            pg.goto(link + "?lang=en")
            axe.check(pg, "trin 2 (en)")
            pg.goto(link + "?lang=da")
        if number < 3:
            _button(pg, "Næste").click()

    # Validation errors: over-long text (the textarea has no maxlength; set it by script to be
    # sure) and control characters.
    pg.locator("#S12").evaluate(
        "(el) => { el.removeAttribute('maxlength'); el.value = 'a'.repeat(5001); }"
    )
    pg.locator("#S13").evaluate("(el) => { el.value = 'klokke\\u0007lyd'; }")
    _button(pg, "Send svar").click()
    summary = pg.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(pg.locator("#S12")).to_have_attribute("aria-invalid", "true")
    assert len(pg.locator("#S12").input_value()) == 5001, "det skrevne skal stå der endnu"
    axe.check(pg, "trin 3 med fejl")
    pg.goto(link + "?lang=en")
    pg.locator("#S12").evaluate("(el) => { el.value = 'b'.repeat(5001); }")
    _button(pg, "Send answers").click()
    expect(pg.locator(".error-summary")).to_be_visible()
    axe.check(pg, "trin 3 med fejl (en)")
    pg.goto(link + "?lang=da")

    pg.locator("#S12").fill("Kort og godt.")
    pg.locator("#S13").fill("")
    _button(pg, "Gem og fortsæt senere").click()
    expect(pg.get_by_role("heading", name="Dine svar er gemt")).to_be_visible()
    axe.check(pg, "gemt")
    pg.goto(link)
    _button(pg, "Send svar").click()
    expect(pg.get_by_role("heading", name="Tak for dine svar")).to_be_visible()
    axe.check(pg, "tak")
    pg.goto(link)
    expect(pg.get_by_role("heading", name="Spørgeskemaet er allerede besvaret")).to_be_visible()
    axe.check(pg, "allerede besvaret")

    reply = pg.goto(world.links["expired"])
    assert reply is not None and reply.status == 410
    expect(pg.get_by_role("heading", name="Linket er udløbet")).to_be_visible()
    axe.check(pg, "udløbet (410)")
    reply = pg.goto(world.links["closed"])
    assert reply is not None and reply.status == 410
    expect(pg.get_by_role("heading", name="Undersøgelsen er lukket")).to_be_visible()
    axe.check(pg, "lukket borgerrejse (410)")

    pg.goto(world.base + "/kode")
    axe.check(pg, "/kode")
    pg.get_by_label("Kode").fill("FORKERT-KODE")
    _button(pg, "Gå til spørgeskemaet").click()
    expect(pg.locator(".error-summary")).to_be_visible()
    expect(pg.locator("#code")).to_have_attribute("aria-invalid", "true")
    axe.check(pg, "/kode med fejl")
    pg.get_by_label("Kode").fill(world.codes["code"])
    _button(pg, "Gå til spørgeskemaet").click()
    expect(pg.get_by_role("button", name="Start spørgeskemaet")).to_be_visible()
    axe.check(pg, "forside via kode")

    pg.goto(world.base + "/tilgaengelighed")
    axe.check(pg, "tilgængelighed (da)")
    pg.goto(world.base + "/tilgaengelighed?lang=en")
    axe.check(pg, "tilgængelighed (en)")
    pg.goto(world.base + "/findes-ikke")
    axe.check(pg, "404")
    axe.assert_clean()


# --------------------------------------------------------------------------- staff pages

STAFF_PAGES = [
    ("advisor", "overblik", "/raadgiver/"),
    ("advisor", "borgerrejser", "/borgerrejser/"),
    ("advisor", "borgerrejse (åben)", "/borgerrejser/{open_id}"),
    ("advisor", "borgerrejse (kladde, spørgsmål)", "/borgerrejser/{draft_id}"),
    ("advisor", "opret borgerrejse", "/borgerrejser/ny"),
    ("advisor", "ret spørgsmål", "/borgerrejser/{draft_id}/spoergsmaal/{question_id}"),
    ("advisor", "tilføj fokusspørgsmål", "/borgerrejser/{draft_id}/fokusspoergsmaal"),
    ("advisor", "forhåndsvisning", "/borgerrejser/{open_id}/forhaandsvisning"),
    ("advisor", "åbn (bekræft)", "/borgerrejser/{draft_id}/aabn"),
    ("advisor", "resultater", "/borgerrejser/{reported_id}/resultater"),
    ("advisor", "invitationer", "/invitationer/"),
    ("advisor", "invitationer for en borgerrejse", "/borgerrejser/{open_id}/invitationer/"),
    ("advisor", "anonyme invitationer", "/borgerrejser/{open_id}/invitationer/antal"),
    ("advisor", "gennemgang", "/gennemgang/"),
    ("advisor", "gennemgang af en borgerrejse", "/gennemgang/runde/{reported_id}"),
    ("advisor", "gennemgang af et svar", "/gennemgang/svar/{text_id}"),
    ("advisor", "læringspunkter", "/laeringspunkter/"),
    ("advisor", "læringspunkter for en borgerrejse", "/laeringspunkter/runde/{reported_id}"),
    ("advisor", "læringspunkt", "/laeringspunkter/{point_id}"),
    ("advisor", "nyt læringspunkt", "/laeringspunkter/runde/{reported_id}/nyt"),
    ("advisor", "læringsbriefs", "/briefs/"),
    ("advisor", "læringsbrief (web)", "/briefs/{reported_id}"),
    ("advisor", "brugere", "/raadgiver/brugere"),
    ("advisor", "log", "/raadgiver/log"),
    ("advisor", "fagcentre", "/fagcentre/"),
    ("advisor", "interview", "/borgerrejser/{open_id}/interview"),
    ("advisor", "papirsvar", "/borgerrejser/{open_id}/papirsvar"),
    ("centre", "fagcentrets borgerrejser", "/borgerrejser/"),
    ("centre", "fagcentrets borgerrejse", "/borgerrejser/{reported_id}"),
    ("centre", "foreslå fokusspørgsmål", "/borgerrejser/{draft_id}/fokusspoergsmaal"),
    ("centre", "fagcentrets læringspunkt", "/laeringspunkter/{point_id}"),
    ("centre", "fagcentrets læringsbrief", "/briefs/{reported_id}"),
    ("management", "ledelsens læringsbriefs", "/briefs/"),
    ("management", "ledelsens læringspunkter", "/laeringspunkter/"),
]


@pytest.mark.parametrize(("role", "label", "path"), STAFF_PAGES, ids=[p[1] for p in STAFF_PAGES])
def test_staff_page_has_no_axe_violations(
    world: World, staff: dict[str, Any], role: str, label: str, path: str
) -> None:
    pg = staff[role]
    reply = pg.goto(world.base + path.format(**world.__dict__))
    assert reply is not None and reply.status == 200, f"{label}: HTTP {reply and reply.status}"
    axe = Axe()
    axe.check(pg, f"{label} ({role})")
    axe.assert_clean()


def test_staff_forms_with_errors_have_no_axe_violations(
    world: World, staff: dict[str, Any]
) -> None:
    pg = staff["advisor"]
    axe = Axe()
    pg.goto(world.base + "/borgerrejser/ny")
    _button(pg, "Opret kladde").click()
    expect(pg.locator(".error-summary")).to_be_visible()
    axe.check(pg, "opret borgerrejse med fejl")
    pg.goto(world.base + f"/borgerrejser/{world.open_id}/invitationer/antal")
    pg.get_by_label("Antal invitationer").fill("0")
    _button(pg, "Lav invitationer og hent filen").click()
    expect(pg.locator(".error-summary")).to_be_visible()
    axe.check(pg, "anonyme invitationer med fejl")
    pg.goto(world.base + f"/laeringspunkter/runde/{world.reported_id}/nyt")
    _button(pg, "Gem læringspunktet").click()
    expect(pg.locator(".error-summary")).to_be_visible()
    axe.check(pg, "nyt læringspunkt med fejl")
    axe.assert_clean()


# --------------------------------------------------------------------------- zoom and keyboard

FOCUSABLE_JS = """() => {
  const sel = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), '
            + 'select:not([disabled]), textarea:not([disabled]), summary, '
            + '[tabindex]:not([tabindex="-1"])';
  const keys = [];
  document.querySelectorAll(sel).forEach((el, i) => {
    // checkVisibility also leaves out what a closed <details> hides
    if (!el.checkVisibility({ visibilityProperty: true }) || !el.getClientRects().length) return;
    const key = el.type === 'radio' ? 'radio:' + el.name : 'el:' + i;
    el.dataset.tabKey = key;
    if (!keys.some(k => k[0] === key)) {
      const text = (el.innerText || el.value || el.name || '').trim().slice(0, 30);
      keys.push([key, el.tagName.toLowerCase() + ' »' + text + '«']);
    }
  });
  return keys;
}"""

# The focus indicator counts as visible when a ring of it (outline or box-shadow, at least 2 px)
# has a contrast of at least 3:1 against the background around the element (WCAG 1.4.11).
FOCUS_STATE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  let bg = [255, 255, 255];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c.slice(0, 3); break; }
  }
  const style = getComputedStyle(el);
  const rings = [];
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
    rings.push(rgb(style.outlineColor));
  }
  const shadow = style.boxShadow.match(/rgba?\\([^)]*\\)\\s+0px\\s+0px\\s+0px\\s+([\\d.]+)px/);
  if (shadow && parseFloat(shadow[1]) >= 2) rings.push(rgb(shadow[0]).slice(0, 3));
  const visible = rings.some((c) => contrast(c.slice(0, 3), bg) >= 3);
  const r = el.getBoundingClientRect();
  return { key: el.dataset.tabKey || ('?' + el.tagName + '#' + el.id), visible,
           onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth,
           label: (el.innerText || el.value || el.id || el.tagName).trim().slice(0, 30) };
}"""


def check_zoom_and_keyboard(pg: Any, label: str, problems: list[str]) -> None:
    """No horizontal scrolling; Tab reaches every interactive element, each with a visible focus."""
    pg.bring_to_front()  # :focus matches only in the focused page
    widths = pg.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if widths[0] > widths[1]:
        problems.append(f"{label}: vandret rulning ({widths[0]} > {widths[1]} px)")
    expected = pg.evaluate(FOCUSABLE_JS)
    pg.evaluate(  # start tabbing from the very top of the page
        "() => { window.scrollTo(0, 0); const b = document.body; b.setAttribute('tabindex', '-1');"
        " b.focus(); b.removeAttribute('tabindex'); }"
    )
    reached: list[str] = []
    for _ in range(len(expected) + 15):
        pg.keyboard.press("Tab")
        state = pg.evaluate(FOCUS_STATE_JS)
        if state is None or (reached and state["key"] == reached[0]):
            break
        if state["key"] not in reached:
            reached.append(state["key"])
        if not state["visible"]:  # read once more: a style may not be applied yet
            pg.wait_for_timeout(100)
            state = pg.evaluate(FOCUS_STATE_JS) or state
        if not state["visible"]:
            problems.append(f"{label}: ingen synlig fokus på »{state['label']}«")
        if not state["onScreen"]:
            problems.append(f"{label}: fokus uden for skærmen på »{state['label']}«")
    missing = [desc for key, desc in expected if key not in reached]
    if missing:
        problems.append(f"{label}: nås ikke med Tab: {missing}")


def test_citizen_pages_at_200_percent_zoom_and_by_keyboard(world: World, browser: Any) -> None:
    # A 1280 px wide window at 200 % zoom: 640 CSS pixels, each drawn with 2 device pixels.
    context = browser.new_context(locale="da-DK", viewport={"width": 640, "height": 800},
                                  device_scale_factor=2)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    problems: list[str] = []
    link = world.links["zoom"]
    try:
        pg.goto(link)
        check_zoom_and_keyboard(pg, "forside", problems)
        pg.locator("summary").click()  # the data-protection notice, opened
        check_zoom_and_keyboard(pg, "forside med databeskyttelse", problems)
        pg.goto(link + "?lang=en")
        check_zoom_and_keyboard(pg, "forside (en)", problems)
        _button(pg, "Start the questionnaire").click()
        pg.goto(link + "?lang=da")
        for number in (1, 2, 3):
            expect(pg.get_by_text(f"Trin {number} af 3")).to_be_visible()
            check_zoom_and_keyboard(pg, f"trin {number}", problems)
            if number < 3:
                _button(pg, "Næste").click()
        pg.locator("#S12").evaluate("(el) => { el.value = 'x'.repeat(5001); }")
        _button(pg, "Send svar").click()
        expect(pg.locator(".error-summary")).to_be_visible()
        check_zoom_and_keyboard(pg, "trin 3 med fejl", problems)
        pg.locator("#S12").fill("Fint.")
        _button(pg, "Gem og fortsæt senere").click()
        expect(pg.get_by_role("heading", name="Dine svar er gemt")).to_be_visible()
        check_zoom_and_keyboard(pg, "gemt", problems)
        pg.goto(link)
        _button(pg, "Send svar").click()
        expect(pg.get_by_role("heading", name="Tak for dine svar")).to_be_visible()
        check_zoom_and_keyboard(pg, "tak", problems)
        pg.goto(link)
        check_zoom_and_keyboard(pg, "allerede besvaret", problems)
        pg.goto(world.links["expired"])
        check_zoom_and_keyboard(pg, "udløbet", problems)
        pg.goto(world.links["closed"])
        check_zoom_and_keyboard(pg, "lukket", problems)
        pg.goto(world.base + "/kode")
        check_zoom_and_keyboard(pg, "/kode", problems)
        pg.get_by_label("Kode").fill("XXXX")
        _button(pg, "Gå til spørgeskemaet").click()
        expect(pg.locator(".error-summary")).to_be_visible()
        check_zoom_and_keyboard(pg, "/kode med fejl", problems)
        pg.goto(world.base + "/tilgaengelighed")
        check_zoom_and_keyboard(pg, "tilgængelighed", problems)
        assert not problems, "\n".join(problems)
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "zoom-200.png"), full_page=True)
        raise
    finally:
        context.close()


# --------------------------------------------------------------------------- without JavaScript


def test_survey_works_without_javascript(world: World, browser: Any) -> None:
    context = browser.new_context(locale="da-DK", java_script_enabled=False,
                                  viewport={"width": 375, "height": 667})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    try:
        pg.goto(world.base + "/kode")
        pg.get_by_label("Kode").fill(world.codes["nojs"])
        _button(pg, "Gå til spørgeskemaet").click()
        pg.get_by_role("link", name="Read in English").click()
        _button(pg, "Start the questionnaire").click()
        expect(pg.get_by_text("Step 1 of 3")).to_be_visible()
        pg.get_by_role("link", name="Læs på dansk").click()
        expect(pg.get_by_text("Trin 1 af 3")).to_be_visible()
        for code in ("S01", "S02", "S03"):
            pg.locator(f"#{code}-4").check()
        _button(pg, "Næste").click()
        expect(pg.get_by_text("Trin 2 af 3")).to_be_visible()
        pg.locator("#S09-ja").check()
        _button(pg, "Tilbage").click()
        expect(pg.get_by_text("Trin 1 af 3")).to_be_visible()
        expect(pg.locator("#S02-4")).to_be_checked()
        _button(pg, "Næste").click()
        expect(pg.locator("#S09-ja")).to_be_checked()
        _button(pg, "Næste").click()
        pg.locator("#S12").fill("Ingen javascript, men det virkede\u0001")
        _button(pg, "Send svar").click()
        expect(pg.locator(".error-summary")).to_be_visible()
        expect(pg.locator("#S12")).to_have_value("Ingen javascript, men det virkede")
        _button(pg, "Gem og fortsæt senere").click()
        expect(pg.get_by_role("heading", name="Dine svar er gemt")).to_be_visible()
        pg.get_by_role("link", name="Fortsæt nu").click()
        _button(pg, "Send svar").click()
        expect(pg.get_by_role("heading", name="Tak for dine svar")).to_be_visible()
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "uden-javascript.png"), full_page=True)
        raise
    finally:
        context.close()


def test_citizen_pages_reflow_at_320_px(world: World, browser: Any) -> None:
    """WCAG 1.4.10: at 320 CSS pixels (400 % zoom) the citizen pages still need no sideways
    scrolling, in Danish and in English, with the data-protection notice open."""
    context = browser.new_context(locale="da-DK", viewport={"width": 320, "height": 640})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    link = world.links["reflow"]
    too_wide: list[str] = []

    def measure(label: str) -> None:
        pg.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        scroll, client = pg.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide.append(f"{label}: {scroll} > {client} px")

    try:
        for lang in ("da", "en"):
            pg.goto(f"{link}?lang={lang}")
            measure(f"forside ({lang})")
        pg.goto(f"{link}?lang=da")
        _button(pg, "Start spørgeskemaet").click()
        for number in (1, 2, 3):
            expect(pg.get_by_text(f"Trin {number} af 3")).to_be_visible()
            measure(f"trin {number}")
            if number < 3:
                _button(pg, "Næste").click()
        pg.locator("#S12").fill("ord" * 2000)  # one 6,000-character word: error and long text
        _button(pg, "Send svar").click()
        expect(pg.locator(".error-summary")).to_be_visible()
        measure("trin 3 med fejl og et meget langt ord")
        for path in ("/kode", "/tilgaengelighed", "/tak"):
            pg.goto(world.base + path)
            measure(path)
        pg.goto(world.links["expired"])
        measure("udløbet")
        assert not too_wide, "Vandret rulning ved 320 px:\n" + "\n".join(too_wide)
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "reflow-320.png"), full_page=True)
        raise
    finally:
        context.close()

"""Reading citizen pages in tests: forms, buttons, fields (stdlib HTML parser only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


@dataclass
class Form:
    method: str
    action: str | None
    hidden: dict[str, str] = field(default_factory=dict)
    # (name, value, text) of each submit button, in document order
    buttons: list[tuple[str | None, str | None, str]] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)  # name -> values
    checked: dict[str, str] = field(default_factory=dict)
    textareas: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.html_lang: str | None = None
        self.ids: list[str] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._button: list[str] | None = None
        self._button_attrs: dict[str, str | None] = {}
        self._textarea: str | None = None
        self._textarea_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag == "form":
            self._form = Form(method=(a.get("method") or "get").lower(), action=a.get("action"))
            self.forms.append(self._form)
        elif self._form is not None and tag == "input":
            kind = (a.get("type") or "text").lower()
            name = a.get("name") or ""
            if kind == "hidden":
                self._form.hidden[name] = a.get("value") or ""
            elif kind == "radio":
                self._form.radios.setdefault(name, []).append(a.get("value") or "")
                if "checked" in a:
                    self._form.checked[name] = a.get("value") or ""
            elif kind == "submit":
                self._form.buttons.append((a.get("name"), a.get("value"), a.get("value") or ""))
            else:
                self._form.texts[name] = a.get("value") or ""
        elif self._form is not None and tag == "button":
            if (a.get("type") or "submit").lower() == "submit":
                self._button = []
                self._button_attrs = a
        elif self._form is not None and tag == "textarea":
            self._textarea = a.get("name") or ""
            self._textarea_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "button" and self._button is not None and self._form is not None:
            text = " ".join("".join(self._button).split())
            attrs = self._button_attrs
            self._form.buttons.append((attrs.get("name"), attrs.get("value"), text))
            self._button = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            content = "".join(self._textarea_text)
            # As in browsers: a newline right after <textarea> is not part of the value.
            self._form.textareas[self._textarea] = content.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)
        if self._textarea is not None:
            self._textarea_text.append(data)


@dataclass
class Page:
    html: str
    forms: list[Form]
    html_lang: str | None
    ids: list[str]
    links: list[str]

    @property
    def post_forms(self) -> list[Form]:
        return [f for f in self.forms if f.method == "post"]

    @property
    def form(self) -> Form:
        forms = self.post_forms
        assert len(forms) == 1, f"expected exactly one POST form, found {len(forms)}"
        return forms[0]

    def text(self) -> str:
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", self.html)).split())


def parse(response_or_html: TestResponse | str) -> Page:
    html = (
        response_or_html
        if isinstance(response_or_html, str)
        else response_or_html.get_data(as_text=True)
    )
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return Page(html, parser.forms, parser.html_lang, parser.ids, parser.links)


def submit(
    client: FlaskClient,
    page: Page,
    answers: dict[str, str] | None = None,
    action: str = "next",
    url: str | None = None,
    drop_csrf: bool = False,
) -> TestResponse:
    """Post the page's single form the way a browser would (hidden fields + the answers)."""
    form = page.form
    data = dict(form.hidden)
    data.update(form.checked)
    data.update(form.textareas)
    data.update(form.texts)
    if drop_csrf:
        data.pop("csrf_token", None)
    data.update(answers or {})
    data["action"] = action
    return client.post(url or form.action or "/", data=data)

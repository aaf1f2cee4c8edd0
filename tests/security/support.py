"""Helpers for the security tests: every route (through the access matrix's world and
clients), all forms of a page, and a snapshot of every table to prove nothing was written."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from flask import Flask, url_for
from sqlalchemy import select

from survey.extensions import db
from tests.survey.test_access_matrix import (
    ROUND_ARGS,
    STATES,
    Access,
    World,
    allowed,
    classify,
    url_values,
)


@dataclass(frozen=True)
class Route:
    endpoint: str
    url: str
    state: str | None
    access: Access


def routes(app: Flask, world: World, method: str) -> list[Route]:
    """Every URL of every rule answering ``method``, once per round state when round-scoped."""
    found: list[Route] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if method not in (rule.methods or set()):
            continue
        # An endpoint not classified yet fails the access matrix test; here it is still
        # walked, as an advisor page.
        access = classify(rule.endpoint) or Access.ADVISOR
        scoped = bool(set(rule.arguments) & ROUND_ARGS)
        for state in STATES if scoped else ("aaben",):
            with app.test_request_context():
                url = url_for(rule.endpoint, **url_values(rule, world, state))
            found.append(Route(rule.endpoint, url, state if scoped else None, access))
    return found


def role_for(route: Route) -> str:
    """A role that may use the route (the advisor sees everything that is not public)."""
    if route.access is Access.PUBLIC:
        return "anonymous"
    assert allowed(route.access, "advisor", route.state)
    return "advisor"


# --------------------------------------------------------------------------- forms


@dataclass
class Form:
    action: str
    method: str
    hidden: dict[str, str] = field(default_factory=dict)
    text_fields: list[str] = field(default_factory=list)  # text/email/search/url/tel, textarea
    other: dict[str, str] = field(default_factory=dict)  # defaults: radios, selects, dates …
    files: list[str] = field(default_factory=list)
    passwords: list[str] = field(default_factory=list)

    def data(self, value: str) -> dict[str, str]:
        out = {**self.other, **self.hidden}
        out.update({name: value for name in self.text_fields})
        return out


class FormsParser(HTMLParser):
    TEXT_TYPES = {"text", "email", "search", "url", "tel", ""}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                form.hidden[name] = a.get("value", "")
            elif kind in self.TEXT_TYPES:
                form.text_fields.append(name)
            elif kind in ("radio", "checkbox"):
                if "checked" in a or name not in form.other:
                    form.other[name] = a.get("value", "on")
            elif kind == "date":
                form.other[name] = a.get("value") or dt.date.today().isoformat()
            elif kind == "number":
                form.other[name] = a.get("value") or "3"
            elif kind == "file":
                form.files.append(name)
            elif kind == "password":
                form.passwords.append(name)
        elif tag == "textarea" and name:
            form.text_fields.append(name)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in form.other:
                form.other[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = FormsParser()
    parser.feed(html)
    return parser.forms


# --------------------------------------------------------------------------- snapshots


def snapshot(app: Flask) -> dict[str, dict[str, str]]:
    """Every row of every table, as {table: {primary key: digest of the row}}."""
    out: dict[str, dict[str, str]] = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            pk = [c.name for c in table.primary_key.columns]
            rows: dict[str, str] = {}
            for row in db.session.execute(select(table)).mappings():
                key = "|".join(str(row[c]) for c in pk)
                rows[key] = hashlib.sha256(repr(sorted(row.items())).encode()).hexdigest()
            out[table.name] = rows
        db.session.remove()
    return out


def changes(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]
            ) -> dict[str, tuple[int, int, int]]:
    """{table: (inserted, updated, deleted)} for the tables that differ."""
    diff: dict[str, tuple[int, int, int]] = {}
    for table, rows in after.items():
        old = before.get(table, {})
        inserted = len(rows.keys() - old.keys())
        deleted = len(old.keys() - rows.keys())
        updated = sum(1 for k in rows.keys() & old.keys() if rows[k] != old[k])
        if inserted or deleted or updated:
            diff[table] = (inserted, updated, deleted)
    return diff


def html_of(response: Any) -> str:
    if "html" not in (response.content_type or ""):
        return ""
    return str(response.get_data(as_text=True))

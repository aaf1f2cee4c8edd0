"""The theme codebook as data: nine standard themes plus an advisor's custom themes.

Each theme has a Danish label, a definition and *phrase rules*: regular expressions over
normalised text (``analysis.text.normalise``) or stem sequences (``"send rundt"`` matched on the
space-joined stems of the answer). Rules give the learned coder its most general features; a
custom theme without enough labelled examples is coded by its rules alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "MIN_EXAMPLES_FOR_CLASSIFIER",
    "STANDARD_KEYS",
    "Codebook",
    "CustomTheme",
    "Rule",
    "Theme",
    "load_codebook",
]

STANDARD_KEYS: tuple[str, ...] = (
    "afgoerelse",
    "inddragelse",
    "information",
    "kommunikation",
    "procesretfaerdighed",
    "sagsbehandlingstid",
    "samarbejde",
    "tilgaengelighed",
    "tillid",
)
# A custom theme gets a learned classifier once it has this many labelled examples.
MIN_EXAMPLES_FOR_CLASSIFIER = 30
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


# --- matching all regex rules in one pass ---------------------------------------------------
# RE2 sets (google-re2) scan an answer once for every rule, where ``re`` would need a search
# per rule. RE2's ``\b``, ``\w`` and ``\d`` are ASCII-only, so RE2 sees an ASCII view of the
# text of the same length: lower-case ASCII as is, the letters the rules spell (æ, ø, å, é, …)
# as upper-case ASCII letters (normalised text is lower case, so these never clash), any other
# letter as "X", any other digit as "0" and anything else as "\x01" (no word character).
# Patterns RE2 cannot take (look-arounds, back references, ``{,n}``, flags, upper-case
# letters, escapes it reads differently) are searched with ``re`` instead; a test checks both
# paths agree on the whole corpus.
_LETTER_VIEW = "æøåéèêëáàâäöüïíóôúçñ"
_VIEW = {ord(c): "ABCDEFGHIJKLMNOPQRSTUVWYZ"[i] for i, c in enumerate(_LETTER_VIEW)}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_RANGE_NON_ASCII = re.compile(r"[^\x00-\x7f]-|-[^\x00-\x7f]")  # "[à-ÿ]": not a range in the view
# Escapes with the same meaning for RE2 on the ASCII view as for ``re`` on the text.
_SAFE_ESCAPES = frozenset("bBwWsSdD.\\-()[]{}*+?|^$/ &'\"!,:;<=>@#%`~_")
_RE2_MEMORY = 64 << 20  # per set; RE2 drops its DFA cache and goes on when it is full
_RE2_CHUNK = 300  # rules per set: smaller sets build far fewer DFA states on a cold start (10,000
# answers: 3.3 G instructions of matching in sets of 300, 4.4 G in 600; 150 hardly better)


def _other(ch: str) -> str:
    return "0" if ch.isdecimal() else "X" if ch.isalnum() or ch == "_" else "\x01"


# The same for Latin-1 text as a byte table (``bytes.translate`` runs in C).
_LATIN1_VIEW = bytes(
    c if c < 128 else ord(_VIEW.get(c) or _other(chr(c))) for c in range(256)
)


def ascii_view(normalised: str) -> bytes:
    """The text as RE2 sees it (same length, ASCII); see the comment above."""
    if normalised.isascii():
        return normalised.encode("ascii")
    try:
        return normalised.encode("latin-1").translate(_LATIN1_VIEW)
    except UnicodeEncodeError:
        view = _NON_ASCII.sub(lambda m: _VIEW.get(ord(m.group())) or _other(m.group()), normalised)
        return view.encode("ascii")


def _re2_pattern(pattern: str) -> str | None:
    """The pattern for the ASCII view, or None when RE2 cannot be trusted with it."""
    if "{," in pattern or "(?" in pattern.replace("(?:", "") or _RANGE_NON_ASCII.search(pattern):
        return None
    escaped = False
    for ch in pattern:
        if escaped:
            if ch not in _SAFE_ESCAPES:
                return None
            escaped = False
        elif ch == "\\":
            escaped = True
        elif "A" <= ch <= "Z" or (not ch.isascii() and ord(ch) not in _VIEW):
            return None
    return pattern.translate(_VIEW)


class RegexSet:
    """Which of many ``re`` patterns occur in a text, found in one RE2 pass per few hundred
    patterns (those RE2 cannot take are searched one by one with ``re``)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        import re2

        self.patterns = tuple(patterns)
        self._sets: list[tuple[Any, tuple[int, ...]]] = []
        fallback: list[int] = []
        batch: list[tuple[int, str]] = []
        for i, p in enumerate(self.patterns):
            view = _re2_pattern(p)
            if view is None:
                fallback.append(i)
            else:
                batch.append((i, view))
        for start in range(0, len(batch), _RE2_CHUNK):
            options = re2.Options()
            options.max_mem = _RE2_MEMORY
            options.log_errors = False
            rx_set = re2.Set.SearchSet(options)
            ids: list[int] = []
            for i, view in batch[start : start + _RE2_CHUNK]:
                try:
                    rx_set.Add(view)
                except re2.error:
                    fallback.append(i)
                    continue
                ids.append(i)
            if ids:
                rx_set.Compile()
                self._sets.append((rx_set, tuple(ids)))
        self._fallback = tuple((i, re.compile(self.patterns[i])) for i in sorted(fallback))

    def search(self, normalised: str) -> list[int]:
        """Indices of the patterns that ``re.search`` would find in ``normalised`` (sorted)."""
        found: list[int] = []
        if self._sets:
            view = ascii_view(normalised)
            for rx_set, ids in self._sets:
                hits = rx_set.Match(view)
                if hits:
                    found.extend(ids[h] for h in hits)
        for i, rx in self._fallback:
            if rx.search(normalised) is not None:
                found.append(i)
        found.sort()
        return found


@lru_cache(maxsize=16)
def _regex_set(patterns: tuple[str, ...]) -> RegexSet:
    return RegexSet(patterns)


_Entry = tuple[str, int, "Rule"]


@dataclass(frozen=True)
class Rule:
    """One phrase rule: ``kind`` is "regex" (normalised text) or "stems" (stem sequence)."""

    kind: str
    pattern: str
    stem_seq: str = field(default="", compare=False, repr=False)

    @classmethod
    def regex(cls, pattern: str, *, check: bool = True) -> Rule:
        """A regex rule; ``check`` compiles it now so that a bad pattern raises ``re.error``."""
        rule = cls("regex", pattern)
        if check:
            _ = rule.compiled
        return rule

    @classmethod
    def stems(cls, sequence: str) -> Rule:
        from .text import stem

        words = [stem(w) for w in sequence.lower().split()]
        return cls("stems", sequence, stem_seq=" ".join(words))

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        if self.kind == "stems":
            return re.compile(r"(?:^| )" + re.escape(self.stem_seq) + r"(?= |$)")
        return re.compile(self.pattern)

    def matches(self, normalised: str, stem_text: str) -> bool:
        if self.kind == "stems":
            return f" {self.stem_seq} " in f" {stem_text} "
        return self.compiled.search(normalised) is not None


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    definition: str
    rules: tuple[Rule, ...]
    custom: bool = False


@dataclass(frozen=True)
class CustomTheme:
    """A theme the advisor adds for a centre's focus area (rules as regex or stem sequences)."""

    key: str
    label: str
    definition: str = ""
    regexes: tuple[str, ...] = ()
    stem_sequences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    version: str
    themes: tuple[Theme, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.themes)

    def theme(self, key: str) -> Theme:
        for t in self.themes:
            if t.key == key:
                return t
        raise KeyError(key)

    @cached_property
    def _entries(self) -> tuple[_Entry, ...]:
        return tuple((t.key, i, r) for t in self.themes for i, r in enumerate(t.rules))

    @cached_property
    def _matchers(self) -> tuple[tuple[RegexSet, tuple[int, ...]], ...]:
        """Regex rules as RE2 sets (ids into ``_entries``): one for the standard themes, shared
        by every codebook built on them, and one for the custom themes."""
        out = []
        for custom in (False, True):
            ids = tuple(
                n
                for n, (key, _, r) in enumerate(self._entries)
                if r.kind == "regex" and self.theme(key).custom is custom
            )
            if ids:
                out.append((_regex_set(tuple(self._entries[n][2].pattern for n in ids)), ids))
        return tuple(out)

    @cached_property
    def _stem_rules(self) -> tuple[_Entry, ...]:
        return tuple(e for e in self._entries if e[2].kind == "stems")

    def rule_hits(self, normalised: str, stem_text: str) -> dict[str, list[int]]:
        """For each theme: indices of the rules that match (regex on the normalised text, stem
        rules on ``stem_text``, the space-joined stems)."""
        entries = self._entries
        found: dict[str, list[int]] = {}
        for matcher, ids in self._matchers:
            for h in matcher.search(normalised):
                key, i, _ = entries[ids[h]]
                found.setdefault(key, []).append(i)
        if self._stem_rules:
            padded = " " + stem_text + " "
            for key, i, r in self._stem_rules:
                if " " + r.stem_seq + " " in padded:
                    found.setdefault(key, []).append(i)
        if not found:
            return {}
        return {t.key: sorted(found[t.key]) for t in self.themes if t.key in found}


def _parse_rule(raw: dict[str, str]) -> Rule:
    if "regex" in raw:
        return Rule.regex(raw["regex"], check=False)  # shipped rules: checked by the tests
    if "stems" in raw:
        return Rule.stems(raw["stems"])
    raise ValueError(f"ukendt regeltype: {sorted(raw)}")


@lru_cache(maxsize=1)
def _standard() -> Codebook:
    raw = json.loads(resources.files("analysis").joinpath("data/codebook.json").read_text("utf-8"))
    themes = tuple(
        Theme(t["key"], t["label"], t["definition"], tuple(_parse_rule(r) for r in t["rules"]))
        for t in raw["themes"]
    )
    return Codebook(str(raw["version"]), themes)


def load_codebook(extra: Iterable[CustomTheme] = ()) -> Codebook:
    """The standard codebook plus custom themes (validated: key format, unique, valid regex)."""
    base = _standard()
    extra = tuple(extra)
    if not extra:
        return base
    themes = list(base.themes)
    seen = set(base.keys)
    for c in extra:
        if not _KEY.match(c.key):
            raise ValueError(f"ugyldig temanøgle: {c.key!r}")
        if c.key in seen:
            raise ValueError(f"temaet findes allerede: {c.key}")
        seen.add(c.key)
        rules: list[Rule] = []
        for rx in c.regexes:
            try:
                rules.append(Rule.regex(rx))
            except re.error as exc:
                raise ValueError(f"ugyldigt mønster i tema {c.key}: {exc}") from exc
        rules.extend(Rule.stems(s) for s in c.stem_sequences if s.strip())
        themes.append(Theme(c.key, c.label, c.definition, tuple(rules), custom=True))
    return Codebook(base.version, tuple(themes))

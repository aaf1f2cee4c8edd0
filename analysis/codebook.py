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


_WORDSTART = re.compile(r"\b[a-zæøå0-9]{3}")
_LITERAL = re.compile(r"[a-zæøå0-9 '-]+")
_ALTS = re.compile(r"\(\?:([a-zæøå0-9 '|-]+)\)")


def _top_level_alternation(pattern: str) -> bool:
    depth, escaped, in_class = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _prefilter(pattern: str) -> tuple[str, ...]:
    """Literal strings of which at least one must occur for ``pattern`` to match (speed-up).

    Empty when no safe literal is found (the regex is then always run).
    """
    if _top_level_alternation(pattern):
        return ()
    body = pattern[2:] if pattern.startswith(r"\b") else pattern
    alts: list[str]
    m = _ALTS.match(body)
    if m:
        alts, rest = m.group(1).split("|"), body[m.end() :]
        if rest[:1] in ("?", "*", "{"):
            return ()
        return tuple(alts) if all(len(a) >= 2 for a in alts) else ()
    m = _LITERAL.match(body)
    if not m:
        return ()
    lit, rest = m.group(0), body[m.end() :]
    if rest[:1] in ("?", "*", "{"):
        lit = lit[:-1]
    return (lit,) if len(lit.strip()) >= 3 else ()


@dataclass(frozen=True)
class Rule:
    """One phrase rule: ``kind`` is "regex" (normalised text) or "stems" (stem sequence)."""

    kind: str
    pattern: str
    compiled: re.Pattern[str] = field(compare=False, repr=False)
    needs: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def regex(cls, pattern: str) -> Rule:
        return cls("regex", pattern, re.compile(pattern), _prefilter(pattern))

    def matches(self, normalised: str, stem_text: str) -> bool:
        if self.kind == "stems":
            return self.compiled.search(stem_text) is not None
        if not self.needs:
            return self.compiled.search(normalised) is not None
        # Every match starts with one of the needed literals: try the regex only there.
        match = self.compiled.match
        for lit in self.needs:
            i = normalised.find(lit)
            while i != -1:
                if match(normalised, i):
                    return True
                i = normalised.find(lit, i + 1)
        return False

    @classmethod
    def stems(cls, sequence: str) -> Rule:
        from .text import stem

        words = [stem(w) for w in sequence.lower().split()]
        rx = r"(?:^| )" + " ".join(re.escape(w) for w in words) + r"(?= |$)"
        return cls("stems", sequence, re.compile(rx))


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
    def _index(self) -> tuple[dict[str, list[tuple[str, int, Rule]]], list[tuple[str, int, Rule]]]:
        """Rules indexed by the first three letters of a word they need; the rest always run."""
        by_prefix: dict[str, list[tuple[str, int, Rule]]] = {}
        always: list[tuple[str, int, Rule]] = []
        for t in self.themes:
            for i, r in enumerate(t.rules):
                entry = (t.key, i, r)
                heads = [n.split(" ")[0] for n in r.needs]
                if (
                    r.kind == "regex"
                    and r.pattern.startswith(r"\b")
                    and heads
                    and all(len(h) >= 3 and h.isalnum() for h in heads)
                ):
                    for h in {h[:3] for h in heads}:
                        by_prefix.setdefault(h, []).append(entry)
                else:
                    always.append(entry)
        return by_prefix, always

    def rule_hits(self, normalised: str, stem_text: str) -> dict[str, list[int]]:
        """For each theme: indices of the rules that match (regex on text, stems on stem_text)."""
        by_prefix, always = self._index
        found: dict[str, set[int]] = {}
        for key, i, r in always:
            if r.matches(normalised, stem_text):
                found.setdefault(key, set()).add(i)
        # Indexed rules start with a needed literal at a word start: try them only there.
        for m in _WORDSTART.finditer(normalised):
            for key, i, r in by_prefix.get(m.group(), ()):
                hit = found.get(key)
                if (hit is None or i not in hit) and r.compiled.match(normalised, m.start()):
                    found.setdefault(key, set()).add(i)
        return {t.key: sorted(found[t.key]) for t in self.themes if t.key in found}


def _parse_rule(raw: dict[str, str]) -> Rule:
    if "regex" in raw:
        return Rule.regex(raw["regex"])
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

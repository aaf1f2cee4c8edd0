"""The theme codebook as data: nine standard themes plus an advisor's custom themes.

Each theme has a Danish label, a definition and *phrase rules*: regular expressions over
normalised text (``analysis.text.normalise``) or stem sequences (``"send rundt"`` matched on the
space-joined stems of the answer). Rules give the learned coder its most general features; a
custom theme without enough labelled examples is coded by its rules alone.
"""

from __future__ import annotations

import importlib
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


_parser: Any = importlib.import_module("re._parser")
_consts: Any = importlib.import_module("re._constants")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzæøåéüöä")
# Very frequent words: a rule is better triggered by a rarer literal than by one of these.
_COMMON = (
    "ad af alle alt andet andre at bare blev blive bliver da de dem den denne der deres det dette "
    "dig din dine disse dit du efter eller en end er et for fra få fik gjorde gør han hans har "
    "havde have hende hendes her hos hun hvad hvem hver hvilke hvilken hvis hvor hvordan hvorfor "
    "i ind jeg jer jeres kan kom kunne man mange med meget mellem men mig min mine mit mod må ned "
    "noget nogle nu når og også om op os over på sig sin sine sit skal skulle som så sådan til "
    "ud under var vi vil ville vores være været ikke aldrig ingen intet tid dag kommunen sagen "
    "sagsbehandler sagsbehandleren vores os selv godt god"
).split()


def _piece_cost(piece: str) -> float:
    """Rough frequency of a trigger: "=w" a whole word, "^w" a word start, "~w" anywhere."""
    mode, text = piece[0], piece[1:]
    if mode == "=":
        return (30.0 if text in _COMMON else 0.0) + 4.0 / len(text)
    if mode == "^":
        return 12.0 * sum(1 for w in _COMMON if w.startswith(text)) + 8.0 / len(text)
    return 12.0 * sum(1 for w in _COMMON if text in w) + 25.0 / len(text)


_Option = tuple[float, frozenset[str]]


def _required(
    seq: list[Any], word_start: bool, collect: list[_Option] | None = None
) -> _Option | None:
    """A set of trigger pieces (see ``_piece_cost``), one of which occurs in every match of
    ``seq``, and its cost (lower = rarer); None when no such set is known. ``word_start``: the
    sequence starts at a word start."""
    options: list[_Option] = []
    run = ""
    run_start = word_start

    def flush(word_end: bool) -> None:
        nonlocal run
        parts = re.split(r"([^a-zæøåéüöä])", run)
        starts = run_start
        for k in range(0, len(parts), 2):
            piece = parts[k]
            ends = k + 1 < len(parts) or word_end
            if len(piece) >= 2:
                mode = ("=" if ends else "^") if starts else "~"
                options.append((_piece_cost(mode + piece), frozenset({mode + piece})))
            if k + 1 < len(parts):
                starts = parts[k + 1] in " -"
        run = ""

    prev_boundary = word_start
    for op, av in seq:
        if op is _consts.LITERAL:
            if not run:
                run_start = prev_boundary
            run += chr(av)
            prev_boundary = chr(av) in " -"
            continue
        if op is _consts.AT:
            if run:
                flush(av is _consts.AT_BOUNDARY)
            prev_boundary = av in (_consts.AT_BOUNDARY, _consts.AT_BEGINNING)
            continue
        if run:
            flush(False)
        sub: list[Any] | None = None
        if op is _consts.SUBPATTERN:
            sub = list(av[-1])
        elif op in (_consts.MAX_REPEAT, _consts.MIN_REPEAT, _consts.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                sub = list(av[2])
        elif op is _consts.BRANCH:
            alts = [_required(list(alt), prev_boundary) for alt in av[1]]
            if all(x is not None for x in alts):
                pieces = frozenset().union(*(x[1] for x in alts if x is not None))
                options.append((sum(x[0] for x in alts if x is not None), pieces))
        if sub is not None:
            found = _required(sub, prev_boundary)
            if found is not None:
                options.append(found)
        prev_boundary = False
    if run:
        flush(False)
    if collect is not None:
        collect.extend(options)
    return min(options, key=lambda o: (o[0], sorted(o[1]))) if options else None


def _triggers(pattern: str) -> frozenset[str]:
    """Trigger pieces of which one occurs in every match; empty if unknown."""
    if pattern.startswith(r"\b"):
        variants = _variants(pattern[2:])
        if variants:
            pieces: set[str] = set()
            for v in variants:
                found = _triggers_of(v, True)
                if not found:
                    return _triggers_of(pattern, False)
                pieces |= found
            return frozenset(pieces)
    return _triggers_of(pattern, False)


def _triggers_of(pattern: str, word_start: bool) -> frozenset[str]:
    try:
        found = _required(list(_parser.parse(pattern)), word_start)
    except (re.error, RecursionError):
        return frozenset()
    return found[1] if found is not None else frozenset()


def _guard(pattern: str, triggers: frozenset[str]) -> tuple[str, ...]:
    """Substrings of which one occurs in every match, other than the triggers: a second cheap
    check before the regex runs (e.g. "tid" for ``\\bfik tid\\b`` triggered by "fik")."""
    options: list[_Option] = []
    try:
        _required(list(_parser.parse(pattern)), False, options)
    except (re.error, RecursionError):
        return ()
    used = {t[1:] for t in triggers}
    for _, pieces in sorted(options, key=lambda o: (o[0], sorted(o[1]))):
        texts = sorted({p[1:] for p in pieces})
        if (
            len(texts) <= 4
            and not set(texts) <= used
            and not any(u in t for t in texts for u in used)
        ):
            return tuple(texts)
    return ()


def _split_top(p: str) -> list[str]:
    """``p`` split at top-level ``|`` (outside groups and classes)."""
    parts: list[str] = []
    depth, escaped, in_class, cur = 0, False, False, ""
    for ch in p:
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
            parts.append(cur)
            cur = ""
            continue
        cur += ch
    parts.append(cur)
    return parts


def _group_end(p: str) -> int:
    """Index of the ``)`` closing the group that opens at ``p[0]``; -1 if unbalanced."""
    depth, escaped, in_class = 0, False, False
    for i, ch in enumerate(p):
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
            if depth == 0:
                return i
    return -1


_LEAD = re.compile(r"[a-zæøåéüöä]{2}")


def _variants(p: str, budget: int = 24) -> list[str] | None:
    """Patterns (without the leading ``\b``) whose union is ``\b`` + ``p``, each starting with
    at least two literal letters, so ``re`` can search them with its literal-prefix scan."""
    parts = _split_top(p)
    if len(parts) > 1:
        out: list[str] = []
        for part in parts:
            if not part.startswith(r"\b"):
                return None
            sub = _variants(part[2:], budget - len(out))
            if sub is None:
                return None
            out.extend(sub)
        return out if len(out) <= budget else None
    if _LEAD.match(p):
        return [p]
    if not p.startswith("(?:"):
        return None
    j = _group_end(p)
    if j < 0:
        return None
    inner, rest = p[3:j], p[j + 1 :]
    optional = rest.startswith("?") and not rest.startswith("??")
    if optional:
        rest = rest[1:]
    elif rest[:1] in ("*", "+", "{", "?"):
        return None
    # A word boundary after the group stays on every variant ("(?:somali|arab)\b" must not
    # match "somalia").
    cands = [a + rest for a in _split_top(inner)] + ([rest] if optional else [])
    out = []
    for c in cands:
        if not c:
            return None
        sub = _variants(c, budget - len(out))
        if sub is None:
            return None
        out.extend(sub)
        if len(out) > budget:
            return None
    return out


_Entry = tuple[str, int, "Rule"]


@dataclass(frozen=True)
class Rule:
    """One phrase rule: ``kind`` is "regex" (normalised text) or "stems" (stem sequence).

    ``triggers``: literal word pieces of which one occurs in every match (the rule is tried only
    in answers with a word containing one); empty when unknown (the rule is always tried).
    A leading ``\\b`` is checked in Python so that ``re`` can use its fast literal-prefix search.
    """

    kind: str
    pattern: str
    compiled: re.Pattern[str] = field(compare=False, repr=False)
    triggers: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    fast: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    stem_seq: str = field(default="", compare=False, repr=False)
    guard: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def regex(cls, pattern: str) -> Rule:
        compiled = re.compile(pattern)
        fast: tuple[re.Pattern[str], ...] = ()
        variants = _variants(pattern[2:]) if pattern.startswith(r"\b") else None
        if variants:
            try:
                fast = tuple(re.compile(v) for v in variants)
            except re.error:
                fast = ()
        triggers = _triggers(pattern)
        return cls("regex", pattern, compiled, triggers, fast, guard=_guard(pattern, triggers))

    def matches(self, normalised: str, stem_text: str) -> bool:
        if self.kind == "stems":
            return self.compiled.search(stem_text) is not None
        if not self.fast:
            return self.compiled.search(normalised) is not None
        end = len(normalised)
        for fast in self.fast:
            m = fast.search(normalised)
            while m is not None:
                i = m.start()
                before = i > 0 and _is_word(normalised[i - 1])
                if before != (i < end and _is_word(normalised[i])):
                    return True  # \\b holds at the match start
                m = fast.search(normalised, i + 1)
        return False

    @classmethod
    def stems(cls, sequence: str) -> Rule:
        from .text import stem

        words = [stem(w) for w in sequence.lower().split()]
        rx = r"(?:^| )" + " ".join(re.escape(w) for w in words) + r"(?= |$)"
        return cls("stems", sequence, re.compile(rx), stem_seq=" ".join(words))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


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
    def _index(
        self,
    ) -> tuple[dict[str, tuple[int, ...]], list[_Entry], tuple[int, ...], int, bool]:
        """Regex rules (ids into ``_entries``) by trigger piece; stem rules; ids of regex rules
        without triggers; the longest trigger piece; whether any piece is a "~" substring."""
        by_piece: dict[str, list[int]] = {}
        always: list[int] = []
        stem_rules: list[_Entry] = []
        for n, (key, i, r) in enumerate(self._entries):
            if r.kind == "stems":
                stem_rules.append((key, i, r))
            elif r.triggers:
                for piece in r.triggers:
                    by_piece.setdefault(piece, []).append(n)
            else:
                always.append(n)
        longest = max((len(k) - 1 for k in by_piece), default=0)
        anywhere = any(k[0] == "~" for k in by_piece)
        index = {k: tuple(v) for k, v in by_piece.items()}
        return index, stem_rules, tuple(always), longest, anywhere

    @cached_property
    def _entries(self) -> tuple[_Entry, ...]:
        return tuple((t.key, i, r) for t in self.themes for i, r in enumerate(t.rules))

    @cached_property
    def _word_cache(self) -> dict[str, tuple[int, ...]]:
        return {}

    def triggered(self, word: str) -> tuple[int, ...]:
        """Ids of the regex rules a word token can trigger (cached per distinct word)."""
        cache = self._word_cache
        found = cache.get(word)
        if found is None:
            by_piece, _, _, longest, anywhere = self._index
            hit: set[int] = set()
            parts = [word, *word.split("-")] if "-" in word else [word]
            for part in parts:
                n = len(part)
                ids = by_piece.get("=" + part)
                if ids is not None:
                    hit.update(ids)
                for j in range(2, min(n, longest) + 1):
                    ids = by_piece.get("^" + part[:j])
                    if ids is not None:
                        hit.update(ids)
                if anywhere:
                    for i in range(n - 1):
                        for j in range(i + 2, min(n, i + longest) + 1):
                            ids = by_piece.get("~" + part[i:j])
                            if ids is not None:
                                hit.update(ids)
            found = tuple(sorted(hit))
            if len(cache) > 200_000:
                cache.clear()
            cache[word] = found
        return found

    def rule_hits(
        self, normalised: str, stem_text: str, words: Iterable[str] | None = None
    ) -> dict[str, list[int]]:
        """For each theme: indices of the rules that match (regex on text, stems on stem_text).

        A regex rule is tried only when one of the answer's ``words`` (default: all word tokens
        of ``normalised``) contains one of its trigger pieces.
        """
        _, stem_rules, always, _, _ = self._index
        entries = self._entries
        if words is None:
            words = _WORDS.findall(normalised)
        cache = self._word_cache
        todo: set[int] = set(always)
        for w in set(words):
            ids = cache.get(w)
            if ids is None:
                ids = self.triggered(w)
            if ids:
                todo.update(ids)
        found: dict[str, set[int]] = {}
        end = len(normalised)
        for n in todo:
            key, i, r = entries[n]
            guard = r.guard
            if guard and not any(g in normalised for g in guard):
                continue
            if r.fast:
                hit = False
                for fast in r.fast:  # inlined Rule.matches (hot loop)
                    m = fast.search(normalised)
                    while m is not None:
                        j = m.start()
                        if (j > 0 and _is_word(normalised[j - 1])) != (
                            j < end and _is_word(normalised[j])
                        ):
                            hit = True
                            break
                        m = fast.search(normalised, j + 1)
                    if hit:
                        break
            else:
                hit = r.matches(normalised, stem_text)
            if hit:
                found.setdefault(key, set()).add(i)
        if stem_rules:
            padded = " " + stem_text + " "
            for key, i, r in stem_rules:
                if " " + r.stem_seq + " " in padded:
                    found.setdefault(key, set()).add(i)
        if not found:
            return {}
        return {t.key: sorted(found[t.key]) for t in self.themes if t.key in found}


_WORDS = re.compile(r"[a-zæøåéüöä]+(?:-[a-zæøåéüöä]+)*")


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

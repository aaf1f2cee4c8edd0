"""ADRESSE: street name + house number (+ letter, floor/side, postcode and town).

A street name alone ("Nybrovej", "Lyngby Torv") or a town alone ("vi bor i Virum") is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from analysis.pii import Hit
from analysis.pii.lexicon import common_words
from analysis.pii.scan import keyword_matches, matches_at, occurrences

_L = "A-Za-zÆØÅæøåÄÖÜäöüÉéÈè"
# Suffixes of compound street names (capitalised word): Kongevejen, Skovbrynet, Fuglevad Vænge …
_SUFFIXES_ANY = (
    "vej|vejen|gade|gaden|allé|alle|alléen|vænge|vænget|parken|park|stræde|strædet|plads|pladsen|"
    "torv|torvet|bakke|bakken|bakkerne|høj|højen|højene|have|haven|haverne|toft|toften|bryn|brynet|lund|"
    "lunden|hegn|hegnet|sti|stien|kær|kæret|mose|mosen|skov|skoven|eng|engen|enge|engene|mark|marken|"
    "løkke|løkken|gård|gården|gårde|vang|vangen|ring|ringen|boulevard|brink|brinken|dige|diget|krog|"
    "krogen|dal|dalen|ager|agre|agrene|huse|husene|holm|holmen|lyst|banke|ø|øen|sving|svinget|kvarter|"
    "kvarteret|passage|passagen|kilde|kilden|bro|broen|hus|hjørne|hjørnet|vold|volden|port|porten|"
    "tofte|toften|bjerg|bjerget|bo|kollegiet|center|centret|sted|stedet|rækken|linie|linien|lykke|"
    "drag|draget|skrænt|skrænten|stykket|lien|gyde|gyden|tangen|næs|næsset|udsigten"
)
_SUFFIXES_STRONG = (
    "vej|vejen|gade|gaden|allé|alle|alléen|stræde|strædet|plads|pladsen|boulevard|torv|torvet"
)
_STANDALONE = (
    "Allé|Alle|Vej|Vejen|Gade|Boulevard|Plads|Torv|Vænge|Stræde|Landevej|Hovedgade|Park|Bakke|Have|"
    "Høj|Hegn|Mark|Sti|Vang|Toft|Ager|Huse|Kvarter|Port"
)
# A house letter: "12B", "12b", "12 B" – not "9 i næste måned" (lower case after a space).
_NUM = r"(?:nr\.?\s?)?(?P<num>[1-9][0-9]{0,2}(?:(?:[A-Za-z]|\s[A-HJ-Z])(?![\w]))?)"
_FLOOR = (
    r"(?:,?\s?(?:(?:st|kl|stuen|kælder|kld)(?:\.|(?![\w]))|[0-9]{1,2}\.?\s?(?:sal|th|tv|mf|t\.h|t\.v)(?:\.|(?![\w])))"
    r"(?:,?\s?(?:th|tv|mf|t\.h|t\.v|dør\s?[0-9]+)(?:\.|(?![\w])))?)?"
)
_TOWN = (
    r"(?:,?\s?(?:DK-?)?[1-9][0-9]{3}\s(?:(?:Kgs\.|Kongens|Nørre|Søndre|Store|Lille|Vester|Øster|Ny|Gl\.)\s?)?"
    rf"[A-ZÆØÅ][{_L}\-]+(?:\s(?:[NSVØCK]|NV|SV|SØ|NØ)\b)?)?"
)
_PREFIX_WORDS = rf"(?:(?:[A-ZÆØÅ][{_L}'.\-]*|H\.C\.|Gl\.|Ndr\.|Sdr\.|Ved|ved)\s)"

STREET_RE = re.compile(
    rf"(?P<prefix>{_PREFIX_WORDS}{{0,2}})"
    rf"(?P<street>(?:[A-ZÆØÅ][{_L}'\-]*(?:{_SUFFIXES_ANY})|[a-zæøå][{_L}'\-]*(?:{_SUFFIXES_STRONG})|"
    rf"(?<=\s)(?:{_STANDALONE})))"
    rf"\s{_NUM}(?![0-9]|[.,][0-9])"
    rf"(?P<floor>{_FLOOR})(?P<town>{_TOWN})"
)
# The same street, without the prefix words, matched from a known start (see ``find``).
_STREET_AT_RE = re.compile(
    rf"(?P<street>(?:[A-ZÆØÅ][{_L}'\-]*(?:{_SUFFIXES_ANY})|[a-zæøå][{_L}'\-]*(?:{_SUFFIXES_STRONG})|"
    rf"(?<=\s)(?:{_STANDALONE})))"
    rf"\s{_NUM}(?![0-9]|[.,][0-9])"
    rf"(?P<floor>{_FLOOR})(?P<town>{_TOWN})"
)
_PREFIX_TAIL_RE = re.compile(rf"(?:{_PREFIX_WORDS}){{1,2}}\Z")
# Fast anchors: a word followed by a house number. Each pattern starts with a literal or a
# case-sensitive character class, so the regex engine skips ahead without trying every position.
_ANCHOR_CAP_RE = re.compile(rf"[A-ZÆØÅ][{_L}'\-]*\.?\s(?:nr\.?\s?)?[1-9]")
_ANCHOR_LOW_RE = re.compile(rf"(?:{_SUFFIXES_STRONG})\s(?:nr\.?\s?)?[1-9]")
_WORD_CHARS = frozenset(
    _L.replace("A-Z", "ABCDEFGHIJKLMNOPQRSTUVWXYZ").replace("a-z", "abcdefghijklmnopqrstuvwxyz")
    + "'-"
)
# Context: "bor på Xxx 12", "adressen er Xxx 12" – any capitalised word(s) + number.
CONTEXT_RE = re.compile(
    rf"(?i:bor|boede|bosat|adresse|adressen|adressen er|flyttet til|flytter til|flyttede til|bopæl)"
    rf"\s(?:(?i:på|i|er|til)\s)?(?P<street>(?:[A-ZÆØÅ][{_L}'.\-]*\s){{0,2}}[A-ZÆØÅ][{_L}'\-]+)"
    rf"\s{_NUM}(?![0-9]|[.,][0-9])(?P<floor>{_FLOOR})(?P<town>{_TOWN})"
)
_NOT_ADDRESS_AFTER = re.compile(
    r"\s?(?:gange?|år|års|dage?|uger?|måneder|mdr|timer?|minutter|min|kr|kroner|husstande|børn|personer|"
    r"mennesker|procent|%|meter|m\b|km|stk|klasse|sider?|point|grader|familier|naboer|elever)\b",
    re.IGNORECASE,
)


# Every CONTEXT_RE match starts with one of these (case-insensitively).
_CONTEXT_KEYS = ("bor", "boede", "bosat", "bopæl", "adresse", "flytte")


def _ok(text: str, m: re.Match[str]) -> bool:
    num_end = m.end("num")
    if not m.group("floor") and not m.group("town") and _NOT_ADDRESS_AFTER.match(text, num_end):
        return False
    return True


# Every _ANCHOR_LOW_RE match starts with one of these (found with ``find``, which skips ahead
# far faster than the regex engine tries the alternation at every position).
_ANCHOR_LOW_KEYS = ("vej", "gade", "all", "stræde", "plads", "boulevard", "torv")


def _street_starts(text: str, digits_from: int = 0, upper: list[int] | None = None) -> list[int]:
    """Start positions of words that may begin a street name followed by a house number;
    ``digits_from``: no ASCII digit stands before this index; ``upper``: every position of an
    upper-case letter (where an _ANCHOR_CAP_RE match can start)."""
    if upper is None:
        out = [m.start() for m in _ANCHOR_CAP_RE.finditer(text)]
    else:
        cap_starts = upper[bisect_left(upper, _cap_from(text, digits_from)) :]
        out = [m.start() for m in matches_at(_ANCHOR_CAP_RE, text, cap_starts)]
    # An _ANCHOR_LOW_RE match starts at most 14 characters before its digit ("boulevard nr. 1").
    low_from = max(0, digits_from - 14)
    for m in matches_at(_ANCHOR_LOW_RE, text, occurrences(text, _ANCHOR_LOW_KEYS, low_from)):
        j = m.start()
        while j > 0 and text[j - 1] in _WORD_CHARS:
            j -= 1
        out.append(j)
    return sorted(set(out))


def _cap_from(text: str, digits_from: int) -> int:
    """No _ANCHOR_CAP_RE match starts before this index. A match holds no digit before its
    house number, so one that starts before the first digit ends at it; its word ends at most six
    characters before the digit (".", a space, "nr. "), and the match starts within that word
    (the run of word characters there)."""
    pos = max(0, digits_from - 6)
    while pos > 0 and text[pos - 1] in _WORD_CHARS:
        pos -= 1
    return pos


_RUN_RE = re.compile(rf"[{_L}'\-]*")
_ANY_SUFFIXES = tuple(_SUFFIXES_ANY.split("|"))
_STRONG_SUFFIXES = tuple(_SUFFIXES_STRONG.split("|"))
_STANDALONE_WORDS = frozenset(_STANDALONE.split("|"))
_UPPER_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ")
_LOWER_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzæøå")


def _street_possible(text: str, start: int) -> bool:
    """Whether _STREET_AT_RE can match at ``start`` (a cheap test before the large pattern): its
    street is the whole run of word characters from ``start`` (suffixes are made of them, the
    whitespace after is not), ending in a street suffix or being a standalone street word."""
    run = _RUN_RE.match(text, start + 1)
    end = start + 1 if run is None else run.end()
    if end >= len(text) or not text[end].isspace():
        return False
    first = text[start]
    if first in _UPPER_FIRST and text[start + 1 : end].endswith(_ANY_SUFFIXES):
        return True
    if first in _LOWER_FIRST and text[start + 1 : end].endswith(_STRONG_SUFFIXES):
        return True
    return start > 0 and text[start - 1].isspace() and text[start:end] in _STANDALONE_WORDS


def _streets(text: str, starts: list[int]) -> list[re.Match[str]]:
    """Matches of the street pattern, as ``STREET_RE.finditer`` would give them (without prefix);
    ``starts`` from ``_street_starts``."""
    matches: list[re.Match[str]] = []
    last_end = 0
    for start in starts:
        if start < last_end or not _street_possible(text, start):
            continue
        m = _STREET_AT_RE.match(text, start)
        if m is None:
            continue
        matches.append(m)
        last_end = m.end()
    return matches


def find(
    text: str, low: str | None = None, digits_from: int = 0, upper: list[int] | None = None
) -> list[Hit]:
    """Addresses; ``digits_from``: no ASCII digit stands before this index; ``upper``: every
    position of an upper-case letter (more do no harm) when the caller has them."""
    hits: list[Hit] = []
    starts = _street_starts(text, digits_from, upper)
    if not starts:
        return hits
    common = common_words()
    for m in _streets(text, starts):
        if not _ok(text, m):
            continue
        start = m.start("street")
        # Keep capitalised non-function prefix words ("Lyngby Hovedgade", "Gl. Kongevej").
        pm = _PREFIX_TAIL_RE.search(text, max(0, start - 60), start)
        prefix = pm.group(0) if pm is not None else ""
        if prefix:
            words = prefix.split()
            keep = 0
            for w in reversed(words):
                if w.lower().rstrip(".") in common:
                    break
                keep += 1
            kept = words[len(words) - keep :]
            if kept:
                start = m.start("street") - len(" ".join(kept)) - 1
        street_word = m.group("street")
        if street_word in _STANDALONE.split("|") and start == m.start("street"):
            continue  # "Vej 3" without a name
        end = m.end()
        while end > start and text[end - 1] in " ,":
            end -= 1
        hits.append((start, end, "ADRESSE"))
    if low is None:
        low = text.lower()
    if not (
        "bor" in low
        or "boede" in low
        or "bosat" in low
        or "bopæl" in low
        or "adresse" in low
        or "flytte" in low
    ):
        return hits
    for m in keyword_matches(CONTEXT_RE, text, low, _CONTEXT_KEYS):
        if not _ok(text, m):
            continue
        first = m.group("street").split()[0].lower()
        if first in common:
            continue
        end = m.end()
        while end > m.start("street") and text[end - 1] in " ,":
            end -= 1
        hits.append((m.start("street"), end, "ADRESSE"))
    return hits

"""ADRESSE: street name + house number (+ letter, floor/side, postcode and town).

A street name alone ("Nybrovej", "Lyngby Torv") or a town alone ("vi bor i Virum") is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from analysis.pii import Hit
from analysis.pii.lexicon import all_names, common_words, places
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
# More house numbers of one street: a range "4-8", "12A–14" or a list "2, 4 og 6" (see ``_end``).
_MORE = (
    r"(?P<more>\s?[-\u2013]\s?[1-9][0-9]{0,2}[A-Za-z]?(?![\w]|[-/.,][0-9])"
    r"|(?:,\s?[1-9][0-9]{0,2}[A-Za-z]?(?![\w]))*\s(?:og|&)\s[1-9][0-9]{0,2}[A-Za-z]?(?![\w]|[.,][0-9]))?"
)
_FLOOR = (
    r"(?:,?\s?[0-9]{1,2}\.(?=,?\s?[1-9][0-9]{3}(?![0-9]))"  # "Kirkestræde 5, 1., 4300 Holbæk"
    r"|,?\s?(?:(?:st|kl|stuen|kælder|kld)(?:\.|(?![\w]))|[0-9]{1,2}\.?\s?(?:sal|th|tv|mf|t\.h|t\.v)(?:\.|(?![\w])))"
    r"(?:,?\s?(?:th|tv|mf|t\.h|t\.v|dør\s?[0-9]+)(?:\.|(?![\w])))?)?"
)
# Capitalised adjectives that start street names ("Lille Lyngvej", "Gamle Kongevej").
_NAME_ADJECTIVES = frozenset("lille store gamle nye ny gammel nørre søndre vester øster".split())
_TOWN_PREFIX = r"(?:(?:Kgs\.|Kongens|Nørre|Søndre|Store|Lille|Vester|Øster|Ny|Gl\.)\s?)"
# A district letter ("København N") or a region's abbreviation ("Viby Sj.", "Nykøbing F.").
_TOWN_NAME = rf"[A-ZÆØÅ][{_L}\-]+(?:\s(?:[NSVØCK]|NV|SV|SØ|NØ)\b|\s(?:Sj|J|F|M|L)\.)?"
# Postcode with or without a town ("2830 Virum", ", 3650"), or after a comma a town alone
# (", Liseleje", ", Kgs. Lyngby"); the forms without both are checked in ``_end``.
_TOWN = (
    rf"(?:,?\s?(?:DK-?)?[1-9][0-9]{{3}}(?![0-9]|[-/.,\u2013][0-9])"
    rf"(?P<pname>\s{_TOWN_PREFIX}?{_TOWN_NAME})?"
    rf"|,\s?(?P<tname>{_TOWN_PREFIX}?{_TOWN_NAME}))?"
)
_PREFIX_WORDS = rf"(?:(?:[A-ZÆØÅ][{_L}'.\-]*|H\.C\.|Gl\.|Ndr\.|Sdr\.|Ved|ved)\s)"

STREET_RE = re.compile(
    rf"(?P<prefix>{_PREFIX_WORDS}{{0,2}})"
    rf"(?P<street>(?:[A-ZÆØÅ][{_L}'\-]*(?:{_SUFFIXES_ANY})|[a-zæøå][{_L}'\-]*(?:{_SUFFIXES_STRONG})|"
    rf"(?<=\s)(?:{_STANDALONE})))"
    rf"\s{_NUM}(?![0-9]|[.,][0-9]){_MORE}"
    rf"(?P<floor>{_FLOOR})(?P<town>{_TOWN})"
)
# The same street, without the prefix words, matched from a known start (see ``find``).
_STREET_AT_RE = re.compile(
    rf"(?P<street>(?:[A-ZÆØÅ][{_L}'\-]*(?:{_SUFFIXES_ANY})|[a-zæøå][{_L}'\-]*(?:{_SUFFIXES_STRONG})|"
    rf"(?<=\s)(?:{_STANDALONE})))"
    rf"\s{_NUM}(?![0-9]|[.,][0-9]){_MORE}"
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
    rf"\s{_NUM}(?![0-9]|[.,][0-9]){_MORE}(?P<floor>{_FLOOR})(?P<town>{_TOWN})"
)
_NOT_ADDRESS_AFTER = re.compile(
    r"\s?(?:gange?|år|års|dage?|uger?|måneder|mdr|timer?|minutter|min|kr|kroner|husstande|børn|personer|"
    r"mennesker|procent|%|meter|m\b|km|stk|klasse|sider?|point|grader|familier|naboer|elever|"
    r"years?|days?|weeks?|months?|hours?|times|people|persons)\b",
    re.IGNORECASE,
)


# Every CONTEXT_RE match starts with one of these (case-insensitively).
_CONTEXT_KEYS = ("bor", "boede", "bosat", "bopæl", "adresse", "flytte")


# A town alone after the house number ends its clause: ", Liseleje." – not ", Peter ringede".
_CLAUSE_END_RE = re.compile(r"[ \t]*(?:[.,;:)!?\n]|\Z)")
# "Ved Mødet 2. marts", "Torvet 3. gang": an ordinal, not a house number.
_ORDINAL_AFTER_RE = re.compile(r"\.\s?[a-zæøå]")


def _town_ok(text: str, m: re.Match[str]) -> bool:
    """Whether the town part of ``m`` (if any) belongs to the address: a postcode with a town, a
    postcode alone after a comma at the end of a clause (", 3650."), or a town alone after a comma
    ("Klitvej 9, Liseleje"): a known place, or an uncommon word that ends the clause."""
    if m.group("pname") is not None:
        return True
    town_end = m.end("town")
    tname = m.group("tname")
    if tname is None:  # a postcode alone; not a year ("Kongevej 12, 2019.")
        code = int(text[town_end - 4 : town_end])
        return (
            not 1950 <= code < 2040
            and text.startswith(",", m.start("town"))
            and _CLAUSE_END_RE.match(text, town_end) is not None
        )
    words = [w.lower().rstrip(".") for w in tname.split()]
    if any(w in places() for w in words):
        return True
    return (
        words[-1] not in common_words()
        and len(words[-1]) > 2
        and _CLAUSE_END_RE.match(text, town_end) is not None
    )


def _end(text: str, m: re.Match[str], weak: bool = False) -> int:
    """The end of the address matched by ``m``, or -1 when it is no address. ``weak``: a street
    name without a street suffix ("Ved Kirken", "Torvet"), which must not read as an ordinal."""
    end = m.end()
    if m.group("town") and not _town_ok(text, m):
        end = m.start("town")
    floor = m.group("floor")
    if not floor and end == m.start("town"):
        more_end = m.end("more") if m.group("more") else m.end("num")
        if _NOT_ADDRESS_AFTER.match(text, more_end):
            if more_end == m.end("num"):
                return -1
            end = m.end("num")  # "Kongevej 4-5 gange": the range is a count
            if _NOT_ADDRESS_AFTER.match(text, end):
                return -1
        if weak and _ORDINAL_AFTER_RE.match(text, m.end("num")):
            return -1
    while end > m.start() and text[end - 1] in " ,":
        end -= 1
    return end


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


# Street names without a street suffix, matched only where a capitalised word stands before a
# house number (the starts ``find`` has already): a definite place noun used as a street name
# ("Torvet 5", "Havnen 12") or a capitalised preposition and noun ("Ved Kirken 2", "Bag Haverne 4",
# "Over Bækken 7"). Capitalisation is the evidence, so at the start of a sentence (where any noun
# is capitalised) a postcode, town or floor must follow.
_BARE_STREETS = frozenset(
    w.capitalize()
    for w in (
        "torvet pladsen havnen stranden strøget kajen bryggen vænget toften kæret lunden engen "
        "bakken diget volden brinken tangen næsset holmen hegnet brynet højen strædet gyden "
        "svinget passagen alléen boulevarden"
    ).split()
)
_PREPOSITION_BEFORE_RE = re.compile(
    rf"(?<![\w])(?:Ved|Bag|Over|Under|Langs|Mellem|Neden for|Oven for|Inden for|Uden for)"
    rf"\s(?:[A-ZÆØÅ][{_L}\-]+\s)?\Z"
)
_BARE_AT_RE = re.compile(
    rf"(?P<street>[A-ZÆØÅ][{_L}'\-]+)\s{_NUM}(?![0-9]|[.,][0-9]){_MORE}"
    rf"(?P<floor>{_FLOOR})(?P<town>{_TOWN})"
)
_SENTENCE_START_RE = re.compile(r"(?:\A|[.!?:\n])[\s\"'(«»*\u2022\u2013-]*\Z")


# "ved Grønningen 22", "ved Kirkeengen 4": lower-case "ved" before a capitalised definite noun
# (a place word, no person's name or common word) and a house number.
_VED_BEFORE_RE = re.compile(r"(?<![\w])ved[ \u00a0]\Z")
_DEFINITE_STREET_ENDINGS = ("en", "et", "ene", "erne")


def _ved_definite(text: str, start: int, word_end: int) -> bool:
    low = text[start:word_end].lower()
    return (
        len(low) >= 6
        and low.endswith(_DEFINITE_STREET_ENDINGS)
        and _VED_BEFORE_RE.search(text, max(0, start - 4), start) is not None
        and low not in common_words()
        and low not in all_names()
    )


def _bare(text: str, starts: list[int], hits: list[Hit]) -> list[Hit]:
    """Addresses whose street has no street suffix (see ``_BARE_STREETS``)."""
    out: list[Hit] = []
    for start in starts:
        if any(s <= start < e for s, e, _ in hits):
            continue
        run = _RUN_RE.match(text, start + 1)
        word_end = start + 1 if run is None else run.end()
        if text[start:word_end] in _BARE_STREETS:
            first = start
        elif _ved_definite(text, start, word_end):
            first = start  # "hækken ved Grønningen 22": "ved" is no part of the street
        else:
            pm = _PREPOSITION_BEFORE_RE.search(text, max(0, start - 30), start)
            if pm is None:
                continue
            first = pm.start()
        m = _BARE_AT_RE.match(text, start)
        if m is None:
            continue
        end = _end(text, m, weak=True)
        if end < 0:
            continue
        if _SENTENCE_START_RE.search(text, max(0, first - 12), first) is not None and not (
            m.group("floor") or end > m.start("town")
        ):
            continue  # "Ved Mødet 2 …", "Havnen 3 …" opening a sentence
        out.append((first, end, "ADRESSE"))
    return out


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
        end = _end(text, m)
        if end < 0:
            continue
        start = m.start("street")
        # Keep capitalised non-function prefix words ("Lyngby Hovedgade", "Gl. Kongevej").
        pm = _PREFIX_TAIL_RE.search(text, max(0, start - 60), start)
        prefix = pm.group(0) if pm is not None else ""
        if prefix:
            words = prefix.split()
            keep = 0
            for w in reversed(words):
                if w.lower().rstrip(".") in common and not (
                    w[0].isupper() and w.lower() in _NAME_ADJECTIVES
                ):
                    break  # "Lille Lyngvej 3", "Store Kongevej 5": the adjective is in the name
                keep += 1
            kept = words[len(words) - keep :]
            if kept:
                start = m.start("street") - len(" ".join(kept)) - 1
        street_word = m.group("street")
        if street_word in _STANDALONE.split("|") and start == m.start("street"):
            continue  # "Vej 3" without a name
        hits.append((start, end, "ADRESSE"))
    hits += _bare(text, starts, hits)
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
        end = _end(text, m)
        if end < 0:
            continue
        first = m.group("street").split()[0].lower()
        if first in common:
            continue
        hits.append((m.start("street"), end, "ADRESSE"))
    return hits

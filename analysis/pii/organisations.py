"""INSTITUTION by name and by company shape (used by :func:`analysis.pii.institution.find`).

- Known organisations (``analysis/data/organisations_da.txt``): major Danish employers, chains,
  banks, pension funds, unions, colleges, hospitals, clubs and associations ("Vestas", "Føtex",
  "Rema 1000", "Ældre Sagen", "HK", "Rigshospitalet", "B.93"), each with how strictly it must be
  written (lower case allowed, capitalised, not sentence-initial, exact acronym). A town that
  names its hospital counts after "på" with a hospital word in the sentence ("indlagt på Herlev").
  The look-up is a ``split`` and one set intersection; a name's own regex runs only when its
  rarest word occurs (and, for names that must be capitalised, its capitalised form).
- Company forms: a legal suffix ("Fisker & Søn ApS", "Coop Danmark A/S"), "& Co" / "& Søn"
  ("Tømrerfirmaet Lund & Co."), "Brdr." ("Malerfirmaet Brdr. Kjær"); the run of capitalised words
  before it belongs to the name.
- A name after an organisation noun: "min arbejdsgiver, Vestas", "forsyningsselskabet Novafos",
  "restaurant Bella Napoli", "min a-kasse, Krifa".
- "X & Y" names ("Job & Trivsel", "Bog & Idé"), but not municipal department pairs ("Børn &
  Unge", "Teknik & Miljø").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from analysis.pii import Hit
from analysis.pii.lexicon import (
    DATA_DIR,
    common_words,
    first_names,
    last_names,
    places,
    stopwords,
)

_MODES = ("any", "capital", "mid", "exact", "hospital towns")
# Characters that separate words for the trigger look-up ("Netto-butikken", "(Novo)"); dots and
# apostrophes stay ("B.93", "Nemlig.com", "DSB's"), trailing punctuation is in the trigger forms.
_SEPARATORS = ("-", "(", ")", "/", '"')
_POSSESSIVE = ("", "s", "'s", "’s", "'", "’")
_TRAILING_PUNCT = ("", ".", ",", ":", ";", "!", "?")
_WS_RE = re.compile(r"\s+")


def _norm(phrase: str) -> str:
    """``phrase`` with its whitespace runs as single spaces, stripped, in lower case (``split``
    and ``strip`` use the same whitespace as the regex ``\\s``)."""
    return " ".join(phrase.split()).lower()


@lru_cache(maxsize=1)
def _entries() -> dict[str, tuple[str, str]]:
    """Lower-case name → (name as written, mode); the first section a name appears in wins."""
    out: dict[str, tuple[str, str]] = {}
    mode = "any"
    path = DATA_DIR / "organisations_da.txt"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            mode = line[1:-1].strip().lower()
            if mode not in _MODES:
                raise ValueError(f"unknown section {line!r} in {path.name}")
            continue
        out.setdefault(_norm(line), (_WS_RE.sub(" ", line), mode))
    return out


def _phrase_source(phrase: str) -> str:
    return r"[ \u00a0]+".join(re.escape(part) for part in phrase.split(" "))


# Words of organisation names that are frequent in answers anyway: a name is looked up through
# one of its other words when it has one ("AP Pension" through "ap", "BK Frem" through "bk").
_FREQUENT_IN_NAMES = frozenset(
    """pension danmark hus byg byggeri ældre psykiatri frem service bank kasse hospital
    sygehus hospitalet sygehuset center centret skole skolen forening foreningen universitet
    gymnasium boldklub fonden fond klub kors hjælp""".split()
)


def _rarest_word(low: str) -> str:
    """The word of a name that occurs least in ordinary text (its longest uncommon word)."""
    words = _split_words(low)
    if not words:
        return ""
    frequent = stopwords() | common_words()
    for avoid in (frequent | places() | _FREQUENT_IN_NAMES, frequent):
        rare = [w for w in words if w not in avoid and len(w) >= 3]
        if rare:
            return max(rare, key=len)
    return max(words, key=len)


_SEPARATORS_TO_SPACE = bytes.maketrans(b'-()/"', b"     ")


def _split_words(low: str) -> list[str]:
    """``low`` split into words as the trigger forms expect (``_SEPARATORS`` become spaces: one
    ``bytes.translate`` for a Latin-1 text, else five plain ``replace`` calls, which are faster
    than a regex or ``str.translate``)."""
    try:
        raw = low.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        return raw.translate(_SEPARATORS_TO_SPACE).decode("latin-1").split()
    return (
        low.replace("-", " ")
        .replace("(", " ")
        .replace(")", " ")
        .replace("/", " ")
        .replace('"', " ")
        .split()
    )


def _has_separator(low: str) -> bool:
    """Whether one of ``_SEPARATORS`` occurs in ``low``."""
    return "-" in low or "(" in low or ")" in low or "/" in low or '"' in low


_Index = tuple[dict[str, str], frozenset[str], dict[str, tuple[str, ...]]]


@lru_cache(maxsize=1)
def _names_by_key() -> dict[str, tuple[str, ...]]:
    """Listed names (lower case) by their key word (see ``_index``), longest name first."""
    by_key: dict[str, list[str]] = {}
    for low in _entries():
        key = _rarest_word(low)
        if key:
            by_key.setdefault(key, []).append(low)
    return {key: tuple(sorted(names, key=lambda n: (-len(n), n))) for key, names in by_key.items()}


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Trigger word forms → key word, and per key word the case-sensitive probes one of which
    must occur in the text ("Tryg", "VIA"; none when a name may be written in lower case).

    A name is found through its rarest word ("Det Faglige Hus" through "faglige"), so that
    frequent words ("det", "min", "dansk") trigger no search. The patterns per key word are
    compiled when a text first holds that word (``_key_pattern``): compiling all of them was
    most of the anonymiser's start-up time.
    """
    triggers: dict[str, str] = {}
    probes: dict[str, tuple[str, ...]] = {}
    entries = _entries()
    for key, names in _names_by_key().items():
        if all(entries[n][1] != "any" for n in names):
            probes[key] = tuple(sorted({_written_word(entries[n][0], key) for n in names} - {""}))
        for possessive in _POSSESSIVE if len(key) >= 3 else ("", "'s", "’s"):
            for punct in _TRAILING_PUNCT:
                triggers.setdefault(key + possessive + punct, key)
    return triggers, frozenset(triggers), probes


@cache
def _key_pattern(key: str) -> re.Pattern[str]:
    """The names of one key word as one case-insensitive pattern (longest name first)."""
    alternatives = "|".join(_phrase_source(n) for n in _names_by_key()[key])
    return re.compile(
        rf"(?<![\w&])(?:{alternatives})(?P<poss>'s|’s|s|'|’)?(?![\w&])", re.IGNORECASE
    )


@cache
def _fast_pattern(key: str) -> re.Pattern[str] | None:
    """``_key_pattern(key)`` to run case-sensitively over the lower-cased text (``None`` unless
    every name is written in Latin-1): each alternative starts with its literal first character
    and checks the character before it afterwards, so the engine skips ahead from candidate to
    candidate instead of trying the case-insensitive pattern at every position."""
    names = _names_by_key()[key]
    if any(ord(ch) > 0xFF or ch == "µ" for n in names for ch in n):
        return None
    alternatives = "|".join(re.escape(n[0]) + r"(?<![\w&].)" + _phrase_source(n[1:]) for n in names)
    return re.compile(rf"(?:{alternatives})(?P<poss>'s|’s|s|'|’)?(?![\w&])")


# Characters for which case-insensitive matching and matching the lower-cased text can differ
# (everything outside Latin-1 except a few case-less marks): with one present, the
# case-insensitive patterns run over the text itself.
_CASE_UNSAFE_RE = re.compile("[^\x00-\xff\u2010-\u2015\u2018-\u201e\u2022\u2026\u20ac]")


def _case_safe(text: str) -> bool:
    """``_CASE_UNSAFE_RE.search(text) is None``; a text that encodes as Latin-1 (nearly every
    answer) needs no regex scan."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return _CASE_UNSAFE_RE.search(text) is None
    return True


def _written_word(written: str, key: str) -> str:
    """The word of ``written`` that is ``key`` in lower case, as written ("VIA", "Tryg")."""
    for word in _split_words(written):
        if word.lower() == key:
            return word
    return ""


def known_names() -> frozenset[str]:
    """All listed organisation names (lower case), e.g. for tests and propagation checks."""
    return frozenset(_entries())


# After a sentence-initial word: an amount or a verb of receiving shows an ordinary word.
_NOT_A_NAME_AFTER_RE = re.compile(r"[ \u00a0]+(?:[0-9]|(?:fik|får|gav|giver|udgør)(?![\w]))")
_STREET_AFTER_RE = re.compile(
    r"[ \u00a0]+(?i:vej|vejen|gade|gaden|allé|alle|plads|pladsen|park|parken|boulevard|stræde|"
    r"torv|torvet|byen)(?![\w])"
)
_QUOTES = "\"'«»“”‘’("


def sentence_initial(text: str, start: int) -> bool:
    """Whether ``start`` begins a sentence (only spaces and quotes since a . ! ? : or a line)."""
    j = start - 1
    while j >= 0 and (text[j] == " " or text[j] in _QUOTES or text[j] == "\u00a0"):
        j -= 1
    return j < 0 or text[j] in ".!?:\n"


# Hospital words in the same sentence make "på Herlev" the hospital, not the town.
_HOSPITAL_CUES = (
    "indlag",
    "indlæg",
    "udskre",
    "afdeling",
    "afsnit",
    "læge",
    "operat",
    "opere",
    "behandl",
    "psykiatri",
    "skadestue",
    "fødsel",
    "født",
    "føde",
    "scanning",
    "scannet",
    "undersøg",
    "ambulant",
    "ambulatori",
    "kemo",
    "sygeplejer",
    "akut",
    "hospital",
    "sygehus",
    "kontrol",
    "stråle",
    "dialyse",
    "røntgen",
    "patient",
    "døde",
    "audiolog",
    "hofte",
    "ortoped",
    "jordemo",
)
_HOSPITAL_STRONG = frozenset(
    """indlagt indlægges indlæggelse udskrevet udskrives udskrevne overflyttet henvist kørt
    opereret behandlet""".split()
)
# "Svigermor lå på Bispebjerg i 16 dage": lying somewhere is being in hospital.
_LYING = frozenset("lå ligger ligget lagt".split())
_LYING_OR_STRONG = _LYING | _HOSPITAL_STRONG


def _sentence(low: str, start: int, end: int) -> str:
    left = max(low.rfind(".", 0, start), low.rfind("!", 0, start), low.rfind("?", 0, start))
    left = max(left, low.rfind("\n", 0, start))
    right = len(low)
    for ch in ".!?\n":
        pos = low.find(ch, end)
        if pos != -1 and pos < right:
            right = pos
    return low[left + 1 : right]


def _prev_words(low: str, start: int, count: int) -> list[str]:
    return [w.strip(_QUOTES + ",") for w in low[max(0, start - 40) : start].split()[-count:]]


def _hospital_town(text: str, low: str, start: int, end: int) -> bool:
    """ "indlagt på Herlev", "lægen på børneafdelingen på Herlev": the town's hospital."""
    prev = _prev_words(low, start, 2)
    if not prev:
        return False
    if prev[-1] == "på":
        if len(prev) == 2 and prev[0] in _LYING_OR_STRONG:
            return True
        return any(map(_sentence(low, start, end).__contains__, _HOSPITAL_CUES))
    return prev[-1] in ("fra", "til") and len(prev) == 2 and prev[0] in _HOSPITAL_STRONG


# A lower-case chain name counts after a workplace or shopping verb and a preposition.
_PLACE_OF_WORK_CUES = ("arbejd", "job", "praktik", "ansat", "elev", "vagt", "handle", "købe")
_PLACE_OF_WORK_WORDS = frozenset(
    """arbejder arbejdede arbejdet arbejde job jobbet fritidsjob flexjob fleksjob praktik
    praktikken ansat elev lærling vagt vagter handler handlede handle handlet købte køber
    køb indkøb""".split()
)


def _work_or_shop_before(low: str, start: int) -> bool:
    prev = _prev_words(low, start, 2)
    return (
        len(prev) == 2
        and prev[1] in ("i", "hos", "på", "for", "fra", "ved")
        and prev[0] in _PLACE_OF_WORK_WORDS
    )


def find_known(text: str, low: str, words: list[str] | None = None) -> list[Hit]:
    """Listed organisations; ``words`` is ``_split_words(low)`` when the caller has it."""
    return _find_known(text, low, words, lowered=False)


def _find_known(text: str, low: str, words: list[str] | None, lowered: bool) -> list[Hit]:
    """``find_known``; ``lowered``: ``low`` is known to be ``text.lower()``."""
    triggers, trigger_set, probes = _index()
    safe: bool | None = None
    if words is None:
        words = _split_words(low)
    if trigger_set.isdisjoint(words):
        return []
    entries = _entries()
    keys = {triggers[w] for w in trigger_set.intersection(words)}
    hits: list[Hit] = []
    for key in sorted(keys):
        probe = probes.get(key)
        if probe is not None and not any(map(text.__contains__, probe)):
            if not any(map(low.__contains__, _PLACE_OF_WORK_CUES)):
                continue  # "tryg" in lower case: the insurer is only ever "Tryg"
        if safe is None:
            safe = lowered and _case_safe(text)
        pattern = _fast_pattern(key) if safe else None
        found = (
            _key_pattern(key).finditer(text) if pattern is None else pattern.finditer(low)
        )  # same positions: a safe text keeps its length when lower-cased
        for m in found:
            start, end = m.span()
            phrase = text[start : m.start("poss") if m.group("poss") else end]
            written, mode = entries.get(_norm(phrase), ("", "any"))
            if not written or _STREET_AFTER_RE.match(text, end) is not None:
                continue
            first = phrase[0]
            if first.islower() and mode in ("capital", "mid") and _work_or_shop_before(low, start):
                mode = "any"  # "min søn arbejder i netto", "handler i føtex": a workplace or shop
            if mode == "capital" and not (first.isupper() or first.isdigit()):
                continue
            if mode == "capital" and _NOT_A_NAME_AFTER_RE.match(text, end) is not None:
                if sentence_initial(text, start):
                    continue  # "Netto fik vi 12.000 kr.": the word, not the shop
            if mode == "exact" and _WS_RE.sub(" ", phrase) != written:
                continue
            if mode == "mid" and (not first.isupper() or sentence_initial(text, start)):
                continue
            if mode == "hospital towns" and (
                not first.isupper() or not _hospital_town(text, low, start, end)
            ):
                continue
            if mode != "hospital towns":
                end = _with_place_after(text, end)
                if end == m.end() and _norm(phrase) in _CHAINS:
                    end = _with_branch_after(text, end)
                if end == m.end():
                    end = with_branch_town(text, end)  # "Netto i Ølstykke", "ISS på Amager"
            hits.append((start, end, "INSTITUTION"))
    return hits


_PLACE_AFTER_RE = re.compile(r"[ \u00a0]([A-ZÆØÅ][a-zæøå]+)(?![\w-])")


def _with_place_after(text: str, end: int) -> int:
    """ "Lær Dansk Aarhus", "Netto Lyngby": a branch's town right after the name belongs to it."""
    m = _PLACE_AFTER_RE.match(text, end)
    if m is not None and m.group(1).lower() in places():
        street = _STREET_WORD_AFTER_RE.match(text, m.end())
        if street is None or not street.group(1).lower().endswith(_STREET_ENDINGS):
            return m.end()
    return end


# Shop chains: a branch named by its street belongs to the name ("Netto på Stationsvej").
_CHAINS = frozenset(
    """netto|rema|rema 1000|føtex|bilka|kvickly|superbrugsen|super brugsen|dagli'brugsen|daglig
    brugsen|brugsen|lidl|aldi|løvbjerg|meny|spar|coop 365|irma|fakta|matas|7-eleven|seven
    eleven|elgiganten|power|silvan|bauhaus|harald nyborg|jem & fix|biltema|normal|synoptik|louis
    nielsen|thansen|imerco|jysk""".replace("\n    ", " ").split("|")
)
_BRANCH_AFTER_RE = re.compile(r"[ \u00a0](?:i|på|ved)[ \u00a0]([A-ZÆØÅ][a-zæøå]+)(?![\w-])")


def _with_branch_after(text: str, end: int) -> int:
    """ "Netto på Stationsvej": a chain's branch by its street (a capitalised word ending like a
    street). A town after it stays ("Kvickly i Skovlunde": the town is no part of the name)."""
    m = _BRANCH_AFTER_RE.match(text, end)
    if m is not None and m.group(1).lower().endswith(_STREET_ENDINGS):
        return m.end()
    return end


_BRANCH_TOWN_RE = re.compile(
    r"[ \u00a0](?:i|på)[ \u00a0]([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)(?![\w-])"
)


def with_branch_town(text: str, end: int) -> int:
    """ "Netto i Ølstykke", "ISS på Amager", "Bravida i Køge": a firm's or workplace's town right
    after its name belongs to it (a workplace at a place identifies a person). The town is a
    listed place or a word ending like a Danish town; a street after it stays out."""
    m = _BRANCH_TOWN_RE.match(text, end)
    if m is None:
        return end
    word = m.group(1).lower()
    if word in places() or word.endswith(_TOWN_ENDINGS):
        street = _STREET_WORD_AFTER_RE.match(text, m.end())
        if street is None or not street.group(1).lower().endswith(_STREET_ENDINGS):
            return m.end()
    return end


def with_town_after(text: str, end: int) -> int:
    """ "Vietnamesisk Forening i Brøndby": an association's town after its name (a listed place
    or a word ending like a Danish town)."""
    m = _BRANCH_AFTER_RE.match(text, end)
    if m is not None and m.group(0)[1] == "i":
        word = m.group(1).lower()
        if word in places() or word.endswith(_TOWN_ENDINGS):
            return m.end()
    return end


# Endings of Danish town names not in the place list ("Ganløse", "Uggeløse", "Havdrup").
_TOWN_ENDINGS = ("løse", "rup", "strup", "sted", "lev", "inge", "købing", "bjerg", "torp", "by")


_STREET_WORD_AFTER_RE = re.compile(r"[ \u00a0]+([^\W\d_]+)")
_STREET_ENDINGS = (
    "vej",
    "vejen",
    "gade",
    "gaden",
    "allé",
    "alle",
    "plads",
    "torv",
    "torvet",
    "stræde",
    "vænge",
    "boulevard",
    "park",
    "parken",
    "station",
    "stationen",
)


# ------------------------------------------------------------------ company forms

# Each alternative starts with a literal or a small class, so the engine skips ahead.
_COMPANY_ANCHOR_RE = re.compile(
    r"(?P<legal>[AIKP](?<![\w/].)(?:pS|/S|VS|\.m\.b\.a\.|MBA|ps)(?![\w/]))"
    r"|(?P<co>&(?<=[ \u00a0]&)[ \u00a0](?:Co|Søn|Sønner)(?![\w])\.?"
    r"|og(?<=[ \u00a0]og)[ \u00a0]Søn(?:ner)?(?![\w]))"
    r"|(?P<brdr>Brdr\.(?<![\w].....)[ \u00a0]?(?=[A-ZÆØÅ]))"
)
_LEGAL_AFTER_RE = re.compile(r"[ \u00a0]?(?:,[ \u00a0])?(?:ApS|A/S|I/S|IVS|K/S|P/S|Aps)(?![\w/])")
_CAP_RUN_RE = re.compile(r"[A-ZÆØÅ][\w'’-]*(?:[ \u00a0][A-ZÆØÅ][\w'’-]*)?")
_RUN_STOP = frozenset('; : , ( ) " « » “ ” ! ?'.split())


@lru_cache(maxsize=1)
def _run_blockers() -> frozenset[str]:
    """Capitalised words that start a sentence rather than a company name ("Min", "Vi", "Det")."""
    return stopwords() | frozenset("hej tak kære mvh hilsen".split())


_NAME_LINKS = frozenset(("i", "og", "på", "for", "til"))
# Abbreviations inside a name ("Brdr. Dahl", "Lund & Co.", "Sct. Jørgens Skole").
_DOTTED_NAME_WORDS = frozenset(("Brdr.", "Co.", "Sct.", "Skt.", "Sankt"))


def _capital_word_before(text: str, k: int) -> bool:
    """The word before the space at ``k - 1`` is capitalised and no sentence's first word."""
    if text[k - 1] not in " \u00a0":
        return False
    j = k - 1
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    word = text[j : k - 1]
    return (
        len(word) >= 2
        and word[0].isupper()
        and word[-1].isalpha()
        and word.lower() not in _run_blockers()
        and not sentence_initial(text, j)
    )


def run_start(text: str, pos: int, max_words: int = 4, links: bool = False) -> int:
    """Start of the run of capitalised words (joined by spaces or "&") that ends at ``pos``;
    ``links``: a company name before its legal form, where small words ("i", "og") and
    capitalised ordinary words mid-sentence ("Grøn Have ApS") belong to the name."""
    start = pos
    i = pos
    words = 0
    blockers = _run_blockers()
    while words < max_words and i > 0 and text[i - 1] in " \u00a0":
        k = i - 1
        while k > 0 and not text[k - 1].isspace():
            k -= 1
        word = text[k : i - 1]
        if word == "&":
            i = k
            continue
        if links and words and word in _NAME_LINKS and k > 0 and _capital_word_before(text, k):
            i = k  # "Hjælp i Hjemmet ApS", "Hus og Have A/S": a small word inside the name
            continue
        quoted = word[:1] in _QUOTES
        if quoted:
            word = word[1:]
            k += 1
        if not word or not (word[0].isupper() or word[0].isdigit()):
            break
        if word[-1] in _RUN_STOP or (word[-1] == "." and word not in _DOTTED_NAME_WORDS):
            break
        if word.lower() in blockers:
            if word in ("Det", "Den", "De") and words and not sentence_initial(text, k):
                start = k  # "fra Det Gode Køkken A/S": a capitalised article mid-sentence
                break
            if not (links and len(word) >= 4 and not sentence_initial(text, k)):
                break
            # "Grøn Have ApS": a capitalised word mid-sentence (here no sentence's first word)
        start = i = k
        words += 1
        if quoted:
            break
    return start


def _company_anchor_possible(text: str) -> bool:
    """Whether ``_COMPANY_ANCHOR_RE`` can match at all: each of its branches needs one of these
    literals (plain substring tests; the regex stops at every "o" and capital A, I, K, P)."""
    return (
        "/S" in text
        or "pS" in text
        or "VS" in text
        or ("ps" in text and ("Aps" in text or "Ips" in text or "Kps" in text or "Pps" in text))
        or ".m.b.a." in text
        or "MBA" in text
        or "&" in text
        or "Søn" in text
        or "Brdr." in text
    )


def find_companies(text: str) -> list[Hit]:
    hits: list[Hit] = []
    if not _company_anchor_possible(text):
        return hits
    for m in _COMPANY_ANCHOR_RE.finditer(text):
        if m.group("legal"):
            start = run_start(text, m.start(), links=True)
            if start < m.start():
                hits.append((start, with_branch_town(text, m.end()), "INSTITUTION"))
            continue
        if m.group("co"):
            start = run_start(text, m.start())
            if start == m.start():
                continue
            end = m.end()
            if text[end - 1] == ".":
                end -= 1  # "Lund & Co." – the dot may end the sentence too
            legal = _LEGAL_AFTER_RE.match(text, m.end())
            hits.append((start, legal.end() if legal else end, "INSTITUTION"))
            continue
        run = _CAP_RUN_RE.match(text, m.end())
        if run is None:
            continue
        end = run.end()
        legal = _LEGAL_AFTER_RE.match(text, end)
        start = run_start(text, m.start(), 1)
        hits.append((start, legal.end() if legal else end, "INSTITUTION"))
    return hits


# ------------------------------------------------------------------ organisation nouns

# Substring pre-check (plain `in` tests), then one regex at each occurrence.
_ORG_NOUN_KEYS = (
    "arbejdsgiver",
    "arbejdsplads",
    "virksomhed",
    "firma",
    "selskab",
    "pensionskasse",
    "a-kasse",
    "akasse",
    "fagforening",
    "forening",
    "restaurant",
    "pizzeria",
    "café",
    "cafe",
    "bageri",
    "butik",
    "forretning",
    "kiosk",
    "salon",
    "køreskole",
    "tegnestue",
    "praktiksted",
    "vikarbureau",
    "udlejer",
    "supermarked",
    "kæde",
    "bank",
    "sprogskole",
    "sprogcenter",
)
_ORG_NOUN_RE = re.compile(
    r"(?P<noun>(?:arbejdsgiver|arbejdsplads|virksomhed|[a-zæøå-]*firma|[a-zæøå-]*selskab|"
    r"pensionskasse|a-kasse|akasse|fagforening|[a-zæøå]*forening|restaurant|pizzeria|café|cafe|"
    r"sprogskole|sprogcenter|"
    r"bageri|butik|forretning|kiosk|[a-zæøå]*salon|køreskole|tegnestue|praktiksted|vikarbureau|"
    r"udlejer|supermarked|[a-zæøå]*kæde|bank)(?:en|et|n|t|s)?)"
    r"(?P<sep>[ \u00a0]|,[ \u00a0]|:[ \u00a0]|[ \u00a0]['\"«“]|,[ \u00a0]['\"«“]|"
    r"[ \u00a0]er[ \u00a0])"
    r"(?P<name>[A-ZÆØÅ0-9][\w'’.&-]*(?:[ \u00a0](?:&[ \u00a0])?[A-ZÆØÅ0-9][\w'’&-]*){0,3})"
)
# Trade nouns that read as part of the name when written right before it ("restaurant Bella
# Napoli", "bofællesskabet Solsikken" is handled in institution.py).
_TITLE_NOUNS = frozenset(
    """restaurant restauranten café cafe caféen pizzeria pizzeriaet bageriet salonen
    frisørsalonen butikken forretningen kiosken køreskolen tegnestuen""".split()
)


def _plain_org_word(low: str) -> bool:
    """A capitalised word that can begin an organisation's name after an organisation noun."""
    base = low.rstrip(".")
    return (
        len(base) >= 2
        and base not in stopwords()
        and base not in common_words()
        and base not in _MONTHS_DAYS
    )


_MONTHS_DAYS = frozenset(
    """januar februar marts april maj juni juli august september oktober november december
    mandag tirsdag onsdag torsdag fredag lørdag søndag""".split()
)


# Organisation nouns as they stand in ``_split_words`` (with endings and a comma or colon): one
# set test tells whether ``find_after_org_nouns`` needs to look at all.
_ORG_NOUN_STEMS = """arbejdsgiver arbejdsplads virksomhed firma tømrerfirma malerfirma murerfirma
    rengøringsfirma vognmandsfirma elfirma el-firma advokatfirma revisionsfirma konsulentfirma
    byggefirma entreprenørfirma anlægsfirma transportfirma flyttefirma gartnerfirma vvs-firma
    kloakfirma håndværkerfirma selskab forsyningsselskab boligselskab forsikringsselskab
    pensionsselskab busselskab energiselskab elselskab teleselskab vandselskab rengøringsselskab
    vikarselskab kasse pensionskasse akasse fagforening forening boligforening idrætsforening
    sportsforening patientforening handicapforening grundejerforening andelsboligforening
    ejerforening frivilligforening restaurant pizzeria café cafe bageri butik forretning kiosk
    salon frisørsalon skønhedssalon neglesalon køreskole tegnestue praktiksted vikarbureau udlejer
    supermarked kæde butikskæde supermarkedskæde dagligvarekæde bank sprogskole
    sprogcenter""".split()


@lru_cache(maxsize=1)
def _org_noun_forms() -> frozenset[str]:
    out: set[str] = set()
    for stem in _ORG_NOUN_STEMS:
        for word in _split_words(stem)[-1:]:
            for ending in ("", "en", "et", "n", "t", "s", "ens", "ets"):
                for punct in ("", ",", ":"):
                    out.add(word + ending + punct)
    return frozenset(out)


def find_after_org_nouns(
    text: str, low: str, allowed: frozenset[str], words: list[str] | None = None
) -> list[Hit]:
    if words is None:
        words = _split_words(low)
    if _org_noun_forms().isdisjoint(words):
        return []
    hits: list[Hit] = []
    for key in _ORG_NOUN_KEYS:
        pos = low.find(key)
        while pos != -1:
            word_start = pos
            while word_start > 0 and (low[word_start - 1].isalpha() or low[word_start - 1] == "-"):
                word_start -= 1
            m = _ORG_NOUN_RE.match(text, word_start)
            pos = low.find(key, pos + len(key))
            if m is None or not m.group("noun")[0].islower():
                continue
            hit = _org_name(text, m, allowed)
            if hit is not None:
                hits.append(hit)
    return hits


def _org_name(text: str, m: re.Match[str], allowed: frozenset[str]) -> Hit | None:
    name = m.group("name").rstrip(".")
    words = name.split()
    # Stop at the first ordinary word ("Coop og …" is cut by the regex; "Vestas Vi" is not).
    kept: list[str] = []
    for w in words:
        if w != "&" and not _plain_org_word(w.lower()) and kept:
            break
        kept.append(w)
    while kept and kept[-1] == "&":
        kept.pop()
    if not kept or not _plain_org_word(kept[0].lower()):
        return None
    if m.group("sep")[1:3] == "er" and not m.group("noun").lower().startswith("arbejds"):
        return None  # only "min arbejdsgiver er Vestas": "virksomheden er Dansk …" is a sentence
    phrase = " ".join(kept)
    low_phrase = phrase.lower()
    if low_phrase in allowed or kept[0].lower() in allowed:
        return None
    if len(kept) == 1:
        low_word = low_phrase.rstrip("s")
        if low_phrase in places() or low_word in places():
            return None  # "butik i Lyngby" is cut by the regex; "firma Lyngby" is no name
    first = kept[0].lower()
    if first in first_names() and (len(kept) == 1 or kept[1].lower() in last_names()):
        return None  # a person ("min arbejdsgiver, Mette Jensen") is found by the name rules
    start = m.start("name")
    if m.group("sep") == " " and m.group("noun").lower() in _TITLE_NOUNS:
        start = m.start("noun")
    return (start, m.start("name") + len(" ".join(kept)), "INSTITUTION")


# ------------------------------------------------------------------ "X & Y" names

_AMP_RE = re.compile(r"&[ \u00a0](?P<right>[A-ZÆØÅ][\w'’-]*)")
_LEFT_WORD_RE = re.compile(r"(?P<left>[A-ZÆØÅ][\w'’-]*)[ \u00a0]\Z")
# Municipal departments written with "&" ("Børn & Unge", "Teknik & Miljø") are kept.
DEPARTMENT_WORDS = frozenset(
    """børn unge familie familier social sundhed ældre omsorg pleje handicap psykiatri teknik
    miljø natur park vej veje byg plan kultur fritid idræt beskæftigelse arbejdsmarked
    borgerservice ydelse ydelser skole skoler dagtilbud uddannelse job erhverv økonomi personale
    it digitalisering klima forsyning ejendomme arealer trafik by land bolig boliger integration
    sprog rehabilitering træning forebyggelse myndighed udvikling service administration drift
    anlæg visitation hjælpemidler sundhedspleje tandpleje dansk engelsk matematik tysk fransk
    fysik kemi historie biologi geografi musik billedkunst håndværk design teknologi""".split()
)


def find_ampersand_names(text: str) -> list[Hit]:
    if " & " not in text:
        return []
    hits: list[Hit] = []
    firsts = first_names()
    for m in _AMP_RE.finditer(text):
        lm = _LEFT_WORD_RE.search(text, max(0, m.start() - 30), m.start())
        if lm is None:
            continue
        left, right = lm.group("left").lower(), m.group("right").lower()
        generic = DEPARTMENT_WORDS | common_words()
        if left in generic and right in generic:
            continue  # "Børn & Unge", "Teknik & Miljø", "Mor & Far", "Dansk & Matematik"
        if left in firsts and right in firsts:
            continue  # "Mette & Peter": two people
        if left in stopwords() or left in _MONTHS_DAYS:
            continue
        start = run_start(text, lm.start("left"), 2)
        hits.append((min(start, lm.start("left")), m.end(), "INSTITUTION"))
    return hits


# Words (as in ``_split_words``) that make the company patterns worth running; "A/S" is tested
# in the text.
_COMPANY_WORDS = frozenset(
    w + p
    for w in ("&", "aps", "ivs", "amba", "a.m.b.a", "brdr", "søn", "sønner")
    for p in ("", ".", ",", ":", ";", "!", "?")
)


def find(
    text: str, low: str, allowed: frozenset[str], low_words: list[str] | None = None
) -> list[Hit]:
    """All organisation hits; ``low`` is ``text.lower()`` and ``low_words`` (when the caller has
    it) ``low.split()``, which is ``_split_words(low)`` when no separator occurs."""
    lowered = True
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        low_words = None
        lowered = False
    if low_words is None or _has_separator(low):
        low_words = _split_words(low)
    found = _all_triggers().intersection(low_words)
    # Every finder below only tests its own trigger forms against the words, and each of those
    # sets is part of _all_triggers(): the few words found stand in for all of them.
    words = list(found)
    hits = _find_known(text, low, words, lowered=lowered) if found else []
    if "/S" in text or not _COMPANY_WORDS.isdisjoint(found):
        hits += find_companies(text)
        hits += find_ampersand_names(text)
    if found:
        hits += find_after_org_nouns(text, low, allowed, words)
    return hits


@lru_cache(maxsize=1)
def _all_triggers() -> frozenset[str]:
    """Every word form that makes one of the finders worth running (one set intersection)."""
    return _index()[1] | _org_noun_forms() | _COMPANY_WORDS

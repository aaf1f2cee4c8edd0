"""NAVN: people's names via one token pass with set look-ups.

Evidence combined per token:
- ``known_names`` (recipient names, a centre's staff list) – always a name;
- Danish and foreign first-name / surname lists (``analysis/data``), possessive ``-s`` allowed;
- role and title words before the token ("min søn", "sagsbehandleren", "fru", "hedder" …);
- adjacency to another name (surname after first name, initials "K. Jensen", "Camilla W.");
  an initial makes the next capitalised word a surname even when that is an ordinary word
  ("K. Bak", "M. Skov", "J. Lund"); lower case: "(s. holm)", "lone bach";
- names that are ordinary words in lower case ("sara", "mona", "line") only right after a role
  word ("rådgiveren sara", "miljømedarbejderen line forklarede") or "spurgte efter mona";
- ambiguous words (names that are also ordinary words: Skov, Lund, Bang, Rask, Hans, Per …) count
  only with strong evidence: known name, a role word before them, or capitalised mid-sentence
  next to another name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from analysis.pii import Hit
from analysis.pii.institution import ALLOWED, allowed_heads, starts_allowed
from analysis.pii.lexicon import (
    all_names,
    ambiguous_names,
    common_words,
    first_names,
    last_names,
    places,
    stopwords,
)
from analysis.pii.scan import matches_at, occurrences

WORD_RE = re.compile(r"[^\W\d_]+(?:[-\u2010'’][^\W\d_]+)*")

_FAMILY = frozenset(
    """søn sønnen sønner sønnerne datter datteren døtre barn barnet børn mand manden kone konen
    hustru
    hustruen kæreste kæresten far faren fars mor moren mors bror broren søster søsteren onkel onklen
    tante tanten mormor morfar farmor farfar bedstemor bedstefar svigermor svigerfar svigersøn
    svigerdatter nevø niece fætter kusine barnebarn barnebarnet nabo naboen naboer ven vennen
    veninde
    veninden kollega kollegaen plejesøn plejedatter plejebarn stedsøn steddatter papsøn papdatter
    bonussøn bonusdatter lillebror storebror lillesøster storesøster tvilling ægtefælle ægtefællen
    samlever samleveren partner partneren elev eleven dreng drengen pige pigen familien
    plejefamilie plejefamilien plejeforældre plejeforældrene aflastningsfamilie
    aflastningsfamilien netværksfamilie netværksfamilien""".split()
) | frozenset(
    # English answers: "my son Will is 12", "my caseworker June never called".
    """son daughter child wife husband mother father mom mum dad brother sister boyfriend
    girlfriend friend neighbour neighbor grandmother grandfather grandma grandpa caseworker
    counsellor counselor teacher nurse""".split()
)
_TITLES = frozenset(
    "fru hr herr frk fr dr doktor kære hej hilsen mvh vh dear hi hello fam familien".split()
)
_NAMING = frozenset("hedder hed kaldet kaldes navn navnet hedde".split())
_ROLE_STEMS = (
    "rådgiver",
    "behandler",
    "konsulent",
    "leder",
    "terapeut",
    "koordinator",
    "lærer",
    "lærerinde",
    "pædagog",
    "sygeplejerske",
    "hjælper",
    "kontaktperson",
    "visitator",
    "psykolog",
    "assistent",
    "medarbejder",
    "chef",
    "vejleder",
    "jurist",
    "læge",
    "mentor",
    "tolk",
    "direktør",
    "formand",
    "plejer",
    "dagplejer",
    "dagplejemor",
    "inspektør",
    "psykiater",
    "advokat",
    "bisidder",
    "værge",
    "sekretær",
    "receptionist",
    "chauffør",
    "ergoterapeut",
    "fysioterapeut",
    "jordemoder",
    "socialrådgiver",
    "sagsbehandler",
    "skoleleder",
    "underviser",
    "tandlæge",
    "repræsentant",
    "borgerrådgiver",
    "rådmand",
    "borgmester",
    "ven",
    "makker",
)
_ROLE_ENDINGS = ("", "en", "n", "e", "ne", "erne", "ens", "ns")
# Words that are too common to be taken as a lower-case name even after a role word.
_FUNCTION = frozenset(
    "hans per bo line mark tage sine ane le do ho ly nok lise sam tom sand høj lange".split()
)
# Names that are ordinary (often English) words when written in lower case: "nothing else".
_LOWER_ONLY = frozenset(
    (
        "else will mark grace hope jack bob tim tom dan ken bill may rose max june april sue art "
        "mai kim ali ellen ruth dina lea mia nina mona lis inge sara karin aya amal alma can van "
        "yen tu hai nur"
    ).split()
)
_CONTACT_VERBS = frozenset(
    """talte talt taler snakkede snakket snakker ringede ringet ringer skrev skrevet skriver mødtes
    mødes møde mødet samtale samtalen aftalte aftale aftalt kontakt kontakte kontaktede sms'ede
    mailede mailet""".split()
)
# "spurgte efter Mona": asking for a person.
_ASK_VERBS = frozenset("spurgte spørger spørge spurgt bad beder".split())
# Names that are also ordinary words in lower case, taken in lower case only right after a role
# word ("rådgiveren sara var sød", "miljømedarbejderen line forklarede"); their presence makes
# the name pass tokenise lower-case words.
_ROLE_LOWER_NAMES = frozenset(
    """mona sara ellen ruth lea mia nina karin kim ali aya amal alma lis line lise sam dina
    inge""".split()
)
_NOUN_ENDINGS = (
    "ens",
    "ets",
    "ernes",
    "en",
    "et",
    "ne",
    "erne",
    "ning",
    "ningen",
    "ion",
    "ionen",
    "heden",
    "centret",
    "centeret",
    "kontoret",
    "afdelingen",
    "teamet",
    "huset",
    "service",
    "ordning",
    "styrelsen",
    "nævnet",
)
_AGE_AFTER_RE = re.compile(
    r"\s?(?:\(\s?[0-9]{1,2}\s?(?:år)?\s?\)|,\s?[0-9]{1,2}\s?år\b"
    r"|\s(?:på|som er)\s[0-9]{1,2}\s?år\b)"
)
_COORD = frozenset((" og ", ", ", " & ", " eller ", " + ", " eller ", "/"))
_PLACES = frozenset(
    """virum lyngby sorgenfri lundtofte taarbæk hjortekær kongens kgs holte nærum gentofte københavn
    aarhus odense aalborg esbjerg danmark polen tyskland ukraine syrien tyrkiet somalia irak iran
    afghanistan sverige norge europa bagsværd ballerup hellerup søborg charlottenlund jylland fyn
    sjælland amager nørrebro vesterbro østerbro frederiksberg valby brede fuglevad
    aula netto mitid nemid e-boks eboks facebook google sms rema føtex bilka coop irma lidl dsb
    movia
    skat teams zoom messenger outlook gmail hotmail apple microsoft iphone android youtube tiktok
    instagram snapchat linkedin borger sundhed kommune region jobnet minside flextrafik
    rejsekort""".split()
) | (places() - all_names())  # towns, areas, countries (analysis/data) that are no names
_ABBREV = frozenset(
    "hr fr frk dr d nr ca kl bl mv evt jf pga st th tv mf gl sdr ndr kgs ref tlf f s fam".split()
)
_NEXT_RE = re.compile(
    r"(?P<fra> fra (?:[A-ZÆØÅ]|[a-zæøå]+(?:teamet|afdelingen|plejen|centret|kontoret|"
    r"forvaltningen|rådgivningen|visitationen)(?![\w])|kommunen(?![\w])))|\s*,\s*(?:min|vores|hans|hendes|vor)\s+(?P<role>[^\W\d_]+)"
)
_QUOTES = "\"'«»“”‘’([{*•-–—"


_NEXT_WORD_RE = re.compile(r"[ \t\u00a0]+([^\W\d_]+)")
# Finite verbs that follow a subject: "Per kom", "at Lukas var".
_FINITE_VERBS = frozenset(
    """var er har havde blev bliver fik får skal skulle kan kunne vil ville gik går kom kommer
    sagde siger ringede ringer fortalte fortæller mente mener synes syntes måtte må skrev skriver
    hjalp hjælper tog tager startede starter begyndte begynder spurgte spørger svarede svarer
    fandt lavede gjorde gør kender kendte bor boede elsker elskede hader græd græder døde
    flyttede flytter mødte møder talte taler gav giver sendte sender lovede lover viste viser
    forklarede forklarer kiggede kigger tjekkede ordnede fulgte følger lyttede lytter sørgede
    sørger bad beder burde""".split()
)
# A past-tense verb form ("tegnede", "følte") after a sentence-initial listed first name.
_PAST_VERB_RE = re.compile(r"[a-zæøå]{2,}(?:ede|te)")
_PERSON_PRONOUN_RE = re.compile(r"(?<![\w])(?i:han|hun|ham|hende)(?![\w])")
# Verbs of feeling and speech that only a person does ("Tue følte sig hørt").
_PERSON_VERBS = frozenset(
    """følte føler tænkte tænker græd smilede smiler grinede griner huskede husker glemte
    ønskede ønsker forstod forstår sagde siger fortalte fortæller ringede ringer""".split()
)
# A subject pronoun right after the verb: the word before it was no subject ("Nok følte han").
_INVERTED_RE = re.compile(r"[ \u00a0]+(?:jeg|du|han|hun|vi|de|man|det|der|den|I)(?![\w])")


def _subject_verb(text: str, verb_end: int) -> bool:
    """The verb ending at ``verb_end`` has its subject before it, and the answer speaks of a
    person (a personal pronoun)."""
    return (
        _INVERTED_RE.match(text, verb_end) is None
        and _PERSON_PRONOUN_RE.search(text) is not None
    )


# Verbs that only a person does: "Skov sagde", "Lund ringede".
_SPEECH_VERBS = frozenset(
    """sagde siger ringede ringer skrev skriver lovede lover mente mener svarede svarer fortalte
    fortæller spurgte spørger forklarede forklarer lyttede lytter""".split()
)
# Months that are also names: "sagde August var for sent" is no speaker.
_MONTH_WORDS = frozenset("januar februar marts april maj juni juli august september".split())
# English months are capitalised mid-sentence by rule, so there a capital is no evidence of a
# name: "in June", "since April", "June 3", "3 June 2024" are dates, "June said" is a person.
_ENGLISH_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_ENGLISH_TIME_WORDS = frozenset(
    "in since until till before after during early late mid last next this every".split()
)
_DAY_OR_YEAR_AFTER_RE = re.compile(r"[ \t\u00a0]*\d")
_DAY_BEFORE_RE = re.compile(r"\d(?:st|nd|rd|th)?[ \t\u00a0]*$")
# Capitalised sentence starts that are speakers but no names: "Folk sagde", "Flere ringede".
_NOT_SPEAKERS = frozenset(
    """folk flere mange begge nogle andre hver alle ingen nogen man der det de dem den denne
    dette disse hun han vi jeg du i somme enkelte nogle ingen selv""".split()
)
# Indefinite unit and noun endings: "Ejendomsafdeling siger …", "Hjemmepleje sagde …".
_UNIT_ENDINGS = (
    "psykiatri",
    "trafik",
    "byg",
    "plan",
    "miljø",
    "sag",
    "skole",
    "forvaltning",
    "ing",
    "tion",
    "hed",
    "else",
    "skab",
    "ment",
    "center",
    "team",
    "kontor",
    "service",
    "pleje",
    "hjælp",
    "afdeling",
    "selskab",
    "forening",
    "udvalg",
    "råd",
    "system",
    "tilsyn",
    "styrelse",
    "nævn",
    "ministerium",
    "kommune",
    "region",
    "firma",
    "butik",
    "personale",
)
# Words after which a capitalised unlisted word is a person ("tak Haris", "for Yusra på
# skolen", "ham Vang", "fik Tenzin en …"); the name must be followed by punctuation, the end or
# a lower-case word (not a second capitalised word: "for Teknik og Miljø" is a department).
_PERSON_BEFORE = frozenset(
    """tak for om af ham hende især fik få får giver gav hjælpe hjalp hjælper hente hentede
    passe passer passede inddrage besøge besøgte""".split()
)
# Also ordinary at a sentence start ("For Borgerservice …"): only mid-sentence.
_PERSON_BEFORE_WEAK = frozenset("for om af".split())
_PERSON_AFTER_RE = re.compile(
    r"[ \u00a0]*(?:[.,!?;:)]|\Z)|[ \u00a0]+(?:og|en|et|på|i|har|var|er|kunne|kan|skal|som|der|"
    r"fra|til|med|om|blev|fik|får|sin|sine|hver|ikke|også|altid|aldrig)(?![\w])"
)
# A sign-off followed by a name that ends the answer: "Fra Tunde", "Hilsen Aziz".
_DEPARTMENT_AFTER_RE = re.compile(r"[ \u00a0]+(?:og|&)[ \u00a0]+[A-ZÆØÅ]")
# Nickname prefixes joined to a first name by a hyphen.
_NICK_PREFIXES = frozenset("lille store gamle unge lange tykke søde".split())
_APPOSITION_AFTER_RE = re.compile(r"[ \u00a0]*,|[ \u00a0]+(?:som|der)(?![\w])")
_SIGN_OFF = frozenset("fra hilsen mvh vh kh venlig".split())
_DASH_SIGNATURE_RE = re.compile(
    r"(?:^|\s)[\u2014\u2013-][ \u00a0]*([A-ZÆØÅ][^\W\d_]+(?:-[A-ZÆØÅ][^\W\d_]+)?"
    r"(?:[ \u00a0]+[A-ZÆØÅ][^\W\d_]+(?:-[A-ZÆØÅ][^\W\d_]+)?){1,2})[ \u00a0]*[.!]?[ \u00a0]*\Z"
)
# Lower-case particles inside a name ("Maricel dela Cruz"): joined when names stand both sides.
_PARTICLES = "de dela del della la le van von der den da di du dos das bin ibn al el ter ten"
_PARTICLE_GAPS = frozenset(
    f" {p} " for p in [*_PARTICLES.split(), "van der", "van den", "von der", "de la"]
)
_SIGNATURE_END_RE = re.compile(r"[ \u00a0]*[.!]?[ \u00a0]*\Z")


def _unknown_name_shape(word: str, base: str) -> bool:
    """A capitalised word that can be an unlisted name: no acronym, no common word, no noun or
    unit ending, no role."""
    return (
        len(word) >= 3
        and not word.isupper()
        and base not in common_words()
        and base not in stopwords()
        and base not in _NOT_FIRST_NAME
        and not base.endswith(_NOUN_ENDINGS)
        and not base.endswith(_UNIT_ENDINGS)
        and not _is_role(base)
    )


_SUBORDINATORS = frozenset("at men da når hvor fordi som mens hvis før efter selvom om".split())
# First names that are far more often ordinary words in these positions.
_NOT_FIRST_NAME = frozenset(
    """august maj juni april januar juli nok sommer vinter dag sol mai tue søs ask
    alle ellers selv""".split()
)

_LONG_ROLES = "|".join(sorted((r for r in _ROLE_STEMS if len(r) >= 5), key=len, reverse=True))
_SHORT_ROLES = "|".join(r for r in _ROLE_STEMS if len(r) < 5)
_ROLE_RE = re.compile(rf"(?:\w*(?:{_LONG_ROLES})|(?:{_SHORT_ROLES}))(?:en|n|e|ne|erne|ens|ns)?")


@lru_cache(maxsize=16384)
def _is_role(low: str) -> bool:
    if low in _FAMILY or low in _TITLES or low in _NAMING:
        return True
    if "-" in low:
        low = low.rsplit("-", 1)[1]  # "AKT-lærer", "PPR-psykologen"
    return _ROLE_RE.fullmatch(low) is not None


def _prev_word(text: str, pos: int) -> tuple[str, int, bool]:
    """The word before ``pos`` (lower case), its start and whether a dot follows it.

    Only whitespace and one of ``, : - –`` may stand between; otherwise the word is "".
    """
    j = pos - 1
    seps = 0
    while j >= 0 and (text[j].isspace() or text[j] in ",:-–("):
        if not text[j].isspace():
            seps += 1
        j -= 1
    dot = j >= 0 and text[j] == "."
    if dot:
        j -= 1
    end = j + 1
    while j >= 0 and text[j].isalpha():
        j -= 1
    if seps > 1 or end - j > 40:
        return "", j + 1, dot
    return text[j + 1 : end].lower(), j + 1, dot


def _english_month_date(text: str, low: str, start: int, end: int) -> bool:
    """``low`` (the word at ``start:end``) is an English month used as a date."""
    if low not in _ENGLISH_MONTHS:
        return False
    if _DAY_OR_YEAR_AFTER_RE.match(text, end) is not None:
        return True
    if _prev_word(text, start)[0] in _ENGLISH_TIME_WORDS:
        return True
    return _DAY_BEFORE_RE.search(text, max(0, start - 12), start) is not None


def _sentence_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and (text[j].isspace() or text[j] in _QUOTES):
        if text[j] == "\n":
            return True
        j -= 1
    if j < 0:
        return True
    ch = text[j]
    if ch in "!?…:;":
        return True
    if ch != ".":
        return False
    k = j - 1
    while k >= 0 and text[k].isalpha():
        k -= 1
    word = text[k + 1 : j].lower()
    if word in _ABBREV or len(word) == 1:
        return False
    if not word and k >= 0 and text[k].isdigit():
        # "den 14. juni" is an ordinal, but "kl. 14." or "kl. 8.00." closes a sentence.
        while k >= 0 and (text[k].isdigit() or text[k] in ".:"):
            k -= 1
        before = text[max(0, k - 4) : k + 1].rstrip().lower()
        return before.endswith(("kl", "kl.")) and not before[: before.rfind("kl")][-1:].isalpha()
    return True


def _split_known(known_names: Iterable[str]) -> frozenset[str]:
    names = tuple(n for n in known_names if isinstance(n, str))
    return _split_known_cached(names) if names else frozenset()


@lru_cache(maxsize=256)
def _split_known_cached(known_names: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for name in known_names:
        for m in WORD_RE.finditer(name):
            low = m.group(0).lower()
            if len(low) >= 2:
                out.add(low)
                for part in re.split(r"[-\u2010'’]", low):
                    if len(part) >= 2:
                        out.add(part)
    return frozenset(out)


def _base(low: str, names: frozenset[str], known: frozenset[str]) -> str:
    """Strip a possessive ending when what remains is a (known) name: Mettes → mette."""
    if len(low) < 3 or low in names:
        return low
    last = low[-1]
    if last == "s":
        stem = low[:-1]
        if stem in names or stem in known:
            return stem
        if low[-2] in "'’":
            stem = low[:-2]
            if stem in names or stem in known:
                return stem
    elif last in "'’":
        stem = low[:-1]
        if stem in names or stem in known:
            return stem
    return low


def _upper_class() -> str:
    """A character class of every upper-case BMP letter (``str.isupper``), as ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF or not chr(cp).isupper():
            continue
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    parts = []
    for a, b in ranges:
        parts.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
    return "[" + "".join(parts) + "]"


# A capitalised word as WORD_RE would find it (not the tail of a lower-case word or compound).
CAP_WORD_RE = re.compile(
    _upper_class() + r"(?<![^\W\d_].)(?<![^\W\d_][-\u2010'’].)[^\W\d_]*(?:[-\u2010'’][^\W\d_]+)*"
)


@lru_cache(maxsize=1)
def _never_name_caps() -> frozenset[str]:
    """Frequent words that, capitalised, never become (part of) a name."""
    # Public bodies and places are always blocked, so they need not become tokens at all.
    return ((common_words() | stopwords()) - all_names()) | _PLACES | ALLOWED


_EDGE_PUNCT = (".", ",", "!", "?", ":", ";", ")", '"', "”", "»")
_EDGE_SET = frozenset(_EDGE_PUNCT)


@lru_cache(maxsize=1)
def _lower_triggers() -> frozenset[str]:
    """Lower-case words (possessives included) that may be names as written.

    Matched against ``text.split()`` (see ``_has_trigger``) so that no regex tokenisation is
    needed on the fast path.
    """
    forms: set[str] = set()
    amb, common = ambiguous_names(), common_words()
    for name in all_names():
        if name in common or (name in amb and name in _FUNCTION):
            continue
        if name not in amb and (len(name) < 3 or name in _LOWER_ONLY):
            continue
        forms.update((name, name + "s", name + "'s", name + "’s", name + "'", name + "’"))
    return frozenset(forms)


@lru_cache(maxsize=1)
def _full_scan_triggers() -> frozenset[str]:
    """``_lower_triggers() | _ROLE_LOWER_NAMES``."""
    return _lower_triggers() | frozenset(_ROLE_LOWER_NAMES)


def _has_trigger(words: Iterable[str], triggers: frozenset[str]) -> bool:
    """Some word is a trigger as written, after one "(", before one closing punctuation mark, or
    in brackets with up to one more mark ("(ahmed?)").

    Checked per word rather than stored in every punctuated form: the set stays small (its
    construction was most of the anonymiser's start-up time).
    """
    for w in words:
        if w in triggers:
            return True
        if w[:1] == "(" and w[1:] in triggers:
            return True
        if w[-1:] in _EDGE_SET and w[:-1] in triggers:
            return True
        if w[:1] == "(" and w[-1:] in _EDGE_SET:  # "(ahmed?)", "(lærke)."
            w = w[1:-1]
            if w[-1:] in _EDGE_SET:
                w = w[:-1]
            if w in triggers:
                return True
    return False


# Hyphens: between two letters they join a compound ("Anne-Mette", "e-mail").
_HYPHENS = ("-", "\u2010")


def _is_letter(ch: str) -> bool:
    """The regex class ``[^\\W\\d_]``: a word character that is no decimal digit or "_"."""
    return ch.isalnum() and not ch.isdecimal()


_STRIP = "".join(_EDGE_PUNCT) + "(\"'“«"


_EDGE_BYTES = '.,()!?:;"»'.encode("latin-1")


def _without_edge_punct(text: str) -> str:
    """``text`` without the characters ``_has_trigger`` may strip from a word.

    A Latin-1 text (nearly every answer) has them deleted by one ``bytes.translate``; otherwise
    plain ``replace`` calls (far faster than ``str.translate`` on non-ASCII text) do it.
    """
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        return raw.translate(None, _EDGE_BYTES).decode("latin-1")
    return (
        text.replace(".", "")
        .replace(",", "")
        .replace("(", "")
        .replace(")", "")
        .replace("!", "")
        .replace("?", "")
        .replace(":", "")
        .replace(";", "")
        .replace('"', "")
        .replace("”", "")
        .replace("»", "")
    )


def _needs_full_scan(text: str, known: frozenset[str]) -> bool:
    """Whether some lower-case word could be a name (then every word is tokenised).

    The words of ``text`` without edge punctuation give a superset test that one C-level set
    operation answers; the exact per-word test runs only when it passes. (No trigger holds one
    of the removed characters, so every word ``_has_trigger`` accepts leaves a trigger.)
    """
    triggers = _full_scan_triggers()
    if not triggers.isdisjoint(_without_edge_punct(text).split()):
        if _has_trigger(text.split(), triggers):
            return True
    names = all_names()
    if known:
        for tok in text.split():
            w = tok.strip(_STRIP).lower()
            if w and (w in known or _base(w, names, known) in known):
                return True
    if "-" not in text and "\u2010" not in text:
        return False
    size = len(text)
    for p in occurrences(text, _HYPHENS):
        # A hyphen between two letters; the letters either side: "anne-mette", "e-mail".
        if not (0 < p < size - 1 and _is_letter(text[p - 1]) and _is_letter(text[p + 1])):
            continue
        j = p
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        if text[j].isupper():
            continue  # capitalised compounds are found by CAP_WORD_RE
        k = p + 1
        while k < size and text[k].isalpha():
            k += 1
        left, right = text[j:p].lower(), text[p + 1 : k].lower()
        if left in names or right in names or left in known or right in known:
            return True
    return False


class _WordFacts(NamedTuple):
    """What a word alone decides in ``find`` (the same for every occurrence of the word): the
    word's own part of each pass-1 rule, in rule order, and what the later passes look up."""

    blocked: bool  # a public body, place or acronym
    head: bool  # may start a multi-word public body ("Udbetaling Danmark")
    direct: bool  # a name outright: known, or listed and no ordinary word
    role: bool  # a role word before it can make it a name (one of the four cases below)
    role_initial: bool
    role_word: bool
    role_word_noun: bool  # … unless a title stands before it ("Mvh. Bestyrelsen")
    role_lower: bool
    role_lower_name: bool
    contact_lower: bool
    contact_cap: bool
    listed: bool
    age: bool
    first_name: bool
    surname: bool
    finite: bool
    finite_speaker: bool
    ham: bool
    slot: bool
    cap: bool
    ambiguous: bool


_FACT_SETS: dict[_WordFacts, _WordFacts] = {}


@lru_cache(maxsize=4096)
def _lower_word_facts(word: str, low: str, base: str) -> _WordFacts | None:
    """``_word_facts`` of a lower-case token when no names are known."""
    return _word_facts(word, low, base, False, frozenset())


@lru_cache(maxsize=8192)
def _cap_word_facts(word: str) -> _WordFacts | None:
    """``_word_facts`` of a capitalised token when no names are known (its lower-case form and
    base are made from the word as ``find`` makes them; one string as the key)."""
    low = word.lower()
    no_names: frozenset[str] = frozenset()
    base = _base(low, all_names(), no_names) if low[-1] in "s'’" else low
    return _word_facts(word, low, base, True, no_names)


def _word_facts(
    word: str, low: str, base: str, cap: bool, known: frozenset[str]
) -> _WordFacts | None:
    """The ``_WordFacts`` of a token; ``None``: a lower-case word that is no name at all (the
    token is skipped)."""
    names, common = all_names(), common_words()
    if not cap and base not in names and base not in known and "-" not in base:
        return None
    amb = base in ambiguous_names() or low in common or base in common
    lst = _listed(base, names, known)
    part = low.split("-", 1)[0] if "-" in low else low
    blocked_word = (
        low in ALLOWED
        or part in _PLACES
        or base in _PLACES
        or (len(word) > 1 and word.isupper() and not (len(word) >= 3 and lst and not amb))
    )
    in_known = base in known or low in known
    direct = (in_known and (not amb or cap)) or (
        lst and not amb and (cap or (len(base) >= 3 and base not in _LOWER_ONLY))
    )
    noun = low.endswith(_NOUN_ENDINGS)
    upper = word.isupper()
    role_initial = cap and len(word) == 1
    role_word = cap and len(word) >= 2 and (lst or base not in common)
    role_lower = not cap and lst and base not in _FUNCTION and base not in common
    role_lower_name = not cap and base in _ROLE_LOWER_NAMES
    plain_cap = cap and not amb and len(word) >= 3 and base not in common
    facts = _WordFacts(
        blocked=blocked_word,
        head=low in allowed_heads(),
        direct=direct,
        role=(cap or lst)
        and (role_initial or role_word or role_lower or role_lower_name)
        and not _is_role(low),
        role_initial=role_initial,
        role_word=role_word,
        role_word_noun=not lst and noun,
        role_lower=role_lower,
        role_lower_name=role_lower_name,
        contact_lower=role_lower and not amb,
        contact_cap=plain_cap and not noun,
        listed=lst,
        age=plain_cap and not noun,
        first_name=cap
        and amb
        and base in first_names()
        and base not in _NOT_FIRST_NAME
        and len(base) >= 2
        and not upper,
        surname=cap and amb and base in last_names() and len(base) >= 3 and not upper,
        finite=plain_cap
        and base not in _NOT_FIRST_NAME
        and not noun
        and not upper
        and not base.endswith(_UNIT_ENDINGS)
        and not _is_role(base),
        finite_speaker=base not in _NOT_SPEAKERS,
        ham=cap and amb and len(word) >= 3 and not upper,
        slot=cap and not amb and _unknown_name_shape(word, base),
        cap=cap,
        ambiguous=amb,
    )
    return _FACT_SETS.setdefault(facts, facts)  # a few distinct tuples shared by all words


def _listed(base: str, names: frozenset[str], known: frozenset[str]) -> bool:
    """``base`` is a listed name, or a hyphenated one whose parts are names ("Anne-Mette")."""
    if base in names:
        return True
    if "-" in base or "‐" in base:
        parts = re.split(r"[-\u2010]", base)
        if parts[0] in _NICK_PREFIXES:
            parts = parts[1:]  # "Lille-Jens", "Store-Per", "Gamle-Ole": a nickname
        return all(p in names or p in known for p in parts) and any(p in names for p in parts)
    return False


def _joined(text: str, ends: list[int], starts: list[int], words: list[str], i: int) -> bool:
    """Token i and i+1 are written as one name run ("Mette Hansen", "K. Jensen"). (An initial
    is a one-letter token: it is capitalised exactly when it is upper case.)"""
    if i + 1 >= len(starts):
        return False
    g = text[ends[i] : starts[i + 1]]
    if g == " " or g == "\u00a0":
        return True
    return (g == ". " or g == ".") and len(words[i]) == 1 and words[i].isupper()


def _role_before(text: str, prev: tuple[str, int, bool]) -> bool:
    """A role or title word before the token ("sagsbehandleren X", "fru X", "navn er X")."""
    word, word_start, dot = prev
    if not word or (dot and word not in _TITLES):
        return False
    if _is_role(word):
        return True
    return word == "er" and _prev_word(text, word_start)[0] in _NAMING


def _contact_before(text: str, prev: tuple[str, int, bool]) -> bool:
    """ "talte med X", "ringede til X", "spurgte efter X": a person is the likely object."""
    word, word_start, dot = prev
    if dot or word not in ("med", "til", "efter"):
        return False
    verb = _prev_word(text, word_start)[0]
    return verb in (_ASK_VERBS if word == "efter" else _CONTACT_VERBS)


def _person_slot(text: str, start: int, end: int, word: str, prev: tuple[str, int, bool]) -> bool:
    """The token stands where Danish puts a person: after a person-taking word mid-sentence
    ("for", "om", "tak", "ham" …) or as a closing signature ("Fra Tunde", "Hilsen Aziz")."""
    before, before_start, dot = prev
    if dot or not before:
        return False
    if before in _SIGN_OFF and _SIGNATURE_END_RE.match(text, end) is not None:
        return True
    if before not in _PERSON_BEFORE or _sentence_start(text, start):
        return False
    if before in _PERSON_BEFORE_WEAK:
        if _sentence_start(text, before_start):
            return False
        earlier = _prev_word(text, before_start)[0]
        if earlier and text[_prev_word(text, before_start)[1]].isupper():
            return False  # "Center for Familier", "Styrelsen for Arbejdsmarked"
    if "-" in word and not all(p[:1].isupper() for p in word.split("-")):
        return False  # "IT-rygsæk": a compound noun
    # Not "Teknik og Miljø", "Vej & Park": two capitalised words joined by "og" / "&".
    return (
        _PERSON_AFTER_RE.match(text, end) is not None
        and _DEPARTMENT_AFTER_RE.match(text, end) is None
    )


def _role_after(text: str, end: int) -> bool:
    """ "X fra teamet", "X, min sagsbehandler": a role or unit after the token."""
    m = _NEXT_RE.match(text, end)
    if m is None:
        return False
    if m.group("fra"):
        return True
    role = m.group("role")
    return role is not None and _is_role(role.lower())


def find(
    text: str,
    known_names: Iterable[str] = (),
    *,
    low_words: list[str] | None = None,
    upper: list[int] | None = None,
) -> list[Hit]:
    """Names in ``text``. ``low_words`` (``text.lower().split()``) is no longer needed; ``upper``
    holds every position of an upper-case letter (more positions do no harm) when the caller
    has them: capitalised words are matched there only, not searched for in the whole text."""
    names = all_names()
    # The default () needs no look at the name lists (the common case).
    known = (
        frozenset()
        if isinstance(known_names, tuple) and not known_names
        else _split_known(known_names)
    )

    # Only candidate tokens are kept: capitalised words and words found in the name lists.
    # Non-candidate words still separate candidates, because `joined` looks at the text between.
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    lows: list[str] = []
    bases: list[str] = []
    caps: list[bool] = []
    if _needs_full_scan(text, known):
        for m in WORD_RE.finditer(text):
            word = m.group(0)
            cap = word[0].isupper()
            if cap:
                low = word.lower()
            else:
                low = word
                b = m.start()
                if b > 1 and text[b - 2].isdigit() and text[b - 1] == " ":
                    continue  # "1,2 mio. kr.": a unit after a number, never a name
                if word not in names and word not in known:
                    last = word[-1]
                    if last == "s" or last == "'" or last == "’":
                        if _base(low, names, known) == low:
                            continue
                    elif "-" not in word and "‐" not in word:
                        continue
                    low = word.lower()
            s_, e_ = m.span()
            starts.append(s_)
            ends.append(e_)
            words.append(word)
            lows.append(low)
            bases.append(_base(low, names, known) if low[-1] in "s'’" else low)
            caps.append(cap)
    else:
        # Fast path: no lower-case word can be a name, so only capitalised words are looked at,
        # and frequent words that can never be names (Jeg, Det, Vi …) are skipped.
        skip = _never_name_caps()
        cap_words = (
            CAP_WORD_RE.finditer(text) if upper is None else matches_at(CAP_WORD_RE, text, upper)
        )
        for m in cap_words:
            word = m.group(0)
            low = word.lower()
            if low in skip and low not in known:
                continue
            s_, e_ = m.span()
            starts.append(s_)
            ends.append(e_)
            words.append(word)
            lows.append(low)
            bases.append(_base(low, names, known) if low[-1] in "s'’" else low)
            caps.append(True)
    n = len(words)
    if n == 0:
        return []

    common = common_words()
    is_name = [False] * n
    found = False
    firsts, lasts = first_names(), last_names()
    candidates: list[int] = []  # capitalised tokens not (yet) names
    # The word's own part of every rule, per token (``None``: a lower-case non-name).
    token_facts: list[_WordFacts | None] = [
        (_cap_word_facts(words[i]) if caps[i] else _lower_word_facts(words[i], lows[i], bases[i]))
        if not known
        else _word_facts(words[i], lows[i], bases[i], caps[i], known)
        for i in range(n)
    ]

    def blocked(i: int) -> bool:
        """A public body, place or acronym (token i is capitalised)."""
        facts = token_facts[i]
        if facts is None:  # not reached: only capitalised tokens are asked about
            facts = _word_facts(words[i], lows[i], bases[i], True, known)
            assert facts is not None
        return facts.blocked or (facts.head and starts_allowed(text, starts[i], lows[i]))

    # Pass 1: strong evidence; only the context is looked at here.
    for i in range(n):
        facts = token_facts[i]
        if facts is None:
            continue
        (
            blocked_word,
            head,
            direct,
            role,
            role_initial,
            role_word,
            role_word_noun,
            role_lower,
            role_lower_name,
            contact_lower,
            contact_cap,
            lst,
            age,
            first_name,
            surname,
            finite,
            finite_speaker,
            ham,
            slot,
            cap,
            _,
        ) = facts
        start, end = starts[i], ends[i]
        if blocked_word and len(words[i]) == 2 and words[i].isupper() and lows[i] not in ALLOWED:
            before_word = _prev_word(text, start)
            nm = _NEXT_WORD_RE.match(text, end)
            if (
                before_word[0] not in _TITLES
                and not before_word[2]
                and _is_role(before_word[0])
                and nm is not None
                and nm.group(1) in _FINITE_VERBS
            ):
                # "Byggesagsbehandleren HC sagde …": initials as a person's short name after
                # a role word, with a verb after them.
                is_name[i] = found = True
                continue
        if blocked_word or (head and starts_allowed(text, start, lows[i])):
            continue
        if direct:
            is_name[i] = found = True  # a known name, or a listed name that is no word
            continue
        if _english_month_date(text, lows[i], start, end):
            continue
        prev: tuple[str, int, bool] | None = None  # the word before (computed when needed)
        if role:
            prev = _prev_word(text, start)
            if _role_before(text, prev):
                if role_initial and text[end : end + 1] == "." and prev[0] in _TITLES:
                    is_name[i] = found = True  # "Hilsen M.H.", "fru K. Jensen"
                    continue
                if role_word and not (role_word_noun and prev[0] in _TITLES):
                    is_name[i] = found = True  # not "Mvh. Bestyrelsen", "Hilsen Ledelsen"
                    continue
                if role_lower:
                    is_name[i] = found = True
                    continue
                if role_lower_name:
                    nm = _NEXT_WORD_RE.match(text, end)
                    if nm is not None and nm.group(1) in _FINITE_VERBS:
                        is_name[i] = found = True  # "miljømedarbejderen line forklarede"
                        continue
        if contact_lower or contact_cap:
            if prev is None:
                prev = _prev_word(text, start)
            if _contact_before(text, prev) and (
                contact_lower or lst or _DEPARTMENT_AFTER_RE.match(text, end) is None
            ):
                is_name[i] = found = True  # "spurgte efter mona", "talte med Xiomara"
                continue
        if age and _AGE_AFTER_RE.match(text, end) and not _sentence_start(text, start):
            is_name[i] = found = True  # "… og Xiomara (7 år)", "Yaw, 12 år, …"
            continue
        if first_name and text[end : end + 1] not in ("-", "‐", "/"):
            if not _sentence_start(text, start):
                # "… og Per kom", "talte med Bo": a first name capitalised mid-sentence.
                is_name[i] = found = True
                continue
            nm = _NEXT_WORD_RE.match(text, end)
            if nm is not None and nm.group(1) in _FINITE_VERBS:
                # "Bo kom hjem", "Hans var glad" (sentence start, then a verb).
                is_name[i] = found = True
                continue
            if (
                nm is not None
                and _PAST_VERB_RE.fullmatch(nm.group(1)) is not None
                and lows[i] not in _MONTH_WORDS
                and _subject_verb(text, nm.end())
            ):
                # "Lise tegnede en tidslinje for hende", "Tue følte sig hørt … viste ham": a
                # listed first name (also a word) before a past-tense verb, in an answer that
                # speaks of a person.
                is_name[i] = found = True
                continue
        if (
            cap
            and not first_name
            and bases[i] in _NOT_FIRST_NAME
            and bases[i] in firsts
            and lows[i] not in _MONTH_WORDS
        ):
            nm = _NEXT_WORD_RE.match(text, end)
            initial = _sentence_start(text, start)
            if (
                nm is not None
                and (nm.group(1) in _PERSON_VERBS if initial else nm.group(1) in _FINITE_VERBS)
                and _subject_verb(text, nm.end())
            ):
                # "Tue følte sig hørt … viste ham": a first name that is mostly a word, as the
                # subject of a verb only a person does (not "Nok følte han …"); mid-sentence
                # capitalised before any finite verb ("og Nok taler ikke dansk").
                is_name[i] = found = True
                continue
        if surname:
            nm = _NEXT_WORD_RE.match(text, end)
            if nm is not None and nm.group(1) in _SPEECH_VERBS:
                # "Skov sagde at …", "… og Rask lovede": a surname as the speaker.
                is_name[i] = found = True
                continue
        if finite:
            nm = _NEXT_WORD_RE.match(text, end)
            if nm is not None and nm.group(1) in _FINITE_VERBS:
                if prev is None:
                    prev = _prev_word(text, start)
                if prev[0] in _SUBORDINATORS and not prev[2]:
                    # "… at Lukas var blevet visiteret": an unknown capitalised word mid-sentence
                    # after a conjunction and before a finite verb.
                    is_name[i] = found = True
                    continue
                if finite_speaker and nm.group(1) in _SPEECH_VERBS and _sentence_start(text, start):
                    # "Xiomara ringede i går": an unknown word as the speaker of a sentence.
                    is_name[i] = found = True
                    continue
        if ham or slot:
            if prev is None:
                prev = _prev_word(text, start)
            if (
                ham
                and prev[0] in ("ham", "hende")
                and not prev[2]
                and _APPOSITION_AFTER_RE.match(text, end) is not None
            ):
                is_name[i] = found = True  # "ham Bonde som …", "naboen, ham Vang, havde klaget"
                continue
            if slot and _person_slot(text, start, end, words[i], prev):
                # "fik Tenzin en it-rygsæk", "for Yusra på", "Tak Haris!", "ham Bonde som …":
                # an unlisted capitalised word mid-sentence where a person is the object.
                is_name[i] = found = True
                continue
        if cap and bases[i] in firsts and text[start - 1 : start] == " ":
            if prev is None:
                prev = _prev_word(text, start)
            if prev[0] in _SPEECH_VERBS and not prev[2] and prev[1] + len(prev[0]) + 1 == start:
                if not blocked(i) and lows[i] not in _MONTH_WORDS:
                    # "så sagde Søs noget andet", "ringede Bo": a listed name (also an ordinary
                    # word) as the speaker after the verb.
                    is_name[i] = found = True
                    continue
        if cap:
            candidates.append(i)

    # First name + surname written together mid-sentence, even when both are ordinary words
    # ("Lise Strand", "Per Holm").
    for i in candidates:
        if (
            i + 1 < n
            and caps[i + 1]
            and _joined(text, ends, starts, words, i)
            and bases[i] in firsts
            and bases[i + 1] in lasts
        ):
            if not blocked(i + 1) and (
                not _sentence_start(text, starts[i]) or bases[i] not in common
            ):
                is_name[i] = is_name[i + 1] = found = True

    # Pass 2: adjacency (surnames, ambiguous words next to a name, initials); repeat until stable.
    for _ in range(4 if candidates else 0):
        changed = False
        for i in candidates:
            if is_name[i] or _is_role(lows[i]):
                continue
            facts = token_facts[i]
            assert facts is not None  # candidates are capitalised
            prev_name = i > 0 and is_name[i - 1] and _joined(text, ends, starts, words, i - 1)
            next_name = i + 1 < n and is_name[i + 1] and _joined(text, ends, starts, words, i)
            k = i - 1  # "K. Bak": a single capital initial with a dot right before token i
            if (
                not prev_name
                and len(words[i]) >= 2
                and k >= 0
                and len(words[k]) == 1
                and caps[k]
                and words[k] != "I"
                and _joined(text, ends, starts, words, k)
                and text[ends[k] : ends[k] + 1] == "."
                and (
                    starts[k] == 0
                    or not (text[starts[k] - 1].isalnum() or text[starts[k] - 1] == ".")
                )
                and not blocked(i)
                and (facts.listed or lows[i] not in common)
            ):
                # "sagsbehandleren, K. Bak," "underskrevet af en J. Lund": initial + surname.
                is_name[i] = is_name[i - 1] = changed = True
                continue
            if not (prev_name or next_name):
                # "Liv og Emma", "Mette, Bo og Per": next to a name with only "og"/","/"&".
                if (
                    facts.ambiguous
                    and facts.listed
                    and (
                        _role_after(text, ends[i])
                        or (i > 0 and is_name[i - 1] and text[ends[i - 1] : starts[i]] in _COORD)
                        or (
                            i + 1 < n and is_name[i + 1] and text[ends[i] : starts[i + 1]] in _COORD
                        )
                    )
                ):
                    is_name[i] = changed = True
                elif (
                    facts.slot
                    and i > 1
                    and is_name[i - 1]
                    and is_name[i - 2]
                    and text[ends[i - 1] : starts[i]] in _COORD
                    and text[ends[i - 2] : starts[i - 1]] in _COORD
                    and not blocked(i)
                    and lows[i] not in common
                    and _DEPARTMENT_AFTER_RE.match(text, ends[i]) is None
                ):
                    is_name[i] = changed = True  # "Martin, Pernille og Yusra": a list of names
                continue
            if len(words[i]) == 1:
                # Initial: "K. Jensen" (before a name, with a dot) or "Camilla W." (after a name).
                if (next_name and text[ends[i] : ends[i] + 1] == ".") or (
                    prev_name and words[i] != "I"
                ):
                    is_name[i] = changed = True
                continue
            lst = facts.listed
            if lows[i] in common and not lst:
                continue
            if facts.ambiguous:
                if lst and (prev_name or next_name or not _sentence_start(text, starts[i])):
                    is_name[i] = changed = True
                elif prev_name and bases[i - 1] in firsts and not blocked(i):
                    is_name[i] = changed = True  # "Jesper Ulv": a word as a surname
                continue
            if lst or prev_name or not _sentence_start(text, starts[i]):
                is_name[i] = changed = True
        if not changed:
            break
        found = True

    # A lower-case surname after a lower-case first name: "sagsbehandleren (lone bach)".
    for i in range(1, n):
        if (
            not caps[i]
            and not is_name[i]
            and is_name[i - 1]
            and not caps[i - 1]
            and text[ends[i - 1] : starts[i]] == " "
            and bases[i] in lasts
            and bases[i] not in common
            and bases[i] not in _FUNCTION
        ):
            is_name[i] = True

    # "Ruud van der Berg", "Maricel dela Cruz": a capitalised word after a name and a particle.
    for i in range(n - 1):
        if (
            is_name[i]
            and caps[i + 1]
            and not is_name[i + 1]
            and text[ends[i] : starts[i + 1]] in _PARTICLE_GAPS
            and not blocked(i + 1)
        ):
            is_name[i + 1] = True

    # A signature after a dash closing the answer: "… har ansvaret. — Nimmi Ratnayake".
    sig = (
        _DASH_SIGNATURE_RE.search(text, max(0, len(text) - 80))
        if "—" in text or "–" in text or " -" in text
        else None
    )
    if sig is not None:
        run = [i for i in range(n) if starts[i] >= sig.start(1)]
        if len(run) == len(sig.group(1).split()) and all(
            caps[i]
            and not blocked(i)
            and (bases[i] not in common or _listed(bases[i], names, known))
            for i in run
        ):
            for i in run:
                is_name[i] = found = True

    initials = _find_initials(text) if "." in text else []
    if "kald" in text:
        initials += _find_called(text)
    if "@" in text:
        initials += _find_mail_signature(text)
    tail = text[-60:].lower()
    if "vh" in tail or "kh" in tail or "hilsen" in tail:  # "vh" also finds "mvh"
        initials += _find_sign_off(text, names, known, common)
    if not found:
        return initials
    # A word used as part of a full name elsewhere in the answer is a name everywhere it is
    # capitalised ("Henriette Bang … Bang har ringet").
    parts = {
        bases[i]
        for i in range(n)
        if is_name[i]
        and len(words[i]) > 1
        and (
            (i > 0 and is_name[i - 1] and _joined(text, ends, starts, words, i - 1))
            or (i + 1 < n and is_name[i + 1] and _joined(text, ends, starts, words, i))
        )
    }
    # A name found on its own (by its context) is a name where it recurs capitalised, the
    # possessive too ("Sagsbehandler Mette-Louise … Mette-Louises fejl"), unless a common word.
    single = {bases[i] for i in range(n) if is_name[i] and len(words[i]) > 1} - common
    if parts or single:
        for i in candidates:
            if is_name[i] or blocked(i):
                continue
            base = bases[i]
            if base in parts or base in single or (base[-1:] == "s" and base[:-1] in single):
                is_name[i] = True
    hits: list[Hit] = []
    i = 0
    while i < n:
        if not is_name[i]:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and is_name[j + 1]
            and (
                _joined(text, ends, starts, words, j)
                or text[ends[j] : starts[j + 1]] in _PARTICLE_GAPS
            )
        ):
            j += 1  # "Maricel dela Cruz", "Ruud van der Berg": one name across the particle
        if i == j and _PET_BEFORE_RE.search(text, max(0, starts[i] - 28), starts[i]):
            i = j + 1
            continue  # "min hund Bella", "katten der hedder Mis": a pet, no person
        title = _TITLE_BEFORE_RE.search(text, max(0, starts[i] - 8), starts[i])
        hits.append((title.start() if title else starts[i], ends[j], "NAVN"))
        i = j + 1
    return hits + initials


# A pet's name after the animal ("min hund Bella", "vores kat, Mis", "hvalpen der hedder Bob").
_PET_BEFORE_RE = re.compile(
    r"(?<![\w-])(?i:hund|hunden|hunde|kat|katten|hvalp|hvalpen|killing|killingen|kanin|kaninen|"
    r"hest|hesten|pony|ponyen|marsvin|marsvinet|hamster|hamsteren|papegøje|papegøjen)"
    r"(?:,?[ \u00a0]+(?:der|som)[ \u00a0]+hed(?:der)?|[ \u00a0]+hedder|,)?[ \u00a0]+\Z"
)


# A courtesy title belongs to the name it stands before: "fru Skov", "hr. Strand" → [NAVN 1].
_TITLE_BEFORE_RE = re.compile(r"(?<![\w.])(?i:fru|hr\.?|herr|frk\.?|fr\.|dr\.)[ \u00a0]\Z")


# Initials standing for a person: "Sagsbehandleren (J.K.)", "hun (K.L.)", "rådgiver M.H.".
_INITIALS_RE = re.compile(r"[A-ZÆØÅ](?<![\w.].)\.[ \u00a0]?[A-ZÆØÅ]\.(?:[ \u00a0]?[A-ZÆØÅ]\.)?")
# Part of every _INITIALS_RE match, with a literal first so the engine skips ahead (a pre-check).
_INITIALS_KEY_RE = re.compile(r"\.[ \u00a0]?[A-ZÆØÅ]\.")


# A lower-case initial and surname in brackets: "rådgiveren (s. holm) ringede".
_LOWER_INITIAL_RE = re.compile(r"\(([a-zæøå])\.[ \u00a0]?([a-zæøå]{2,})\)")


# "Han kalder chaufføren 'Bamse'", "vi kaldte hende «Søs»": a quoted nickname given to a person.
_CALLED_RE = re.compile(
    r"(?<![\w])(?:kalder|kaldte|kaldes|kaldet)[ \u00a0]+(?:([^\W\d_]+)[ \u00a0]+)?"
    r"[\"'«“‘]([A-ZÆØÅ][a-zæøå]{1,14})[\"'»”’]"
)
_PERSON_PRONOUNS = frozenset("ham hende dem mig os".split())


def _find_called(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _CALLED_RE.finditer(text):
        who = (m.group(1) or "").lower()
        if who and (who in _PERSON_PRONOUNS or _is_role(who)):
            hits.append((m.start(2), m.end(2), "NAVN"))
    return hits


# A lone capitalised word closing the answer whose lower-case form is part of an e-mail address
# in the answer: "Min mail: agl.og.tom@gmail.com. Tom" (the writer's signature).
_LAST_WORD_RE = re.compile(
    r"[.!?\n][ \u00a0\n]*([A-ZÆØÅ][a-zæøå]{1,14})[ \u00a0]*[.!]?[ \u00a0\n]*\Z"
)
_MAIL_LOCAL_RE = re.compile(r"([\w.+-]+)@[\w-]+\.")
_MAIL_PART_SPLIT_RE = re.compile(r"[._+\-0-9]+")


def _find_mail_signature(text: str) -> list[Hit]:
    m = _LAST_WORD_RE.search(text, max(0, len(text) - 24))
    if m is None:
        return []
    word = m.group(1).lower()
    for local in _MAIL_LOCAL_RE.findall(text):
        if word in _MAIL_PART_SPLIT_RE.split(local.lower()):
            return [(m.start(1), m.end(1), "NAVN")]
    return []


def _find_initials(text: str) -> list[Hit]:
    hits: list[Hit] = []
    if "(" in text:
        for m in _LOWER_INITIAL_RE.finditer(text):
            if m.group(2) in last_names() or m.group(2) in first_names():
                hits.append((m.start(1), m.end(2), "NAVN"))
    if _INITIALS_KEY_RE.search(text) is None:
        return hits
    for m in _INITIALS_RE.finditer(text):
        start, end = m.start(), m.end()
        bracketed = start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")"
        if bracketed or (_is_role(_prev_word(text, start)[0]) and not _prev_word(text, start)[2]):
            if text[end : end + 1] == " " and text[end + 1 : end + 2].isupper():
                continue  # "H.C. Andersens Boulevard", "A.P. Møller": part of a longer name
            hits.append((start, end, "NAVN"))
    return hits


# A name closing the answer after a sign-off, in any case: "mvh h. bager", "Hilsen Tunde Ade".
_SIGN_OFF_END_RE = re.compile(
    r"(?<![^\W\d_])(?i:mvh|vh|kh|hilsen)[.,:]?[ \u00a0\n]+"
    r"(?P<name>(?:(?P<initial>[^\W\d_])\.[ \u00a0]?)?[^\W\d_]+(?:-[^\W\d_]+)?"
    r"(?:[ \u00a0]+[^\W\d_]+(?:-[^\W\d_]+)?){0,2})[ \u00a0]*[.!]?[ \u00a0\n]*\Z"
)


def _find_sign_off(
    text: str, names: frozenset[str], known: frozenset[str], common: frozenset[str]
) -> list[Hit]:
    """The signature after a closing "mvh"/"hilsen": taken when it starts with an initial, or
    when every word is a listed or known name, or capitalised and no common word."""
    m = _SIGN_OFF_END_RE.search(text, max(0, len(text) - 60))
    if m is None:
        return []
    written = WORD_RE.findall(m.group("name"))
    words = [w.lower() for w in written]
    if m.group("initial") is None:
        if not all(
            w in names
            or w in known
            or (
                form[0].isupper()
                and w not in common
                and not w.endswith(_NOUN_ENDINGS)
                and not _is_role(w)
            )
            for w, form in zip(words, written, strict=True)
        ):
            return []
    elif any(w in common and w not in names for w in words[1:]) and len(words) > 2:
        return []
    return [(m.start("name"), m.end("name"), "NAVN")]

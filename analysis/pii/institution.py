"""INSTITUTION: named schools, daycares, care homes, hospitals, workplaces.

Every rule starts from a capitalised word (one regex pass, then set look-ups):
- a kind word before or after a name: "Børnehuset Solsikken", "Virum Skole", "Nordlys ApS";
- one compound word: "Lindegårdsskolen", "Sophienholm-skolen", "Rigshospitalet";
- context before a name: "i børnehave(n) X", "går på/i X", "pædagogen fra X", "bor på X-gården",
  "min chef fra X", "arbejder hos X", and a named place's staff: "Solsikkens pædagoger".
Named hospitals count as institutions (where a person was treated); the municipality, its
centres and departments, national bodies, towns, shops and generic words ("Hospitalet",
"Skolen") are kept (``ALLOWED`` and the place lists). Extra names can be configured: extend
``KNOWN_INSTITUTIONS`` or pass ``institutions=`` to :func:`analysis.anonymise.anonymise`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from analysis.pii import Hit
from analysis.pii.lexicon import ambiguous_names, common_words, first_names, stopwords

#: Institution names the application knows of (extend at start-up; matched case-insensitively).
KNOWN_INSTITUTIONS: list[str] = []

#: Public bodies and municipal units that are never redacted (lower case).
ALLOWED: frozenset[str] = frozenset(
    s.lower()
    for s in (
        "Ankestyrelsen",
        "Udbetaling Danmark",
        "Borgerservice",
        "Jobcentret",
        "Jobcenter",
        "Jobcenteret",
        "PPR",
        "Familieafdelingen",
        "Planklagenævnet",
        "Miljø- og Fødevareklagenævnet",
        "Datatilsynet",
        "Folketingets Ombudsmand",
        "Ombudsmanden",
        "Region Hovedstaden",
        "Region Sjælland",
        "Kommunen",
        "Rådhuset",
        "Skat",
        "Skattestyrelsen",
        "Socialstyrelsen",
        "Sundhedsstyrelsen",
        "Styrelsen for Patientsikkerhed",
        "Klagenævnet for Specialundervisning",
        "Hjemmeplejen",
        "Sundhedsplejen",
        "Tandplejen",
        "Visitationen",
        "Genoptræningen",
        "Hjælpemiddeldepotet",
        "Pladsanvisningen",
        "Ydelseskontoret",
        "Socialpsykiatrien",
        "Psykiatrien",
        "Hospitalet",
        "Folkeskolen",
        "Skolen",
        "Specialskolen",
        "Ungdomsskolen",
        "Musikskolen",
        "Sprogskolen",
        "Dagplejen",
        "Børnehaven",
        "Vuggestuen",
        "Plejecentret",
        "Plejehjemmet",
        "Klubben",
        "SFO",
        "Politiet",
        "Statsforvaltningen",
        "Familieretshuset",
        "Arbejdstilsynet",
        "A-kassen",
        "Byggesag",
        "Vej og Park",
        "Park og Natur",
        "Byg og Miljø",
        "Arealer og Ejendomme",
        "Lyngby Rådhus",
        "Lyngby Bibliotek",
        "Borgerrådgiveren",
        "Beskæftigelsesministeriet",
        "Social- og Boligministeriet",
        "Børne- og Undervisningsministeriet",
        "Ungdommens Uddannelsesvejledning",
    )
)

_L = "A-Za-zÆØÅæøåÄÖÜäöüÉé"
# Towns, areas, countries, shops and web services: "går i Netto", "arbejder i Lyngby" name no
# institution.
_PLACES: frozenset[str] = frozenset(
    """danmark lyngby virum sorgenfri lundtofte taarbæk hjortekær kongens kgs holte nærum gentofte
    københavn aarhus odense aalborg esbjerg randers kolding horsens vejle roskilde herning silkeborg
    næstved fredericia viborg køge holstebro taastrup slagelse hillerød sønderborg svendborg
    hjørring frederikshavn nørresundby ringsted haderslev skive ølstykke stenløse farum hørsholm
    rungsted birkerød allerød lillerød bagsværd ballerup hellerup søborg charlottenlund gladsaxe
    herlev rødovre hvidovre brøndby glostrup albertslund ishøj greve valby vanløse brønshøj
    husum amager nørrebro vesterbro østerbro frederiksberg christianshavn nordhavn sydhavn
    jylland fyn sjælland bornholm sverige norge tyskland polen ukraine syrien tyrkiet somalia irak
    iran afghanistan europa udlandet byen kommunen weekenden sommer vinter foråret
    efteråret""".split()
)
_SHOPS_AND_SERVICES: frozenset[str] = frozenset(
    """netto rema føtex bilka coop irma lidl aldi meny kvickly brugsen salling magasin ikea jysk
    dsb movia facebook google aula mitid nemid e-boks eboks sms teams zoom messenger youtube tiktok
    instagram snapchat linkedin jobnet borger.dk sundhed.dk""".split()
)
# A shop can be a workplace ("arbejder hos Netto"), but nobody "goes to" Netto as an institution.
_NOT_WORKPLACE = _PLACES
_PLACES = _PLACES | _SHOPS_AND_SERVICES
_CAP = rf"[A-ZÆØÅ][{_L}'\-]+"
# Prefix words followed by a capitalised name: "Børnehuset Solsikken", "Plejecenter Bauneporten".
_PREFIXES = (
    "Børnehuset|Børnehus|Børnehaven|Børnehave|Vuggestuen|Vuggestue|Naturbørnehaven|Skovbørnehaven|"
    "Plejecenter|Plejecentret|Plejecenteret|Plejehjemmet|Plejehjem|Friplejehjemmet|Bofællesskabet|"
    "Bofællesskab|Botilbuddet|Botilbud|Bostedet|Opholdsstedet|Behandlingshjemmet|Aflastningshjemmet|"
    "Dagplejen|Klub|Klubben|Fritidsklubben|Ungdomsklubben|Fritidshjemmet|Fritidshjem|SFO|SFO'en|"
    "Specialskolen|Efterskolen|Friskolen|Privatskolen|Psykologhuset|Lægehuset|Tandklinikken|Klinikken|"
    "Institutionen|Daginstitutionen|Ældrecentret|Ældrecenter|Aktivitetscentret|Værestedet|Dagcentret|"
    "Hospice|Kollegiet|Idrætsforeningen|Boldklubben|Foreningen|Firmaet|Virksomheden|Institution|"
    "Lægeklinikken|Lægepraksis|Ungdomsboligerne|Skolen|Realskolen|Lilleskolen|Heldagsskolen|"
    "Dagtilbuddet|Dagtilbud|Børnecentret|Børnecenter|Ungecentret|Opholdssted|Behandlingsstedet|"
    "Specialbørnehaven|Specialbørnehave|Café|Cafe|Caféen|Restaurant|Restauranten|Bageriet|Butikken|"
    "Salonen|Frisørsalonen|Plejecentret|Demensboligerne|Ældreboligerne|Ungdomshuset|Fritidscentret|"
    "Haveforeningen|Boligforeningen|Grundejerforeningen|Andelsboligforeningen|Ejerforeningen|"
    "Rusmiddelcenter|Rusmiddelcentret|Sundhedscenter|Sundhedscentret|Misbrugscenter|Misbrugscentret|"
    "Behandlingscenter|Behandlingscentret|Træningscenter|Træningscentret|Rehabiliteringscenter|"
    "Rehabiliteringscentret|Center|Centret|Hospice|Privathospitalet|Klinik"
)
PREFIX_RE = re.compile(rf"(?<![\w])(?:{_PREFIXES})\s(?P<name>{_CAP}(?:\s{_CAP})?)")
_PREFIX_SET = frozenset(_PREFIXES.split("|"))
# A single compound word: Lindegårdsskolen, Kongsbakkeskolen, Virumgymnasium …
_COMPOUND_SUFFIX = (
    "skolen|skole|gymnasium|gymnasiet|børnehave|børnehaven|vuggestue|vuggestuen|plejecenter|"
    "plejecentret|plejehjem|plejehjemmet|børnehus|børnehuset|klubben|fritidshjem|efterskole|huset|"
    "hjemmet|realskole|lilleskole|lilleskolen|friskole|friskolen|privatskole|privatskolen|"
    "hospitalet|hospital|sygehus|sygehuset|plejecenteret"
)
_COMPOUND_SUFFIXES = tuple(sorted(_COMPOUND_SUFFIX.split("|"), key=len, reverse=True))
COMPOUND_RE = re.compile(rf"(?<![\w])(?P<word>[A-ZÆØÅ][{_L}]+?(?:{_COMPOUND_SUFFIX}))(?![\w])")
_GENERIC_PREFIX = frozenset(
    "folke special efter fri privat ungdoms musik sprog kost heldags dag aften høj erhvervs "
    "handels "
    "produktions køre grund real modtagelses hjemme kommune sommer ferie natur skov friluft fri- "
    "special- tale dans kunst billed gymnasie skole idræts nabo lokal by distrikt over under "
    "mellem "
    "små store lille råd medborger kultur sundheds forsamlings menigheds aktivitets børne fritids "
    "lege bade psykolog læge tand ung unge ungdom bibliotek værk fælles hoved gammel nabo vaske "
    "pleje bo fyr lyst sommer vinter familie behandlings opholds aflastnings døgn fritids ældre "
    "specialbørne række parcel gæste driv hønse stue bryg mølle kolonihave hjørne ende nabo "
    "rå ráad råd- folkehus menneske medborgerhus kirke hotel lands kloster børne- dyre "
    "privat- sygehus- region regions amts militær- lokal- universitets".split()
)
# "Virum Skole", "Sorgenfri Skole", "Lyngby Trælast", "Christian Dahl VVS", "Fjordvang Logistik".
_TRAILING = (
    "Skole|Skolen|Friskole|Privatskole|Efterskole|Realskole|Lilleskole|Specialskole|Heldagsskole|Gymnasium|"
    "Børnehave|Vuggestue|Plejecenter|Plejehjem|Naturbørnehave|Skovbørnehave|Dagtilbud|Fritidsklub|"
    "Ungdomsklub|Bofællesskab|Botilbud|Bosted|Opholdssted|Børnecenter|Plejecentret|"
    "Børnehus|Boldklub|Idrætsforening|ApS|A/S|I/S|IVS|VVS|Logistik|Tømrer|Tømrerfirma|Snedker|Murer|"
    "Malerfirma|Maler|Trælast|Byg|Byggeri|Entreprise|Transport|Rengøring|Consult|Revision|Autoværksted|"
    "Auto|Smed|Smedie|El-service|El|Tandklinik|Lægehus|Fysioterapi|Frisør|Bageri|Pizzeria|Kiosk|Vognmand|"
    "Anlæg|Gartneri|Advokater|Advokatfirma|Genbrugsstation|Lager|Catering|Service|Kro|Hotel|Rideskole|"
    "Ungdomsskole|Produktionsskole|Privatskolen|Friskolen|Efterskolen|Plejehjemmet|Børnehaven|"
    "Hospital|Sygehus|Privathospital|Klinik|Klinikken|Tandlægeklinik|Lægeklinik|Lægepraksis"
)
_TRAILING_SET = frozenset(_TRAILING.split("|"))


@lru_cache(maxsize=64)
def _list_re(names: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    alternatives = "|".join(re.escape(n) for n in cleaned)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?:s|en|et)?(?![\w])", re.IGNORECASE)


_KIND_RE = re.compile(rf"(?<![\w])(?:{_TRAILING})(?![\w/])")
_MORE_RE = re.compile(rf"\s(?:&|og)\s{_CAP}")

# Capitalised words (and "A/S", "I/S"): every rule below starts from one. The class comes first,
# so the regex engine jumps from capital to capital.
_CAPWORD_RE = re.compile(rf"[A-ZÆØÅ](?:/S(?![\w])|[{_L}'’]*(?:-[{_L}]+)*)")

# Lower-case generic nouns directly before a name: "i børnehave Solsikken", "på plejehjemmet Y".
_GENERIC_BEFORE = frozenset(
    """børnehave børnehaven vuggestue vuggestuen skole skolen plejehjem plejehjemmet plejecenter
    plejecentret plejecenteret bosted bostedet botilbud botilbuddet bofællesskab bofællesskabet
    klub klubben sfo sfo'en fritidshjem fritidshjemmet fritidsklub fritidsklubben ungdomsklub
    ungdomsklubben dagtilbud dagtilbuddet institution institutionen daginstitution
    daginstitutionen opholdssted opholdsstedet efterskole efterskolen friskole friskolen
    privatskole privatskolen specialskole specialskolen specialbørnehave specialbørnehaven
    ældrecenter ældrecentret aktivitetscenter aktivitetscentret dagcenter dagcentret værested
    værestedet aflastningshjem aflastningshjemmet behandlingshjem behandlingshjemmet
    børnehus børnehuset naturbørnehave naturbørnehaven skovbørnehave skovbørnehaven kollegiet
    gymnasiet gymnasium daginstitution""".split()
)
# Verbs that place a person at an institution: "går på X", "startede i X", "gik i X".
_ATTEND_VERBS = frozenset(
    """går gik gå gået startede starter startet start begyndte begynder begyndt kom kommer
    indskrevet optaget skiftede skifter skiftet flyttede flytter flyttet visiteret møde mødet
    mødes samtale samtalen indlagt indlæggelse indlæggelsen plads pladsen aflevere afleverer
    afleverede hente henter hentede""".split()
)
# Staff of an institution: "pædagogen fra X", "personalet på X".
_STAFF_STEMS = (
    "pædagog",
    "lærer",
    "personale",
    "leder",
    "medarbejder",
    "forstander",
    "sosu",
    "plejer",
    "sygeplejerske",
    "hjælper",
    "klasselærer",
    "skoleleder",
    "kontaktpædagog",
    "kontaktperson",
    "vejleder",
)
# People at a workplace: "min chef fra Novo Nordisk", "en kollega hos Arkil".
_WORK_PEOPLE = frozenset(
    """chef chefen chefer arbejdsgiver arbejdsgiveren kollega kollegaen kolleger kollegaer
    mester mesteren formand formanden direktør direktøren ejer ejeren""".split()
)
# Strong name endings for a home or house, enough after "i"/"på" alone: "i Toftegård".
_HOME_SUFFIXES = ("gården", "gård", "hjemmet", "gaard", "gaarden")
# Name endings typical of care homes, housing units and daycares: Solgården, Bakkehuset, Egebo …
_PLACE_SUFFIXES = (
    "gården",
    "gaarden",
    "hjemmet",
    "huset",
    "bo",
    "lyst",
    "tofte",
    "toften",
    "højen",
    "høj",
    "bakken",
    "haven",
    "lunden",
    "vænget",
    "reden",
    "stuen",
    "tårnet",
    "møllen",
    "kilden",
    "engen",
    "parken",
    "ly",
    "hjem",
    "borg",
    "slottet",
    "skolen",
    "hytten",
    "bøtten",
    "ken",
)
# Words ending like that which are ordinary nouns or public places: "på Rådhuset", "i Haven".
_PUBLIC_SUFFIXES = (
    "styrelsen",
    "nævnet",
    "nævn",
    "tilsynet",
    "ministeriet",
    "forvaltningen",
    "afdelingen",
    "kontoret",
    "centret",
    "centeret",
    "kommune",
    "kommunen",
    "politiet",
    "sekretariatet",
    "rådgivningen",
    "plejen",
    "visitationen",
    "hospital",
    "hospitalet",
    "sygehuset",
    "psykiatrien",
    "servicen",
    "enheden",
    "teamet",
    "ordningen",
    "ydelsen",
    "vej",
    "vejen",
    "gade",
    "gaden",
    "stræde",
    "strædet",
    "plads",
    "pladsen",
    "torv",
    "torvet",
    "allé",
    "alle",
    "boulevard",
)
_PUBLIC_HOUSES = frozenset(
    """rådhuset medborgerhuset kulturhuset sundhedshuset familieretshuset forsamlingshuset
    borgerhuset ungdomshuset aktivitetshuset""".split()
)
_WORK_KEY_RE = re.compile(r"arbejd|ansat|ansættelse|job|praktik|fleksjob|løntilskud|lærling|elev")
# Workplaces by context: "arbejder hos Novo Nordisk", "praktik i Lyngby Trælast".
WORK_RE = re.compile(
    r"(?i:arbejder|arbejdede|arbejdet|arbejde|ansat|ansættelse|job|jobbet|praktik|praktikken|"
    r"praktikplads|fleksjob|løntilskud|lærling|elev|arbejdsgiver|arbejdsgiveren|arbejdsplads|"
    r"arbejdspladsen)"
    r"(?:\s[^\W\d_]+|\s[0-9]+){0,3}?\s(?i:hos|på|i|ved|fra|som)\s"
    rf"(?P<name>{_CAP}(?:\s(?:&\s)?{_CAP}){{0,2}})"
)
_DEFINITE_ENDINGS = ("en", "et", "ne", "erne", "ningen")
_SENTENCE_END = frozenset(".!?:;\n")

Token = tuple[int, int, str, str]  # start, end, word, lower-case word


@lru_cache(maxsize=1)
def _skip_words() -> frozenset[str]:
    """Frequent capitalised words (Jeg, Det, Vi …) that no institution rule can start from."""
    keep = {w.lower() for w in _PREFIX_SET | _TRAILING_SET} | {"psykiatrisk"}
    return (common_words() | stopwords()) - keep


def _tokens(text: str) -> list[Token]:
    out: list[Token] = []
    skip = _skip_words()
    for m in _CAPWORD_RE.finditer(text):
        start = m.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’_"):
            continue
        word = m.group(0)
        low = word.lower()
        if low in skip:
            continue
        out.append((start, m.end(), word, low))
    return out


def find(text: str, extra: Iterable[str] = (), low: str | None = None) -> list[Hit]:
    hits: list[Hit] = []
    configured = tuple(KNOWN_INSTITUTIONS) + tuple(extra)
    if configured:
        pattern = _list_re(configured)
        if pattern is not None:
            for m in pattern.finditer(text):
                hits.append((m.start(), m.end(), "INSTITUTION"))
    tokens = _tokens(text)
    if not tokens:
        return hits
    common = common_words()
    hits += _find_tokens(text, tokens, common)
    if low is None:
        low = text.lower()
    if len(low) == len(text) and _WORK_KEY_RE.search(low) is not None:
        hits += _find_work(text, low, common)
    return hits


_STAFF_AFTER_RE = re.compile(
    r" (?:pædagog|personale|leder|medarbejder|lærer|forstander|ansatte|sosu|plejer)"
)
_CUE_BEFORE = _GENERIC_BEFORE | {"på", "i", "fra", "hos", "til"}


def _joined(text: str, a: Token, b: Token) -> bool:
    return b[0] - a[1] == 1 and text[a[1]].isspace()


def _prev_words(text: str, start: int, count: int) -> list[str]:
    """Up to ``count`` lower-case words before ``start`` in the same sentence (nearest last)."""
    window = text[max(0, start - 60) : start]
    for ch in ".!?:;\n":
        cut = window.rfind(ch)
        if cut != -1 and not (ch == "." and cut > 0 and window[cut - 1].isdigit()):
            window = window[cut + 1 :]
    return [w.strip(",()\"'«»“”").lower() for w in window.split()[-count:]]


def _is_public(low: str) -> bool:
    return low in ALLOWED or low in _PUBLIC_HOUSES or low.endswith(_PUBLIC_SUFFIXES)


def _plain_name(low: str, common: frozenset[str]) -> bool:
    """A capitalised word that could be an institution's own name (not a town, body, word …)."""
    base = low.rstrip("'’")
    if len(base) < 3 or base in common or base in _PLACES or _is_public(base):
        return False
    if base in _GENERIC_BEFORE:
        return False
    if base in first_names() and base not in ambiguous_names():
        return False
    return base not in _MONTHS_DAYS


_MONTHS_DAYS = frozenset(
    """januar februar marts april maj juni juli august september oktober november december
    mandag tirsdag onsdag torsdag fredag lørdag søndag""".split()
)


def _find_tokens(text: str, tokens: list[Token], common: frozenset[str]) -> list[Hit]:
    hits: list[Hit] = []
    n = len(tokens)
    for i, (start, end, word, low) in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < n and _joined(text, tokens[i], tokens[i + 1]) else None
        # "Børnehuset Solsikken", "Plejecenter Bauneporten", "Café Søbredden".
        if word in _PREFIX_SET and nxt is not None and len(nxt[2]) >= 2:
            if nxt[3] not in common:
                name_end = nxt[1]
                nn = tokens[i + 2] if i + 2 < n and _joined(text, nxt, tokens[i + 2]) else None
                if nn is not None and len(nn[2]) >= 2 and nn[3] not in common:
                    name_end = nn[1]
                phrase = text[start:name_end].lower()
                if phrase not in ALLOWED and text[start : nxt[1]].lower() not in ALLOWED:
                    hits.append((start, name_end, "INSTITUTION"))
                    continue
        # "Psykiatrisk Center Nordsjælland".
        if low == "psykiatrisk" and nxt is not None and nxt[3] in ("center", "centre"):
            nn = tokens[i + 2] if i + 2 < n and _joined(text, nxt, tokens[i + 2]) else None
            if nn is not None and nn[3] not in common:
                hits.append((start, nn[1], "INSTITUTION"))
                continue
        # One compound word: "Lindegårdsskolen", "Sophienholm-skolen".
        if low.endswith(_COMPOUND_SUFFIXES) and low not in ALLOWED and "/" not in low:
            stem = low
            for suffix in _COMPOUND_SUFFIXES:
                if low.endswith(suffix):
                    stem = low[: -len(suffix)]
                    break
            stem = stem.rstrip("-")
            if not (
                len(stem) < 3 or stem.rstrip("-s") in _GENERIC_PREFIX or stem in _GENERIC_PREFIX
            ):
                if low not in _PUBLIC_HOUSES:
                    hits.append((start, end, "INSTITUTION"))
                    continue
        # "Virum Skole", "Lyngby Trælast", "Christian Dahl VVS", "Hjortekær Tømrer & Snedker".
        if word in _TRAILING_SET and i > 0:
            j = i
            while (
                j > 0
                and i - j < 3
                and _joined(text, tokens[j - 1], tokens[j])
                and len(tokens[j - 1][2]) >= 2
            ):
                j -= 1
            while j < i and tokens[j][3] in common:
                j += 1
            if j < i:
                first = tokens[j][0]
                if text[first:end].lower() not in ALLOWED:
                    more = _MORE_RE.match(text, end)
                    hits.append((first, more.end() if more else end, "INSTITUTION"))
                    continue
        # "Solsikkens pædagoger", "Egebos personale": a named place's staff (mid-sentence).
        if low.endswith("s") and _STAFF_AFTER_RE.match(text, end) is not None:
            stem = low[:-1]
            head = text[max(0, start - 3) : start].rstrip()
            if head and head[-1] not in '.!?:\n"' and _plain_name(stem, common):
                if stem.endswith(_DEFINITE_ENDINGS) or stem.endswith(_PLACE_SUFFIXES):
                    hits.append((start, end, "INSTITUTION"))
                    continue
        # The cue rules below all need "på/i/fra/hos/til" or a generic noun right before.
        before = text[max(0, start - 24) : start].split()
        if not before or before[-1].lower() not in _CUE_BEFORE:
            continue
        if not _plain_name(low, common):
            continue
        prev = _prev_words(text, start, 3)
        if not prev:
            continue
        p1 = prev[-1]
        # "i børnehave Solsikken", "på plejehjemmet Solgården".
        if p1 in _GENERIC_BEFORE:
            hits.append((start, end, "INSTITUTION"))
            continue
        if p1 not in ("på", "i", "fra", "hos", "til") or len(prev) < 2:
            continue
        p2 = prev[-2]
        place_like = low.endswith(_PLACE_SUFFIXES) and not low.endswith(_PUBLIC_SUFFIXES)
        # "går i Mælkebøtten", "startede på Solgården".
        if p1 in ("på", "i") and p2 in _ATTEND_VERBS:
            if low.endswith(_DEFINITE_ENDINGS) or place_like:
                hits.append((start, end, "INSTITUTION"))
                continue
        # "Pædagogen fra Troldehøjen", "personalet på Egebo".
        if p2.startswith(_STAFF_STEMS) and p1 in ("på", "i", "fra", "hos"):
            if low.endswith(_DEFINITE_ENDINGS) or place_like:
                hits.append((start, end, "INSTITUTION"))
                continue
        # "min chef fra Novo Nordisk": the whole run of capitalised words.
        if p2 in _WORK_PEOPLE and p1 in ("fra", "hos", "på", "i"):
            last = i
            while last + 1 < n and last - i < 2 and _joined(text, tokens[last], tokens[last + 1]):
                if tokens[last + 1][3] in common:
                    break
                last += 1
            hits.append((start, tokens[last][1], "INSTITUTION"))
            continue
        # "i Toftegård", "på Solgården": a named home or farm-style house.
        if p1 in ("på", "i") and low.endswith(_HOME_SUFFIXES) and len(low) > 6:
            hits.append((start, end, "INSTITUTION"))
            continue
        # "bor på Solgården" (a care home or housing unit; a street needs a number: ADRESSE).
        if p1 == "på" and p2 in ("bor", "boede", "bo", "boet", "flyttede", "flytter", "flyttet"):
            if place_like:
                hits.append((start, end, "INSTITUTION"))
                continue
    return hits


def _find_work(text: str, low: str, common: frozenset[str]) -> list[Hit]:
    hits: list[Hit] = []
    last_end = 0
    for k in _WORK_KEY_RE.finditer(low):
        if k.start() < last_end:
            continue
        m = WORK_RE.match(text, k.start())
        if m is None:
            continue
        last_end = m.end()
        name = m.group("name")
        words = name.split()
        low_name = name.lower()
        if low_name in ALLOWED or words[0].lower() in ALLOWED or words[0].lower() in common:
            continue
        if len(words) == 1 and (low_name.endswith(_DEFINITE_ENDINGS) or low_name in _NOT_WORKPLACE):
            continue
        hits.append((m.start("name"), m.end("name"), "INSTITUTION"))
    return hits

"""INSTITUTION: named schools, daycares, care homes, workplaces.

The municipality, its centres and departments and national bodies are kept (``ALLOWED``).
Extra names can be configured: extend ``KNOWN_INSTITUTIONS`` or pass ``institutions=`` to
:func:`analysis.anonymise.anonymise`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from analysis.pii import Hit
from analysis.pii.lexicon import common_words

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
        "Rigshospitalet",
        "Herlev Hospital",
        "Gentofte Hospital",
        "Bispebjerg Hospital",
        "Hvidovre Hospital",
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
# Places and municipal words that follow "arbejder i …" without naming a workplace.
_NOT_WORKPLACE = frozenset(
    """danmark lyngby virum sorgenfri lundtofte taarbæk københavn aarhus odense aalborg sverige
    tyskland polen norge byen kommunen weekenden sommer vinter""".split()
)
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
    "Specialbørnehaven|Specialbørnehave|Integrerede\\sinstitution"
)
PREFIX_RE = re.compile(rf"(?<![\w])(?:{_PREFIXES})\s(?P<name>{_CAP}(?:\s{_CAP})?)")
# A single compound word: Lindegårdsskolen, Kongsbakkeskolen, Virumgymnasium …
_COMPOUND_SUFFIX = (
    "skolen|skole|gymnasium|gymnasiet|børnehave|børnehaven|vuggestue|vuggestuen|plejecenter|"
    "plejecentret|plejehjem|plejehjemmet|børnehus|børnehuset|klubben|fritidshjem|efterskole|huset|"
    "hjemmet|realskole|lilleskole|lilleskolen|friskole|friskolen|privatskole|privatskolen"
)
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
    "specialbørne række parcel gæste driv hønse stue bryg mølle kolonihave hjørne ende nabo".split()
)
# "Virum Skole", "Sorgenfri Skole", "Lyngby Trælast", "Christian Dahl VVS", "Fjordvang Logistik".
_TRAILING = (
    "Skole|Skolen|Friskole|Privatskole|Efterskole|Realskole|Lilleskole|Specialskole|Heldagsskole|Gymnasium|"
    "Børnehave|Vuggestue|Plejecenter|Plejehjem|Naturbørnehave|Skovbørnehave|Dagtilbud|Fritidsklub|"
    "Ungdomsklub|Bofællesskab|Botilbud|Bosted|Opholdssted|Børnecenter|Plejecentret|"
    "Børnehus|Boldklub|Idrætsforening|ApS|A/S|I/S|IVS|VVS|Logistik|Tømrer|Tømrerfirma|Snedker|Murer|"
    "Malerfirma|Maler|Trælast|Byg|Byggeri|Entreprise|Transport|Rengøring|Consult|Revision|Autoværksted|"
    "Auto|Smed|Smedie|El-service|El|Tandklinik|Lægehus|Fysioterapi|Frisør|Bageri|Pizzeria|Kiosk|Vognmand|"
    "Anlæg|Gartneri|Advokater|Advokatfirma|Genbrugsstation|Lager|Catering|Service|Kro|Hotel|Rideskole"
)


@lru_cache(maxsize=64)
def _list_re(names: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    alternatives = "|".join(re.escape(n) for n in cleaned)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?:s|en|et)?(?![\w])", re.IGNORECASE)


_KIND_RE = re.compile(rf"(?<![\w])(?:{_TRAILING})(?![\w/])")
_CAPS_BEFORE_RE = re.compile(rf"(?:{_CAP}\s){{1,3}}$")
_MORE_RE = re.compile(rf"\s(?:&|og)\s{_CAP}")
_KEYS = tuple(
    k.lower()
    for k in (
        "huset skole gymnas børneh vugge pleje bofæll botilb bosted ophold behandlingshj aflastn "
        "klub "
        "fritidshj sfo psykologh lægeh klinik institution ældrecent aktivitetsc værested dagcent "
        "hospice kollegi forening firma virksomhed dagtilbud hjemmet realskole lilleskole "
        "børnecent ungecent skolen"
    ).split()
)


_KEYS_RE = re.compile("|".join(_KEYS))
_WORK_PRE_RE = re.compile(r"arbejd|ansat|ansættelse|job|praktik|løntilskud|lærling|elev")


# Workplaces by context: "arbejder hos Novo Nordisk", "praktik i Lyngby Trælast".
WORK_RE = re.compile(
    r"(?i:arbejder|arbejdede|arbejdet|arbejde|ansat|ansættelse|job|jobbet|praktik|praktikken|"
    r"praktikplads|fleksjob|løntilskud|lærling|elev|arbejdsgiver|arbejdsgiveren|arbejdsplads|"
    r"arbejdspladsen)"
    r"(?:\s[^\W\d_]+|\s[0-9]+){0,3}?\s(?i:hos|på|i|ved|fra|som)\s"
    rf"(?P<name>{_CAP}(?:\s(?:&\s)?{_CAP}){{0,2}})"
)
_DEFINITE_ENDINGS = ("en", "et", "ne", "erne", "ningen")


def find(text: str, extra: Iterable[str] = ()) -> list[Hit]:
    hits: list[Hit] = []
    common = common_words()
    configured = tuple(KNOWN_INSTITUTIONS) + tuple(extra)
    low_text = text.lower()
    if _KEYS_RE.search(low_text) is not None:
        hits += _find_patterns(text, common)
    hits += _find_trailing(text, common)
    if _WORK_PRE_RE.search(low_text) is not None:
        hits += _find_work(text, common)
    if configured:
        pattern = _list_re(configured)
        if pattern is not None:
            for m in pattern.finditer(text):
                hits.append((m.start(), m.end(), "INSTITUTION"))
    return hits


def _find_patterns(text: str, common: frozenset[str]) -> list[Hit]:
    hits: list[Hit] = []
    for m in PREFIX_RE.finditer(text):
        name_words = m.group("name").split()
        if name_words[0].lower() in common:
            continue
        if m.group(0).lower() in ALLOWED:
            continue
        end = m.end("name")
        if len(name_words) == 2 and name_words[1].lower() in common:
            end = m.start("name") + len(name_words[0])
        hits.append((m.start(), end, "INSTITUTION"))
    for m in COMPOUND_RE.finditer(text):
        word = m.group("word")
        low = word.lower()
        if low in ALLOWED:
            continue
        stem = low
        for suffix in _COMPOUND_SUFFIX.split("|"):
            if low.endswith(suffix):
                stem = low[: -len(suffix)]
                break
        if len(stem) < 3 or stem.rstrip("-s") in _GENERIC_PREFIX or stem in _GENERIC_PREFIX:
            continue
        hits.append((m.start(), m.end(), "INSTITUTION"))
    return hits


def _find_trailing(text: str, common: frozenset[str]) -> list[Hit]:
    hits: list[Hit] = []
    for m in _KIND_RE.finditer(text):
        before = _CAPS_BEFORE_RE.search(text, max(0, m.start() - 80), m.start())
        if before is None:
            continue
        words = before.group(0).split()
        # Drop leading function words / sentence starters ("Jeg", "Min", "Hos") from the name.
        while words and words[0].lower() in common:
            words.pop(0)
        if not words:
            continue
        start = m.start() - len(" ".join(words)) - 1
        candidate = text[start : m.end()].lower()
        if candidate in ALLOWED:
            continue
        more = _MORE_RE.match(text, m.end())
        hits.append((start, more.end() if more else m.end(), "INSTITUTION"))
    return hits


def _find_work(text: str, common: frozenset[str]) -> list[Hit]:
    hits: list[Hit] = []
    for m in WORK_RE.finditer(text):
        name = m.group("name")
        words = name.split()
        low = name.lower()
        if low in ALLOWED or words[0].lower() in ALLOWED or words[0].lower() in common:
            continue
        if len(words) == 1 and (low.endswith(_DEFINITE_ENDINGS) or low in _NOT_WORKPLACE):
            continue
        hits.append((m.start("name"), m.end("name"), "INSTITUTION"))
    return hits

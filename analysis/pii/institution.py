"""INSTITUTION: named schools, daycares, care homes, hospitals, workplaces.

Every rule starts from a capitalised word (one regex pass, then set look-ups):
- a kind word before or after a name: "Børnehuset Solsikken", "Virum Skole", "Nordlys ApS",
  "Møllebo plejehjem", "Baunehøj SFO";
- one compound word: "Lindegårdsskolen", "Sophienholm-skolen", "Rigshospitalet" (and its
  possessive "Engelsborgskolens");
- the shape of a Danish daycare / care-home name (:func:`name_shape`): endings such as -gården,
  -hjemmet, -huset, -høj(en), -bakken, -toften, -lund(en), -vænget, -reden, -tuen, -stuen,
  -haven, -bo, -ly, or a definite word built on a nature / fairy-tale morpheme (Mælkebøtten,
  Regnbuen, Myretuen, Solsikken, Krudtuglen); such a word after any place preposition
  ("på Solgården", "fra Bakkehuset", "glade for Mælkebøtten"), as the subject of a sentence
  ("Mælkebøtten har …"), in the possessive ("Troldehøjens vuggestue") or as "X er en god
  børnehave" is an institution;
- context before a name that only needs a definite word: "går i/på", "plads i", "bor på",
  "flyttede til", "pædagogen fra", "lederen af", "børnene i", "ringede til" (_CUE_WORDS);
- workplaces: "arbejder/ansat/job/praktik/elev/vagt/orlov/sygemeldt … hos/i/på/ved X",
  "hos X" for any capitalised non-name ("hos Netto", "hos McDonald's", "hos Røde Kors"),
  "min chef fra X";
- lower-case names after a cue when the answer itself starts in lower case
  ("min søn går i troldehøjen").
- kind words by their ending before a proper name ("Tegnestuen Vinkel", "Familiecentret Ørnen",
  "Pensionskassen PKA", "Distriktspsykiatrien Lyngby"; but "Jobcenter Lyngby", "Familiecentret
  Nord" are the municipality's own units) and after a name ("Lyngby Tømmerhandel", "Dansk
  Metalvarer", "Egebjerg STU", "Stengård Skoles"); "Skolen ved Sorgenfri"; a definite generic
  noun right before a name belongs to it ("bofællesskabet Solsikken");
- known organisations, company forms ("Fisker & Søn ApS", "Brdr. Kjær"), a name after an
  organisation noun ("min arbejdsgiver, Vestas") and town-named hospitals ("indlagt på Herlev"):
  :mod:`analysis.pii.organisations`.
A word found once is redacted wherever it recurs in the answer (see ``anonymise._propagate``).
Named hospitals, shops and chains count as institutions (issue #4); the municipality, its
centres and departments, national bodies, towns, areas and islands (``analysis/data/
places_da.txt``), streets, web services used as tools, and generic words ("Hospitalet",
"Skolen", "Forsyningen") are kept (``ALLOWED``, the place lists and the noun-like endings).
Extra names can be configured: extend ``KNOWN_INSTITUTIONS`` or pass ``institutions=`` to
:func:`analysis.anonymise.anonymise`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from analysis.pii import Hit, organisations
from analysis.pii.lexicon import (
    all_names,
    ambiguous_names,
    common_words,
    first_names,
    places,
    stopwords,
)
from analysis.pii.scan import matches_at

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
_PLACES: frozenset[str] = places() | frozenset(
    """byen kommunen weekenden sommer vinter foråret efteråret""".split()
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
    "Rehabiliteringscentret|Center|Centret|Hospice|Privathospitalet|Klinik|Sprogcenter|"
    "Sprogcentret|Sprogcenteret|Sprogskolen|Produktionsskolen|Familiehuset|Juniorklubben|Hotel|"
    "AMU|Lægecenter|Lægecentret|Ungehjemmet|Ungdomshjemmet|Døgninstitutionen|Gymnasiet|"
    "Erhvervsskolen|Handelsskolen|Teknisk|Ungdomsboligerne|Seniorbofællesskabet|Vaskeriet|"
    "STU|FGU|VUC|EUC|TAMU|STU'en|FGU'en|Pizzeria|Grillbar|Køreskolen|Fonden|Salon|Butik|Kiosk|"
    # Sports clubs and colleges named by an abbreviation: "FC Uggeløse Vest", "UC Nordstjernen".
    "FC|IF|BK|GF|UC|BUC|SOSU|Tandlægerne|Tandlægehuset|Fysioterapeuterne"
)
PREFIX_RE = re.compile(rf"(?<![\w])(?:{_PREFIXES})\s(?P<name>{_CAP}(?:\s{_CAP})?)")
_PREFIX_SET = frozenset(_PREFIXES.split("|"))
# "SOSU Hjælper", "SOSU Assistent": a job title, not the school "SOSU H".
_SOSU_TITLES = frozenset(
    """hjælper hjælperen hjælpere assistent assistenten assistenter elev eleven elever
    uddannelse uddannelsen uddannet medhjælper""".split()
)
# A single compound word: Lindegårdsskolen, Kongsbakkeskolen, Virumgymnasium …
_PSYCH_KINDS = frozenset("center centre centret klinik klinikken afdeling ambulatorium".split())
_COMPOUND_SUFFIX = (
    "apoteket|apotek|fonden|"
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
    "specialbørne række parcel gæste driv hønse stue bryg kolonihave hjørne ende nabo "
    "rå ráad råd- folkehus menneske medborgerhus kirke hotel lands kloster børne- dyre "
    "privat- sygehus- region regions amts militær- lokal- universitets sosu vuc hf".split()
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
    "Hospital|Sygehus|Privathospital|Klinik|Klinikken|Tandlægeklinik|Lægeklinik|Lægepraksis|"
    "SFO|Boligselskab|Boligforening|Lægecenter|Sundhedscenter|Fritidsklub|Juniorklub|Klub|"
    "Sparekasse|Apotek|Vuggestuen|Børnehus|Børnehuset|Friplejehjem|Dagcenter|Aktivitetscenter|"
    "STU|FGU|VUC|HF|EUC|TAMU|Bibliotek|Grill|Pizza|Kebab|Sushi|Burger|Bistro|Brasserie|Bodega|"
    "Grillbar|Steakhouse|Konditori|Slagter|Slagteri|Optik|Kiropraktik|Dyreklinik|Værksted|Renseri|"
    "Begravelse|Bedemand|Begravelsesforretning|Storcenter|Supermarked|Byggemarked|Varehus|Museum|"
    "Teater|Biograf|Camping|Mejeri|Fabrik|"
    "Sprogcenter|Sprogcentret|IF|BK|FC|Boldklub|Svømmeklub|Tennisklub|Rideklub|Gymnastikforening|"
    "Håndboldklub|Badmintonklub|Golfklub|Fitness|Tømmerhandel|Trælasthandel|Metalvarer|Fonden|"
    "Fond|Kirke|Kirken|Sogn|Menighed|Arkitekter|Arkitekt|Tegnestue|Care|Ejendomme|Gruppen|"
    "Vaskeri|Cykler|Møbler|Elektro|Isenkram|Låsesmed|Flytteforretning|Vinduespolering"
)
# Compound kind words after a name: "Lyngby Tømmerhandel", "Dansk Metalvarer", "Holte Fodboldklub".
_TRAILING_ENDINGS = (
    "handel",
    "varer",
    "begravelse",
    "storcenter",
    "sprogcenter",
    "sprogcentret",
    "klub",
    "forening",
    "værksted",
    "klinik",
    "skole",
    "gymnasium",
    "bibliotek",
    "samfund",
    "forbund",
    # Firms, practices and ensembles: "Nordsjællands Murerfirma", "Dansk Lagerservice",
    # "Hvidovre Tandlægecenter", "Holte Vokalensemble" (municipal units excepted).
    "firma",
    "service",
    "center",
    "ensemble",
    "orkester",
)
# Compound kind words before a name: "Tegnestuen Vinkel", "Advokathuset Nord", "Familiecentret
# Ørnen", "Pensionskassen PKA", "Specialcentret Holmegårdsparken", "Distriktspsykiatrien Lyngby".
_KIND_PREFIX_ENDINGS = (
    "firmaet",
    "firma",
    "stuen",
    "huset",
    "centret",
    "centeret",
    "center",
    "skolen",
    "kassen",
    "fonden",
    "hjemmet",
    "psykiatrien",
    "bageriet",
    "klinikken",
    "foreningen",
    "forbundet",
    "selskabet",
    "salonen",
    "værkstedet",
    "butikken",
    "tilbuddet",
    "stedet",
    "fællesskabet",
    "kollegiet",
    "klubben",
    "spejderne",
    "service",
    "eriet",
    "boligen",
    "bolig",
    "boligerne",
    "apoteket",
    "gården",
    "gruppen",
    "genbrugen",
    "genbrugsen",
    "fabrikken",
    "teatret",
    "pensionen",
    "sfo'en",
    "ensemblet",
)
# Municipal units: with a town or a district after them they stay a municipal unit ("Jobcenter
# Lyngby", "Familiecentret Nord"); with a proper name they are an institution ("Familiecentret
# Ørnen").
_MUNICIPAL_PREFIXES = frozenset(
    """jobcenter jobcentret jobcenteret borgerservice familiecenter familiecentret
    familiecenteret familiehuset sundhedshuset socialpsykiatrien ungdomsskolen musikskolen
    sprogskolen hjemmeplejen sundhedsplejen tandplejen visitationen genoptræningen
    ydelseskontoret pladsanvisningen rådhuset""".split()
)
_DISTRICTS = frozenset(
    """nord syd øst vest midt nordvest nordøst sydvest sydøst centrum city""".split()
)
_TRAILING_SET = frozenset(_TRAILING.split("|"))
_IS_HEADS = frozenset((" er ", " var"))
_IS_A_KIND_RE = re.compile(
    r" (?:er|var) (?:en|et) (?:[a-zæøå]+ ){0,2}(?:børnehave|vuggestue|skole|institution|"
    r"dagtilbud|plejehjem|plejecenter|bosted|botilbud|klub|fritidsklub|sfo|bofællesskab|"
    r"specialskole|efterskole|friskole|privatskole|daginstitution|opholdssted)(?![\w])"
)
_KIND_AFTER_WORDS = frozenset(
    """plejehjem plejecenter børnehave vuggestue skole sfo fritidsklub ungdomsklub klub bosted
    botilbud dagtilbud efterskole friskole privatskole gymnasium bofællesskab børnehus dagcenter
    aktivitetscenter ældrecenter""".split()
)


_KIND_AFTER_HEADS = frozenset(w[:3] for w in _KIND_AFTER_WORDS)


def _next_word(text: str, pos: int) -> str:
    """The lower-case word starting at ``pos`` (without trailing punctuation)."""
    stop = pos
    size = min(len(text), pos + 24)
    while stop < size and text[stop].isalpha():
        stop += 1
    return text[pos:stop].lower()


# A lower-case kind word after a capitalised name: "Møllebo plejehjem", "Baunehøj sfo".
_KIND_AFTER_RE = re.compile(
    r"[ \u00a0](?:plejehjem|plejecenter|børnehave|vuggestue|skole|sfo|fritidsklub|ungdomsklub|"
    r"klub|bosted|botilbud|dagtilbud|efterskole|friskole|privatskole|gymnasium|bofællesskab|"
    r"børnehus|dagcenter|aktivitetscenter|ældrecenter)(?![\w])"
)


_HOUSING_KIND_AFTER_RE = re.compile(
    r" (?:bofællesskab|botilbud|bosted|plejehjem|plejecenter|ældrecenter)(?![\w])"
)


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
_CAPWORD_RE = re.compile(rf"[A-ZÆØÅ](?:/S(?![\w])|[{_L}'’]*(?:-[{_L}]+(?:['’][a-zæøå]{{1,2}})?)*)")

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
    "støtteperson",
    "støttekontakt",
    "bostøtte",
)
# People at a workplace: "min chef fra Novo Nordisk", "en kollega hos Arkil".
_WORK_PEOPLE = frozenset(
    """chef chefen chefer arbejdsgiver arbejdsgiveren kollega kollegaen kolleger kollegaer
    mester mesteren formand formanden direktør direktøren ejer ejeren""".split()
)
# People from an organisation that supports a citizen: "min mentor fra X", "bisidderen fra X".
_SUPPORT_PEOPLE = frozenset(
    """bisidder bisidderen mentor mentoren konsulent konsulenten advokat advokaten coach coachen
    frivillig frivillige repræsentant repræsentanten tillidsrepræsentant tillidsrepræsentanten
    tillidsmand tillidsmanden instruktør instruktøren træner træneren""".split()
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
    "vænge",
    "vænget",
    "centralen",
)
_PUBLIC_HOUSES = frozenset(
    """rådhuset medborgerhuset kulturhuset sundhedshuset familieretshuset forsamlingshuset
    borgerhuset ungdomshuset aktivitetshuset familiehuset frivillighuset
    idrætshallen sportshallen svømmehallen""".split()
)
# Every alternative of the keyword scan of _find_work ("fleksjob" too: it starts a match).
_WORK_KEYS = (
    "arbejd",
    "ansat",
    "ansættelse",
    "job",
    "praktik",
    "fleksjob",
    "løntilskud",
    "lærling",
    "elev",
    "vagt",
    "orlov",
    "sygemeldt",
    "fyret",
    "opsagt",
    "læreplads",
)


def _work_starts(low: str) -> list[int]:
    """Where _find_work tries WORK_RE: each keyword at a word start (no letter before it) and
    every "praktik" ("erhvervspraktik"), in order.

    Plain ``find`` calls give the same positions as scanning with the alternation of the keys:
    a key can only start inside an earlier match right after one of its letters (so not at a
    word start), and no key ends in a beginning of "praktik".
    """
    out: list[int] = []
    for key in _WORK_KEYS:
        pos = low.find(key)
        while pos != -1:
            if pos == 0 or not low[pos - 1].isalpha() or key == "praktik":
                out.append(pos)
            pos = low.find(key, pos + 1)
    out.sort()
    return out


# Workplaces by context: "arbejder hos Novo Nordisk", "praktik i Lyngby Trælast".
WORK_RE = re.compile(
    r"(?i:arbejder|arbejdede|arbejdet|arbejde|arbejd|ansat|ansættelse|job|jobbet|praktik|"
    r"praktikken|praktikplads|fleksjob|løntilskud|lærling|elev|elevplads|elevpladsen|"
    r"arbejdsgiver|arbejdsgiveren|arbejdsplads|arbejdspladsen|vagt|vagter|vagten|vagterne|"
    r"orlov|sygemeldt|syge-meldt|fyret|opsagt|læreplads|lærepladsen)"
    r"(?:\s[^\W\d_]+|\s[0-9]+){0,3}?\s(?P<prep>(?i:hos|på|i|ved|fra|for))\s"
    rf"(?P<name>{_CAP}(?:\s(?:&\s)?{_CAP}){{0,2}})(?P<num>\s[0-9]{{3,4}}(?![\w]))?"
)
_AND_CAP_RE = re.compile(rf"[ \u00a0]og[ \u00a0]({_CAP})(?![\w])")
_STREET_SUFFIXES = ("vej", "gade", "allé", "alle", "vænge", "stræde", "torv", "plads", "boulevard")
_STREETS = (*_STREET_SUFFIXES, "gaden", "vejen", "pladsen", "torvet")
_DEFINITE_ENDINGS = ("en", "et", "ne", "erne", "ningen")
_SENTENCE_END = frozenset(".!?:;\n")

Token = tuple[int, int, str, str]  # start, end, word, lower-case word


@lru_cache(maxsize=1)
def _skip_words() -> frozenset[str]:
    """Frequent capitalised words (Jeg, Det, Vi …) that no institution rule can start from."""
    keep = {w.lower() for w in _PREFIX_SET | _TRAILING_SET} | {"psykiatrisk"}
    return (common_words() | stopwords()) - keep


def _tokens(text: str, upper: list[int] | None = None) -> list[Token]:
    """Capitalised words; ``upper``: every position of an upper-case letter (see ``find``)."""
    out: list[Token] = []
    skip = _skip_words()
    for m in _CAPWORD_RE.finditer(text) if upper is None else matches_at(_CAPWORD_RE, text, upper):
        start = m.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_"):
            continue
        if start > 1 and text[start - 1] in "'’" and text[start - 2].isalnum():
            continue  # "McDonald's" – but "'Skolen ved Sundet'" is a quoted name
        word = m.group(0)
        low = word.lower()
        if low in skip:
            continue
        out.append((start, m.end(), word, low))
    return out


def find(
    text: str,
    extra: Iterable[str] = (),
    low: str | None = None,
    low_words: list[str] | None = None,
    upper: list[int] | None = None,
) -> list[Hit]:
    """Institution hits; ``low`` is ``text.lower()``, ``low_words`` ``low.split()`` and
    ``upper`` every position of an upper-case letter (more positions do no harm; capitalised
    words are matched there only) when the caller has them."""
    if low is None:
        low_words = None  # only meaningful together with the caller's ``low``
    hits: list[Hit] = []
    configured = tuple(KNOWN_INSTITUTIONS) + tuple(extra)
    if configured:
        pattern = _list_re(configured)
        if pattern is not None:
            for m in pattern.finditer(text):
                hits.append((m.start(), m.end(), "INSTITUTION"))
    first = text[:1]
    if first.isspace():
        first = text.lstrip()[:1]
    if first.islower():
        # Someone who starts in lower case may write names in lower case too.
        hits += _find_lower(text)
    elif "pædagog" in text or "personale" in text or "Pædagog" in text or "Personale" in text:
        hits += _find_staff_lower(text)
    tokens = _tokens(text, upper)
    if not tokens:
        if low is None:
            low = text.lower()
        return hits + organisations.find(text, low, ALLOWED, low_words)
    common = common_words()
    if low is None:
        low = text.lower()
    hits += organisations.find(text, low, ALLOWED, low_words)
    token_hits = _find_tokens(text, tokens, common)
    if token_hits:
        hits += _with_generic_before(text, token_hits)
    hits += _find_kind_at_place(text, low)
    hits += _find_named_after_kind(text)
    if len(low) == len(text):
        work_starts = _work_starts(low)
        if work_starts:
            hits += _find_work(text, low, common, work_starts)
    if " (" in text:
        hits += _find_kind_in_brackets(text, common)
    if "ingen af " in text:
        for m in _ASSOCIATION_OF_RE.finditer(text):
            hits.append((m.start(), m.end(), "INSTITUTION"))
    if not hits:
        return hits  # nothing to extend or join
    out = _with_coordinated(text, _extended(text, hits))
    if "ommunes " in text:  # "Ballerup Kommunes Vejafdeling": the municipality's own unit
        out = [h for h in out if "ommunes " not in text[h[0] : h[1]]]
    return out


# A name with its kind in brackets: "Hytten (dagbehandlingstilbud)", "Kernen (ungdomsboliger)",
# "Lindehuset (plejehjemmet)"; relatives and roles in brackets ("Kim (søn)") are no kind.
_KIND_IN_BRACKETS_RE = re.compile(
    rf"(?<![\w-])([A-ZÆØÅ][{_L}]+)[ \u00a0]\((?:[a-zæøå-]*)(?:tilbud|tilbuddet|boliger|bolig|"
    r"bosted|botilbud|institution|institutionen|børnehave|børnehaven|vuggestue|vuggestuen|klub|"
    r"klubben|skole|skolen|plejehjem|plejehjemmet|plejecenter|plejecentret|opholdssted|"
    r"bofællesskab|forening|foreningen|kollegium|kollegiet)\)"
)
# "Foreningen af Pensionerede Lokomotivførere", "Landsforeningen af Ældre Sygeplejersker".
_ASSOCIATION_OF_RE = re.compile(
    rf"(?<![\w-])(?:[A-ZÆØÅ][a-zæøå]*f|F)oreningen[ \u00a0]af(?:[ \u00a0][A-ZÆØÅ][{_L}]+){{1,4}}"
)


def _find_kind_in_brackets(text: str, common: frozenset[str]) -> list[Hit]:
    hits: list[Hit] = []
    for m in _KIND_IN_BRACKETS_RE.finditer(text):
        low = m.group(1).lower()
        if low in common or low in _PLACES or low in first_names() or _is_public(low):
            continue
        if m.start() == 0 or text[m.start() - 2 : m.start()].strip() in (".", "!", "?"):
            if not _plain_name(low, common):
                continue
        hits.append((m.start(1), m.end(1), "INSTITUTION"))
    return hits


# Next to an institution hit, still part of its name: a capitalised word ("Klatreklubben
# Vertikal", "Nordsjællands Hospital Hillerød"), a number ("Genbrugsbutikken Nr. 2"), the rest of
# "Sct. Hans"; before it a capitalised article mid-sentence ("Den Polske Skole") or a lower-case
# kind word ("grundejerforeningen Solbakken", "børnehave Spiren").
_CAP_AFTER_RE = re.compile(rf"[ \u00a0]([A-ZÆØÅ][{_L}'’]+(?:-[{_L}]+)*)(?![\w/])")
_NUMBER_AFTER_RE = re.compile(r"(?:[ \u00a0](?i:nr)|(?<=[Nn]r))\.?[ \u00a0]?[0-9]{1,3}(?![0-9])")
# A club's team by age group: "FC Ballerup U12", "Lyngby BK U-15", "IF Føroyar O35".
_TEAM_AFTER_RE = re.compile(r"[ \u00a0][UO]-?[0-9]{1,2}(?![\w])")
_SAINT_AFTER_RE = re.compile(rf"(?<=S[ck]t)\.[ \u00a0]?[A-ZÆØÅ][{_L}]+")
_ARTICLE_BEFORE_RE = re.compile(r"(?<=[a-zæøå,] )(?:Den|Det|De)[ \u00a0]\Z")
_KIND_BEFORE_RE = re.compile(
    r"(?<![\w-])[a-zæøå]*(?:foreningen|klubben|børnehaven|vuggestuen|plejehjemmet|plejecentret|"
    r"bofællesskabet|herberget|gruppen)[ \u00a0]\Z"
)


# A capitalised practice or shop named by where it is: "Lægehuset ved Åen", "Apoteket i
# Kongensgade", "Tandlægerne på Torvet", "Lægerne i Lyngby" (municipal units excepted).
_KIND_AT_PLACE_RE = re.compile(
    r"(?<![\w-])(?=[A-ZÆØÅ])(?i:[a-zæøå]*(?:lægehuset|lægerne|apoteket|genbrugen|genbrugsen|"
    r"tandlægerne|dagplejen|bageriet|kirken|praksis))[ \u00a0](?:[Vv]ed|på|i)[ \u00a0]"
    rf"[A-ZÆØÅ][{_L}]+(?![\w-])"
)


# A lower-case definite kind word before a proper name: "10. klassecentret Tinghøj"; a
# capitalised article mid-sentence before capitalised words: "maden fra Det Gode Køkken".
_LOWER_KIND_NAME_RE = re.compile(
    r"(?:(?<![\w.])[0-9]{1,2}\.[ \u00a0])?"  # "10. klassecentret Tinghøj"
    r"(?<![\w-])[a-zæøå]+(?:centret|skolen|klubben|foreningen|herberget|hjemmet|gården|eriet|"
    r"fabrikken)"
    rf"[ \u00a0]([A-ZÆØÅ][{_L}]+)(?![\w-])"
)
_LOWER_KINDS = (
    "centret",
    "skolen",
    "klubben",
    "foreningen",
    "herberget",
    "hjemmet",
    "gården",
    "eriet",
    "fabrikken",
)
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ")


def _lower_kind_before_capital(text: str) -> bool:
    """Whether one of ``_LOWER_KINDS`` stands before a space and a capital letter, as
    _LOWER_KIND_NAME_RE needs (``find`` calls: faster than a regex search for the alternation)."""
    for key in _LOWER_KINDS:
        pos = text.find(key)
        while pos != -1:
            after = pos + len(key)
            if (
                text[after : after + 1] in (" ", "\u00a0")
                and text[after + 1 : after + 2] in _CAPITALS
            ):
                return True
            pos = text.find(key, pos + 1)
    return False


_ARTICLE_NAME_RE = re.compile(  # the literal "D" first: the engine skips ahead to it
    rf"D(?<=[a-zæøå,] D)(?:en|et)[ \u00a0][A-ZÆØÅ][{_L}]+(?:[ \u00a0][A-ZÆØÅ][{_L}]+){{1,2}}"
)


def _find_named_after_kind(text: str) -> list[Hit]:
    hits: list[Hit] = []
    skip = _skip_words()
    names = all_names()
    for m in _LOWER_KIND_NAME_RE.finditer(text) if _lower_kind_before_capital(text) else ():
        word = m.group(1).lower()
        if word in skip or word in _PLACES or word in names or word in ALLOWED:
            continue
        if text.startswith("ministeriet", m.start(1) - 12):
            continue  # "ministeriet Udbetaling …": a public body
        # "bryggeriet Humlekrogen": a trade noun is no part of the name.
        trade = text.startswith(("eriet", "fabrikken"), m.start(1) - 6) or text.startswith(
            "fabrikken", m.start(1) - 10
        )
        hits.append((m.start(1) if trade else m.start(), m.end(), "INSTITUTION"))
    if "Den " in text or "Det " in text:
        for m in _ARTICLE_NAME_RE.finditer(text):
            hits.append((m.start(), m.end(), "INSTITUTION"))
    return hits


def _find_kind_at_place(text: str, low: str) -> list[Hit]:
    hits: list[Hit] = []
    if not (
        "lægehuset" in low
        or "lægerne" in low  # also "tandlægerne"
        or "apoteket" in low
        or "genbrug" in low
        or "dagplejen" in low
        or "bageriet" in low
        or "kirken" in low
        or "praksis" in low
    ):  # every word _KIND_AT_PLACE_RE can match, as plain substring tests
        return hits
    for m in _KIND_AT_PLACE_RE.finditer(text):
        head = text[m.start() : text.index(" ", m.start())].lower()
        if head in _MUNICIPAL_PREFIXES or head in ALLOWED:
            continue
        hits.append((m.start(), m.end(), "INSTITUTION"))
    return hits


def _street_at(text: str, pos: int) -> bool:
    """The capitalised word at ``pos`` (after a space) or the one after it names a street."""
    for _ in range(2):
        m = _CAP_AFTER_RE.match(text, pos)
        if m is None:
            return False
        if m.group(1).lower().endswith(_STREETS):
            return True
        pos = m.end()
    return False


def _extended(text: str, hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for start, end, kind in hits:
        if kind == "INSTITUTION":
            start, end = _extend_span(text, start, end)
        out.append((start, end, kind))
    return out


_NAME_ABBREVIATIONS = frozenset("Gl Gml Sdr Ndr Vr Øv".split())


# A workplace named after a work word and a preposition ("job på X", "praktik i X", "ansat
# hos X", "i lære som elektriker hos X"): its town after it belongs to it ("X i Smørum").
_WORKPLACE_WORDS = frozenset(
    """arbejder arbejdede arbejdet arbejde arbejdsplads job jobbet fritidsjob flexjob fleksjob
    studiejob jobsamtale praktik praktikken praktikplads virksomhedspraktik ansat ansættes
    elev elevplads lærling læreplads lære løntilskud""".split()
)


def _workplace_before(text: str, start: int) -> bool:
    prev = _prev_words(text, start, 4)
    return (
        len(prev) >= 2
        and prev[-1] in ("i", "på", "hos")
        and not _WORKPLACE_WORDS.isdisjoint(prev[:-1])
    )


def _extend_span(text: str, start: int, end: int) -> tuple[int, int]:
    skip = _skip_words()
    for _ in range(3):
        if (
            text[end : end + 2] == ". "
            and text[end + 2 : end + 3].isupper()
            and text[max(0, end - 4) : end].split(" ")[-1] in _NAME_ABBREVIATIONS
        ):
            end += 1  # "Rytterskolen Gl. Holte", "Skolen i Sdr. Omme": the town's abbreviation
        m = (
            _NUMBER_AFTER_RE.match(text, end)
            or _SAINT_AFTER_RE.match(text, end)
            or _TEAM_AFTER_RE.match(text, end)
        )
        if m is None:
            m = _CAP_AFTER_RE.match(text, end)
        if m is None:
            break
        if m.lastindex and (m.group(1).lower() in skip or _street_at(text, m.start())):
            if m.group(1).lower() in _FIRM_REGIONS and not text[start:end].lower().endswith(
                _PUBLIC_UNIT_ENDINGS
            ):
                end = m.end()  # "Firmaet Tryghedsalarm Danmark", "Advokathuset Nord"
            break  # "Netto Lyngby Hovedgade": the street is an address, not the name
        end = m.end()
    if text[end - 8 : end].lower() in ("forening", "ngsklub") or text[end - 4 : end] == "klub":
        end = organisations.with_town_after(text, end)  # "Vietnamesisk Forening i Brøndby"
    elif text[end : end + 1] == " " and text[end + 1 : end + 2] in "ip" and _workplace_before(
        text, start
    ):
        end = organisations.with_branch_town(text, end)  # "job på Bagerstuen i Smørum"
    b = _ARTICLE_BEFORE_RE.search(text, max(0, start - 6), start)
    if b is None:
        b = _KIND_BEFORE_RE.search(text, max(0, start - 30), start)
    if b is not None:
        start = b.start()
    return start, end


def _with_coordinated(text: str, hits: list[Hit]) -> list[Hit]:
    """ "Børne- og Ungdomspsykiatrisk Center Glostrup": the coordinated first part joins the hit."""
    if "- og " not in text and "- & " not in text:
        return hits
    out: list[Hit] = []
    for start, end, kind in hits:
        m = _COORD_BEFORE_RE.search(text, max(0, start - 40), start)
        out.append((m.start() if m is not None else start, end, kind))
    return out


# A lower-case word after a place preposition: "går i troldehøjen", "plads i eventyrhuset".
_LOWER_AFTER_PREP_RE = re.compile(r" (?:i|på|fra|til|hos|ved) ([a-zæøå]{5,})(?![\w'’-])")
_GENERIC_KIND_ENDINGS = tuple(
    sorted(
        _GENERIC_BEFORE
        | frozenset(
            """ungehjem ungehjemmet børnehjem børnehjemmet døgninstitution døgninstitutionen
            rådhuset kirkegården banegården skadestuen sommerhuset rækkehuset parcelhuset
            fælleshuset værtshuset""".split()
        ),
        key=len,
        reverse=True,
    )
)


def _has_morpheme(word: str) -> bool:
    stem = word[:-2] if word.endswith(_DEFINITE_ENDINGS) else word
    return (
        stem.startswith(_NAME_MORPHEMES)
        or stem.endswith(_NAME_MORPHEMES)
        or any(m in stem for m in _LONG_MORPHEMES)
    )


def _lower_name(word: str) -> bool:
    """A lower-case word shaped like an institution's own name ("troldehøjen", "eventyrhuset")."""
    return (
        name_shape(word) == 2
        and not word.endswith(_GENERIC_KIND_ENDINGS)
        and word not in _PLACES
        and (_has_morpheme(word) or _home_compound(word))
    )


_HOME_COMPOUND_ENDINGS = ("hjemmet", "gården")


def _home_compound(word: str) -> bool:
    """ "rønnebærhjemmet", "lindegården": a named home (not "plejehjemmet", "kirkegården")."""
    for suffix in _HOME_COMPOUND_ENDINGS:
        if word.endswith(suffix):
            stem = word[: -len(suffix)].rstrip("s-")
            return (
                len(stem) >= 4
                and stem not in _GENERIC_PREFIX
                and stem not in common_words()
                and word not in _PUBLIC_PLACES
            )
    return False


def _find_lower(text: str) -> list[Hit]:
    """Institution names written in lower case, after a preposition with a cue before it
    ("min søn går i troldehøjen") or after a generic noun ("på ungehjemmet fyrtårnet")."""
    hits: list[Hit] = []
    for m in _LOWER_AFTER_PREP_RE.finditer(text):
        word = m.group(1)
        w_start, w_end = m.span(1)
        if word.endswith(_GENERIC_KIND_ENDINGS) and word in _GENERIC_KIND_SET:
            nm = _LOWER_WORD_RE.match(text, w_end)
            if nm is not None and _lower_name(nm.group(1)):
                hits.append((w_start, nm.end(1), "INSTITUTION"))
            continue
        if word in _PLACES and word not in common_words():
            # "min søn går på lundtofte skole": a school named after its area.
            nm = _LOWER_WORD_RE.match(text, w_end)
            if nm is not None and nm.group(1) in _KIND_AFTER_WORDS:
                hits.append((w_start, nm.end(1), "INSTITUTION"))
            continue
        if word not in _skip_words() and word not in first_names():
            # "bor på fuglsang plejecenter": any uncommon word before a kind word.
            nm = _LOWER_WORD_RE.match(text, w_end)
            if nm is not None and nm.group(1) in _KIND_AFTER_WORDS:
                hits.append((w_start, nm.end(1), "INSTITUTION"))
                continue
        if not _lower_name(word):
            continue
        context = _prev_words(text, m.start() + 1, 4)
        if _home_compound(word) or any(_is_cue_word(w) or w in _GENERIC_BEFORE for w in context):
            hits.append((w_start, w_end, "INSTITUTION"))
    return hits


_GENERIC_KIND_SET = frozenset(_GENERIC_KIND_ENDINGS)
# Staff at a lower-case daycare name: "vores pædagog på mariehønen", "Pædagogerne i pindsvinet",
# "Pædagogerne på lærkens stue".
_STAFF_LOWER_RE = re.compile(
    r"(?:[Pp]ædagog|[Pp]ersonale)[a-zæøå]* (?:på|i|fra) ([a-zæøå]{4,})(?![\w'’-])"
    r"(?P<unit> (?:stue|gruppe)(?![\w]))?"
)


def _find_staff_lower(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _STAFF_LOWER_RE.finditer(text):
        word = m.group(1)
        if m.group("unit") and word.endswith("s"):
            word = word[:-1]  # "lærkens stue"
        if (
            name_shape(word) == 2
            and not word.endswith(_GENERIC_KIND_ENDINGS)
            and word not in _PLACES
            and word not in common_words()
        ):
            hits.append((m.start(1), m.end(1), "INSTITUTION"))
    return hits


_LOWER_WORD_RE = re.compile(r"[ \u00a0]([a-zæøå]{3,})(?![\w'’-])")


# Prepositions before a place name ("går i X", "glade for X", "tilfreds med X").
_PLACE_PREPOSITIONS = frozenset("på i fra hos til ved af".split())
_PREPOSITIONS = _PLACE_PREPOSITIONS | {"for", "med"}
_HOME_VERBS = frozenset(
    """bor boede bo boet bos flyttede flytter flyttet flytte ind indflytning ophold opholdet
    anbragt anbringelse anbringelsen visiteret visitation bolig indlagt aflastning
    aflastningsplads""".split()
)
# Words within a few words before "i/på/fra X" that make a definite name an institution:
# "går i Regnbuen", "plads på Tuen", "børnene i Spiren", "lederen af Myretuen".
_CUE_WORDS = (
    _ATTEND_VERBS
    | _HOME_VERBS
    | _WORK_PEOPLE
    | frozenset(
        """børn børnene barnet ungerne unger drengene pigerne beboerne beboere voksne de
        lederen ledelsen ledere glad glade tilfreds tilfredse utilfreds ingen nogen
        skiftede skifte skiftet skift tiden tid årene år hverdagen stue stuen gruppe gruppen
        hjemme ringede ringer ringet skrev skriver kontaktede kontakte venteliste ventelisten
        optagelse indskrivning opsigelse udmeldt meldt udskrevet behandling misbrugsbehandling
        forløb forløbet kursus kurset aktivering afrusning undervisning ophold opholdet""".split()
    )
)
# Typical parts of daycare and care-home names: nature, animals, fairy tales.
_NAME_MORPHEMES = (
    "trold",
    "sol",
    "regn",
    "mælk",
    "myre",
    "bikube",
    "humle",
    "ugle",
    "fugl",
    "mariehøn",
    "spire",
    "blomst",
    "stjerne",
    "måne",
    "eventyr",
    "krudt",
    "pippi",
    "bamse",
    "nisse",
    "skov",
    "kløver",
    "kastanje",
    "valmue",
    "anemone",
    "bellis",
    "snegl",
    "pindsvin",
    "egern",
    "ræv",
    "bjørn",
    "grævling",
    "kanin",
    "sommerfugl",
    "guldsmed",
    "tusindfryd",
    "hyld",
    "birke",
    "mølle",
    "bakke",
    "tue",
    "rede",
    "hule",
    "hytte",
    "bue",
    "bøtte",
    "lærke",
    "svale",
    "spurv",
    "svane",
    "mejse",
    "æble",
    "agern",
    "kogle",
    "tjørn",
    "tumling",
    "pusling",
    "spilop",
    "fantasi",
    "lykke",
    "glimt",
    "kilde",
    "lind",
    "bøg",
    "ege",
    "pile",
    "poppel",
    "rosen",
    "lyng",
    "ager",
    "vang",
    "toft",
    "gård",
    "hjem",
    "frø",
    "musse",
    "myre",
    "bie",
    "græshoppe",
    "kastanje",
    "trekant",
    "fyrtårn",
    "tårn",
    "stolpe",
    "pusterum",
    "elefant",
    "giraf",
    "løve",
    "tiger",
    "pingvin",
    "delfin",
    "hval",
    "krokodille",
    "dino",
    "drage",
    "perle",
    "skatte",
    "regnbue",
    "kravle",
    "tumle",
    "rolling",
    "purk",
    "tusse",
    "måge",
    "krage",
    "stær",
    "ørne",
)
_STRONG_SUFFIXES = (
    "gården",
    "gaarden",
    "gård",
    "gaard",
    "hjemmet",
    "huset",
    "højen",
    "bakken",
    "toften",
    "lunden",
    "vænget",
    "reden",
    "tuen",
    "stuen",
    "hytten",
    "bøtten",
    "buen",
    "haven",
    "kilden",
    "engen",
    "møllen",
    "hjem",
    "lyst",
    "bo",
    "ly",
    "spiren",
    "bien",
    "tårnet",
    "kløften",
    "dalen",
    "bjerget",
    "skoven",
    "lund",
    "høj",
    "bjerg",
    "tofte",
)
# "Lyngbyhus", "Ældrehus": a compound on -hus (the public houses are kept).
_HUS_PUBLIC = frozenset(
    """rådhus sygehus posthus medborgerhus kulturhus forsamlingshus borgerhus sundhedshus
    fælleshus klubhus beboerhus musikhus operahus lægehus børnehus frivillighus
    ungdomshus aktivitetshus familieretshus værtshus""".split()
)
# Definite words too generic to name a place on their own ("på Stuen", "i Gruppen").
_GENERIC_DEFINITE = frozenset(
    """stuen gruppen afdelingen huset stedet centret hjemmet haven skolen klassen holdet
    hytten gården bakken højen engen skoven parken byen landet kontoret""".split()
)
# Definite words that are ordinary nouns or municipal units, however they are written.
_NOUNISH = (
    "hjælperne",
    "ningen",
    "ingen",
    "ionen",
    "heden",
    "elsen",
    "eren",
    "sagen",
    "teamet",
    "afgiften",
    "mødet",
    "bussen",
    "systemet",
    "pladsen",
    "kontoret",
    "støtten",
    "hjælpen",
    "tilbuddet",
    "ydelsen",
    "brevet",
    "loven",
    "reglen",
    "lægen",
    "ambulancen",
    "regionen",
    "staten",
    "forsvaret",
    "tjenesten",
    "indsatsen",
    "appen",
    "siden",
    "telefonen",
    "mailen",
    "posten",
    "kassen",
    "banken",
    "kirken",
    "hallen",
    "stationen",
    "apoteket",
    "biblioteket",
    "kantinen",
    "gangen",
    "bilen",
    "toget",
    "vejret",
    "solen",
    "ferien",
    "turen",
    "festen",
    "dagen",
    "ugen",
    "måneden",
    "året",
    "ordningen",
    "skolen",
    "planen",
    "aftalen",
    "svaret",
)
_PUBLIC_PLACES = frozenset(
    """kirkegården banegården skadestuen posthuset dyrehaven dyrehavsbakken bakken fælleshuset
    klubhuset beboerhuset musikhuset operahuset lægehuset børnehuset frivillighuset
    eremitagen mølleåen furesøen""".split()
)


# Long morphemes count anywhere in the word; short ones only at its start or end ("beredskab"
# holds "rede" but is no name).
_LONG_MORPHEMES = tuple(m for m in _NAME_MORPHEMES if len(m) >= 6)


_HOME_NAME_ENDINGS = ("lund", "gård", "gaard", "hjem", "bo", "ly", "høj", "vang")
# A flat or street, not an institution: "lejligheden på Kollegiebakken".
_HOUSING_WORDS = frozenset(
    """lejlighed lejligheden lejligheder bolig boligen rækkehus rækkehuset hus huset villa
    villaen vej vejen gade gaden adresse adressen grund grunden""".split()
)


_KIN = frozenset(
    """mor far mormor morfar farmor farfar moster faster onkel tante bedstemor bedstefar
    oldemor oldefar mutter fatter""".split()
)
_INDEFINITE_NOUNISH = ("ing", "tion", "hed", "else", "skab", "ment", "isme")


@lru_cache(maxsize=1)
def allowed_heads() -> dict[str, tuple[str, ...]]:
    """First word → the multi-word ALLOWED phrases it starts ("udbetaling danmark")."""
    out: dict[str, list[str]] = {}
    for phrase in ALLOWED:
        if " " in phrase:
            out.setdefault(phrase.split(" ", 1)[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


def starts_allowed(text: str, start: int, first: str) -> bool:
    """A multi-word public body ("Udbetaling Danmark", "Arealer og Ejendomme") starts here;
    ``first`` is the lower-case word at ``start``."""
    phrases = allowed_heads().get(first)
    if phrases is None:
        return False
    head = text[start : start + 48].lower()
    return head.startswith(phrases)


_PROPAGATE_BLOCK = (
    frozenset(w.lower() for w in _PREFIX_SET | _TRAILING_SET) | _GENERIC_BEFORE | ALLOWED
)


@lru_cache(maxsize=8192)
def propagatable(word: str, kind: str) -> bool:
    """Whether a word of a found institution or name may be redacted everywhere in the answer
    (not a kind word, town, public body or frequent word: "Børnehuset", "Lyngby", "Skolen")."""
    low = word.lower()
    if low in _PROPAGATE_BLOCK or low in common_words() or low in stopwords() or low in _PLACES:
        return False
    if kind == "NAVN":
        return low not in ambiguous_names()
    return not _is_public(low) and low not in _GENERIC_DEFINITE


@lru_cache(maxsize=8192)
def name_shape(low: str) -> int:
    """2: shaped like a daycare's or care home's own name (Solgården, Mælkebøtten, Egebo);
    1: some other definite word (Regnbuen? Spiren?) that needs a context cue; 0: neither."""
    base = low.rstrip("'’")
    if (
        base in _GENERIC_DEFINITE
        or base in _PUBLIC_PLACES
        or base in _PUBLIC_HOUSES
        or base in ALLOWED
        or base.endswith(_NOUNISH)
        or base.endswith(_PUBLIC_SUFFIXES)
    ):
        return 0
    if base.endswith(_STRONG_SUFFIXES):
        for suffix in _STRONG_SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                return 2
    if base.endswith("hus") and len(base) >= 7 and base not in _HUS_PUBLIC:
        return 2
    definite = base.endswith(_DEFINITE_ENDINGS)
    if definite and len(base) >= 6:
        stem = base[:-1]  # "kastanjen" → "kastanje"
        if stem.startswith(_NAME_MORPHEMES) or stem.endswith(_NAME_MORPHEMES):
            return 2
        if any(map(stem.__contains__, _LONG_MORPHEMES)):
            return 2
    return 1 if definite else 0


def _is_cue_word(word: str) -> bool:
    return word in _CUE_WORDS or word.startswith(_STAFF_STEMS)


# Verbs after a sentence-initial subject: "Mælkebøtten har …", "Solgården ringede …".
_SUBJECT_VERB_RE = re.compile(
    r"(?:'s|’s|s)?[  ]+(?:har|havde|er|var|blev|bliver|gav|giver|ringede|ringer|skrev|"
    r"skriver|sagde|siger|gjorde|gør|hjalp|hjælper|tog|tager|passede|passer|lukkede|lukker|"
    r"fik|får|kunne|kan|skulle|skal|ville|vil|må|måtte|sendte|sender|tilbød|tilbyder)(?![\w])"
)


def _subject_institution(text: str, start: int, end: int, low: str, common: frozenset[str]) -> bool:
    """A sentence-initial word shaped like an institution's name, followed by a verb."""
    if len(low) < 7 or name_shape(low) != 2 or not _plain_name(low, common):
        return False
    head = text[max(0, start - 3) : start].rstrip(" \u00a0\"'«“(")
    if head and head[-1] not in ".!?:;\n":
        return False
    return _SUBJECT_VERB_RE.match(text, end) is not None


_STAFF_AFTER_RE = re.compile(
    r" (?:pædagog|personale|leder|ledelse|medarbejder|lærer|forstander|ansatte|sosu|plejer|"
    r"vuggestue|børnehave|sfo|klub|afdeling|afsnit|demensafsnit|fritidsdel|stue|gruppe|"
    r"køkken|legeplads|garderobe|venteliste|åbningstid|beboere|børn|elever|forældre|"
    r"bestyrelse|nattevagt|natvagt|aftenvagt)"
)
_CUE_BEFORE = _GENERIC_BEFORE | {"på", "i", "fra", "hos", "til", "ved", "af", "for", "med"}


def _joined(text: str, a: Token, b: Token) -> bool:
    return b[0] - a[1] == 1 and text[a[1]].isspace()


def _run_end(text: str, tokens: list[Token], i: int, common: frozenset[str]) -> int:
    """End of a run of up to three capitalised words from token i ("Røde Kors", "Novo Nordisk")."""
    last = i
    n = len(tokens)
    while last + 1 < n and last - i < 2 and _joined(text, tokens[last], tokens[last + 1]):
        if tokens[last + 1][3] in common:
            break
        last += 1
    return tokens[last][1]


def _prev_words(text: str, start: int, count: int) -> list[str]:
    """Up to ``count`` lower-case words before ``start`` in the same sentence (nearest last)."""
    window = text[max(0, start - 60) : start]
    for ch in ".!?:;\n":
        cut = window.rfind(ch)
        if cut != -1 and not (ch == "." and cut > 0 and window[cut - 1].isdigit()):
            window = window[cut + 1 :]
    words = [w.strip(",()\"'«»“”‘’").lower() for w in window.split()[-count - 1 :]]
    return [w for w in words if w][-count:]


_QUOTE_CHARS = "\"'«»“”‘’("
# Capitalised heads of "X ved/på Y" school names.
_VED_HEADS = frozenset("skolen friskolen privatskolen efterskolen specialskolen".split())
_VED_NAME_RE = re.compile(r"[ \u00a0](?:ved|på|for)[ \u00a0]([A-ZÆØÅ][\w'’-]+)")
_DEFINITE_GENERIC = ("en", "et", "ne", "'en")
# "Børne- og Ungdomspsykiatrisk Center": a coordinated compound before a name belongs to it.
_COORD_BEFORE_RE = re.compile(r"[A-ZÆØÅ][a-zæøå]+-[ \u00a0](?:og|&)[ \u00a0]\Z")


def _with_generic(text: str, start: int, generic: str) -> int:
    """Start of "bofællesskabet Solsikken" when the definite generic noun stands right before."""
    head = start - 1 - len(generic)
    if (
        head >= 0
        and generic.endswith(_DEFINITE_GENERIC)
        and text[start - 1] == " "
        and text[head : start - 1].lower() == generic
        and text[head].islower()
    ):
        return head
    return start


def _ved_name(low: str, common: frozenset[str]) -> bool:
    """The Y of "Skolen ved Y": an area or a place name, not an ordinary word or a person."""
    base = low.rstrip("'’")
    if base in common or base in _MONTHS_DAYS or base in ALLOWED:
        return False
    return base not in first_names() or base in ambiguous_names()


def _with_generic_before(text: str, hits: list[Hit]) -> list[Hit]:
    """ "bofællesskabet Kærhuset": a definite generic noun right before a name joins the hit."""
    out: list[Hit] = []
    for start, end, kind in hits:
        if kind == "INSTITUTION" and start > 4 and text[start - 1] == " ":
            generic = _lower_word_before(text, start)
            if generic in _GENERIC_BEFORE:
                start = _with_generic(text, start, generic)
        out.append((start, end, kind))
    return out


_LOWER_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzæøå'")


def _lower_word_before(text: str, start: int) -> str:
    r"""The lower-case word before the space at ``start - 1``, as the regex
    ``(?<![\w'-])([a-zæøå']+) \Z`` finds it in ``text[start - 30 : start]`` (or ""): the whole
    run of those letters, with no word character, "'" or "-" before it."""
    end = start - 1
    low_bound = max(0, start - 30)
    k = end
    while k > low_bound and text[k - 1] in _LOWER_WORD_CHARS:
        k -= 1
    if k == end or (k > 0 and (text[k - 1].isalnum() or text[k - 1] in "_'-")):
        return ""
    return text[k:end]


def _kind_prefix(word: str, low: str, name_low: str) -> bool:
    """A kind word that names an institution when a proper name follows it."""
    if word in _PREFIX_SET:
        return True
    if len(low) < 8 or not low.endswith(_KIND_PREFIX_ENDINGS):
        return False
    if low in _PUBLIC_HOUSES:  # "Kulturhuset Kilden", but "Medborgerhuset Lyngby", "… Nord"
        return not (
            name_low in _PLACES
            or name_low in _DISTRICTS
            or name_low in first_names()
            or name_low in _NAME_PREPOSITIONS
        )
    if low in _MUNICIPAL_PREFIXES and (
        name_low in _PLACES or name_low in _DISTRICTS or name_low.startswith("lyngby")
    ):
        return False  # "Jobcenter Lyngby", "Familiecentret Nord": the municipality's own unit
    return name_low not in first_names() or name_low in ambiguous_names()


def _trailing_kind(word: str, low: str, common: frozenset[str]) -> bool:
    """A kind word that ends an institution's name ("Skole", "ApS", "Tømmerhandel", "Skoles")."""
    if word in _TRAILING_SET:
        return True
    if word[-1:] == "s" and word[:-1] in _TRAILING_SET and len(word) > 3:
        return True
    return (
        len(low) > 7
        and low.endswith(_TRAILING_ENDINGS)
        and low not in common
        and low not in _MUNICIPAL_PREFIXES
        and low not in _MUNICIPAL_TRAILING
    )


# Municipal units a trailing kind word must not name ("Lyngby Borgerservice", "Jobcenter").
_MUNICIPAL_TRAILING = frozenset(
    """borgerservice hjemmeservice jobcenter sundhedscenter aktivitetscenter kommunecenter
    ydelsesservice""".split()
)


def _name_before(text: str, start: int, common: frozenset[str]) -> int:
    """Start of the capitalised words right before ``start`` (leading ordinary words dropped)."""
    first = organisations.run_start(text, start, 3)
    while first < start:
        stop = text.find(" ", first, start)
        if stop == -1 or stop - first < 2:
            break
        head = text[first:stop].lower().strip("'\"«“")
        if head not in common or head in _ORG_ADJECTIVES:
            break
        first = stop + 1
    return first


_ORG_ADJECTIVES = frozenset("dansk danske nordisk nordiske ny nye gamle store lille".split())


def _is_public(low: str) -> bool:
    return low in ALLOWED or low in _PUBLIC_HOUSES or low.endswith(_PUBLIC_SUFFIXES)


def _plain_name(low: str, common: frozenset[str]) -> bool:
    """A capitalised word that could be an institution's own name (not a town, body, word …)."""
    return _plain_name_cached(low) if common is common_words() else _plain_uncached(low, common)


@lru_cache(maxsize=8192)
def _plain_name_cached(low: str) -> bool:
    return _plain_uncached(low, common_words())


def _plain_uncached(low: str, common: frozenset[str]) -> bool:
    base = low.rstrip("'’")
    if len(base) < 3 or base in common or base in _PLACES or _is_public(base):
        return False
    if base in _GENERIC_BEFORE:
        return False
    head, dash, tail = base.partition("-")
    if dash and head in _GENERIC_PREFIX and tail in _COMPOUND_SUFFIXES:
        return False  # "SOSU-skolen", "Special-skolen": a kind of school, no name
    if base in first_names() and base not in ambiguous_names():
        return False
    return base not in _MONTHS_DAYS


# Capitalised prepositions inside a name after a kind word ("Børnehuset Under Piletræet").
_NAME_PREPOSITIONS = frozenset("under over bag ved mellem".split())
# Kind prefixes that are too generic alone before a preposition ("Skolen Ved …" is "ved" rule's).
_PREFIX_SET_PLAIN = frozenset(("Skolen", "Klub", "Klubben", "Center", "Centret", "Institution"))
_PREP_NAME_RE = re.compile(
    rf"[ \u00a0](?:Under|Over|Bag|Ved|Mellem)[ \u00a0]([A-ZÆØÅ][{_L}]+)(?![\w-])"
)
_NUMBERED_KINDS = ("gruppen", "gruppe", "troppen", "klubben", "foreningen")
_NUMBERED_NAME_RE = re.compile(rf"[ \u00a0][0-9]{{1,2}}\.[ \u00a0]([A-ZÆØÅ][{_L}]+)(?![\w-])")

_MONTHS_DAYS = frozenset(
    """januar februar marts april maj juni juli august september oktober november december
    mandag tirsdag onsdag torsdag fredag lørdag søndag""".split()
)


# Per word: which rules of _find_tokens can fire at all (the word's own part of each rule).
_WordRules = tuple[bool, bool, bool, bool, bool, bool, bool, bool, bool]
_RULE_SETS: dict[_WordRules, _WordRules] = {}


@lru_cache(maxsize=8192)
def _word_rules_cached(word: str) -> _WordRules | None:
    """``_word_rules`` of a token word (its ``low`` is ``word.lower()``, see ``_tokens``)."""
    return _word_rules(word, word.lower(), common_words())


def _word_rules(word: str, low: str, common: frozenset[str]) -> _WordRules | None:
    """The word-only conditions of the rules in _find_tokens, in their order: kind prefix,
    "Skolen ved", psychiatric, compound word (the whole rule), trailing kind word, possessive of
    a plain name, kind word after, "X er en …", plain name; ``None`` when all are false (the
    token fires no rule: every later rule needs a plain name)."""
    compound = False
    clow = low[:-1] if low.endswith(("ens", "ets")) else low
    if clow.endswith(_COMPOUND_SUFFIXES) and clow not in ALLOWED and "/" not in low:
        stem = clow
        for suffix in _COMPOUND_SUFFIXES:
            if clow.endswith(suffix):
                stem = clow[: -len(suffix)]
                break
        stem = stem.rstrip("-")
        if not (len(stem) < 3 or stem.rstrip("-s") in _GENERIC_PREFIX or stem in _GENERIC_PREFIX):
            compound = clow not in _PUBLIC_HOUSES
    plain = _plain_name(low, common)
    rules = (
        word in _PREFIX_SET
        or (len(low) >= 8 and low.endswith(_KIND_PREFIX_ENDINGS)),
        low in _VED_HEADS,
        low.endswith("psykiatrisk"),
        compound,
        _trailing_kind(word, low, common),
        low.endswith("s") and len(low) > 4 and _plain_name(low[:-1], common),
        len(low) >= 3
        and low not in common
        and not _is_public(low)
        and low not in _MONTHS_DAYS
        and (low not in first_names() or low in ambiguous_names()),
        plain and name_shape(low) >= 1,
        plain,
    )
    if not any(rules):
        return None
    return _RULE_SETS.setdefault(rules, rules)  # a few distinct tuples shared by all words


# A unit of a daycare or care home right before its name: "stuen Myretuen", "afdeling Valmuen".
_UNIT_BEFORE = frozenset(
    """stue stuen afdeling afdelingen afsnit afsnittet gruppe gruppen hus huset""".split()
)
# Choosing a place: "Vi ønskede Fuglereden", "valgte Solgården".
_CHOICE_VERBS = frozenset(
    """ønskede ønsker ønsket ønske valgte vælger valgt vælge fravalgte foretrækker foretrak
    prioriterede prioriterer tilbudt tilbød tilbyder tilbyde anvist anviste""".split()
)
# "foran Kirsebærgården": a place by a building (a street before it is no housing word here).
_NEAR_PREPOSITIONS = frozenset("foran overfor bag bagved nær".split())
_CALL_VERBS = frozenset("kalder kaldte kalde kaldes".split())
# A kind noun before ", Name": "et specialtilbud, Kornmod,", "en børnehave, Spiren".
_APPOSITION_KINDS = (
    "tilbud",
    "skole",
    "børnehave",
    "vuggestue",
    "plejehjem",
    "plejecenter",
    "bofællesskab",
    "institution",
    "bosted",
    "opholdssted",
    "klub",
    "dagcenter",
    "værested",
    "butik",
)
_APPOSITION_END = frozenset(",.;:)!?")


_PLACE_TOPICS = (
    "plads",
    "børnehave",
    "vuggestue",
    "plejehjem",
    "plejecenter",
    "skole",
    "dagpleje",
    "institution",
    "bosted",
    "botilbud",
    "bofællesskab",
)


def _about_a_place(text: str) -> bool:
    """Whether the answer mentions a daycare, school or care place (lower-cased once, only when a
    rule needs it)."""
    low = text.lower()
    return any(map(low.__contains__, _PLACE_TOPICS))


_STAY_VERBS = frozenset("er var kom kommet bor boede".split())
_CARE_TOPICS = (*_PLACE_TOPICS, "personale", "beboer", "sosu", "hjemmepleje")


def _about_care(text: str) -> bool:
    """Whether the answer mentions a care place, its staff or residents."""
    low = text.lower()
    return any(map(low.__contains__, _CARE_TOPICS))


# Verbs right before "i/på X" that place a child or adult at an institution.
_STRONG_ATTEND = frozenset(
    """går gik gå gået ude starter startede startet begynder begyndte begyndt indskrevet
    optaget""".split()
)
_FETCH_VERBS = frozenset("henter hentede hente afleverer afleverede aflevere".split())
# Endings of towns, islands and nature places ("ude på Refshaleøen", "går i Rødovre").
_PLACE_NAME_ENDINGS = (
    "øen",
    "ø",
    "holm",
    "havn",
    "strand",
    "by",
    "rup",
    "løse",
    "sted",
    "lev",
    "inge",
    "bjerg",
    "skov",
    "vej",
    "gade",
    "ovre",
    "købing",
    "land",
)


def _strong_cue(context: list[str]) -> bool:
    """The word before "i/på" is a strong attendance cue ("går", "ude", "pædagogerne") or a
    fetching verb stands in the few words before ("henter hende i")."""
    p2 = context[-1]
    if p2 in _STRONG_ATTEND or p2.startswith(("pædagog", "personale")):
        return True
    return not _FETCH_VERBS.isdisjoint(context)


# "Lærkereden skulle lukke", "Solgården lukker til sommer": a named place that closes or merges.
_CLOSE_AFTER_RE = re.compile(
    r"[ \u00a0](?:(?:skulle|skal|vil|ville|må|måtte|blev|bliver|er|var|bør|kan)[ \u00a0]"
    r"(?:(?:nu|også|snart|måske|ikke|pludselig)[ \u00a0])?)?"
    r"(?:lukke|lukkes|lukker|lukkede|lukket|nedlægges|nedlagt|nedlægge|sammenlægges|sammenlagt|"
    r"fusioneres|fusioneret)(?![\w])"
)
# A generic institution noun coordinated with the name: "mellem Bakkegården og skolen",
# "skolen, Nørrebakken og vi".
_GENERIC_UNITS = (
    r"skolen|børnehaven|vuggestuen|dagplejen|sfo'en|sfo|klubben|fritidsklubben|plejehjemmet|"
    r"plejecentret|plejecenteret|bostedet|institutionen|hospitalet|kommunen|jobcentret|ppr"
)
_UNIT_COORD_AFTER_RE = re.compile(
    rf"(?:,|[ \u00a0]og|[ \u00a0]eller)[ \u00a0](?:(?:den|det|vores|hans|hendes|deres)[ \u00a0])?"
    rf"(?:nye[ \u00a0])?(?:{_GENERIC_UNITS})(?![\w'’-])"
)
_UNIT_COORD_BEFORE_RE = re.compile(
    rf"(?<![\w])(?:{_GENERIC_UNITS})(?:,|[ \u00a0]og|[ \u00a0]eller)[ \u00a0]\Z"
)
# "det blev Lyngbo", "valget blev Egebo": the outcome of choosing a place.
_OUTCOME_SUBJECTS = frozenset("det valget resultatet".split())


def _place_by_verb_or_peer(text: str, start: int, end: int, low: str) -> bool:
    """A word shaped like a daycare's or care home's name that closes ("Lærkereden skulle
    lukke") or stands coordinated with a generic institution ("mellem Bakkegården og skolen",
    "skolen, Nørrebakken og vi")."""
    if name_shape(low) != 2:
        return False
    if _CLOSE_AFTER_RE.match(text, end) is not None:
        return True
    if _UNIT_COORD_AFTER_RE.match(text, end) is not None:
        return True
    return _UNIT_COORD_BEFORE_RE.search(text, max(0, start - 24), start) is not None


def _cue_name(
    text: str, before: list[str], start: int, end: int, low: str, hits: list[Hit]
) -> bool:
    """A plain capitalised word named as an institution by the word(s) right before it (in the
    same sentence): a unit noun ("stuen Myretuen"), a choice verb ("ønskede Fuglereden"), "og" /
    "eller" after an institution ("Mågen eller Fyrrebakken"), "kalder det X", or a kind noun
    with a comma ("et specialtilbud, Kornmod,")."""
    raw = before[-1]
    p1 = raw.lower()
    if p1 in _UNIT_BEFORE:
        return low.endswith(_DEFINITE_ENDINGS) and name_shape(low) >= 1
    if raw.endswith(",") and raw[:-1].lower() in _CHOICE_VERBS:
        # "kom på det vi ønskede, Egebo.": the chosen place named after a comma.
        after = text[end : end + 1]
        shape = name_shape(low)
        return (after == "" or after in _APPOSITION_END) and (
            shape == 2 or (shape == 1 and _about_a_place(text))
        )
    if p1 == "blev" and len(before) > 1 and before[-2].lower() in _OUTCOME_SUBJECTS:
        return name_shape(low) == 2 and _about_a_place(text)  # "så det blev Lyngbo"
    if p1 in _CHOICE_VERBS:
        # "Vi ønskede Mågen": a short definite word too when the answer is about a place in a
        # daycare or care home ("Vi valgte Modellen" is no institution).
        shape = name_shape(low)
        return shape == 2 or (shape == 1 and _about_a_place(text))
    if p1 in _NEAR_PREPOSITIONS:
        return name_shape(low) == 2  # "Vejen foran Kirsebærgården er ødelagt"
    if p1 in ("og", "eller"):
        if not hits or hits[-1][2] != "INSTITUTION":
            return False
        gap = text[hits[-1][1] : start]
        return gap.strip() == p1 and name_shape(low) >= 1
    if p1 in ("det", "den") and len(before) > 1 and before[-2].lower() in _CALL_VERBS:
        return name_shape(low) == 2
    if raw.endswith(",") and raw[:-1].lower().endswith(_APPOSITION_KINDS):
        after = text[end : end + 1]
        return (after == "" or after in _APPOSITION_END) and not low.endswith(_INDEFINITE_NOUNISH)
    return False


def _generic_kind_before_kind(
    text: str, tokens: list[Token], i: int, common: frozenset[str]
) -> bool:
    """ "Aktivitetstilbuddet Værkstedet Hjørnet", "Dagtilbuddet Børnehuset Mælkebøtten": a
    generic kind word (its first part a generic prefix) before a kind word and its name."""
    low = tokens[i][3]
    if i + 2 >= len(tokens) or not _joined(text, tokens[i + 1], tokens[i + 2]):
        return False
    nxt, name = tokens[i + 1][3], tokens[i + 2][3]
    if name in common or not (nxt in _PREFIX_SET_LOW or nxt.endswith(_KIND_PREFIX_ENDINGS)):
        return False
    for ending in _KIND_PREFIX_ENDINGS:
        if low.endswith(ending):
            stem = low[: -len(ending)].rstrip("-")
            return stem in _GENERIC_PREFIX or stem.rstrip("s") in _GENERIC_PREFIX
    return False


_PREFIX_SET_LOW = frozenset(w.lower() for w in _PREFIX_SET)


# Public teams and units named by their district ("Team Vest", "Socialtilsyn Øst",
# "Familiebehandlingen Nord"): kept like the municipality's other units.
_PUBLIC_UNIT_ENDINGS = (
    "team",
    "tilsyn",
    "politi",
    "region",
    "distrikt",
    "område",
    "afdeling",
    "enhed",
    "sektion",
    "gruppe",
    "pleje",
    "indsats",
    "rådgivning",
    "behandling",
    "center",
    "centret",
)
_FIRM_REGIONS = frozenset(
    "danmark nord syd øst vest nordvest nordøst sydvest sydøst scandinavia nordic".split()
)


@lru_cache(maxsize=1024)
def _kind_named_school(low: str) -> bool:
    """ "byskolen", "idrætsskolen", "lilleskolen": one word, a generic first part + "skolen"
    (no hyphen: "SOSU-skolen" is a kind of school; listed public schools stay)."""
    stem = low[: -len("skolen")]
    if "-" in low or low in ALLOWED or len(stem) < 2:
        return False
    return stem in _GENERIC_PREFIX or stem.rstrip("s") in _GENERIC_PREFIX


def _find_tokens(text: str, tokens: list[Token], common: frozenset[str]) -> list[Hit]:
    hits: list[Hit] = []
    n = len(tokens)
    cached = common is common_words()
    for i, (start, end, word, low) in enumerate(tokens):
        rules = _word_rules_cached(word) if cached else _word_rules(word, low, common)
        if rules is None:
            continue
        (
            kind_prefix,
            ved_head,
            psych,
            compound,
            trailing,
            possessive,
            kind_after_ok,
            is_kind,
            plain,
        ) = rules
        nxt = (
            tokens[i + 1]
            if (kind_prefix or psych) and i + 1 < n and _joined(text, tokens[i], tokens[i + 1])
            else None
        )
        # "Børnehuset Solsikken", "Plejecenter Bauneporten", "Café Søbredden", "Tegnestuen
        # Vinkel", "Familiecentret Ørnen" (but "Jobcenter Lyngby" is the municipality's).
        if nxt is not None and len(nxt[2]) >= 2 and _kind_prefix(word, low, nxt[3]):
            if _generic_kind_before_kind(text, tokens, i, common):
                continue  # "Aktivitetstilbuddet Værkstedet Hjørnet": the next word starts it
            if nxt[3] not in common and not (word == "SOSU" and nxt[3] in _SOSU_TITLES):
                name_end = nxt[1]
                nn = tokens[i + 2] if i + 2 < n and _joined(text, nxt, tokens[i + 2]) else None
                if nn is not None and len(nn[2]) >= 2 and nn[3] not in common:
                    name_end = nn[1]
                phrase = text[start:name_end].lower()
                if phrase not in ALLOWED and text[start : nxt[1]].lower() not in ALLOWED:
                    hits.append((start, name_end, "INSTITUTION"))
                    continue
        # "Børnehuset Over Åen", "Huset Under Egen": a capitalised preposition inside the name.
        if kind_prefix and text[end : end + 1] == " " and word not in _PREFIX_SET_PLAIN:
            prep = _PREP_NAME_RE.match(text, end)
            if (
                prep is not None
                and _plain_name(prep.group(1).lower(), common)
                and _kind_prefix(word, low, "")
            ):
                hits.append((start, prep.end(), "INSTITUTION"))
                continue
        # "Spejdergruppen 1. Nordvest", "Klubben 2. Maj"-like numbered units of a named group.
        if kind_prefix and text[end : end + 1] == " " and low.endswith(_NUMBERED_KINDS):
            num = _NUMBERED_NAME_RE.match(text, end)
            if num is not None and num.group(1).lower() not in _MONTHS_DAYS:
                hits.append((start, num.end(), "INSTITUTION"))
                continue
        # "Skolen ved Sorgenfri", "'Skolen ved Sundet'": a school named after its area.
        if ved_head:
            ved = _VED_NAME_RE.match(text, end)
            if ved is not None and _ved_name(ved.group(1).lower(), common):
                hits.append((start, ved.end(), "INSTITUTION"))
                continue
        # "Psykiatrisk Center Nordsjælland", "Børne- og Ungdomspsykiatrisk Center Glostrup",
        # "Psykiatrisk Klinik Aarhus", "Bispebjerg Psykiatrisk Center".
        if psych and nxt is not None and nxt[3] in _PSYCH_KINDS:
            nn = tokens[i + 2] if i + 2 < n and _joined(text, nxt, tokens[i + 2]) else None
            first = start
            if i > 0 and _joined(text, tokens[i - 1], tokens[i]):
                first = tokens[i - 1][0] if tokens[i - 1][3] not in common else start
            if nn is not None and nn[3] not in common:
                hits.append((first, nn[1], "INSTITUTION"))
                continue
            if first < start:
                hits.append((first, nxt[1], "INSTITUTION"))
                continue
        # One compound word: "Lindegårdsskolen", "Sophienholm-skolen".
        if compound:
            first = start
            if trailing and start > 1:  # "Hestehaven Rideskole": the name before belongs to it
                first = _name_before(text, start, common)
                if text[first:end].lower() in ALLOWED:
                    first = start
            hits.append((first, end, "INSTITUTION"))
            continue
        # "Virum Skole", "Lyngby Trælast", "Christian Dahl VVS", "Hjortekær Tømrer & Snedker",
        # "Dansk Metalvarer", "Stengård Skoles".
        if trailing and start > 1:
            first = _name_before(text, start, common)
            if first < start and text[first:end].lower() not in ALLOWED:
                more = _MORE_RE.match(text, end)
                hits.append((first, more.end() if more else end, "INSTITUTION"))
                continue
        # "Solsikkens pædagoger", "Egebos personale": a named place's staff (mid-sentence).
        # "Troldehøjens vuggestue", "Solgårdens demensafsnit": a named place's possessive.
        if possessive:
            stem = low[:-1]
            shape = name_shape(stem)
            if shape == 2 or (shape == 1 and _STAFF_AFTER_RE.match(text, end) is not None):
                # "Holmegårdens bofællesskab": a housing kind after it is part of the name
                # (a daycare's "vuggestue" is a section of it and stays).
                housing = (
                    _HOUSING_KIND_AFTER_RE.match(text, end) if text[end : end + 1] == " " else None
                )
                hits.append((start, end if housing is None else housing.end(), "INSTITUTION"))
                continue
            head = text[max(0, start - 3) : start].rstrip()
            if head and head[-1] not in '.!?:\n"' and stem.endswith(_PLACE_SUFFIXES):
                if _STAFF_AFTER_RE.match(text, end) is not None:
                    hits.append((start, end, "INSTITUTION"))
                    continue
        # "Møllebo plejehjem", "Lundtofte skole".
        if (
            kind_after_ok
            and text[end + 1 : end + 4] in _KIND_AFTER_HEADS
            and text.startswith(" ", end)
            and _next_word(text, end + 1) in _KIND_AFTER_WORDS
        ):
            kind_after = _KIND_AFTER_RE.match(text, end)
            if kind_after is not None:
                hits.append((start, kind_after.end(), "INSTITUTION"))
                continue
        # "Spiren er en god børnehave", "Egebo var et dejligt plejehjem".
        # "LGS er en god skole": an acronym too.
        if (is_kind or (plain and len(word) >= 2 and word.isupper())) and text[
            end : end + 4
        ] in _IS_HEADS:
            if _IS_A_KIND_RE.match(text, end) is not None:
                hits.append((start, end, "INSTITUTION"))
                continue
        # "på Byskolen", "til Idrætsskolen", "om Lilleskolen": a school named by its kind,
        # capitalised mid-sentence (the town's one school of that kind).
        if (
            kind_prefix
            and low.endswith("skolen")
            and start >= 2
            and text[start - 2] not in _SENTENCE_END
            and text[start - 1] not in "\n\"'«“‘("
            and _kind_named_school(low)
        ):
            hits.append((start, end, "INSTITUTION"))
            continue
        if not plain:
            continue  # every rule below (the sentence subject too) needs a plain name
        # "fra Tech-Support Nord", "Firmaet Tryghedsalarm Danmark": an uncommon capitalised word
        # mid-sentence with a region after it is a firm's name (towns, people and public bodies
        # are no plain names; "Jobcenter Nord" is the municipality's).
        if (
            i + 1 < n
            and tokens[i + 1][3] in _FIRM_REGIONS
            and _joined(text, tokens[i], tokens[i + 1])
            and start >= 2
            and text[start - 2] not in _SENTENCE_END
            and low not in _MUNICIPAL_PREFIXES
            and low not in all_names()
            and len(low) >= 4
            and not low.endswith(_DEFINITE_ENDINGS + _PUBLIC_UNIT_ENDINGS)
        ):
            hits.append((start, tokens[i + 1][1], "INSTITUTION"))
            continue
        # The cue rules below all need "på/i/fra/hos/til …" or a generic noun right before.
        # Only the last two words count: ``rsplit`` gives them (as ``split`` would) without
        # splitting the rest of the window.
        before = text[max(0, start - 24) : start].rsplit(None, 2)
        if before and before[-1].strip(_QUOTE_CHARS) == "" and len(before) > 1:
            before.pop()  # "børnehaven 'Humlebien'"
        if before and _cue_name(text, before, start, end, low, hits):
            hits.append((start, end, "INSTITUTION"))
            continue
        if _place_by_verb_or_peer(text, start, end, low):
            hits.append((start, end, "INSTITUTION"))
            continue
        if not before or before[-1].strip(_QUOTE_CHARS).lower() not in _CUE_BEFORE:
            # "Mælkebøtten har været fantastiske": a typical institution name as the subject.
            if (
                len(low) >= 7
                and (start < 2 or text[start - 2] in _SENTENCE_END or text[start - 1] == "\n")
                and name_shape(low) == 2
                and _subject_institution(text, start, end, low, common)
            ):
                hits.append((start, end, "INSTITUTION"))
            continue
        prev = _prev_words(text, start, 4)
        if not prev:
            continue
        p1 = prev[-1]
        # "i børnehave Solsikken", "på plejehjemmet Solgården" (a definite noun right before the
        # name is part of it: "bofællesskabet Solsikken").
        if p1 in _GENERIC_BEFORE:
            hits.append((_with_generic(text, start, p1), end, "INSTITUTION"))
            continue
        if p1 not in _PREPOSITIONS:
            continue
        shape = name_shape(low)
        # "på Solgården", "i Mælkebøtten", "fra Bakkehuset", "til Lindehaven": the name itself
        # has the form of a daycare's or care home's name.
        context = prev[:-1]
        if shape == 2 and _HOUSING_WORDS.isdisjoint(context):
            hits.append((start, end, "INSTITUTION"))
            continue
        # "Min far er på Aftensol": a relative staying at an uncommon named place, in an answer
        # about a care place or its staff.
        if (
            p1 == "på"
            and len(context) >= 2
            and context[-1] in _STAY_VERBS
            and not _KIN.isdisjoint(context)
            and len(low) >= 5
            and low not in all_names()
            and low not in places()
            and not low.endswith(_DEFINITE_ENDINGS + _INDEFINITE_NOUNISH + _PLACE_NAME_ENDINGS)
            and not starts_allowed(text, start, low)
            and _about_care(text)
        ):
            hits.append((start, end, "INSTITUTION"))
            continue
        # "hos Netto", "hos McDonald's": a capitalised non-name after "hos" is a workplace or
        # business (people's names are found by the name rules).
        if p1 == "hos" and (shape == 2 or not low.endswith(_DEFINITE_ENDINGS)):
            if (
                low not in first_names()
                and low not in _KIN
                and low.rstrip("'’s") not in first_names()
                and not low.endswith(_INDEFINITE_NOUNISH)
                and not starts_allowed(text, start, low)
            ):
                last = i  # "hos Røde Kors", "hos Danske Bank"
                hits.append((start, _run_end(text, tokens, i, common), "INSTITUTION"))
                continue
        # "går i Regnbuen", "Pædagogen fra Spiren", "bor på Egebo", "plads i Tuen".
        if (
            shape == 1
            and p1 in _PLACE_PREPOSITIONS
            and (any(_is_cue_word(w) for w in context) or (hits and hits[-1][2] == "INSTITUTION"))
        ):
            hits.append((start, end, "INSTITUTION"))
            continue
        # "Hun går i Kornmod", "Pædagogerne på Kornmod", "ude på Kornmod", "henter hende i
        # Kompasset": an uncommon capitalised word (no town, person, month) after a strong cue.
        if (
            shape == 0
            and p1 in ("i", "på")
            and context
            and _strong_cue(context)
            and not low.endswith(_INDEFINITE_NOUNISH)
            and not low.endswith(_PLACE_NAME_ENDINGS)
            and not starts_allowed(text, start, low)
        ):
            hits.append((start, end, "INSTITUTION"))
            continue
        if not context:
            continue
        p2 = context[-1]
        place_like = low.endswith(_PLACE_SUFFIXES) and not low.endswith(_PUBLIC_SUFFIXES)
        # "flytte skole fra Hummeltofte til Engelsborg": a school or daycare named after its area.
        if p1 in ("fra", "til", "på", "i") and not _GENERIC_BEFORE.isdisjoint(context):
            if low not in _MONTHS_DAYS and not low.endswith(_INDEFINITE_NOUNISH):
                hits.append((start, end, "INSTITUTION"))
                continue
        # "Pædagogen fra Troldehøjen", "personalet på Egebo".
        if p2.startswith(_STAFF_STEMS) and p1 in ("på", "i", "fra", "hos"):
            if low.endswith(_DEFINITE_ENDINGS) or place_like:
                hits.append((start, end, "INSTITUTION"))
                continue
        # "min chef fra Novo Nordisk", "min bisidder fra LAP": the whole run of capitalised words.
        if (p2 in _WORK_PEOPLE and p1 in ("fra", "hos", "på", "i")) or (
            p2 in _SUPPORT_PEOPLE and p1 == "fra" and low not in organisations.DEPARTMENT_WORDS
        ):
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
        # "bor på Skovly" (a care home or housing unit; a street needs a number: ADRESSE).
        # "bor på Frydenholm", "indlagt på Sølund": living somewhere that is no town or street
        # (a street needs a number to be an address; towns and islands are in the place list).
        if p1 == "på" and not _HOME_VERBS.isdisjoint(context):
            if place_like or not low.endswith(_DEFINITE_ENDINGS + _INDEFINITE_NOUNISH):
                hits.append((start, end, "INSTITUTION"))
                continue
        # "mor skulle flytte til Sølund": moving to a named home (a town is in the place list).
        if p1 == "til" and not _HOME_VERBS.isdisjoint(context):
            if place_like or low.endswith(_HOME_NAME_ENDINGS):
                hits.append((start, end, "INSTITUTION"))
                continue
    return hits


def _find_work(
    text: str, low: str, common: frozenset[str], starts: list[int] | None = None
) -> list[Hit]:
    """Workplaces after a work keyword; ``starts`` is ``_work_starts(low)`` when the caller has
    it (keywords inside a word – "vejarbejdet", "sommerjob" – are not the word itself)."""
    hits: list[Hit] = []
    last_end = 0
    for pos in _work_starts(low) if starts is None else starts:
        if pos < last_end:
            continue
        m = WORK_RE.match(text, pos)
        if m is None:
            continue
        last_end = m.end()
        name = m.group("name")
        words = name.split()
        low_name = name.lower()
        if low_name in ALLOWED or words[0].lower() in ALLOWED:
            continue
        if all(w.lower() in common for w in words) or words[-1].lower().endswith(_STREET_SUFFIXES):
            continue
        if words[-1].lower() in ("kommune", "kommunes") or words[0].lower() == "region":
            continue  # "arbejder i Gentofte Kommune": a municipality, kept like this one
        if (
            len(words) == 1
            and m.group("prep").lower() == "for"
            and low_name in first_names()
            and low_name not in ambiguous_names()
        ):
            continue  # "arbejdet for Mette": a person (the name rules find her)
        if len(words) == 1:
            # "arbejder i Lyngby", "job i Hjemmeplejen" name no workplace; "praktik hos
            # Elgiganten" does (a definite word counts when it is no ordinary noun).
            if low_name in _NOT_WORKPLACE or _is_public(low_name):
                continue
            if low_name.endswith(_DEFINITE_ENDINGS) and (
                name_shape(low_name) == 0 or not _plain_name(low_name, common)
            ):
                continue
        # "Rema 1000": a chain's number belongs to its name.
        end = m.end("num") if m.group("num") and low_name in _SHOPS_AND_SERVICES else m.end("name")
        if len(words) >= 2 and end == m.end("name"):
            # "praktikken hos Kims Cykler og Reparation": "og" and a capitalised word that is
            # no person, town or public body continue a company's name.
            more = _AND_CAP_RE.match(text, end)
            if more is not None:
                nxt = more.group(1).lower()
                if (
                    nxt not in first_names()
                    and nxt not in _PLACES
                    and nxt not in ALLOWED
                    and nxt not in stopwords()
                    and not starts_allowed(text, more.start(1), nxt)
                ):
                    end = more.end()
        hits.append((m.start("name"), end, "INSTITUTION"))
    return hits

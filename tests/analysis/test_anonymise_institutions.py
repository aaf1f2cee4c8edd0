"""Round 3 of the anonymiser: institution names without a kind word, workplaces, days without a
month, sentence-initial names, propagation within an answer (analysis/pii/*, anonymise.py)."""

from __future__ import annotations

import pytest

from analysis.anonymise import anonymise
from analysis.evaluate import dev_paths, evaluate, load_corpus
from analysis.pii.institution import name_shape, starts_allowed
from tests.analysis.pii_helpers import covered, kind_of

# ------------------------------------------------------------------ institutions by context


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Min mor bor på Solgården nu.", "Solgården"),
        ("Min søn går i Mælkebøtten.", "Mælkebøtten"),
        ("Hun går i Troldehøjen og er glad.", "Troldehøjen"),
        ("Pædagogen fra Bakkehuset ringede.", "Bakkehuset"),
        ("Vi er meget glade for Mælkebøtten.", "Mælkebøtten"),
        ("Jeg henter ham hver dag i Krudtuglen.", "Krudtuglen"),
        ("Min mor flyttede ind på Egebo.", "Egebo"),
        ("Hun blev visiteret til Lindegården.", "Lindegården"),
        ("Han bor nu på Skovly.", "Skovly"),
        ("Lederen af Spiren var ikke til at få fat på.", "Spiren"),
        ("Børnene i Myretuen er glade.", "Myretuen"),
        ("Vores dreng skiftede fra Solsikken til Skovbrynet.", "Skovbrynet"),
        ("Ingen fra Regnbuen har ringet.", "Regnbuen"),
        ("I Troldehøjen er de søde.", "Troldehøjen"),
        ("Min far er kommet på Kongehøj.", "Kongehøj"),
        ("far har det dårligt siden han flyttede fra Lyngbyhus", "Lyngbyhus"),
        ("Dejlig overgang fra Kastanjen til skolen.", "Kastanjen"),
        ("Fik brev om at vi ikke fik plads i Sommerfuglen, kun i Græshoppen.", "Græshoppen"),
        ("Mads i Spiren er den bedste pædagog.", "Spiren"),
        ("Hvorfor skal han flytte skole fra Hummeltofte til Engelsborg?", "Hummeltofte"),
    ],
)
def test_institution_after_cue(text: str, secret: str) -> None:
    assert covered(text, secret), anonymise(text)
    assert kind_of(text, secret) == "INSTITUTION"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Mælkebøtten har været fantastiske.", "Mælkebøtten"),
        ("Kirsebærhaven har ikke nok personale.", "Kirsebærhaven"),
        ("Spiren er en god børnehave.", "Spiren"),
        ("Solsikkens pædagoger er søde nok.", "Solsikkens"),
        ("Trekantens personale har ikke fået besked.", "Trekantens"),
        ("Der er for mange børn i Troldehøjens vuggestue.", "Troldehøjens"),
        ("Mor falder tit på Solgårdens demensafsnit.", "Solgårdens"),
        ("men på Engelsborgskolens fritidsdel er der ingen", "Engelsborgskolens"),
    ],
)
def test_institution_as_subject_or_possessive(text: str, secret: str) -> None:
    assert covered(text, secret), anonymise(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("min søn går i troldehøjen og er glad", "troldehøjen"),
        ("vi har ventet på en plads i eventyrhuset siden maj", "eventyrhuset"),
        ("min datter bor på ungehjemmet fyrtårnet", "ungehjemmet fyrtårnet"),
    ],
)
def test_lower_case_institution(text: str, secret: str) -> None:
    assert covered(text, secret), anonymise(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Min far bor på Møllebo plejehjem.", "Møllebo plejehjem"),
        ("Han blev ikke hentet fra Baunehøj SFO.", "Baunehøj SFO"),
        ("Familiehuset Stolpen har været en hjælp.", "Familiehuset Stolpen"),
        ("Forløbet på Produktionsskolen Lyngby var godt.", "Produktionsskolen Lyngby"),
        ("Lægen på Lyngby Lægecenter skulle ordinere det.", "Lyngby Lægecenter"),
        ("Vi har fået opsigelse fra Lyngbo Boligselskab.", "Lyngbo Boligselskab"),
        ("Juniorklubben Tårnet er god.", "Juniorklubben Tårnet"),
    ],
)
def test_kind_word_before_or_after(text: str, secret: str) -> None:
    assert covered(text, secret), anonymise(text)


# ------------------------------------------------------------------ workplaces


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Han arbejder hos Netto.", "Netto"),
        ("Jeg har praktik hos Bygma fra næste uge.", "Bygma"),
        ("Jobcentret sendte mig i praktik hos Elgiganten.", "Elgiganten"),
        ("Jeg har arbejdet hos Danske Bank i 20 år.", "Danske Bank"),
        ("Har været sygemeldt fra Novo Nordisk siden januar.", "Novo Nordisk"),
        ("jeg arbejd i Coop lager før", "Coop"),
        ("det passer ikke med min vagt hos Netto", "Netto"),
        ("kan jeg få orlov fra Netto?", "Netto"),
        ("jeg blev sendt i praktik i Rema 1000 i Sorgenfri", "Rema 1000"),
        ("Jeg starter hos McDonald's på mandag.", "McDonald's"),
        ("Han er frivillig hos Røde Kors.", "Røde Kors"),
    ],
)
def test_workplaces(text: str, secret: str) -> None:
    assert covered(text, secret), anonymise(text)


# ------------------------------------------------------------------ kept: places, bodies, nouns


@pytest.mark.parametrize(
    "text",
    [
        "Jeg har været i kontakt med Borgerservice, Jobcentret og Ydelseskontoret uden held.",
        "Min søn går i skole i Virum og har det godt.",
        "Vi bor i Lyngby og handler i centrum.",
        "Min mor får hjælp fra Hjemmeplejen og Sygeplejen.",
        "Vi var på Skadestuen og derefter hos lægen.",
        "Skolen fra august var bedre end den gamle.",
        "Jeg har søgt job i Lyngby, Gentofte og København.",
        "Jeg arbejder i Hjemmeplejen som social- og sundhedsassistent.",
        "Vi var til borgermøde på Rådhuset i Lyngby.",
        "Han flyttede fra Aarhus til Vordingborg.",
        "Jeg ringede til Udbetaling Danmark og til Skat.",
        "Hun bor i Taarbæk tæt på Dyrehaven.",
        "Vi fik besøg hos Mormor i Odense.",
        "Der er ikke skilte ved vejarbejdet på Lyngby Hovedgade.",
        "lejligheden på Kollegiebakken er for lille til os",
        "Vi har fået hjælp fra Bostøtten og Handicapteamet.",
        "Vinterberedskabet har været nogenlunde i år.",
        "Beløbet var for lavt. Børnene var kede af det.",
        "Virum er en god skole.",
        "Folk sagde det var godt.",
        "Han er den 5 bedste i klassen.",
    ],
)
def test_kept(text: str) -> None:
    assert anonymise(text).text == text


def test_name_shape() -> None:
    assert name_shape("solgården") == 2
    assert name_shape("mælkebøtten") == 2
    assert name_shape("egebo") == 2
    assert name_shape("regnbuen") == 2
    assert name_shape("toppen") == 1  # needs a cue
    assert name_shape("forsyningen") == 0
    assert name_shape("rådhuset") == 0
    assert name_shape("haven") == 0


def test_starts_allowed() -> None:
    text = "Skrev til Udbetaling Danmark i går"
    assert starts_allowed(text, 10, "udbetaling")
    assert not starts_allowed("Udbetaling af penge", 0, "udbetaling")
    assert not starts_allowed(text, 0, "skrev")


# ------------------------------------------------------------------ propagation


def test_found_institution_redacted_everywhere() -> None:
    text = "Min søn går i Spiren. Spiren har ringet, og Spirens leder er sød."
    result = anonymise(text)
    assert "Spiren" not in result.text
    assert result.text.count("[INSTITUTION]") == 3


def test_found_name_redacted_everywhere_with_same_number() -> None:
    result = anonymise("Vi talte med Xiomara. Xiomaras mor var der også.")
    assert result.text == "Vi talte med [NAVN 1]. [NAVN 1] mor var der også."


def test_place_word_of_institution_not_propagated() -> None:
    text = "Hun går på Sorgenfri Skole. Vi bor i Sorgenfri."
    assert anonymise(text).text == "Hun går på [INSTITUTION]. Vi bor i Sorgenfri."


# ------------------------------------------------------------------ dates and names


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Mødet den 5 blev aflyst.", "den 5"),
        ("Vi havde møde den 14 og den 21.", "den 14"),
        ("Jeg søgte om tilbygning d. 12/11 og fik intet svar.", "d. 12/11"),
        ("Har lige modtaget jeres brev dateret 28.10. om skuret.", "28.10"),
        ("Vuggestuen har haft vikarer fra 5/8 til 5/9.", "5/8 til 5/9"),
        ("Vi var til møde den 3. marts.", "den 3. marts"),
    ],
)
def test_days_without_month_and_prefixes(text: str, secret: str) -> None:
    assert covered(text, secret), anonymise(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Xiomara ringede til mig i går.", "Xiomara"),
        ("Skov sagde at tilladelsen ville komme i marts.", "Skov"),
        ("Snerydningen er elendig, og Rask fra vejteamet lovede bedring.", "Rask"),
    ],
)
def test_sentence_initial_and_surname_speakers(text: str, secret: str) -> None:
    assert covered(text, secret), anonymise(text)
    assert kind_of(text, secret) == "NAVN"


def test_no_speaker_names_for_bodies() -> None:
    for text in (
        "Kommunen skrev til mig.",
        "Lægen sagde nej.",
        "Ingen ringede tilbage.",
        "Ejendomsafdeling siger boligselskab.",
    ):
        assert anonymise(text).text == text


# ------------------------------------------------------------------ PII development set


def test_pii_dev_thresholds() -> None:
    """Each PII-only dev set on its own (themes null; never training data).

    pii_dev.jsonl (the anonymiser was tuned with it): ≥ 97 % overall, ≥ 95 % names and
    institutions. pii_dev2.jsonl (a fresh, deliberately hard set written without sight of the
    code): CPR, e-mail and phone must be 100 % there too; its overall recall is still below the
    98 % target, so this test only guards the measured level against regressions (floors below
    the measured values; see ``python -m analysis.evaluate --dev --errors`` for what is missed).
    Keep survival ≥ 97 % on both."""
    paths = {p.name: p for p in dev_paths()}
    if "pii_dev.jsonl" not in paths:
        pytest.skip("pii_dev.jsonl not present")
    for name, path in paths.items():
        report = evaluate(load_corpus([path]))
        for kind in ("CPR", "EMAIL", "TELEFON"):
            assert report.kind_recall(kind) == 1.0, (name, kind)
        assert report.keep_survival >= 0.97, name
        floors = _DEV_FLOORS.get(name, _DEV_FLOORS["pii_dev.jsonl"])
        assert report.recall >= floors[0], name
        assert report.kind_recall("NAVN") >= floors[1], name
        assert report.kind_recall("INSTITUTION") >= floors[2], name


# (overall, NAVN, INSTITUTION) recall floors per dev set.
_DEV_FLOORS = {
    "pii_dev.jsonl": (0.97, 0.95, 0.95),  # measured 98.9 %, 98.9 %, 98.4 %
    # fresh, hard set: first look 85.2 %, 89.0 %, 81.5 %; measured 98.3 %, 98.3 %, 97.7 %
    # (remaining: a hospital named by its town, nicknames, "Lilleskolen", a chain's town)
    "pii_dev2.jsonl": (0.97, 0.97, 0.96),
    # second fresh set: first look 93.9 %, 97.3 %, 88.1 %; measured 99.4 %, 99.1 %, 99.4 %
    # after tuning on it (addresses, institutions, names)
    "pii_dev3.jsonl": (0.98, 0.98, 0.98),
    # third fresh set: first look 94.3 %, 97.9 %, 84.5 %; measured 98.9 %, 98.2 %, 99.5 %
    # after a chain's or workplace's town joined its name ("Netto i Ølstykke", "ISS på Amager")
    # (remaining: nicknames and lower-case month/flower names "august", "lærke", "Sol")
    "pii_dev4.jsonl": (0.98, 0.97, 0.98),
    # fourth fresh set: first look 96.6 %, 98.4 %, 91.5 %; measured 99.0 %, 98.7 %, 98.9 %
    # (remaining: nicknames "Bamse", "HC", "Nok", a subject "Solhøj", "Lagerhotellet Nordhavn")
    "pii_dev5.jsonl": (0.98, 0.98, 0.98),
}


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Mor bor på Frydenholm.", "Frydenholm"),
        ("Han blev indlagt på Sølund i en uge.", "Sølund"),
        ("Mødet var den 1ste og ingen kom.", "den 1ste"),
        ("Han blev udskrevet den 14. uden varsel.", "den 14"),
    ],
)
def test_home_without_suffix_and_more_days(text: str, secret: str) -> None:
    assert covered(text, secret), anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vi bor på Amager og har en sommerhus på Samsø.",
        "Han bor på Nørrebro.",
        "Hun bor på Strandvejen.",
        "Den 3. gang jeg ringede fik jeg svar.",
        "Det var den 2. i træk.",
    ],
)
def test_home_and_day_kept(text: str) -> None:
    assert anonymise(text).text == text

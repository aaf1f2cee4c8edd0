"""The codebook's phrase rules cover common Danish wordings of each theme (rules only, no model)."""

from __future__ import annotations

import pytest

from analysis.codebook import load_codebook
from analysis.text import normalise


def _rule_themes(text: str) -> set[str]:
    norm = normalise(text)
    cb = load_codebook()
    hits = set(cb.rule_hits(norm, "").keys())
    # The index must agree with a plain regex search (trigger words, fast-path variants).
    plain = {
        t.key
        for t in cb.themes
        if any(r.kind == "regex" and r.compiled.search(norm) for r in t.rules)
    }
    assert hits == plain, (text, hits ^ plain)
    return hits


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Sagen har stået stille siden foråret.", "sagsbehandlingstid"),
        ("Ansøgningen blev behandlet på under en uge.", "sagsbehandlingstid"),
        ("hvornår sker der noget??? 4 mdr nu", "sagsbehandlingstid"),
        ("Det har været over et år med kamp.", "sagsbehandlingstid"),
        ("Papirerne lå bare i en bunke hos dem.", "sagsbehandlingstid"),
        ("De tog aldrig telefonen, jeg ringede forgæves.", "tilgaengelighed"),
        ("Jeg sad i kø i 45 minutter.", "tilgaengelighed"),
        ("hun ikke svare telefon", "tilgaengelighed"),
        ("Det var ikke svært at få fat i hende.", "tilgaengelighed"),
        ("Vi fik en tid allerede dagen efter.", "tilgaengelighed"),
        ("jeg forstår ikke brev, det er meget svær dansk", "kommunikation"),
        ("Brevet var fyldt med paragraffer og fremmedord.", "kommunikation"),
        ("Hun talte til mig som et lille barn.", "kommunikation"),
        ("Vi aner ikke hvor sagen står.", "information"),
        ("Ingen har fortalt os om næste skridt.", "information"),
        ("Beslutningen blev truffet uden os.", "inddragelse"),
        ("Ingen har spurgt vores søn, hvad han selv ønsker.", "inddragelse"),
        ("Jeg blev behandlet som et sagsnummer.", "procesretfaerdighed"),
        ("De ville ikke indrømme fejlen.", "procesretfaerdighed"),
        ("Vi fik medhold i Ankestyrelsen, og afgørelsen blev omgjort.", "afgoerelse"),
        ("De sagde nej uden at begrunde det.", "afgoerelse"),
        ("Den ene hånd ved ikke hvad den anden laver.", "samarbejde"),
        ("Vi blev sendt frem og tilbage mellem to afdelinger.", "samarbejde"),
        ("Nu skal jeg fortælle hele historien igen til den fjerde sagsbehandler.", "samarbejde"),
        ("Jeg har mistet troen på systemet.", "tillid"),
        ("De lod os i stikken.", "tillid"),
        # Round 2 wordings.
        ("Ingen forklarede os, hvordan hjælpemidlet virker.", "information"),
        ("Vi hørte om det fra naboen.", "information"),
        ("Vi aner ikke hvad der skal ske nu.", "information"),
        ("Brevet var fuld af fagord og forkortelser.", "kommunikation"),
        ("Hun var meget nedladende over for min mor.", "kommunikation"),
        ("De troede ikke på mig, da jeg fortalte om smerterne.", "procesretfaerdighed"),
        ("Ingen påtog sig ansvaret for fejlen.", "procesretfaerdighed"),
        ("Vi venter stadigvæk på en afgørelse.", "sagsbehandlingstid"),
        ("De lovede svar før jul, men det kom i marts.", "sagsbehandlingstid"),
        ("Mødet blev holdt uden hende og uden hendes psykolog.", "inddragelse"),
        ("Jeg fik ikke lov at sige min mening.", "inddragelse"),
        ("Hun var svær at fange, og beskeder blev liggende.", "tilgaengelighed"),
        ("Vi har haft fire forskellige rådgivere på et år.", "samarbejde"),
        ("Jeg vil klage over afgørelsen til Ankestyrelsen.", "afgoerelse"),
        ("Det er tomme løfter, jeg tror ikke på dem mere.", "tillid"),
    ],
)
def test_rules_cover_danish_wordings(text: str, theme: str) -> None:
    assert theme in _rule_themes(text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Han er optaget af fodbold.", "tilgaengelighed"),
        ("Jeg er langtidssygemeldt.", "sagsbehandlingstid"),
        ("Min mor kommer fra Somalia.", "kommunikation"),
    ],
)
def test_rules_do_not_fire_on_look_alikes(text: str, theme: str) -> None:
    assert theme not in _rule_themes(text)

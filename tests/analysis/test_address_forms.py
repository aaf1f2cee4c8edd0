"""Address forms beyond "street with suffix + number": streets without a street suffix, ranges and
lists of house numbers, a postcode or a town alone after the number; and near misses kept."""

from __future__ import annotations

import pytest

from analysis.anonymise import anonymise
from analysis.pii import address


def _addresses(text: str) -> list[str]:
    return sorted({text[s:e] for s, e, _ in address.find(text)})


@pytest.mark.parametrize(
    "text,expected",
    [
        # Streets without a street suffix: a capitalised preposition + noun, a definite place noun.
        (
            "Mor (Gerda Lund, Ved Kirken 2, 3480 Fredensborg) har fået afslag.",
            "Ved Kirken 2, 3480 Fredensborg",
        ),
        ("Vi bor Over Bækken 7 i Virum.", "Over Bækken 7"),
        ("Hun bor på Bag Haverne 4, 1. th.", "Bag Haverne 4, 1. th."),
        ("Butikken på Torvet 5 til min frisørsalon.", "Torvet 5"),
        ("De bor på Strøget 10, 3. th.", "Strøget 10, 3. th."),
        ("Torvet 5, 3000 Helsingør er adressen.", "Torvet 5, 3000 Helsingør"),
        # Ranges and lists of house numbers.
        ("Vejen foran Lindevej 4-8 har huller.", "Lindevej 4-8"),
        ("Skraldet ved Bøgevej 12A–14 hentes ikke.", "Bøgevej 12A–14"),
        ("rækkehusene på Kirsebærvej 2, 4 og 6, der har ventet", "Kirsebærvej 2, 4 og 6"),
        ("naboerne på Lærkevej 2 og 4. Det fandt vi ud af.", "Lærkevej 2 og 4"),
        # A postcode alone, a town alone after the number.
        ("Gunnar Fisker, Ryvej 4, 3650.", "Ryvej 4, 3650"),
        ("sommerhus på Klitvej 9, Liseleje. Borger oplyser", "Klitvej 9, Liseleje"),
        ("min gamle adresse, Bøgevej 22, Kgs. Lyngby.", "Bøgevej 22, Kgs. Lyngby"),
        ("Han bor på Nørregade 4, Odense C.", "Nørregade 4, Odense C"),
        ("Mødet var på Rådhuspladsen 1, Lyngby, i går.", "Rådhuspladsen 1, Lyngby"),
    ],
)
def test_address_form_found(text: str, expected: str) -> None:
    assert expected in _addresses(text)
    assert expected not in anonymise(text).text


@pytest.mark.parametrize(
    "text,kept",
    [
        ("Vi mødtes ved kirken 2 gange.", "ved kirken 2 gange"),
        ("Ved Kirken 2 gange om ugen står der folk.", "Ved Kirken 2 gange"),
        ("Torvet var fyldt med mennesker.", "Torvet var fyldt"),
        ("Der gik i 2 år uden svar.", "i 2 år"),
        ("Det tog uge 4-8 at få svar.", "uge 4-8"),
        ("Vi var på Torvet 2 timer.", "Torvet 2 timer"),
        ("Havnen 3 gange om året er for lidt.", "Havnen 3 gange"),
        ("Over Jul 3 dage var der lukket.", "Over Jul 3 dage"),
        ("Hun sagde: Under Punkt 3 står der noget.", "Under Punkt 3"),
        ("Havnen 12 er et godt sted.", "Havnen 12"),
        ("Klasse 4, 5 og 6 skal med.", "Klasse 4, 5 og 6"),
        ("I Lyngby 2 og 3 gange om ugen.", "Lyngby 2 og 3 gange"),
        ("I have worked in Denmark 8 year for the firm.", "Denmark 8 year"),
    ],
)
def test_near_miss_kept(text: str, kept: str) -> None:
    assert _addresses(text) == []
    assert kept in anonymise(text).text


@pytest.mark.parametrize(
    "text,expected,kept",
    [
        # The address stops where the extra part is no part of it.
        ("Jeg bor på Kongevej 4, Peter ringede i går.", "Kongevej 4", "Peter ringede"),
        ("Vi flyttede til Kongevej 12, 2019.", "Kongevej 12", "2019"),
        ("Jeg bor på Kongevej 4, 2100 kr. betaler jeg.", "Kongevej 4", "2100 kr"),
        ("Vi boede på Kongevej 4-5 gange om året.", "Kongevej 4", "5 gange"),
        ("Vi har Rødovrevej 2, 3 og 4 år", "Rødovrevej 2", "3 og 4 år"),
        ("Vi ses på Ved Kirken 2. juni.", None, "Kirken"),
    ],
)
def test_address_stops_before_non_address(text: str, expected: str | None, kept: str) -> None:
    hits = address.find(text)
    assert sorted({text[s:e] for s, e, _ in hits}) == ([] if expected is None else [expected])
    tail = text[max((e for _, e, _ in hits), default=0) :]
    assert kept in tail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare floor before the postcode; a town with its region's abbreviation
        ("Ny adresse: Møllevej 12, 2., 4000 Roskilde.", "Møllevej 12, 2., 4000 Roskilde"),
        ("Vi bor nu på Skovbrynet 4, 4130 Viby Sj. fra i dag.", "Skovbrynet 4, 4130 Viby Sj."),
        ("Send det til Havnegade 3, 4800 Nykøbing F.", "Havnegade 3, 4800 Nykøbing F."),
        # an adjective starting the street name
        ("Vejen op til Store Bakkevej 8 er fuld af huller.", "Store Bakkevej 8"),
    ],
)
def test_floor_region_and_adjective(text: str, expected: str) -> None:
    assert expected in _addresses(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lygten ved Skrænten 14 har været slukket i et år.", "Skrænten 14"),
        ("Der ligger affald ved Kirkeengen 7 igen.", "Kirkeengen 7"),
    ],
)
def test_address_after_ved(text: str, expected: str) -> None:
    assert expected in _addresses(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vi mødtes ved Stranden 3 gange i sommer.",
        "Han stod ved Kirken 2. marts om morgenen.",
        "Vi ventede ved Lægen 2 timer.",
    ],
)
def test_ved_near_misses_kept(text: str) -> None:
    assert _addresses(text) == []

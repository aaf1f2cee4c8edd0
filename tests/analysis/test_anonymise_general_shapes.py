"""General PII shapes behind the pii_dev2 misses (own examples, not the dev set's sentences)."""

from __future__ import annotations

import re

import pytest

from analysis.anonymise import anonymise


def _gone(text: str, secret: str) -> bool:
    out = anonymise(text).text
    tokens = re.findall(r"[^\W_]+", secret)
    return not any(re.search(rf"(?<![^\W_]){re.escape(t)}(?![^\W_])", out) for t in tokens)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # CPR: masked serial, split date parts, spaced dash
        ("Min far (cpr 110248-xxxx) venter stadig.", "110248-xxxx"),
        ("Hans personnummer er 1102 48 3317 hvis I skal bruge det.", "1102 48 3317"),
        ("cpr.nr. 110248 - 3317 står på brevet", "110248 - 3317"),
        # phone with an extension
        ("Ring 43 21 87 65 lokal 118 om formiddagen.", "43 21 87 65 lokal 118"),
        # case numbers: KLE with spaces, letters + spaced slash, year/letters/serial
        ("Vores sag har nr. 27.12.04 K07 1121 25 hos jer.", "27.12.04 K07 1121 25"),
        ("Se sagsnr. SOC 23 / 7781 fra i fjor.", "SOC 23 / 7781"),
        ("Klagen fik nummeret 2024/AB/00912 i systemet.", "2024/AB/00912"),
        # dates: no space after "d.", "d" without dot, an ordinal word, a closing dot
        ("Jeg søgte d.4.9 og hørte intet.", "d.4.9"),
        ("Hun flyttede d 12 august til sin datter.", "d 12 august"),
        ("Mødet var den tredje juni om eftermiddagen.", "den tredje juni"),
        ("Brevet er dateret 14.11.", "14.11."),
    ],
)
def test_number_shapes_removed(text: str, secret: str) -> None:
    assert _gone(text, secret), anonymise(text).text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Det var svært at få Farida med til mødet.", "Farida"),
        ("Skolen var god ved Kwame og hans bror.", "Kwame"),
        ("Vi spurgte om Aziz kunne få transport.", "Aziz"),
        ("Tak for hjælpen. Fra Ngozi", "Ngozi"),
        ("Genboen, ham Busk, klagede over hækken.", "Busk"),
        ("Pædagogen Mette Ravn og 'Store-Per' kom på besøg.", "Store-Per"),
        ("Rådgiveren Lone Hjort var god.", "Lone Hjort"),
    ],
)
def test_name_evidence(text: str, secret: str) -> None:
    assert _gone(text, secret), anonymise(text).text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Hun synger i Ansgars Kirke om søndagen.", "Ansgars Kirke"),
        ("Han fik plads på Plejebolig Egeparken i maj.", "Plejebolig Egeparken"),
        ("Vi handler på Apoteket ved Søen.", "Apoteket ved Søen"),
        ("Hun går til møder i Cykelklubben Pedalen hver uge.", "Cykelklubben Pedalen"),
        ("Maden fra Det Blå Køkken er kold.", "Det Blå Køkken"),
        ("Han er indlagt på Skt. Lukas igen.", "Skt. Lukas"),
        ("min nabo fra ejerforeningen Kastanjen klagede", "ejerforeningen Kastanjen"),
        ("Jeg har boet på Lindedraget 12 i mange år.", "Lindedraget 12"),
    ],
)
def test_institution_and_address_shapes(text: str, secret: str) -> None:
    assert _gone(text, secret), anonymise(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Vi har skrevet til Teknik og Miljø flere gange.",
        "Mvh. Bestyrelsen",
        "Hun har fået en IT-rygsæk af skolen.",
        "Sagen ligger hos Center for Familier nu.",
        "Vi kom fra Eritrea for fem år siden.",
        "Det var den fjerde jul uden ham.",
        "Se § 3.12. i loven.",
    ],
)
def test_ordinary_words_kept(text: str) -> None:
    out = anonymise(text).text
    assert "[NAVN" not in out and "[DATO]" not in out and "[INSTITUTION]" not in out, out


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Jeg klagede over afgørelsen (sag 2023-44120) i marts.", "sag 2023-44120"),
        ("Hvad sker der med sag 2022-00871?", "sag 2022-00871"),
        ("Min klagesag har nummer 23-77104 og ligger stille.", "23-77104"),
        ("Sagen har nr. 24/31877 hos jer.", "24/31877"),
    ],
)
def test_case_number_after_sag(text: str, secret: str) -> None:
    assert _gone(text, secret), anonymise(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Min sag har nummer 3 i køen, siger de.",
        "Sagen har kørt siden 2019-2020.",
    ],
)
def test_sag_without_case_number_kept(text: str) -> None:
    assert "[SAGSNR]" not in anonymise(text).text

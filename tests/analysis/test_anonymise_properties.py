"""Property tests: the anonymiser never raises, is deterministic, returns sane spans and never
lets a valid CPR number through."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.anonymise import KINDS, anonymise
from analysis.pii.numbers import is_valid_cpr_digits

# A valid CPR anywhere in a text, with any of the separators the issue names (or none).
_CPR_IN_OUTPUT = re.compile(
    r"(?<![0-9])([0-3][0-9])([01][0-9])([0-9]{2})[-\u2013 \u00a0]?([0-9])[0-9]{3}(?![0-9])"
)

# Every Unicode general category, surrogates (Cs) and NUL included.
ALL_CATEGORIES = [
    "Lu",
    "Ll",
    "Lt",
    "Lm",
    "Lo",
    "Mn",
    "Mc",
    "Me",
    "Nd",
    "Nl",
    "No",
    "Pc",
    "Pd",
    "Ps",
    "Pe",
    "Pi",
    "Pf",
    "Po",
    "Sm",
    "Sc",
    "Sk",
    "So",
    "Zs",
    "Zl",
    "Zp",
    "Cc",
    "Cf",
    "Cs",
    "Co",
    "Cn",
]
any_text = st.text(alphabet=st.characters(categories=ALL_CATEGORIES), max_size=300)
danishish = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789 .,-/:@+()\n")
    ),
    max_size=200,
)


def _valid_cprs() -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: st.DrawFn) -> str:
        seventh = draw(st.integers(0, 9))
        yy = draw(st.integers(0, 99))
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, 28))
        rest = draw(st.integers(0, 999))
        sep = draw(st.sampled_from(["", "-", " ", "\u2013", "\u00a0"]))
        digits = f"{day:02d}{month:02d}{yy:02d}"
        return f"{digits}{sep}{seventh}{rest:03d}"

    return build()


def _valid_cpr_remains(text: str) -> bool:
    for m in _CPR_IN_OUTPUT.finditer(text):
        if is_valid_cpr_digits(m.group(1), m.group(2), m.group(3), m.group(4)):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_never_raises_and_spans_are_sane(text: str) -> None:
    result = anonymise(text)
    assert isinstance(result.text, str)
    previous_end = 0
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end  # sorted and non-overlapping
        assert span.kind in KINDS
        previous_end = span.end


@settings(max_examples=200, deadline=None)
@given(any_text, st.lists(st.text(max_size=20), max_size=4))
def test_deterministic_with_known_names(text: str, known: list[str]) -> None:
    assert anonymise(text, known) == anonymise(text, known)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_text_outside_spans_is_unchanged(text: str) -> None:
    result = anonymise(text)
    rebuilt = []
    pos = 0
    for span in result.spans:
        rebuilt.append(text[pos : span.start])
        pos = span.end
    rebuilt.append(text[pos:])
    pieces = re.split(
        r"\[(?:NAVN \d+|CPR|TELEFON|EMAIL|ADRESSE|SAGSNR|INSTITUTION|DATO)\]", result.text
    )
    # The redacted text is the original with each span replaced by one placeholder.
    if len(pieces) == len(rebuilt):
        assert pieces == rebuilt


_PUNCT = st.sampled_from(
    ["", " ", ".", ",", "(", ")", ":", ";", "!", "?", '"', "'", "\n", "-", "/"]
)
_WORDS = st.text(alphabet=st.characters(categories=["L", "Zs", "P", "So"]), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_WORDS, _PUNCT, _valid_cprs(), _PUNCT, _WORDS)
def test_no_valid_cpr_survives(before: str, p1: str, cpr: str, p2: str, after: str) -> None:
    text = f"{before}{p1}{cpr}{p2}{after}"
    result = anonymise(text)
    assert not _valid_cpr_remains(result.text), (text, result.text)
    assert cpr not in result.text


@settings(max_examples=300, deadline=None)
@given(danishish)
def test_danish_like_text_never_raises(text: str) -> None:
    result = anonymise(text, ["Mette Hansen"])
    assert all(0 <= s.start < s.end <= len(text) for s in result.spans)
    assert not _valid_cpr_remains(result.text)


@settings(max_examples=300, deadline=None)
@given(any_text, _valid_cprs(), any_text)
def test_no_valid_cpr_survives_in_arbitrary_text(before: str, cpr: str, after: str) -> None:
    text = f"{before} {cpr} {after}"
    assert not _valid_cpr_remains(anonymise(text).text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, _valid_cprs()), min_size=1, max_size=5), _WORDS)
def test_no_valid_cpr_survives_many(chunks: list[tuple[str, str]], tail: str) -> None:
    text = " ".join(f"{words} {cpr}" for words, cpr in chunks) + " " + tail
    result = anonymise(text)
    assert not _valid_cpr_remains(result.text), (text, result.text)

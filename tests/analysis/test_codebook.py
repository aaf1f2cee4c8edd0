"""The codebook's one-pass rule matcher (RE2 on an ASCII view) finds what ``re`` finds."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.codebook import RegexSet, ascii_view, load_codebook


def test_ascii_view_keeps_length_and_word_characters() -> None:
    text = "børn på æblegården, café – ağa 3٣ _x!"
    view = ascii_view(text)
    assert len(view) == len(text) and view.isascii()
    for ch, b in zip(text, view.decode(), strict=True):
        assert (re.match(r"\w", ch) is not None) == (re.match(r"\w", b) is not None), ch
        assert (re.match(r"\d", ch) is not None) == (re.match(r"\d", b) is not None), ch
    assert ascii_view("helt almindelig tekst") == b"helt almindelig tekst"


TRICKY = (
    r"\bbørn\w*",
    r"\bpå\b",
    r"\bcafé\b",
    r"\b(?:ventede|venter) (?:\w+ ){0,3}svar",
    r"\boptaget\b(?! (?:af|på)\b)",  # look-ahead: searched with re
    r"\bsvar{,2}\b",  # "{,n}" means something else to RE2
    r"\bNetto\b",  # upper case never matches normalised text
    r"[à-ÿ]gården",  # a range of non-ASCII letters
    r"(\w)\1",  # back reference
    r"\d+ uger",
    r"æ[^a-zæøå]",
)


def test_regex_set_agrees_with_re_on_tricky_patterns() -> None:
    rules = RegexSet(TRICKY)
    for text in (
        "børnene på café",
        "vi ventede i lang tid på svar",
        "linjen var optaget af møder hele tiden",
        "linjen var optaget hele tiden",
        "svarr",
        "netto",
        "3 uger, 3٣ uger",
        "æ! øæ",
        "",
    ):
        want = [i for i, p in enumerate(TRICKY) if re.search(p, text)]
        assert rules.search(text) == want, text


def test_nearly_every_standard_rule_is_matched_by_re2() -> None:
    cb = load_codebook()
    patterns = tuple(r.pattern for t in cb.themes for r in t.rules if r.kind == "regex")
    rules = RegexSet(patterns)
    assert len(rules._fallback) <= 5


_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøåéüö0123456789٣ _-.,!?'\"/:()ağç"
_WORDS = (
    "ikke fik svar sendt rundt ventede uger måneder på hende ham tid lang forstå brevet "
    "ringede aldrig tilbage blev hørt inddraget afgørelse klage ankestyrelsen tillid "
    "optaget sagsbehandler skiftede rådgiver hurtigt møde børn datter søn"
).split()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_WORDS), st.text(_ALPHABET, min_size=1, max_size=6)),
        max_size=30,
    )
)
def test_standard_rules_agree_with_re_on_random_text(words: list[str]) -> None:
    text = " ".join(words)
    cb = load_codebook()
    got = cb.rule_hits(text, "")
    want = {
        t.key: [i for i, r in enumerate(t.rules) if r.kind == "regex" and r.compiled.search(text)]
        for t in cb.themes
    }
    assert got == {k: v for k, v in want.items() if v}

"""Danish text preparation for theme coding: normalisation, tokens, stems, negation, irony.

Everything is pure Python (``re`` + a port of the Snowball Danish stemmer) so that
``analyse-jsonl`` starts quickly: importing NLTK pulls in SciPy and costs about a second and
140 MB, so the stemmer here is a line-by-line port of ``nltk.stem.snowball.DanishStemmer``;
``tests/analysis/test_text.py`` checks that both give identical stems.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = [
    "NEGATORS",
    "STOPWORDS",
    "features",
    "fix_spellings",
    "irony_cues",
    "mark_negation",
    "normalise",
    "prepare",
    "stem",
    "stems",
    "tokenise",
]

NEG_PREFIX = "NEG_"
NEGATORS = frozenset({"ikke", "aldrig", "ingen", "intet", "hverken", "uden", "ingenting", "ik"})
# Negation scope: this many word tokens after a negator, stopped early by punctuation or "men".
NEG_WINDOW = 4
SCOPE_BREAKERS = frozenset({"men", "dog", "selvom", "fordi", "da", "når", "hvis", "så"})


def _load_stopwords() -> frozenset[str]:
    raw = resources.files("analysis").joinpath("data/stopwords_da.txt").read_text("utf-8")
    words = {ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")}
    return frozenset(words - NEGATORS)


STOPWORDS = _load_stopwords()

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)
_REPEAT = re.compile(r"([a-zæøå])\1{2,}")
_ANY_TRIPLE = re.compile(r"(.)\1\1")  # cheap pre-check for _REPEAT
_SPACE = re.compile(r"\s+")
# Cheap typo tolerance: ASCII spellings of æ/ø/å used on foreign keyboards.
_ASCII_DA = (
    (re.compile(r"\bsagsbehandlings?tid"), "sagsbehandlingstid"),
    (re.compile(r"\bforstaa"), "forstå"),
    (re.compile(r"\bfaa\b"), "få"),
    (re.compile(r"\bpaa\b"), "på"),
    (re.compile(r"\baar\b"), "år"),
    (re.compile(r"\bmaaned"), "måned"),
    (re.compile(r"\bsoeg"), "søg"),
    (re.compile(r"\bhoert"), "hørt"),
)


_SPECIAL = "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2013\u2014\u2026\u00a0"
_ASCII_ANY = re.compile("|".join(rx.pattern for rx, _ in _ASCII_DA))
# Every _ASCII_DA pattern contains one of these; substring tests are cheaper than its search.
_ASCII_HINTS = ("sagsbehandling", "forstaa", "faa", "paa", "aar", "maaned", "soeg", "hoert")
# ``str.lower`` maps each non-ASCII character separately; every Latin-1 character lower-cases
# to one Latin-1 character, so for Latin-1 text (nearly every Danish answer) a byte table gives
# the same result several times faster.
_LATIN1_LOWER = bytes(range(256)).decode("latin-1").lower().encode("latin-1")


def _lower(t: str) -> str:
    try:
        return t.encode("latin-1").translate(_LATIN1_LOWER).decode("latin-1")
    except UnicodeEncodeError:
        return t.lower()


def prepare(text: str) -> str:
    """The first steps of ``normalise``: NFC, unified quotes and dashes, lower case, runs like
    'veeent' shortened; whitespace is left as it is.

    Each step works within whitespace-separated chunks and never makes or removes whitespace
    (NFC composes and reorders only after a starter, and whitespace is a starter that composes
    with nothing; the final-sigma rule of ``lower`` stops at whitespace; runs are of letters),
    so ``prepare(text).split()`` holds the prepared chunks of ``text.split()``, one for one.
    """
    if text.isascii():  # nothing to compose, no special quotes
        t = text.lower()
    else:
        t = unicodedata.normalize("NFC", text)
        if any(map(t.__contains__, _SPECIAL)):  # in C; a character class search is slower
            t = t.translate(_QUOTES)
        t = _lower(t)
    if _ANY_TRIPLE.search(t) is not None:
        t = _REPEAT.sub(r"\1\1", t)
    return t


def fix_spellings(prepared: str) -> str:
    """The last step of ``normalise``: ASCII spellings of æ/ø/å ("paa", "forstaa") fixed. It
    looks at the whole text: nothing is fixed unless "aa" or "oe" occurs somewhere in it."""
    t = prepared
    if (
        ("aa" in t or "oe" in t)
        and any(map(t.__contains__, _ASCII_HINTS))
        and _ASCII_ANY.search(t) is not None
    ):
        for rx, rep in _ASCII_DA:
            t = rx.sub(rep, t)
    return t


def normalise(text: str) -> str:
    """Lower-case NFC text with unified quotes/dashes, æøå kept, runs like 'veeent' shortened."""
    t = prepare(text)
    # Single-spaced printable text (the usual case) needs no re-spacing: every whitespace
    # character but the space is unprintable.
    if not (t.isprintable() and "  " not in t and t[:1] != " " and t[-1:] != " "):
        t = " ".join(t.split())
    return fix_spellings(t)


TOKEN_RE = re.compile(r"[a-zæøåéüöä]+(?:-[a-zæøåéüöä]+)*|\d+(?:[.,]\d+)?|[.!?;:,]|\.\.\.")


def tokenise(normalised: str) -> list[str]:
    """Word tokens (hyphenated words kept whole), numbers as 'NUM', clause punctuation kept."""
    out: list[str] = []
    for tok in TOKEN_RE.findall(normalised):
        c = tok[0]
        out.append("NUM" if c.isdigit() else tok)
    return out


# --- Snowball Danish stemmer (port of nltk.stem.snowball.DanishStemmer) -----------------
_VOWELS = "aeiouyæåø"
_DOUBLE = tuple(c + c for c in "bcdfghjklmnpqrstvwxz")
_S_ENDING = "abcdfghjklmnoprtvyzå"
_STEP1 = (
    "erendes",
    "erende",
    "hedens",
    "ethed",
    "erede",
    "heden",
    "heder",
    "endes",
    "ernes",
    "erens",
    "erets",
    "ered",
    "ende",
    "erne",
    "eren",
    "erer",
    "heds",
    "enes",
    "eres",
    "eret",
    "hed",
    "ene",
    "ere",
    "ens",
    "ers",
    "ets",
    "en",
    "er",
    "es",
    "et",
    "e",
    "s",
)
_STEP2 = ("gd", "dt", "gt", "kt")
_STEP3 = ("elig", "løst", "lig", "els", "ig")


_STEP1_SET = frozenset(_STEP1)
_STEP1_MAX = max(map(len, _STEP1))
_R1 = re.compile(f"[{_VOWELS}][^{_VOWELS}]")  # R1: after the first non-vowel that follows a vowel


def _r1(word: str) -> str:
    m = _R1.search(word)
    return word[max(m.end(), 3) :] if m is not None else ""


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball Danish stem of a lower-case word (identical to NLTK's, cached)."""
    word = word.lower()
    r1 = _r1(word)
    # Snowball takes the longest matching suffix (_STEP1 is sorted longest first); str.endswith
    # with a tuple tests all of them in C, and the set finds which one.
    if r1.endswith(_STEP1):
        for n in range(min(len(r1), _STEP1_MAX), 0, -1):
            suf = r1[-n:]
            if suf in _STEP1_SET:
                if suf != "s":
                    word, r1 = word[:-n], r1[:-n]
                elif len(word) > 1 and word[-2] in _S_ENDING:
                    word, r1 = word[:-1], r1[:-1]
                break
    if r1.endswith(_STEP2):
        word, r1 = word[:-1], r1[:-1]
    if r1.endswith("igst"):
        word, r1 = word[:-2], r1[:-2]
    if r1.endswith(_STEP3):
        for suf in _STEP3:
            if r1.endswith(suf):
                if suf == "løst":
                    word, r1 = word[:-1], r1[:-1]
                else:
                    word, r1 = word[: -len(suf)], r1[: -len(suf)]
                    if r1.endswith(_STEP2):
                        word, r1 = word[:-1], r1[:-1]
                break
    if len(word) > 3 and word.endswith(_DOUBLE):
        word = word[:-1]
    return word


def mark_negation(tokens: list[str]) -> list[str]:
    """Prefix NEG_ to word tokens in the scope of a negator (window, punctuation, 'men')."""
    out: list[str] = []
    left = 0
    for tok in tokens:
        if tok in NEGATORS:
            out.append(tok)
            left = NEG_WINDOW
            continue
        if not tok[0].isalpha() or tok in SCOPE_BREAKERS:
            left = 0
            out.append(tok)
            continue
        if left > 0:
            out.append(NEG_PREFIX + tok)
            left -= 1
        else:
            out.append(tok)
    return out


def stems(normalised: str) -> list[str]:
    """Content stems in order, negation-marked, stopwords and punctuation dropped."""
    result: list[str] = []
    for tok in mark_negation(tokenise(normalised)):
        neg = tok.startswith(NEG_PREFIX)
        word = tok[4:] if neg else tok
        if not word[0].isalpha() and word != "NUM":
            continue
        if word in STOPWORDS:
            continue
        s = "NUM" if word == "NUM" else stem(word)
        result.append(NEG_PREFIX + s if neg else s)
    return result


def features(normalised: str) -> list[str]:
    """Stem unigrams and adjacent bigrams (negation-marked) for the linear model."""
    st = stems(normalised)
    feats = list(st)
    feats.extend(a + " " + b for a, b in zip(st, st[1:], strict=False))
    return feats


# --- irony -----------------------------------------------------------------------------
# Praise, optionally intensified ("super hurtigt"). Only whether a pattern occurs counts, and
# an optional prefix cannot change that, so the patterns start at the praise word itself: a
# pattern that starts with literal words lets ``re`` skip ahead to their first letters.
_PRAISE = (
    r"(?:hurtig\w*|effektiv\w*|godt?|flot|fantastisk\w*|smart|fremragende|imponerende"
    r"|dejligt?)"
)
_DURATION = (
    r"\d+[.,]?\d*\s*(?:dage|dag|uger|uge|måneder|måned|mdr|år|timer)|et halvt år|et år"
    r"|(?:to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv)\s+(?:uger|måneder|år)"
)
_IRONY_PATTERNS = (
    _PRAISE + r"[^.!?]{0,40}?\b(?:kun|bare|blot|sølle|lige)\s+(?:" + _DURATION + r")",
    r"\btak for (?:ingenting|intet|nada|for ingenting)\b",
    r"['\"](?:hurtig\w*|god\w*|hjælp\w*|service|effektiv\w*|hjælpsom\w*|venlig\w*)['\"]",
    _PRAISE + r"\s*(?:\.\.\.|\.\.|!{2,}|\?!)\s*[^.!?]{0,60}?(?:" + _DURATION + r")",
    r"\b(?:ja tak|tusind tak|mange tak) for (?:at vente|ventetiden|intet|ingenting)\b",
    r"\bgodt gået\b[^.!?]{0,20}(?:\.\.\.|!)",
    r"\bimponerende\b[^.!?]{0,40}(?:" + _DURATION + r")",
)


@lru_cache(maxsize=1)
def _irony() -> tuple[re.Pattern[str], ...]:
    """The irony patterns, compiled on first use: compiling them takes longer than the rest
    of this module's import."""
    return tuple(map(re.compile, _IRONY_PATTERNS))


# Guards: for the irony pattern at the same index, every group must have one of its substrings
# in the text, so the (slow, unanchored) patterns run only on the few answers that may match.
PRAISE_WORDS = (
    "hurtig",
    "effektiv",
    "god",
    "flot",
    "fantastisk",
    "smart",
    "fremragende",
    "imponerende",
    "dejlig",
)
_UNIT_PARTS = ("dag", "uge", "måned", "mdr", "år", "time")
_IRONY_GUARDS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("kun", "bare", "blot", "sølle", "lige"), PRAISE_WORDS, _UNIT_PARTS),
    (("tak for",),),
    (("'", '"'),),
    (("..", "!!", "?!"), PRAISE_WORDS, _UNIT_PARTS),
    (("tak for",),),
    (("godt gået",),),
    (("imponerende",), _UNIT_PARTS),
)


# The distinct guard groups, and for each pattern the indices of its groups: several patterns
# share groups, and each group is looked up at most once per text.
_GUARD_GROUPS = tuple(dict.fromkeys(g for guards in _IRONY_GUARDS for g in guards))
_GUARD_IDS = tuple(tuple(map(_GUARD_GROUPS.index, guards)) for guards in _IRONY_GUARDS)


def irony_cues(normalised: str) -> int:
    """Count irony cues: praise + a long duration, "tak for ingenting", scare quotes."""
    n = 0
    has = normalised.__contains__  # with map/any the substring tests run in C
    present: list[bool | None] = [None] * len(_GUARD_GROUPS)
    for rx, ids in zip(_irony(), _GUARD_IDS, strict=True):
        for i in ids:
            found = present[i]
            if found is None:
                found = present[i] = any(map(has, _GUARD_GROUPS[i]))
            if not found:
                break
        else:
            if rx.search(normalised):
                n += 1
    return n

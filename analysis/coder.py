"""Theme and sentiment coding of one anonymised answer.

A linear model over stem unigrams/bigrams (with negation marking), word prefix/suffix features
(robust to typos and Danish compounds), codebook phrase-rule features, a small Danish sentiment
lexicon (overall and per clause, with negation), contrast, duration and irony cues. The weights
are trained by :mod:`analysis.train` (scikit-learn) and shipped as JSON; inference here is
numpy only so that ``analyse-jsonl`` starts quickly.

Speed: the text is normalised and tokenised once; the facts about each distinct token (stem,
stopword, negator, lexicon polarity, ...) are cached; the phrase rules are matched in one RE2
pass (see :mod:`analysis.codebook`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache, reduce
from importlib import resources
from itertools import chain, pairwise, repeat
from operator import itemgetter, or_
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .codebook import Codebook, load_codebook
from .text import (
    NEG_PREFIX,
    NEG_WINDOW,
    NEGATORS,
    PRAISE_WORDS,
    SCOPE_BREAKERS,
    STOPWORDS,
    TOKEN_RE,
    fix_spellings,
    irony_cues,
    prepare,
    stem,
)

__all__ = [
    "DEFAULT",
    "SENTIMENTS",
    "CoderModel",
    "Coding",
    "code",
    "extract_features",
    "load_model",
]

SENTIMENTS: tuple[str, ...] = ("blandet", "negativ", "neutral", "positiv")
MODEL_PATH = "models/coder-v1.json"


@dataclass(frozen=True)
class Coding:
    themes: tuple[str, ...]
    sentiment: str


@dataclass(frozen=True)
class CoderModel:
    """Weights of the linear coder. ``weights`` has one row per vocabulary entry and one column
    per theme followed by one per sentiment class; ``bias`` likewise."""

    version: str
    vocabulary: Mapping[str, int]
    themes: tuple[str, ...]
    sentiments: tuple[str, ...]
    weights: npt.NDArray[np.float64]
    bias: npt.NDArray[np.float64]
    thresholds: Mapping[str, float]

    @cached_property
    def padded_weights(self) -> npt.NDArray[np.float64]:
        """``weights`` plus one all-zero row, so unknown features need no filtering."""
        return np.vstack([self.weights, np.zeros((1, self.weights.shape[1]))])

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "version": self.version,
            "themes": list(self.themes),
            "sentiments": list(self.sentiments),
            "thresholds": {k: round(float(v), 4) for k, v in self.thresholds.items()},
            "bias": [round(float(b), 6) for b in self.bias],
            "features": {
                n: [round(float(w), 6) for w in self.weights[self.vocabulary[n]]] for n in names
            },
        }


def load_model(source: str | Path | Mapping[str, Any]) -> CoderModel:
    """A model from a JSON file path, a JSON string or an already parsed mapping."""
    if isinstance(source, Mapping):
        raw: Mapping[str, Any] = source
    elif isinstance(source, Path) or not str(source).lstrip().startswith("{"):
        raw = json.loads(Path(source).read_text("utf-8"))
    else:
        raw = json.loads(str(source))
    themes = tuple(str(t) for t in raw["themes"])
    sentiments = tuple(str(s) for s in raw["sentiments"])
    feats: Mapping[str, list[float]] = raw["features"]
    width = len(themes) + len(sentiments)
    vocab = {name: i for i, name in enumerate(feats)}
    weights = np.zeros((len(vocab), width), dtype=np.float64)
    for name, row in feats.items():
        if len(row) != width:
            raise ValueError(f"forkert antal vægte for {name!r}")
        weights[vocab[name]] = row
    bias = np.asarray(raw["bias"], dtype=np.float64)
    if bias.shape != (width,):
        raise ValueError("forkert antal bias-værdier")
    thresholds = {str(k): float(v) for k, v in raw.get("thresholds", {}).items()}
    return CoderModel(str(raw["version"]), vocab, themes, sentiments, weights, bias, thresholds)


@lru_cache(maxsize=1)
def _default() -> CoderModel:
    text = resources.files("analysis").joinpath(MODEL_PATH).read_text("utf-8")
    return load_model(json.loads(text))


class _LazyDefault:
    """``DEFAULT``: the shipped model, read from JSON on first use only."""

    def get(self) -> CoderModel:
        return _default()


DEFAULT = _LazyDefault()


# --- features ---------------------------------------------------------------------------
def _load_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    raw = json.loads(
        resources.files("analysis").joinpath("data/sentiment_da.json").read_text("utf-8")
    )
    return (
        frozenset(stem(w) for w in raw["positive"]),
        frozenset(stem(w) for w in raw["negative"]),
    )


_POS, _NEG = _load_lexicon()
_CLAUSE_END = frozenset({".", "!", "?", ";", "men", "dog"})
_CONTRAST_WORDS = frozenset({"men", "dog", "selvom", "alligevel", "derimod", "gengæld", "bortset"})
# "fem uger", "3 måneder", "et halvt år": a duration (number word or number, then a unit).
_UNITS = frozenset(
    "dag dage dages døgn uge uger ugers måned måneder måneders mdr år års time timer"
    " minutter".split()
)
_NUMBER_WORDS = frozenset(
    "en et to tre fire fem seks syv otte ni ti elleve tolv fjorten tyve halvt halvandet"
    " flere mange nogle par NUM".split()
)
# Irony needs praise + a duration, or "tak for ...", "godt gået", or scare quotes.
_IRONY_HINTS = PRAISE_WORDS
_IRONY_WORDS = frozenset({"tak", "gået"})
_EMPTY = re.compile(
    r"^(?:ingen (?:kommentarer?|bemærkninger)|nej(?: tak)?|ved ikke|intet|-+|ok|ikke noget"
    r"|jeg har ikke (?:mere|noget|yderligere)[^.]*)[.! ]*$"
)

# Per distinct token, what the feature pass needs. Each token is reduced to one code letter so
# that negation scopes, lexicon hits and clauses are found with ``re`` and ``str`` methods on a
# short string (one letter per token) instead of a Python loop over the tokens:
#   "." clause punctuation, "," other punctuation, "N" negator ("M" one that also ends a
#   clause), other words _WORD_CODES[lex + 3 * ends_clause + 6 * breaks_scope] where lex is
#   0 none, 1 positive, 2 negative.
_WORD_CODES = "abcdefghijkl"
_F_STOP, _F_NEGATOR, _F_BREAKER, _F_CLAUSE, _F_CONTRAST, _F_UNIT, _F_NUMWORD, _F_IRONY = (
    1,
    2,
    4,
    8,
    16,
    32,
    64,
    128,
)
_F_IRONY_WORD = 256


class _Tok(NamedTuple):
    code: str
    stem: str  # content stem: "" for stopwords and punctuation (a negator keeps its stem)
    neg_stem: str  # the content stem inside a negation scope
    subwords: tuple[str, ...]
    flags: int


# ``map`` with these runs in C; attribute access on the named tuple would not.
_CODE, _STEM, _NEG_STEM, _SUBWORDS, _FLAGS = (itemgetter(i) for i in range(5))
# A negation scope: up to NEG_WINDOW words after a negator; a scope breaker, punctuation or
# the next negator ends it early.
_SCOPE = re.compile(rf"[NM]([a-f]{{1,{NEG_WINDOW}}})")
_FLIP = str.maketrans("bcef", "cbfe")  # polarity of lexicon words inside a scope
# Code letter -> "|" where a clause starts, then "+" / "-" for a lexicon hit. One-letter or
# deleted mappings keep ``str.translate`` on its fast ASCII path.
_LEX = str.maketrans(
    {"N": None, "M": "|", ".": "|", ",": None}
    | {
        c: ("|" if i // 3 % 2 else "") + ("", "+", "-")[i % 3] or None
        for i, c in enumerate(_WORD_CODES)
    }
)
_TOKENS: dict[str, _Tok] = {}
# Whitespace-separated chunk of a raw answer -> its normalised form (before the spelling fixes,
# see ``text.prepare``) and its tokens (no token spans a space). Answers share most chunks, so
# normalising and tokenising an answer is mostly one lookup per chunk.
_WORDS: dict[str, tuple[str, tuple[_Tok, ...]]] = {}
_CACHE_LIMIT = 200_000
_PUNCT_TOK = _Tok(",", "", "", (), 0)
_CLAUSE_TOK = _Tok(".", "", "", (), 0)
_NUMBER_TOK = _Tok(_WORD_CODES[0], "NUM", NEG_PREFIX + "NUM", (), _F_NUMWORD)
PREFIX_MIN, PREFIX_LEN, SUFFIX_LEN = 7, 5, 5


def _subword_features(tok: str) -> tuple[str, ...]:
    """Typo- and compound-robust features of a content word: its first and last letters."""
    if len(tok) < PREFIX_MIN:
        return ()
    return ("P:" + tok[:PREFIX_LEN], "S:" + tok[-SUFFIX_LEN:])


def _token_info(tok: str) -> _Tok:
    c = tok[0]
    if c.isdigit():
        return _NUMBER_TOK
    if not c.isalpha():
        return _CLAUSE_TOK if tok in _CLAUSE_END else _PUNCT_TOK
    s = stem(tok)
    flags = 0
    if tok in STOPWORDS:
        flags |= _F_STOP
    if tok in NEGATORS:
        flags |= _F_NEGATOR
    if tok in SCOPE_BREAKERS:
        flags |= _F_BREAKER
    if tok in _CLAUSE_END:
        flags |= _F_CLAUSE
    if tok in _CONTRAST_WORDS:
        flags |= _F_CONTRAST
    if tok in _UNITS:
        flags |= _F_UNIT
    if tok in _NUMBER_WORDS:
        flags |= _F_NUMWORD
    if tok.startswith(_IRONY_HINTS):
        flags |= _F_IRONY
    if tok in _IRONY_WORDS:
        flags |= _F_IRONY_WORD
    clause = 1 if flags & _F_CLAUSE else 0
    if flags & _F_NEGATOR:
        # A negator is content even if listed as a stopword, has no subwords, and its own
        # lexicon polarity is not counted.
        return _Tok("M" if clause else "N", s, s, (), flags)
    lex = 1 if s in _POS else 2 if s in _NEG else 0
    code = _WORD_CODES[lex + 3 * clause + (6 if flags & _F_BREAKER else 0)]
    if flags & _F_STOP:
        return _Tok(code, "", "", (), flags)
    return _Tok(code, s, NEG_PREFIX + s, _subword_features(tok), flags)


_WORD_TEXT, _WORD_TOKENS = itemgetter(0), itemgetter(1)


def _normalise_tokens(text: str) -> tuple[str, list[_Tok]]:
    """``normalise(text)`` and its tokens."""
    chunks = text.split()
    try:
        entries = list(map(_WORDS.__getitem__, chunks))
    except KeyError:
        entries = _new_words(text, chunks)
    prepared = " ".join(map(_WORD_TEXT, entries))
    norm = fix_spellings(prepared)
    if norm == prepared:
        return norm, list(chain.from_iterable(map(_WORD_TOKENS, entries)))
    return norm, list(chain.from_iterable(map(_word_tokens, norm.split(" "))))


def _new_words(text: str, chunks: list[str]) -> list[tuple[str, tuple[_Tok, ...]]]:
    words = prepare(text).split()
    if len(words) != len(chunks):  # cannot happen (see text.prepare), but stay exact anyway
        return [(w, _word_tokens(w)) for w in words]
    if len(_WORDS) > _CACHE_LIMIT:
        _WORDS.clear()
    if len(_TOKENS) > _CACHE_LIMIT:
        _TOKENS.clear()
    entries = []
    for chunk, word in zip(chunks, words, strict=True):
        entry = _WORDS.get(chunk)
        if entry is None:
            entry = _WORDS[chunk] = (word, _word_tokens(word))
        entries.append(entry)
    return entries


def _word_tokens(word: str) -> tuple[_Tok, ...]:
    return tuple(map(_token, TOKEN_RE.findall(word)))


def _token(tok: str) -> _Tok:
    info = _TOKENS.get(tok)
    if info is None:
        info = _TOKENS[tok] = _token_info(tok)
    return info


def extract_features(text: str, codebook: Codebook | None = None) -> dict[str, float]:
    """Sparse features of one answer (names → values), shared by training and inference.

    Negation-marked stem unigrams and bigrams, lexicon polarity overall and per clause,
    contrast, durations (all from the cached facts of each distinct token, see ``_Tok``); then
    the codebook's phrase rules (all in one RE2 pass) and irony cues.
    """
    cb = codebook or load_codebook()
    norm, toks = _normalise_tokens(text)
    codes = "".join(map(_CODE, toks))
    stems = list(map(_STEM, toks))
    plain = list(filter(None, stems))  # content stems without negation marks (for stem rules)
    content = plain  # the same, negation-marked
    scopes = [m.span(1) for m in _SCOPE.finditer(codes)]
    if scopes:
        parts: list[str] = []
        done = 0
        for start, end in scopes:
            stems[start:end] = map(_NEG_STEM, toks[start:end])
            parts += (codes[done:start], codes[start:end].translate(_FLIP))
            done = end
        parts.append(codes[done:])
        codes = "".join(parts)
        content = list(filter(None, stems))
    lex = codes.translate(_LEX)
    pos = lex.count("+")
    neg = lex.count("-")
    clause_pos = clause_neg = False  # some clause has more positive / negative hits
    last_sign = 0
    if pos or neg:
        for clause in lex.split("|"):
            balance = 2 * clause.count("+") - len(clause)
            if balance:
                last_sign = 1 if balance > 0 else -1
                if balance > 0:
                    clause_pos = True
                else:
                    clause_neg = True
    n_words = len(codes) - codes.count(".") - codes.count(",")
    flags = reduce(or_, map(_FLAGS, toks), 0)
    durations = 0
    if flags & _F_UNIT:
        durations = sum(
            1 for a, b in pairwise(toks) if b.flags & _F_UNIT and a.flags & _F_NUMWORD
        )

    feats: dict[str, float] = dict.fromkeys(content, 1.0)
    for a, b in zip(content, content[1:], strict=False):
        feats[a + " " + b] = 1.0
    feats.update(dict.fromkeys(chain.from_iterable(filter(None, map(_SUBWORDS, toks))), 1.0))
    for key, idx in cb.rule_hits(norm, " ".join(plain)).items():
        feats["R:" + key] = math.log1p(len(idx))
        for i in idx:
            feats[f"R:{key}:{i}"] = 1.0
    feats["LEX+"] = math.log1p(pos)
    feats["LEX-"] = math.log1p(neg)
    if pos and neg:
        feats["LEX+-"] = 1.0
    if not pos and not neg:
        feats["LEX0"] = 1.0
    if flags & _F_CONTRAST or "selv om" in norm:
        feats["CONTRAST"] = 1.0
        if pos and neg:
            feats["CONTRAST+-"] = 1.0
    if clause_pos and clause_neg:
        feats["CLAUSES+-"] = 1.0
    if last_sign:
        feats["LAST+" if last_sign > 0 else "LAST-"] = 1.0
    if (durations and flags & _F_IRONY) or flags & _F_IRONY_WORD or "'" in norm or '"' in norm:
        irony = irony_cues(norm)
        if irony:
            feats["IRONY"] = float(irony)
    if durations:
        feats["DUR"] = math.log1p(durations)
    if "!" in norm:
        feats["EXCL"] = 1.0
    if "?" in norm:
        feats["QUEST"] = 1.0
    if n_words <= 6:
        feats["SHORT"] = 1.0
    if n_words <= 12 and _EMPTY.match(norm):
        feats["EMPTYISH"] = 1.0
    return feats


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -500 else 0.0


def _raw(feats: Mapping[str, float], model: CoderModel) -> npt.NDArray[np.float64]:
    zero = len(model.vocabulary)  # an all-zero row for features the model does not know
    n = len(feats)
    if not n:
        return model.bias.copy()
    # np.fromiter, unlike a list, skips numpy's per-element type discovery.
    rows = np.fromiter(map(model.vocabulary.get, feats, repeat(zero)), dtype=np.intp, count=n)
    values = np.fromiter(feats.values(), dtype=np.float64, count=n)
    return model.bias + values @ model.padded_weights.take(rows, axis=0)


def _probabilities(
    raw: npt.NDArray[np.float64], model: CoderModel
) -> tuple[dict[str, float], dict[str, float]]:
    nt = len(model.themes)
    values = raw.tolist()
    exp = math.exp
    # _sigmoid inlined: one call per theme is a measurable share of a whole answer.
    theme_p = {
        k: 1.0 / (1.0 + exp(-x)) if x > -500 else 0.0
        for k, x in zip(model.themes, values, strict=False)
    }
    logits = values[nt:]
    top = max(logits)
    exps = [exp(v - top) for v in logits]
    total = sum(exps)
    sent_p = {s: e / total for s, e in zip(model.sentiments, exps, strict=False)}
    return theme_p, sent_p


def scores(
    text: str, model: CoderModel, codebook: Codebook | None = None
) -> tuple[dict[str, float], dict[str, float]]:
    """Theme probabilities and sentiment probabilities for one answer."""
    return _probabilities(_raw(extract_features(text, codebook), model), model)


def code(text: str, model: CoderModel | None = None, codebook: Codebook | None = None) -> Coding:
    """Multi-label themes (sorted keys) and a sentiment for one (anonymised) answer.

    Themes in ``codebook`` that the model has no classifier for (custom themes with fewer than
    30 labelled examples) are coded by their phrase rules alone.
    """
    if not text or not text.strip():
        return Coding((), "neutral")
    m = model or DEFAULT.get()
    cb = codebook or load_codebook()
    feats = extract_features(text, cb)
    theme_p, sent_p = _probabilities(_raw(feats, m), m)
    thresholds = m.thresholds
    themes = [k for k, p in theme_p.items() if p >= thresholds.get(k, 0.5)]
    for t in cb.themes:
        if t.key not in theme_p and "R:" + t.key in feats:
            themes.append(t.key)
    sentiment = max(sent_p, key=lambda s: (sent_p[s], s))
    if sentiment in ("positiv", "neutral") and "IRONY" in feats:
        sentiment = "negativ"  # praise + "kun 9 måneder", "tak for ingenting": sarcasm
    return Coding(tuple(sorted(themes)), sentiment)

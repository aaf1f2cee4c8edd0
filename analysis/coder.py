"""Theme and sentiment coding of one anonymised answer.

A linear model over stem unigrams/bigrams (with negation marking), word prefix/suffix features
(robust to typos and Danish compounds), codebook phrase-rule features, a small Danish sentiment
lexicon (overall and per clause, with negation), contrast, duration and irony cues. The weights
are trained by :mod:`analysis.train` (scikit-learn) and shipped as JSON; inference here is
numpy only so that ``analyse-jsonl`` starts quickly.

Speed: answers share most of their whitespace-separated chunks, so each distinct chunk is
normalised and tokenised once and cached with the facts about its tokens (stem, stopword,
negator, lexicon polarity, ...); those facts sort the tokens so that most take one short branch
of the feature loop; the phrase rules are matched in one RE2 pass (see
:mod:`analysis.codebook`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

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

    # ``weights`` plus one all-zero row, so unknown features need no filtering. Set once here
    # rather than as a cached_property: mypyc-compiled classes have no instance dict to cache in.
    padded_weights: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        padded = np.vstack([self.weights, np.zeros((1, self.weights.shape[1]))])
        object.__setattr__(self, "padded_weights", padded)

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
    # Interned like the feature names of the token cache, so lookups mostly compare pointers.
    vocab = {sys.intern(name): i for i, name in enumerate(feats)}
    bad = next((name for name, row in feats.items() if len(row) != width), None)
    if bad is not None:
        raise ValueError(f"forkert antal vægte for {bad!r}")
    # One conversion of all rows: row by row into a preallocated array costs twice as much.
    weights = np.array(list(feats.values()), dtype=np.float64).reshape(len(vocab), width)
    bias = np.asarray(raw["bias"], dtype=np.float64)
    if bias.shape != (width,):
        raise ValueError("forkert antal bias-værdier")
    thresholds = {str(k): float(v) for k, v in raw.get("thresholds", {}).items()}
    return CoderModel(str(raw["version"]), vocab, themes, sentiments, weights, bias, thresholds)


# The shipped model's weights also lie beside the JSON as a .npy array with a names file: the
# JSON (6 MB of decimal numbers) takes most of ``analyse-jsonl``'s start-up to parse, the array
# loads as it is. The names file's first line holds the JSON's SHA-256 and the small fields;
# when the pair does not belong to the JSON next to it, the JSON is read.
WEIGHTS_SUFFIX = ".weights.npy"
NAMES_SUFFIX = ".names.txt"


def write_fast_copy(json_path: Path) -> None:
    """Write the .npy weights and names file for the model JSON at ``json_path``."""
    data = json_path.read_bytes()
    model = load_model(json.loads(data))
    names = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    if any("\n" in n for n in names):
        raise ValueError("et feature-navn indeholder et linjeskift")
    header = {
        "source_sha256": hashlib.sha256(data).hexdigest(),
        "version": model.version,
        "themes": list(model.themes),
        "sentiments": list(model.sentiments),
        "bias": model.bias.tolist(),
        "thresholds": dict(model.thresholds),
    }
    stem = str(json_path)[: -len(".json")]
    with open(stem + WEIGHTS_SUFFIX, "wb") as fh:
        np.save(fh, model.weights, allow_pickle=False)
    Path(stem + NAMES_SUFFIX).write_text(
        json.dumps(header, ensure_ascii=False) + "\n" + "\n".join(names) + "\n", "utf-8"
    )


def _load_fast_copy(data: bytes, package: Traversable, stem: str) -> CoderModel | None:
    names_file = package.joinpath(stem + NAMES_SUFFIX)
    weights_file = package.joinpath(stem + WEIGHTS_SUFFIX)
    if not (names_file.is_file() and weights_file.is_file()):
        return None
    first, _, rest = names_file.read_text("utf-8").partition("\n")
    header = json.loads(first)
    if header.get("source_sha256") != hashlib.sha256(data).hexdigest():
        return None
    names = rest.split("\n")[:-1]
    with weights_file.open("rb") as fh:
        weights = np.load(fh, allow_pickle=False)
    if weights.shape != (len(names), len(header["themes"]) + len(header["sentiments"])):
        return None
    return CoderModel(
        str(header["version"]),
        {sys.intern(name): i for i, name in enumerate(names)},
        tuple(header["themes"]),
        tuple(header["sentiments"]),
        weights,
        np.asarray(header["bias"], dtype=np.float64),
        {str(k): float(v) for k, v in header["thresholds"].items()},
    )


@lru_cache(maxsize=1)
def _default() -> CoderModel:
    package = resources.files("analysis")
    data = package.joinpath(MODEL_PATH).read_bytes()
    fast = _load_fast_copy(data, package, MODEL_PATH[: -len(".json")])
    return fast if fast is not None else load_model(json.loads(data))


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

# Per distinct token: (action, stem, negation-marked stem, subword features, flags, lexicon
# polarity). The action sorts tokens so that the common ones (stopwords, plain content words,
# punctuation) take one short branch of the feature loop; stem is "" for stopwords.
_A_STOP, _A_WORD, _A_WORD_SUB, _A_PUNCT, _A_CLAUSE, _A_OTHER = range(6)
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
# Flags that need the full branch; a number word only matters as the token before a unit.
_F_OTHER = ~(_F_STOP | _F_NUMWORD)
_TokInfo = tuple[int, str, str, tuple[str, ...], int, int]


class _TokenCache(dict[str, _TokInfo]):
    """Token -> its facts, computed on first sight (``map(cache.__getitem__, ...)`` runs in C
    and only calls back into Python for new tokens)."""

    def __missing__(self, tok: str) -> _TokInfo:
        if len(self) > 200_000:
            self.clear()
        info = self[tok] = _token_info(tok)
        return info


_TOKENS = _TokenCache()
_PUNCT_TOK: _TokInfo = (_A_PUNCT, "", "", (), 0, 0)
_CLAUSE_TOK: _TokInfo = (_A_CLAUSE, "", "", (), 0, 0)
_NUMBER_TOK: _TokInfo = (_A_WORD, "NUM", sys.intern(NEG_PREFIX + "NUM"), (), _F_NUMWORD, 0)
PREFIX_MIN, PREFIX_LEN, SUFFIX_LEN = 7, 5, 5


def _subword_features(tok: str) -> tuple[str, ...]:
    """Typo- and compound-robust features of a content word: its first and last letters."""
    if len(tok) < PREFIX_MIN:
        return ()
    return (sys.intern("P:" + tok[:PREFIX_LEN]), sys.intern("S:" + tok[-SUFFIX_LEN:]))


def _token_info(tok: str) -> _TokInfo:
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
    lex = 1 if s in _POS else -1 if s in _NEG else 0
    # Interned: the model's vocabulary shares these strings, so its lookups compare pointers.
    s = sys.intern(s)
    if flags & _F_NEGATOR:  # content even if it were a stopword; no subwords, no polarity
        return (_A_OTHER, s, s, (), flags, 0)
    if flags & _F_STOP:
        return (_A_OTHER if lex or flags & _F_OTHER else _A_STOP, "", "", (), flags, lex)
    sub = _subword_features(tok)
    action = _A_OTHER if lex or flags & _F_OTHER else _A_WORD_SUB if sub else _A_WORD
    return (action, s, sys.intern(NEG_PREFIX + s), sub, flags, lex)


# Whitespace-separated chunk of a raw answer -> its prepared form and the facts of its tokens.
# Preparing and tokenising never look across whitespace (see ``text.prepare``; no token spans
# a space) and answers share most chunks, so normalising and tokenising an answer is mostly
# one lookup per chunk.
_Chunk = tuple[str, tuple[_TokInfo, ...]]
_CHUNKS: dict[str, _Chunk] = {}
_CHUNK_TEXT, _CHUNK_TOKENS = itemgetter(0), itemgetter(1)
_CACHE_LIMIT = 200_000


def _chunk_tokens(word: str) -> tuple[_TokInfo, ...]:
    return tuple(map(_TOKENS.__getitem__, TOKEN_RE.findall(word)))


def _normalise_tokens(text: str) -> tuple[str, list[_TokInfo]]:
    """``normalise(text)`` and the facts of its tokens."""
    chunks = text.split()
    try:
        entries = list(map(_CHUNKS.__getitem__, chunks))
    except KeyError:
        entries = _add_chunks(text, chunks)
    prepared = " ".join(map(_CHUNK_TEXT, entries))
    norm = fix_spellings(prepared)
    if norm != prepared:  # rare: some words were respelled
        return norm, list(chain.from_iterable(map(_chunk_tokens, norm.split(" "))))
    return norm, list(chain.from_iterable(map(_CHUNK_TOKENS, entries)))


def _add_chunks(text: str, chunks: list[str]) -> list[_Chunk]:
    if len(_CHUNKS) > _CACHE_LIMIT:
        _CHUNKS.clear()
    entries = list(map(_CHUNKS.get, chunks))
    missing = [i for i, entry in enumerate(entries) if entry is None]
    # A few new chunks are prepared one by one, more in one pass over the whole text.
    whole = prepare(text).split() if len(missing) > 2 else None
    if whole is not None and len(whole) != len(chunks):
        return _uncached_chunks(text)
    for i in missing:
        word = prepare(chunks[i]) if whole is None else whole[i]
        if whole is None and len(word.split()) != 1:
            return _uncached_chunks(text)
        entries[i] = _CHUNKS[chunks[i]] = (word, _chunk_tokens(word))
    return cast("list[_Chunk]", entries)


def _uncached_chunks(text: str) -> list[_Chunk]:
    # Cannot happen (see text.prepare): a chunk whose prepared form is not one word would mean
    # chunks cannot be prepared apart. Kept so that the result stays exact even then.
    return [(word, _chunk_tokens(word)) for word in prepare(text).split()]


def extract_features(text: str, codebook: Codebook | None = None) -> dict[str, float]:
    """Sparse features of one answer (names → values), shared by training and inference.

    One pass over the tokens (token facts cached per distinct token): negation-marked stem
    unigrams and bigrams, lexicon polarity overall and per clause, contrast, durations; then
    the codebook's phrase rules (all in one RE2 pass) and irony cues.
    """
    cb = codebook or load_codebook()
    norm, toks = _normalise_tokens(text)
    content: list[str] = []  # negation-marked content stems, in order
    plain: list[str] = []  # the same without negation marks (for stem rules)
    subwords: list[str] = []
    left = 0  # words left in the current negation scope
    pos = neg = cp = cn = 0  # lexicon hits overall / in the current clause
    signs: list[int] = []
    durations = n_punct = 0
    seen = prev_flags = 0  # seen: the flags of the _A_OTHER tokens, or-ed
    for action, st, neg_st, sub, flags, lex in toks:
        if action == _A_STOP:
            if left:
                left -= 1
        elif action <= _A_WORD_SUB:  # a plain content word
            if left:
                left -= 1
                content.append(neg_st)
            else:
                content.append(st)
            plain.append(st)
            if sub:
                subwords += sub
        elif action == _A_OTHER:
            seen |= flags
            if flags & _F_UNIT and prev_flags & _F_NUMWORD:
                durations += 1
            if flags & _F_CLAUSE:
                if cp != cn:
                    signs.append(1 if cp > cn else -1)
                cp = cn = 0
            if flags & _F_NEGATOR:
                left = NEG_WINDOW
                content.append(st)
                plain.append(st)
            else:
                if flags & _F_BREAKER:
                    left = 0
                if left:
                    left -= 1
                    lex = -lex
                    if st:
                        content.append(neg_st)
                elif st:
                    content.append(st)
                if st:
                    plain.append(st)
                    subwords += sub
                if lex > 0:
                    pos += 1
                    cp += 1
                elif lex < 0:
                    neg += 1
                    cn += 1
        else:  # punctuation
            left = 0
            n_punct += 1
            if action == _A_CLAUSE:
                if cp != cn:
                    signs.append(1 if cp > cn else -1)
                cp = cn = 0
        prev_flags = flags
    if cp != cn:
        signs.append(1 if cp > cn else -1)
    n_words = len(toks) - n_punct

    feats: dict[str, float] = dict.fromkeys(content, 1.0)
    for a, b in zip(content, content[1:], strict=False):
        feats[a + " " + b] = 1.0
    for w in subwords:
        feats[w] = 1.0
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
    if seen & _F_CONTRAST or "selv om" in norm:
        feats["CONTRAST"] = 1.0
        if pos and neg:
            feats["CONTRAST+-"] = 1.0
    if 1 in signs and -1 in signs:
        feats["CLAUSES+-"] = 1.0
    if signs:
        feats["LAST+" if signs[-1] > 0 else "LAST-"] = 1.0
    if (seen & _F_IRONY and durations) or seen & _F_IRONY_WORD or "'" in norm or '"' in norm:
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
    # The logistic function inline: a function call per theme is a measurable share.
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
    # The most probable; on a tie the name that sorts last, as a (p, name) key would give.
    sentiment = max(zip(sent_p.values(), sent_p, strict=True))[1]
    if sentiment in ("positiv", "neutral") and "IRONY" in feats:
        sentiment = "negativ"  # praise + "kun 9 måneder", "tak for ingenting": sarcasm
    return Coding(tuple(sorted(themes)), sentiment)

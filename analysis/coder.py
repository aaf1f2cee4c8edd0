"""Theme and sentiment coding of one anonymised answer.

A linear model over stem unigrams/bigrams (with negation marking), codebook phrase-rule
features, a small Danish sentiment lexicon and irony/duration/contrast cues. The weights are
trained by :mod:`analysis.train` (scikit-learn) and shipped as JSON; inference here is numpy
only so that ``analyse-jsonl`` starts quickly.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .codebook import Codebook, load_codebook
from .text import NEG_PREFIX, irony_cues, mark_negation, normalise, stem, tokenise
from .text import features as ngram_features

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
_CONTRAST = re.compile(r"\b(?:men|dog|til gengæld|selvom|selv om|bortset fra|alligevel|derimod)\b")
_CLAUSE_END = frozenset({".", "!", "?", ";", "...", "men", "dog"})
_DURATION = re.compile(
    r"\b(?:\d+[.,]?\d*|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|et halvt|halvandet|et)"
    r"\s*(?:uger?|måneder?|mdr|år)\b"
)
_EMPTY = re.compile(
    r"^(?:ingen (?:kommentarer?|bemærkninger)|nej(?: tak)?|ved ikke|intet|-+|ok|ikke noget"
    r"|jeg har ikke (?:mere|noget|yderligere)[^.]*)[.! ]*$"
)


def _polarity(tokens: list[str]) -> tuple[int, int]:
    pos = neg = 0
    for tok in tokens:
        negated = tok.startswith(NEG_PREFIX)
        word = tok[4:] if negated else tok
        if not word[0].isalpha():
            continue
        s = stem(word)
        if s in _POS:
            if negated:
                neg += 1
            else:
                pos += 1
        elif s in _NEG:
            if negated:
                pos += 1
            else:
                neg += 1
    return pos, neg


def extract_features(text: str, codebook: Codebook | None = None) -> dict[str, float]:
    """Sparse features of one answer (names → values), shared by training and inference."""
    cb = codebook or load_codebook()
    norm = normalise(text)
    feats: dict[str, float] = {}
    grams = ngram_features(norm)
    for g in grams:
        feats[g] = 1.0
    unigram_text = " ".join(g for g in grams if " " not in g)
    for key, idx in cb.rule_hits(norm, unigram_text).items():
        feats["R:" + key] = math.log1p(len(idx))
        for i in idx:
            feats[f"R:{key}:{i}"] = 1.0
    tokens = mark_negation(tokenise(norm))
    pos, neg = _polarity(tokens)
    feats["LEX+"] = math.log1p(pos)
    feats["LEX-"] = math.log1p(neg)
    if pos and neg:
        feats["LEX+-"] = 1.0
    if not pos and not neg:
        feats["LEX0"] = 1.0
    contrast = bool(_CONTRAST.search(norm))
    if contrast:
        feats["CONTRAST"] = 1.0
        if pos and neg:
            feats["CONTRAST+-"] = 1.0
    signs: list[int] = []
    clause: list[str] = []
    for tok in [*tokens, "."]:
        if tok in _CLAUSE_END:
            if clause:
                p, n = _polarity(clause)
                if p != n:
                    signs.append(1 if p > n else -1)
            clause = []
        else:
            clause.append(tok)
    if 1 in signs and -1 in signs:
        feats["CLAUSES+-"] = 1.0
    if signs:
        feats["LAST+" if signs[-1] > 0 else "LAST-"] = 1.0
    irony = irony_cues(norm)
    if irony:
        feats["IRONY"] = float(irony)
    durations = len(_DURATION.findall(norm))
    if durations:
        feats["DUR"] = math.log1p(durations)
    if "!" in norm:
        feats["EXCL"] = 1.0
    if "?" in norm:
        feats["QUEST"] = 1.0
    n_words = sum(1 for t in tokens if t[0].isalpha() or t.startswith(NEG_PREFIX))
    if n_words <= 6:
        feats["SHORT"] = 1.0
    if _EMPTY.match(norm):
        feats["EMPTYISH"] = 1.0
    return feats


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -500 else 0.0


def scores(
    text: str, model: CoderModel, codebook: Codebook | None = None
) -> tuple[dict[str, float], dict[str, float]]:
    """Theme probabilities and sentiment probabilities for one answer."""
    feats = extract_features(text, codebook)
    vocab = model.vocabulary
    idx = [vocab[f] for f in feats if f in vocab]
    vals = np.fromiter((feats[f] for f in feats if f in vocab), dtype=np.float64, count=len(idx))
    raw = model.bias + vals @ model.weights[idx] if idx else model.bias.copy()
    nt = len(model.themes)
    theme_p = {k: _sigmoid(float(raw[i])) for i, k in enumerate(model.themes)}
    logits = raw[nt:]
    exp = np.exp(logits - logits.max())
    probs = exp / exp.sum()
    sent_p = {s: float(probs[i]) for i, s in enumerate(model.sentiments)}
    return theme_p, sent_p


def code(text: str, model: CoderModel | None = None, codebook: Codebook | None = None) -> Coding:
    """Multi-label themes (sorted keys) and a sentiment for one (anonymised) answer.

    Themes in ``codebook`` that the model has no classifier for (custom themes with fewer than
    30 labelled examples) are coded by their phrase rules alone.
    """
    if not text or not text.strip():
        return Coding((), "neutral")
    m = model or DEFAULT.get()
    cb = codebook or load_codebook()
    theme_p, sent_p = scores(text, m, cb)
    themes = {k for k, p in theme_p.items() if p >= m.thresholds.get(k, 0.5)}
    rule_only = [t for t in cb.themes if t.key not in theme_p]
    if rule_only:
        norm = normalise(text)
        stem_text = " ".join(g for g in ngram_features(norm) if " " not in g)
        for t in rule_only:
            if any(r.matches(norm, stem_text) for r in t.rules):
                themes.add(t.key)
    sentiment = max(sent_p, key=lambda s: (sent_p[s], s))
    if sentiment in ("positiv", "neutral") and irony_cues(normalise(text)):
        sentiment = "negativ"  # praise + "kun 9 måneder", "tak for ingenting": sarcasm
    return Coding(tuple(sorted(themes)), sentiment)

"""Emerging topics in one round: what the codebook does not explain.

Answers with no theme (or only low-confidence themes) are clustered with TF-IDF over stems and
NMF (scikit-learn, fixed ``random_state``). Each topic carries its top terms as readable words
(the most frequent surface form of each stem) and the indices of example answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .coder import DEFAULT, CoderModel, scores
from .text import NEGATORS, STOPWORDS, normalise, stem, tokenise

__all__ = ["Topic", "emerging_topics", "unexplained"]

# Extra words too common to name a topic (on top of the stopword list and negations).
_SKIP = (
    STOPWORDS
    | NEGATORS
    | frozenset(
        {"ved", "kun", "også", "altid", "bare", "lige", "helt", "synes", "kommunen", "kommune"}
    )
)


@dataclass(frozen=True)
class Topic:
    terms: tuple[str, ...]  # display words, most important first
    examples: tuple[int, ...]  # indices into the texts given, most typical first
    size: int  # answers assigned to this topic


def unexplained(
    texts: Sequence[str], model: CoderModel | None = None, confidence: float = 0.75
) -> list[int]:
    """Indices of non-empty answers with no theme at or above ``confidence`` probability."""
    m = model or DEFAULT.get()
    out: list[int] = []
    for i, t in enumerate(texts):
        if not t.strip():
            continue
        theme_p, _ = scores(t, m)
        if max(theme_p.values(), default=0.0) < confidence:
            out.append(i)
    return out


def _analyse(text: str, surface: dict[str, Counter[str]]) -> list[str]:
    out: list[str] = []
    for tok in tokenise(normalise(text)):
        if not tok[0].isalpha() or tok in _SKIP or len(tok) < 3:
            continue
        s = stem(tok)
        surface.setdefault(s, Counter())[tok] += 1
        out.append(s)
    return out


def emerging_topics(
    texts: Sequence[str],
    n_topics: int = 5,
    min_answers: int = 3,
    *,
    model: CoderModel | None = None,
    confidence: float = 0.75,
    n_terms: int = 8,
    n_examples: int = 3,
    only_unexplained: bool = True,
) -> list[Topic]:
    """Topics among the answers the codebook does not explain (deterministic).

    Returns [] when there are too few such answers. A topic is kept only when at least
    ``min_answers`` answers have it as their strongest topic.
    """
    idx = (
        unexplained(texts, model, confidence)
        if only_unexplained
        else [i for i, t in enumerate(texts) if t.strip()]
    )
    if len(idx) < max(min_answers, 2) or n_topics < 1:
        return []
    surface: dict[str, Counter[str]] = {}
    docs = [" ".join(_analyse(texts[i], surface)) for i in idx]
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    min_df = 2 if len(docs) >= 10 else 1
    vec = TfidfVectorizer(token_pattern=r"\S+", min_df=min_df, max_df=0.9, sublinear_tf=True)
    try:
        x = vec.fit_transform(docs)
    except ValueError:  # empty vocabulary
        return []
    k = min(n_topics, x.shape[0] - 1, x.shape[1])
    if k < 1:
        return []
    nmf = NMF(n_components=k, init="nndsvd", random_state=0, max_iter=500)
    w = nmf.fit_transform(x)
    h = nmf.components_
    names = vec.get_feature_names_out()
    strongest = w.argmax(axis=1)
    topics: list[Topic] = []
    for t in range(k):
        members = [j for j in range(len(idx)) if strongest[j] == t and w[j, t] > 0]
        if len(members) < min_answers:
            continue
        order = np.argsort(-h[t])[:n_terms]
        terms = tuple(surface[str(names[o])].most_common(1)[0][0] for o in order if h[t, o] > 0)
        members.sort(key=lambda j: (-w[j, t], j))
        topics.append(Topic(terms, tuple(idx[j] for j in members[:n_examples]), len(members)))
    topics.sort(key=lambda tp: (-tp.size, tp.terms))
    return topics

"""Train the theme/sentiment coder (scikit-learn) and report 5-fold cross-validated scores.

``train()`` never writes anything: it returns the model JSON and the scores, so the service
can retrain on corpus + the advisor's corrections and replace the model only when the advisor
accepts it. ``python -m analysis.train`` retrains on ``analysis/corpus/train_*.jsonl`` and
reports; ``--out analysis/models/coder-v1.json`` replaces the shipped model.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .codebook import MIN_EXAMPLES_FOR_CLASSIFIER, STANDARD_KEYS, Codebook, load_codebook
from .coder import SENTIMENTS, CoderModel, code, extract_features, load_model, write_fast_copy

__all__ = ["Example", "TrainResult", "evaluate", "load_examples", "train"]

MODEL_VERSION = "coder-v1"
PACKAGE_DIR = Path(__file__).resolve().parent
CORPUS_DIR = PACKAGE_DIR / "corpus"
MODEL_FILE = PACKAGE_DIR / "models" / "coder-v1.json"


@dataclass(frozen=True)
class Example:
    text: str
    themes: tuple[str, ...]
    sentiment: str


@dataclass(frozen=True)
class Scores:
    micro_f1: float
    per_theme_f1: dict[str, float]
    sentiment_accuracy: float
    n: int


@dataclass(frozen=True)
class TrainResult:
    model_json: dict[str, Any]
    cv: Scores
    cv_untuned_micro_f1: float
    themes: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def model(self) -> CoderModel:
        return load_model(self.model_json)


def load_examples(paths: Iterable[Path]) -> list[Example]:
    out: list[Example] = []
    for p in paths:
        for line in p.read_text("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out.append(Example(r["text"], tuple(sorted(r["themes"])), r["sentiment"]))
    return out


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _score(
    gold: Sequence[Example],
    themes: Sequence[str],
    pred_t: Sequence[set[str]],
    pred_s: Sequence[str],
) -> Scores:
    tp = fp = fn = 0
    per: dict[str, float] = {}
    for k in themes:
        a = sum(1 for g, p in zip(gold, pred_t, strict=True) if k in g.themes and k in p)
        b = sum(1 for g, p in zip(gold, pred_t, strict=True) if k not in g.themes and k in p)
        c = sum(1 for g, p in zip(gold, pred_t, strict=True) if k in g.themes and k not in p)
        per[k] = round(_f1(a, b, c), 4)
        tp, fp, fn = tp + a, fp + b, fn + c
    acc = sum(1 for g, s in zip(gold, pred_s, strict=True) if g.sentiment == s) / max(1, len(gold))
    return Scores(round(_f1(tp, fp, fn), 4), per, round(acc, 4), len(gold))


def evaluate(
    examples: Sequence[Example], model: CoderModel, codebook: Codebook | None = None
) -> Scores:
    """Score a trained model on labelled examples (used to REPORT held-out figures)."""
    codings = [code(e.text, model, codebook) for e in examples]
    themes = [k for k in model.themes]
    return _score(
        examples, themes, [set(c.themes) for c in codings], [c.sentiment for c in codings]
    )


# --- fitting ------------------------------------------------------------------------------
def _fit(
    feats: Sequence[dict[str, float]],
    examples: Sequence[Example],
    themes: Sequence[str],
    c_theme: float,
    c_sent: float,
    min_df: int,
) -> tuple[dict[str, int], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    df: dict[str, int] = {}
    for f in feats:
        for k in f:
            df[k] = df.get(k, 0) + 1
    keep = {k for k, n in df.items() if n >= min_df or not k[0].islower()}
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{k: v for k, v in f.items() if k in keep} for f in feats])
    names: list[str] = list(vec.get_feature_names_out())
    width = len(themes) + len(SENTIMENTS)
    w = np.zeros((len(names), width))
    b = np.zeros(width)
    for j, k in enumerate(themes):
        y = np.array([1 if k in e.themes else 0 for e in examples])
        if y.min() == y.max():
            b[j] = 10.0 if y[0] else -10.0
            continue
        clf = LogisticRegression(C=c_theme, class_weight="balanced", max_iter=2000)
        clf.fit(x, y)
        w[:, j] = clf.coef_[0]
        b[j] = clf.intercept_[0]
    ys = np.array([SENTIMENTS.index(e.sentiment) for e in examples])
    sclf = LogisticRegression(C=c_sent, max_iter=3000)
    sclf.fit(x, ys)
    classes = list(sclf.classes_)
    for ci, cls_idx in enumerate(classes):
        w[:, len(themes) + int(cls_idx)] = sclf.coef_[ci]
        b[len(themes) + int(cls_idx)] = sclf.intercept_[ci]
    for s in range(len(SENTIMENTS)):
        if s not in classes:
            b[len(themes) + s] = -10.0
    vocab = {n: i for i, n in enumerate(names)}
    return vocab, w, b


def _model(
    vocab: dict[str, int],
    w: npt.NDArray[np.float64],
    b: npt.NDArray[np.float64],
    themes: Sequence[str],
    thresholds: dict[str, float],
    version: str,
) -> CoderModel:
    nz = [n for n, i in vocab.items() if np.any(np.abs(w[i]) > 1e-6)]
    small = {n: i for i, n in enumerate(nz)}
    ws = w[[vocab[n] for n in nz]] if nz else np.zeros((0, w.shape[1]))
    return CoderModel(version, small, tuple(themes), SENTIMENTS, ws, b, thresholds)


def train(
    examples: Sequence[Example],
    extra: Sequence[Example] = (),
    *,
    codebook: Codebook | None = None,
    folds: int = 5,
    c_theme: float = 0.5,
    c_sent: float = 0.5,
    min_df: int = 2,
    version: str = MODEL_VERSION,
    seed: int = 0,
) -> TrainResult:
    """Fit on ``examples`` + ``extra`` and report ``folds``-fold cross-validated scores.

    Thresholds per theme are tuned on out-of-fold probabilities. Custom codebook themes get a
    classifier when they have at least ``MIN_EXAMPLES_FOR_CLASSIFIER`` labelled examples.
    """
    from sklearn.model_selection import KFold

    cb = codebook or load_codebook()
    data = list(examples) + list(extra)
    if len(data) < folds * 2:
        raise ValueError("for få eksempler til krydsvalidering")
    counts = {k: sum(1 for e in data if k in e.themes) for k in cb.keys}
    themes = [k for k in cb.keys if k in STANDARD_KEYS or counts[k] >= MIN_EXAMPLES_FOR_CLASSIFIER]
    feats = [extract_features(e.text, cb) for e in data]
    oof = np.zeros((len(data), len(themes)))
    oof_sent: list[str] = [""] * len(data)
    for tr, te in KFold(folds, shuffle=True, random_state=seed).split(data):
        vocab, w, b = _fit(
            [feats[i] for i in tr], [data[i] for i in tr], themes, c_theme, c_sent, min_df
        )
        m = _model(vocab, w, b, themes, {}, version)
        for i in te:
            idx = [m.vocabulary[f] for f in feats[i] if f in m.vocabulary]
            vals = np.array([feats[i][f] for f in feats[i] if f in m.vocabulary])
            raw = m.bias + (vals @ m.weights[idx] if idx else 0.0)
            oof[i] = 1 / (1 + np.exp(-raw[: len(themes)]))
            oof_sent[i] = SENTIMENTS[int(np.argmax(raw[len(themes) :]))]
    thresholds: dict[str, float] = {}
    for j, k in enumerate(themes):
        gold = np.array([k in e.themes for e in data])
        best = (-1.0, 0.5)
        for t in np.arange(0.20, 0.801, 0.025):
            pred = oof[:, j] >= t
            tp = int(np.sum(pred & gold))
            f = _f1(tp, int(np.sum(pred & ~gold)), int(np.sum(~pred & gold)))
            if f > best[0] + 1e-9 or (
                abs(f - best[0]) < 1e-9 and abs(t - 0.5) < abs(best[1] - 0.5)
            ):
                best = (f, float(t))
        thresholds[k] = round(best[1], 3)
    tuned = [
        {k for j, k in enumerate(themes) if oof[i, j] >= thresholds[k]} for i in range(len(data))
    ]
    untuned = [{k for j, k in enumerate(themes) if oof[i, j] >= 0.5} for i in range(len(data))]
    cv = _score(data, themes, tuned, oof_sent)
    cv_untuned = _score(data, themes, untuned, oof_sent)
    vocab, w, b = _fit(feats, data, themes, c_theme, c_sent, min_df)
    model = _model(vocab, w, b, themes, thresholds, version)
    return TrainResult(model.to_json(), cv, cv_untuned.micro_f1, tuple(themes))


def _recoded_heldout() -> dict[str, list[Example]]:
    """The held-out texts with the labels of two independent blind coders
    (``heldout_recoded.jsonl``): how far the model is from careful coders, not only from the
    held-out set's own author. The held-out file itself is never edited."""
    path = CORPUS_DIR / "heldout_recoded.jsonl"
    if not path.exists():
        return {}
    texts = {
        e_id: e
        for e_id, e in zip(
            _ids(CORPUS_DIR / "heldout.jsonl"),
            load_examples([CORPUS_DIR / "heldout.jsonl"]),
            strict=True,
        )
    }
    out: dict[str, list[Example]] = {}
    for line in path.read_text("utf-8").splitlines():
        r = json.loads(line)
        for coder in ("coder_a", "coder_b"):
            c = r[coder]
            out.setdefault(coder, []).append(
                Example(texts[r["id"]].text, tuple(sorted(c["themes"])), c["sentiment"])
            )
    return out


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text("utf-8").splitlines() if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m analysis.train", description=__doc__)
    # No default: replacing the shipped model is a choice (``--out analysis/models/coder-v1.json``);
    # without --out the scores are only reported.
    p.add_argument("--out", type=Path, help=f"skriv modellen hertil (den leverede: {MODEL_FILE})")
    p.add_argument("--report-heldout", action="store_true", help="rapportér også på heldout")
    args = p.parse_args(argv)
    examples = load_examples(sorted(CORPUS_DIR.glob("train_*.jsonl")))
    result = train(examples)
    print(f"CV micro-F1 (tunede tærskler): {result.cv.micro_f1}")
    print(f"CV micro-F1 (tærskel 0,5):     {result.cv_untuned_micro_f1}")
    print(f"CV sentiment-nøjagtighed:      {result.cv.sentiment_accuracy}")
    print("CV F1 pr. tema:", json.dumps(result.cv.per_theme_f1, ensure_ascii=False))
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result.model_json, ensure_ascii=False) + "\n", "utf-8")
        if args.out.suffix == ".json":
            write_fast_copy(args.out)  # the .npy weights that analyse-jsonl loads at start-up
        print(f"Model skrevet: {args.out}")
    else:
        print("Ingen model skrevet (brug --out FIL).")
    if args.report_heldout:
        held = evaluate(load_examples([CORPUS_DIR / "heldout.jsonl"]), result.model)
        print(f"Heldout micro-F1: {held.micro_f1}  sentiment: {held.sentiment_accuracy}")
        print("Heldout F1 pr. tema:", json.dumps(held.per_theme_f1, ensure_ascii=False))
        for coder, recoded in _recoded_heldout().items():
            r = evaluate(recoded, result.model)
            print(f"Heldout, uafhængig kodning {coder}: micro-F1 {r.micro_f1}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

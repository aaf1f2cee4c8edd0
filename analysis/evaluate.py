"""Evaluate the anonymiser on a labelled corpus (analysis/corpus/*.jsonl).

PII recall: an item occurrence counts as fully removed when the returned spans cover every
alphanumeric character of it (so none of its word/digit tokens can survive in the redacted text);
an item counts as removed when all its occurrences are. Keep survival: the keep phrase still
appears verbatim in the redacted text. Precision-ish: returned spans that overlap no labelled item.

    python -m analysis.evaluate            # train_*.jsonl
    python -m analysis.evaluate --dev      # pii_dev*.jsonl (PII-only dev sets, one table each)
    python -m analysis.evaluate --report   # train, then each pii_dev*.jsonl
    python -m analysis.evaluate --heldout  # held-out set (report only; never tune on it)

pii_dev.jsonl has ``"themes": null`` (PII only); it is not a ``train_*.jsonl`` file, so the
coder never trains on it.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.anonymise import KINDS, Anonymised, anonymise

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class PiiItem:
    text: str
    kind: str


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    pii: tuple[PiiItem, ...]
    keep: tuple[str, ...]


@dataclass
class KindStats:
    total: int = 0
    removed: int = 0

    @property
    def recall(self) -> float:
        return self.removed / self.total if self.total else 1.0


@dataclass
class Report:
    per_kind: dict[str, KindStats] = field(default_factory=dict)
    keep_total: int = 0
    keep_kept: int = 0
    spans_total: int = 0
    spans_unlabelled: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (id, kind, item text)
    lost_keeps: list[tuple[str, str]] = field(default_factory=list)  # (id, phrase)
    extra_spans: list[tuple[str, str, str]] = field(default_factory=list)  # (id, kind, span text)

    @property
    def pii_total(self) -> int:
        return sum(s.total for s in self.per_kind.values())

    @property
    def pii_removed(self) -> int:
        return sum(s.removed for s in self.per_kind.values())

    @property
    def recall(self) -> float:
        return self.pii_removed / self.pii_total if self.pii_total else 1.0

    @property
    def keep_survival(self) -> float:
        return self.keep_kept / self.keep_total if self.keep_total else 1.0

    def kind_recall(self, kind: str) -> float:
        stats = self.per_kind.get(kind)
        return stats.recall if stats else 1.0


def load_corpus(paths: Iterable[Path]) -> list[Example]:
    examples: list[Example] = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                row = json.loads(line)
                examples.append(
                    Example(
                        id=str(row["id"]),
                        text=str(row["text"]),
                        pii=tuple(
                            PiiItem(str(p["text"]), str(p["kind"])) for p in row.get("pii", [])
                        ),
                        keep=tuple(str(k) for k in row.get("keep", [])),
                    )
                )
    return examples


def train_paths() -> list[Path]:
    return sorted(CORPUS_DIR.glob("train_*.jsonl"))


def dev_paths() -> list[Path]:
    """The PII-only development sets (pii_dev*.jsonl; never read by the coder's loader)."""
    return sorted(CORPUS_DIR.glob("pii_dev*.jsonl"))


def heldout_paths() -> list[Path]:
    return [CORPUS_DIR / "heldout.jsonl"]


def occurrences(text: str, item: str) -> list[int]:
    out: list[int] = []
    if not item:
        return out
    pos = text.find(item)
    while pos != -1:
        out.append(pos)
        pos = text.find(item, pos + 1)
    return out


def covered(result: Anonymised, start: int, end: int, text: str) -> bool:
    """Every alphanumeric character of text[start:end] lies inside a returned span."""
    for i in range(start, end):
        if not text[i].isalnum():
            continue
        if not any(s.start <= i < s.end for s in result.spans):
            return False
    return True


def evaluate(examples: Sequence[Example]) -> Report:
    report = Report(per_kind={k: KindStats() for k in KINDS})
    for ex in examples:
        result = anonymise(ex.text)
        labelled: list[tuple[int, int]] = []
        for item in ex.pii:
            stats = report.per_kind.setdefault(item.kind, KindStats())
            stats.total += 1
            starts = occurrences(ex.text, item.text)
            ok = bool(starts) and all(
                covered(result, s, s + len(item.text), ex.text) for s in starts
            )
            labelled += [(s, s + len(item.text)) for s in starts]
            if ok:
                stats.removed += 1
            else:
                report.misses.append((ex.id, item.kind, item.text))
        for phrase in ex.keep:
            report.keep_total += 1
            if phrase in result.text:
                report.keep_kept += 1
            else:
                report.lost_keeps.append((ex.id, phrase))
        for span in result.spans:
            report.spans_total += 1
            if not any(span.start < e and s < span.end for s, e in labelled):
                report.spans_unlabelled += 1
                report.extra_spans.append((ex.id, span.kind, ex.text[span.start : span.end]))
    return report


def format_report(report: Report, title: str) -> str:
    lines = [title, f"{'kind':<12}{'items':>7}{'removed':>9}{'recall':>9}"]
    for kind in KINDS:
        stats = report.per_kind.get(kind, KindStats())
        lines.append(f"{kind:<12}{stats.total:>7}{stats.removed:>9}{stats.recall:>9.1%}")
    lines.append(f"{'ALL':<12}{report.pii_total:>7}{report.pii_removed:>9}{report.recall:>9.1%}")
    lines.append(
        f"keep phrases survived: {report.keep_kept}/{report.keep_total}"
        f" = {report.keep_survival:.1%}"
    )
    lines.append(
        f"spans returned: {report.spans_total},"
        f" overlapping no labelled item: {report.spans_unlabelled}"
    )
    return "\n".join(lines)


def _print_errors(report: Report) -> None:
    for ex_id, kind, item in report.misses:
        print(f"MISS  {ex_id} {kind}: {item!r}")
    for ex_id, phrase in report.lost_keeps:
        print(f"LOST  {ex_id}: {phrase!r}")
    for ex_id, kind, span_text in report.extra_spans:
        print(f"EXTRA {ex_id} {kind}: {span_text!r}")


def _dev_sets() -> list[tuple[str, list[Path]]]:
    """Each dev file on its own (pii_dev, pii_dev2 …): a fresh set is read separately."""
    paths = dev_paths()
    return [(p.stem, [p]) for p in paths] if paths else [("pii_dev", [])]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate the Danish anonymiser.")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--heldout", action="store_true", help="evaluate on heldout.jsonl (report only)"
    )
    which.add_argument("--dev", action="store_true", help="evaluate on pii_dev*.jsonl")
    which.add_argument("--report", action="store_true", help="train, then pii_dev")
    parser.add_argument(
        "--errors", action="store_true", help="list misses, lost keeps and extra spans"
    )
    args = parser.parse_args(argv)
    if args.heldout:
        sets = [("held-out", heldout_paths())]
    elif args.dev:
        sets = _dev_sets()
    elif args.report:
        sets = [("train", train_paths()), *_dev_sets()]
    else:
        sets = [("train", train_paths())]
    for n, (title, paths) in enumerate(sets):
        if n:
            print()
        if not paths:
            print(f"{title}: no corpus file")
            continue
        report = evaluate(load_corpus(paths))
        print(format_report(report, title))
        if args.errors:
            _print_errors(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

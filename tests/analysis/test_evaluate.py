"""Tests for analysis/evaluate.py (corpus loading and the recall / survival measures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.anonymise import Anonymised, PiiSpan
from analysis.evaluate import (
    Example,
    PiiItem,
    covered,
    dev_paths,
    evaluate,
    format_report,
    heldout_paths,
    load_corpus,
    main,
    occurrences,
    train_paths,
)


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    return path


def test_load_corpus(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.jsonl",
        [
            {
                "id": "x1",
                "text": "Ring til Mette",
                "pii": [{"text": "Mette", "kind": "NAVN"}],
                "keep": ["Ring til"],
            }
        ],
    )
    (example,) = load_corpus([path])
    assert example == Example("x1", "Ring til Mette", (PiiItem("Mette", "NAVN"),), ("Ring til",))


def test_occurrences_and_coverage() -> None:
    text = "Mette og Mette"
    assert occurrences(text, "Mette") == [0, 9]
    assert occurrences(text, "") == []
    result = Anonymised("[NAVN 1] og Mette", (PiiSpan(0, 5, "NAVN"),))
    assert covered(result, 0, 5, text)
    assert not covered(result, 9, 14, text)
    # Punctuation and spaces need not be covered: "Camilla W." is removed when "W" is.
    text2 = "Camilla W. ringede"
    assert covered(Anonymised("", (PiiSpan(0, 9, "NAVN"),)), 0, 10, text2)


def test_evaluate_counts_removed_items_kept_phrases_and_extras() -> None:
    examples = [
        Example(
            "a",
            "Min søn Oliver går på Lindegårdsskolen.",
            (PiiItem("Oliver", "NAVN"),),
            ("Min søn",),
        ),
        Example(
            "b", "Ring på 22 33 44 55 i marts.", (PiiItem("22 33 44 55", "TELEFON"),), ("i marts",)
        ),
        Example("c", "Ingen navne her.", (PiiItem("Xyzzy", "NAVN"),), ("Ingen navne",)),
    ]
    report = evaluate(examples)
    assert report.per_kind["NAVN"].total == 2
    assert report.per_kind["NAVN"].removed == 1  # "Xyzzy" does not occur → not counted as removed
    assert report.kind_recall("TELEFON") == 1.0
    assert report.keep_total == 3 and report.keep_kept == 3
    # Lindegårdsskolen is redacted but not labelled in this toy example → one unlabelled span.
    assert report.spans_unlabelled == 1
    assert report.misses == [("c", "NAVN", "Xyzzy")]
    text = format_report(report, "toy")
    assert "NAVN" in text and "keep phrases survived: 3/3" in text


def test_item_only_partly_covered_is_a_miss() -> None:
    # The anonymiser removes "Oliver" but not "går": the item as labelled is not fully removed.
    ex = Example("d", "Min søn Oliver går i skole.", (PiiItem("Oliver går", "NAVN"),), ())
    report = evaluate([ex])
    assert report.per_kind["NAVN"].removed == 0
    assert report.misses == [("d", "NAVN", "Oliver går")]


def test_lost_keep_phrase_reported() -> None:
    ex = Example("e", "Min søn Oliver er glad.", (), ("søn Oliver",))
    report = evaluate([ex])
    assert report.keep_kept == 0
    assert report.lost_keeps == [("e", "søn Oliver")]


def test_paths_exist() -> None:
    assert len(train_paths()) >= 2  # train_1 … train_N
    assert all(p.exists() for p in train_paths() + heldout_paths())


def test_main_prints_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("train")
    assert "ALL" in out and "keep phrases survived" in out


def test_dev_set_loads_with_null_themes(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "pii_dev.jsonl",
        [
            {
                "id": "p1",
                "centre": "X",
                "question": "Q",
                "text": "Min søn går i Troldehøjen.",
                "themes": None,
                "sentiment": "neutral",
                "pii": [{"text": "Troldehøjen", "kind": "INSTITUTION"}],
                "keep": ["Min søn"],
            }
        ],
    )
    report = evaluate(load_corpus([path]))
    assert report.kind_recall("INSTITUTION") == 1.0 and report.keep_survival == 1.0


def test_dev_set_is_not_a_training_file() -> None:
    dev_names = {p.name for p in dev_paths()}
    assert "pii_dev.jsonl" in dev_names
    # Every pii_dev*.jsonl (pii_dev, pii_dev2 …) is a dev set, never a training file.
    assert all(name.startswith("pii_dev") and name.endswith(".jsonl") for name in dev_names)
    assert not dev_names & {p.name for p in train_paths()}


def test_main_report_prints_train_and_dev(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--report"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("train")
    assert "\npii_dev" in out or "pii_dev: no corpus file" in out
    assert main(["--dev", "--errors"]) == 0
    assert capsys.readouterr().out.startswith("pii_dev")

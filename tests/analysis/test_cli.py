import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main

SAMPLE = [
    {
        "id": "a",
        "text": "Min sagsbehandler svarede aldrig på mails (mette@kommune.dk). Det tog en evighed.",
    },
    {"id": "b", "text": ""},
    {"id": "c", "text": "Det var ikke svært at få fat i dem, og de lyttede til os."},
    {"id": "d", "text": "Birgitte Holm sagde at hun ville ringe tilbage. Det gjorde hun aldrig."},
]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_contract_output_format_and_order(tmp_path: Path) -> None:
    inp, out = _write(tmp_path / "in.jsonl", SAMPLE), tmp_path / "out.jsonl"
    assert main([str(inp), str(out)]) == 0
    rows = _read(out)
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"]
    for r in rows:
        assert set(r) == {"id", "anonymised", "pii", "themes", "sentiment"}
        assert r["themes"] == sorted(r["themes"])  # type: ignore[type-var]
        assert r["sentiment"] in {"positiv", "negativ", "neutral", "blandet"}
    a = rows[0]
    assert "mette@kommune.dk" not in a["anonymised"]  # type: ignore[operator]
    start = SAMPLE[0]["text"].index("mette@kommune.dk")
    assert {"kind": "EMAIL", "start": start, "end": start + 16} in a["pii"]  # type: ignore[operator]
    assert rows[1] == {"id": "b", "anonymised": "", "pii": [], "themes": [], "sentiment": "neutral"}
    assert out.read_text("utf-8").endswith("\n")


def test_known_names_are_passed_to_anonymise(tmp_path: Path) -> None:
    inp = _write(tmp_path / "in.jsonl", [{"id": "x", "text": "Tak til Zyxwv for hjælpen."}])
    names = tmp_path / "names.txt"
    names.write_text("Zyxwv\n\n", "utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(inp), str(out), "--known-names", str(names)]) == 0
    row = _read(out)[0]
    assert "Zyxwv" not in row["anonymised"]  # type: ignore[operator]
    assert row["pii"] and row["pii"][0]["kind"] == "NAVN"  # type: ignore[index]


def test_two_runs_give_identical_bytes(tmp_path: Path) -> None:
    inp = _write(tmp_path / "in.jsonl", SAMPLE * 3)
    assert main([str(inp), str(tmp_path / "1.jsonl")]) == 0
    assert main([str(inp), str(tmp_path / "2.jsonl")]) == 0
    assert (tmp_path / "1.jsonl").read_bytes() == (tmp_path / "2.jsonl").read_bytes()


GOOD = '{"id": "1", "text": "fint"}\n'


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (GOOD + GOOD + "{nope\n", 3, "tegn 2: ugyldig JSON"),
        (GOOD + "\n" + GOOD, 2, "tom linje"),
        (GOOD + '{"text": "x"}\n', 2, "id"),
        (GOOD + '{"id": 5, "text": "x"}\n', 2, "id"),
        ('{"id": "1"}\n', 1, "text"),
        ('{"id": "1", "text": null}\n', 1, "text"),
        (GOOD + '["id", "text"]\n', 2, "objekt"),
        (GOOD.encode().decode() + "\udcff", 2, "UTF-8"),
    ],
)
def test_bad_input_fails_with_line_number_and_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, line: int, words: str
) -> None:
    inp = tmp_path / "in.jsonl"
    if "\udcff" in content:
        inp.write_bytes(GOOD.encode() + b'{"id": "2", "text": "\xff"}\n')
    else:
        inp.write_text(content, "utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(inp), str(out)]) != 0
    err = capsys.readouterr().err
    assert f"linje {line}" in err and words in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [inp]  # no temp file left behind either


def test_unreadable_input_and_bad_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert main([str(tmp_path / "missing.jsonl"), str(out)]) != 0
    assert "kan ikke læse inputfilen" in (err := capsys.readouterr().err)
    assert "filen findes ikke" in err
    assert main([str(tmp_path / "missing.jsonl")]) != 0
    assert "brug:" in capsys.readouterr().err
    inp = _write(tmp_path / "in.jsonl", SAMPLE)
    assert main([str(inp), str(out), "--known-names", str(tmp_path / "nope.txt")]) != 0
    assert not out.exists()


def test_console_script_end_to_end(tmp_path: Path) -> None:
    inp, out = _write(tmp_path / "in.jsonl", SAMPLE), tmp_path / "out.jsonl"
    exe = Path(sys.executable).with_name("borgerrejse")
    if not exe.exists():
        pytest.skip("console script not installed")
    proc = subprocess.run(
        [str(exe), "analyse-jsonl", str(inp), str(out)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert len(_read(out)) == 4
    bad = tmp_path / "bad.jsonl"
    bad.write_text(GOOD + "oops\n", "utf-8")
    proc = subprocess.run(
        [str(exe), "analyse-jsonl", str(bad), str(tmp_path / "o2.jsonl")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0 and "linje 2" in proc.stderr
    assert not (tmp_path / "o2.jsonl").exists()


def test_import_stays_light() -> None:
    code = (
        "import sys, analysis.cli, analysis.coder, analysis.anonymise;"
        "bad=[m for m in ('flask','sklearn','scipy','survey','nltk') if m in sys.modules];"
        "print(','.join(bad))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_help_prints_usage_and_exits_zero(capsys):
    from analysis.cli import main

    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "analyse-jsonl IN.jsonl OUT.jsonl" in out
    assert "--known-names" in out

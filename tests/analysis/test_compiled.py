"""The mypyc-compiled hot path (``BORGERREJSE_MYPYC=1 pip install .``, see setup.py) must give
exactly the output of the pure-Python modules it replaces."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.compiled import ROOT, build, compiled_modules

CORPUS = ROOT / "analysis" / "corpus"
# Not corpus texts: shapes the corpus lacks (empty, odd Unicode, numbers that look like CPR).
EDGE_CASES = [
    "",
    "   ",
    "Ring til Søren-Kåre på +45 20 30 40 50 eller skriv til s.k@eksempel.dk, cpr 010203-1234.",
    "ÆØÅ æøå ß ǅ İ ﬁ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u200b\u00ad\ufeff 🙂👍🏽 \U0010ffff",
    "sag 2024-11873 / j.nr. 27.12.04-G01-33-25 – Lindegårdsskolen, 3. februar 2025",
    "Det tog 9 måneder!!! super hurtigt... tak for ingenting",
    "x" * 5000,
]


@pytest.fixture(scope="module")
def compiled_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("mypyc") / "copy")


def _answers() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("train_*.jsonl")) + sorted(CORPUS.glob("pii_dev*.jsonl")):
        for line in path.read_text("utf-8").splitlines()[::10]:
            texts.append(json.loads(line)["text"])
    return texts + EDGE_CASES


def _analyse(pythonpath: Path, inp: Path, out: Path, names: Path) -> str:
    """Run analyse-jsonl with ``pythonpath`` first; return the file of ``analysis.coder``."""
    code = (
        "import sys, analysis.coder, analysis.pii.names\n"
        "from analysis.cli import main\n"
        "print(analysis.coder.__file__, analysis.pii.names.__file__)\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    # cwd too: ``python -c`` puts the working directory ahead of PYTHONPATH.
    done = subprocess.run(
        [sys.executable, "-c", code, str(inp), str(out), "--known-names", str(names)],
        env=env,
        cwd=pythonpath,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_every_listed_module_is_compiled(compiled_copy: Path) -> None:
    modules = compiled_modules()
    assert "analysis.pii.names" in modules and "analysis.coder" in modules
    for module in modules:
        assert list(compiled_copy.glob(module.replace(".", "/") + ".*.so")), module


def test_compiled_output_is_byte_identical(compiled_copy: Path, tmp_path: Path) -> None:
    texts = _answers()
    assert len(texts) > 1_500
    inp = tmp_path / "in.jsonl"
    inp.write_text(
        "".join(
            json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
            for i, t in enumerate(texts)
        ),
        "utf-8",
    )
    names = tmp_path / "names.txt"
    names.write_text("Søren-Kåre\nBirgitte Holm\nMulle\n", "utf-8")
    pure, compiled = tmp_path / "pure.jsonl", tmp_path / "compiled.jsonl"
    pure_files = _analyse(ROOT, inp, pure, names)
    compiled_files = _analyse(compiled_copy, inp, compiled, names)
    assert ".so" not in pure_files
    assert compiled_files.count(".so") == 2
    assert compiled.read_bytes() == pure.read_bytes()
    rows = [json.loads(line) for line in compiled.read_text("utf-8").splitlines()]
    assert len(rows) == len(texts)
    assert sum(bool(r["pii"]) for r in rows) > 500  # the detectors ran, not just the coder

"""The wheel carries everything the app reads at run time (templates, migrations, data)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIRS = ("templates", "migrations", "analysis/data", "analysis/models", "survey/static",
                "survey/briefs/fonts")


@pytest.mark.slow
def test_wheel_contains_runtime_files(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("borgerrejse-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in RUNTIME_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                relative = path.relative_to(ROOT).as_posix()
                assert relative in names, f"{relative} mangler i wheel-filen"
    assert any(n.endswith("entry_points.txt") for n in names)

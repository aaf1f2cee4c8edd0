"""A throw-away copy of ``analysis/`` with its hot path compiled by mypyc, built by the same
``setup.py`` hook as ``BORGERREJSE_MYPYC=1 pip install .``; put its folder first on
``PYTHONPATH`` to run the compiled modules. Used by ``benchmarks/analysis.py`` (pure Python and
compiled side by side) and by ``tests/analysis/test_compiled.py`` (byte-identical output).

    .venv/bin/python benchmarks/compiled.py DEST
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compiled_modules() -> list[str]:
    """Dotted names of the modules ``setup.py`` compiles."""
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    paths = conf["tool"]["borgerrejse"]["mypyc-modules"]
    return [p.removesuffix(".py").replace("/", ".") for p in paths]


def build(dest: Path) -> Path:
    """Build the compiled copy in ``dest`` (created; must not exist) and return it."""
    dest.mkdir(parents=True)
    shutil.copytree(
        ROOT / "analysis",
        dest / "analysis",
        ignore=shutil.ignore_patterns("__pycache__", "corpus", "*.so"),
    )
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    env = {**os.environ, "BORGERREJSE_MYPYC": "1"}
    done = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace", "-j", str(os.cpu_count() or 1)],
        cwd=dest,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"mypyc-bygning fejlede:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    missing = [
        m for m in compiled_modules() if not list(dest.glob(m.replace(".", "/") + ".*.so"))
    ]
    if missing:
        raise RuntimeError(f"ikke kompileret: {missing}")
    return dest


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))

"""``borgerrejse analyse-jsonl`` (placeholder until the analysis package is built)."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    print("analyse-jsonl er ikke bygget endnu.", file=sys.stderr)
    return 2

"""``borgerrejse analyse-jsonl IN.jsonl OUT.jsonl [--known-names FILE]``.

Reads lines ``{"id": str, "text": str}`` and writes, in the same order, one line per input:
``{"id", "anonymised", "pii": [{"start","end","kind"}], "themes": [...], "sentiment"}``.
The whole input is validated before anything is written; output goes to a temporary file in
the target directory and is renamed into place only when every line succeeded, so a failed
run leaves no (partial) output file. No Flask, no survey package, no scikit-learn here.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

USAGE = "brug: borgerrejse analyse-jsonl IN.jsonl OUT.jsonl [--known-names FIL]"
HELP = (
    USAGE + "\n\nAnonymiserer og koder fritekst. IN.jsonl har én linje pr. svar: "
    '{"id": "...", "text": "..."}.\n'
    "OUT.jsonl får én linje pr. svar i samme rækkefølge med anonymised, pii, themes og "
    "sentiment.\n"
    "  --known-names FIL  navne (UTF-8, ét pr. linje), der altid skal fjernes\n"
    "  -h, --help         vis denne hjælp"
)
PROGRESS_MIN = 2000  # show a progress bar (TTY only) from this many answers


# Operators read these in Danish; other errors keep the system's own words.
_OS_REASONS = {
    errno.ENOENT: "filen findes ikke",
    errno.EACCES: "ingen adgang",
    errno.EISDIR: "det er en mappe",
    errno.ENOSPC: "disken er fuld",
    errno.EROFS: "filsystemet er skrivebeskyttet",
}


def _os_reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


class InputError(Exception):
    """Bad input; the message is Danish and names the line number where relevant."""


def _parse_args(argv: Sequence[str]) -> tuple[Path, Path, Path | None]:
    positional: list[str] = []
    names: Path | None = None
    it = iter(argv)
    for arg in it:
        if arg == "--known-names":
            value = next(it, None)
            if value is None:
                raise InputError("--known-names kræver et filnavn")
            names = Path(value)
        elif arg.startswith("--known-names="):
            names = Path(arg.split("=", 1)[1])
        elif arg in ("-h", "--help"):
            raise InputError(USAGE)
        elif arg.startswith("--"):
            raise InputError(f"ukendt tilvalg: {arg}\n{USAGE}")
        else:
            positional.append(arg)
    if len(positional) != 2:
        raise InputError(USAGE)
    return Path(positional[0]), Path(positional[1]), names


def _read_text(path: Path, what: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"kan ikke læse {what} {path}: {_os_reason(exc)}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"linje {line}: ugyldig UTF-8 i {what} {path}") from exc


def read_known_names(path: Path) -> list[str]:
    text = _read_text(path, "navnefilen")
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def read_items(path: Path) -> list[tuple[str, str]]:
    """Validated (id, text) pairs; raises InputError naming the first bad line."""
    text = _read_text(path, "inputfilen")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline is fine
    items: list[tuple[str, str]] = []
    for no, raw in enumerate(lines, start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line.strip():
            raise InputError(f"linje {no}: tom linje")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"linje {no}, tegn {exc.colno}: ugyldig JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise InputError(f"linje {no}: forventede et JSON-objekt med id og text")
        ident, body = obj.get("id"), obj.get("text")
        if "id" not in obj:
            raise InputError(f"linje {no}: mangler feltet id")
        if not isinstance(ident, str):
            raise InputError(f"linje {no}: id skal være en tekst")
        if "text" not in obj:
            raise InputError(f"linje {no}: mangler feltet text")
        if not isinstance(body, str):
            raise InputError(f"linje {no}: text skal være en tekst")
        items.append((ident, body))
    return items


def _progress(items: list[tuple[str, str]], stream: TextIO) -> Iterator[tuple[str, str]]:
    if len(items) >= PROGRESS_MIN and stream.isatty():
        from tqdm import tqdm

        yield from tqdm(items, file=stream, unit="svar", desc="Analyserer")
    else:
        yield from items


def analyse_line(ident: str, text: str, known_names: Sequence[str]) -> str:
    from .anonymise import anonymise
    from .coder import code

    if not text.strip():
        empty: dict[str, object] = {
            "id": ident,
            "anonymised": text,
            "pii": [],
            "themes": [],
            "sentiment": "neutral",
        }
        return json.dumps(empty, ensure_ascii=False)
    anon = anonymise(text, known_names)
    coding = code(anon.text)
    row: dict[str, object] = {
        "id": ident,
        "anonymised": anon.text,
        "pii": [{"start": s.start, "end": s.end, "kind": s.kind} for s in anon.spans],
        "themes": list(coding.themes),
        "sentiment": coding.sentiment,
    }
    return json.dumps(row, ensure_ascii=False)


def run(in_path: Path, out_path: Path, names_path: Path | None) -> int:
    known = read_known_names(names_path) if names_path is not None else []
    items = read_items(in_path)
    directory = out_path.parent if str(out_path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"mappen findes ikke: {directory}")
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for ident, text in _progress(items, sys.stderr):
                fh.write(analyse_line(ident, text, known))
                fh.write("\n")
        os.replace(tmp, out_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return len(items)


def _run_with_rare_gc(in_path: Path, out_path: Path, names_path: Path | None) -> int:
    # Answers make no reference cycles worth collecting, but the cyclic collector would keep
    # walking the input, the caches and the model: 2.4 % of the instructions of a run.
    # Collections still happen, far less often; the settings are restored for callers in
    # the same process (tests).
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 50)
    try:
        return run(in_path, out_path, names_path)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def main(argv: list[str]) -> int:
    if any(arg in ("-h", "--help") for arg in argv):
        print(HELP)
        return 0
    try:
        in_path, out_path, names = _parse_args(argv)
        count = _run_with_rare_gc(in_path, out_path, names)
    except InputError as exc:
        print(f"analyse-jsonl: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"analyse-jsonl: kan ikke skrive output: {_os_reason(exc)}", file=sys.stderr)
        return 1
    print(f"{count} svar analyseret.", file=sys.stderr)
    return 0

"""Analysis benchmark: anonymiser and the whole ``analyse-jsonl`` process, next to scrubadub
and Presidio on the same texts.

    .venv/bin/python benchmarks/analysis.py [--n 10000] [--rounds 3] [--pure-only]

Generates N deterministic ~60-word Danish answers with PII by recombining corpus sentences,
times ``anonymise`` alone and the theme/sentiment coder alone, runs the real console script
``.venv/bin/borgerrejse analyse-jsonl`` as a subprocess (wall time incl. start-up, peak RSS of
the child) twice over: as developed (pure Python) and with the hot path compiled by mypyc as
``BORGERREJSE_MYPYC=1 pip install .`` builds it (see setup.py), and measures PII recall on the
labelled corpus for all three tools. scrubadub / presidio-analyzer are optional (extra
``bench``); missing ones print "ikke installeret".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "analysis" / "corpus"
Spans = list[tuple[int, int]]


def corpus_rows() -> list[dict[str, object]]:
    rows = []
    for f in sorted(CORPUS.glob("*.jsonl")):
        rows.extend(json.loads(ln) for ln in f.read_text("utf-8").splitlines() if ln.strip())
    return [r for r in rows if "text" in r]  # heldout_recoded.jsonl holds codes only


def make_answers(n: int, seed: int = 20240601) -> list[str]:
    rows = corpus_rows()
    sentences = [
        s.strip()
        for r in rows
        for s in re.split(r"(?<=[.!?])\s+", str(r["text"]))
        if len(s.split()) >= 4
    ]
    rnd = random.Random(seed)
    extra_pii = [
        "Ring på 45 97 33 12.",
        "Skriv til anne.holm@mail.dk.",
        "Mit cpr er 120349-1234.",
        "Jeg bor på Kongevejen 112, 2800 Lyngby.",
        "Sagsnr. 24-331907.",
        "Spørg efter Mette Hansen.",
    ]
    out: list[str] = []
    for _ in range(n):
        words: list[str] = []
        while len(words) < 55:
            words.extend(rnd.choice(sentences).split())
        if rnd.random() < 0.5:
            words.extend(rnd.choice(extra_pii).split())
        out.append(" ".join(words))
    return out


def recall(tool: Callable[[str], Spans]) -> tuple[float, dict[str, float]]:
    """Share of corpus PII items whose every alphanumeric character is covered by a span."""
    per: dict[str, list[int]] = {}
    for r in corpus_rows():
        text = str(r["text"])
        spans = tool(text)
        for item in r["pii"]:  # type: ignore[attr-defined]
            sub, kind = item["text"], item["kind"]
            start = text.find(sub)
            ok = 1
            while start != -1:
                for i, ch in enumerate(sub):
                    if ch.isalnum() and not any(a <= start + i < b for a, b in spans):
                        ok = 0
                start = text.find(sub, start + 1)
            per.setdefault(kind, []).append(ok)
    allv = [v for vs in per.values() for v in vs]
    return sum(allv) / len(allv), {k: round(sum(v) / len(v), 3) for k, v in sorted(per.items())}


def ours() -> Callable[[str], Spans]:
    from analysis.anonymise import anonymise

    return lambda t: [(s.start, s.end) for s in anonymise(t).spans]


def scrubadub_tool() -> Callable[[str], Spans] | None:
    try:
        import scrubadub  # type: ignore[import-not-found]
    except ImportError:
        return None
    scrubber = scrubadub.Scrubber(locale="da_DK")

    def run(text: str) -> Spans:
        return [(f.beg, f.end) for f in scrubber.iter_filth(text)]

    return run


def presidio_tool() -> Callable[[str], Spans] | None:
    try:
        import spacy  # type: ignore[import-not-found]
        from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer  # type: ignore[import-not-found]
        from presidio_analyzer.nlp_engine import SpacyNlpEngine  # type: ignore[import-not-found]
        from presidio_analyzer.predefined_recognizers import (  # type: ignore[import-not-found]
            EmailRecognizer,
            PhoneRecognizer,
        )
    except ImportError:
        return None

    try:  # Presidio's e-mail validation uses tldextract: keep it offline (bundled suffix list)
        import tldextract  # type: ignore[import-not-found]

        tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    except (ImportError, AttributeError):
        pass

    class BlankDa(SpacyNlpEngine):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(models=[{"lang_code": "da", "model_name": "blank"}])

        def load(self) -> None:
            self.nlp = {"da": spacy.blank("da")}

    engine = AnalyzerEngine(nlp_engine=BlankDa(), supported_languages=["da"])
    cpr = PatternRecognizer(
        supported_entity="DK_CPR",
        supported_language="da",
        patterns=[Pattern("cpr", r"\b\d{6}[ -]?\d{4}\b", 0.8)],
    )
    engine.registry.add_recognizer(cpr)
    engine.registry.add_recognizer(EmailRecognizer(supported_language="da"))
    engine.registry.add_recognizer(
        PhoneRecognizer(supported_language="da", supported_regions=("DK",))
    )

    def run(text: str) -> Spans:
        return [(r.start, r.end) for r in engine.analyze(text=text, language="da")]

    return run


def throughput(tool: Callable[[str], Spans], texts: Sequence[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        tool(t)
    return len(texts) / (time.perf_counter() - t0)


def coder_throughput(texts: Sequence[str]) -> tuple[float, float]:
    """The theme/sentiment coder alone (model loaded and token caches warm): answers per
    second of wall time and of CPU time (the latter is steadier on a busy machine), best of 3."""
    from analysis.coder import code

    for t in texts[:500]:
        code(t)
    wall = cpu = float("inf")
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            code(t)
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return len(texts) / wall, len(texts) / cpu


def cli_run(texts: Sequence[str], compiled: Path | None = None) -> tuple[float, float]:
    """The real console script on ``texts``: answers per second (start-up included) and the
    child's peak RSS. ``compiled``: a copy built by ``benchmarks/compiled.py``, run first on
    the path (and as working directory, so the source tree cannot shadow it)."""
    exe = Path(sys.executable).with_name("borgerrejse")
    env = {**os.environ, "PYTHONPATH": str(compiled)} if compiled else None
    with tempfile.TemporaryDirectory() as d:
        inp, out = Path(d) / "in.jsonl", Path(d) / "out.jsonl"
        inp.write_text(
            "".join(
                json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
                for i, t in enumerate(texts)
            ),
            "utf-8",
        )
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [str(exe), "analyse-jsonl", str(inp), str(out)],
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=compiled,
        )
        # wait4: this child's own peak RSS (RUSAGE_CHILDREN is the largest child so far).
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - t0
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise subprocess.CalledProcessError(child.returncode, child.args)
    rss_mb = usage.ru_maxrss / 1024
    return len(texts) / wall, rss_mb


def cli_pure_and_compiled(texts: Sequence[str], rounds: int) -> None:
    """``analyse-jsonl`` as installed for development (pure Python) and as an operator's
    ``BORGERREJSE_MYPYC=1 pip install .`` runs it (hot path compiled), alternating so that a
    slow spell of the machine hits both; best run of each and their ratio."""
    from benchmarks.compiled import build

    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        copy = build(Path(d) / "copy")
        print(f"mypyc-bygning: {time.perf_counter() - t0:.0f} s")
        pure = comp = 0.0
        rss_pure = rss_comp = 0.0
        for _ in range(rounds):
            rate, rss = cli_run(texts)
            pure, rss_pure = max(pure, rate), max(rss_pure, rss)
            rate, rss = cli_run(texts, copy)
            comp, rss_comp = max(comp, rate), max(rss_comp, rss)
    print(
        f"analyse-jsonl (hele processen), ren Python: {pure:,.0f} svar/s, "
        f"maks. RSS {rss_pure:.0f} MB"
    )
    print(
        f"analyse-jsonl (hele processen), mypyc:      {comp:,.0f} svar/s, "
        f"maks. RSS {rss_comp:.0f} MB (x{comp / pure:.2f} af ren Python)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--rounds", type=int, default=3, help="analyse-jsonl-kørsler af hver slags")
    p.add_argument("--pure-only", action="store_true", help="spring mypyc-bygningen over")
    args = p.parse_args(argv)
    texts = make_answers(args.n)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} svar, gennemsnit {words:.0f} ord")
    if args.pure_only:
        rate, rss = cli_run(texts)
        print(f"analyse-jsonl (hele processen): {rate:,.0f} svar/s, maks. RSS {rss:.0f} MB")
    else:
        cli_pure_and_compiled(texts, args.rounds)
    coder_wall, coder_cpu = coder_throughput(texts)
    print(f"koder alene: {coder_wall:,.0f} svar/s (væg), {coder_cpu:,.0f} svar/s (CPU-tid)")
    print(f"{'værktøj':<12} {'svar/s':>10} {'PII-recall':>11}  pr. type")
    tools = [
        ("borgerrejse", ours()),
        ("scrubadub", scrubadub_tool()),
        ("presidio", presidio_tool()),
    ]
    for name, tool in tools:
        if tool is None:
            print(f"{name:<12} ikke installeret")
            continue
        sample = texts if name == "borgerrejse" else texts[:2000]
        r, per = recall(tool)
        print(f"{name:<12} {throughput(tool, sample):>10,.0f} {r:>11.3f}  {per}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

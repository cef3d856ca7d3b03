"""In-process lint CPU time: the Toi tree's own programs, a long file, and the server's edits.

    TOI=/path/to/toi-tree/toi python benchmarks/lint_profile.py [--repeat 5]

Measures ``toilint.api.lint_source`` with default settings (CPU seconds of this process, median
of ``--repeat`` runs, the machine is shared) over:

* every ``.toi`` file of the interpreter's tree (``lib/``, ``tests/``, ``examples/``,
  ``benchmarks/``; the directory of ``$TOI``), one lint per file;
* ``tests/programs`` concatenated to 10,000 lines (a long top level: every program at once);
* the language-server latency program (``lsp_latency.py``) at 2,000 and 10,000 lines, linted
  whole and after a one-character edit with the previous result (what the server does per
  keystroke).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lint_speed import build_corpus  # noqa: E402
from lsp_latency import program  # noqa: E402

DIRS = ("lib", "tests", "examples", "benchmarks")


def tree_files() -> list[tuple[str, str]]:
    toi = os.environ.get("TOI")
    if not toi:
        return []
    root = Path(toi).resolve().parent
    files = sorted({p for d in DIRS for p in (root / d).rglob("*.toi")})
    return [(str(p), p.read_text(encoding="utf-8", errors="surrogateescape")) for p in files]


def median_cpu(work: Callable[[], object], repeat: int) -> float:
    work()  # warm: imports, grammar tables, caches of imported modules
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        work()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    from toilint.api import lint_source

    rows: list[tuple[str, int, float]] = []
    files = tree_files()
    if files:
        lines = sum(t.count("\n") for _, t in files)
        rows.append(
            (
                f"{len(files)} files of the Toi tree",
                lines,
                median_cpu(lambda: [lint_source(t, p) for p, t in files], args.repeat),
            )
        )
    long = build_corpus(10_000)
    rows.append(
        ("tests/programs as one file", long.count("\n"), median_cpu(lambda: lint_source(long, "long.toi"), args.repeat))
    )
    for n in (2_000, 10_000):
        text = program(n)
        first = lint_source(text, "latency.toi")
        edited = text.replace("count = count + 1", "count = count + 2", 1)
        rows.append(
            (
                "server program, whole",
                text.count("\n"),
                median_cpu(lambda text=text: lint_source(text, "latency.toi"), args.repeat),
            )
        )
        rows.append(
            (
                "server program, one edit",
                text.count("\n"),
                median_cpu(lambda e=edited, f=first: lint_source(e, "latency.toi", previous=f), args.repeat),
            )
        )
    print("| what | lines | CPU (median) |\n| --- | --- | --- |")
    for what, lines, cpu in rows:
        print(f"| {what} | {lines:,} | {cpu * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

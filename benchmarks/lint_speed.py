"""Parser speed: lines per second over a corpus built from ``tests/programs``.

The programs are concatenated (each kept whole, so the result still compiles) until the corpus
has at least ``--lines`` lines, then parsed ``--repeat`` times; the best run is reported, since
the minimum is the least noisy estimate of what the code costs.

    python benchmarks/lint_speed.py [--lines 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"


def build_corpus(min_lines: int = 20_000) -> str:
    """Whole test programs, repeated until the text has ``min_lines`` lines."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(PROGRAMS.glob("*.toi"))]
    texts = [t if t.endswith("\n") else t + "\n" for t in texts if "\r" not in t]
    parts: list[str] = []
    lines = 0
    while lines < min_lines:
        for t in texts:
            parts.append(t)
            lines += t.count("\n")
    return "".join(parts)


def parse_speed(text: str, repeat: int = 5, clock: str = "cpu") -> tuple[int, float]:
    """(lines, best seconds) for ``toilint.syntax.parse`` over ``text``.

    ``clock="cpu"`` measures this process's CPU time, which other load on the machine barely
    disturbs; ``"wall"`` measures elapsed time.
    """
    from toilint.syntax import parse

    result = parse(text)
    if not result.ok:
        raise SystemExit(f"benchmark corpus does not parse: {result.errors[0]}")
    now = time.process_time if clock == "cpu" else time.perf_counter
    best = float("inf")
    for _ in range(repeat):
        t0 = now()
        parse(text)
        best = min(best, now() - t0)
    return text.count("\n"), best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--lines", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    import toilint.syntax.driver  # noqa: F401  (grammar tables: load time reported separately)

    load = time.perf_counter() - t0
    corpus = build_corpus(args.lines)
    print(f"parser tables loaded in {load * 1000:.0f} ms")
    for clock in ("cpu", "wall"):
        lines, secs = parse_speed(corpus, args.repeat, clock)
        print(f"parsed {lines} lines in {secs:.3f} s ({clock}): {lines / secs:,.0f} lines/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

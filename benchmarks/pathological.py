"""Files that made rules quadratic: each must check and fix (safe fixes, every rule) in < 2 s.

    python benchmarks/pathological.py [--only NAME]

Each generator builds a valid Toi program that once took seconds to tens of seconds:
a 900-line loop body of `s = s + x` (PERF201 rescanned the loop per statement), 240 regex
calls of one pattern in one loop (PERF101 made a name and a fixer pass per call), and a
2,000-term `"k" + str(i) + ...` chain (PERF205 re-flattened the chain at every `+`).
Times are CPU seconds of this process (the machine is shared).
"""

from __future__ import annotations

import argparse
import time


def long_concat_loop(lines: int = 900) -> str:
    """One loop whose body is ``lines`` accumulations `s = s + x`."""
    body = "".join("        s = s + x\n" for _ in range(lines))
    return f'fn f(items)\n    s = ""\n    for x in items\n{body}    return s\nprint #f({{1, 2}})\n'


def many_regex_calls(count: int = 240) -> str:
    """One loop with ``count`` `regex.finditer(p, x)` calls of one pattern."""
    body = "".join(f"        n += #regex.finditer(p, x{'' if i % 2 else ' '})\n" for i in range(count))
    return (
        f'regex = import regex\nfn f(xs, p)\n    n = 0\n    for x in xs\n{body}    return n\nprint f({{"ab"}}, "a")\n'
    )


def concat_chain(terms: int = 2000) -> str:
    """One expression `"k" + str(i) + "k" + str(i) + ...` of ``terms`` terms."""
    parts = " + ".join('"k"' if j % 2 == 0 else "str(i)" for j in range(terms))
    return f"fn f(i)\n    return {parts}\nprint #f(1)\n"


CASES = {"concat-loop": long_concat_loop, "regex-calls": many_regex_calls, "concat-chain": concat_chain}


def measure(text: str) -> tuple[float, float]:
    """(check, fix) CPU seconds with every rule selected, safe fixes only."""
    from toilint.api import lint_source
    from toilint.fix.fixer import fix_source
    from toilint.settings import Settings

    settings = Settings(select=("ALL",))
    t0 = time.process_time()
    lint_source(text, "p.toi", settings)
    t1 = time.process_time()
    fix_source(text, "p.toi", settings, unsafe=False)
    t2 = time.process_time()
    return t1 - t0, t2 - t1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--only", choices=sorted(CASES))
    args = ap.parse_args(argv)
    worst = 0.0
    for name, make in CASES.items():
        if args.only and name != args.only:
            continue
        text = make()
        check, fix = measure(text)
        worst = max(worst, check, fix)
        print(f"{name:13} {text.count(chr(10)):5} lines  check {check:6.2f} s  fix {fix:6.2f} s (CPU)")
    return 0 if worst < 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())

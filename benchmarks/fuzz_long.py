"""The long fuzz run: the fast suite's properties over 100,000+ inputs, plus compiler agreement.

    python benchmarks/fuzz_long.py --examples 100000 [--generated 10000] [--oracle-every 20]
        [--fix-every 5] [--corpus DIR] [--seconds N] [--seed N]

Counts generated programs, mutated programs, crashes (a parse or lint that raises, or an E999),
fix results that do not parse or gain an E diagnostic, non-idempotent fixes, and, for every Nth
generated program, whether the real compiler (`$TOI` or `toi`) accepts it too.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))
sys.path.insert(0, str(ROOT))

from toigen import mutate, programs  # noqa: E402

from tests.support.interpreter import toi_path  # noqa: E402
from toilint import fix_source, lint_source  # noqa: E402
from toilint.settings import Settings  # noqa: E402

ALL = Settings(select=("ALL",))


def compile_error(toi: str, text: str) -> str | None:
    """The compiler's message when it rejects ``text`` (None when it compiles)."""
    with tempfile.NamedTemporaryFile("w", suffix=".toi", delete=False, encoding="utf-8", newline="") as fh:
        fh.write("exit(0)\n" + text)
    try:
        r = subprocess.run([toi, fh.name], capture_output=True, timeout=20, stdin=subprocess.DEVNULL)
    finally:
        os.unlink(fh.name)
    if r.returncode != 65:
        return None
    return re.sub(r"\x1b\[[0-9;]*m", "", r.stderr.decode(errors="replace")).strip()


def real_programs(corpus: str | None) -> list[Path]:
    """The project's own Toi programs (tests/programs, benchmark cases) and an optional corpus."""
    found = sorted((ROOT / "tests" / "programs").glob("*.toi")) + sorted(
        (ROOT / "benchmarks" / "cases").glob("*/*.toi")
    )
    if corpus:
        found += sorted(Path(corpus).rglob("*.toi"))
    return found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=100_000)
    ap.add_argument("--oracle-every", type=int, default=20)
    ap.add_argument("--fix-every", type=int, default=1, help="run the fixer properties on every Nth parsed input")
    ap.add_argument("--seconds", type=float, default=0, help="stop after this long and report what ran (0: no limit)")
    ap.add_argument("--seed", type=int, default=0, help="first seed; each chunk of inputs uses the next one")
    ap.add_argument(
        "--chunk", type=int, default=1000, help="programs per hypothesis run (its bookkeeping grows per run)"
    )
    ap.add_argument("--generated", type=int, default=10_000, help="how many inputs come from the program generator")
    ap.add_argument("--corpus", default=None, help="a directory of real .toi programs to mutate as well")
    args = ap.parse_args()
    toi = toi_path()
    counts: Counter[str] = Counter()
    failures: list[str] = []
    started = time.perf_counter()

    def record(kind: str, text: str, detail: str) -> None:
        counts[kind] += 1
        if len(failures) < 20:
            failures.append(f"--- {kind}: {detail}\n{text}")

    def one(text: str, generated: bool) -> None:
        counts["inputs"] += 1
        try:
            before = lint_source(text, "fuzz.toi", ALL)
        except Exception:
            record("crash", text, traceback.format_exc(limit=3))
            return
        if any(d.code == "E999" for d in before.diagnostics):
            record("rule-crash", text, str([d.message for d in before.diagnostics if d.code == "E999"]))
        if not before.parse.ok:
            counts["syntax-error"] += 1
            if generated:
                record("generated-program-rejected", text, before.diagnostics[0].message)
            return
        if generated and toi and counts["inputs"] % args.oracle_every == 0:
            counts["oracle-checked"] += 1
            message = compile_error(toi, text)
            if message and not any(d.code.startswith("E1") for d in before.diagnostics):
                record("compiler-rejects-what-toilint-accepts", text, message)
        if counts["inputs"] % args.fix_every:
            return
        counts["fix-checked"] += 1
        try:
            fixed = fix_source(text, "fuzz.toi", ALL, unsafe=True)
            if fixed.errors:
                record("fix-dropped", text, "; ".join(fixed.errors))
            if fixed.text != text:
                counts["fixed"] += 1
                after = lint_source(fixed.text, "fuzz.toi", ALL)
                if not after.parse.ok:
                    record("unparsable-fix", text, fixed.text)
                again = fix_source(fixed.text, "fuzz.toi", ALL, unsafe=True)
                if again.text != fixed.text:
                    record("not-idempotent", text, fixed.text)
        except Exception:
            record("fix-crash", text, traceback.format_exc(limit=3))

    def progress() -> None:
        if counts["inputs"] % 5000 == 0:
            print(f"... {counts['inputs']} inputs, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    def out_of_time() -> bool:
        return bool(args.seconds) and time.perf_counter() - started > args.seconds

    # 1. programs from the grammar-based generator (hypothesis is thorough but slow to generate)
    pool: list[str] = [p.read_text(encoding="utf-8", errors="replace") for p in real_programs(args.corpus)]
    chunk_seed = args.seed
    while counts["generated"] < args.generated and not out_of_time():

        @seed(chunk_seed)
        @settings(max_examples=args.chunk, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(programs())
        def generated(text: str) -> None:
            counts["generated"] += 1
            pool.append(text)
            one(text, True)
            progress()

        generated()
        chunk_seed += 1

    # 2. mutations of those and of real programs, drawn with `random` (fast), up to the total
    rng = random.Random(args.seed)
    while counts["inputs"] < args.examples and not out_of_time():
        counts["mutated"] += 1
        one(mutate(pool[rng.randrange(len(pool))], rng.randint), False)
        progress()
    if out_of_time():
        print("stopped at the time limit", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"{counts['inputs']} inputs in {elapsed:.0f} s; interpreter: {toi or 'not found'}")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    for f in failures:
        print(f)
    bad = sum(
        counts[k]
        for k in counts
        if k not in ("inputs", "syntax-error", "oracle-checked", "fixed", "fix-checked", "generated", "mutated")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

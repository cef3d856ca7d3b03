"""The long fuzz run: the fast suite's properties over 100,000+ inputs, plus compiler agreement.

    python benchmarks/fuzz_long.py --examples 100000 [--oracle-every 20] [--fix-every 5]

Counts generated programs, mutated programs, crashes (a parse or lint that raises, or an E999),
fix results that do not parse or gain an E diagnostic, non-idempotent fixes, and, for every Nth
generated program, whether the real compiler (`$TOI` or `toi`) accepts it too.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))
sys.path.insert(0, str(ROOT))

from toigen import mutations, programs  # noqa: E402

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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=100_000)
    ap.add_argument("--oracle-every", type=int, default=20)
    ap.add_argument("--fix-every", type=int, default=1, help="run the fixer properties on every Nth parsed input")
    args = ap.parse_args()
    toi = os.environ.get("TOI") or shutil.which("toi")
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
        if before.parse.module is None:
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
                if after.parse.module is None:
                    record("unparsable-fix", text, fixed.text)
                again = fix_source(fixed.text, "fuzz.toi", ALL, unsafe=True)
                if again.text != fixed.text:
                    record("not-idempotent", text, fixed.text)
        except Exception:
            record("fix-crash", text, traceback.format_exc(limit=3))

    half = args.examples // 2
    opts = settings(max_examples=half, deadline=None, database=None, suppress_health_check=list(HealthCheck))

    @opts
    @given(programs())
    def generated(text: str) -> None:
        one(text, True)

    @opts
    @given(programs().flatmap(mutations))
    def mutated(text: str) -> None:
        one(text, False)

    generated()
    mutated()
    elapsed = time.perf_counter() - started
    print(f"{counts['inputs']} inputs in {elapsed:.0f} s; interpreter: {toi or 'not found'}")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    for f in failures:
        print(f)
    bad = sum(
        counts[k] for k in counts if k not in ("inputs", "syntax-error", "oracle-checked", "fixed", "fix-checked")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""The `toilint bench` command: arguments in, the runner's measurements out as a table and into
the results store.

``toilint bench`` measures every bundled case, ``toilint bench PERF101 PERF205`` some of them,
``toilint bench FILE.toi`` a user's own program against toilint's fixed copy of it, and
``toilint bench --list`` shows the cases and their recorded results without running anything.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from toilint.bench import results as store
from toilint.bench.runner import (
    DEFAULT_REPEAT,
    MIN_SPEEDUP,
    BenchError,
    CaseResult,
    Progress,
    after_origin,
    discover_cases,
    find_interpreter,
    interpreter_identity,
    measure_fixed_copy,
    run_case,
    stderr_progress,
)
from toilint.resources import CASES_DIR

_CODE = re.compile(r"^[A-Z]+[0-9]+$")


def cli_bench(args: argparse.Namespace) -> int:
    """`toilint bench [CODE...|FILE.toi...] [--toi PATH] [--repeat N] [--cases DIR] [--results FILE]`."""
    repeat = int(getattr(args, "repeat", None) or DEFAULT_REPEAT)
    cases_dir = Path(getattr(args, "cases", None) or CASES_DIR)
    results_path = Path(getattr(args, "results", None) or store.RESULTS_PATH)
    targets: list[str] = list(getattr(args, "files", None) or [])
    progress = stderr_progress()
    try:
        if getattr(args, "list", False):
            sys.stdout.write(list_cases(discover_cases(cases_dir, targets or None), results_path))
            return 0
        if repeat < 1:
            raise BenchError("--repeat must be at least 1")
        toi = find_interpreter(getattr(args, "toi", None))
        files = [t for t in targets if not (_CODE.match(t.upper()) and not os.path.exists(t))]
        codes = [t for t in targets if t not in files]
        if files and codes:
            raise BenchError("give either rule codes or program files, not both")
        if files:
            status = 0
            for f in files:
                p = Path(f)
                if not p.is_file():
                    raise BenchError(f"{f}: no such file")
                status = max(status, bench_file(toi, p, repeat, progress))
            return status
        cases = discover_cases(cases_dir, codes or None)
        if not _writable(results_path):
            raise BenchError(f"cannot record results in {results_path}: pass --results FILE")
    except BenchError as exc:
        print(f"toilint: error: {exc}", file=sys.stderr)
        return 2
    identity = interpreter_identity(toi)
    print(f"interpreter: {toi} (sha256 {identity['sha256'][:12]}); {repeat} runs of each side", file=sys.stderr)
    results = []
    for case in cases:
        results.append(run_case(toi, case, repeat, progress))
        progress("")
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K")
    store.record_cases(
        [
            store.CaseRecord(
                r.code,
                r.rule,
                r.after_from,
                r.measurement.before,
                r.measurement.after,
                r.measurement.output_sha256,
                identity,
                r.measurement.before_cpu,
                r.measurement.after_cpu,
            )
            for r in results
            if r.measurement is not None
        ],
        results_path,
    )
    record_per_occurrence(toi, cases, results, identity, results_path, progress)
    sys.stdout.write(format_table(results))
    print(f"recorded in {results_path}", file=sys.stderr)
    return 1 if any(r.error for r in results) else 0


def record_per_occurrence(
    toi: str, cases: list[Path], results: list[CaseResult], identity: dict[str, Any], path: Path, progress: Progress
) -> None:
    """Each measured rule's cost per occurrence, for `toilint profile`'s estimates."""
    from toilint.profile.costs import SECTION, measure_per_occurrence

    by_code = {c.name: c for c in cases}
    measured = [
        (r.code, by_code[r.code], r.measurement.before_cpu, r.measurement.after_cpu)
        for r in results
        if r.measurement is not None and r.code in by_code
    ]
    entries, report = measure_per_occurrence(toi, measured, identity, store.now(), progress)
    if entries:
        store.record_section(SECTION, entries, path)
    for line in report:
        print(f"per occurrence: {line}", file=sys.stderr)


def _writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    parent = next((p for p in path.parents if p.exists()), None)
    return parent is not None and os.access(parent, os.W_OK)


def list_cases(cases: list[Path], results_path: Path) -> str:
    """The bundled cases with their after program and latest recorded result; runs nothing."""
    from toilint.rules.base import find_rule

    rows = [("case", "rule", "after program", "recorded")]
    for case in cases:
        rule = find_rule(case.name)
        after = after_origin(case) or "none"
        recorded = store.case(case.name, results_path)
        if recorded is None:
            shown = "not measured"
        else:
            speedup = recorded.get("speedup")
            shown = f"{speedup:.2f}x on {str(recorded.get('measured_at', '?'))[:10]}" if speedup else "?"
        rows.append((case.name, rule.name if rule else "(no such rule)", after, shown))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "".join(f"{r[0]:{widths[0]}}  {r[1]:{widths[1]}}  {r[2]:{widths[2]}}  {r[3]}\n" for r in rows)


def bench_file(toi: str, path: Path, repeat: int, progress: Progress) -> int:
    """Time a user's program against toilint's fixed copy of it; 0 when measured, 1 on failure."""
    from toilint.lines import LineIndex

    found = measure_fixed_copy(toi, path, repeat, progress)
    for err in found.errors:
        print(f"{path}: {err}", file=sys.stderr)
    if not found.applied:
        why = f" ({found.unfixed_perf} performance finding(s) without an automatic fix)" if found.unfixed_perf else ""
        print(f"{path}: toilint has no fix that changes this program{why}; nothing to measure.")
        return 0
    lines = LineIndex(path.read_text(encoding="utf-8"))
    print(f"{path}: {len(found.applied)} fix(es) applied to a temporary copy:")
    for d in found.applied:
        msg = d.fix.message if d.fix else d.message
        print(f"  line {lines.line_of(d.start)}: {d.code} {msg}")
    progress("")
    m = found.measurement
    if m is None:
        print(f"{path}: FAILED: {found.failure}")
        return 1
    print(
        f"{path}: {m.before_median:.3f} s -> {m.after_median:.3f} s: {m.speedup:.2f}x "
        f"(median of {repeat} runs each; output identical"
        + (f" except {m.unstable_lines} line(s) that vary between runs of the original" if m.unstable_lines else "")
        + ")"
    )
    return 0


def format_table(results: list[CaseResult]) -> str:
    rows = [("case", "rule", "before", "after", "speedup", "cpu", "after program")]
    notes: list[str] = []
    for r in results:
        if r.measurement is not None:
            m = r.measurement
            flag = "" if m.speedup >= MIN_SPEEDUP else " (below 1.3x: not a PERF rule)"
            rows.append(
                (
                    r.code,
                    r.rule,
                    f"{m.before_median:.3f} s",
                    f"{m.after_median:.3f} s",
                    f"{m.speedup:.2f}x",
                    f"{m.cpu_speedup:.2f}x" if m.cpu_speedup is not None else "-",
                    r.after_from,
                )
            )
            if flag:
                notes.append(f"{r.code}: {m.speedup:.2f}x{flag}")
        elif r.error is not None:
            rows.append((r.code, r.rule, "-", "-", "FAILED", "-", r.error))
        else:
            rows.append((r.code, r.rule, "-", "-", "skipped", "-", r.skipped or ""))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = []
    for row in rows:
        cells = [
            row[0].ljust(widths[0]),
            row[1].ljust(widths[1]),
            row[2].rjust(widths[2]),
            row[3].rjust(widths[3]),
            row[4].rjust(widths[4]),
            row[5].rjust(widths[5]),
            row[6],
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines + notes) + "\n"

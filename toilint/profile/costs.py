"""What one occurrence of a performance pattern costs on this interpreter.

A rule's benchmark case runs its pattern a known number of times: ``before.toi`` against the
fixed ``after.toi``. Counting those occurrences with the profiler's own instrumentation gives

    cost per occurrence = (CPU time before - CPU time after) / occurrences

which `toilint bench` records in the results store (section ``per_occurrence``) next to the
interpreter it was measured with. CPU-time medians, because the wall clock of a busy machine
moves far more than the CPU time a process uses.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from toilint.profile.data import FindingCost
from toilint.profile.profiler import Counted, perf_findings
from toilint.profile.run import ProgramFailed, run_toi
from toilint.settings import Settings

SECTION = "per_occurrence"


@attrs.define(frozen=True)
class RuleCost:
    """One rule's cost on one interpreter: per occurrence, and per unit of operand size."""

    per_occurrence_s: float
    per_size_unit_s: float | None = None


def count_occurrences(toi: str, case: Path, code: str, timeout: float = 900.0) -> tuple[int, float | None]:
    """How often the code of ``code``'s findings runs in ``case/before.toi`` (one counted run),
    and the summed size of the operands that drive the cost (None for constant-cost rules)."""
    import json

    from toilint.profile.instrument import instrument
    from toilint.profile.profiler import attribute_counts, size_operands

    before = case / "before.toi"
    text = before.read_text(encoding="utf-8")
    findings = [d for d in perf_findings(text, str(before), Settings(select=(code,))) if d.code == code]
    if not findings:
        raise ProgramFailed(f"{code} reports nothing in {before}")
    with tempfile.TemporaryDirectory(prefix="toilint-occurrences-") as tmp:
        counts_path = os.path.join(tmp, "counts.json")
        operands = size_operands(text, findings)
        names = {off: op.name for off, op in operands.items() if op.name is not None}
        prog = instrument(
            text,
            [d.start for d in findings],
            counts_path,
            file_name="before.toi",
            sized=names,
            spans={d.start: d.end for d in findings},
        )
        copy = Path(tmp) / "before.toi"
        copy.write_text(prog.text, encoding="utf-8", newline="")
        run = run_toi(toi, copy, [], case, None, timeout)
        if run.returncode != 0:
            raise ProgramFailed(f"the counting run of {before} exited with {run.returncode}")
        counts = [int(c) for c in json.loads(Path(counts_path).read_text(encoding="utf-8"))]
    counted = attribute_counts(text, findings, prog, counts, operands)
    missing = [c for c in counted if c.count is None]
    if missing:
        raise ProgramFailed(f"{code}: line {missing[0].line} of {before} could not be counted ({missing[0].basis})")
    sizes = [c.size for c in counted]
    size_total = sum(s for s in sizes if s is not None) if all(s is not None for s in sizes) else None
    return sum(c.count or 0 for c in counted), size_total


def per_occurrence_entry(
    occurrences: int,
    before_cpu_s: list[float],
    after_cpu_s: list[float],
    interpreter: dict[str, Any],
    stamp: str,
    size_total: float | None = None,
) -> dict[str, Any]:
    """The store entry for one rule (per-occurrence cost from CPU-time medians)."""
    before, after = statistics.median(before_cpu_s), statistics.median(after_cpu_s)
    return {
        "occurrences": occurrences,
        "size_total": size_total,
        "per_size_unit_s": (before - after) / size_total if size_total else None,
        "before_cpu_median_s": round(before, 4),
        "after_cpu_median_s": round(after, 4),
        "per_occurrence_s": (before - after) / occurrences if occurrences else None,
        "runs": len(before_cpu_s),
        "interpreter": interpreter,
        "measured_at": stamp,
    }


def load_costs(section: dict[str, Any], interpreter_sha256: str | None = None) -> dict[str, RuleCost]:
    """Code -> seconds per occurrence, from the store's ``per_occurrence`` section.

    With ``interpreter_sha256``, costs measured on another interpreter build are left out (a
    different build may make a pattern cheaper or dearer).
    """
    out: dict[str, RuleCost] = {}
    for code, entry in section.items():
        if not isinstance(entry, dict):
            continue
        per = entry.get("per_occurrence_s")
        if not isinstance(per, (int, float)) or per <= 0:
            continue
        sha = (entry.get("interpreter") or {}).get("sha256")
        if interpreter_sha256 is not None and sha != interpreter_sha256:
            continue
        unit = entry.get("per_size_unit_s")
        out[code] = RuleCost(float(per), float(unit) if isinstance(unit, (int, float)) and unit > 0 else None)
    return out


def measure_per_occurrence(
    toi: str,
    measured: list[tuple[str, Path, list[float], list[float]]],
    interpreter: dict[str, Any],
    stamp: str,
    progress: Callable[[str], None] | None = None,
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Store entries for measured cases ``(code, case directory, before CPU s, after CPU s)``.

    Returns the entries and one line per case for the user (the cost, or why there is none).
    """
    entries: dict[str, dict[str, Any]] = {}
    report: list[str] = []
    for code, case, before_cpu, after_cpu in measured:
        if not before_cpu or not after_cpu:
            report.append(f"{code}: no CPU times measured: no per-occurrence cost")
            continue
        if progress:
            progress(f"{code} counting occurrences ...")
        try:
            n, size_total = count_occurrences(toi, case, code)
        except (ProgramFailed, OSError, ValueError) as exc:
            report.append(f"{code}: occurrences not counted ({exc}): no per-occurrence cost")
            continue
        entry = per_occurrence_entry(n, before_cpu, after_cpu, interpreter, stamp, size_total)
        entries[code] = entry
        per = entry["per_occurrence_s"]
        report.append(
            f"{code}: {n:,} occurrences, {per * 1e6:.2f} µs CPU each" if per is not None else f"{code}: no occurrences"
        )
    if progress:
        progress("")
    return entries, report


def explain_line(code: str) -> str:
    """For `toilint explain`: the recorded cost per occurrence and how to see a program's total."""
    from toilint.bench import results

    entry = results.section(SECTION).get(code)
    how = (
        "`toilint profile PROGRAM.toi -- ARGS` counts how often this finding's code runs in your "
        "program and estimates what it costs; `--verify` measures the fix."
    )
    if not isinstance(entry, dict) or not isinstance(entry.get("per_occurrence_s"), (int, float)):
        return how + " No cost per occurrence is recorded for this rule yet (`toilint bench` records it)."
    per = float(entry["per_occurrence_s"])
    sha = str((entry.get("interpreter") or {}).get("sha256", "?"))[:12]
    return (
        f"{how} One occurrence costs about {per * 1e6:.2f} µs CPU "
        f"({entry.get('occurrences', 0):,} occurrences in benchmarks/cases/{code}; toi sha256 {sha})."
    )


def estimate(counted: list[Counted], path: Path, total_cpu_s: float, costs: dict[str, RuleCost]) -> list[FindingCost]:
    """Costs per finding, most expensive first.

    Size-driven rules: summed operand size × the rule's cost per unit of size; the others:
    count × the rule's cost per occurrence.
    """
    out = []
    for c in counted:
        cost = costs.get(c.diagnostic.code)
        est: float | None = None
        if cost is not None and c.count is not None:
            if cost.per_size_unit_s is not None and c.size is not None:
                est = c.size * cost.per_size_unit_s
            else:
                est = c.count * cost.per_occurrence_s
        per = est / c.count if (est is not None and c.count) else None
        share = est / total_cpu_s if (est is not None and total_cpu_s > 0) else None
        out.append(
            FindingCost(
                path=str((c.path or path).resolve()),
                line=c.line,
                code=c.diagnostic.code,
                message=c.diagnostic.message,
                count=c.count,
                unit=c.unit,
                basis=c.basis,
                per_occurrence_s=per,
                estimated_s=est,
                share=share,
                size=c.size,
            )
        )
    out.sort(key=lambda f: (-(f.estimated_s or 0.0), -(f.count or 0), f.line))
    return out

"""Counting how often each performance finding's code runs in a real run of the program.

:func:`count_findings` instruments a copy (:mod:`toilint.profile.instrument`), runs it next to
the plain program, checks that both print the same, and attributes the counts to the findings;
:mod:`toilint.profile.costs` turns counts into estimated seconds.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
from pathlib import Path

import attrs

from toilint import ast
from toilint.api import lint_source
from toilint.diagnostics import Diagnostic
from toilint.lines import LineIndex
from toilint.profile.data import FindingCost, ProfileData
from toilint.profile.instrument import Counter, Instrumented, countable_around, instrument, parent_map
from toilint.profile.run import ProgramFailed, ProgramRun, Progress, explain_failure, run_toi
from toilint.profile.sizes import SizeOperand, size_operand
from toilint.settings import Settings


@attrs.define
class Counted:
    """A finding and how often its code ran (None when no counter could reach it)."""

    diagnostic: Diagnostic
    line: int
    count: int | None
    unit: str
    basis: str
    #: the summed size of the operand that drives the cost (see toilint.profile.sizes)
    size: float | None = None


@attrs.define
class CountResult:
    findings: list[Counted]
    plain: list[ProgramRun]
    instrumented: ProgramRun
    program: Instrumented
    #: lines of the output left out of the comparison because they vary between plain runs
    unstable_lines: int = 0


def perf_findings(text: str, path: str, settings: Settings | None = None) -> list[Diagnostic]:
    result = lint_source(text, path, settings)
    return [d for d in result.diagnostics if d.code.startswith("PERF")]


def _header_once(node: ast.Node, offset: int) -> bool:
    """True when ``offset`` is in a `for` header's iterables (evaluated once per loop entry)."""
    return isinstance(node, ast.For) and any(e.start <= offset < e.end for e in node.iters)


def size_operands(text: str, diagnostics: list[Diagnostic]) -> dict[int, SizeOperand]:
    """Finding offset -> the operand whose size drives its cost (rules in :mod:`sizes`)."""
    from toilint.syntax import parse

    module = parse(text).module
    if module is None:
        return {}
    found = {d.start: size_operand(d.code, module, d) for d in diagnostics}
    return {off: op for off, op in found.items() if op is not None}


def attribute_counts(
    text: str,
    diagnostics: list[Diagnostic],
    prog: Instrumented,
    counts: list[int],
    operands: dict[int, SizeOperand] | None = None,
) -> list[Counted]:
    """Each finding's count: its statement's, else the innermost counted loop body or function."""
    from toilint.syntax import parse

    module = parse(text).module
    assert module is not None
    parents = parent_map(module)
    lines = LineIndex(text)
    by_start: dict[int, Counter] = {c.node_start: c for c in prog.counters if c.kind in ("loop", "function")}
    skipped = {s.line: s for s in prog.skipped}
    out: list[Counted] = []
    for d in diagnostics:
        line = lines.line_of(d.start)
        count: int | None = 1
        unit, basis = "runs", "top level: runs once"
        slot = prog.at_offset.get(d.start)
        if slot is not None and slot <= len(counts):
            count, basis = counts[slot - 1], f"the statement at line {line}"
        else:
            for node in countable_around(module, parents, d.start):
                if _header_once(node, d.start):
                    continue
                node_line = lines.line_of(node.start)
                counter = by_start.get(node.start)
                if counter is None:
                    why = skipped.get(node_line)
                    count, unit = None, "runs"
                    basis = f"{why.label} at line {node_line}: {why.reason}" if why else f"line {node_line} not counted"
                else:
                    count = counts[counter.index - 1] if counter.index <= len(counts) else None
                    unit = "iterations" if counter.kind == "loop" else "calls"
                    basis = f"{counter.label} at line {counter.line}"
                break
        size: float | None = None
        operand = (operands or {}).get(d.start)
        size_slot = prog.size_at.get(d.start)
        if operand is not None and operand.constant is not None and count is not None:
            size = float(count * operand.constant)
        elif size_slot is not None and size_slot <= len(counts) and count is not None:
            size = float(counts[size_slot - 1])
        out.append(Counted(d, line, count, unit, basis, size))
    return out


def _first_difference(a: str, b: str) -> str:
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False), 1):
        if x != y:
            return f"line {i}: {x!r} != {y!r}"
    return f"{len(la)} lines != {len(lb)} lines" if len(la) != len(lb) else "trailing whitespace differs"


def compare_outputs(plain: list[str], other: str, what: str) -> tuple[str | None, int]:
    """(None, unstable lines) when ``other`` prints what the plain runs print, else (why, 0).

    Lines that differ between the plain runs themselves (timings) are left out; every other
    line, and the number of lines, must be identical.
    """
    if len(set(plain)) == 1:
        if other == plain[0]:
            return None, 0
        return f"{what} differs from the plain run: {_first_difference(plain[0], other)}", 0
    split = [p.splitlines() for p in plain]
    if len({len(s) for s in split}) != 1:
        return "the program prints a different number of lines from run to run: cannot compare its output", 0
    stable = [i for i in range(len(split[0])) if len({s[i] for s in split}) == 1]
    theirs = other.splitlines()
    if len(theirs) != len(split[0]):
        return f"{what} prints {len(theirs)} lines, the plain run {len(split[0])}", 0
    for i in stable:
        if theirs[i] != split[0][i]:
            return f"{what} differs from the plain run: line {i + 1}: {split[0][i]!r} != {theirs[i]!r}", 0
    return None, len(split[0]) - len(stable)


@attrs.define
class RunSpec:
    """How the user runs the program."""

    toi: str
    program: Path
    args: list[str]
    cwd: Path
    stdin: bytes | None
    timeout: float
    progress: Progress | None = None


def count_findings(spec: RunSpec, text: str, diagnostics: list[Diagnostic], repeat: int = 2) -> CountResult:
    """Run the plain program ``repeat`` times and the instrumented copy once; compare; count.

    Raises :class:`ProgramFailed` when the program fails, times out, or the instrumented copy
    does not print what the plain program prints.
    """
    with tempfile.TemporaryDirectory(prefix="toilint-profile-") as tmp:
        counts_path = os.path.join(tmp, "counts.json")
        operands = size_operands(text, diagnostics)
        names = {off: op.name for off, op in operands.items() if op.name is not None}
        prog = instrument(text, [d.start for d in diagnostics], counts_path, file_name=str(spec.program), sized=names)
        copy = Path(tmp) / spec.program.name
        copy.write_text(prog.text, encoding="utf-8", newline="")
        plain: list[ProgramRun] = []
        instrumented: ProgramRun | None = None
        name = spec.program.name
        for i in range(max(repeat, 1)):
            run = run_toi(
                spec.toi,
                spec.program,
                spec.args,
                spec.cwd,
                spec.stdin,
                spec.timeout,
                spec.progress,
                f"{name} (plain run {i + 1}/{repeat}) ",
            )
            if run.returncode != 0:
                raise ProgramFailed(explain_failure(run, text, spec.stdin, name))
            plain.append(run)
            if instrumented is None:
                instrumented = run_toi(
                    spec.toi,
                    copy,
                    spec.args,
                    spec.cwd,
                    spec.stdin,
                    spec.timeout * 3,
                    spec.progress,
                    f"{name} (counting) ",
                )
        assert instrumented is not None
        if spec.progress:
            spec.progress("")
        if instrumented.returncode != plain[0].returncode:
            raise ProgramFailed(
                f"the instrumented copy of {name} exited with {instrumented.returncode}, the program with "
                f"{plain[0].returncode}: {explain_failure(instrumented, text, spec.stdin, 'the copy')}"
            )
        problem, unstable = compare_outputs(
            [r.stdout for r in plain], instrumented.stdout, "the instrumented copy's output"
        )
        if problem is None:
            problem, _ = compare_outputs(
                [r.stderr for r in plain], instrumented.stderr, "the instrumented copy's error output"
            )
        if problem is not None:
            raise ProgramFailed(problem + "; the counts would not describe this program, so nothing is reported")
        try:
            counts = [int(c) for c in json.loads(Path(counts_path).read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError) as exc:
            raise ProgramFailed(f"the instrumented copy of {name} wrote no counts ({exc})") from exc
    return CountResult(attribute_counts(text, diagnostics, prog, counts, operands), plain, instrumented, prog, unstable)


def profile_data(
    spec: RunSpec, result: CountResult, findings: list[FindingCost], interpreter: dict[str, object], stamp: str
) -> ProfileData:
    return ProfileData(
        program=str(spec.program.resolve()),
        total_cpu_s=statistics.median(r.cpu_s for r in result.plain),
        total_wall_s=statistics.median(r.wall_s for r in result.plain),
        findings=findings,
        args=list(spec.args),
        interpreter=dict(interpreter),
        measured_at=stamp,
    )


__all__ = ["ProgramFailed", "count_findings", "perf_findings"]

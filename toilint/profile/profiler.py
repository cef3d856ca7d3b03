"""Counting how often each performance finding's code runs in a real run of the program.

:func:`count_findings` instruments a copy (:mod:`toilint.profile.instrument`), runs it next to
the plain program, checks that both print the same, and attributes the counts to the findings;
:mod:`toilint.profile.costs` turns counts into estimated seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path

import attrs

from toilint import ast
from toilint.api import lint_source
from toilint.diagnostics import Diagnostic
from toilint.lines import LineIndex
from toilint.profile.data import FindingCost, ProfileData
from toilint.profile.instrument import (
    Counter,
    Instrumented,
    choose_prefix,
    countable_around,
    instrument,
    label,
    parent_map,
)
from toilint.profile.run import ProgramFailed, ProgramRun, Progress, explain_failure, run_toi
from toilint.profile.sizes import SizeOperand, size_operand
from toilint.settings import Settings
from toilint.visitor import iter_nodes


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
    #: the file the finding is in (the program or one of its modules)
    path: Path | None = None


@attrs.define
class CountResult:
    findings: list[Counted]
    plain: list[ProgramRun]
    instrumented: ProgramRun
    program: Instrumented
    #: lines of the output left out of the comparison because they vary between plain runs
    unstable_lines: int = 0
    #: every instrumented file, modules first, the program last
    programs: list[Instrumented] = attrs.field(factory=list)


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
                    last = lines.line_of(node.end)
                    why = skipped.get(node_line) or next((k for k in prog.skipped if node_line <= k.line <= last), None)
                    count, unit = None, "runs"
                    basis = f"{label(node)} at line {node_line} not counted" + (f": {why.reason}" if why else "")
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

    def run(self, label: str, program: Path | None = None, timeout_factor: float = 1) -> ProgramRun:
        """Run the program (or a copy of it) the way the user runs it."""
        return run_toi(
            self.toi,
            program or self.program,
            self.args,
            self.cwd,
            self.stdin,
            self.timeout * timeout_factor,
            self.progress,
            label,
        )


@attrs.define
class SourceFile:
    """One file of the program: the main script, or a project module it imports."""

    path: Path
    text: str
    diagnostics: list[Diagnostic]
    #: the dotted name the program imports it by; None for the main script
    module: str | None = None


def _imported_names(text: str) -> list[tuple[str, ast.Dotted]]:
    from toilint.syntax import parse

    module = parse(text).module
    if module is None:
        return []
    out: list[tuple[str, ast.Dotted]] = []
    for node in iter_nodes(module):
        dotted: list[ast.Dotted] = []
        if isinstance(node, ast.Import):
            dotted = list(node.modules)
        elif isinstance(node, (ast.FromImport, ast.ImportExpr)):
            dotted = [node.module]
        out.extend((".".join(p.id for p in d.parts), d) for d in dotted)
    return out


def project_modules(main: SourceFile, cwd: Path, settings: Settings | None = None) -> list[SourceFile]:
    """The ``.toi`` modules under ``cwd`` that the program imports, directly or not.

    Resolved as the interpreter does (relative to its working directory, native modules
    first: :mod:`toilint.semantic.modules`); files outside ``cwd`` (a shared library
    directory) are not copied.
    """
    from toilint.semantic.modules import resolve

    root = cwd.resolve()
    found: dict[str, SourceFile] = {}
    todo = [main]
    while todo:
        current = todo.pop()
        for name, _ in _imported_names(current.text):
            if name in found:
                continue
            res = resolve(name, cwd)
            if res.native or res.path is None:
                continue
            path = res.path.resolve()
            if not path.is_relative_to(root):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found[name] = SourceFile(path, text, perf_findings(text, str(path), settings), name)
            todo.append(found[name])
    return list(found.values())


def _renames(text: str, modules: set[str], import_dir: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((d.start, d.end, f"{import_dir}.{name}") for name, d in _imported_names(text) if name in modules)


def count_findings(
    spec: RunSpec,
    text: str,
    diagnostics: list[Diagnostic],
    repeat: int = 2,
    modules: list[SourceFile] | None = None,
) -> CountResult:
    """Run the plain program ``repeat`` times and the instrumented copy once; compare; count.

    ``modules`` (see :func:`project_modules`) are instrumented too: their copies go to a
    directory under the working directory (the interpreter resolves imports there), removed
    afterwards, and the copies' imports name them.

    Raises :class:`ProgramFailed` when the program fails, times out, or the instrumented copy
    does not print what the plain program prints.
    """
    main = SourceFile(spec.program, text, diagnostics)
    files = [*(modules or []), main]
    prefix = choose_prefix("\n".join(f.text for f in files))
    import_dir = f"{prefix}m{os.getpid()}"
    names = {f.module for f in files if f.module is not None}
    copies_root = spec.cwd / import_dir
    with tempfile.TemporaryDirectory(prefix="toilint-profile-") as tmp:
        counts_path = os.path.join(tmp, "counts.json")
        programs: list[tuple[SourceFile, Instrumented, dict[int, SizeOperand]]] = []
        next_slot = 1
        for f in files:
            operands = size_operands(f.text, f.diagnostics)
            prog = instrument(
                f.text,
                [d.start for d in f.diagnostics],
                counts_path,
                file_name=str(spec.program) if f.module is None else _module_file(f, spec.cwd),
                sized={off: op.name for off, op in operands.items() if op.name is not None},
                prefix=prefix,
                first_slot=next_slot,
                main=f.module is None,
                total_slots=None,
                renames=_renames(f.text, names, import_dir),
                import_dir=import_dir,
                module_name=f.module,
                spans={d.start: d.end for d in f.diagnostics},
            )
            next_slot += prog.slots
            programs.append((f, prog, operands))
        copy = Path(tmp) / spec.program.name
        copy.write_text(programs[-1][1].text, encoding="utf-8", newline="")
        try:
            for f, prog, _ in programs[:-1]:
                assert f.module is not None
                target = copies_root / (f.module.replace(".", "/") + ".toi")
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(prog.text, encoding="utf-8", newline="")
                except OSError as exc:
                    raise ProgramFailed(
                        f"cannot write the instrumented copy of module {f.module} under {spec.cwd}: {exc}"
                    ) from exc
            plain, instrumented = _run_both(spec, copy, text, repeat)
        finally:
            if modules:
                shutil.rmtree(copies_root, ignore_errors=True)
        try:
            counts = [int(c) for c in json.loads(Path(counts_path).read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError) as exc:
            raise ProgramFailed(f"the instrumented copy of {spec.program.name} wrote no counts ({exc})") from exc
    found: list[Counted] = []
    for f, prog, operands in programs:
        for c in attribute_counts(f.text, f.diagnostics, prog, counts, operands):
            c.path = f.path
            found.append(c)
    unstable = compare_outputs([r.stdout for r in plain], instrumented.stdout, "")[1]
    return CountResult(found, plain, instrumented, programs[-1][1], unstable, [p for _, p, _ in programs])


def _module_file(f: SourceFile, cwd: Path) -> str:
    """The ``__file`` the interpreter gives a module: the candidate path it opened."""
    try:
        return str(f.path.relative_to(cwd.resolve()))
    except ValueError:
        return str(f.path)


def _difference(plain: list[ProgramRun], instrumented: ProgramRun) -> str | None:
    problem, _ = compare_outputs([r.stdout for r in plain], instrumented.stdout, "the instrumented copy's output")
    if problem is None:
        problem, _ = compare_outputs(
            [r.stderr for r in plain], instrumented.stderr, "the instrumented copy's error output"
        )
    return problem


def _run_both(spec: RunSpec, copy: Path, text: str, repeat: int) -> tuple[list[ProgramRun], ProgramRun]:
    plain: list[ProgramRun] = []
    instrumented: ProgramRun | None = None
    name = spec.program.name
    for i in range(max(repeat, 1)):
        run = spec.run(f"{name} (plain run {i + 1}/{repeat}) ")
        if run.returncode != 0:
            raise ProgramFailed(explain_failure(run, text, spec.stdin, name))
        plain.append(run)
        if instrumented is None:
            instrumented = spec.run(f"{name} (counting) ", copy, timeout_factor=3)
    assert instrumented is not None
    if spec.progress:
        spec.progress("")
    if instrumented.returncode != plain[0].returncode:
        raise ProgramFailed(
            f"the instrumented copy of {name} exited with {instrumented.returncode}, the program with "
            f"{plain[0].returncode}: {explain_failure(instrumented, text, spec.stdin, 'the copy')}"
        )
    problem = _difference(plain, instrumented)
    if problem is not None and len(plain) == 1:
        # one plain run cannot tell timings from real differences: a second one can
        again = spec.run(f"{name} (plain run 2, to compare) ")
        if again.returncode == 0:
            plain.append(again)
            problem = _difference(plain, instrumented)
    if problem is not None:
        raise ProgramFailed(problem + "; the counts would not describe this program, so nothing is reported")
    return plain, instrumented


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

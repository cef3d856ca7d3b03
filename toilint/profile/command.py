"""`toilint profile PROGRAM.toi [-- ARGS]`: which performance findings cost this program time.

Runs the program as the user does (arguments, working directory, standard input), counts how
often each PERF finding's code runs with an instrumented copy, and ranks the findings by the
time they are estimated to cost: the count times the per-occurrence cost that the rule's
benchmark measured on this interpreter. ``--verify`` applies the fixes of the top findings to
a copy and measures the saving.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import attrs

from toilint.diagnostics import Applicability, Diagnostic, apply_edits
from toilint.profile import data as profile_data_file
from toilint.profile.costs import RuleCost, estimate
from toilint.profile.data import FindingCost, ProfileData, describe, seconds
from toilint.profile.instrument import InstrumentError, toi_string
from toilint.profile.profiler import (
    RunSpec,
    SourceFile,
    compare_outputs,
    count_findings,
    perf_findings,
    profile_data,
    project_modules,
)
from toilint.profile.run import ProgramFailed, ProgramRun, explain_failure, read_stdin


def cli_profile(args: argparse.Namespace) -> int:
    from toilint.bench.runner import BenchError, find_interpreter, interpreter_identity, stderr_progress
    from toilint.profile.options import split_rest

    program = Path(args.program)
    try:
        user_args = split_rest(args)
    except ValueError as exc:
        print(f"toilint: error: {exc}", file=sys.stderr)
        return 2
    try:
        toi = find_interpreter(getattr(args, "toi", None))
    except BenchError as exc:
        print(f"toilint: error: {exc}", file=sys.stderr)
        return 2
    if not program.is_file():
        print(f"toilint: error: {program}: no such file", file=sys.stderr)
        return 2
    if args.repeat < 1 or args.timeout <= 0:
        print("toilint: error: --repeat must be at least 1 and --timeout positive", file=sys.stderr)
        return 2
    try:
        text = program.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"toilint: error: {program}: cannot read: {exc}", file=sys.stderr)
        return 2
    progress = stderr_progress()
    spec = RunSpec(toi, program, user_args, Path.cwd(), read_stdin(), args.timeout, progress)
    diagnostics = perf_findings(text, str(program))
    identity = interpreter_identity(toi)
    try:
        modules = project_modules(SourceFile(program, text, diagnostics), spec.cwd)
        result = count_findings(spec, text, diagnostics, repeat=args.repeat, modules=modules)
    except (ProgramFailed, InstrumentError) as exc:
        progress("")
        print(f"toilint profile: {program}: {exc}", file=sys.stderr)
        return 1
    costs = _costs(identity)
    total_cpu = statistics.median(r.cpu_s for r in result.plain)
    findings = estimate(result.findings, program, total_cpu, costs)
    if args.verify and findings:
        _verify(spec, text, diagnostics, findings, result.plain, args)
    from toilint.bench.results import now

    profile = profile_data(spec, result, findings, identity, now())
    sys.stdout.write(
        render(
            profile,
            args.top,
            result.unstable_lines,
            len(result.plain),
            [f"{s.label} at line {s.line}: {s.reason}" for p in result.programs for s in p.skipped],
        )
    )
    if args.output != "-":
        out = Path(args.output)
        try:
            profile_data_file.save(profile, out)
            print(f"profile data written to {out} (use: toilint check --profile-data {out})", file=sys.stderr)
        except OSError as exc:
            print(f"toilint: error: cannot write {out}: {exc}", file=sys.stderr)
            return 1
    return 0


def _costs(identity: dict[str, object]) -> dict[str, RuleCost]:
    from toilint.bench import results
    from toilint.profile.costs import SECTION, load_costs

    return load_costs(results.section(SECTION), str(identity.get("sha256")))


def render(profile: ProfileData, top: int, unstable: int, runs: int, skipped: list[str]) -> str:
    name = Path(profile.program).name
    lines = [
        f"{name}: {seconds(profile.total_cpu_s)} CPU, {seconds(profile.total_wall_s)} wall "
        f"(median of {runs} plain run{'s' if runs != 1 else ''}); the instrumented run printed the same"
        + (f" (except {unstable} line(s) that vary between runs, such as timings)" if unstable else "")
    ]
    if not profile.findings:
        lines.append("no performance findings in this program")
        return "\n".join(lines) + "\n"
    shown = profile.findings[:top]
    for i, f in enumerate(shown, 1):
        lines.append(f"{i:>3}. {f.code} {_shown(f.path)}:{f.line} — {describe(f, profile.total_cpu_s)}")
        lines.append(f"       {f.message}  [{f.basis}]")
    if len(profile.findings) > top:
        lines.append(f"  ... {len(profile.findings) - top} more (--top N)")
    without = sorted({f.code for f in profile.findings if f.per_occurrence_s is None})
    if without:
        lines.append(
            "no per-occurrence cost recorded for "
            + ", ".join(without)
            + " on this interpreter: ranked by count only (`toilint bench` records the costs)"
        )
    lines.extend(f"not counted: {s}" for s in skipped)
    for f in profile.findings:
        if f.measured_s is not None:
            ratio = (
                f" (estimate / measured: {f.estimated_s / f.measured_s:.2f})"
                if f.estimated_s and f.measured_s > 0
                else ""
            )
            est = f"estimated {seconds(f.estimated_s)}, " if f.estimated_s is not None else ""
            lines.append(
                f"--verify {f.code} {Path(f.path).name}:{f.line}: {est}measured {seconds(f.measured_s)}{ratio}"
            )
    lines.append(
        "estimates: runs x the rule's CPU cost per occurrence from its benchmark case, or, where the "
        "cost grows with an operand (regex pattern, string, table), the summed operand size x its cost per unit"
    )
    return "\n".join(lines) + "\n"


def _shown(path: str) -> str:
    """A finding's file as the user knows it: relative to the working directory when inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


# --------------------------------------------------------------------------- --verify


@attrs.define
class Verified:
    cost: FindingCost
    saving_s: float


def _fix_for(diagnostics: list[Diagnostic], f: FindingCost, text: str, unsafe: bool) -> Diagnostic | None:
    from toilint.lines import LineIndex

    lines = LineIndex(text)
    for d in diagnostics:
        if d.code == f.code and lines.line_of(d.start) == f.line and d.fix is not None:
            ok = d.fix.applicability is Applicability.SAFE or (unsafe and d.fix.applicability is Applicability.UNSAFE)
            if ok:
                return d
    return None


def _verify(
    spec: RunSpec,
    text: str,
    diagnostics: list[Diagnostic],
    findings: list[FindingCost],
    plain: list[ProgramRun],
    args: argparse.Namespace,
) -> None:
    """Measure the saving of each top finding's fix, before/after alternating (CPU medians)."""
    from toilint.api import lint_source

    own = str(spec.program.resolve())
    todo = [f for f in findings if f.path == own and _fix_for(diagnostics, f, text, args.unsafe_fixes)]
    todo = todo[: args.verify_top]
    repeat = max(args.repeat, 3)
    for n, f in enumerate(todo, 1):
        d = _fix_for(diagnostics, f, text, args.unsafe_fixes)
        assert d is not None and d.fix is not None
        fixed = apply_edits(text, list(d.fix.edits))
        check = lint_source(fixed, str(spec.program))
        if check.has_syntax_error:
            continue
        with tempfile.TemporaryDirectory(prefix="toilint-verify-") as tmp:
            copy = Path(tmp) / spec.program.name
            # the interpreter sets __file to the path it runs; keep the original's
            copy.write_text(f"__file := {toi_string(str(spec.program))} gc " + fixed, encoding="utf-8", newline="")
            before: list[ProgramRun] = []
            after: list[ProgramRun] = []
            label = f"verify {n}/{len(todo)} {f.code} line {f.line}: "
            try:
                for i in range(repeat):
                    before.append(spec.run(f"{label}before {i + 1}/{repeat} "))
                    run = spec.run(f"{label}after {i + 1}/{repeat} ", copy)
                    if run.returncode != before[-1].returncode:
                        raise ProgramFailed(explain_failure(run, fixed, spec.stdin, "the fixed copy"))
                    after.append(run)
            except ProgramFailed as exc:
                f_msg = f"--verify {f.code} line {f.line}: {exc}"
                print(f_msg, file=sys.stderr)
                continue
            problem, _ = compare_outputs([r.stdout for r in plain + before], after[0].stdout, "the fixed copy's output")
            if problem is not None:
                print(f"--verify {f.code} line {f.line}: {problem}; not measured", file=sys.stderr)
                continue
            saving = statistics.median(r.cpu_s for r in before) - statistics.median(r.cpu_s for r in after)
            i = findings.index(f)
            findings[i] = attrs.evolve(f, measured_s=saving)
    if spec.progress:
        spec.progress("")

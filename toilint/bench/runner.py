"""The benchmark runner: times programs on the real interpreter and returns measurements.

A PERF rule is a promise that a program gets faster. The runner keeps that promise honest:
for each case in ``benchmarks/cases/<CODE>/`` it times ``before.toi`` against the program
toilint's own fix produces (so the fix is exercised too) or, for rules without a fix, a
hand-written ``after.toi``; it insists both print the same thing, and records the medians
with the identity of the interpreter that produced them (:func:`run_case`);
:func:`measure_fixed_copy` does the same for a user's own program. Recording and printing are
not the runner's business: see :mod:`toilint.bench.results` and :mod:`toilint.bench.command`. Timing is wall-clock time of whole interpreter processes,
before and after alternating so that drifting machine load hits both sides alike.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from toilint.resources import CASES_DIR

if TYPE_CHECKING:
    from toilint.diagnostics import Diagnostic

DEFAULT_REPEAT = 5
#: below this a rule is not worth a user's time and does not ship as PERF (it stays a preview)
MIN_SPEEDUP = 1.3
#: one run of a benchmark program; a hung interpreter must not hang the runner forever
RUN_TIMEOUT = 900.0


class BenchError(Exception):
    """A problem the user must fix before anything can be measured (no interpreter, bad path)."""


class CaseFailed(Exception):
    """A measurement that must not be recorded: outputs differ, a program failed, a fix broke."""


# --------------------------------------------------------------------------- the interpreter


def find_interpreter(explicit: str | None = None) -> str:
    """``--toi PATH``, else ``$TOI``, else ``toi`` on PATH; an absolute path to an executable."""
    for candidate, origin in ((explicit, "--toi"), (os.environ.get("TOI"), "$TOI")):
        if candidate:
            found = shutil.which(candidate) or (candidate if os.path.isfile(candidate) else None)
            if found is None or not os.access(found, os.X_OK):
                raise BenchError(f"{origin} {candidate!r} is not an executable file")
            return os.path.abspath(found)
    found = shutil.which("toi")
    if found is None:
        raise BenchError("no Toi interpreter: pass --toi PATH, set $TOI, or put `toi` on PATH")
    return os.path.abspath(found)


def interpreter_identity(path: str) -> dict[str, Any]:
    """What a recorded number was measured with: the binary's real path, its hash, its version.

    The hash is what makes two measurements comparable; Toi builds do not necessarily answer
    ``--version`` (HEAD 5fe21b7 treats it as a file name), so the version is recorded only when
    the interpreter answers it successfully.
    """
    real = os.path.realpath(path)
    digest = hashlib.sha256()
    with open(real, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    version: str | None = None
    try:
        proc = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
        text = (proc.stdout or proc.stderr).strip()
        if proc.returncode == 0 and text:
            version = text.splitlines()[0]
    except (OSError, subprocess.TimeoutExpired):
        pass
    return {"path": path, "realpath": real, "sha256": digest.hexdigest(), "version": version}


# --------------------------------------------------------------------------- running and timing


@attrs.define(frozen=True)
class Run:
    seconds: float
    stdout: str
    stderr: str
    returncode: int
    #: user + system CPU time of the interpreter process (less disturbed by a busy machine)
    cpu_seconds: float = 0.0


def run_program(toi: str, program: Path, cwd: Path | None = None, timeout: float = RUN_TIMEOUT) -> Run:
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [toi, str(program)],
            capture_output=True,
            cwd=cwd,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise CaseFailed(f"{program.name} did not finish within {timeout:.0f} s") from exc
    elapsed = time.perf_counter() - t0
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    return Run(elapsed, out, err, proc.returncode, cpu)


@attrs.define
class Measurement:
    before: list[float]
    after: list[float]
    output: str
    #: lines left out of the comparison because they differ between runs of the original
    unstable_lines: int = 0
    before_cpu: list[float] = attrs.field(factory=list)
    after_cpu: list[float] = attrs.field(factory=list)

    @property
    def output_sha256(self) -> str:
        return hashlib.sha256(self.output.encode("utf-8")).hexdigest()

    @property
    def before_median(self) -> float:
        return statistics.median(self.before)

    @property
    def after_median(self) -> float:
        return statistics.median(self.after)

    @property
    def speedup(self) -> float:
        return self.before_median / self.after_median if self.after_median > 0 else float("inf")

    @property
    def cpu_speedup(self) -> float | None:
        if not self.before_cpu or not self.after_cpu:
            return None
        after = statistics.median(self.after_cpu)
        return statistics.median(self.before_cpu) / after if after > 0 else None


Progress = Callable[[str], None]


def stderr_progress() -> Progress:
    """One status line on a terminal (rewritten in place), plain lines otherwise (CI logs)."""
    tty = sys.stderr.isatty()

    def show(message: str) -> None:
        if tty:
            sys.stderr.write("\r\x1b[2K" + message)
        elif message:
            sys.stderr.write(message + "\n")
        sys.stderr.flush()

    return show


def _first_difference(a: str, b: str) -> str:
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False), 1):
        if x != y:
            return f"line {i}: {x!r} != {y!r}"
    if len(la) != len(lb):
        return f"{len(la)} lines != {len(lb)} lines"
    return "trailing whitespace differs"


def _stable_lines(outputs: list[str]) -> list[int] | None:
    """Indexes of the lines every run printed alike, or None when the line counts differ."""
    split = [o.splitlines() for o in outputs]
    if len({len(s) for s in split}) != 1:
        return None
    return [i for i in range(len(split[0])) if len({s[i] for s in split}) == 1]


def measure(
    toi: str,
    before: Path,
    after: Path,
    repeat: int = DEFAULT_REPEAT,
    label: str = "",
    progress: Progress | None = None,
    cwd: Path | None = None,
    tolerate_unstable: bool = False,
) -> Measurement:
    """Run before and after alternately ``repeat`` times each and compare what they print.

    With ``tolerate_unstable`` (a user's program that prints timings, say), lines that differ
    between runs of the *original* are left out of the comparison; every other line, and the
    number of lines, must still match. Bundled cases must be deterministic.
    """
    show = progress or (lambda _m: None)
    before_runs: list[Run] = []
    after_runs: list[Run] = []
    for i in range(repeat):
        for side, program, runs in (("before", before, before_runs), ("after", after, after_runs)):
            show(f"{label}{side} {i + 1}/{repeat} ...")
            run = run_program(toi, program, cwd)
            if run.returncode != 0:
                detail = (run.stderr.strip().splitlines() or ["no message"])[-1]
                raise CaseFailed(f"{side} program {program.name} exited with {run.returncode}: {detail}")
            runs.append(run)
            show(f"{label}{side} {i + 1}/{repeat} {run.seconds:.3f} s")
    before_out = [r.stdout for r in before_runs]
    after_out = [r.stdout for r in after_runs]
    unstable = 0
    if len(set(before_out)) == 1 and len(set(after_out)) == 1:
        if before_out[0] != after_out[0]:
            raise CaseFailed(f"outputs differ: {_first_difference(before_out[0], after_out[0])}")
    elif not tolerate_unstable:
        which = "before" if len(set(before_out)) > 1 else "after"
        odd = next(o for o in (before_out if which == "before" else after_out) if o != (before_out + after_out)[0])
        raise CaseFailed(f"the {which} program is not deterministic: {_first_difference(before_out[0], odd)}")
    else:
        stable = _stable_lines(before_out)
        if stable is None:
            raise CaseFailed("the original program prints a different number of lines from run to run")
        lines_b = before_out[0].splitlines()
        for out in after_out:
            lines_a = out.splitlines()
            if len(lines_a) != len(lines_b):
                raise CaseFailed(f"outputs differ: {len(lines_b)} lines before, {len(lines_a)} after")
            for i in stable:
                if lines_a[i] != lines_b[i]:
                    raise CaseFailed(f"outputs differ: line {i + 1}: {lines_b[i]!r} != {lines_a[i]!r}")
        unstable = len(lines_b) - len(stable)
    return Measurement(
        [r.seconds for r in before_runs],
        [r.seconds for r in after_runs],
        before_out[0],
        unstable_lines=unstable,
        before_cpu=[r.cpu_seconds for r in before_runs],
        after_cpu=[r.cpu_seconds for r in after_runs],
    )


# --------------------------------------------------------------------------- bundled cases


@attrs.define
class CaseResult:
    code: str
    rule: str
    after_from: str
    measurement: Measurement | None = None
    error: str | None = None
    skipped: str | None = None


def _settings_for(code: str) -> Any:
    from toilint.settings import Settings

    return Settings(select=(code,))


FIXED_ORIGIN = "toilint --fix --unsafe-fixes"
HAND_WRITTEN = ("after.toi", "after_hand.toi")


def after_origin(case: Path) -> str | None:
    """Where a case's after program comes from (without producing it); None when there is none."""
    from toilint.diagnostics import Applicability
    from toilint.rules.base import find_rule

    rule = find_rule(case.name)
    if rule is not None and rule.fix is not None and rule.fix is not Applicability.DISPLAY_ONLY:
        return FIXED_ORIGIN
    name = next((n for n in HAND_WRITTEN if (case / n).exists()), None)
    return f"hand-written {name}" if name else None


def prepare_after(case: Path, code: str) -> tuple[Path, str] | None:
    """The after program of a case and where it came from.

    When the rule has a fix, ``after.toi`` is (re)written from toilint's own
    ``--fix --unsafe-fixes`` output of ``before.toi`` with only that rule selected, so the
    benchmark measures exactly what the fix does; otherwise the hand-written ``after.toi``
    (or ``after_hand.toi``) is used; None when there is none.
    """
    origin = after_origin(case)
    if origin is None:
        return None
    if origin != FIXED_ORIGIN:
        return case / origin.removeprefix("hand-written "), origin
    from toilint.fix.fixer import fix_source

    before = case / "before.toi"
    text = before.read_text(encoding="utf-8")
    result = fix_source(text, str(before), _settings_for(code), unsafe=True)
    if result.errors:
        raise CaseFailed("; ".join(result.errors))
    if not result.converged:
        raise CaseFailed("the fixes did not converge")
    if result.text == text:
        raise CaseFailed(f"{code} fixed nothing in before.toi (the case does not exercise the rule)")
    after = case / "after.toi"
    if not after.exists() or after.read_text(encoding="utf-8") != result.text:
        after.write_text(result.text, encoding="utf-8", newline="")
    return after, FIXED_ORIGIN


def discover_cases(cases_dir: Path = CASES_DIR, only: list[str] | None = None) -> list[Path]:
    """The case directories (``<CODE>/before.toi``), all or only those of ``only``'s codes."""
    if not cases_dir.is_dir():
        raise BenchError(f"{cases_dir}: no such directory")
    cases = sorted(p for p in cases_dir.iterdir() if (p / "before.toi").is_file())
    if only:
        wanted = {c.upper() for c in only}
        missing = wanted - {p.name for p in cases}
        if missing:
            raise BenchError(f"no benchmark case for {', '.join(sorted(missing))} in {cases_dir}")
        cases = [p for p in cases if p.name in wanted]
    return cases


def run_case(toi: str, case: Path, repeat: int, progress: Progress) -> CaseResult:
    from toilint.rules.base import find_rule

    code = case.name
    rule = find_rule(code)
    if rule is None:
        return CaseResult(code, "", "", skipped=f"no rule {code} is registered")
    try:
        prepared = prepare_after(case, code)
        if prepared is None:
            return CaseResult(code, rule.name, "", skipped="no after program: the rule has no fix and no after.toi")
        after, origin = prepared
        m = measure(toi, case / "before.toi", after, repeat, label=f"{code} ", progress=progress, cwd=case)
    except (CaseFailed, OSError) as exc:
        return CaseResult(code, rule.name, "", error=str(exc))
    return CaseResult(code, rule.name, origin, measurement=m)


# --------------------------------------------------------------------------- a user's program


@attrs.define
class FileBench:
    """A user's program against toilint's fixed copy of it."""

    #: the fixes applied to the copy, in the original's offsets (empty: nothing to measure)
    applied: list[Diagnostic]
    #: problems the fixer reported (the copy is still measured when it changed)
    errors: list[str]
    #: performance findings without an automatic fix (said when nothing could be applied)
    unfixed_perf: int = 0
    measurement: Measurement | None = None
    failure: str | None = None


def measure_fixed_copy(toi: str, path: Path, repeat: int, progress: Progress | None = None) -> FileBench:
    """Fix a copy of ``path`` with every fix (unsafe ones too) and time it against the original.

    Lines that vary between runs of the original (timings it prints) are left out of the
    comparison. Raises :class:`BenchError` when the file cannot be read.
    """
    from toilint.fix.fixer import fix_source

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchError(f"{path}: cannot read: {exc}") from exc
    result = fix_source(text, str(path), None, unsafe=True)
    found = FileBench(list(result.applied), list(result.errors))
    if result.text == text:
        found.applied = []
        found.unfixed_perf = sum(1 for d in result.remaining.diagnostics if d.code.startswith("PERF"))
        return found
    # next to the original, so that imports resolved against the script's directory still work
    fd, tmp_name = _temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(result.text)
        found.measurement = measure(
            toi, path, Path(tmp_name), repeat, label=f"{path.name} ", progress=progress, tolerate_unstable=True
        )
    except CaseFailed as exc:
        found.failure = str(exc)
    finally:
        os.unlink(tmp_name)
    return found


def _temp_beside(path: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{path.stem}.toilint-bench-", suffix=".toi", dir=path.parent)
    except OSError:
        return tempfile.mkstemp(prefix=f"{path.stem}.toilint-bench-", suffix=".toi")

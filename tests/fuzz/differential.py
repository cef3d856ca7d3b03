"""Differential testing of toilint's fixes on the real interpreter.

For one generated program (see ``diffgen``): run it; programs that fail (or print differently
on a second run) are set aside and counted. Otherwise apply the safe fixes (``toilint --fix``)
and run the result; then the unsafe ones too (``--fix --unsafe-fixes``) and run that. Two runs
agree when they exit with the same code, print the same stdout (index errors print a
``DEBUG:`` line there) and report the same error message; the error's line is not compared,
since it can move with a rewrite (loop headers, line 1 inside f-strings).

A safe fix that changes the outcome is a bug. Each difference is narrowed to the rules that
cause it (fixing with one ``--select CODE`` at a time) and the program to the fewest blocks
that still show it; both the original and the minimal pair are saved.
"""

from __future__ import annotations

import difflib
import json
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.fuzz.diffgen import program_blocks, render
from tests.support.interpreter import Run, run_toi
from toilint.api import lint_source
from toilint.fix.fixer import fix_source
from toilint.settings import Settings

ALL = Settings(select=("ALL",))
TIMEOUT = 10.0


def outcome(run: Run | None) -> str:
    """What two runs are compared on: exit code, stdout, error message."""
    return "timeout" if run is None else run.outcome


def execute(toi: str, text: str) -> Run | None:
    try:
        return run_toi(text, timeout=TIMEOUT, exe=toi)
    except subprocess.TimeoutExpired:
        return None


@dataclass
class Difference:
    kind: str  # "safe" or "unsafe"
    codes: list[str]  # the rules whose fix alone changes the outcome ([] if only together)
    applied: list[str]  # codes of every fix applied in the run that differed
    before: str  # the outcome of the program
    after: str  # the outcome of the fixed program
    program: str
    fixed_program: str
    minimal_before: str = ""
    minimal_after: str = ""
    after_alone: str = ""  # the outcome after the fix of the first culprit alone

    @property
    def change(self) -> str:
        """What the first culprit's fix alone changes: an error appeared, went away or changed,
        or only the output."""
        return classify(self.before, self.after_alone or self.after)


def _errors(result: str) -> Counter[str]:
    # the uncaught error (`error: ...`) and the ones the generated programs catch and print
    return Counter(line.split(" ", 1)[1] for line in result.splitlines() if line.startswith(("error: ", "caught ")))


def classify(before: str, after: str) -> str:
    """``new error: M``, ``error gone: M``, ``error changed: A -> B`` or ``output``.

    Only the errors that differ are named (counted: one more of the same error is a change).
    """
    if after == "timeout":
        return "timeout"
    old, new = _errors(before), _errors(after)
    gone, added = sorted(old - new), sorted(new - old)
    if added and not gone:
        return "new error: " + "; ".join(added)
    if gone and not added:
        return "error gone: " + "; ".join(gone)
    if gone and added:
        return "error changed: " + "; ".join(gone) + " -> " + "; ".join(added)
    return "output"


@dataclass
class Record:
    seed: int
    status: str  # "fails-before", "nondeterministic", "ran"
    findings: dict[str, int] = field(default_factory=dict)
    safe_applied: dict[str, int] = field(default_factory=dict)
    unsafe_applied: dict[str, int] = field(default_factory=dict)
    fixer_errors: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)


def _counts(codes: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for code in codes:
        out[code] = out.get(code, 0) + 1
    return out


def fixed(text: str, settings: Settings, unsafe: bool) -> tuple[str, list[str], list[str]]:
    """(fixed text, codes of the fixes applied, fixer errors)."""
    result = fix_source(text, "prog.toi", settings, unsafe=unsafe)
    return result.text, [d.code for d in result.applied], list(result.errors)


def check(seed: int, toi: str, *, minimize: bool = True) -> Record:
    """Generate, run, fix and compare one program."""
    return check_program(program_blocks(seed), toi, seed=seed, minimize=minimize)


def check_program(parts: list[list[str]], toi: str, *, seed: int = -1, minimize: bool = True) -> Record:
    """Run, fix and compare the program made of ``parts`` (header, blocks, closing lines).

    Differences are always narrowed to the rules that cause them; ``minimize`` also drops the
    blocks that do not matter.
    """
    text = render(parts)
    before = execute(toi, text)
    if before is None or before.returncode != 0:
        return Record(seed, "fails-before")
    if outcome(execute(toi, text)) != outcome(before):
        return Record(seed, "nondeterministic")
    record = Record(seed, "ran")
    lint = lint_source(text, "prog.toi", ALL)
    record.findings = _counts([d.code for d in lint.diagnostics])
    expected = outcome(before)

    safe_text, safe_codes, errors = fixed(text, ALL, unsafe=False)
    record.safe_applied = _counts(safe_codes)
    record.fixer_errors += errors
    if safe_text != text:
        after = outcome(execute(toi, safe_text))
        if after != expected:
            record.differences.append(
                _difference("safe", parts, text, safe_text, safe_codes, set(safe_codes), expected, after, toi, minimize)
            )

    unsafe_text, unsafe_codes, errors = fixed(text, ALL, unsafe=True)
    record.unsafe_applied = _counts(unsafe_codes)
    record.fixer_errors += errors
    if unsafe_text not in (text, safe_text):
        after = outcome(execute(toi, unsafe_text))
        if after != expected:
            # the rules with a fix that only --unsafe-fixes applies
            candidates = {c for c in unsafe_codes if unsafe_codes.count(c) > safe_codes.count(c)}
            diff = _difference(
                "unsafe", parts, text, unsafe_text, unsafe_codes, candidates, expected, after, toi, minimize
            )
            # what the safe fixes alone already changed is reported once, as a safe difference
            if diff.codes or not record.differences:
                record.differences.append(diff)
    return record


#: at most this many differences of one kind and rule are minimized per process (None: all)
MINIMIZE_PER_RULE: int | None = None
_minimized: dict[tuple[str, str], int] = {}


def _changes(toi: str, text: str, code: str, unsafe: bool, expected: str | None = None) -> str | None:
    """The outcome after fixing ``text`` with only ``code``, when that changes a program that
    runs cleanly (else None). ``expected`` is the program's outcome when already known."""
    after_text, _, _ = fixed(text, Settings(select=(code,)), unsafe)
    if after_text == text:
        return None
    if expected is None:
        before = execute(toi, text)
        if before is None or before.returncode != 0:
            return None
        expected = outcome(before)
    after = outcome(execute(toi, after_text))
    return after if after != expected else None


def _difference(
    kind: str,
    parts: list[list[str]],
    text: str,
    after_text: str,
    applied: list[str],
    candidates: set[str],
    expected: str,
    after: str,
    toi: str,
    minimize: bool,
) -> Difference:
    unsafe = kind == "unsafe"
    alone = {c: _changes(toi, text, c, unsafe, expected) for c in sorted(candidates)}
    culprits = [c for c, changed in alone.items() if changed is not None]
    if unsafe:  # a rule whose safe fix alone already changes the program is reported as safe
        culprits = [c for c in culprits if _changes(toi, text, c, False, expected) is None]
    diff = Difference(kind, culprits, sorted(set(applied)), expected, after, text, after_text)
    if culprits:  # what the first culprit's fix alone does to the program
        diff.after_alone = alone[culprits[0]] or after
    if culprits and minimize:
        key = (kind, culprits[0])
        _minimized[key] = _minimized.get(key, 0) + 1
        minimize = MINIMIZE_PER_RULE is None or _minimized[key] <= MINIMIZE_PER_RULE
    if minimize and culprits:
        code = culprits[0]
        kept = _fewest_blocks(parts, lambda t: _changes(toi, t, code, unsafe) is not None)
        small = render(kept)
        diff.minimal_before = small
        diff.minimal_after = fixed(small, Settings(select=(code,)), unsafe)[0]
    return diff


def _fewest_blocks(parts: list[list[str]], still_differs: Callable[[str], bool]) -> list[list[str]]:
    """Drop blocks (never the header or the closing print) while the difference remains."""
    kept = list(parts)
    i = 1
    while i < len(kept) - 1:
        trial = kept[:i] + kept[i + 1 :]
        if still_differs(render(trial)):
            kept = trial
        else:
            i += 1
    return kept


def save(record: Record, out_dir: Path, toi: str) -> None:
    """Write each difference of ``record`` as files under ``out_dir``."""
    for n, d in enumerate(record.differences):
        where = out_dir / f"{d.kind}-{'+'.join(d.codes) or 'combined'}-seed{record.seed}-{n}"
        where.mkdir(parents=True, exist_ok=True)
        (where / "codes.txt").write_text(
            f"culprits: {' '.join(d.codes) or '(only together)'}\napplied: {' '.join(d.applied)}\n"
        )
        (where / "before.toi").write_text(d.program)
        (where / "after.toi").write_text(d.fixed_program)
        (where / "before.out").write_text(d.before)
        (where / "after.out").write_text(d.after)
        diff = difflib.unified_diff(
            d.before.splitlines(keepends=True), d.after.splitlines(keepends=True), "before", "after"
        )
        (where / "output.diff").write_text("".join(diff))
        if d.minimal_before:
            (where / "minimal.toi").write_text(d.minimal_before)
            (where / "minimal.fixed.toi").write_text(d.minimal_after)
            small_before = outcome(execute(toi, d.minimal_before))
            small_after = outcome(execute(toi, d.minimal_after))
            (where / "minimal.out").write_text(f"--- before\n{small_before}\n--- after\n{small_after}\n")
        summary = asdict(record)
        summary["differences"] = [{"kind": x.kind, "codes": x.codes, "change": x.change} for x in record.differences]
        (where / "record.json").write_text(json.dumps(summary, indent=1))

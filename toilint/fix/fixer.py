"""Applies fixes as text edits, re-checks the result, repeats to a fixed point.

The user's formatting and comments survive because nothing is pretty-printed: a fix is a
list of edits on the source. Every pass is re-parsed and re-linted; a result that fails to
parse or gains a compile error (E diagnostic) is refused and the text stays as it was.
"""

from __future__ import annotations

from collections import Counter

from toilint.api import DEFAULT_SETTINGS, LintResult, lint_source
from toilint.diagnostics import Applicability, Diagnostic, Fix, apply_edits
from toilint.records import field, record
from toilint.settings import Settings

MAX_PASSES = 10


@record
class FixResult:
    text: str
    applied: list[Diagnostic]
    remaining: LintResult
    #: fixes that were dropped because they broke the program (internal errors)
    errors: list[str] = field(factory=list)
    converged: bool = True

    @property
    def changed(self) -> bool:
        return self.text != self.remaining.text or bool(self.applied)


def _allowed(fix: Fix | None, unsafe: bool) -> bool:
    if fix is None:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def _select(diagnostics: list[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """Pick fixes whose edits do not overlap and that bind distinct names.

    Edits that only touch (one ends where the next starts) are independent as text, so they
    go in the same pass: otherwise a run of adjacent line fixes would take one pass per line.
    Two insertions at the same offset do conflict (their order would be arbitrary).
    """
    chosen: list[Diagnostic] = []
    spans: list[tuple[int, int]] = []
    bound: set[str] = set()
    for d in sorted(diagnostics, key=lambda d: (d.fix.start if d.fix else 0, d.code)):
        fix = d.fix
        if not _allowed(fix, unsafe):
            continue
        assert fix is not None
        if bound.intersection(fix.binds):
            continue
        if any(_conflict(e.start, e.end, s, t) for e in fix.edits for s, t in spans):
            continue
        chosen.append(d)
        spans.extend((e.start, e.end) for e in fix.edits)
        bound.update(fix.binds)
    return chosen


def _conflict(a: int, b: int, s: int, t: int) -> bool:
    """Edits [a, b) and [s, t) overlap, or are two insertions at one offset."""
    return (a < t and s < b) or a == b == s == t


def _errors(result: LintResult) -> Counter[str]:
    return Counter(d.code for d in result.diagnostics if d.code.startswith("E"))


def fix_source(
    text: str,
    path: str = "<stdin>",
    settings: Settings | None = None,
    unsafe: bool | None = None,
) -> FixResult:
    """Fix ``text`` as far as the enabled rules allow; never returns a broken program."""
    settings = settings or DEFAULT_SETTINGS
    unsafe = settings.unsafe_fixes if unsafe is None else unsafe
    current = lint_source(text, path, settings)
    applied: list[Diagnostic] = []
    errors: list[str] = []
    if current.has_syntax_error:
        return FixResult(text, [], current)
    refused: set[tuple[str, tuple[str, ...]]] = set()

    def key(d: Diagnostic) -> tuple[str, tuple[str, ...]]:
        assert d.fix is not None
        return d.code, tuple(e.content for e in d.fix.edits)

    def attempt(batch: list[Diagnostic]) -> LintResult | None:
        new_text = apply_edits(current.text, [e for d in batch for e in d.fix.edits])  # type: ignore[union-attr]
        result = lint_source(new_text, path, settings)
        if result.has_syntax_error or _errors(result) - _errors(current):
            if len(batch) == 1:
                refused.add(key(batch[0]))
                problem = next((d.message for d in result.diagnostics if d.code.startswith("E")), "error")
                errors.append(f"fix for {batch[0].code} was dropped: it would produce a broken program ({problem})")
            return None
        return result

    for _ in range(MAX_PASSES):
        candidates = [d for d in _select(current.diagnostics, unsafe) if key(d) not in refused]
        if not candidates:
            return FixResult(current.text, applied, current, errors)
        result = attempt(candidates)
        if result is not None:
            applied.extend(candidates)
            current = result
            continue
        if len(candidates) == 1:
            continue
        # the batch broke the program: keep each fix that does not break it together with the
        # ones kept before it, so fixes that only clash with each other (two deletions that
        # would empty a block) still go in this pass instead of one pass each
        kept: list[Diagnostic] = []
        kept_result = current
        for single in candidates:
            result = attempt([*kept, single])
            if result is not None:
                kept.append(single)
                kept_result = result
        if kept:
            applied.extend(kept)
            current = kept_result
    codes = ", ".join(sorted({d.code for d in _select(current.diagnostics, unsafe)}))
    errors.append(
        f"fixes did not converge after {MAX_PASSES} passes ({codes} kept changing the file); please report it"
    )
    return FixResult(current.text, applied, current, errors, converged=False)

"""The one public API under the CLI, the server, the benchmarks and the tests."""

from __future__ import annotations

import bisect
import sys
from collections.abc import Callable

from toilint import ast
from toilint._gc import gc_paused
from toilint._typing import TYPE_CHECKING
from toilint.checker import run_rules
from toilint.context import Context
from toilint.diagnostics import Diagnostic, Severity
from toilint.lines import LineIndex
from toilint.records import field, record
from toilint.rules.base import REGISTRY, Rule, rule_codes, rules_of, status_of
from toilint.rules.errors.syntax_error import InternalError, IoError, SyntaxError_, is_compile_error
from toilint.settings import Settings
from toilint.suppressions import Suppression, apply_suppressions, parse_suppressions
from toilint.syntax import parse
from toilint.syntax.result import ParseResult

if TYPE_CHECKING:
    from toilint.semantic import SemanticModel

DEFAULT_SETTINGS = Settings()
DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 1_000_000


@record
class LintResult:
    text: str
    path: str
    diagnostics: list[Diagnostic]
    parse: ParseResult
    lines: LineIndex
    suppressions: list[Suppression] = field(factory=list)
    #: the semantic model the rules used (the checker walks its node list; None when nothing was
    #: analysed): the server reuses it
    semantic: SemanticModel | None = None

    @property
    def module_states(self) -> dict[str, tuple[int, int, int] | None]:
        """The other files this result depends on: the modules its imports found or looked for
        (absolute paths; relative to the project root, see ``semantic.calls.project_root``), each
        with the state (size, mtime in ns, inode) it had when the lint looked at it, before
        reading it; None: absent."""
        if self.semantic is None:
            return {}
        from toilint.semantic.calls import module_files

        return {str(p): state for p, state in module_files(self.semantic).items()}

    def release(self) -> None:
        """For a caller done with everything but ``diagnostics``: free the tree and model now
        (see ``SemanticModel.release``) rather than leave them to the cyclic collector."""
        if self.semantic is not None:
            self.semantic.release()

    @property
    def has_syntax_error(self) -> bool:
        return not self.parse.ok

    @property
    def offered(self) -> list[Diagnostic]:
        """The diagnostics as the CLI shows them: no fix is offered for a file with syntax errors
        (the editor keeps the fixes of diagnostics away from the broken statements)."""
        if self.parse.ok:
            return self.diagnostics
        return [d.with_fix(None) if d.fix is not None else d for d in self.diagnostics]


#: enabled rules per (settings, registered rules) for settings without per-file ignores (the
#: answer does not depend on the path then): asked once per file, it was a visible part of a lint
_ENABLED: dict[tuple[Settings, tuple[type[Rule], ...]], list[type[Rule]]] = {}


def enabled_rules(settings: Settings, path: str | None = None) -> list[type[Rule]]:
    """The rules these settings run on ``path``, sorted by code. Only their modules are imported
    (``rules.MODULES``): a run that selects a few rules does not pay for the others."""
    found = _ENABLED.get((settings, tuple(REGISTRY.values()))) if not settings.per_file_ignores else None
    if found is None:
        codes = []
        for code in rule_codes():
            status = status_of(code)
            if (
                status != "removed"
                and settings.is_enabled(code, path)
                and (status == "stable" or settings.selects_exactly(code))
            ):
                codes.append(code)
        found = rules_of(codes)
        if not settings.per_file_ignores:  # keyed by the registry as it is now that they are loaded
            _ENABLED[(settings, tuple(REGISTRY.values()))] = found
    return list(found)


#: said of a syntax error the compiler does not report because it stops at an earlier error
AFTER_EARLIER_ERROR = " (after an earlier error)"


def syntax_diagnostics(result: ParseResult, compile_error_before: int | None = None) -> list[Diagnostic]:
    """E001 for each syntax problem. The compiler reports only its first error: a later one
    (found after recovery, or after ``compile_error_before``, the offset of an earlier compile
    error of the semantic pass) says so in its message."""
    out: list[Diagnostic] = []
    for p in result.errors:
        later = p.recovered or (compile_error_before is not None and compile_error_before < p.start)
        message = p.message + AFTER_EARLIER_ERROR if later and p.fatal else p.message
        out.append(SyntaxError_.diagnostic(message, p.start, p.end))
    return out


def error_regions(module: ast.Module) -> list[tuple[int, int]]:
    """Spans of the statements the parser skipped (ErrorStmt), in source order."""
    found: list[tuple[int, int]] = []
    todo: list[ast.Node] = [module]
    while todo:
        node = todo.pop()
        if type(node) is ast.ErrorStmt:
            found.append((node.start, node.end))
        elif isinstance(node, (ast.Module, ast.Block, ast.Stmt)):
            todo.extend(c for c in node.children() if isinstance(c, (ast.Block, ast.Stmt)))
    found.sort()
    return found


def _outside(diagnostics: list[Diagnostic], regions: list[tuple[int, int]]) -> list[Diagnostic]:
    """Drop warnings that touch a skipped statement (compile errors stay: the compiler's pass
    reaches a broken statement's declared names before its error)."""
    starts = [r[0] for r in regions]
    kept: list[Diagnostic] = []
    for d in diagnostics:
        if d.severity is not Severity.ERROR:
            k = bisect.bisect_right(starts, d.end) - 1
            if k >= 0 and regions[k][1] >= d.start:
                continue
        kept.append(d)
    return kept


def _check(
    text: str,
    path: str,
    parsed: ParseResult,
    lines: LineIndex,
    suppressions: list[Suppression],
    settings: Settings,
    models: list[SemanticModel] | None = None,
    previous: SemanticModel | None = None,
) -> list[Diagnostic]:
    assert parsed.module is not None
    module = parsed.module

    def analyze() -> list[Diagnostic]:
        ctx = Context(text, path, module, parsed.comments, lines)
        ctx.suppressions = suppressions
        ctx.settings = settings
        ctx.parsed = parsed
        ctx.previous_semantic = previous
        run_rules(ctx, [cls() for cls in enabled_rules(settings, path)])
        if models is not None and ctx._semantic is not None:
            models.append(ctx._semantic)
        return ctx.diagnostics

    try:
        return analyze()
    except RecursionError:
        pass
    # Deeply nested code (thousands of parentheses) is legal Toi: analyze it again on a thread
    # with a large stack rather than give up. Only such files pay for this.
    found: list[Diagnostic] = []
    failed: list[BaseException] = []

    def deep() -> None:
        try:
            found.extend(analyze())
        except RecursionError as exc:
            failed.append(exc)

    import threading

    old_limit = sys.getrecursionlimit()
    old_size = threading.stack_size()
    try:
        threading.stack_size(DEEP_STACK_BYTES)
        sys.setrecursionlimit(max(old_limit, DEEP_RECURSION_LIMIT))
        worker = threading.Thread(target=deep, name="toilint-deep-analysis")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
    if failed:
        return [InternalError.diagnostic("Nesting too deep to analyze: rules were skipped for this file", 0, 0)]
    return found


def _nul_diagnostic(text: str) -> Diagnostic:
    at = text.index("\x00")
    return IoError.diagnostic("File contains a NUL byte: the Toi compiler ignores everything after it", at, at + 1)


class Cancelled(Exception):
    """``lint_source``'s ``cancelled`` hook said the result is no longer wanted."""


def lint_source(
    text: str,
    path: str = "<stdin>",
    settings: Settings | None = None,
    cancelled: Callable[[], bool] | None = None,
    previous: LintResult | None = None,
) -> LintResult:
    """Parse and check one source text; never raises for any input text.

    ``cancelled`` is asked between phases (after parsing, after the rules); when it answers
    True the work is abandoned with :class:`Cancelled` (the server's text moved on).
    ``previous`` is the result for an earlier version of the same file: only the top-level
    statements the edit touched are parsed again.
    """
    with gc_paused():  # see toilint._gc: one file's objects need no cycle collection
        return _lint_source(text, path, settings or DEFAULT_SETTINGS, cancelled, previous)


def _lint_source(
    text: str,
    path: str,
    settings: Settings,
    cancelled: Callable[[], bool] | None,
    previous: LintResult | None = None,
) -> LintResult:
    parsed = None
    if previous is not None:
        from toilint.syntax.incremental import reparse

        parsed = reparse(previous.text, previous.parse, text)
    if parsed is None:
        parsed = parse(text)
    if cancelled is not None and cancelled():
        raise Cancelled
    lines = LineIndex(text)
    suppressions = parse_suppressions(parsed.comments, lines)
    diagnostics: list[Diagnostic] = []
    if "\x00" in text:
        diagnostics.append(_nul_diagnostic(text))
    checked: list[Diagnostic] = []
    models: list[SemanticModel] = []
    if parsed.module is not None:
        reused = previous.semantic if previous is not None else None
        checked = _check(text, path, parsed, lines, suppressions, settings, models, reused)
        if cancelled is not None and cancelled():
            raise Cancelled
    if parsed.ok:
        diagnostics.extend(checked)
    else:
        regions = error_regions(parsed.module) if parsed.module is not None else []
        checked = _outside(checked, regions)
        first = min((p.start for p in parsed.errors if p.fatal), default=len(text))
        before = [d.start for d in checked if is_compile_error(d.code) and d.start < first]
        diagnostics.extend(syntax_diagnostics(parsed, min(before) if before else None))
        diagnostics.extend(checked)
    if parsed.ok:
        diagnostics.extend(syntax_diagnostics(parsed))
    diagnostics = apply_suppressions(diagnostics, suppressions, lines)
    if parsed.module is not None and settings.is_enabled("W299", path):
        from toilint.rules.warnings.unused_suppression import unused_suppressions

        found = unused_suppressions(suppressions, settings, path, text)
        diagnostics.extend(found if parsed.ok else _outside(found, error_regions(parsed.module)))
    diagnostics.sort(key=lambda d: (d.start, d.code, d.end))
    return LintResult(text, path, diagnostics, parsed, lines, suppressions, models[-1] if models else None)

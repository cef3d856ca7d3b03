"""The one public API under the CLI, the server, the benchmarks and the tests."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from toilint._gc import gc_paused
from toilint.checker import run_rules
from toilint.context import Context
from toilint.diagnostics import Diagnostic
from toilint.lines import LineIndex
from toilint.records import field, record
from toilint.rules.base import Rule, all_rules
from toilint.rules.errors.syntax_error import InternalError, IoError, SyntaxError_
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
    #: the semantic model the rules used (None when no rule asked for it): the server reuses it
    semantic: SemanticModel | None = None

    @property
    def has_syntax_error(self) -> bool:
        return self.parse.module is None


def enabled_rules(settings: Settings, path: str | None = None) -> list[type[Rule]]:
    return [
        r
        for code, r in all_rules().items()
        if r.status != "removed"
        and settings.is_enabled(code, path)
        and (r.status == "stable" or settings.selects_exactly(code))
    ]


def syntax_diagnostics(result: ParseResult) -> list[Diagnostic]:
    return [SyntaxError_.diagnostic(p.message, p.start, p.end) for p in result.errors]


def _check(
    text: str,
    path: str,
    parsed: ParseResult,
    lines: LineIndex,
    suppressions: list[Suppression],
    settings: Settings,
    models: list[SemanticModel] | None = None,
) -> list[Diagnostic]:
    assert parsed.module is not None
    module = parsed.module

    def analyze() -> list[Diagnostic]:
        ctx = Context(text, path, module, parsed.comments, lines)
        ctx.suppressions = suppressions
        ctx.settings = settings
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


def lint_source(text: str, path: str = "<stdin>", settings: Settings | None = None) -> LintResult:
    """Parse and check one source text; never raises for any input text."""
    with gc_paused():  # see toilint._gc: one file's objects need no cycle collection
        return _lint_source(text, path, settings or DEFAULT_SETTINGS)


def _lint_source(text: str, path: str, settings: Settings) -> LintResult:
    parsed = parse(text)
    lines = LineIndex(text)
    diagnostics = syntax_diagnostics(parsed)
    suppressions = parse_suppressions(parsed.comments, lines)
    if "\x00" in text:
        diagnostics.append(_nul_diagnostic(text))
    models: list[SemanticModel] = []
    if parsed.module is not None:
        diagnostics.extend(_check(text, path, parsed, lines, suppressions, settings, models))
    diagnostics = apply_suppressions(diagnostics, suppressions, lines)
    if parsed.module is not None and settings.is_enabled("W299", path):
        from toilint.rules.warnings.unused_suppression import unused_suppressions

        diagnostics.extend(unused_suppressions(suppressions, settings, path, text))
    diagnostics.sort(key=lambda d: (d.start, d.code, d.end))
    return LintResult(text, path, diagnostics, parsed, lines, suppressions, models[-1] if models else None)

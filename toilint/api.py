"""The one public API under the CLI, the server, the benchmarks and the tests."""

from __future__ import annotations

import attrs

from toilint.checker import Context, run_rules
from toilint.diagnostics import Diagnostic, Severity
from toilint.lines import LineIndex
from toilint.rules.base import Rule, all_rules
from toilint.settings import Settings
from toilint.suppressions import Suppression, apply_suppressions, parse_suppressions
from toilint.syntax import parse
from toilint.syntax.result import ParseResult

DEFAULT_SETTINGS = Settings()


@attrs.define
class LintResult:
    text: str
    path: str
    diagnostics: list[Diagnostic]
    parse: ParseResult
    lines: LineIndex
    suppressions: list[Suppression] = attrs.field(factory=list)

    @property
    def has_syntax_error(self) -> bool:
        return self.parse.module is None


def enabled_rules(settings: Settings, path: str | None = None) -> list[type[Rule]]:
    return [r for code, r in all_rules().items() if settings.is_enabled(code, path)]


def syntax_diagnostics(result: ParseResult) -> list[Diagnostic]:
    return [
        Diagnostic(
            code="E001",
            message=p.message,
            start=p.start,
            end=p.end,
            severity=Severity.ERROR,
            name="syntax-error",
        )
        for p in result.errors
    ]


def lint_source(text: str, path: str = "<stdin>", settings: Settings | None = None) -> LintResult:
    """Parse and check one source text; never raises for any input text."""
    settings = settings or DEFAULT_SETTINGS
    parsed = parse(text)
    lines = LineIndex(text)
    diagnostics = syntax_diagnostics(parsed)
    suppressions = parse_suppressions(parsed.comments, lines)
    if parsed.module is not None:
        ctx = Context(text, path, parsed.module, parsed.comments, lines)
        ctx.suppressions = suppressions
        rules = [cls() for cls in enabled_rules(settings, path)]
        run_rules(ctx, rules)
        diagnostics.extend(ctx.diagnostics)
    diagnostics = apply_suppressions(diagnostics, suppressions, lines)
    if parsed.module is not None and settings.is_enabled("W299", path):
        from toilint.rules.warnings.unused_suppression import unused_suppressions

        diagnostics.extend(unused_suppressions(suppressions, settings, path))
    diagnostics.sort(key=lambda d: (d.start, d.code, d.end))
    return LintResult(text, path, diagnostics, parsed, lines, suppressions)

"""Lint and fix Toi text through the public API, as the CLI and the server do."""

from __future__ import annotations

from toilint.api import LintResult, lint_source
from toilint.diagnostics import Diagnostic
from toilint.fix.fixer import fix_source
from toilint.settings import Settings


def _settings(code: str | None, select: tuple[str, ...] | None) -> Settings:
    if select is not None:
        return Settings(select=select)
    return Settings(select=(code,)) if code else Settings()


def diagnostics(
    text: str, code: str | None = None, *, select: tuple[str, ...] | None = None, path: str = "t.toi"
) -> list[Diagnostic]:
    """The ``code`` diagnostics of ``text`` (every diagnostic when ``code`` is None).

    Only ``code`` is enabled unless ``select`` says otherwise. The text must parse and no rule
    may crash on it (E999).
    """
    result = _lint(text, _settings(code, select), path)
    return [d for d in result.diagnostics if code is None or d.code == code]


def _lint(text: str, settings: Settings, path: str) -> LintResult:
    result = lint_source(text, path, settings)
    assert result.parse.module is not None, result.parse.errors
    crashed = [d.message for d in result.diagnostics if d.code == "E999"]
    assert not crashed, crashed
    return result


def findings(
    text: str, code: str, *, select: tuple[str, ...] | None = None, path: str = "t.toi"
) -> list[tuple[int, str, str | None]]:
    """(line, message, fix applicability) of each ``code`` diagnostic."""
    result = _lint(text, _settings(code, select), path)
    return [
        (result.lines.line_of(d.start), d.message, d.fix.applicability.value if d.fix else None)
        for d in result.diagnostics
        if d.code == code
    ]


def lines_of(text: str, code: str, *, select: tuple[str, ...] | None = None) -> list[int]:
    """The line of each ``code`` diagnostic."""
    return [line for line, _, _ in findings(text, code, select=select)]


def fix(
    text: str,
    code: str | None = None,
    *,
    unsafe: bool = False,
    select: tuple[str, ...] | None = None,
    converged: bool = True,
) -> str:
    """``text`` after ``toilint --fix`` with ``code`` (or ``select``) enabled.

    The fixer must not refuse an edit, and (unless ``converged`` is False) must reach a fixed point.
    """
    result = fix_source(text, "t.toi", _settings(code, select), unsafe=unsafe)
    assert not result.errors, result.errors
    if converged:
        assert result.converged
    return result.text

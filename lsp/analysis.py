"""One document version linted and converted to the protocol's shapes.

Built in a worker thread (never on the event loop): parsing a large file takes tens of
milliseconds and requests must keep being answered meanwhile. Everything a request needs
about that version (LSP diagnostics, the position map, the lint result for fixes and
navigation) is computed once here and shared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from lsprotocol import types

from toilint.api import Cancelled, LintResult, lint_source
from toilint.diagnostics import Applicability, Diagnostic, Fix, Severity
from toilint.lsp.positions import PositionMap
from toilint.settings import Settings

SOURCE = "toilint"


def rule_url(code: str) -> str:
    try:
        from toilint.report import rule_url as url
    except ImportError:  # the reporters moved: fall back to the documented address
        return f"https://toilint.dev/rules/{code}"
    return url(code)


@attrs.define
class Analysis:
    version: int
    text: str
    pmap: PositionMap
    #: None when the server declined to lint (see ``declined``)
    result: LintResult | None
    diagnostics: list[types.Diagnostic]
    #: toilint's diagnostics next to their protocol form, in the same order
    pairs: list[tuple[Diagnostic, types.Diagnostic]]
    declined: str | None = None
    #: built on first use by navigation (see :func:`toilint.lsp.navigation.model`)
    semantic: Any = None


def range_json(pmap: PositionMap, start: int, end: int) -> dict[str, Any]:
    s, e = pmap.position(start), pmap.position(end)
    return {"start": {"line": s.line, "character": s.character}, "end": {"line": e.line, "character": e.character}}


def fix_json(pmap: PositionMap, fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.message,
        "applicability": fix.applicability.value,
        "edits": [{"range": range_json(pmap, e.start, e.end), "newText": e.content} for e in fix.edits],
    }


def to_lsp(d: Diagnostic, pmap: PositionMap, version: int) -> types.Diagnostic:
    error = d.severity is Severity.ERROR or d.code.startswith("E")
    data: dict[str, Any] = {"version": version}
    if d.fix is not None and d.fix.applicability is not Applicability.DISPLAY_ONLY:
        data["fix"] = fix_json(pmap, d.fix)
    return types.Diagnostic(
        range=pmap.range(d.start, d.end),
        message=d.message,
        severity=types.DiagnosticSeverity.Error if error else types.DiagnosticSeverity.Warning,
        code=d.code,
        code_description=types.CodeDescription(href=rule_url(d.code)),
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if d.unnecessary else None,
        data=data,
    )


def analyze(
    text: str,
    path: str,
    version: int,
    settings: Settings,
    encoding: str,
    max_lines: int,
    stale: Callable[[], bool] | None = None,
    previous: LintResult | None = None,
) -> Analysis:
    """Lint one version; ``stale`` is asked between phases and abandons the work with
    :class:`toilint.api.Cancelled` once a newer version makes this one pointless. ``previous``
    (an earlier version's result) lets the parser re-parse only what the edit touched."""
    pmap = PositionMap(text, encoding)
    if pmap.line_count > max_lines:
        reason = f"not linted: {pmap.line_count} lines is more than toilint.maxLines ({max_lines})"
        return Analysis(version, text, pmap, None, [], [], declined=reason)
    result = lint_source(text, path, settings, cancelled=stale, previous=previous)
    pairs = []
    for i, d in enumerate(result.diagnostics):
        if stale is not None and i % 1000 == 999 and stale():
            raise Cancelled
        pairs.append((d, to_lsp(d, pmap, version)))
    return Analysis(version, text, pmap, result, [p[1] for p in pairs], pairs)

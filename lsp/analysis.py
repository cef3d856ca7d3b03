"""One document version linted and converted to the protocol's shapes.

Built in a worker thread (never on the event loop): parsing a large file takes tens of
milliseconds and requests must keep being answered meanwhile. Everything a request needs
about that version (LSP diagnostics, the position map, the lint result for fixes and
navigation) is computed once here and shared.
"""

from __future__ import annotations

import functools
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
    #: toilint's diagnostics (``result.diagnostics``) ...
    found: list[Diagnostic]
    #: ... and each one in the protocol's JSON shape, in the same order (what is published)
    items: list[dict[str, Any]]
    declined: str | None = None
    #: built on first use by navigation (see :func:`toilint.lsp.navigation.model`)
    semantic: Any = None
    _objects: dict[int, types.Diagnostic] = attrs.field(factory=dict)

    def lsp(self, i: int) -> types.Diagnostic:
        """``found[i]`` as a protocol object, built when a request first needs it (a publish
        sends ``items`` as they are: building thousands of objects per keystroke is slow)."""
        made = self._objects.get(i)
        if made is None:
            made = self._objects[i] = to_lsp(self.found[i], self.pmap, self.version)
        return made

    @property
    def pairs(self) -> list[tuple[Diagnostic, types.Diagnostic]]:
        return [(d, self.lsp(i)) for i, d in enumerate(self.found)]

    @property
    def diagnostics(self) -> list[types.Diagnostic]:
        return [self.lsp(i) for i in range(len(self.found))]

    def near(self, start: int, end: int) -> list[tuple[Diagnostic, types.Diagnostic]]:
        """The diagnostics that touch ``start..end``, with their protocol objects."""
        return [(d, self.lsp(i)) for i, d in enumerate(self.found) if d.start <= end and d.end >= start]


def position_json(pmap: PositionMap, offset: int) -> dict[str, int]:
    line, character = pmap.line_character(offset)
    return {"line": line, "character": character}


def range_json(pmap: PositionMap, start: int, end: int) -> dict[str, Any]:
    return {"start": position_json(pmap, start), "end": position_json(pmap, max(start, end))}


def fix_json(pmap: PositionMap, fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.message,
        "applicability": fix.applicability.value,
        "edits": [{"range": range_json(pmap, e.start, e.end), "newText": e.content} for e in fix.edits],
    }


@functools.cache
def _described(code: str) -> dict[str, str]:
    return {"href": rule_url(code)}


def diagnostic_json(d: Diagnostic, pmap: PositionMap, version: int) -> dict[str, Any]:
    """``d`` as the protocol's Diagnostic, in JSON (what the converter makes of :func:`to_lsp`).

    Runs for every finding of every published version (thousands per keystroke in a long file
    with many findings): the range is spelled out here rather than through ``range_json``."""
    code = d.code
    error = d.severity is Severity.ERROR or code.startswith("E")
    data: dict[str, Any] = {"version": version}
    fix = d.fix
    if fix is not None and fix.applicability is not Applicability.DISPLAY_ONLY:
        data["fix"] = fix_json(pmap, fix)
    start = d.start
    end = d.end
    position = pmap.line_character
    line, character = position(start)
    end_line, end_character = position(end if end > start else start)
    out: dict[str, Any] = {
        "range": {
            "start": {"line": line, "character": character},
            "end": {"line": end_line, "character": end_character},
        },
        "message": d.message,
        "severity": _ERROR if error else _WARNING,
        "code": code,
        "codeDescription": _described(code),
        "source": SOURCE,
    }
    if d.unnecessary:
        out["tags"] = [_UNNECESSARY]
    out["data"] = data
    return out


_ERROR = types.DiagnosticSeverity.Error.value
_WARNING = types.DiagnosticSeverity.Warning.value
_UNNECESSARY = types.DiagnosticTag.Unnecessary.value


def to_lsp(d: Diagnostic, pmap: PositionMap, version: int) -> types.Diagnostic:
    """:func:`diagnostic_json` as a protocol object."""
    item = diagnostic_json(d, pmap, version)
    return types.Diagnostic(
        range=pmap.range(d.start, d.end),
        message=d.message,
        severity=types.DiagnosticSeverity(item["severity"]),
        code=d.code,
        code_description=types.CodeDescription(href=item["codeDescription"]["href"]),
        source=SOURCE,
        tags=[types.DiagnosticTag(t) for t in item["tags"]] if "tags" in item else None,
        data=item["data"],
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
    items = []
    for i, d in enumerate(result.diagnostics):
        if stale is not None and i % 1000 == 999 and stale():
            raise Cancelled
        items.append(diagnostic_json(d, pmap, version))
    return Analysis(version, text, pmap, result, result.diagnostics, items)

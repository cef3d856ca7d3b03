"""One document version linted and converted to the protocol's shapes.

Built in a worker thread (never on the event loop): parsing a large file takes tens of
milliseconds and requests must keep being answered meanwhile. Everything a request needs
about that version (LSP diagnostics, the position map, the lint result for fixes and
navigation) is computed once here and shared.
"""

from __future__ import annotations

import functools
import json
from bisect import bisect_right
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
    #: ... and the JSON text of them all in the protocol's shape, in the same order: what is
    #: published (``diagnostics_text``)
    published: str
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
    def items(self) -> list[dict[str, Any]]:
        """``found`` in the protocol's JSON shape (the objects ``published`` spells out)."""
        return [diagnostic_json(d, self.pmap, self.version) for d in self.found]

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
    """``d`` as the protocol's Diagnostic, in JSON (what the converter makes of :func:`to_lsp`;
    what is published is :func:`diagnostics_text`, the same JSON written out directly)."""
    error = d.severity is Severity.ERROR or d.code.startswith("E")
    data: dict[str, Any] = {"version": version}
    if d.fix is not None and d.fix.applicability is not Applicability.DISPLAY_ONLY:
        data["fix"] = fix_json(pmap, d.fix)
    out: dict[str, Any] = {
        "range": range_json(pmap, d.start, d.end),
        "message": d.message,
        "severity": _ERROR if error else _WARNING,
        "code": d.code,
        "codeDescription": _described(d.code),
        "source": SOURCE,
    }
    if d.unnecessary:
        out["tags"] = [_UNNECESSARY]
    out["data"] = data
    return out


_ERROR = types.DiagnosticSeverity.Error.value
_WARNING = types.DiagnosticSeverity.Warning.value
_UNNECESSARY = types.DiagnosticTag.Unnecessary.value
_TAGS_TEXT = f'"tags": [{_UNNECESSARY}], '


def diagnostics_text(found: list[Diagnostic], pmap: PositionMap, version: int, stale: Stale = None) -> str:
    """``json.dumps([diagnostic_json(d, pmap, version) for d in found])``, character for
    character, written out directly: a long file publishes thousands of diagnostics per
    keystroke, and building and encoding their dictionaries cost more than the rules of an edit.
    ``stale`` is asked every thousand diagnostics (see :func:`analyze`)."""
    parts = []
    range_text = _range_writer(pmap)
    version_text = json.dumps(version)
    for i, d in enumerate(found):
        if stale is not None and i % 1000 == 999 and stale():
            raise Cancelled
        fix = d.fix
        if fix is not None and fix.applicability is not _DISPLAY_ONLY:
            data = f'{{"version": {version_text}, "fix": {_fix_text(fix, range_text)}}}'
        else:
            data = f'{{"version": {version_text}}}'
        tags = _TAGS_TEXT if d.unnecessary else ""
        described = _DESCRIBED.get(d.code) or _describe(d.code)
        parts.append(
            f'{{"range": {range_text(d.start, d.end)}, "message": {_string(d.message)}, '
            f'{described[d.severity is _ERROR_SEVERITY]}, {tags}"data": {data}}}'
        )
    return "[" + ", ".join(parts) + "]"


def publish_message(uri: str, version: int, diagnostics: str) -> str:
    """The ``textDocument/publishDiagnostics`` notification of ``diagnostics_text``, as the JSON
    text ``json.dumps`` makes of it as a dictionary."""
    return (
        f'{{"jsonrpc": "2.0", "method": {_string(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)}, '
        f'"params": {{"uri": {_string(uri)}, "version": {json.dumps(version)}, "diagnostics": {diagnostics}}}}}'
    )


Stale = Callable[[], bool] | None
_string = json.encoder.encode_basestring_ascii  # (json.dumps's own encoding of a str)
# (enum members and their texts bound once: an enum's ``value`` and hash are Python-level calls)
_DISPLAY_ONLY = Applicability.DISPLAY_ONLY
_ERROR_SEVERITY = Severity.ERROR
_APPLICABILITY_TEXT = {a._value_: _string(a.value) for a in Applicability}


def _range_writer(pmap: PositionMap) -> Callable[[int, int], str]:
    """:func:`range_json`'s JSON text of a span, for the spans of one map."""
    position = pmap.line_character

    def write(start: int, end: int) -> str:
        line, character = position(start)
        end_line, end_character = position(end if end > start else start)
        return (
            f'{{"start": {{"line": {line}, "character": {character}}}, '
            f'"end": {{"line": {end_line}, "character": {end_character}}}}}'
        )

    if not pmap.plain:
        return write
    starts = pmap.starts
    size = len(pmap.text)

    def write_plain(start: int, end: int) -> str:
        # ``line_character`` of an ASCII, LF-only text written out: a column is the offset
        # minus its line's start (thousands of spans per keystroke in a long file)
        if end < start:
            end = start
        if start < 0 or end > size:
            return write(start, end)  # (clamped there)
        line = bisect_right(starts, start) - 1
        end_line = bisect_right(starts, end, line) - 1
        return (
            f'{{"start": {{"line": {line}, "character": {start - starts[line]}}}, '
            f'"end": {{"line": {end_line}, "character": {end - starts[end_line]}}}}}'
        )

    return write_plain


def _fix_text(fix: Fix, range_text: Callable[[int, int], str]) -> str:
    """:func:`fix_json`'s JSON text."""
    edits = ", ".join(f'{{"range": {range_text(e.start, e.end)}, "newText": {_string(e.content)}}}' for e in fix.edits)
    return (
        f'{{"title": {_string(fix.message)}, "applicability": {_APPLICABILITY_TEXT[fix.applicability._value_]}, '
        f'"edits": [{edits}]}}'
    )


#: code -> the part of its diagnostics' JSON that the code and severity decide, for a warning
#: and for an error (indexed by ``severity is ERROR``)
_DESCRIBED: dict[str, tuple[str, str]] = {}


def _describe(code: str) -> tuple[str, str]:
    found = _DESCRIBED[code] = (_described_text(code, Severity.WARNING), _described_text(code, Severity.ERROR))
    return found


def _described_text(code: str, severity: Severity) -> str:
    """The part of a diagnostic's JSON that its code and severity decide."""
    error = severity is Severity.ERROR or code.startswith("E")
    return (
        f'"severity": {_ERROR if error else _WARNING}, "code": {_string(code)}, '
        f'"codeDescription": {json.dumps(_described(code))}, "source": {_string(SOURCE)}'
    )


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
        return Analysis(version, text, pmap, None, [], "[]", declined=reason)
    result = lint_source(text, path, settings, cancelled=stale, previous=previous)
    published = diagnostics_text(result.diagnostics, pmap, version, stale)
    return Analysis(version, text, pmap, result, result.diagnostics, published)

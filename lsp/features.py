"""Hover, document symbols and formatting: the read-only features.

Each works on one :class:`toilint.lsp.analysis.Analysis` (a parsed version of the document), so the
answers match the diagnostics on screen.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import attrs
from lsprotocol import types

from toilint import ast
from toilint.diagnostics import Diagnostic
from toilint.lsp.analysis import Analysis
from toilint.lsp.positions import PositionMap
from toilint.rules.base import find_rule
from toilint.syntax import parse

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- hover


def measured(code: str) -> str | None:
    from toilint.bench.results import measured_line

    try:
        return measured_line(code)
    except Exception as exc:  # recorded results missing or unreadable: the docs still show
        log.info("no measurement for %s: %s", code, exc)
        return None


def rule_markdown(code: str, message: str | None = None) -> str | None:
    rule = find_rule(code)
    if rule is None:
        return None
    parts = [f"### {rule.code} {rule.name}"]
    if message:
        parts.append(message)
    parts.append(rule.doc())
    line = measured(rule.code)
    if line:
        parts.append(f"## Measured on the real interpreter\n{line}")
    return "\n\n".join(parts)


def profile_cost(analysis: Analysis, d: Diagnostic) -> str | None:
    """What a performance finding cost in the last `toilint profile` run, when one is on disk."""
    if analysis.result is None or not d.code.startswith("PERF"):
        return None
    from toilint.profile.annotate import profile_near
    from toilint.profile.data import describe

    path = analysis.result.path
    data = profile_near(path)
    cost = data.lookup(path, analysis.result.lines.line_of(d.start), d.code) if data is not None else None
    if data is None or cost is None:
        return None
    return f"**Profile** ({os.path.basename(data.program)}): {describe(cost, data.total_cpu_s)}"


def hover(analysis: Analysis, offset: int) -> types.Hover | None:
    """The documentation of every rule reported at ``offset``."""
    hits = analysis.near(offset, offset)
    if not hits:
        return None
    sections: list[str] = []
    for d, _ in hits:
        message = d.message
        cost = profile_cost(analysis, d)
        if cost:
            message = f"{message}\n\n{cost}"
        text = rule_markdown(d.code, message)
        sections.append(text if text is not None else f"**{d.code}** {message}")
    first = hits[0][1]
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)),
        range=first.range,
    )


# --------------------------------------------------------------------------- document symbols


def _symbol(
    pmap: PositionMap, name: ast.Name, node: ast.Node, kind: types.SymbolKind, detail: str | None = None
) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=name.id,
        kind=kind,
        range=pmap.range(node.start, node.end),
        selection_range=pmap.range(name.start, name.end),
        detail=detail,
        children=[],
    )


def _function_detail(fn: ast.FunctionDef) -> str:
    params = ", ".join(("*" if p.star else "") + p.name.id for p in fn.params)
    return f"{fn.scope + ' ' if fn.scope else ''}fn({params})"


def _top_level_bindings(stmt: ast.Stmt) -> Iterator[tuple[ast.Name, ast.Node, types.SymbolKind]]:
    if isinstance(stmt, ast.ExprStmt) and isinstance(stmt.expr, ast.Assign) and isinstance(stmt.expr.target, ast.Name):
        value = stmt.expr.value
        kind = types.SymbolKind.Function if isinstance(value, ast.Lambda) else types.SymbolKind.Variable
        if isinstance(value, ast.Table):
            kind = types.SymbolKind.Object
        yield stmt.expr.target, stmt, kind
    elif isinstance(stmt, ast.Local | ast.Global | ast.MultiAssign):
        for name in stmt.names if not isinstance(stmt, ast.MultiAssign) else stmt.targets:
            yield name, stmt, types.SymbolKind.Variable
    elif isinstance(stmt, ast.Import):
        for dotted in stmt.modules:
            if dotted.parts:
                yield dotted.parts[0], stmt, types.SymbolKind.Module
    elif isinstance(stmt, ast.FromImport):
        for name in stmt.names:
            yield name, stmt, types.SymbolKind.Variable


def _functions(pmap: PositionMap, nodes: list[ast.Node]) -> list[types.DocumentSymbol]:
    """Function definitions found under ``nodes``, nested ones as children."""
    out: list[types.DocumentSymbol] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef):
            sym = _symbol(pmap, node.name, node, types.SymbolKind.Function, _function_detail(node))
            sym.children = _functions(pmap, [node.body])
            out.append(sym)
            continue
        stack.extend(reversed(node.children()))
    return out


def document_symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    """Functions (with their nested functions) and the names a file binds at top level."""
    result = analysis.result
    if result is None or result.parse.module is None:
        return []
    pmap = analysis.pmap
    symbols: list[types.DocumentSymbol] = []
    seen: set[str] = set()
    for stmt in result.parse.module.body:
        if isinstance(stmt, ast.FunctionDef):
            symbols.extend(_functions(pmap, [stmt]))
            seen.add(stmt.name.id)
            continue
        for name, node, kind in _top_level_bindings(stmt):
            if name.id in seen:
                continue
            seen.add(name.id)
            symbols.append(_symbol(pmap, name, node, kind))
        symbols.extend(_functions(pmap, stmt.children()))
    return symbols


# --------------------------------------------------------------------------- formatting


def find_toi(configured: str | None = None) -> str | None:
    """The interpreter: the editor's setting if given (and only it), else $TOI, else PATH."""
    if configured:
        return shutil.which(configured)
    for candidate in (os.environ.get("TOI"), "toi"):
        if not candidate:
            continue
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _shape(node: Any) -> Iterator[Any]:
    """The tree without positions: equal shapes mean the same program."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            yield "(", len(item)
            stack.extend(reversed(item))
        elif isinstance(item, ast.Node):
            yield type(item).__name__
            for field in attrs.fields(type(item)):  # type: ignore[arg-type]
                if field.name in ("start", "end", "lparen") or field.name.endswith("_start"):
                    continue
                stack.append(getattr(item, field.name))
        else:
            yield item


class FormatError(Exception):
    """Formatting declined; the message says why (shown to the user)."""


def format_text(text: str, toi: str | None, timeout: float = 10.0) -> str:
    """Run ``toi fmt -`` and check that the result is the same program.

    Toi's formatter re-indents line by line; it never looks at the syntax, so a comment line
    indented deeper than the code around it can move the next statement out of its block.
    The output is parsed and compared with the input's tree, and refused if they differ.
    """
    if toi is None:
        raise FormatError("the Toi interpreter was not found (set toilint.toiPath or $TOI)")
    if "\0" in text:
        raise FormatError("the file contains a NUL character, which `toi fmt` cannot read")
    before = parse(text)
    if not before.ok or before.module is None:
        raise FormatError("the file has a syntax error")
    try:
        proc = subprocess.run(
            [toi, "fmt", "-"], input=text.encode("utf-8", "surrogatepass"), capture_output=True, timeout=timeout
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FormatError(f"`toi fmt` failed: {exc}") from exc
    if proc.returncode != 0:
        raise FormatError(f"`toi fmt` exited with {proc.returncode}: {proc.stderr.decode(errors='replace').strip()}")
    formatted = proc.stdout.decode("utf-8", "surrogateescape")
    if formatted == text:
        return text
    after = parse(formatted)
    same = (
        after.ok
        and after.module is not None
        and list(_shape(before.module)) == list(_shape(after.module))
        and [c.text for c in before.comments] == [c.text for c in after.comments]
    )
    if not same:
        raise FormatError("`toi fmt` would change what the program means here; the file was left as it is")
    return formatted


def format_range(
    text: str, start: int, end: int, toi: str | None, module: ast.Module | None = None
) -> tuple[int, int, str]:
    """Format the top-level statements that the range touches: (start, end, their new text).

    ``toi fmt`` works on whole programs, so the slice handed to it is made of complete
    top-level statements (from the start of the first one's line to the end of the last
    one's line); it passes the same same-program check as whole-document formatting.
    """
    if module is None:
        module = parse(text).module
    if module is None:
        raise FormatError("the file has a syntax error")
    body = module.body
    touched = [s for s in body if s.start <= max(end, start + 1) and s.end >= start] or [
        s for s in body if s.start >= start
    ][:1]
    if not touched:
        return start, start, ""
    first = text.rfind("\n", 0, touched[0].start) + 1
    nl = text.find("\n", touched[-1].end)
    last = len(text) if nl == -1 else nl + 1
    piece = text[first:last]
    formatted = format_text(piece, toi)
    if piece.endswith("\n") is False and formatted.endswith("\n"):
        formatted = formatted[:-1]
    return first, last, formatted

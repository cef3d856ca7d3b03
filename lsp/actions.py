"""Code actions: a quick fix per fixable diagnostic, "ignore on this line", fix all.

Edits come from the same analysis the diagnostics were published from, so a quick fix
always matches the squiggle the user clicked; a request for a version that is no longer
current gets no actions rather than edits at the wrong places.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from toilint import ast
from toilint.diagnostics import Applicability
from toilint.lsp.analysis import Analysis
from toilint.lsp.positions import PositionMap
from toilint.settings import ALWAYS_ON

FIX_ALL_KIND = "source.fixAll.toilint"
KINDS = [
    types.CodeActionKind.QuickFix,
    types.CodeActionKind.SourceFixAll,
    FIX_ALL_KIND,
    types.CodeActionKind.SourceOrganizeImports,
]
#: diagnostics a suppression comment cannot silence, or that are about suppressions themselves
NOT_IGNORABLE = ALWAYS_ON | {"W299"}


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """The spec's kind hierarchy: asking for `source.fixAll` includes `source.fixAll.toilint`."""
    if not only:
        return True
    return any(kind == k or kind.startswith(k + ".") for k in only)


def workspace_edit(uri: str, version: int | None, edits: list[types.TextEdit], versioned: bool) -> types.WorkspaceEdit:
    if versioned:
        doc = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=doc, edits=list(edits))])
    return types.WorkspaceEdit(changes={uri: list(edits)})


def quick_fixes(analysis: Analysis, uri: str, start: int, end: int, versioned: bool) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    pmap = analysis.pmap
    for d, lsp_d in analysis.near(start, end):
        fix = d.fix
        if fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
            continue
        unsafe = fix.applicability is Applicability.UNSAFE
        edits = [types.TextEdit(range=pmap.range(e.start, e.end), new_text=e.content) for e in fix.edits]
        actions.append(
            types.CodeAction(
                title=f"{d.code}: {fix.message}" + (" (unsafe fix)" if unsafe else ""),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[lsp_d],
                is_preferred=not unsafe,
                edit=workspace_edit(uri, analysis.version, edits, versioned),
            )
        )
    return actions


def _inside_multiline_string(module: ast.Module | None, offset: int) -> bool:
    if module is None:
        return False
    stack: list[ast.Node] = [module]
    while stack:
        node = stack.pop()
        if node.end <= offset or node.start > offset:
            continue
        if isinstance(node, ast.String | ast.FString) and node.start < offset < node.end:
            return True
        stack.extend(node.children())
    return False


def ignore_actions(analysis: Analysis, uri: str, start: int, end: int, versioned: bool) -> list[types.CodeAction]:
    """ "Ignore CODE on this line": extends the line's suppression comment or appends one."""
    result = analysis.result
    if result is None:
        return []
    lines = result.lines
    pmap: PositionMap = analysis.pmap
    seen: set[tuple[int, str]] = set()
    actions: list[types.CodeAction] = []
    for d, lsp_d in analysis.near(start, end):
        if d.code in NOT_IGNORABLE:
            continue
        line = lines.line_of(d.start)
        if (line, d.code) in seen:
            continue
        seen.add((line, d.code))
        existing = next((s for s in result.suppressions if not s.file_wide and s.line == line), None)
        if existing is not None:
            # `-- toilint: ignore[A]` -> `-- toilint: ignore[A, CODE]` (the directive ends with `]`)
            close = existing.end - 1
            sep = ", " if existing.codes else ""
            edit = types.TextEdit(range=pmap.range(close, close), new_text=f"{sep}{d.code}")
        else:
            line_start = lines.starts[line - 1]
            eol = line_start + len(lines.line_text(line))
            if _inside_multiline_string(result.parse.module, eol):
                continue  # a comment there would become part of the string
            content = lines.line_text(line)
            pad = "" if not content.strip() else "  "
            edit = types.TextEdit(range=pmap.range(eol, eol), new_text=f"{pad}-- toilint: ignore[{d.code}]")
        actions.append(
            types.CodeAction(
                title=f"Ignore {d.code} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[lsp_d],
                edit=workspace_edit(uri, analysis.version, [edit], versioned),
            )
        )
    return actions


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i, step = 0, 4096
    while i + step <= n and a[i : i + step] == b[i : i + step]:
        i += step
    while i < n and a[i] == b[i]:
        i += 1
    return i


def whole_text_edit(pmap: PositionMap, old: str, new: str) -> list[types.TextEdit]:
    """One edit covering only the changed middle of the text (keeps the editor's cursor and marks)."""
    if old == new:
        return []
    prefix = common_prefix(old, new)
    limit = min(len(old), len(new)) - prefix
    suffix = min(common_prefix(old[::-1], new[::-1]), limit)
    # never split a `\r\n` pair: the protocol has no position between them
    if prefix > 0 and old[prefix - 1] == "\r":
        prefix -= 1
    cut = len(old) - suffix
    if suffix > 0 and old[cut] == "\n" and cut > 0 and old[cut - 1] == "\r":
        suffix -= 1
    return [types.TextEdit(range=pmap.range(prefix, len(old) - suffix), new_text=new[prefix : len(new) - suffix])]

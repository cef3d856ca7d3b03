"""Folding ranges: indented blocks, multi-line table literals and strings, runs of comments and imports.

A block folds from its header's line (``fn``, ``if``, ``for``...) to its last line, so the
header stays visible; a table literal folds up to the line before its closing ``}``.
"""

from __future__ import annotations

from lsprotocol import types

from toilint import ast
from toilint.lsp.positions import PositionMap

FK = types.FoldingRangeKind


def _line(pmap: PositionMap, offset: int) -> int:
    return pmap.position(offset).line


def folding_ranges(
    module: ast.Module, comments: tuple[ast.Comment, ...], pmap: PositionMap
) -> list[types.FoldingRange]:
    out: dict[tuple[int, int], types.FoldingRange] = {}

    def add(start: int, end: int, kind: str | None = None) -> None:
        if end > start and (start, end) not in out:
            out[(start, end)] = types.FoldingRange(start_line=start, end_line=end, kind=kind)

    def header_of(block: ast.Block) -> int:
        """The line above the block's first statement that is neither blank nor a comment."""
        line = _line(pmap, block.body[0].start) - 1
        while line > 0:
            content = pmap.line_text(line).strip()
            if content and not content.startswith("--"):
                break
            line -= 1
        return max(line, 0)

    stack: list[ast.Node] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Block) and not node.inline and node.body:
            add(header_of(node), _line(pmap, node.body[-1].end))
        elif isinstance(node, ast.Table) and not node.sugar:
            add(_line(pmap, node.start), _line(pmap, node.end) - 1)
        elif isinstance(node, ast.String | ast.FString):
            add(_line(pmap, node.start), _line(pmap, node.end), FK.Region)
        stack.extend(node.children())
    # runs of comment-only lines
    run: list[int] = []
    for comment in comments:
        line = _line(pmap, comment.start)
        if pmap.line_text(line).lstrip().startswith("--") and run and line == run[-1] + 1:
            run.append(line)
            continue
        if len(run) > 1:
            add(run[0], run[-1], FK.Comment)
        run = [line] if pmap.line_text(line).lstrip().startswith("--") else []
    if len(run) > 1:
        add(run[0], run[-1], FK.Comment)
    # the run of imports at the top
    imports = [s for s in module.body if isinstance(s, ast.Import | ast.FromImport)]
    if imports:
        first = _line(pmap, imports[0].start)
        last = first
        for stmt in module.body:
            if not isinstance(stmt, ast.Import | ast.FromImport) or stmt.start < imports[0].start:
                if stmt.start > imports[0].start:
                    break
                continue
            last = _line(pmap, stmt.end)
        add(first, last, FK.Imports)
    return sorted(out.values(), key=lambda r: (r.start_line, r.end_line))

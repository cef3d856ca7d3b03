"""Document highlight: every place in this file that names the variable under the cursor.

Writes (declarations and assignments) are marked ``Write``, reads ``Read``, so an editor can
tell where a value is set from where it is used. Same variable, not same spelling: the model
resolves names as the compiler does.
"""

from __future__ import annotations

from lsprotocol import types

from toilint.lsp import xref
from toilint.lsp.workspace import Indexed, WorkspaceIndex


def highlights(index: WorkspaceIndex, file: Indexed, offset: int) -> list[types.DocumentHighlight] | None:
    symbol = xref.symbol_at(index, file, offset)
    if symbol is None or isinstance(symbol, xref.ModuleRef):
        return None
    spans = xref.occurrences(index, symbol).get(file.path, set())
    writes: set[tuple[int, int]] = set()
    if isinstance(symbol, xref.Variable):
        b = symbol.binding
        writes = {(n.start, n.end) for n in b.assignments}
        if b.scope is not None:
            writes.add((b.node.start, b.node.end))
    out = []
    for start, end in sorted(spans):
        kind = types.DocumentHighlightKind.Write if (start, end) in writes else types.DocumentHighlightKind.Read
        out.append(types.DocumentHighlight(range=file.pmap.range(start, end), kind=kind))
    return out

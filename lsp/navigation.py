"""Go to definition and find references, across the files of the workspace.

The model resolves names exactly as Toi's compiler does (a local declared in an ``if`` body
is a different variable from a global of the same name), so "references" lists the uses of
one variable, not every occurrence of a spelling. ``import a.b`` and ``from a.b import x``
are followed to the file the interpreter would load and, through the table it returns
(``return {x = x}``), to the definition; see :mod:`lsp.xref`.
"""

from __future__ import annotations

from lsprotocol import types
from pygls import uris

from toilint.lsp import xref
from toilint.lsp.workspace import Indexed, WorkspaceIndex


def uri_for(path: str, open_uris: dict[str, str]) -> str:
    return open_uris.get(path) or uris.from_fs_path(path) or path


def _location(file: Indexed, start: int, end: int, open_uris: dict[str, str]) -> types.Location:
    return types.Location(uri=uri_for(file.path, open_uris), range=file.pmap.range(start, end))


def definition(
    index: WorkspaceIndex, file: Indexed, offset: int, open_uris: dict[str, str]
) -> list[types.Location] | None:
    found = xref.definition(index, file, offset)
    if found is None:
        return None
    target, (start, end) = found
    return [_location(target, start, end, open_uris)]


def references(
    index: WorkspaceIndex, file: Indexed, offset: int, include_declaration: bool, open_uris: dict[str, str]
) -> list[types.Location] | None:
    symbol = xref.symbol_at(index, file, offset)
    if symbol is None or isinstance(symbol, xref.ModuleRef):
        return None
    found = xref.occurrences(index, symbol, include_declaration)
    out: list[types.Location] = []
    for path in sorted(found, key=lambda p: (p != file.path, p)):
        target = file if path == file.path else index.get(path)
        if target is None:
            continue
        out.extend(_location(target, s, e, open_uris) for s, e in sorted(found[path]))
    return out

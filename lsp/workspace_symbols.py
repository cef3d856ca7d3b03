"""Workspace symbols: the functions and top-level names of every indexed `.toi` file.

A query matches a name when its characters appear in order (``gtu`` finds ``get_user``),
case-insensitively, as most editors expect from a fuzzy symbol search.
"""

from __future__ import annotations

from lsprotocol import types
from pygls import uris

from toilint import ast
from toilint.lsp.workspace import WorkspaceIndex

LIMIT = 500


def matches(query: str, name: str) -> bool:
    it = iter(name.lower())
    return all(ch in it for ch in query.lower())


def workspace_symbols(index: WorkspaceIndex, query: str, uri_of: dict[str, str]) -> list[types.WorkspaceSymbol]:
    out: list[types.WorkspaceSymbol] = []
    for file in sorted(index.files(), key=lambda f: f.path):
        if file.module is None:
            continue
        uri = uri_of.get(file.path) or uris.from_fs_path(file.path) or file.path
        found: list[tuple[ast.Name, types.SymbolKind, str | None]] = []
        stack: list[tuple[ast.Node, str | None]] = [(file.module, None)]
        while stack:
            node, container = stack.pop()
            if isinstance(node, ast.FunctionDef):
                found.append((node.name, types.SymbolKind.Function, container))
                container = node.name.id
            for child in node.children():
                stack.append((child, container))
        sm = file.model
        if sm is not None:
            for scope in sm.scopes:
                if scope.kind != "module":
                    continue
                for b in scope.bindings:
                    if b.kind in ("local",) and isinstance(b.node, ast.Name):
                        value = b.values[0] if b.values else None
                        kind = types.SymbolKind.Function if isinstance(value, ast.Lambda) else types.SymbolKind.Variable
                        found.append((b.node, kind, None))
        seen: set[int] = set()
        for name, kind, container in found:
            if name.start in seen or not matches(query, name.id):
                continue
            seen.add(name.start)
            out.append(
                types.WorkspaceSymbol(
                    name=name.id,
                    kind=kind,
                    location=types.Location(uri=uri, range=file.pmap.range(name.start, name.end)),
                    container_name=container,
                )
            )
            if len(out) >= LIMIT:
                return out
    return out

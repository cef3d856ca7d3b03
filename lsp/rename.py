"""Rename (with ``prepareRename``): one variable by Toi's scoping, or one export across files.

What gets renamed comes from :mod:`lsp.xref`: a variable's declaration, writes and reads as
the compiler resolves them (a same-spelled local of another function is left alone), and for a
top-level name a module exports under its own name, the key of the returned table and every
``from m import name`` and ``m.name`` in the workspace files that import the module.

A new name is refused, with the reason, when it is not an identifier, is a keyword, or would
collide with a name already visible where the renamed one is declared or used (the renamed
variable would then hide it, or be hidden by it, and the program would change meaning).
"""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from toilint import ast
from toilint.fix.fixes import KEYWORDS
from toilint.lsp import xref
from toilint.lsp.scopes import lookup, name_at
from toilint.lsp.workspace import Indexed, WorkspaceIndex
from toilint.semantic import Binding, SemanticModel

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

KIND_WORDS = {
    "local": "variable",
    "global": "global",
    "param": "parameter",
    "import": "import",
    "from-import": "import",
    "for": "loop variable",
    "function": "function",
    "except": "exception variable",
    "with": "variable",
    "comprehension": "comprehension variable",
    "builtin": "native global",
}


class RenameRefused(JsonRpcException):
    """The request failed with a message for the user (LSP ``RequestFailed``)."""

    CODE = -32803
    MESSAGE = "cannot rename"


def describe(sm: SemanticModel | None, binding: Binding) -> str:
    word = KIND_WORDS.get(binding.kind, "name")
    if binding.kind == "local" and binding.values and len(binding.values) == 1:
        value = binding.values[0]
        if isinstance(value, ast.Lambda):
            word = "function"
    if binding.kind == "builtin" or sm is None:
        return f"the {word} `{binding.name}`"
    node = binding.node if binding.scope is not None else (binding.assignments[0] if binding.assignments else None)
    if node is None:
        return f"the {word} `{binding.name}`"
    line = sm.text.count("\n", 0, node.start) + 1
    return f"the {word} `{binding.name}` from line {line}"


def check_name(new_name: str) -> None:
    if not IDENTIFIER.match(new_name):
        raise RenameRefused(f"`{new_name}` is not a Toi identifier (letters, digits and `_`, not first a digit)")
    if new_name in KEYWORDS:
        raise RenameRefused(f"`{new_name}` is a keyword in Toi")


def prepare(index: WorkspaceIndex, file: Indexed, offset: int) -> tuple[int, int, str] | None:
    """The span of the name to rename and its text, or a refusal that says why."""
    sm = file.model
    if sm is None:
        return None
    name = name_at(sm.module, offset)
    if name is None:
        return None
    symbol = xref.symbol_at(index, file, offset)
    if symbol is None:
        binding = sm.binding_of(name)
        if binding is not None and binding.kind == "builtin":
            raise RenameRefused(f"`{name.id}` is a native global of Toi")
        if binding is not None and binding.kind == "global" and not binding.assignments:
            raise RenameRefused(f"`{name.id}` is not defined in this file")
        raise RenameRefused(f"`{name.id}` is a field, not a variable this file defines")
    if isinstance(symbol, xref.ModuleRef):
        raise RenameRefused("renaming a module (its file) is not supported")
    if isinstance(symbol, xref.Variable) and symbol.binding.kind == "global" and not symbol.binding.assignments:
        raise RenameRefused(f"`{name.id}` is a global this file never defines")
    return name.start, name.end, name.id


def _collisions(file: Indexed, binding: Binding, new_name: str) -> str | None:
    """Why renaming ``binding`` to ``new_name`` would change which variable some name reads."""
    sm = file.model
    if sm is None:
        return None
    places = [binding.node] if binding.scope is not None else []
    places += list(binding.assignments) + list(binding.references)
    for node in binding.references:
        entry = sm.parent(node)
        if isinstance(entry, ast.ShorthandEntry) and not xref._is_export_table(sm, entry):
            line = sm.text.count("\n", 0, node.start) + 1
            return (
                f"`{binding.name}` is also the key of `<{binding.name}>` on line {line}: the table's key would change"
            )
    for node in places:
        other = lookup(sm, new_name, node.start)
        if other is not None and other is not binding:
            return f"`{new_name}` would collide with {describe(sm, other)}"
    # a read of another `new_name` inside the renamed variable's reach would start reading it
    if binding.scope is not None:
        for other in sm.bindings:
            if other.name != new_name or other is binding:
                continue
            for ref in other.references:
                if lookup(sm, binding.name, ref.start) is binding:
                    return f"`{new_name}` would capture the use on line {sm.text.count(chr(10), 0, ref.start) + 1} of {describe(sm, other)}"
    return None


def rename(index: WorkspaceIndex, file: Indexed, offset: int, new_name: str) -> dict[str, list[tuple[int, int]]]:
    """Spans to replace by ``new_name``, by file path; raises :class:`RenameRefused` with the reason."""
    check_name(new_name)
    if prepare(index, file, offset) is None:
        raise RenameRefused("there is no name to rename here")
    symbol = xref.symbol_at(index, file, offset)
    assert symbol is not None
    # the variables whose spellings change, and where
    changed: list[tuple[Indexed, Binding]] = []
    if isinstance(symbol, xref.Variable):
        changed.append((symbol.file, symbol.binding))
        module, key = symbol.file, xref._exported_as(symbol.file, symbol.binding)
    else:
        assert isinstance(symbol, xref.Export)
        module, key = symbol.file, symbol.key
        exported = module.export_binding(key)
        if exported is not None and exported.name == key and xref._exported_as(module, exported) == key:
            changed.append((module, exported))
    if key is not None:
        if new_name in module.exports() and new_name != key:
            raise RenameRefused(f"`{new_name}` is already a key of the table {_rel(module)} returns")
        for importer, dotted in index.importers(module.path):
            sm = importer.model
            if sm is None:
                continue
            for node in sm._nodes:
                if isinstance(node, ast.FromImport) and node.module.dotted == dotted:
                    for name in node.names:
                        binding = sm.binding_of(name)
                        if name.id == key and binding is not None:
                            changed.append((importer, binding))
    for owner, binding in changed:
        if binding.scope is None:  # a global: other files of the program may read it by name
            for other in index.files():
                theirs = other.model.globals.get(binding.name) if other.path != owner.path and other.model else None
                if theirs is not None and theirs.references:
                    raise RenameRefused(f"`{binding.name}` is a global that {_rel(other)} also reads")
        why = _collisions(owner, binding, new_name)
        if why is not None:
            where = "" if owner is file else f" in {_rel(owner)}"
            raise RenameRefused(why + where)
    spans = xref.occurrences(index, symbol)
    return {path: sorted(s) for path, s in spans.items()}


def _rel(file: Indexed) -> str:
    import os

    return os.path.basename(file.path)


def workspace_edit(
    index: WorkspaceIndex,
    spans: dict[str, list[tuple[int, int]]],
    new_name: str,
    uri_of: dict[str, tuple[str, int | None]],
    versioned: bool,
) -> types.WorkspaceEdit:
    """``uri_of``: path -> (uri, version) of open documents; other files get file URIs, no version."""
    from pygls import uris

    changes: dict[str, list[types.TextEdit]] = {}
    versions: dict[str, int | None] = {}
    for path, items in spans.items():
        file = index.get(path)
        if file is None:
            continue
        uri, version = uri_of.get(path) or (uris.from_fs_path(path) or path, None)
        versions[uri] = version
        changes[uri] = [types.TextEdit(range=file.pmap.range(s, e), new_text=new_name) for s, e in items]
    if versioned:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=versions[uri]),
                    edits=list(edits),
                )
                for uri, edits in changes.items()
            ]
        )
    return types.WorkspaceEdit(changes=changes)

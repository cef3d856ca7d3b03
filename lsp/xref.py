"""What a name under the cursor stands for across files: definition, references, rename groups.

Two kinds of symbol:

* a **variable** of one file (a semantic-model binding): its declaration, writes and reads;
* an **export**: a key of the table a module returns (``return {helper = helper}``), seen by
  other files as ``from m import helper`` (and its uses) or ``m.helper`` where ``m`` surely
  holds the module.

A top-level variable exported under its own name is one symbol with that export (renaming
``helper`` renames the key and every importer's use), which is what a user means; a variable
exported under another key (``{run = helper}``) is only a variable.
"""

from __future__ import annotations

import attrs

from toilint import ast
from toilint.lsp.scopes import name_at
from toilint.lsp.workspace import Indexed, WorkspaceIndex, is_native
from toilint.semantic import Binding, SemanticModel

Span = tuple[int, int]


@attrs.frozen
class Variable:
    file: Indexed
    binding: Binding


@attrs.frozen
class Export:
    file: Indexed  # the module that returns the table
    key: str


@attrs.frozen
class ModuleRef:
    """A module path written in an import (go to definition opens the file)."""

    file: Indexed


Symbol = Variable | Export | ModuleRef


def _parent_map(sm: SemanticModel, node: ast.Node) -> ast.Node | None:
    return sm.parent(node)


def _import_of(sm: SemanticModel, binding: Binding) -> str | None:
    """The dotted module a variable surely holds (``import a.b``, ``m = import a.b``)."""
    if binding.kind == "import":
        return binding.module
    if binding.kind == "from-import":
        return None
    return sm._module_of(binding)


def symbol_at(index: WorkspaceIndex, file: Indexed, offset: int) -> Symbol | None:
    sm = file.model
    if sm is None:
        return None
    name = name_at(sm.module, offset)
    if name is None:
        return None
    parent = sm.parent(name)
    if isinstance(parent, ast.Dotted):
        stmt = sm.parent(parent)
        upto = parent.parts[: parent.parts.index(name) + 1]
        dotted = ".".join(p.id for p in upto)
        target = index.resolve(dotted, file.path) if not is_native(dotted) else None
        if isinstance(stmt, ast.Import) and name is parent.parts[-1]:
            binding = sm.binding_of(name)
            if binding is not None:
                return Variable(file, binding)
        return ModuleRef(target) if target is not None else None
    if isinstance(parent, ast.Attribute) and parent.name is name and not parent.meta:
        qualified = sm.resolve_qualified(parent)
        if qualified is not None:
            module, _, key = qualified.rpartition(".")
            target = index.resolve(module, file.path) if not is_native(module) else None
            if target is not None:
                return Export(target, key)
        return None
    if isinstance(parent, ast.FieldEntry) and parent.name is name:
        if _is_export_table(sm, parent):
            return Export(file, name.id)
        return None
    binding = sm.binding_of(name)
    if binding is None or binding.kind == "builtin":
        return None
    if binding.kind == "from-import" and isinstance(binding.decl, ast.FromImport):
        target = index.resolve(binding.decl.module.dotted, file.path)
        if target is not None and not binding.decl.star:
            return Export(target, binding.name)
    return Variable(file, binding)


def _is_export_table(sm: SemanticModel, entry: ast.FieldEntry | ast.ShorthandEntry) -> bool:
    table = sm.parent(entry)
    ret = sm.parent(table) if table is not None else None
    return isinstance(ret, ast.Return) and sm.parent(ret) is sm.module


# --------------------------------------------------------------------------- definition


def definition(index: WorkspaceIndex, file: Indexed, offset: int) -> tuple[Indexed, Span] | None:
    symbol = symbol_at(index, file, offset)
    if isinstance(symbol, ModuleRef):
        return symbol.file, (0, 0)
    if isinstance(symbol, Export):
        node = symbol.file.export_target(symbol.key)
        if node is None:
            return None
        return symbol.file, (node.start, node.end)
    if isinstance(symbol, Variable):
        b = symbol.binding
        if b.kind == "import" and b.module is not None and not is_native(b.module):
            target = index.resolve(b.module, file.path)
            if target is not None:
                return target, (0, 0)
        node = b.node if b.scope is not None else (b.assignments[0] if b.assignments else None)
        if node is None:
            return None
        return symbol.file, (node.start, node.end)
    return None


# --------------------------------------------------------------------------- occurrences


def _variable_spans(binding: Binding, declaration: bool = True) -> set[Span]:
    spans: set[Span] = set()
    if declaration:
        if binding.scope is not None:
            spans.add((binding.node.start, binding.node.end))
        for target in binding.assignments:
            spans.add((target.start, target.end))
    for ref in binding.references:
        spans.add((ref.start, ref.end))
    return spans


def _exported_as(file: Indexed, binding: Binding) -> str | None:
    """The key under which a top-level variable is exported with its own name, if it is."""
    if binding.scope is not None and binding.scope.kind != "module":
        return None
    entry = file.exports().get(binding.name)
    if entry is None:
        return None
    if file.export_binding(binding.name) is binding:
        return binding.name
    return None


def _export_key_spans(file: Indexed, key: str) -> set[Span]:
    entry = file.exports().get(key)
    if isinstance(entry, ast.FieldEntry):
        return {(entry.name.start, entry.name.end)}
    if isinstance(entry, ast.Name):  # `<key>` is the key and a read of the variable
        return {(entry.start, entry.end)}
    return set()


def _importer_spans(index: WorkspaceIndex, module: Indexed, key: str, declaration: bool) -> dict[str, set[Span]]:
    out: dict[str, set[Span]] = {}
    for importer, dotted in index.importers(module.path):
        sm = importer.model
        if sm is None:
            continue
        spans = out.setdefault(importer.path, set())
        for node in sm._nodes:
            if isinstance(node, ast.FromImport) and node.module.dotted == dotted:
                for name in node.names:
                    if name.id != key:
                        continue
                    binding = sm.binding_of(name)
                    if binding is not None:
                        spans |= _variable_spans(binding, declaration)
                        if not declaration:
                            spans.add((name.start, name.end))
            elif isinstance(node, ast.Attribute) and node.name.id == key and not node.meta:
                if sm.resolve_qualified(node) == f"{dotted}.{key}":
                    spans.add((node.name.start, node.name.end))
        if not spans:
            del out[importer.path]
    return out


def occurrences(index: WorkspaceIndex, symbol: Symbol, declaration: bool = True) -> dict[str, set[Span]]:
    """Every span, by file path, that names ``symbol`` (what rename rewrites, what references lists)."""
    out: dict[str, set[Span]] = {}

    def add(path: str, spans: set[Span]) -> None:
        if spans:
            out.setdefault(path, set()).update(spans)

    if isinstance(symbol, Variable):
        add(symbol.file.path, _variable_spans(symbol.binding, declaration))
        key = _exported_as(symbol.file, symbol.binding)
        if key is not None:
            add(symbol.file.path, _export_key_spans(symbol.file, key))
            for path, spans in _importer_spans(index, symbol.file, key, True).items():
                add(path, spans)
    elif isinstance(symbol, Export):
        module = symbol.file
        add(module.path, _export_key_spans(module, symbol.key))
        binding = module.export_binding(symbol.key)
        if binding is not None and binding.name == symbol.key and _exported_as(module, binding) == symbol.key:
            add(module.path, _variable_spans(binding, declaration))
        for path, spans in _importer_spans(index, module, symbol.key, True).items():
            add(path, spans)
    return out


def files_of(index: WorkspaceIndex, paths: set[str]) -> dict[str, Indexed]:
    out: dict[str, Indexed] = {}
    for path in paths:
        entry = index.get(path)
        if entry is not None:
            out[path] = entry
    return out

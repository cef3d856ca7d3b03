"""Hover on a name: what it is, where it is defined, its signature and documentation.

Program functions show their parameters and the comment lines just above the ``fn``;
natives (``str``, ``regex.search``) show their entry of the standard-library table, whose
documentation is Toi's STD.md. Names from another file are followed through the workspace
index (``from util import pad`` shows ``pad``'s definition and comments).
"""

from __future__ import annotations

import os

from toilint import ast
from toilint.lsp import signatures, xref
from toilint.lsp.rename import describe
from toilint.lsp.scopes import name_at
from toilint.lsp.workspace import Indexed, WorkspaceIndex, is_native
from toilint.semantic import stdlib


def _line(file: Indexed, node: ast.Node) -> int:
    return file.text.count("\n", 0, node.start) + 1


def _native_module(name: str) -> str:
    mod = stdlib.module(name)
    doc = mod.doc if mod is not None and mod.doc else ""
    return f"```toi\nimport {name}\n```\n\nnative module" + (f"\n\n{doc}" if doc else "")


def hover(index: WorkspaceIndex, file: Indexed, offset: int) -> tuple[str, tuple[int, int]] | None:
    """Markdown for the name at ``offset`` and the name's span."""
    sm = file.model
    if sm is None:
        return None
    name = name_at(sm.module, offset)
    if name is None:
        return None
    span = (name.start, name.end)
    parent = sm.parent(name)
    if isinstance(parent, ast.Attribute) and parent.name is name and not parent.meta:
        qualified = sm.resolve_qualified(parent)
        if qualified is not None:
            module = qualified.rpartition(".")[0]
            if is_native(module):
                member = signatures.native(qualified)
                if isinstance(member, stdlib.NativeFunction):
                    return signatures.markdown(signatures.of_native(member)), span
                if member is not None:
                    return f"```toi\n{qualified}\n```\n\nnative {member.kind}\n\n{member.doc}".rstrip(), span
                return f"`{qualified}` is not a member of the native module `{module}`", span
    if isinstance(parent, ast.Dotted):
        dotted = parent.dotted
        if is_native(dotted):
            return _native_module(dotted), span
    symbol = xref.symbol_at(index, file, offset)
    if isinstance(symbol, xref.ModuleRef):
        return f"module `{parent.dotted if isinstance(parent, ast.Dotted) else name.id}`: {symbol.file.path}", span
    if isinstance(symbol, xref.Export):
        target = symbol.file
        where = os.path.basename(target.path)
        node = target.export_target(symbol.key)
        line = f" (line {_line(target, node)})" if node is not None else ""
        call = signatures.of_export(target, symbol.key)
        head = signatures.markdown(call) if call is not None else f"```toi\n{symbol.key}\n```"
        return f"{head}\n\nexported by `{where}`{line}", span
    if isinstance(symbol, xref.Variable):
        binding = symbol.binding
        owner = binding.module if binding.kind == "import" else sm._module_of(binding)
        if owner is not None and is_native(owner):
            return _native_module(owner), span
        if binding.kind == "from-import" and binding.module and is_native(binding.module.rpartition(".")[0]):
            member = signatures.native(binding.module)  # `from math import sqrt`
            if isinstance(member, stdlib.NativeFunction):
                return signatures.markdown(signatures.of_native(member)), span
        call = signatures.of_binding(sm, binding)
        what = describe(sm, binding)
        if call is not None:
            return f"{signatures.markdown(call)}\n\n{what}", span
        return f"```toi\n{binding.name}\n```\n\n{what}", span
    native = sm.binding_of(name)
    if native is not None and native.kind == "builtin":
        binding = native
        member = stdlib.CORE.get(binding.name)
        if isinstance(member, stdlib.NativeFunction):
            return signatures.markdown(signatures.of_native(member), "global"), span
        return f"```toi\n{binding.name}\n```\n\nnative global" + (f"\n\n{member.doc}" if member else ""), span
    return None

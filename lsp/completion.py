"""Completion: what may be typed at the cursor, by Toi's scoping.

The text around the cursor says what is being typed (a name, a member after ``x.``, a module
after ``import``); the semantic model of the document says what is there to offer. While the
line is half typed the document does not parse, so the model is the one of the last version
that parsed (:class:`lsp.scopes.Snapshot`), queried at the cursor's place in that version.

Offered:

* after ``x.``: members of a native module (``regex.``, ``string.``) from the standard-library
  table; the keys a `.toi` module returns (``m.``); string methods when ``x`` surely holds a
  string; the fields of a table literal bound to ``x`` (and fields assigned as ``x.f = ...``);
* after ``import`` / ``from``: native modules and the workspace's modules;
  after ``from m import``: what ``m`` exports;
* elsewhere: the variables visible at the cursor (declared above it, in an enclosing scope),
  native globals and keywords.
"""

from __future__ import annotations

import os
import re

from lsprotocol import types

from toilint import ast
from toilint.fix.fixes import KEYWORDS
from toilint.lsp import signatures
from toilint.lsp.scopes import Snapshot, lookup, visible
from toilint.lsp.workspace import Indexed, WorkspaceIndex, is_native
from toilint.semantic import Binding, SemanticModel, stdlib
from toilint.semantic.stdlib import NATIVE_MODULES
from toilint.semantic.values import NIL, STRING, values_of

_IDENT_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_RECEIVER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.\Z")
_FROM_IMPORT = re.compile(r"^\s*from\s+([A-Za-z_][A-Za-z0-9_.]*)\s+import\s+(?:[A-Za-z_][A-Za-z0-9_]*\s*,\s*)*\Z")
_IMPORT = re.compile(r"(?:^\s*from\s+|\bimport\s+(?:[A-Za-z_][A-Za-z0-9_.]*\s*,\s*)*)([A-Za-z_][A-Za-z0-9_.]*\.)?\Z")

K = types.CompletionItemKind
KINDS: dict[str, types.CompletionItemKind] = {
    "local": K.Variable,
    "global": K.Variable,
    "param": K.Variable,
    "import": K.Module,
    "from-import": K.Reference,
    "for": K.Variable,
    "function": K.Function,
    "except": K.Variable,
    "with": K.Variable,
    "comprehension": K.Variable,
    "builtin": K.Function,
}


def _in_comment_or_string(line: str) -> bool:
    """Whether the end of ``line`` (text before the cursor) is inside a comment or a string."""
    quote: str | None = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote is not None:
            if ch == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
        elif ch in "\"'":
            quote = ch
        elif line.startswith("[[", i):
            quote = "]]"
            i += 2
            continue
        elif line.startswith("--", i):
            return True
        i += 1
    return quote is not None


def _item(label: str, kind: types.CompletionItemKind, detail: str | None = None, doc: str = "") -> types.CompletionItem:
    return types.CompletionItem(
        label=label,
        kind=kind,
        detail=detail,
        sort_text=("~" if label.startswith("_") else "") + label,  # `_private` and `__name` last
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=doc) if doc else None,
    )


def _binding_item(
    sm: SemanticModel, binding: Binding, index: WorkspaceIndex | None = None, path: str = ""
) -> types.CompletionItem:
    kind = KINDS.get(binding.kind, K.Variable)
    call = signatures.of_binding(sm, binding)
    if call is None and binding.kind == "from-import" and binding.module and index is not None:
        module, _, key = binding.module.rpartition(".")
        target = None if is_native(module) else index.resolve(module, path)
        call = signatures.of_export(target, key) if target is not None else None
    detail: str | None = None
    doc = ""
    if call is not None:
        kind = K.Function
        detail = ("" if call.native else "fn ") + call.label
        doc = call.doc
    elif binding.kind in ("import", "from-import") and binding.module:
        detail = f"import {binding.module}" if binding.kind == "import" else f"from {binding.module.rpartition('.')[0]}"
        if binding.kind == "import":
            kind = K.Module
    elif binding.kind == "builtin":
        member = stdlib.CORE.get(binding.name)
        detail = "native global"
        doc = member.doc if member is not None else ""
    else:
        detail = binding.kind if binding.kind != "local" else None
    return _item(binding.name, kind, detail, doc)


def _native_members(module: str) -> list[types.CompletionItem]:
    mod = stdlib.module(module)
    if mod is None:
        return []
    out = []
    for name, member in sorted(mod.members.items()):
        if isinstance(member, stdlib.NativeFunction):
            call = signatures.of_native(member)
            out.append(_item(name, K.Function, call.label, member.doc))
        else:
            out.append(_item(name, K.Constant, member.kind, member.doc))
    return out


def string_methods() -> list[types.CompletionItem]:
    """`s.upper()`...: a string's methods are the `string` module's functions (``ops_table.c``)."""
    mod = stdlib.module("string")
    if mod is None:
        return []
    out = []
    for name, member in sorted(mod.members.items()):
        if isinstance(member, stdlib.NativeFunction):
            call = signatures.of_native(member)
            params = call.params[1:] if call.params else call.params
            out.append(_item(name, K.Method, f"{name}({', '.join(params)})", member.doc))
    return out


def _export_items(file: Indexed) -> list[types.CompletionItem]:
    out = []
    for key in sorted(file.exports()):
        call = signatures.of_export(file, key)
        if call is not None:
            out.append(_item(key, K.Function, "fn " + call.label, call.doc))
        else:
            out.append(_item(key, K.Field, f"from {os.path.basename(file.path)}"))
    return out


def holds_string(sm: SemanticModel, binding: Binding) -> bool:
    """The value analysis says the variable holds a string (or nil before it is set), nothing else."""
    value = values_of(sm).of_binding(binding)
    return value.may(STRING) and value.only(STRING | NIL)


def _table_fields(sm: SemanticModel, binding: Binding) -> list[types.CompletionItem]:
    names: dict[str, types.CompletionItemKind] = {}
    for value in binding.values:
        while isinstance(value, ast.Paren):
            value = value.expr
        if isinstance(value, ast.Table):
            for entry in value.entries:
                if isinstance(entry, ast.FieldEntry):
                    kind = K.Method if isinstance(entry.value, ast.Lambda) else K.Field
                    names.setdefault(entry.name.id, kind)
                elif isinstance(entry, ast.ShorthandEntry):
                    for n in entry.names:
                        names.setdefault(n.id, K.Field)
    for ref in binding.references:
        parent = sm.parent(ref)
        if isinstance(parent, ast.Attribute) and parent.obj is ref and not parent.meta:
            grand = sm.parent(parent)
            if isinstance(grand, ast.Assign) and grand.target is parent:
                names.setdefault(parent.name.id, K.Field)
    return [_item(n, k, "field") for n, k in sorted(names.items())]


def _members(
    sm: SemanticModel, offset: int, receiver: str, index: WorkspaceIndex | None, path: str
) -> list[types.CompletionItem]:
    first, *rest = receiver.split(".")
    binding = lookup(sm, first, offset)
    if binding is None:
        return []
    module = binding.module if binding.kind == "import" else sm._module_of(binding)
    if binding.kind == "from-import" and binding.module:
        module = binding.module  # `from pkg import sub` of a module: rarely; resolved below if it is one
    if module is not None:
        dotted = ".".join([module, *rest])
        if is_native(dotted):
            return _native_members(dotted)
        if index is not None:
            target = index.resolve(dotted, path)
            if target is not None:
                return _export_items(target)
        return []
    if rest:
        return []
    if holds_string(sm, binding):
        return string_methods()
    return _table_fields(sm, binding)


def _module_items(index: WorkspaceIndex | None, path: str, prefix: str) -> list[types.CompletionItem]:
    out: dict[str, types.CompletionItem] = {}
    if not prefix:
        for name in sorted(NATIVE_MODULES):
            mod = stdlib.module(name)
            out[name] = _item(name, K.Module, "native module", mod.doc if mod is not None else "")
    if index is not None:
        for root in index.roots_for(path)[:1] + index.roots:
            for file in index.files():
                if not file.path.startswith(root + os.sep):
                    continue
                rel = os.path.relpath(file.path, root)[: -len(".toi")].replace(os.sep, ".")
                rel = rel.removesuffix(".__")
                if rel.startswith("lib."):
                    rel = rel[4:]
                if not rel.startswith(prefix):
                    continue
                part = rel[len(prefix) :].split(".")[0]
                if part and part not in out and part.isidentifier():
                    out[part] = _item(part, K.Module, os.path.relpath(file.path, root))
    return list(out.values())


def complete(
    text: str, offset: int, snapshot: Snapshot | None, index: WorkspaceIndex | None = None, path: str = ""
) -> list[types.CompletionItem]:
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    if _in_comment_or_string(before):
        return []
    typed = _IDENT_TAIL.search(before)
    head = before[: typed.start()] if typed else before
    m = _FROM_IMPORT.search(head)
    if m and index is not None:
        if is_native(m.group(1)):
            return _native_members(m.group(1))
        target = index.resolve(m.group(1), path)
        return _export_items(target) if target is not None else []
    m = _IMPORT.search(head)
    if m:
        return _module_items(index, path, m.group(1) or "")
    sm = snapshot.model if snapshot is not None else None
    # the cursor's place in the version the model is of (the start of the stretch being typed)
    where = snapshot.offset_in(text, offset) if snapshot is not None else 0
    m = _RECEIVER.search(head)
    if m:
        if head[: m.start()].endswith("."):
            return []  # `a..b`: a range, not a member
        if sm is None:
            return []
        return _members(sm, where, m.group(1), index, path)
    if head.endswith((".", ":")) and not head.endswith(".."):
        return []
    items: list[types.CompletionItem] = []
    if sm is not None:
        for binding in visible(sm, where).values():
            items.append(_binding_item(sm, binding, index, path))
    else:
        items.extend(_item(name, K.Function, "native global") for name in sorted(stdlib.CORE))
    items.extend(_item(k, K.Keyword) for k in sorted(KEYWORDS))
    return items

"""Signature help: the parameters of the function being called at the cursor.

Read from the text before the cursor (the open ``(`` and the commas at its depth), so it
works while the call is half typed; the callee is resolved with the semantic model of the
last version that parsed (program functions, natives, functions of imported modules).
"""

from __future__ import annotations

import re

from lsprotocol import types

from toilint.lsp import signatures
from toilint.lsp.scopes import Snapshot, lookup
from toilint.lsp.workspace import WorkspaceIndex, is_native
from toilint.semantic import stdlib

_CALLEE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\Z")
_NAMED = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")
_OPEN = {")": "(", "]": "[", "}": "{"}


def open_call(text: str, offset: int, limit: int = 4000) -> tuple[int, list[int]] | None:
    """The unclosed ``(`` before ``offset`` and the offsets of the commas at its depth."""
    depth: list[str] = []
    commas: list[int] = []
    i = offset - 1
    stop = max(0, offset - limit)
    quote: str | None = None
    while i >= stop:
        ch = text[i]
        if quote is not None:
            if ch == quote and (i == 0 or text[i - 1] != "\\"):
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in _OPEN:
            depth.append(ch)
        elif ch in "([{":
            if depth:
                depth.pop()
            elif ch == "(":
                return i, sorted(commas)
            else:
                return None
        elif ch == "," and not depth:
            commas.append(i)
        elif ch == "\n" and text.startswith("--", text.rfind("\n", 0, i) + 1):
            pass
        i -= 1
    return None


def resolve(
    snapshot: Snapshot, where: int, chain: str, index: WorkspaceIndex | None, path: str
) -> signatures.Callable | None:
    sm = snapshot.model
    first, *rest = chain.split(".")
    binding = lookup(sm, first, where)
    if binding is None:
        return None
    if not rest:
        if binding.kind == "from-import" and binding.module:
            source, _, key = binding.module.rpartition(".")
            if is_native(source):
                member = signatures.native(binding.module)
                return signatures.of_native(member) if isinstance(member, stdlib.NativeFunction) else None
            target = index.resolve(source, path) if index is not None else None
            return signatures.of_export(target, key) if target is not None else None
        return signatures.of_binding(sm, binding)
    module: str | None = binding.module if binding.kind == "import" else sm._module_of(binding)
    if module is None:
        if len(rest) == 1:  # `s.upper(`: a string method is the string module's function
            member = stdlib.member("string", rest[0])
            from toilint.lsp.completion import holds_string

            if isinstance(member, stdlib.NativeFunction) and holds_string(sm, binding):
                call = signatures.of_native(member)
                return signatures.Callable(f"{first}.{rest[0]}", call.params[1:], call.doc, native=True)
        return None
    dotted = ".".join([module, *rest[:-1]])
    if is_native(dotted):
        member = stdlib.member(dotted, rest[-1])
        return signatures.of_native(member) if isinstance(member, stdlib.NativeFunction) else None
    target = index.resolve(dotted, path) if index is not None else None
    return signatures.of_export(target, rest[-1]) if target is not None else None


def signature_help(
    text: str, offset: int, snapshot: Snapshot | None, index: WorkspaceIndex | None, path: str
) -> types.SignatureHelp | None:
    if snapshot is None:
        return None
    found = open_call(text, offset)
    if found is None:
        return None
    paren, commas = found
    m = _CALLEE.search(text, 0, paren)
    if m is None or m.group(1).split(".")[0] in ("fn", "if", "while", "print", "return"):
        return None
    call = resolve(snapshot, snapshot.offset_in(text, paren), m.group(1), index, path)
    if call is None:
        return None
    params = list(call.params)
    if call.method and "." in m.group(1) and params and params[0] == "self":
        params = params[1:]
    active = len(commas)
    arg_start = commas[-1] + 1 if commas else paren + 1
    named = _NAMED.match(text, arg_start, offset)
    if named is not None:
        names = [p.lstrip("*").split(" ")[0].split(":")[0] for p in params]
        if named.group(1) in names:
            active = names.index(named.group(1))
    star = next((i for i, p in enumerate(params) if p.startswith("*")), None)
    if star is not None and active > star:
        active = star
    label = f"{call.name}({', '.join(params)})"
    info = types.SignatureInformation(
        label=label,
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=call.doc) if call.doc else None,
        parameters=[types.ParameterInformation(label=p) for p in params],
        active_parameter=min(active, max(len(params) - 1, 0)),
    )
    return types.SignatureHelp(signatures=[info], active_signature=0, active_parameter=info.active_parameter)

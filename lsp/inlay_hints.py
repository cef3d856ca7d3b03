"""Inlay hints: parameter names before literal arguments (``pad("a", n: 3)``); off by default.

Shown only where the call's target is surely known (a program function, a native, a function
of an imported module) and the argument is a literal, whose meaning the call site does not
say: ``f(true, 3)`` reads better as ``f(strict: true, depth: 3)``.
"""

from __future__ import annotations

from lsprotocol import types

from toilint import ast
from toilint.lsp import signatures
from toilint.lsp.positions import PositionMap
from toilint.lsp.workspace import WorkspaceIndex
from toilint.semantic import SemanticModel

_LITERALS = (ast.Number, ast.String, ast.FString, ast.Bool, ast.Nil, ast.Table)


def inlay_hints(
    sm: SemanticModel, pmap: PositionMap, start: int, end: int, index: WorkspaceIndex | None, path: str
) -> list[types.InlayHint]:
    out: list[types.InlayHint] = []
    for node in sm._nodes:
        if not isinstance(node, ast.Call) or node.end < start or node.start > end or not node.args:
            continue
        positional = [a for a in node.args if a.name is None and not a.spread]
        if not any(isinstance(a.value, _LITERALS) for a in positional):
            continue
        call = signatures.of_callee(sm, node.func, index, path)
        if call is None:
            continue
        params = list(call.params)
        if call.method and isinstance(node.func, ast.Attribute) and params and params[0] == "self":
            params = params[1:]
        for i, arg in enumerate(node.args):
            if arg.name is not None or arg.spread or i >= len(params):
                break
            param = params[i]
            if param.startswith("*"):
                break
            label = param.split(" ")[0].split(":")[0]
            if isinstance(arg.value, _LITERALS) and start <= arg.start <= end:
                out.append(
                    types.InlayHint(
                        position=pmap.position(arg.start),
                        label=f"{label}:",
                        kind=types.InlayHintKind.Parameter,
                        padding_right=True,
                    )
                )
    return out

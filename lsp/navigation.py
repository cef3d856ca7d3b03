"""Go to definition and find references, answered by the semantic model.

The model resolves names exactly as Toi's compiler does (a local declared in an ``if`` body
is a different variable from a global of the same name), so "references" lists the uses of
one variable, not every occurrence of a spelling.
"""

from __future__ import annotations

from lsprotocol import types

from toilint import ast
from toilint.lsp.analysis import Analysis
from toilint.semantic import Binding, SemanticModel, build


def model(analysis: Analysis) -> SemanticModel | None:
    """The analysis's semantic model, built on first use (navigation is rarer than linting)."""
    result = analysis.result
    if result is None or result.parse.module is None:
        return None
    if analysis.semantic is None:
        analysis.semantic = build(result.parse.module, result.text)
    semantic: SemanticModel = analysis.semantic
    return semantic


def name_at(module: ast.Module, offset: int) -> ast.Name | None:
    """The innermost Name under the cursor (a cursor just after the name counts too)."""
    best: ast.Name | None = None
    stack: list[ast.Node] = [module]
    while stack:
        node = stack.pop()
        if not (node.start <= offset <= node.end):
            continue
        if isinstance(node, ast.Name):
            if best is None or node.end - node.start < best.end - best.start or best.end == offset:
                best = node
            continue
        stack.extend(node.children())
    return best


def _binding_at(analysis: Analysis, offset: int) -> Binding | None:
    sm = model(analysis)
    if sm is None:
        return None
    name = name_at(sm.module, offset)
    if name is None:
        return None
    binding = sm.binding_of(name)
    if binding is None or binding.kind == "builtin":
        return None
    return binding


def _location(analysis: Analysis, uri: str, node: ast.Node) -> types.Location:
    return types.Location(uri=uri, range=analysis.pmap.range(node.start, node.end))


def definition(analysis: Analysis, uri: str, offset: int) -> list[types.Location] | None:
    binding = _binding_at(analysis, offset)
    if binding is None:
        return None
    return [_location(analysis, uri, binding.node)]


def references(analysis: Analysis, uri: str, offset: int, include_declaration: bool) -> list[types.Location] | None:
    binding = _binding_at(analysis, offset)
    if binding is None:
        return None
    nodes: dict[tuple[int, int], ast.Node] = {}
    if include_declaration:
        nodes[(binding.node.start, binding.node.end)] = binding.node
        for target in binding.assignments:
            nodes.setdefault((target.start, target.end), target)
    for ref in binding.references:
        nodes.setdefault((ref.start, ref.end), ref)
    return [_location(analysis, uri, n) for _, n in sorted(nodes.items(), key=lambda kv: kv[0])]
